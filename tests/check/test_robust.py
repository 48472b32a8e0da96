"""Any text at all: the checker never crashes, and every finding points inside the document."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.check import check_document, check_file, summary_line
from drafter.project.review import review
from drafter.check.finding import SEVERITIES
from drafter.document.read import document_from_text
from tests.check.helpers import GOOD_PARAMS, build_gbt_docx

_ALPHABET = st.sampled_from(list("一二三四五六七八九十是第、，。；：（）()“”*X某【待填】{}年月日0123456789创先争优带头好王书记湖南开展深入 \n"))


@settings(max_examples=60, deadline=None)
@given(st.text(_ALPHABET, max_size=200))
def test_any_text_is_checked_without_crashing(text: str) -> None:
    doc = document_from_text(text)
    report = check_document(doc, params={"date": "2011-04-12", "minutes": 1})
    indexes = {p.index for p in doc.paragraphs}
    for f in report.findings:
        assert f.severity in SEVERITIES and f.rule and f.message
        assert f.paragraph is None or f.paragraph in indexes


def test_review_line_is_check_of_the_file(tmp_path: Path) -> None:
    """The line new/render print is `drafter check` on the same file: same counts, and where to look."""
    good = build_gbt_docx(tmp_path / "d.docx")
    assert review(good) == summary_line(check_file(good)).split("；")[0] == "检查：0 个错误、0 个警告、0 个提示"
    rows = [("讲话标题", "在【待填:学校名称】创先争优活动动员大会上的讲话"), ("称呼", "同志们：")]
    bad = build_gbt_docx(tmp_path / "t.docx", rows)
    line = review(bad)
    assert "1 个警告" in line and f"drafter check {bad}" in line
    assert line.split("（")[0] == summary_line(check_file(bad)).split("；")[0]
