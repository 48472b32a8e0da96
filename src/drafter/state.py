"""What drafter wrote in a draft folder, kept in the folder itself (.drafter-state.json and the
hidden bases): which .docx is drafter's own, with what paragraphs, from which plan and phrasebank.

`new`, `render` and `batch` write it; `render` reads it to keep the user's edits; `check` reads it to
know which paragraphs are drafter's own text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter import __version__
from drafter.errors import InputError
from drafter.files import HIDDEN, file_sha256, write_atomic, write_if_changed
from drafter.params import Outline, Point, Section

if TYPE_CHECKING:
    from drafter.compose import Built
    from drafter.document.model import Document

STATE_NAME = ".drafter-state.json"


def blocks_of(document: Document) -> list[tuple[str, str]]:
    """(kind, text) of every paragraph: what a base keeps of a draft."""
    return [(p.kind, p.text) for p in document.paragraphs]


def _base_path(folder: Path, docx_sha: str) -> Path:
    return folder / HIDDEN / f"base-{docx_sha[:24]}.json"


def store_base(folder: Path, built: Built, docx_sha: str) -> None:
    """Keep the paragraphs of what drafter writes (the base of the next merge), named by the
    .docx's checksum: a draft is then recognised as drafter's own by its content alone."""
    path = _base_path(folder, docx_sha)
    if path.is_file():
        return
    blob = {"docx_sha256": docx_sha, "blocks": blocks_of(built.document)}
    write_atomic(path, json.dumps(blob, ensure_ascii=False).encode("utf-8"))
    _prune_bases(folder, keep={path.name})


def _prune_bases(folder: Path, keep: set[str], most: int = 4) -> None:
    """Only the few newest bases are kept (and the one the state names)."""
    state = read_state(folder)
    base = str((state.get("docx") or {}).get("base") or "")
    if base:
        keep = keep | {_base_path(folder, base).name}
    try:
        files = sorted((folder / HIDDEN).glob("base-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in files[most:]:
        if old.name not in keep:
            try:
                old.unlink()
            except OSError:
                pass


def load_base(folder: Path, docx_sha: str) -> list[tuple[str, str]] | None:
    if not docx_sha:
        return None
    try:
        blob = json.loads(_base_path(folder, docx_sha).read_text(encoding="utf-8"))
        blocks = [(str(k), str(t)) for k, t in blob["blocks"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return blocks if blob.get("docx_sha256") == docx_sha else None


def write_state(folder: Path, previous: dict[str, Any], built: Built, bank_path: Path | None, docx: dict[str, Any] | None) -> None:
    """Record what drafter wrote: the draft's name and checksum (and the base of the next merge),
    the plan's inputs and the outline (to tell whether the user edited it)."""
    p = built.params
    state = {
        "drafter": __version__,
        "docx": docx or {},
        "plan_inputs": p.plan_inputs(),
        "outline": outline_json(p.outline) if p.outline else None,
        "phrasebank": str(bank_path.resolve()) if bank_path else None,
    }
    write_if_changed(folder / STATE_NAME, json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))


def read_state(folder: Path) -> dict[str, Any]:
    """The state file, or {} if missing or damaged. A damaged record only means drafter no longer
    recognises its own .docx, so the next draft goes to a new name: safe, never an error."""
    try:
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    docx = data.get("docx")
    if not isinstance(docx, dict) or not all(isinstance(docx.get(k), str) for k in ("name", "sha256")):
        data["docx"] = {}
    else:
        if not isinstance(docx.get("base"), (str, type(None))):
            docx["base"] = None
        docx["merged"] = docx.get("merged") is True
    if not isinstance(data.get("phrasebank"), (str, type(None))):
        data["phrasebank"] = None
    return data


def outline_json(outline: Outline) -> Any:
    def point(p: Point) -> Any:
        return p.ref if p.ref else {"title": p.title, "text": p.text}

    def section(s: Section) -> Any:
        return {"key": s.key, "heading": s.heading, "intro": s.intro, "points": [point(p) for p in s.points]}

    return {"opening": list(outline.opening), "sections": [section(s) for s in outline.sections], "closing": list(outline.closing)}


def is_ours(path: Path, written: dict[str, Any], folder: Path | None = None) -> bool:
    """Whether `path` is exactly a .docx drafter wrote and nobody changed since: by content, either
    the file the state file names (not a merge, which holds the user's edits) or any draft whose
    base drafter kept (so a render killed before it updated the state file still knows its draft)."""
    digest = file_sha256(path)
    if digest is None:
        return False
    if written.get("name") == path.name and digest == written.get("sha256") and not written.get("merged"):
        return True
    return folder is not None and load_base(folder, digest) is not None


def is_pure(path: Path, folder: Path) -> bool:
    """Whether `path` is exactly a draft drafter rendered (no user edits merged in)."""
    digest = file_sha256(path)
    return digest is not None and load_base(folder, digest) is not None


def recorded_phrasebank(state: dict[str, Any]) -> Path | None:
    """The unit phrasebank `new` was given, as recorded in the state file."""
    if not state.get("phrasebank"):
        return None
    path = Path(state["phrasebank"])
    if not path.is_file():
        raise InputError(
            f"找不到生成这份讲话稿时使用的语料库：{path}",
            hint="如果语料库换了位置，请用  --phrasebank 新路径  指定。",
        )
    return path


def drafted_texts(folder: Path) -> frozenset[str]:
    """The paragraphs drafter composed for the draft it last wrote in `folder`, when it composed them
    from the packaged phrasebank alone (de-identified, tested to hold no proper name): `check` need
    not look for other units' names in them. Empty when there is no record or a unit's own
    phrasebank was used."""
    state = read_state(folder)
    if state.get("phrasebank"):
        return frozenset()
    base = load_base(folder, str((state.get("docx") or {}).get("base") or ""))
    return frozenset(text for _, text in base or ())
