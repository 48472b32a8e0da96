"""The one document model: what renderers write and readers read, and what `check` runs on.

A draft composed by drafter and a speech read from a .docx, .txt or .md file are the same kind of
object: an ordered list of paragraphs, each with its text and, as far as known, its kind (title,
heading, body…), its Word style, its line in a text file and its effective format."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

LINE_BREAK = "\u2028"  # a line break inside one paragraph (used in long titles)
# What a paragraph of a speech is; the .docx writer gives each kind its named style.
KINDS = ("title", "speaker", "date", "salutation", "h1", "h2", "p")
# Kinds that are spoken (the title, speaker and date lines are not).
SPOKEN = frozenset({"salutation", "h1", "h2", "p"})


# The records are NamedTuples, not frozen dataclasses: creating a frozen dataclass execs six generated
# methods (~1 ms per class, measured on Python 3.11), a NamedTuple class costs ~0.2 ms, and every
# command imports some 30 record classes before it does any work.
class ParaFormat(NamedTuple):
    """Effective format of one .docx paragraph (None = not set anywhere, Word's built-in default)."""

    east_asia: str | None = None  # font name, or "主题字体（…）" when a theme reference wins
    size: float | None = None  # points
    bold: bool = False
    align: str | None = None  # w:jc value: left, center, right, both, …
    line: int | None = None  # w:spacing/@w:line (twips when exact/atLeast, 240ths when auto)
    line_rule: str | None = None  # exact, atLeast, auto
    first_line_chars: int | None = None  # hundredths of a character
    first_line: int | None = None  # twips (negative = hanging)
    # Properties set on the paragraph or its main run themselves (font, size, bold, align, line,
    # indent), not through a style: `check` tells "清除直接格式" from "修改样式" by them.
    direct: frozenset[str] = frozenset()


class PageFormat(NamedTuple):
    """Page setup and footers of a .docx (first section; `sections` counts them all)."""

    width: int | None = None  # twips
    height: int | None = None
    top: int | None = None
    bottom: int | None = None
    left: int | None = None
    right: int | None = None
    grid_type: str | None = None
    line_pitch: int | None = None
    sections: int = 1
    even_odd: bool = False
    page_field: bool = False  # a PAGE field in some footer
    footer_text: str = ""


class Paragraph(NamedTuple):
    """One non-empty paragraph.

    `index` is 1-based among the document's paragraphs; `kind` is one of KINDS where known (drafter's
    own drafts, and .docx files on drafter's styles), else ""; `line` is the line in a text file."""

    text: str
    kind: str = ""
    index: int = 0  # type: ignore[assignment]  # shadows tuple.index(), which nothing calls on a paragraph
    style: str = ""
    line: int | None = None
    fmt: ParaFormat | None = None


class Document:
    """A speech: its paragraphs, where it came from (docx/txt/md or drafter's own composition) and,
    for a .docx, its page setup."""

    __slots__ = ("paragraphs", "kind", "path", "page", "meta")

    def __init__(self, paragraphs: list[Paragraph] | None = None, kind: str = "draft", path: Path | None = None,
                 page: PageFormat | None = None, meta: dict[str, Any] | None = None) -> None:
        self.paragraphs: list[Paragraph] = paragraphs if paragraphs is not None else []
        self.kind = kind
        self.path = path
        self.page = page
        self.meta: dict[str, Any] = meta if meta is not None else {}

    def __repr__(self) -> str:
        return f"Document(kind={self.kind!r}, path={self.path!r}, {len(self.paragraphs)} paragraphs)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.paragraphs, self.kind, self.path, self.page, self.meta) == (other.paragraphs, other.kind, other.path, other.page, other.meta)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    @property
    def title(self) -> str:
        """The title as one line (without the line break of a two-line title)."""
        return next((p.text.replace(LINE_BREAK, "") for p in self.paragraphs if p.kind == "title"), "")

    def body_text(self) -> str:
        """All text, one paragraph per line."""
        return "\n".join(p.text for p in self.paragraphs)

    def spoken_text(self) -> str:
        """The text that is spoken: the salutation, headings and body (not the title, speaker, date)."""
        return "".join(p.text for p in self.paragraphs if p.kind in SPOKEN)
