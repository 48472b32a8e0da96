"""The one way tests run the real `drafter` command: a fresh interpreter on this checkout's source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m drafter ARGS` as a user runs it. The environment is the test session's (whose
    DRAFTER_CACHE points into the session's temporary folder, see conftest.py) plus `env`."""
    full = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "drafter", *map(str, args)], cwd=cwd, env=full, input=input,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
