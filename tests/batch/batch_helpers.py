"""Helpers shared by the batch tests (a module with a unique name: test folders have no __init__)."""

from __future__ import annotations

from pathlib import Path
from tests.helpers import run_cli  # noqa: F401 - the suite's one runner, re-exported

SRC = Path(__file__).resolve().parents[2] / "src"
HEADER = "unit,speaker,org,theme,role,date,minutes,seed"


def write_units(path: Path, *rows: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    """A CSV units file: the header, then one line per row."""
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


