"""drafter.entry: plain `render` command lines run without Typer, with Typer's exact results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.entry import render_args

SRC = Path(__file__).resolve().parents[2] / "src"
FULL = "import sys; from drafter.cli import main; sys.argv[0] = 'drafter'; main()"


@pytest.mark.parametrize("argv", [
    ["render", "d"], ["render", "d", "-f", "txt"], ["render", "--format", "md", "d", "-o", "x.md"],
    ["--debug", "render", "d", "--phrasebank", "b.yaml", "--output", "o.docx"],
])
def test_plain_render_lines_take_the_fast_path(argv: list[str]) -> None:
    assert render_args(argv) is not None


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["new"], ["render"], ["render", "--help"], ["render", "d", "-h"], ["render", "a", "b"],
    ["render", "d", "--format=txt"], ["render", "d", "-ftxt"], ["render", "d", "-f"], ["render", "d", "-f", "-o"],
    ["render", "d", "-f", "txt", "-f", "md"], ["render", "-x"], ["render", ""], ["render", "--", "d"],
    ["render", "d", "--bogus"], ["render", "d", "--debug"], ["render", "d", "-o", ""],
])
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert render_args(argv) is None


def test_parsed_values() -> None:
    debug, opts = render_args(["--debug", "render", "稿", "-f", "md", "-o", "x.md"])  # type: ignore[misc]
    assert debug is True
    assert opts == {"target": Path("稿"), "fmt": "md", "output": Path("x.md"), "phrasebank": None}


def _both(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes]]:
    fast = subprocess.run([sys.executable, "-m", "drafter", *args], cwd=cwd, env=env, capture_output=True, timeout=120)
    full = subprocess.run([sys.executable, "-c", FULL, *args], cwd=cwd, env=env, capture_output=True, timeout=120)
    return fast, full


@pytest.mark.parametrize("args", [
    ["render", "稿"], ["render", "稿", "-f", "txt"], ["render", "稿", "-f", "md", "-o", "稿.md"],
    ["render", "没有"], ["render", "稿", "-f", "pdf"], ["render", "稿", "--phrasebank", "没有.yaml"],
    ["--debug", "render", "稿", "-f", "txt"],
])
def test_fast_and_typer_paths_agree(tmp_path: Path, args: list[str]) -> None:
    from tests.conftest import make_draft

    make_draft(tmp_path / "稿", unit="青山市第一中学")
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8", "DRAFTER_CACHE": str(tmp_path / "cache")}
    fast, full = _both(args, tmp_path, env)
    assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)


def test_cached_top_level_help_is_typers(tmp_path) -> None:
    """`drafter --help` from the cache prints exactly what the Typer application prints."""
    import os
    import subprocess
    import sys

    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src, "DRAFTER_CACHE": str(tmp_path / "cache"), "COLUMNS": "100"}
    typer_out = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv=['drafter', '--help']; from drafter.cli import main; main()"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    first = subprocess.run([sys.executable, "-m", "drafter", "--help"], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-m", "drafter", "--help"], env=env, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout
    # The same help but for the program name, which click takes from how it was started.
    assert first.stdout.replace("Usage: python -m drafter", "Usage: drafter") == typer_out
    assert "new" in typer_out and "讲话稿" in typer_out
    assert any(p.name.startswith("help-") for p in (tmp_path / "cache").iterdir())
