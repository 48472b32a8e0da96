"""The reader resolves effective values the way Word does, for files written by other programs too."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from drafter.check import check_file
from drafter.document.read import read_document
from tests.check.helpers import GOOD_PARAMS, build_gbt_docx


def _edit_styles(path: Path, change) -> Path:
    from docx import Document

    doc = Document(str(path))
    change(doc.styles)
    doc.save(str(path))
    return path


def _ind(styles, name):
    from docx.oxml.ns import qn

    return styles[name].element.pPr.find(qn("w:ind"))


def _hanging_zero(styles) -> None:
    """What LibreOffice writes: Normal firstLine=640 (no chars), title hanging=0."""
    from docx.oxml.ns import qn

    del _ind(styles, "Normal").attrib[qn("w:firstLineChars")]
    title = _ind(styles, "讲话标题")
    for a in list(title.attrib):
        del title.attrib[a]
    title.set(qn("w:hanging"), "0")


def _twips_only(styles) -> None:
    """python-docx's first_line_indent = 0 on the title: Normal's inherited 2 characters still win (format.md §9)."""
    from docx.oxml.ns import qn

    del _ind(styles, "讲话标题").attrib[qn("w:firstLineChars")]


@pytest.mark.parametrize(("change", "indent_chars"), [(_hanging_zero, 0), (_twips_only, 2)])
def test_title_indent_resolution(tmp_path: Path, change, indent_chars: int) -> None:
    path = _edit_styles(build_gbt_docx(tmp_path / "d.docx"), change)
    title = read_document(path).paragraphs[0].fmt
    got = (title.first_line_chars or 0) / 100 if title.first_line_chars else (title.first_line or 0) / 440
    assert round(got) == indent_chars
    assert bool(check_file(path).by_rule("format.indent")) == bool(indent_chars)


def test_run_level_font_overrides_style(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    path = build_gbt_docx(tmp_path / "d.docx")
    doc = Document(str(path))
    for r in doc.paragraphs[4].runs:
        r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "微软雅黑")
    doc.save(str(path))
    assert read_document(path).paragraphs[4].fmt.east_asia == "微软雅黑"
    assert any("微软雅黑" in f.message for f in check_file(path).by_rule("format.font"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice")
def test_draft_saved_again_by_libreoffice_still_passes(tmp_path: Path) -> None:
    src = build_gbt_docx(tmp_path / "draft.docx")
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    report = check_file(out / "draft.docx", params=dict(GOOD_PARAMS, minutes=3))
    assert report.findings == [], [(f.rule, f.message) for f in report.findings]


def test_markdown_markup_is_not_a_placeholder(tmp_path: Path) -> None:
    md = tmp_path / "稿.md"
    md.write_text("# 在大会上的讲话\n\n同志们：\n\n要**认真**落实。\n", encoding="utf-8")
    doc = read_document(md)
    assert [p.text for p in doc.paragraphs] == ["在大会上的讲话", "同志们：", "要认真落实。"]
    assert not check_file(md).findings


def test_gb18030_text_file(tmp_path: Path) -> None:
    f = tmp_path / "稿.txt"
    f.write_bytes("同志们：\n召开视屏会议。\n".encode("gb18030"))
    assert check_file(f).by_rule("confusion")[0].line == 2


def test_style_names_are_those_python_docx_gives(tmp_path: Path) -> None:
    """The reader names each paragraph's style itself (python-docx scans every style per paragraph
    for the default); the names must stay python-docx's own, edge cases included: built-in names
    (heading 1 → Heading 1), a unit's own style, a pStyle naming a character style or no style at
    all (→ the default paragraph style), and a document whose styles name no default."""
    from docx import Document as open_docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    doc = open_docx()
    doc.add_paragraph("标题一", style="Heading 1")
    doc.add_paragraph("列表", style="List Bullet")
    doc.add_paragraph("本单位样式", style=doc.styles.add_style("本单位正文", WD_STYLE_TYPE.PARAGRAPH))
    char_style = doc.styles.add_style("本单位强调", WD_STYLE_TYPE.CHARACTER)
    for sid in (char_style.style_id, "NoSuchStyle"):
        doc.add_paragraph(f"样式 {sid}")._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), sid)
    doc.add_paragraph("无样式")
    for name, strip_defaults in (("with.docx", False), ("without.docx", True)):
        if strip_defaults:
            for s in doc.styles.element.findall(qn("w:style")):
                s.attrib.pop(qn("w:default"), None)
        doc.save(str(tmp_path / name))
        expected = [p.style.name if p.style is not None else "" for p in open_docx(str(tmp_path / name)).paragraphs]
        got = [p.style for p in read_document(tmp_path / name).paragraphs]
        assert got == expected, name
        assert got[0] == "Heading 1" and ("Normal" in got) != strip_defaults
