"""`drafter batch` end to end: exit codes, the summary table, messages in Chinese."""

from __future__ import annotations

from pathlib import Path

from batch_helpers import run_cli, write_units


def test_all_rows_ok_exits_0_with_a_summary_table(tmp_path: Path) -> None:
    units = write_units(tmp_path / "u.csv", "第一中学,张明,school,创先争优,secretary,2026-05-08,15,3")
    done = run_cli("batch", str(units), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "第一中学" in done.stdout and "成功 1，失败 0" in done.stdout


def test_a_failing_row_exits_1_and_names_its_row(tmp_path: Path) -> None:
    units = write_units(tmp_path / "u.csv", "甲,张三,school,创先争优,secretary,2026-05-08,15,1", "乙,李四,school,创先争优,secretary,not-a-date,15,1")
    done = run_cli("batch", str(units), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "第 3 行" in done.stdout and "失败 1" in done.stdout
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1


def test_unreadable_file_or_bad_usage_exits_2(tmp_path: Path) -> None:
    missing = run_cli("batch", str(tmp_path / "none.csv"))
    assert missing.returncode == 2 and "找不到" in missing.stderr
    bad_column = run_cli("batch", str(write_units(tmp_path / "u.csv", "甲", header="unitt")))
    assert bad_column.returncode == 2 and "unitt" in bad_column.stderr
    bad_jobs = run_cli("batch", str(write_units(tmp_path / "v.csv", "甲", header="unit")), "--jobs", "0")
    assert bad_jobs.returncode == 2


def test_example_units_file_drafts_cleanly(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "units.csv"
    done = run_cli("batch", str(example), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stdout + done.stderr
