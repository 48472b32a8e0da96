"""The .docx renderer: GB/T 9704 page, named styles (so the user restyles in one place), page numbers.

Every format decision lives in a style; paragraphs only name their style."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.errors import InputError
from drafter.model import LINE_BREAK, Document

LINE_TWIPS = 579  # 28.95 pt: the largest exact spacing that still gives 22 lines in the 225 mm type area


@dataclass(frozen=True)
class StyleSpec:
    """One named paragraph style."""

    name: str  # the name Word and WPS show
    style_id: str
    east_asia: str
    size_pt: float
    align: str | None = None  # 'center' or None (justified, from Normal)
    indent_chars: int = 200  # first-line indent in 1/100 characters
    outline: int | None = None
    bold: bool = False


# kind → style. Built-in Heading 1/2 keep their outline levels, so Word's navigation pane lists them.
STYLES: dict[str, StyleSpec] = {
    "title": StyleSpec("讲话标题", "JhTitle", "方正小标宋简体", 22, "center", 0),
    "speaker": StyleSpec("讲话人", "JhSpeaker", "楷体_GB2312", 16, "center", 0),
    "date": StyleSpec("讲话日期", "JhDate", "楷体_GB2312", 16, "center", 0),
    "salutation": StyleSpec("称呼", "JhSalutation", "仿宋_GB2312", 16, None, 0),
    "h1": StyleSpec("Heading 1", "Heading1", "黑体", 16, None, 200, 0),
    "h2": StyleSpec("Heading 2", "Heading2", "楷体_GB2312", 16, None, 200, 1),
    "p": StyleSpec("Normal", "Normal", "仿宋_GB2312", 16),
}
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"


@dataclass(frozen=True)
class DocMeta:
    """What goes into the core properties, and page-number placement."""

    title: str
    author: str
    date: dt.date
    page_number: str = "outside"  # 'outside' (odd right, even left) or 'center'
    keywords: str = ""
    description: str = ""


def build_docx(doc: Document, meta: DocMeta, base: Path | None = None) -> bytes:
    """The draft as .docx bytes. Deterministic: the same input gives the same bytes."""
    from docx import Document as new_document

    if base is not None:
        d = _open_base(base)
    else:
        d = new_document()
    _setup_page(d)
    _setup_styles(d, keep_existing=base is not None)
    _setup_footer(d, meta.page_number)
    for block in doc.blocks:
        para = d.add_paragraph(style=STYLES[block.kind].name)
        for i, line in enumerate(block.text.split(LINE_BREAK)):
            run = para.add_run(line)
            if i:
                run._r.insert(0, _br())
    _set_core(d, meta)
    buf = io.BytesIO()
    d.save(buf)
    return _normalise_zip(buf.getvalue(), meta.date)


def _br() -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement("w:br")


def _open_base(path: Path) -> Any:
    """A unit's own .docx whose styles are used: its body is emptied, its styles kept."""
    from docx import Document as open_document
    from docx.opc.exceptions import PackageNotFoundError

    if not path.is_file():
        raise InputError(f"找不到 style_docx 指定的 Word 模板：{path}", hint="请检查 params.yaml 中 style_docx 的路径（相对于 params.yaml 所在文件夹）。")
    try:
        d = open_document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(f"style_docx 指定的文件不是有效的 Word 文档（.docx）：{path}", hint="请用 Word/WPS 另存为 .docx 格式后再试。") from exc
    body = d.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return d


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def set_cjk_font(el: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the East Asian and Latin fonts, removing theme-font attributes (they win over names)."""
    rpr = el if el.tag == _qn("w:rPr") else el.get_or_add_rPr()
    rf = rpr.get_or_add_rFonts()
    for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rf.attrib.pop(_qn("w:" + a), None)
    for a, v in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        rf.set(_qn("w:" + a), v)


def _indent_chars(style_el: Any, c100: int, font_pt: float = 16) -> None:
    ind = style_el.get_or_add_pPr().get_or_add_ind()
    ind.set(_qn("w:firstLineChars"), str(c100))
    ind.set(_qn("w:firstLine"), str(round(c100 / 100 * font_pt * 20)))
    for a in ("hanging", "hangingChars"):
        ind.attrib.pop(_qn("w:" + a), None)


def _setup_page(d: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    s = d.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    s.header_distance, s.footer_distance = Mm(15), Mm(25)
    sect = s._sectPr
    grid = sect.find(_qn("w:docGrid"))
    if grid is None:
        from docx.oxml import OxmlElement

        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.attrib.clear()
    grid.set(_qn("w:type"), "lines")
    grid.set(_qn("w:linePitch"), str(LINE_TWIPS))
    title_pg = sect.find(_qn("w:titlePg"))
    if title_pg is not None:
        sect.remove(title_pg)


def _setup_styles(d: Any, keep_existing: bool) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt, Twips

    styles = d.styles
    # docDefaults and the theme language: Chinese, so nothing falls back to the Japanese theme font.
    defaults = styles.element.find(_qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(_qn("w:rPrDefault") + "/" + _qn("w:rPr"))
        if rpr is not None:
            set_cjk_font(rpr, BODY_FONT)
            lang = rpr.find(_qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(_qn("w:val"), "en-US")
            lang.set(_qn("w:eastAsia"), "zh-CN")
        ppr = defaults.find(_qn("w:pPrDefault") + "/" + _qn("w:pPr"))
        if ppr is not None:
            sp = ppr.find(_qn("w:spacing"))
            if sp is not None:
                ppr.remove(sp)
    tfl = d.settings.element.find(_qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(_qn("w:eastAsia"), "zh-CN")

    existing = {s.name for s in styles}
    for kind, spec in STYLES.items():
        if keep_existing and spec.name in existing and spec.name not in ("Heading 1", "Heading 2", "Normal"):
            continue  # the unit's own style wins
        if keep_existing and spec.name in ("Heading 1", "Heading 2", "Normal") and _is_customised(styles[spec.name]):
            continue
        st = styles[spec.name] if spec.name in existing else styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        if spec.name not in existing:
            st.element.styleId = spec.style_id
            st.base_style = styles["Normal"]
            st.next_paragraph_style = styles["Normal"]
        st.quick_style = True
        st.hidden = False
        st.font.size = Pt(spec.size_pt)
        st.font.bold = spec.bold
        st.font.italic = False
        st.font.color.rgb = None
        color = st.element.rPr.find(_qn("w:color")) if st.element.rPr is not None else None
        if color is not None:
            st.element.rPr.remove(color)
        set_cjk_font(st.element, spec.east_asia)
        pf = st.paragraph_format
        pf.line_spacing = Twips(LINE_TWIPS)
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.widow_control = False
        pf.keep_with_next = kind in ("h1", "h2", "title")
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if spec.align == "center" else WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(st.element, spec.indent_chars, spec.size_pt)
        if spec.outline is not None:
            st.element.get_or_add_pPr().get_or_add_outlineLvl().val = spec.outline
        if kind == "p":
            _condense(st.element)
    # The date line is followed by one empty line before 同志们: done with space, not an empty paragraph.
    if not keep_existing or "讲话日期" not in existing:
        styles["讲话日期"].paragraph_format.space_after = Twips(LINE_TWIPS)
    # One line after the title block; the 2号 title keeps its own line height instead of snapping to
    # two grid lines, which would open a gap between its wrapped lines.
    title = styles["讲话标题"]
    title.paragraph_format.space_after = Twips(LINE_TWIPS)
    title.paragraph_format.line_spacing = Pt(36)
    snap = OxmlElement("w:snapToGrid")
    snap.set(_qn("w:val"), "0")
    title.element.get_or_add_pPr().insert_element_before(
        snap, "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr"
    )


def _is_customised(style: Any) -> bool:
    """A built-in style a unit template has already given Chinese fonts to."""
    rpr = style.element.rPr
    if rpr is None or rpr.rFonts is None:
        return False
    return rpr.rFonts.get(_qn("w:eastAsia")) not in (None, "") and rpr.rFonts.get(_qn("w:eastAsiaTheme")) is None


def _condense(style_el: Any) -> None:
    """Condense body text by 0.25 pt so 28 characters fit a line (16 pt × 28 > the 156 mm type width)."""
    from docx.oxml import OxmlElement

    rpr = style_el.get_or_add_rPr()
    sp = rpr.find(_qn("w:spacing"))
    if sp is None:
        sp = OxmlElement("w:spacing")
        rpr.insert_element_before(sp, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:lang")
    sp.set(_qn("w:val"), "-5")


def _setup_footer(d: Any, placement: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as AL

    s = d.sections[0]
    if placement == "center":
        d.settings.odd_and_even_pages_header_footer = False
        _page_number(s.footer, AL.CENTER, None)
    else:
        d.settings.odd_and_even_pages_header_footer = True
        _page_number(s.footer, AL.RIGHT, "right")
        _page_number(s.even_page_footer, AL.LEFT, "left")


def _page_number(footer: Any, align: Any, side: str | None) -> None:
    """'— N —' in 4号 宋体, one character in from the type area's edge."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p.alignment = align
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    if side:
        ind.set(_qn("w:" + side), "280")  # 14 pt = one 四号 character
    ind.set(_qn("w:firstLine"), "0")
    ind.set(_qn("w:firstLineChars"), "0")
    p.paragraph_format.line_spacing = 1.0

    def run(text: str | None = None, fld: str | None = None, instr: str | None = None) -> None:
        r = p.add_run(text)
        set_cjk_font(r._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        r.font.size = Pt(14)
        if fld:
            e = OxmlElement("w:fldChar")
            e.set(_qn("w:fldCharType"), fld)
            r._r.append(e)
        if instr:
            e = OxmlElement("w:instrText")
            e.set(_qn("xml:space"), "preserve")
            e.text = instr
            r._r.append(e)

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


def _set_core(d: Any, meta: DocMeta) -> None:
    cp = d.core_properties
    stamp = dt.datetime(meta.date.year, meta.date.month, meta.date.day, 9, 0, 0)
    cp.title = meta.title
    cp.author = meta.author
    cp.last_modified_by = meta.author
    cp.subject = "讲话稿"
    cp.keywords = meta.keywords
    cp.comments = meta.description
    cp.language = "zh-CN"
    cp.category = "讲话稿"
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1


def _normalise_zip(data: bytes, date: dt.date) -> bytes:
    """Rewrite the package with fixed timestamps and order, so equal drafts are equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = (max(date.year, 1980), date.month, date.day, 9, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
