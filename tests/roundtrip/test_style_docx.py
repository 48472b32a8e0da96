"""A unit's own style file (style_docx), done right: its page, spacing, grid and 讲话标题 stay the
unit's; a file without Normal works; missing styles are named; the summary is `drafter check`."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from drafter.project.new import new_draft
from drafter.project.render import render_draft
from drafter.render.docx import set_cjk_font


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "稿"
    new_draft(org="school", themes=["创先争优"], out=out, date="2026-05-08", unit="青山市第一中学", speaker="李明")
    return out


def use_template(folder: Path, data: bytes, name: str = "本单位模板.docx") -> Path:
    path = folder / name
    path.write_bytes(data)
    params = folder / "params.yaml"
    params.write_text(re.sub(r"(?m)^style_docx:.*$", f"style_docx: {name}", params.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def unit_template() -> bytes:
    """A unit's template: its own grid (26 lines), Normal with its own exact spacing, and its own 讲话标题."""
    d = Document()
    sect = d.sections[0]._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = sect.makeelement(qn("w:docGrid"), {})
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "600")
    normal = d.styles["Normal"]
    set_cjk_font(normal.element, "仿宋_GB2312")
    normal.paragraph_format.line_spacing = Pt(30)
    title = d.styles.add_style("讲话标题", WD_STYLE_TYPE.PARAGRAPH)
    set_cjk_font(title.element, "方正小标宋_GBK")
    title.font.size = Pt(24)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_the_units_grid_spacing_and_title_style_stay(folder: Path) -> None:
    use_template(folder, unit_template())
    result = render_draft(folder)
    d = Document(str(result.output_path))
    grid = d.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "600"  # not drafter's 579
    assert d.styles["Normal"].paragraph_format.line_spacing == Pt(30)
    title = d.styles["讲话标题"]
    assert title.font.size == Pt(24)
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋_GBK"
    assert title.element.pPr is None or title.element.pPr.find(qn("w:snapToGrid")) is None  # nothing of drafter's added
    assert d.paragraphs[0].style.name == "讲话标题"


def test_missing_styles_are_named_in_one_line(folder: Path) -> None:
    use_template(folder, unit_template())
    result = render_draft(folder)
    [line] = [n for n in result.notes if "没有这些样式" in n]
    for name in ("讲话人", "讲话日期", "称呼"):
        assert name in line
    assert "讲话标题：" not in line  # the unit has that one
    d = Document(str(result.output_path))
    assert d.styles["讲话人"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_a_template_without_normal_is_handled(folder: Path) -> None:
    buf = io.BytesIO()
    Document().save(buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/styles.xml":
                data = re.sub(rb'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">.*?</w:style>', b"", data, flags=re.S)
                assert b'w:styleId="Normal"' not in data
            z.writestr(info, data)
    use_template(folder, out.getvalue())

    result = render_draft(folder)

    d = Document(str(result.output_path))
    assert d.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert any("Normal" in n for n in result.notes if "没有这些样式" in n)
    assert len(d.paragraphs) > 20


def test_the_summary_is_drafter_check_on_the_written_file(folder: Path) -> None:
    from drafter.check import check_file, summary_line

    use_template(folder, unit_template())
    result = render_draft(folder)
    report = check_file(result.output_path)
    assert report.findings  # the unit's grid is not GB/T 9704's: check says so…
    assert result.review.startswith(summary_line(report).split("；")[0])  # …and so does render
