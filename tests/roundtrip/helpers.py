"""Helpers for the round-trip tests: edit a draft as a Word user would, read a merged draft back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def drafts(folder: Path) -> list[Path]:
    """The .docx files in a draft folder (Word's ~$ owner files left out)."""
    return sorted(p for p in folder.glob("*.docx") if not p.name.startswith("~$"))


def paragraphs(path: Path, resolve: bool | None = None, formatting: bool = False) -> list[str]:
    """Paragraph texts of a .docx as Word shows them with every revision accepted (resolve=True),
    rejected (False), or pending in markup view with deletions hidden (None); with `formatting`,
    each text carries where bold, italic, highlight… apply."""
    from docx import Document

    from drafter.render.merge import body_paragraphs, para_key, para_text, resolve_revisions

    body = Document(str(path)).element.body
    if resolve is not None:
        resolve_revisions(body, accept=resolve)
    return [(para_key if formatting else para_text)(p) for p in body_paragraphs(body)]


def revisions(path: Path) -> list[Any]:
    """Every w:ins / w:del element of the document body."""
    from docx import Document

    body = Document(str(path)).element.body
    return [el for el in body.iter(W + "ins", W + "del")]


def comments(path: Path) -> list[tuple[str, str]]:
    """(author, text) of every Word comment."""
    from docx import Document

    return [(c.author, "\n".join(p.text for p in c.paragraphs)) for c in Document(str(path)).comments]


def commented_text(path: Path) -> list[str]:
    """The text of each paragraph holding a comment range start."""
    from docx import Document

    from drafter.render.merge import para_text

    body = Document(str(path)).element.body
    return [para_text(p) for p in body.iter(W + "p") if p.find(".//" + W + "commentRangeStart") is not None]


def set_key(folder: Path, key: str, value: str) -> None:
    """Replace the `key:` line of params.yaml, as a user would in Notepad."""
    path = folder / "params.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
    assert hits, key
    lines[hits[0]] = f"{key}: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")


def libreoffice_round_trip(path: Path, work: Path) -> None:
    """Open and save `path` in LibreOffice (as a user of LibreOffice would), in place."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for this test"
    out = work / "lo-out"
    out.mkdir(exist_ok=True)
    profile = work / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    shutil.copyfile(out / path.name, path)
