"""字数 as Word counts it, and the one-line summary render prints."""

from __future__ import annotations

import pytest

from drafter.check import check_document, summary_line
from drafter.document.read import document_from_text


def test_summary_line() -> None:
    report = check_document(document_from_text("同志们：\n召开视屏会议。"), target_minutes=15)
    line = summary_line(report)
    assert line.startswith("检查：1 个错误、1 个警告、0 个提示") and "目标 15 分钟" in line


@pytest.mark.parametrize(
    ("day", "latest"),
    [("2010-07-05", 17), ("2012-11-07", 17), ("2012-11-20", 18), ("2017-10-17", 18), ("2017-10-18", 19), ("2022-10-01", 19),
     ("2022-10-16", 20), ("2026-11-21", 20), ("2028-03-01", 21), ("2005-01-01", 16)],
)
# 十八大 opened on 2012-11-08 (eras.yaml lists the known opening days).
def test_latest_congress(day: str, latest: int) -> None:
    import datetime as dt

    from drafter.check.rules.dates import latest_congress

    assert latest_congress(dt.date.fromisoformat(day)) == latest
