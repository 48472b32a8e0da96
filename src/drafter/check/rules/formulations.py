"""Canonical lists (五个好, 五带头, 总体要求, 活动方式, 阶段): incomplete or deviating enumerations.

Each list is data (rules.yaml `formulations:`). A paragraph that names enough of a list's items is
taken to enumerate it; its enumeration is the run of punctuation-separated segments that look like
items (`item_pattern`) around the hits. Items not in the canonical list are deviations; canonical
items absent from the paragraph are omissions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from drafter.check.finding import Hit, quote

if TYPE_CHECKING:
    from drafter.check.context import Context

_SPLIT = re.compile(r"[、，,；;。：:！!？?\s“”\"‘’（）()]+")


def _segments(text: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for m in _SPLIT.finditer(text + "。"):
        if m.start() > pos:
            out.append((text[pos : m.start()], pos, m.start()))
        pos = m.end()
    return out


def _enumeration(text: str, items: set[str], pattern: str) -> list[tuple[str, int, int]]:
    """Segments that look like items, in runs that contain at least one canonical item.

    A run may begin inside a segment (活动采取「公开承诺」) and end inside one (「群众评议」等方式).
    """
    # One pattern, anchored by the method (fullmatch / match / fullmatch from each start): the item
    # patterns hold hanzi classes, ~1.5 ms each to compile (measured), and this ran three of each.
    item = re.compile(f"(?:{pattern})")
    runs: list[list[tuple[str, int, int]]] = [[]]
    for seg, a, b in _segments(text):
        if item.fullmatch(seg):
            runs[-1].append((seg, a, b))
            continue
        m = item.match(seg)
        if runs[-1] and m:
            runs[-1].append((m.group(), a, a + m.end()))
        runs.append([])
        start = next((i for i in range(1, len(seg)) if item.fullmatch(seg, i)), None)  # the leftmost item ending the segment
        if start is not None:
            runs[-1].append((seg[start:], a + start, b))
    return [s for run in runs if any(x[0] in items for x in run) for s in run]


def check_list(ctx: "Context", spec: dict[str, Any]) -> Iterator[Hit]:
    """Deviations and omissions for one canonical list."""
    items: list[str] = list(spec["items"])
    alts: dict[str, list[str]] = spec.get("alternatives", {})
    accepted = set(items) | {a for v in alts.values() for a in v} | set(spec.get("extra_ok", []))
    need = spec.get("min_hits", 2)
    for p in ctx.body:
        if spec.get("trigger") and not re.search(spec["trigger"], p.text):
            continue
        if not any(it in p.text for it in accepted):
            continue  # no item at all: nothing to judge (and the enumeration scan is the costly part)
        enum = _enumeration(p.text, accepted, spec["item_pattern"])
        # A list is enumerated in one run (五个好); stages are spread over the paragraph's sentences.
        where = p.text if spec.get("window") == "paragraph" else "、".join(s[0] for s in enum)
        hits = [it for it in accepted if it in where]
        keyword = spec.get("keyword")
        if len(hits) < (1 if keyword and re.search(keyword, p.text) and len(enum) >= 3 else need):
            continue
        extra = [s for s in enum if s[0] not in accepted] if spec.get("check_extra", True) else []
        missing = [it for it in items if it not in p.text and not any(a in p.text for a in alts.get(it, []))]
        canon = "、".join(items)
        paired = len(extra) == len(missing)  # 促进校园和谐 in the place of 促进社会和谐
        for k, (seg, a, b) in enumerate(extra):
            guess = f"，应为“{missing[k]}”" if paired else ""
            yield Hit(p, quote(p.text, a, b), f"{spec['name']}中的“{seg}”不是规范表述{guess}", f"规范表述：{canon}。")
        if missing and not paired:
            yield Hit(p, quote(p.text, *_span(p.text, hits)), f"{spec['name']}不完整，缺少“{'、'.join(missing)}”", f"规范表述：{canon}。")


def _span(text: str, hits: list[str]) -> tuple[int, int]:
    starts = [text.find(h) for h in hits]
    return min(starts), max(s + len(h) for s, h in zip(starts, hits))


def _rule(key: str) -> Any:
    def run(ctx: "Context") -> Iterator[Hit]:
        spec = ctx.config["formulations"].get(key)
        return check_list(ctx, spec) if spec else iter(())

    run.__name__ = key
    run.__doc__ = f"Canonical list `{key}` from rules.yaml."
    return run


five_good = _rule("five_good")
five_lead = _rule("five_lead")
requirements = _rule("requirements")
methods = _rule("methods")
stages = _rule("stages")

BUILT_IN = ("five_good", "five_lead", "requirements", "methods", "stages")


def custom(ctx: "Context") -> Iterator[Hit]:
    """Lists a unit added in its own rules file (formulations: 六个好: {…}); each reports under its `rule`."""
    for key, spec in ctx.config["formulations"].items():
        if key in BUILT_IN or not spec:
            continue
        rid = spec.get("rule") or "formula.custom"
        for hit in check_list(ctx, spec):
            yield hit._replace(rule=rid)
