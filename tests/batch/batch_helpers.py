"""Helpers shared by the batch tests (a module with a unique name: test folders have no __init__)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
HEADER = "unit,speaker,org,theme,role,date,minutes,seed"


def write_units(path: Path, *rows: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    """A CSV units file: the header, then one line per row."""
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh interpreter."""
    full = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run([sys.executable, "-m", "drafter", *args], capture_output=True, text=True, env=full, timeout=120)
