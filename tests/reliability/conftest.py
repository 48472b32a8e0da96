"""Helpers for the reliability tests: run the real command, snapshot folders, make a draft once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from tests.helpers import run_cli  # noqa: F401 - the suite's one runner, re-exported

SRC = Path(__file__).resolve().parents[2] / "src"
DAY = dt.date(2026, 5, 8)




def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` (relative name → bytes, None for folders)."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


def set_key(draft: Path, key: str, line: str) -> None:
    """Replace the `key:` line of DRAFT/params.yaml with `line` (as a user would in Notepad)."""
    path = draft / "params.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, text in enumerate(lines) if text.startswith(f"{key}:")]
    assert hits, f"params.yaml has no {key}:"
    lines[hits[0]] = line
    path.write_text("\n".join(lines), encoding="utf-8")


def docx_text(path: Path) -> str:
    """All paragraph text of a .docx, one paragraph per line."""
    from docx import Document

    return "\n".join(p.text for p in Document(str(path)).paragraphs)


@pytest.fixture(scope="session")
def base_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One draft made by `new` (in-process, for speed); tests copy it."""
    from drafter.project.new import new_draft

    folder = tmp_path_factory.mktemp("base") / "稿"
    new_draft(org="school", themes=["创先争优"], out=folder, today=DAY, seed=1)
    return folder


@pytest.fixture
def draft(tmp_path: Path, base_draft: Path) -> Path:
    """A fresh copy of the base draft inside this test's tmp_path."""
    folder = tmp_path / "稿"
    shutil.copytree(base_draft, folder)
    return folder
