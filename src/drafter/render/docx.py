"""The .docx renderer: GB/T 9704 page, named styles (so the user restyles in one place), page numbers.

Every format decision lives in a style; paragraphs only name their style."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from drafter.errors import InputError
from drafter.document.model import LINE_BREAK, Document
from drafter.document.styles import STYLES, StyleSpec
from drafter.render.meta import DocMeta

LINE_TWIPS = 579  # 28.95 pt: the largest exact spacing that still gives 22 lines in the 225 mm type area


BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"


def build_docx(doc: Document, meta: DocMeta, base: Path | None = None) -> bytes:
    """The draft as .docx bytes. Deterministic: the same input gives the same bytes.

    The one place that chooses the writer: drafts on drafter's own styles go through the fast writer
    (render/package.py, on the shipped skeleton), which gives the same bytes as build_docx_full at a
    fraction of the cost; a unit's own template, or text python-docx marks up specially, needs the full one."""
    if base is None:
        from drafter.render.meta import PAGE_NUMBER_PLACEMENTS
        from drafter.render.package import assemble, can_assemble, skeleton

        if meta.page_number in PAGE_NUMBER_PLACEMENTS and can_assemble(doc, meta.title):
            return assemble(skeleton(meta.page_number), doc, meta)
    return build_docx_full(doc, meta, base)


def build_docx_full(doc: Document, meta: DocMeta, base: Path | None = None) -> bytes:
    """The draft as .docx bytes, built with python-docx: the reference the fast writer is cut from."""
    from docx import Document as new_document

    if base is not None:
        d = _open_base(base)
    else:
        d = new_document()
    if base is None:
        _setup_page(d)  # a unit's own page, margins and line grid are the unit's
    _setup_styles(d, keep_existing=base is not None)
    _setup_footer(d, meta.page_number)
    for block in doc.paragraphs:
        para = d.add_paragraph(style=STYLES[block.kind].name)
        for i, line in enumerate(block.text.split(LINE_BREAK)):
            run = para.add_run(line)
            if i:
                run._r.insert(0, _br())
    _set_core(d, meta)
    if base is None:
        _house_style_fonts(d)
    _tidy_package(d)
    buf = io.BytesIO()
    d.save(buf)
    return _normalise_zip(buf.getvalue(), meta.date)


def _br() -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement("w:br")


# Limits for a unit's style file, checked before python-docx reads a byte of it: real templates
# are well under 1 MB a part and a few hundred styles; a file past these is damaged or hostile.
MAX_PART_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_PARTS = 2000
MAX_STYLES = 5000
_RESAVE = "请用 Word/WPS 打开这个模板，另存为新的 .docx 后再试；或在 params.yaml 中清空 style_docx，使用 drafter 的标准公文样式。"


def validate_template(path: Path, what: str = "style_docx 指定的 Word 模板") -> None:
    """Refuse a unit's style file that is not a sound .docx, with a Chinese message, before it is
    read: not a zip, damaged compressed data, a part too large (by its declared size, and again
    while reading, in case the header lies), malformed or truncated XML, any DTD (entities must
    never pass into drafter's output, which Word and LibreOffice could then not open), or an
    absurd number of styles."""
    import zipfile
    import zlib

    from lxml import etree

    def bad(msg: str) -> InputError:
        return InputError(f"{what}{msg}：{path}", hint=_RESAVE)

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"style_docx 指定的文件不是有效的 Word 文档（.docx）：{path}", hint="请用 Word/WPS 另存为 .docx 格式后再试。") from exc
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if len(infos) > MAX_PARTS:
            raise bad(f"包含 {len(infos)} 个部件，不像 Word 文档")
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise InputError(f"style_docx 指定的文件不是有效的 Word 文档（.docx）：{path}", hint="请用 Word/WPS 另存为 .docx 格式后再试。")
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise bad(f"中的部件 {info.filename} 有 {info.file_size // (1024 * 1024)} MB，过大（上限 {MAX_PART_BYTES // (1024 * 1024)} MB），没有读取")
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise bad(f"解压后超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB，过大，没有读取")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        for info in infos:
            if info.is_dir():
                continue
            try:
                with zf.open(info) as fh:
                    data = fh.read(MAX_PART_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
                raise bad(f"已损坏：部件 {info.filename} 的压缩数据有误") from exc
            if len(data) > MAX_PART_BYTES:
                raise bad(f"中的部件 {info.filename} 解压后过大（超过 {MAX_PART_BYTES // (1024 * 1024)} MB），没有读取")
            if not info.filename.endswith((".xml", ".rels")):
                continue
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise bad(f"的部件 {info.filename} 含有 DTD 声明（<!DOCTYPE>/<!ENTITY>），Word 自己不会写这种内容，为安全起见没有使用")
            try:
                root = etree.fromstring(data, parser)
            except etree.XMLSyntaxError as exc:
                line = getattr(exc, "lineno", None)
                raise bad(f"已损坏：部件 {info.filename}" + (f" 第 {line} 行" if line else "") + " 的 XML 格式有误（可能不完整）") from exc
            if root.getroottree().docinfo.doctype:
                raise bad(f"的部件 {info.filename} 含有 DTD 声明，为安全起见没有使用")
            if info.filename == "word/styles.xml":
                count = sum(1 for _ in root.iterchildren(_qn("w:style")))
                if count > MAX_STYLES:
                    raise bad(f"样式过多：有 {count} 个（上限 {MAX_STYLES} 个），不像正常的模板")


def missing_styles(path: Path) -> list[str]:
    """drafter's style names a (validated) unit style file does not define: drafter adds them from its
    own standard styles, and `render` says so in one line."""
    from docx import Document as open_document

    d = open_document(str(path))
    have = {s.name for s in d.styles}
    return [spec.name for spec in STYLES.values() if spec.name not in have]


def _open_base(path: Path) -> Any:
    """A unit's own .docx whose styles are used: its body is emptied, its styles kept."""
    from docx import Document as open_document
    from docx.opc.exceptions import PackageNotFoundError

    if not path.is_file():
        raise InputError(f"找不到 style_docx 指定的 Word 模板：{path}", hint="请检查 params.yaml 中 style_docx 的路径（相对于 params.yaml 所在文件夹）。")
    validate_template(path)
    try:
        d = open_document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError, AttributeError, TypeError) as exc:
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
    if "Normal" not in {s.name for s in styles}:
        # A template without the default paragraph style (hand-made or damaged): give it one.
        normal = styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH)
        normal.element.styleId = "Normal"
        normal.element.set(_qn("w:default"), "1")
    # docDefaults and the theme language: Chinese, so nothing falls back to the Japanese theme font.
    # A unit's template keeps its own defaults (its spacing and fonts are the unit's).
    defaults = styles.element.find(_qn("w:docDefaults")) if not keep_existing else None
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
    if tfl is not None and not keep_existing:
        tfl.set(_qn("w:eastAsia"), "zh-CN")

    existing = {s.name for s in styles}
    for kind, spec in STYLES.items():
        if keep_existing and spec.name in existing:
            if _is_customised(styles[spec.name]):
                continue  # the unit's own style wins, spacing and all
            _house_fonts(styles[spec.name], spec)  # an untouched built-in: fonts only, the unit's spacing stays
            continue
        st = styles[spec.name] if spec.name in existing else styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        if spec.name not in existing:
            st.element.styleId = spec.style_id
            if spec.name != "Normal":
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
        if not keep_existing:  # in a unit's template a new style keeps the unit's line spacing (from its Normal)
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
    if keep_existing and "讲话标题" in existing:
        return  # the unit's 讲话标题 stays exactly as the unit defined it
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
    """A style the unit has made its own: Chinese fonts named, or its own spacing (a built-in
    python-docx or Word left as it came has neither)."""
    el = style.element
    ppr = el.pPr
    if ppr is not None and ppr.find(_qn("w:spacing")) is not None and style.name not in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        return True
    rpr = el.rPr
    if rpr is None or rpr.rFonts is None:
        return False
    return rpr.rFonts.get(_qn("w:eastAsia")) not in (None, "") and rpr.rFonts.get(_qn("w:eastAsiaTheme")) is None


def _house_fonts(style: Any, spec: StyleSpec) -> None:
    """Give an uncustomised built-in style drafter's fonts and size, without its blue theme colour."""
    from docx.shared import Pt

    set_cjk_font(style.element, spec.east_asia)
    style.font.size = Pt(spec.size_pt)
    rpr = style.element.rPr
    color = rpr.find(_qn("w:color")) if rpr is not None else None
    if color is not None:
        rpr.remove(color)


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
    cp.revision = 1
    printed = cp._element.find("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted")
    if printed is not None:  # a draft that was never printed has no last-printed date
        cp._element.remove(printed)


# Fonts the styles name, for the font table: Word and WPS read a missing font's charset and
# alternative name there to pick a substitute (仿宋_GB2312 → 仿宋 on a computer without it).
FONT_TABLE = (
    ("方正小标宋简体", None), ("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("黑体", None), ("宋体", None),
)
# Heading levels 3 and 4 (a draft may get them from the user in Word): GB/T 9704 sets them in 仿宋.
_LOWER_HEADINGS = {f"Heading {n}": "仿宋_GB2312" for n in range(3, 10)}


def _house_style_fonts(d: Any) -> None:
    """Every style of drafter's own package in the house fonts, without theme fonts or colours:
    python-docx's template gives Heading 3–9, Title, Quote… and the linked 'Heading N Char' styles
    blue Calibri / MS Mincho theme fonts, which Word shows the moment a user picks one."""
    from docx.shared import Pt

    by_id = {st.get(_qn("w:styleId")): st for st in d.styles.element.iterchildren(_qn("w:style"))}
    named = {spec.name: spec.east_asia for spec in STYLES.values()}
    for el in by_id.values():
        name_el = el.find(_qn("w:name"))
        name = name_el.get(_qn("w:val")) if name_el is not None else ""
        ui = name[:1].upper() + name[1:] if name.startswith("heading") else name
        font = named.get(ui) or _LOWER_HEADINGS.get(ui)
        link = el.find(_qn("w:link"))
        if font is None and link is not None and el.get(_qn("w:type")) == "character":
            linked = by_id.get(link.get(_qn("w:val")))
            lname = linked.find(_qn("w:name")).get(_qn("w:val")) if linked is not None and linked.find(_qn("w:name")) is not None else ""
            lui = lname[:1].upper() + lname[1:] if lname.startswith("heading") else lname
            font = named.get(lui) or _LOWER_HEADINGS.get(lui)
        rpr = el.find(_qn("w:rPr"))
        if rpr is None:
            continue
        fonts = rpr.find(_qn("w:rFonts"))
        themed = fonts is not None and any(fonts.get(_qn("w:" + a)) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
        if themed or font:
            set_cjk_font(rpr, font or BODY_FONT)
        for color in rpr.findall(_qn("w:color")):
            rpr.remove(color)
        if ui in _LOWER_HEADINGS:
            for tag in ("w:sz", "w:szCs"):
                size = rpr.find(_qn(tag))
                if size is not None:
                    size.set(_qn("w:val"), str(int(Pt(16).pt * 2)))
    # A linked character style ('Heading 1 Char') looks exactly like its paragraph style.
    import copy

    for el in by_id.values():
        link = el.find(_qn("w:link"))
        linked = by_id.get(link.get(_qn("w:val"))) if link is not None else None
        if el.get(_qn("w:type")) != "character" or linked is None or linked.get(_qn("w:type")) != "paragraph":
            continue
        own, theirs = el.find(_qn("w:rPr")), linked.find(_qn("w:rPr"))
        if theirs is None:
            continue
        if own is not None:
            el.replace(own, copy.deepcopy(theirs))
        else:
            el.append(copy.deepcopy(theirs))


def _tidy_package(d: Any) -> None:
    """What the package says about itself: written by drafter (not the template's "Microsoft
    Macintosh Word, 1 page"), no template thumbnail or Word 2010 style copy, and a font table that
    lists the Chinese fonts the styles use."""
    from lxml import etree

    from drafter import __version__

    pkg = d.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg.rels[rid]
    for rid, rel in list(d.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del d.part.rels[rid]
    ep = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    app = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{ep}" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>drafter {__version__}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode("utf-8")
    for part in pkg.iter_parts():
        name = str(part.partname)
        if name == "/docProps/app.xml":
            part._blob = app
        elif name == "/word/fontTable.xml":
            root = etree.fromstring(part.blob)
            have = {f.get(_qn("w:name")) for f in root.iterchildren(_qn("w:font"))}
            for font, alt in FONT_TABLE:
                if font in have:
                    continue
                el = etree.SubElement(root, _qn("w:font"))
                el.set(_qn("w:name"), font)
                if alt:
                    etree.SubElement(el, _qn("w:altName")).set(_qn("w:val"), alt)
                etree.SubElement(el, _qn("w:charset")).set(_qn("w:val"), "86")  # GB2312
                etree.SubElement(el, _qn("w:family")).set(_qn("w:val"), "modern" if alt else "auto")
                etree.SubElement(el, _qn("w:pitch")).set(_qn("w:val"), "fixed" if alt else "variable")
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _normalise_zip(data: bytes, date: dt.date) -> bytes:
    """Rewrite the package with fixed timestamps and order (render/package.py's layout, shared with
    the fast writer), so equal drafts are equal bytes."""
    from drafter.render.package import write_package

    src = zipfile.ZipFile(io.BytesIO(data))
    return write_package(((info.filename, src.read(info.filename)) for info in src.infolist()), date)
