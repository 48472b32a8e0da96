"""Plain-text and Markdown previews of a draft."""

from __future__ import annotations

from drafter.document.model import LINE_BREAK, Document


def to_text(doc: Document) -> str:
    """The draft as plain text: centred lines as they are, body paragraphs indented two full-width spaces."""
    out = []
    for b in doc.paragraphs:
        if b.kind in ("title", "speaker", "date", "salutation"):
            out.append(b.text.replace(LINE_BREAK, "\n"))
            if b.kind == "date":
                out.append("")
        else:
            out.append("\u3000\u3000" + b.text)
    return "\n".join(out) + "\n"


def to_markdown(doc: Document) -> str:
    """The draft as Markdown: title as #, level-1 headings as ##, level-2 as ###."""
    out = []
    for b in doc.paragraphs:
        if b.kind == "title":
            out.append(f"# {b.text.replace(LINE_BREAK, '')}")
        elif b.kind in ("speaker", "date"):
            out.append(f"*{b.text}*")
        elif b.kind == "h1":
            out.append(f"## {b.text}")
        elif b.kind == "h2":
            out.append(f"### {b.text}")
        else:
            out.append(b.text)
        out.append("")
    return "\n".join(out)
