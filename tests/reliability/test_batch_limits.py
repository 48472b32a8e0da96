"""batch under stress: rows are streamed (memory does not grow with the square of the rows), and
workers end quietly when their parent is killed."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from drafter.units import open_units

SRC = Path(__file__).resolve().parents[2] / "src"


def _units(path: Path, rows: int) -> Path:
    lines = ["unit,speaker,org,date,minutes"]
    orgs = ("school", "agency", "community", "village", "enterprise", "hospital")
    lines += [f"某某单位{i},张{i},{orgs[i % 6]},2026-05-08,{5 + i % 30}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_row_keeps_only_its_own_line(tmp_path: Path) -> None:
    rows = list(open_units(_units(tmp_path / "u.csv", 20_000)))
    first, last = rows[0], rows[-1]
    assert last.line == 20_001 and last.located.text == "某某单位19999,张19999,agency,2026-05-08,24"
    # What is sent to a worker does not grow with the row's position in the file.
    assert len(pickle.dumps(last)) < len(pickle.dumps(first)) + 100
    # A bad value in the last row is still quoted with its own line number.
    err = last.located.error(("minutes",), "x")
    assert err.line == 20_001 and err.excerpt == last.located.text


def test_reading_rows_one_at_a_time_holds_little(tmp_path: Path) -> None:
    units = open_units(_units(tmp_path / "u.csv", 20_000))
    tracemalloc.start()
    try:
        count = sum(1 for _ in units)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == len(units) == 20_000
    assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.1f} MB to stream 20,000 rows"


class _Stop(Exception):
    pass


class _Counting:
    """The rows of a units file, noting each row's index as it is made: how far ahead batch reads."""

    def __init__(self, units: Any, made: list[int]) -> None:
        self.units, self.made = units, made

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Any:
        for row in self.units:
            self.made.append(row.index)
            yield row


def test_run_batch_takes_rows_as_it_goes(tmp_path: Path) -> None:
    from drafter.batch import run_batch

    units = open_units(_units(tmp_path / "u.csv", 60))
    made = []


    def progress(done: int) -> None:
        assert len(made) <= 2 * done, f"{len(made)} rows made for {done} drafted"
        raise _Stop

    with pytest.raises(_Stop):
        run_batch(tmp_path / "u.csv", out=tmp_path / "out", jobs=1, progress=progress, rows=_Counting(units, made))  # type: ignore[arg-type]


def test_run_batch_on_workers_takes_rows_as_it_goes_and_stops_cleanly(tmp_path: Path) -> None:
    from drafter.batch import IN_FLIGHT_PER_WORKER, run_batch

    units = open_units(_units(tmp_path / "u.csv", 400))
    made: list[int] = []
    drafted = [0]


    def progress(done: int) -> None:
        drafted[0] += done
        # Rows made = rows drafted + the chunks in flight (+ the one being made): never the file.
        assert len(made) <= drafted[0] + (2 * IN_FLIGHT_PER_WORKER + 1) * 25, f"{len(made)} rows made for {drafted[0]} drafted"
        if drafted[0] >= 100:
            raise _Stop

    started = time.monotonic()
    with pytest.raises(_Stop):
        run_batch(tmp_path / "u.csv", out=tmp_path / "out", jobs=2, progress=progress, rows=_Counting(units, made))  # type: ignore[arg-type]
    assert len(made) < 400 and time.monotonic() - started < 120
    time.sleep(0.5)  # the stopped workers' temporary files are removed before they exit
    assert not list((tmp_path / "out").glob(".~drafter-*.tmp"))


def test_whole_drafts_are_not_kept_in_the_count_cache() -> None:
    from drafter.textutil import _count_cached, count_chars

    before = _count_cached.cache_info()
    assert count_chars("好" * 10_000) == 10_000
    after = _count_cached.cache_info()
    assert (after.currsize, after.misses, after.hits) == (before.currsize, before.misses, before.hits)
    assert count_chars("同志们好") == count_chars("同志们好") == 4  # phrase-sized texts still are
    assert _count_cached.cache_info().hits > after.hits


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; parent-death signal is Linux's")
def test_workers_end_quietly_when_the_parent_is_killed(tmp_path: Path) -> None:
    units = _units(tmp_path / "u.csv", 400)
    err = open(tmp_path / "stderr.txt", "wb")
    env = dict(os.environ, PYTHONPATH=str(SRC), DRAFTER_CACHE=str(tmp_path / "cache"))
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "batch", str(units), "-o", str(tmp_path / "out"), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        workers: list[int] = []
        while time.monotonic() < deadline:
            workers = _children(proc.pid)
            if len(workers) >= 2 and any((tmp_path / "out").glob("*.docx")):
                break
            time.sleep(0.2)
        assert len(workers) >= 2, "the workers did not start"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
            time.sleep(0.2)
        alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0]]
        assert not alive, "workers outlived their parent"
    finally:
        err.close()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    text = (tmp_path / "stderr.txt").read_bytes().decode("utf-8", "replace")
    assert "Traceback" not in text and "BrokenPipeError" not in text, text[-3000:]
    assert not list((tmp_path / "out").glob(".~drafter-*.tmp")), "half-written drafts left behind"
