"""The speech template's markup → the document model: a title, speaker and date lines, a salutation,
numbered level-1 and level-2 headings, and body paragraphs."""

from __future__ import annotations

import re
from drafter.document.model import KINDS, Document, Paragraph
from drafter.numerals import to_chinese
from drafter.errors import InputError

_LINE = re.compile(r"^@(\w+)(?: (.*))?$")
# Numbering the user (or a phrase) may already have typed; drafter numbers headings itself.
_OWN_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]、?|\d+[、.．]|第[一二三四五六七八九十]+[，,、])\s*")


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
        doc.paragraphs.append(Paragraph(text, kind, index=len(doc.paragraphs) + 1))
    return doc


def _strip_number(text: str) -> str:
    return _OWN_NUMBER.sub("", text, count=1).rstrip("。.，,；;：:")
