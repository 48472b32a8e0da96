"""Format checks on whole documents: a plain python-docx file, a GB/T 9704 draft, a fresh drafter draft."""

from __future__ import annotations

from pathlib import Path


from drafter.check import check_file
from drafter.document.read import read_document
from tests.check.helpers import GOOD_PARAMS, GOOD_SPEECH, build_gbt_docx, build_plain_docx


def test_plain_python_docx_reports_margins_and_fonts(tmp_path: Path) -> None:
    report = check_file(build_plain_docx(tmp_path / "plain.docx", [t for _, t in GOOD_SPEECH]))
    rules = report.rules()
    assert {"format.page", "format.margins", "format.font", "format.size", "format.line_spacing",
            "format.indent", "format.page_number", "format.grid"} <= rules
    margins = report.by_rule("format.margins")[0]
    assert margins.severity == "error" and "上 25（应为 37）" in margins.message
    fonts = {f.message for f in report.by_rule("format.font")}
    assert any("正文的中文字体是“主题字体（minorEastAsia）”" in m for m in fonts)
    assert any(m.startswith("标题") for m in fonts)


def test_findings_are_grouped_per_role(tmp_path: Path) -> None:
    report = check_file(build_plain_docx(tmp_path / "plain.docx", [t for _, t in GOOD_SPEECH]))
    body = [f for f in report.by_rule("format.font") if f.message.startswith("正文")]
    assert len(body) == 1 and "同类共" in body[0].message


def test_gbt_draft_with_all_params_reports_nothing(tmp_path: Path) -> None:
    report = check_file(build_gbt_docx(tmp_path / "draft.docx"), params=dict(GOOD_PARAMS, minutes=3))
    assert report.findings == []


def test_gbt_draft_beside_params_yaml_uses_them(tmp_path: Path) -> None:
    import yaml

    (tmp_path / "params.yaml").write_text(yaml.safe_dump(dict(GOOD_PARAMS, minutes=5, rate=120), allow_unicode=True), encoding="utf-8")
    report = check_file(build_gbt_docx(tmp_path / "讲话稿.docx"))
    assert report.findings == [] and report.target_minutes == 5


def test_unfilled_placeholders_are_the_only_warnings(tmp_path: Path) -> None:
    rows = [(s, t.replace("城东中学", "【待填:学校名称】")) for s, t in GOOD_SPEECH]
    report = check_file(build_gbt_docx(tmp_path / "draft.docx", rows), params=dict(GOOD_PARAMS, unit=None, minutes=3))
    assert report.rules() == {"leftover.todo"}
    assert not report.failed("error")


def test_reader_resolves_inherited_format(tmp_path: Path) -> None:
    doc = read_document(build_gbt_docx(tmp_path / "draft.docx"))
    title, speaker, body, h1 = doc.paragraphs[0], doc.paragraphs[1], doc.paragraphs[4], doc.paragraphs[5]
    assert (title.fmt.east_asia, title.fmt.size, title.fmt.align) == ("方正小标宋简体", 22, "center")
    assert speaker.fmt.east_asia == "楷体_GB2312"
    assert (body.fmt.east_asia, body.fmt.size, body.fmt.line, body.fmt.line_rule) == ("仿宋_GB2312", 16, 579, "exact")
    assert body.fmt.first_line_chars == 200
    assert (h1.fmt.east_asia, h1.style) == ("黑体", "Heading 1")
    assert doc.page.top == 2098 and doc.page.page_field and doc.page.grid_type == "lines"


def test_fresh_drafter_draft_reports_nothing(tmp_path: Path) -> None:
    from drafter.project.new import new_draft

    result = new_draft(org="school", themes=["创先争优"], role="secretary", out=tmp_path / "稿", date="2011-04-12",
                             minutes=15, seed=1, unit="城东中学", speaker="张明远", force=False)
    report = check_file(result.output_path, params=result.params_path)
    assert not report.failed("error"), [(f.rule, f.message) for f in report.findings]
    # Its only warnings are the facts params.yaml has no key for (a date, the group's members…).
    assert report.rules() <= {"leftover.todo"}
    assert all("【待填：" in f.quote for f in report.findings)


def test_subtitle_may_be_kaiti_or_fangsong(tmp_path: Path) -> None:
    rows = [GOOD_SPEECH[0], ("称呼", "——在城东中学创先争优活动动员大会上的讲话")] + GOOD_SPEECH[1:]
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    path = build_gbt_docx(tmp_path / "d.docx", rows)
    doc = Document(str(path))
    doc.paragraphs[1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[1].style = doc.styles["Normal"]
    doc.paragraphs[1].paragraph_format.first_line_indent = 0
    doc.paragraphs[1].paragraph_format.element.pPr.ind.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}firstLineChars", "0")
    doc.save(str(path))
    report = check_file(path, params=dict(GOOD_PARAMS, minutes=3))
    assert report.findings == [], [(f.rule, f.message) for f in report.findings]


def test_direct_formatting_is_told_from_style_faults(tmp_path: Path) -> None:
    """Bold typed onto a heading's runs → "清除直接格式"; bold in the heading style → "修改样式"."""
    from tests.check.examples import _good_with, _heading_bold_direct, _heading_style_bold, _run_in_14pt

    for sub in "abc":
        (tmp_path / sub).mkdir()
    direct = check_file(_good_with(_heading_bold_direct)(tmp_path / "a"), params={}).by_rule("format.bold")
    assert len(direct) == 1 and "一级标题" in direct[0].message and "直接" in direct[0].message
    assert direct[0].fix.startswith("清除直接格式")
    styled = check_file(_good_with(_heading_style_bold)(tmp_path / "b"), params={}).by_rule("format.bold")
    assert len(styled) == 1 and "（同类共 3 段）" in styled[0].message
    assert "修改样式" in styled[0].fix and "清除直接格式" not in styled[0].fix
    size = check_file(_good_with(_run_in_14pt)(tmp_path / "c"), params={}).by_rule("format.size")
    assert size and all(f.fix.startswith("清除直接格式") for f in size)


def test_readers_tell_direct_properties(tmp_path: Path) -> None:
    from drafter.document.read import read_document
    from tests.check.examples import _good_with, _heading_bold_direct

    doc = read_document(_good_with(_heading_bold_direct)(tmp_path))
    h1 = [p for p in doc.paragraphs if p.style == "Heading 1"]
    assert "bold" in h1[0].fmt.direct and h1[0].fmt.bold
    assert "bold" not in h1[1].fmt.direct and not h1[1].fmt.bold
