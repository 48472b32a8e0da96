"""The fast .docx writer: the styled package is made once by the python-docx renderer, then each
draft only fills in its paragraphs and core properties.

Why: building the styles with python-docx and saving its 800 KB package cost ~200 ms a draft, and
importing python-docx ~70 ms a command. Here the parts that never change (styles, settings,
footers, theme…) are compressed once and kept, in memory and in a small on-disk cache, so a draft
is a string join, two small deflates and a zip directory (< 1 ms), and `drafter render` never
imports python-docx once the cache exists.

The skeleton is made *by* `docx.build_docx_full` from a sentinel document (one paragraph of each
kind, marker text in every core property), so the styling code stays the single source of truth:
tests check that both writers give the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import struct
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.document.model import LINE_BREAK, Document, Paragraph

# Private-use characters: never produced by a template, so they mark exactly where values go.
_MARK = "\ue000"
_CORE_MARKS = {"title": "\ue001", "author": "\ue002", "keywords": "\ue003", "description": "\ue004"}
_MARK_DATE = dt.date(1999, 12, 31)
_MARK_STAMP = "1999-12-31T09:00:00Z"
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_CACHE_FORMAT = 1
# A line break inside a paragraph, as the python-docx renderer writes it: a new run opening with <w:br/>.
_RUN_BREAK = "</w:t></w:r><w:r><w:br/><w:t>"


@dataclass(frozen=True)
class Part:
    """One stored part of the package: its name and its deflated bytes."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream; empty for the two parts made per draft


@dataclass(frozen=True)
class Skeleton:
    """The styled package less its body and core properties."""

    parts: tuple[Part, ...]
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
    return all(_plain_line(line) for line in text.split(LINE_BREAK))


def _plain_line(line: str) -> bool:
    return line != "" and line == line.strip(" ") and not any(c in line for c in "\t\n\r") and _MARK not in line


def assemble(skel: Skeleton, doc: Document, meta: Any) -> bytes:
    """The .docx bytes of `doc` with `meta` (a DocMeta) on this skeleton."""
    body = [skel.head]
    for block in doc.paragraphs:
        before, after = skel.paragraphs[block.kind]
        body += (before, _RUN_BREAK.join(_escape(line) for line in block.text.split(LINE_BREAK)), after)
    body.append(skel.tail)
    core = skel.core.replace(_MARK_STAMP, f"{meta.date.isoformat()}T09:00:00Z")
    for key, mark in _CORE_MARKS.items():
        core = core.replace(mark, _escape(getattr(meta, key)))
    fresh = {_DOCUMENT: "".join(body).encode("utf-8"), _CORE: core.encode("utf-8")}
    return write_zip(skel.parts, fresh, meta.date)


def _escape(text: str) -> str:
    """XML text escaping exactly as lxml writes element text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


# ---------------------------------------------------------------- the zip container

def deflate(data: bytes) -> bytes:
    """A raw deflate stream at zipfile's default level, so the bytes equal zipfile's."""
    c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def write_zip(parts: tuple[Part, ...], fresh: dict[str, bytes], date: dt.date) -> bytes:
    """A zip laid out as zipfile writes it, with fixed time stamps and Unix attributes: the same input
    gives the same bytes on every platform (zipfile itself records the writer's OS)."""
    dosdate = (max(date.year, 1980) - 1980) << 9 | date.month << 5 | date.day
    dostime = 9 << 11
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for part in parts:
        if part.name in fresh:
            raw = fresh[part.name]
            part = Part(part.name, zlib.crc32(raw), len(raw), deflate(raw))
        name = part.name.encode("utf-8")  # part names are ASCII: no UTF-8 flag needed
        local = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, 8, dostime, dosdate, part.crc, len(part.data), part.size, len(name), 0)
        central.append(struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 8, dostime, dosdate, part.crc, len(part.data),
            part.size, len(name), 0, 0, 0, 0, 0o600 << 16, offset,
        ) + name)
        out += (local, name, part.data)
        offset += len(local) + len(name) + len(part.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), offset, 0)
    return b"".join(out) + directory + end


# ---------------------------------------------------------------- making the skeleton

@lru_cache(maxsize=2)
def skeleton(page_number: str) -> Skeleton:
    """The skeleton for a page-number placement: from the disk cache, else built and cached."""
    path = _cache_path(page_number)
    if path is not None:
        try:
            with open(path, "rb") as fh:
                skel = pickle.load(fh)
            if isinstance(skel, Skeleton):
                return skel
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
            pass
    skel = build_skeleton(page_number)
    if path is not None:
        _store(path, skel)
    return skel


def build_skeleton(page_number: str) -> Skeleton:
    """Render the sentinel document with python-docx and cut it where the values go."""
    import io
    import zipfile

    from drafter.render.docx import STYLES, DocMeta, build_docx_full

    doc = Document([Paragraph(_MARK + kind + _MARK, kind) for kind in STYLES])
    meta = DocMeta(date=_MARK_DATE, page_number=page_number, **_CORE_MARKS)
    pkg = zipfile.ZipFile(io.BytesIO(build_docx_full(doc, meta)))
    parts = []
    for info in pkg.infolist():
        raw = pkg.read(info.filename)
        fresh = info.filename in (_DOCUMENT, _CORE)
        parts.append(Part(info.filename, 0, 0, b"") if fresh else Part(info.filename, zlib.crc32(raw), len(raw), deflate(raw)))
    xml = pkg.read(_DOCUMENT).decode("utf-8")
    paragraphs: dict[str, tuple[str, str]] = {}
    pos = head_end = -1
    for kind in STYLES:
        mark = _MARK + kind + _MARK
        at = xml.index(mark)
        start = xml.rindex("<w:p>", 0, at)
        end = xml.index("</w:p>", at) + len("</w:p>")
        if head_end < 0:
            head_end = start
        elif start != pos:
            raise AssertionError("sentinel paragraphs are not adjacent")
        paragraphs[kind] = (xml[start:at], xml[at + len(mark) : end])
        pos = end
    return Skeleton(tuple(parts), xml[:head_end], xml[pos:], paragraphs, pkg.read(_CORE).decode("utf-8"))


def _cache_path(page_number: str) -> Path | None:
    """Where the skeleton is cached: keyed by everything that shapes it, so a change rebuilds it.
    DRAFTER_CACHE=off disables the cache; DRAFTER_CACHE=DIR moves it."""
    from drafter.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    key = zlib.crc32(repr(_fingerprint()).encode("utf-8"))
    return folder / f"skeleton-{page_number}-{_CACHE_FORMAT}-{key:08x}.pickle"


def _fingerprint() -> tuple[Any, ...]:
    """The styling code, drafter's and python-docx's versions (by their files) and Python's."""
    import importlib.util

    from drafter import __version__

    here = Path(__file__).resolve().parent
    spec = importlib.util.find_spec("docx")
    docx_dir = Path(spec.origin).parent if spec and spec.origin else None
    stamps = [_stamp(here / "docx.py"), _stamp(here / "package.py")]
    if docx_dir is not None:
        stamps += [_stamp(docx_dir / "__init__.py"), _stamp(docx_dir / "templates" / "default.docx")]
    return (__version__, sys.version_info[:2], *stamps)


def _stamp(path: Path) -> tuple[str, int, int]:
    from drafter.cache import file_stamp

    return file_stamp(path)


def _store(path: Path, skel: Skeleton) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".skeleton-", dir=str(path.parent))
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(skel, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
