"""Stage 5, normalise: correct known typos and deviating formulations against the canonical forms
in templates/mine/canon.yaml, recording every change."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from drafter.mine.rules import canon


@dataclass
class Normalised:
    """Text after normalisation and the changes made ('创优争先 → 创先争优')."""

    text: str
    changes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Fix:
    wrong: str
    right: str
    context: tuple[str, ...]
    kind: str  # 错别字 | 规范表述


@lru_cache(maxsize=1)
def _fixes() -> tuple[_Fix, ...]:
    data = canon()
    fixes = [_Fix(w, r, (), "错别字") for w, r in data.get("typos", {}).items()]
    fixes += [_Fix(d["wrong"], d["right"], tuple(d.get("context", [])), "规范表述")
              for d in data.get("deviations", [])]
    return tuple(sorted(fixes, key=lambda f: -len(f.wrong)))


@lru_cache(maxsize=1)
def _any_wrong() -> re.Pattern[str]:
    """Any fix's wrong form: one search instead of one per fix (fixes only replace a wrong form, so
    a text holding none stays as it is)."""
    return re.compile("|".join(re.escape(f.wrong) for f in _fixes()) or "(?!)")


def normalise_text(text: str, context: str | None = None) -> Normalised:
    """Apply every known correction to `text`; a deviation with a context applies only when one of
    its context words occurs in `context` (the whole paragraph), or in `text` itself."""
    new_text, changes = normalised(text, context)
    return Normalised(new_text, list(changes))


def normalised(text: str, context: str | None = None) -> tuple[str, tuple[str, ...]]:
    """`normalise_text` as (text, changes): for callers that only read it (mining asks for every
    sentence it keeps)."""
    if not _any_wrong().search(text):
        return text, ()  # nothing to correct (almost every sentence): no fix can apply
    scope = (context or "") + text
    changes: list[str] = []
    for fix in _fixes():
        if fix.wrong not in text:
            continue
        if fix.context and not any(c in scope for c in fix.context):
            continue
        text = text.replace(fix.wrong, fix.right)
        changes.append(f"{fix.kind}：{fix.wrong} → {fix.right}")
    return text, tuple(changes)


def canonical_list(name: str) -> list[str]:
    """The items of a canonical list (five_good, five_lead, overall, methods, stages…)."""
    return list(canon()["lists"][name]["items"])


def list_coverage(text: str, name: str) -> tuple[list[str], list[str]]:
    """(items of the canonical list present in `text`, items missing)."""
    items = canonical_list(name)
    flat = re.sub("[，、,]", "", text)
    present = [i for i in items if re.sub("[，、,]", "", i) in flat]
    return present, [i for i in items if i not in present]
