"""The real `mine` and `phrases` commands: exit codes, output and files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "drafter", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


def test_mine_corpus_writes_candidates_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    proc = _run("mine", str(ROOT / "corpus"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "各槽位条数" in proc.stdout and "standards.five_good" in proc.stdout
    assert "[5/5]" in proc.stderr
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))) > 50


def test_a_bad_file_exits_1_and_the_good_ones_are_still_written(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text((ROOT / "corpus" / "004_f2bd5770231cdb94.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.yaml"
    proc = _run("mine", str(tmp_path), "-o", str(out))
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr and "空" in proc.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))


def test_mine_without_paths_is_bad_usage() -> None:
    assert _run("mine").returncode == 2


def test_phrases_lists_entries_with_sources(tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    _run("mine", str(ROOT / "corpus"), "-o", str(out))
    proc = _run("phrases", "--bank", str(out), "--slot", "standards", "--search", "带头学习提高")
    assert proc.returncode == 0, proc.stderr
    assert "出处：" in proc.stdout and "standards.five_lead" in proc.stdout
    carriers = _run("phrases", "--bank", str(out), "--slot", "carriers", "--org", "town")
    assert "carriers.town" in carriers.stdout and "carriers.school" not in carriers.stdout


def test_phrases_unknown_org_suggests_one() -> None:
    proc = _run("phrases", "--org", "schol")
    assert proc.returncode == 2 and "school" in proc.stderr
