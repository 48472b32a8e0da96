"""A worker that dies or sticks never hangs `drafter batch`: its rows are drafted again one at a
time, a row that kills its worker again is reported by file and line, every other row gets the
draft it would have had anyway, and the command ends (within a timeout) with its usual codes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drafter.batch import SUMMARY_NAME, run_batch

from batch_helpers import SRC, write_units

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the faults are planted before a fork")

FAULTS = Path(__file__).with_name("worker_faults.py")
UNITS = [f"单位{i},讲话人{i},{org},创先争优,secretary,2026-05-08,{10 + i},{i}"
         for i, org in enumerate(["school", "agency", "village", "hospital", "community", "enterprise"] * 2)]


def _faulty_batch(tmp: Path, units: Path, out: Path, timeout: float = 150, **faults: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8", "DRAFTER_CACHE": str(tmp / "cache"),
           "FAULT_MARKS": str(tmp), **{f"FAULT_{k.upper()}": v for k, v in faults.items()}}
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(FAULTS), "batch", str(units), "-o", str(out), "--jobs", "2"], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    return done, time.monotonic() - started


def _docx(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.docx"))}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The units file and the drafts a batch without faults writes for it."""
    folder = tmp_path_factory.mktemp("clean")
    units = write_units(folder / "名单.csv", *UNITS)
    result = run_batch(units, out=folder / "out", jobs=1)
    assert not result.failed
    return units, _docx(folder / "out")


def test_a_row_that_kills_its_worker_is_reported_by_file_and_line(tmp_path: Path, clean: tuple[Path, dict[str, bytes]]) -> None:
    units, expected = clean
    done, _ = _faulty_batch(tmp_path, units, tmp_path / "out", kill="单位4")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output  # like any failed row: the others were written
    assert "Traceback" not in output and "BrokenProcessPool" not in output, output
    assert "第 6 行" in output and "工作进程意外退出" in output and "名单.csv" in output, output
    written = _docx(tmp_path / "out")
    assert len(written) == 11 and all(expected[name] == data for name, data in written.items())
    assert not any(name.startswith("005-") for name in written)
    summary = (tmp_path / "out" / SUMMARY_NAME).read_text(encoding="utf-8-sig")
    assert "第 6 行：起草这一行时工作进程意外退出" in summary
    assert not list((tmp_path / "out").glob(".~drafter-*"))


def test_a_worker_that_dies_once_costs_nothing_its_rows_are_redrafted(tmp_path: Path, clean: tuple[Path, dict[str, bytes]]) -> None:
    units, expected = clean
    done, _ = _faulty_batch(tmp_path, units, tmp_path / "out", once="单位2,单位9")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "3.tried").exists() and (tmp_path / "10.tried").exists()  # the faults did fire
    assert _docx(tmp_path / "out") == expected  # byte for byte what a run without faults writes


def test_a_stuck_row_is_stopped_and_reported(tmp_path: Path, clean: tuple[Path, dict[str, bytes]]) -> None:
    units, expected = clean
    done, seconds = _faulty_batch(tmp_path, units, tmp_path / "out", stuck="单位7", stall="4")
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output, output
    assert "第 9 行" in output and "超过 4 秒没有完成" in output, output
    written = _docx(tmp_path / "out")
    assert len(written) == 11 and all(expected[name] == data for name, data in written.items())
    assert seconds < 100


def test_when_every_worker_dies_the_batch_stops_trying(tmp_path: Path) -> None:
    units = write_units(tmp_path / "名单.csv", *UNITS)
    done, _ = _faulty_batch(tmp_path, units, tmp_path / "out", kill=",".join(f"单位{i}" for i in range(12)))
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output, output
    summary = (tmp_path / "out" / SUMMARY_NAME).read_text(encoding="utf-8-sig")
    assert summary.count("单独重试仍然如此") == 3 and summary.count("没有起草") == 9, summary
    assert not _docx(tmp_path / "out")
