"""Writing a composed draft: the .docx bytes (one function for new, render and batch, so equal params
give equal bytes), and writing them into a draft folder without losing the user's edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drafter import __version__
from drafter.compose import Built
from drafter.document.model import LINE_BREAK
from drafter.files import free_name, sha256, write_if_changed
from drafter.phrasebank import Phrasebank, load_phrasebank
from drafter.state import is_ours, store_base, write_state
from drafter.yamlio import load_yaml

_PROP_MAX = 255


def docx_bytes(built: Built, folder: Path) -> bytes:
    """The .docx of a composed draft. Shared by new, render and batch, so equal params give equal bytes."""
    from drafter.render.docx import DocMeta, build_docx

    p = built.params
    base = style_path(p.style_docx, folder) if p.style_docx else None
    meta = DocMeta(
        # Word's document properties hold at most 255 characters (python-docx refuses more).
        title=built.document.title.replace(LINE_BREAK, "")[:_PROP_MAX],
        author=" ".join(p.speaker.split())[:_PROP_MAX] if p.speaker else "",
        date=p.date,
        page_number=p.page_number,
        keywords="、".join(p.theme)[:_PROP_MAX],
        description=f"drafter {__version__} 生成；seed={p.seed}",
    )
    return build_docx(built.document, meta, base)


def write_docx(built: Built, path: Path, folder: Path, previous: dict[str, Any] | None = None,
                bank_path: Path | None = None, data: bytes | None = None) -> None:
    data = docx_bytes(built, folder) if data is None else data
    digest = sha256(data)
    # The base first: if the process dies after the .docx is replaced, the draft is still known as drafter's.
    store_base(folder, built, digest)
    write_if_changed(path, data)
    # The previous draft, if drafter wrote it and nobody touched it, is replaced by the new name.
    old = (previous or {}).get("docx") or {}
    if old.get("name") and old["name"] != path.name:
        old_path = folder / old["name"]
        if old_path.exists() and is_ours(old_path, old, folder):
            try:
                old_path.unlink()
            except OSError:
                pass  # open in Word: the stale copy simply stays, nothing is lost
    write_state(folder, previous or {}, built, bank_path, docx={"name": path.name, "sha256": digest, "base": digest})


def choose_docx_path(path: Path, folder: Path, state: dict[str, Any], explicit: bool) -> tuple[Path, list[str]]:
    """Keep the user's edits: a .docx changed since drafter wrote it is never overwritten."""
    written = state.get("docx") or {}
    if not path.exists() or is_ours(path, written, folder):
        return path, []
    kept = f"{path.name} 在生成后被修改过（或不是 drafter 写的），为保留您的修改，"
    prev = folder / str(written.get("name") or "")
    if not explicit and written.get("name") and prev != path and prev.exists() and is_ours(prev, written, folder):
        # Already diverted to …-2.docx last time and untouched since: keep using it, not -3, -4 …
        return prev, [kept + f"新稿仍写在 {prev.name}。"]
    new = free_name(path)
    return new, [kept + f"新稿另存为 {new.name}。"]


def style_path(value: str, folder: Path) -> Path:
    path = Path(value)
    return path if path.is_absolute() else folder / path


def user_phrasebank(path: Path | None) -> Phrasebank | None:
    """The packaged phrasebank plus a unit's own (`--phrasebank`), whose entries win on equal ids;
    None means the packaged one alone. Validated like the packaged one: bad entries are named."""
    from drafter.phrasebank import phrasebank_from_located

    if path is None:
        return None
    from drafter.yamlio import MAX_PHRASEBANK_BYTES

    own = phrasebank_from_located(load_yaml(path, "语料库文件", max_bytes=MAX_PHRASEBANK_BYTES))
    ids = {p.id for p in own.phrases}
    packaged = [p for p in load_phrasebank().phrases if p.id not in ids]
    return Phrasebank(own.phrases + tuple(packaged), own.path)


def read_back(built: Built, folder: Path, path: Path) -> Any:
    """The draft at `path` as the reader would read it, without reading it, when it is exactly what
    the fast writer made of `built` (render.package.as_read); None otherwise (a unit's own styles,
    the user's merged edits, text only python-docx marks up): the review then reads the file."""
    from drafter.files import file_sha256
    from drafter.render.meta import PAGE_NUMBER_PLACEMENTS
    from drafter.render.package import as_read, can_assemble

    p = built.params
    title = built.document.title[:_PROP_MAX]
    if p.style_docx or p.page_number not in PAGE_NUMBER_PLACEMENTS or not can_assemble(built.document, title):
        return None
    if file_sha256(path) != sha256(docx_bytes(built, folder)):
        return None
    return as_read(built.document, p.page_number, path)
