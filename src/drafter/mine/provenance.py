"""Does an entry's source line really say what the entry says? Used to check phrasebank entries
against the corpus: the source line, cleaned, de-identified and normalised the way `mine` does it,
must contain the entry's text, or (for a smoothed entry) most of its characters."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from drafter.mine.clean import clean_text
from drafter.mine.deidentify import deidentify_sentence
from drafter.mine.normalise import normalise_text
from drafter.mine.read import read_source
from drafter.mine.segment import split_sentences

# A smoothed entry must share at least this share of its characters (template parameters, template
# tags such as {% if … %} and punctuation left out, counted with multiplicity) with its source line,
# or with the lines it cites taken together. The wording inside an {% if %} block is still counted.
SUPPORT_THRESHOLD = 0.8
# Every cited line must share with the entry at least one run of this many consecutive characters
# of one clause (or a whole clause of four characters or more; see shares_run): a line that merely
# has the same common characters scattered about is not where the entry came from.
RUN_LENGTH = 5

_SOURCE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+)$")
_PARAM = re.compile(r"\{\{[^}]*\}\}|\{%[^%]*%\}")  # template parameters and tags
_NOT_COUNTED = re.compile(r"[\s，。、；：！？“”‘’（）《》…—,.;:!?()\"'-]")


def parse_source(source: str) -> tuple[str, int] | None:
    """('000_x.txt', 12) for 'file:line'; None for 'authored' or anything else."""
    match = _SOURCE.match(source.strip())
    return (match.group("file"), int(match.group("line"))) if match else None


def source_line(path: Path, line: int) -> str:
    """The cleaned line `line` of a source (a line joined to the one before it counts as that one)."""
    cleaned = clean_text(read_source(path)).lines
    candidates = [ln for ln in cleaned if ln.no <= line]
    return candidates[-1].text if candidates else ""


def processed(text: str) -> str:
    """A source line as mining would leave it: de-identified and normalised (dropped sentences kept,
    with whatever parameters they got, so that a smoothed entry can still be traced)."""
    out = []
    for sentence in split_sentences(text):
        clean = deidentify_sentence(sentence)
        out.append(normalise_text(clean.text, text).text)
    return "".join(out)


def _bare(text: str) -> str:
    return _NOT_COUNTED.sub("", _PARAM.sub("", text))


def _chars(text: str) -> Counter[str]:
    return Counter(_bare(text))


def support(entry_text: str, line_text: str) -> float:
    """1.0 when `line_text` contains `entry_text`; else the share of the entry's characters the line has."""
    if entry_text in line_text:
        return 1.0
    want = _chars(entry_text)
    if not want:
        return 1.0
    have = _chars(line_text)
    return sum(min(n, have[c]) for c, n in want.items()) / sum(want.values())


def shares_run(entry_text: str, line_text: str, length: int = RUN_LENGTH) -> bool:
    """Whether the line has a run of `length` consecutive characters of one of the entry's clauses,
    or the whole of a shorter clause of at least four characters (runs do not cross punctuation or
    a parameter; an entry with no clause that long must have its longest clause in the line)."""
    clauses = [c for c in _NOT_COUNTED.split(_PARAM.sub("，", entry_text)) if c]
    line = _NOT_COUNTED.sub("", _PARAM.sub("", line_text))
    if not clauses:
        return True
    floor = min(4, max(len(c) for c in clauses))
    return any(c[i:i + min(length, len(c))] in line
               for c in clauses if len(c) >= floor
               for i in range(len(c) - min(length, len(c)) + 1))


def support_from(entry_text: str, line_texts: list[str]) -> float:
    """Support of an entry that combines several cited lines: the lines are taken together, so each
    character of the entry must be found in one of them (counted with multiplicity)."""
    return support(entry_text, "\n".join(line_texts))
