"""The .docx drafter writes follows GB/T 9704 through named styles (read back with python-docx)."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from drafter.project import Result

EXPECTED_STYLES = {
    # style name: (eastAsia font, size in half-points, centred?)
    "讲话标题": ("方正小标宋简体", 44, True),
    "讲话人": ("楷体_GB2312", 32, True),
    "讲话日期": ("楷体_GB2312", 32, True),
    "称呼": ("仿宋_GB2312", 32, False),
    "Normal": ("仿宋_GB2312", 32, False),
    "Heading 1": ("黑体", 32, False),
    "Heading 2": ("楷体_GB2312", 32, False),
}


@pytest.fixture(scope="module")
def doc(filled_draft: Result):
    return Document(str(filled_draft.output_path))


def test_page_is_a4_with_gbt9704_margins(doc) -> None:
    s = doc.sections[0]
    assert (s.page_width.twips, s.page_height.twips) == (11906, 16838)
    assert abs(s.top_margin - Mm(37)) < Mm(0.1)
    assert abs(s.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(s.left_margin - Mm(28)) < Mm(0.1)
    assert abs(s.right_margin - Mm(26)) < Mm(0.1)


def test_line_grid_gives_22_lines(doc) -> None:
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"


@pytest.mark.parametrize("name", sorted(EXPECTED_STYLES))
def test_style_fonts_and_sizes(doc, name: str) -> None:
    east_asia, half_points, centred = EXPECTED_STYLES[name]
    style = doc.styles[name]
    fonts = style.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == east_asia
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        assert fonts.get(qn(theme_attr)) is None, f"{name} keeps {theme_attr}, which would override the font"
    assert style.element.rPr.find(qn("w:sz")).get(qn("w:val")) == str(half_points)
    jc = style.element.pPr.find(qn("w:jc"))
    assert (jc is not None and jc.get(qn("w:val")) == "center") == centred
    assert style.font.bold in (False, None)


def test_body_spacing_indent_and_widow_control(doc) -> None:
    pf = doc.styles["Normal"].paragraph_format
    spacing = doc.styles["Normal"].element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "579" and spacing.get(qn("w:lineRule")) == "exact"
    ind = doc.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert pf.widow_control is False
    sal = doc.styles["称呼"].element.pPr.find(qn("w:ind"))
    assert sal.get(qn("w:firstLineChars")) == "0" and sal.get(qn("w:firstLine")) == "0"


def test_doc_defaults_are_chinese_not_japanese(doc) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rpr.rFonts.get(qn("w:eastAsiaTheme")) is None
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert doc.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"


def test_paragraphs_use_styles_not_direct_formatting(doc) -> None:
    for p in doc.paragraphs:
        for r in p.runs:
            assert r._r.rPr is None, f"direct run formatting in: {p.text[:20]}"
        assert p._p.pPr is None or p._p.pPr.find(qn("w:jc")) is None


def test_headings_carry_outline_levels(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A draft whose points are （一） headings (the seed picks the speech's numbering scheme).
    from tests.conftest import make_draft

    for seed in range(1, 30):
        result = make_draft(tmp_path / str(seed), seed=seed)
        doc = Document(str(result.output_path))
        h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
        if h2:
            break
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [t[:2] for t in h1] == ["一、", "二、", "三、", "四、"]
    assert h2 and all(t.startswith("（") for t in h2)
    for name, level in (("Heading 1", 0), ("Heading 2", 1)):
        lvl = doc.styles[name].element.pPr.find(qn("w:outlineLvl"))
        assert lvl is not None and lvl.get(qn("w:val")) == str(level)


def test_footer_page_numbers_odd_right_even_left(doc) -> None:
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    for footer, align in ((s.footer, "right"), (s.even_page_footer, "left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert xml.count('w:fldCharType="begin"') == 1 and xml.count('w:fldCharType="end"') == 1
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == align
        fonts = p.runs[0]._r.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:ascii")) == "宋体"
        assert p.runs[0].font.size.pt == 14
    assert s._sectPr.find(qn("w:titlePg")) is None


def test_core_properties(doc, filled_draft: Result) -> None:
    cp = doc.core_properties
    assert cp.title == "在青山市第一中学创先争优活动动员大会上的讲话"
    assert cp.author == "李明"
    assert cp.language == "zh-CN"
    assert cp.created.date() == dt.date(2026, 5, 8)
    assert cp.modified.date() == dt.date(2026, 5, 8)


def test_title_and_file_name(filled_draft: Result, doc) -> None:
    assert doc.paragraphs[0].style.name == "讲话标题"
    assert filled_draft.output_path.name == "在青山市第一中学创先争优活动动员大会上的讲话.docx"


def test_unit_style_template_is_used(tmp_path) -> None:
    """params.yaml's style_docx: the unit's own styles replace drafter's."""
    from docx.enum.style import WD_STYLE_TYPE

    from drafter.project.render import render_draft
    from drafter.render.docx import set_cjk_font
    from tests.conftest import make_draft

    unit_template = Document()
    own = unit_template.styles.add_style("讲话标题", WD_STYLE_TYPE.PARAGRAPH)
    set_cjk_font(own.element, "方正小标宋_GBK")
    unit_template.add_paragraph("旧文件的正文，不应出现在新稿中")
    folder = tmp_path / "d"
    result = make_draft(folder, unit="青山市第一中学")
    unit_template.save(str(folder / "本单位模板.docx"))
    params = result.params_path
    params.write_text(params.read_text(encoding="utf-8").replace("style_docx:\n", "style_docx: 本单位模板.docx\n"), encoding="utf-8")
    out = render_draft(folder)
    d = Document(str(out.output_path))
    assert d.styles["讲话标题"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋_GBK"
    assert d.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert all("旧文件" not in p.text for p in d.paragraphs)
    assert d.paragraphs[0].style.name == "讲话标题"
