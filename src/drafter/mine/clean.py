"""Stage 1, clean: drop the web page around a speech and normalise its script and punctuation.

Keeps the speech's lines with their original line numbers; everything removed is reported as
`Dropped` with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from drafter.mine.model import Dropped, Line
from drafter.mine.rules import vocabulary

CJK = r"\u4e00-\u9fff"
_CJK_CHAR = re.compile(f"[{CJK}]")
# Where a line may end without being cut: sentence ends, closing quotes and brackets.
TERMINAL = "。！？；：”’）》…!?;:"
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、是要]|第[一二三四五六七八九十]+[，,、]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
_SALUTATION = re.compile(r"^\s*同志们[:：,，]")
_PUNCT = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_HALF_CHAR = re.compile("[,:;!?]")  # the keys of _PUNCT
_HALF_PUNCT = re.compile(rf"(?<=[{CJK}“”\"）)])\s*([,:;!?])|([,:;!?])\s*(?=[{CJK}“”\"（(])")
_PAREN = re.compile(rf"\(([^()]{{0,40}}[{CJK}][^()]{{0,40}})\)")
_PERIOD = re.compile(rf"(?<=[{CJK}])\.(?=[{CJK}]|$)")
_SPACE_IN_CJK = re.compile(rf"(?<=[{CJK}\d*“”（）《》，。、；：])[ \u3000]+(?=[{CJK}\d*“”（）《》，。、；：])")
_SPACED_NAME = re.compile(rf"^[{CJK}](?: [{CJK}]){{1,3}}$")
_WRAP_MIN = 60  # a line this long that stops mid-sentence was wrapped, not ended


@dataclass
class Cleaned:
    """The cleaned lines of one source and what cleaning removed."""

    lines: list[Line]
    dropped: list[Dropped] = field(default_factory=list)


@dataclass(frozen=True)
class _Patterns:
    junk: re.Pattern[str]
    spam: re.Pattern[str]
    spam_trigger: re.Pattern[str]  # the triggers that may occur anywhere
    spam_start: re.Pattern[str]  # those anchored at the start (^图)
    url: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    vocab = vocabulary()
    junk = re.compile("^\\s*(?:" + "|".join(f"(?:{p})" for p in vocab["junk_lines"]) + ")", re.IGNORECASE)
    spam = re.compile("|".join(f"(?:{p})" for p in vocab["spam_fragments"]))
    # Two patterns, the anchored triggers apart: an alternative starting with ^ keeps the regex engine
    # from skipping ahead to the characters the others start with (2.3 → 0.75 µs a line).
    anywhere = [p for p in vocab["spam_triggers"] if not p.startswith("^")]
    start = [p for p in vocab["spam_triggers"] if p.startswith("^")]
    return _Patterns(junk=junk, spam=spam, spam_trigger=re.compile("|".join(anywhere) or "(?!)"),
                     spam_start=re.compile("|".join(start) or "(?!)"), url=re.compile(vocab["url"]))


def clean_text(text: str) -> Cleaned:
    """Clean a page's text: drop chrome, spam and related-article lists; simplify; fix punctuation."""
    pats = _patterns()
    kept: list[Line] = []
    dropped: list[Dropped] = []
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if pats.junk.match(line):
            dropped.append(Dropped(no, line, "网页外壳"))
            continue
        line = _strip_fragments(line, pats, no, dropped)
        if not line:
            continue
        kept.append(Line(no, normalise_line(line)))
    kept = _drop_tail(_drop_repeats(kept, dropped), dropped)
    return Cleaned(lines=join_wrapped(kept), dropped=dropped)


def _strip_fragments(line: str, pats: _Patterns, no: int, dropped: list[Dropped]) -> str:
    checks = [(pats.url, "网址")] if ("http" in line or "www" in line) else []
    if pats.spam_trigger.search(line) or pats.spam_start.search(line):  # the fragment pattern is slow on long lines
        checks.append((pats.spam, "广告"))
    for pat, reason in checks:
        found = [m.group(0) for m in pat.finditer(line)]
        if found:
            dropped.append(Dropped(no, "、".join(found), reason))
            line = pat.sub("", line).strip(" ,，|")
    if line and not _CJK_CHAR.search(line):
        dropped.append(Dropped(no, line, "不含中文"))
        return ""
    return line


@lru_cache(maxsize=1 << 14)
def normalise_line(line: str) -> str:
    """Traditional -> simplified, half-width punctuation between Chinese -> full-width, stray spaces out.
    Remembered per line: a pure function of the line, and lines recur (page chrome, reposts)."""
    line = _quotes(to_simplified(line))
    # Each pattern only where its character occurs (most lines are plain Chinese prose).
    if _HALF_CHAR.search(line):  # a scan in C, where a set of the line's characters hashed each
        line = _HALF_PUNCT.sub(lambda m: _PUNCT[m.group(1) or m.group(2)], line)
    if "(" in line:
        line = _PAREN.sub(r"（\1）", line)
    if "." in line:
        line = _PERIOD.sub("。", line)
    if " " not in line and "\u3000" not in line:
        return line  # what the two space rules below would leave as it is
    if _SPACED_NAME.match(line):
        return line.replace(" ", "")
    return _SPACE_IN_CJK.sub("", line) if not _looks_like_title(line) else line


def _looks_like_title(line: str) -> bool:
    """'统一认识 强化责任 细化措施': spaces separate phrases of a title, keep them."""
    parts = line.split()
    return len(parts) >= 2 and all(len(p) >= 3 for p in parts) and not any(c in line for c in "，。,")


def _quotes(line: str) -> str:
    """Straight double quotes around Chinese text become “ ” in pairs."""
    if '"' not in line or not _CJK_CHAR.search(line):
        return line
    out, opening = [], True
    for ch in line:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _traditional() -> tuple[frozenset[str] | None, re.Pattern[str] | None, object]:
    """The characters OpenCC would change (None: unknown, convert every line), a character class
    that finds any of them up to U+FFFF and any character beyond, and the converter.

    Python's `re` scans a line with such a class in C (0.8 µs for 100 characters, where testing
    the line against the set took 8.5 µs, and a class listing the ~350 characters beyond U+FFFF one
    by one 90 µs); only a line where it finds something is tested against the set."""
    import opencc

    converter = opencc.OpenCC("t2s")
    converter.convert("開")  # loads the dictionaries
    tables = _dicts(getattr(converter, "_dict_chain_data", [])) or _dicts(getattr(converter, "_dict_chain", []))
    chars = {k for d in tables for k in d if len(k) == 1}
    chars = {c for c in chars if converter.convert(c) != c}
    if not chars:  # a future OpenCC without the internal table: convert every line
        return None, None, converter
    bmp = "".join(re.escape(c) for c in sorted(chars) if c <= "\uffff")
    return frozenset(chars), re.compile(f"[{bmp}\U00010000-\U0010ffff]"), converter


def _dicts(node: object) -> list[dict[str, str]]:
    """The conversion tables inside OpenCC's nested dictionary chain."""
    if isinstance(node, dict):
        return [node]
    if isinstance(node, (list, tuple)):
        return [d for item in node for d in _dicts(item)]
    return []


def to_simplified(line: str) -> str:
    """Convert traditional characters to simplified; lines without any are left untouched (fast path)."""
    chars, suspect, converter = _traditional()
    if chars is not None and suspect is not None and (not suspect.search(line) or chars.isdisjoint(line)):
        return line
    if chars is None and not line.replace("\n", ""):  # what the old catch-all pattern "." skipped
        return line
    return converter.convert(line)  # type: ignore[attr-defined]


def _drop_repeats(lines: list[Line], dropped: list[Dropped]) -> list[Line]:
    """A page repeats its title (breadcrumb, header, footer): keep only its first occurrence."""
    seen: set[str] = set()
    out = []
    for line in lines:
        key = line.text.strip("，,。 ")
        if key in seen and len(key) < 60:
            dropped.append(Dropped(line.no, line.text, "重复的标题"))
            continue
        seen.add(key)
        out.append(Line(line.no, key if key != line.text.strip() and line.text[:1] in "，," else line.text))
    return out


def _drop_tail(lines: list[Line], dropped: list[Dropped]) -> list[Line]:
    """After the closing (同志们，…), short lines without sentence punctuation are related-article lists."""
    closing = max((i for i, ln in enumerate(lines) if _SALUTATION.match(ln.text) and i > 0
                   and len(ln.text) > 20), default=None)
    if closing is None:
        return lines
    out = lines[: closing + 1]
    for line in lines[closing + 1:]:
        if _is_link_title(line.text):
            dropped.append(Dropped(line.no, line.text, "相关文章列表"))
        else:
            out.append(line)
    return out


def _is_link_title(text: str) -> bool:
    return len(text) <= 40 and not any(c in text for c in "。！？；") and not _HEADING_START.match(text)


def join_wrapped(lines: list[Line]) -> list[Line]:
    """Join lines a PDF or a web page broke mid-sentence: a long line that does not end a sentence,
    followed by a line that does not start a heading."""
    out: list[Line] = []
    for line in lines:
        if out and _is_wrapped(out[-1].text, line.text):
            out[-1] = Line(out[-1].no, out[-1].text + line.text)
        else:
            out.append(line)
    return out


def _is_wrapped(previous: str, current: str) -> bool:
    if previous[-1] in TERMINAL or _HEADING_START.match(current) or _SALUTATION.match(current):
        return False
    # A long line, or a sentence-like one (it has a comma and is not a heading), stopped mid-sentence.
    return len(previous) >= _WRAP_MIN or ("，" in previous and not _HEADING_START.match(previous))
