"""The build step: what drafter ships ready-made inside its package, made from the code and data
that are its single source of truth.

    python -m drafter.build           # rewrite the files below
    python -m drafter.build --check   # exit 1 if any is out of date (tests run this check too)

- render/skeleton/<placement>.docx: the sentinel draft rendered by the python-docx writer, one per
  page-number placement; the fast writer (render/package.py) fills it in.
- _compiled.pickle: every packaged data file (phrasebank.yaml, templates/**/*.yaml) by its SHA-256,
  with the value drafter's loaders make of it (the validated phrases, the parsed YAML), so a first
  run validates nothing (drafter.cache). A pickle of drafter's own record classes and plain Python
  data: the fastest format Python reads (no library to import), and the values are exactly what
  the per-user cache holds.

Run it after changing the data, the styling code (render/docx.py), the loaders (yamlio.py,
phrasebank.py), python-docx's version or drafter's version: a test fails until then."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

from drafter.render.meta import PAGE_NUMBER_PLACEMENTS


def skeleton_docx(page_number: str) -> bytes:
    """The sentinel draft for a placement, as the python-docx writer renders it today."""
    from drafter.document.model import Document, Paragraph
    from drafter.document.styles import STYLES
    from drafter.render.docx import build_docx_full
    from drafter.render.package import MARK, sentinel_meta

    doc = Document([Paragraph(MARK + kind + MARK, kind) for kind in STYLES])
    return build_docx_full(doc, sentinel_meta(page_number))


def compiled_templates() -> Iterator[tuple[Path, bytes]]:
    """The speech template compiled by Jinja for its ModuleLoader, and the SHA-256 of its source."""
    import hashlib

    from drafter.data import templates_dir
    from drafter.templating import COMPILED_DIR, SPEECH_TEMPLATE, compiled_speech

    name, code = compiled_speech()
    yield COMPILED_DIR / name, code.encode("utf-8")
    digest = hashlib.sha256((templates_dir() / SPEECH_TEMPLATE).read_bytes()).hexdigest()
    yield COMPILED_DIR / f"{SPEECH_TEMPLATE}.sha256", (digest + "\n").encode("ascii")


def compiled_values() -> dict[tuple[str, str], object]:
    """(kind, SHA-256) → value for every packaged data file, made by the loaders drafter runs."""
    from drafter.cache import record
    from drafter.data import data_root, phrasebank_path, templates_dir
    from drafter.phrasebank import load_phrasebank
    from drafter.yamlio import Located, load_yaml

    root = data_root()

    def run() -> None:
        from drafter.render.package import skeleton, skeleton_as_read

        load_phrasebank.__wrapped__(phrasebank_path())
        for path in sorted(templates_dir().rglob("*.yaml")):
            load_yaml(path, "数据文件", cached=True)
        for placement in PAGE_NUMBER_PLACEMENTS:
            skeleton_as_read(placement)  # the reader's view of the skeleton: reviews need not read drafts back
            skeleton.__wrapped__(placement)  # its parts deflated once, here, not in every process

    values = record(run)
    # The path a value was made from is the build machine's: the caller puts its own back.
    return {key: Located(v.data, v.path.relative_to(root), v.lines, v.text, v.warnings, v.first_line) if isinstance(v, Located) else v
            for key, v in values.items()}


def compiled_data() -> bytes:
    """The bytes of _compiled.pickle: drafter's version and (kind, digest) → pickled value."""
    import pickle

    from drafter import __version__

    values = compiled_values()
    entries = {key: pickle.dumps(values[key], protocol=pickle.HIGHEST_PROTOCOL) for key in sorted(values)}
    return pickle.dumps((__version__, entries), protocol=pickle.HIGHEST_PROTOCOL)


def outputs() -> Iterator[tuple[Path, bytes]]:
    """Every shipped file and the bytes it should hold, the skeletons first: the compiled data holds
    the reader's view of the skeleton files, so it is made after they are written."""
    from drafter.cache import COMPILED
    from drafter.render.package import skeleton_path

    for p in PAGE_NUMBER_PLACEMENTS:
        yield skeleton_path(p), skeleton_docx(p)
    yield from compiled_templates()
    yield COMPILED, compiled_data()


def same_content(old: bytes, new: bytes) -> bool:
    """Whether a shipped file holds what a build makes now. Zips are compared part by part, by their
    uncompressed bytes (another zlib may deflate the same XML to other bytes)."""
    import io
    import zipfile

    if old == new:
        return True
    if not old.startswith(b"PK"):
        return _same_compiled(old, new)
    try:
        with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
            return a.namelist() == b.namelist() and all(a.read(n) == b.read(n) for n in a.namelist())
    except zipfile.BadZipFile:
        return False


def _same_compiled(old: bytes, new: bytes) -> bool:
    """Two compiled files hold the same keys and equal values (pickles of equal values may differ)."""
    import pickle

    try:
        (v1, a), (v2, b) = pickle.loads(old), pickle.loads(new)
        return bool(v1 == v2 and a.keys() == b.keys() and all(pickle.loads(a[k]) == pickle.loads(b[k]) for k in a))
    except Exception:  # noqa: BLE001 - unreadable: stale
        return False


def main(argv: list[str] | None = None) -> int:
    """Write the shipped files (or with --check, only say which are stale)."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    stale = []
    for path, data in outputs():
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
