"""`drafter --help` reads no data; `drafter new --help` lists what the data files define."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _run(code: str, tmp_path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DRAFTER_CACHE": str(tmp_path / "c"), "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


_HELP = (
    "import sys\n"
    "sys.argv = ['drafter'] + {args!r}\n"
    "from drafter.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print('MODULES', sorted(m for m in ('drafter.domain', 'drafter.yamlio', 'drafter.cache', 'yaml', 'jinja2', 'docx') if m in sys.modules))\n"
)


def test_top_level_help_reads_no_data(tmp_path: Path) -> None:
    out = _run(_HELP.format(args=["--help"]), tmp_path)
    assert "new" in out and "render" in out
    assert "MODULES []" in out


def test_new_help_lists_the_data_and_parses_no_yaml(tmp_path: Path) -> None:
    from drafter.domain import load_orgs, load_roles, load_themes

    out = _run(_HELP.format(args=["new", "--help"]), tmp_path)
    flat = "".join(out.split())
    for org in load_orgs().values():
        assert f"{org.key}{org.name}" in flat
    for key, theme in load_themes().items():
        if len(theme.parts) == 1:
            assert key in flat
    for key in load_roles():
        assert key in flat
    assert "<orgs>" not in out and "<themes>" not in out
    modules = out.split("MODULES", 1)[1]
    assert "'drafter.domain'" in modules and "'yaml'" not in modules  # the data came from the compiled file
