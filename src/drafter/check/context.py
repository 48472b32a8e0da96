"""What every rule sees: the document, the merged settings and the speech's own facts."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping, NamedTuple

from drafter.document.model import Document, Paragraph

# params.yaml keys that hold the user's own names (never reported as foreign).
NAME_KEYS = ("unit", "speaker", "speaker_title", "superior", "meeting", "secretary", "title")


# Records as NamedTuples / plain classes: a dataclass costs ~1 ms at import (Python 3.11), and a first
# render imports this module for its review.
class SpeechFacts(NamedTuple):
    """Facts about the speech that come from its params (or the text): own names, date, target length."""

    names: tuple[str, ...] = ()
    date: dt.date | None = None
    minutes: float | None = None
    rate: int | None = None
    # Paragraphs drafter composed from its own phrasebank (state.drafted_texts), whitespace removed.
    drafted: frozenset[str] = frozenset()

    def is_drafted(self, text: str) -> bool:
        """Whether a paragraph is drafter's own composed text, unchanged."""
        return bool(self.drafted) and "".join(text.split()) in self.drafted


def read_params(path: Path) -> Any:
    """params.yaml beside a checked file, read by the one params reader (drafter.params): a fault in
    it is reported at its line, as `render` would report it."""
    from drafter.params import params_from_located
    from drafter.yamlio import load_yaml

    return params_from_located(load_yaml(path, "参数文件", cached=True))  # parsed once per content


def speech_facts(params: Mapping[str, Any] | Any | None, minutes: float | None = None,
                 drafted: frozenset[str] = frozenset()) -> SpeechFacts:
    """Own names, date, minutes and rate from a params mapping or a params object; `minutes` wins.
    `drafted`: the texts drafter composed in this folder (state.drafted_texts)."""
    drafted = frozenset("".join(t.split()) for t in drafted)
    if params is None:
        return SpeechFacts(minutes=minutes, drafted=drafted)

    def get(key: str) -> Any:
        return params.get(key) if isinstance(params, Mapping) else getattr(params, key, None)

    names = tuple(str(get(k)).strip() for k in NAME_KEYS if get(k))
    return SpeechFacts(
        names=names,
        date=_as_date(get("date")),
        minutes=minutes if minutes is not None else _as_float(get("minutes")),
        rate=int(get("rate")) if _as_float(get("rate")) else None,
        drafted=drafted,
    )


def _as_float(v: Any) -> float | None:
    try:
        return float(v) if v is not None and v != "" else None
    except (TypeError, ValueError):
        return None


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        m = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", v.strip())
        if m:
            try:
                return dt.date(*map(int, m.groups()))
            except ValueError:
                return None
    return None


_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A date line in Chinese numerals (二〇一一年四月十二日), as some units write the date under the title.
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


def cn_date(text: str) -> dt.date | None:
    """二〇一一年四月十二日 → 2011-04-12 (None when there is no such date or it does not exist)."""
    from drafter.numerals import from_chinese

    m = _CN_DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int("".join(_CN_DIGIT[c] for c in m.group(1))), from_chinese(m.group(2)), from_chinese(m.group(3)))
    except ValueError:
        return None


class Context:
    """The document plus settings; `body` skips paragraphs that are web leftovers."""

    def __init__(self, doc: Document, config: dict[str, Any], facts: SpeechFacts | None = None) -> None:
        self.doc = doc
        self.config = config
        self.facts = facts if facts is not None else SpeechFacts()

    @cached_property
    def junk(self) -> set[int]:
        """Indexes of paragraphs that are text copied from a web page, not speech."""
        pats = [re.compile(p) for p in self.config["leftovers"]["web"]]
        url = re.compile(self.config["leftovers"]["url"])
        out = set()
        for p in self.doc.paragraphs:
            if any(x.search(p.text) for x in pats) or (url.search(p.text) and len(url.sub("", p.text).strip()) < 20):
                out.add(p.index)  # web-page furniture: source lines, link lists, site names
        return out

    @cached_property
    def body(self) -> list[Paragraph]:
        """The speech's paragraphs (web leftovers left out): made once per check, read by ~60 rule
        calls (rules read it, never change it)."""
        return [p for p in self.doc.paragraphs if p.index not in self.junk]

    @cached_property
    def text(self) -> str:
        """The body's paragraphs as one text, one per line: for a rule to ask cheaply whether any of
        its words occurs at all before it compiles a pattern of them."""
        return "\n".join(p.text for p in self.body)

    @cached_property
    def date(self) -> dt.date | None:
        """The speech's date: from params, else a date line near the top (（2010年7月5日）)."""
        if self.facts.date:
            return self.facts.date
        for p in self.body[:12]:
            if len(p.text) > 20:
                continue
            m = _DATE.search(p.text)
            if m:
                try:
                    return dt.date(*map(int, m.groups()))
                except ValueError:
                    continue
            elif cn_date(p.text):
                return cn_date(p.text)
        return None

    def severity(self, rule: str) -> str:
        return self.config["rules"].get(rule, {}).get("severity", "warning")

    def enabled(self, rule: str) -> bool:
        return self.config["rules"].get(rule, {}).get("enabled", True)
