"""The typed data that flows between the mining stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One cleaned line of a source, with its 1-based line number in the original file."""

    no: int
    text: str


@dataclass(frozen=True)
class Dropped:
    """Something a stage removed, and why: mining never drops input silently."""

    line: int
    text: str
    reason: str


@dataclass
class Sentence:
    """A sentence of a unit; `slot` and `why` are filled in by classify."""

    text: str
    slot: str | None = None
    score: float = 0.0
    why: list[str] = field(default_factory=list)


@dataclass
class Unit:
    """A segment of a speech: heading, paragraph, salutation…, with where it sits."""

    kind: str  # title | speaker | date | salutation | opening | heading1 | heading2 | paragraph | closing
    text: str
    line: int
    section: str | None = None  # what the enclosing level-1 (or level-2) heading is about
    title: str | None = None  # the point's own heading ("第一，……" / "1、……") when it carries one
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Speech:
    """A segmented speech."""

    units: list[Unit]
    title: str | None = None
    speaker: str | None = None
    date: str | None = None
    dropped: list[Dropped] = field(default_factory=list)
