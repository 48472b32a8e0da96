"""run_batch: one draft per row, bad rows reported by row number, names unique and safe, bytes
reproducible across runs, job counts and processes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from drafter.batch import SUMMARY_NAME, output_name, run_batch
from drafter.project.new import new_draft

from batch_helpers import run_cli, write_units

WINDOWS_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def _docx(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.docx"))}


def test_one_draft_per_row_and_a_summary(tmp_path: Path) -> None:
    units = write_units(
        tmp_path / "u.csv",
        "第一中学,张明,school,创先争优,secretary,2026-05-08,15,3",
        "幸福社区,李华,社区,学习型党组织,deputy,2026-05-09,10,",
    )
    result = run_batch(units, out=tmp_path / "out", jobs=1)
    assert not result.failed
    assert list(_docx(tmp_path / "out")) == [r.name for r in result.rows]
    assert result.rows[0].name.startswith("001-第一中学-") and result.rows[1].name.startswith("002-幸福社区-")
    summary = (tmp_path / "out" / SUMMARY_NAME).read_bytes()
    assert summary.startswith("\ufeff".encode("utf-8")) and "第一中学".encode("utf-8") in summary


def test_a_bad_row_is_reported_with_its_row_number_and_the_others_are_written(tmp_path: Path) -> None:
    units = write_units(
        tmp_path / "u.csv",
        "甲单位,张三,school,创先争优,secretary,2026-05-08,15,1",
        "乙单位,李四,school,创先争优,secretary,2026-02-30,15,1",
        "丙单位,王五,bank,创先争优,secretary,2026-05-08,15,1",
        "丁单位,赵六,school,创先争优,secretary,2026-05-08,99,1",
        "戊单位,钱七,school,创先争优,secretary,2026-05-08,15,1",
    )
    result = run_batch(units, out=tmp_path / "out", jobs=2)
    assert [r.line for r in result.failed] == [3, 4, 5]
    assert result.failed[0].error.startswith("第 3 行：") and "2026-02-30" in result.failed[0].error
    assert "bank" in result.failed[1].error and "minutes" in result.failed[2].error
    assert [r.unit for r in result.written] == ["甲单位", "戊单位"]
    assert len(_docx(tmp_path / "out")) == 2


def test_same_unit_twice_and_reserved_characters_give_unique_windows_safe_names(tmp_path: Path) -> None:
    units = write_units(
        tmp_path / "u.csv",
        "第一中学,张三,,,,2026-05-08,,",
        "第一中学,张三,,,,2026-05-08,,",
        '"A/B:C*D?<E>|""F""",李四,,,,2026-05-08,,',
        "CON,王五,,,,2026-05-08,,",
    )
    result = run_batch(units, out=tmp_path / "out", jobs=1)
    names = [r.name for r in result.rows]
    assert not result.failed and len(set(names)) == 4
    for name in names:
        assert not WINDOWS_RESERVED.search(name) and not name[: -len(".docx")].endswith((" ", "."))
    assert _docx(tmp_path / "out")[names[0]] == _docx(tmp_path / "out")[names[1]]


@pytest.mark.parametrize(
    ("index", "width", "unit", "title", "expected"),
    [
        (1, 3, "第一中学", "在第一中学大会上的讲话", "001-第一中学-在第一中学大会上的讲话.docx"),
        (12, 4, None, "讲话", "0012-讲话.docx"),
        (3, 3, "A/B", "T:x", "003-A／B-T：x.docx"),
    ],
)
def test_output_name(index: int, width: int, unit: str | None, title: str, expected: str) -> None:
    assert output_name(index, width, unit, title) == expected


def test_yaml_units(tmp_path: Path) -> None:
    units = tmp_path / "u.yaml"
    units.write_text("- unit: 甲\n  date: 2026-05-08\n- unit: 乙\n  date: 2026-05-08\n  minutes: 100\n- unit: 丙\n  date: 2026-02-31\n", encoding="utf-8")
    result = run_batch(units, out=tmp_path / "out", jobs=1)
    assert [r.ok for r in result.rows] == [True, False, False]
    assert result.failed[0].error.startswith("第 3 行：") and "minutes" in result.failed[0].error
    assert result.failed[1].error.startswith("第 6 行：") and "2026-02-31" in result.failed[1].error


UNITS = [f"单位{i},讲话人{i},{org},创先争优,secretary,2026-05-08,{10 + i},{i}" for i, org in enumerate(["school", "agency", "village", "hospital", "community", "enterprise"] * 2)]


def test_jobs_1_and_2_give_identical_bytes(tmp_path: Path) -> None:
    units = write_units(tmp_path / "u.csv", *UNITS)
    run_batch(units, out=tmp_path / "one", jobs=1)
    run_batch(units, out=tmp_path / "two", jobs=2)
    assert _docx(tmp_path / "one") == _docx(tmp_path / "two")
    assert (tmp_path / "one" / SUMMARY_NAME).read_bytes() == (tmp_path / "two" / SUMMARY_NAME).read_bytes()


def test_same_params_same_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    units = write_units(tmp_path / "u.csv", *UNITS[:4])
    for seed, out in (("1", "a"), ("12345", "b")):
        done = run_cli("batch", str(units), "-o", str(tmp_path / out), "--jobs", "2", env={"PYTHONHASHSEED": seed, "DRAFTER_CACHE": str(tmp_path / f"cache-{out}")})
        assert done.returncode == 0, done.stderr
    assert _docx(tmp_path / "a") == _docx(tmp_path / "b") != {}


def test_rerun_leaves_identical_files_alone_and_backs_up_edited_ones(tmp_path: Path) -> None:
    units = write_units(tmp_path / "u.csv", *UNITS[:2])
    first = run_batch(units, out=tmp_path / "out", jobs=1)
    edited = tmp_path / "out" / first.rows[1].name
    edited.write_bytes(b"edited by hand")
    stamp = (tmp_path / "out" / first.rows[0].name).stat().st_mtime_ns
    second = run_batch(units, out=tmp_path / "out", jobs=1)
    assert (tmp_path / "out" / first.rows[0].name).stat().st_mtime_ns == stamp
    assert second.rows[1].note and (tmp_path / "out" / (edited.name + ".bak")).read_bytes() == b"edited by hand"
    assert [r.sha256 for r in first.rows] == [r.sha256 for r in second.rows]


def test_batch_draft_equals_the_new_draft_for_the_same_params(tmp_path: Path) -> None:
    units = write_units(tmp_path / "u.csv", "第一中学,张明,school,创先争优,secretary,2026-05-08,12,", "幸福社区,李华,community,学习型党组织,deputy,2026-05-09,10,42")
    result = run_batch(units, out=tmp_path / "out", jobs=1)
    for row, (org, theme, role, date, minutes, seed) in zip(result.rows, [("school", "创先争优", "secretary", "2026-05-08", 12, None), ("community", "学习型党组织", "deputy", "2026-05-09", 10, 42)]):
        made = new_draft(org=org, themes=[theme], role=role, date=date, minutes=minutes, seed=seed, unit=row.unit, speaker="张明" if row.index == 1 else "李华", out=tmp_path / f"new{row.index}")
        assert made.output_path is not None
        assert made.output_path.read_bytes() == (tmp_path / "out" / row.name).read_bytes()


def test_bad_jobs_value(tmp_path: Path) -> None:
    from drafter.errors import InputError

    with pytest.raises(InputError):
        run_batch(write_units(tmp_path / "u.csv", *UNITS[:1]), out=tmp_path / "out", jobs=0)


def test_default_output_folder_is_next_to_the_units_file(tmp_path: Path) -> None:
    result = run_batch(write_units(tmp_path / "名单.csv", *UNITS[:1]), jobs=1)
    assert result.out == tmp_path / "名单-讲话稿" and len(_docx(result.out)) == 1


def test_cpu_count_is_the_default(tmp_path: Path) -> None:
    result = run_batch(write_units(tmp_path / "u.csv", *UNITS), out=tmp_path / "out")
    assert result.jobs == min(os.cpu_count() or 1, len(UNITS))


def test_spawned_workers_as_on_windows_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    units = write_units(tmp_path / "u.csv", *UNITS[:4])
    run_batch(units, out=tmp_path / "fork", jobs=2)
    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: spawn)
    result = run_batch(units, out=tmp_path / "spawn", jobs=2)
    assert not result.failed and _docx(tmp_path / "spawn") == _docx(tmp_path / "fork")



def test_drafts_reach_the_disk_together_before_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each draft is written without waiting for the disk; the batch flushes once, before it writes
    the summary that lists the drafts. A user's edited draft is still backed up durably first."""
    import drafter.batch as batch
    import drafter.files as files

    events: list[str] = []
    monkeypatch.setattr(files.os, "fsync", lambda fd: events.append("fsync"))
    monkeypatch.setattr(files.os, "sync", lambda: events.append("sync"), raising=False)
    real_summary = batch.write_summary

    def summary(path: Path, rows: list[batch.RowResult]) -> str | None:
        events.append("summary")
        return real_summary(path, rows)

    monkeypatch.setattr(batch, "write_summary", summary)
    units = write_units(tmp_path / "u.csv", *UNITS[:2])
    first = run_batch(units, out=tmp_path / "out", jobs=1)
    assert events[:2] == ["sync", "summary"]  # no fsync per draft; one flush, then the summary (itself fsynced)
    events.clear()
    (tmp_path / "out" / first.rows[1].name).write_bytes(b"edited by hand")
    run_batch(units, out=tmp_path / "out", jobs=1)
    assert events[0] == "fsync"  # the backup of the edited draft is on disk before it is replaced
    assert (tmp_path / "out" / (first.rows[1].name + ".bak")).read_bytes() == b"edited by hand"


def test_flush_without_os_sync_flushes_each_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system has no sync() (Windows), each written file is flushed; a file gone since is skipped."""
    import drafter.files as files

    flushed: list[int] = []
    monkeypatch.delattr(files.os, "sync", raising=False)
    monkeypatch.setattr(files.os, "fsync", lambda fd: flushed.append(fd))
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    files.write_atomic(a, b"one", sync=False)
    files.write_atomic(b, b"two", sync=False)
    assert not flushed and a.read_bytes() == b"one" and b.read_bytes() == b"two"
    files.flush_to_disk([a, tmp_path / "gone.docx", b])
    assert len(flushed) == 2
