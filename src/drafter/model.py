"""The document model every renderer consumes: a title, speaker and date lines, a salutation,
numbered level-1 and level-2 headings, and body paragraphs. Built from the template's markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.numerals import to_chinese
from drafter.errors import InputError

LINE_BREAK = "\u2028"  # a line break inside one paragraph (used in long titles)
KINDS = ("title", "speaker", "date", "salutation", "h1", "h2", "p")
_LINE = re.compile(r"^@(\w+)(?: (.*))?$")
# Numbering the user (or a phrase) may already have typed; drafter numbers headings itself.
_OWN_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]、?|\d+[、.．]|第[一二三四五六七八九十]+[，,、])\s*")


@dataclass(frozen=True)
class Block:
    """One paragraph of the document and what it is."""

    kind: str
    text: str


@dataclass
class Document:
    """A speech draft as an ordered list of blocks."""

    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The title as one line (without the line break of a two-line title)."""
        return next((b.text.replace(LINE_BREAK, "") for b in self.blocks if b.kind == "title"), "")

    def body_text(self) -> str:
        """All text, one paragraph per line."""
        return "\n".join(b.text for b in self.blocks)


def parse_markup(markup: str) -> Document:
    """Markup lines ('@kind text') → Document, numbering h1 as 一、二、 and h2 as （一）（二） under each h1."""
    doc = Document()
    h1 = h2 = 0
    # split("\n"), not splitlines(): a title's LINE_BREAK must not end the markup line.
    for n, raw in enumerate(markup.split("\n"), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m or m.group(1) not in KINDS:
            raise InputError(f"讲话模板输出的第 {n} 行无法识别：“{line[:40]}”", hint=f"每行应以 @{' / @'.join(KINDS)} 开头。")
        kind, text = m.group(1), (m.group(2) or "").strip()
        if not text:
            continue
        if kind == "h1":
            h1, h2 = h1 + 1, 0
            text = f"{to_chinese(h1)}、{_strip_number(text)}"
        elif kind == "h2":
            h2 += 1
            text = f"（{to_chinese(h2)}）{_strip_number(text)}"
        doc.blocks.append(Block(kind, text))
    return doc


def _strip_number(text: str) -> str:
    return _OWN_NUMBER.sub("", text, count=1).rstrip("。.，,；;：:")
