"""The fast .docx writer: drafter's styled package ships as package data (render/skeleton/*.docx,
one per page-number placement, like python-docx's own default.docx), and a draft only adds its
body and core properties to it.

Why: building the styles with python-docx costs ~0.4 s on a first run and importing python-docx
~70 ms a command. With the skeleton shipped, a draft is a string join and a zip append with the
standard library's `zipfile` (~0.3 ms), and `drafter render` never imports python-docx.

The skeletons are made by `python -m drafter.build` from a sentinel document (one paragraph of each
kind, marker text in every core property) rendered by `docx.build_docx_full`, so the styling code
stays the single source of truth; tests check that the shipped files are fresh and that both writers
give the same bytes.

The zip layout both writers share (`write_package`): the parts that never change first, stamped
with a fixed date, then word/document.xml and docProps/core.xml stamped with the draft's date. So
the fixed parts are deflated once per process, and each draft appends only its two parts
(zipfile's append mode), instead of deflating the 340 KB styles part again (~4 ms a draft)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from drafter.document.model import LINE_BREAK, Document, Paragraph
from drafter.render.meta import DocMeta

SKELETON_DIR = Path(__file__).resolve().parent / "skeleton"
# Private-use characters: never produced by a template, so they mark exactly where values go.
MARK = "\ue000"
CORE_MARKS = {"title": "\ue001", "author": "\ue002", "keywords": "\ue003", "description": "\ue004"}
_MARK_STAMP = "1999-12-31T09:00:00Z"
DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
# The zip time stamp of the parts that are the same in every draft (zip's own epoch): fixed, so the
# deflated skeleton can be reused as it is.
FIXED_STAMP = (1980, 1, 1, 0, 0, 0)
# A line break inside a paragraph, as the python-docx renderer writes it: a new run opening with <w:br/>.
_RUN_BREAK = "</w:t></w:r><w:r><w:br/><w:t>"
# zlib's fastest level for the two parts every draft deflates anew (the fixed parts keep zlib's
# default): measured on a 13 KB document.xml, 0.14 ms instead of 0.35 ms, 5.3 KB instead of 5.0 KB.
FRESH_LEVEL = 1
_SENTINEL = re.compile(MARK + "([a-z0-9]+)" + MARK)


class Skeleton(NamedTuple):
    """The styled package less its body and core properties."""

    base: bytes  # a zip of the fixed parts, to which a draft appends its two
    head: str  # document.xml up to the first paragraph
    tail: str  # document.xml from the section properties on
    paragraphs: dict[str, tuple[str, str]]  # kind → (XML before the text, XML after it)
    core: str  # core.xml with markers


def can_assemble(doc: Document, title: str) -> bool:
    """Whether the fast writer gives python-docx's exact output for this document: plain lines only
    (tabs, newlines and edge spaces get special run markup there, an empty line an empty run;
    >255-character titles are refused there). LINE_BREAK between lines is handled here."""
    return len(title) <= 255 and all(_plain(b.text) for b in doc.paragraphs)


def _plain(text: str) -> bool:
    # Each line non-empty, without a tab, a newline, a carriage return or the marker, and without a
    # space at either end (python-docx writes edge spaces with xml:space="preserve"). The characters
    # are looked for in the whole text at once, not line by line.
    if "\t" in text or "\n" in text or "\r" in text or MARK in text:
        return False
    return all(line and line[0] != " " and line[-1] != " " for line in text.split(LINE_BREAK))


def assemble(skel: Skeleton, doc: Document, meta: DocMeta) -> bytes:
    """The .docx bytes of `doc` with `meta` on this skeleton."""
    body = [skel.head]
    for block in doc.paragraphs:
        before, after = skel.paragraphs[block.kind]
        body += (before, _RUN_BREAK.join(_escape(line) for line in block.text.split(LINE_BREAK)), after)
    body.append(skel.tail)
    core = skel.core.replace(_MARK_STAMP, f"{meta.date.isoformat()}T09:00:00Z")
    for key, mark in CORE_MARKS.items():
        core = core.replace(mark, _escape(getattr(meta, key)))
    out = io.BytesIO(skel.base)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr(_info(DOCUMENT, meta.date), "".join(body).encode("utf-8"), compresslevel=FRESH_LEVEL)
        zf.writestr(_info(CORE, meta.date), core.encode("utf-8"), compresslevel=FRESH_LEVEL)
    return out.getvalue()


def _escape(text: str) -> str:
    """XML text escaping exactly as lxml writes element text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def write_package(parts: Iterable[tuple[str, bytes]], date: dt.date | None) -> bytes:
    """A .docx (zip) of `parts` laid out as described above: the same parts give the same bytes on
    every platform. With `date` None only the fixed parts are written (a skeleton's base)."""
    parts = list(parts)
    fresh = {name: data for name, data in parts if name in (DOCUMENT, CORE)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts:
            if name not in fresh:
                zf.writestr(_info(name, None), data)
        if date is not None:
            for name in (DOCUMENT, CORE):
                if name in fresh:
                    zf.writestr(_info(name, date), fresh[name], compresslevel=FRESH_LEVEL)
    return out.getvalue()


def _info(name: str, date: dt.date | None) -> zipfile.ZipInfo:
    """The zip entry of a part: deflated, fixed time, Unix attributes (zipfile records the writer's
    OS, 0 on Windows: fixed, so bytes match everywhere)."""
    stamp = FIXED_STAMP if date is None else (max(date.year, 1980), date.month, date.day, 9, 0, 0)
    zi = zipfile.ZipInfo(name, date_time=stamp)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.external_attr = 0o600 << 16
    zi.create_system = 3
    return zi


# ---------------------------------------------------------------- reading the shipped skeleton

def skeleton_path(page_number: str) -> Path:
    """The shipped sentinel .docx for a page-number placement."""
    return SKELETON_DIR / f"{page_number}.docx"


@lru_cache(maxsize=2)
def skeleton(page_number: str) -> Skeleton:
    """The skeleton for a page-number placement, cut from the shipped sentinel .docx. Kept with the
    compiled data (cache.cached), deflated parts and all: deflating the 340 KB styles part again in
    every process was 20–30 ms of each `drafter render` (measured)."""
    from drafter.cache import cached

    raw = skeleton_path(page_number).read_bytes()

    def build() -> Skeleton:
        with zipfile.ZipFile(io.BytesIO(raw)) as pkg:
            return cut([(info.filename, pkg.read(info)) for info in pkg.infolist()])

    return cached("skeleton", raw, build)


def cut(parts: list[tuple[str, bytes]]) -> Skeleton:
    """Cut the sentinel package's document.xml where the paragraphs go."""
    named = dict(parts)
    xml = named[DOCUMENT].decode("utf-8")
    paragraphs: dict[str, tuple[str, str]] = {}
    pos = head_end = -1
    for found in _SENTINEL.finditer(xml):
        at, end_mark = found.span()
        start = xml.rindex("<w:p>", 0, at)
        end = xml.index("</w:p>", end_mark) + len("</w:p>")
        if head_end < 0:
            head_end = start
        elif start != pos:
            raise ValueError("sentinel paragraphs are not adjacent")
        paragraphs[found.group(1)] = (xml[start:at], xml[end_mark:end])
        pos = end
    base = write_package([(n, d) for n, d in parts if n not in (DOCUMENT, CORE)], None)
    return Skeleton(base, xml[:head_end], xml[pos:], paragraphs, named[CORE].decode("utf-8"))


def as_read(doc: Document, page_number: str, path: Path) -> Document:
    """What `document.read.read_document(path)` returns for the .docx this writer makes of `doc`.

    The fast writer puts every paragraph of a kind in the same markup, so its style and effective
    format are those of the sentinel paragraph of that kind: they are read once from the shipped
    skeleton *by the reader itself* (and cached with the compiled data), never worked out a second
    way. Why: reading the draft back with python-docx was most of a review's time on every changed
    draft (0.2–0.5 s). tests/test_review.py checks this equals reading the written file."""
    formats, page = skeleton_as_read(page_number)
    paragraphs: list[Paragraph] = []
    for p in doc.paragraphs:
        text = p.text.replace(LINE_BREAK, "\n").strip().strip("\u3000").strip()
        if text:
            style, fmt = formats[p.kind]
            paragraphs.append(Paragraph(text, p.kind, len(paragraphs) + 1, style, None, fmt))
    return Document(paragraphs, kind="docx", path=path, page=page)


def skeleton_as_read(page_number: str) -> tuple[dict[str, tuple[str, Any]], Any]:
    """kind → (style name, effective format) and the page format, as the reader reads the skeleton."""
    from drafter.cache import cached

    path = skeleton_path(page_number)

    def build() -> tuple[dict[str, tuple[str, Any]], Any]:
        from drafter.document.read import read_document

        read = read_document(path)
        return {p.kind: (p.style, p.fmt) for p in read.paragraphs}, read.page

    return cached("skeleton-read", path.read_bytes(), build)


def sentinel_meta(page_number: str) -> DocMeta:
    """The core properties of the sentinel document: a marker in every value."""
    return DocMeta(date=dt.date(1999, 12, 31), page_number=page_number, **CORE_MARKS)
