"""The build step: what drafter ships ready-made inside its package, made from the code and data
that are its single source of truth.

    python -m drafter.build           # rewrite the files below
    python -m drafter.build --check   # exit 1 if any is out of date (tests run this check too)

- render/skeleton/<placement>.docx: the sentinel draft rendered by the python-docx writer, one per
  page-number placement; the fast writer (render/package.py) fills it in.

Run it after changing the styling code (render/docx.py), python-docx's version or drafter's version."""

from __future__ import annotations

import sys
from pathlib import Path

from drafter.render.meta import PAGE_NUMBER_PLACEMENTS


def skeleton_docx(page_number: str) -> bytes:
    """The sentinel draft for a placement, as the python-docx writer renders it today."""
    from drafter.model import Block, Document
    from drafter.render.docx import STYLES, build_docx_full
    from drafter.render.package import MARK, sentinel_meta

    doc = Document([Block(kind, MARK + kind + MARK) for kind in STYLES])
    return build_docx_full(doc, sentinel_meta(page_number))


def outputs() -> dict[Path, bytes]:
    """Every shipped file and the bytes it should hold."""
    from drafter.render.package import skeleton_path

    return {skeleton_path(p): skeleton_docx(p) for p in PAGE_NUMBER_PLACEMENTS}


def same_content(old: bytes, new: bytes) -> bool:
    """Whether a shipped file holds what a build makes now. Zips are compared part by part, by their
    uncompressed bytes (another zlib may deflate the same XML to other bytes)."""
    import io
    import zipfile

    if old == new:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
            return a.namelist() == b.namelist() and all(a.read(n) == b.read(n) for n in a.namelist())
    except zipfile.BadZipFile:
        return False


def main(argv: list[str] | None = None) -> int:
    """Write the shipped files (or with --check, only say which are stale)."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    stale = []
    for path, data in outputs().items():
        if path.is_file() and same_content(path.read_bytes(), data):
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        print(("out of date: " if check else "written: ") + str(path))
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
