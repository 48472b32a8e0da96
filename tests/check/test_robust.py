"""Any text at all: the checker never crashes, and every finding points inside the document."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.check import check_document, check_summary
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


def test_check_summary_for_render(tmp_path: Path) -> None:
    line, report = check_summary(build_gbt_docx(tmp_path / "d.docx"), params=dict(GOOD_PARAMS, minutes=3))
    assert line.startswith("检查：0 个错误、0 个警告、0 个提示") and not report.findings
    rows = [("讲话标题", "在【待填:学校名称】创先争优活动动员大会上的讲话"), ("称呼", "同志们：")]
    line, report = check_summary(build_gbt_docx(tmp_path / "t.docx", rows))
    assert "1 个警告" in line and "drafter check" in line
