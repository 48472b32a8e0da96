"""Test helpers: build .docx files the way drafter's renderer does (format.md §9), or the plain way."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Iterable

# (style, text) rows for a complete, correct speech: what a drafter draft with every param filled looks like.
GOOD_SPEECH: list[tuple[str, str]] = [
    ("讲话标题", "在城东中学创先争优活动动员大会上的讲话"),
    ("讲话人", "党支部书记　张明远"),
    ("讲话人", "（2011年4月12日）"),
    ("称呼", "同志们："),
    ("Normal", "根据上级党委的统一部署，城东中学党支部决定在全校党组织和党员中深入开展创先争优活动。今天召开动员大会，主要任务是统一思想、明确要求，对我校创先争优活动进行全面部署。下面，我讲三点意见。"),
    ("Heading 1", "一、统一思想，提高认识，切实增强开展活动的责任感和紧迫感"),
    ("Normal", "开展创先争优活动，是巩固和扩大学习实践科学发展观活动成果的重要举措，是加强基层党组织建设的有效途径，对于推动学校教育教学工作又好又快发展具有十分重要的意义。全校党员要把思想和行动统一到上级党委的部署上来。"),
    ("Heading 1", "二、明确要求，突出重点，准确把握活动的主要内容"),
    ("Heading 2", "（一）把握总体要求"),
    ("Normal", "活动的总体要求是推动科学发展、促进社会和谐、服务人民群众、加强基层组织，做到组织创先进、党员争优秀、群众得实惠。"),
    ("Heading 2", "（二）明确争创标准"),
    ("Normal", "党支部要努力做到“五个好”，即领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好。每一名党员要做到“五带头”，即带头学习提高、带头争创佳绩、带头服务群众、带头遵纪守法、带头弘扬正气。"),
    ("Heading 1", "三、加强领导，精心组织，确保活动取得实效"),
    ("Normal", "活动采取公开承诺、领导点评、群众评议、评选表彰等方式进行。党支部要切实加强领导，把活动与教育教学工作紧密结合起来，做到两手抓、两不误。"),
    ("Normal", "同志们，开展创先争优活动意义重大、任务光荣。让我们以高度负责的态度、求真务实的作风，扎实推进创先争优活动，以优异的成绩迎接建党90周年！"),
]
GOOD_PARAMS = {"unit": "城东中学", "speaker": "张明远", "speaker_title": "党支部书记", "superior": "上级党委",
               "date": "2011-04-12", "minutes": 5, "rate": 200}


def build_gbt_docx(path: Path, rows: Iterable[tuple[str, str]] = GOOD_SPEECH) -> Path:
    """A GB/T 9704-compliant .docx made with the format.md §9 recipe (styles carry all formatting)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    line = Pt(28.95)

    def cjk_font(el, east_asia, latin="Times New Roman"):
        rpr = el if el.tag == qn("w:rPr") else el.get_or_add_rPr()
        rf = rpr.get_or_add_rFonts()
        for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rf.attrib.pop(qn("w:" + a), None)
        for a, v in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
            rf.set(qn("w:" + a), v)

    def indent_chars(el, c100, font_pt=16):
        ind = el.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(c100))
        ind.set(qn("w:firstLine"), str(round(c100 / 100 * font_pt * 20)))

    doc = Document()
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    cjk_font(rpr, "仿宋_GB2312")
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    doc.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")
    s = doc.sections[0]
    s.page_width, s.page_height, s.footer_distance = Mm(210), Mm(297), Mm(25)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    g = s._sectPr.find(qn("w:docGrid"))
    g.set(qn("w:type"), "lines")
    g.set(qn("w:linePitch"), "579")

    n = doc.styles["Normal"]
    pf = n.paragraph_format
    n.font.size = Pt(16)
    cjk_font(n.element, "仿宋_GB2312")
    pf.line_spacing, pf.space_before, pf.space_after, pf.alignment = line, Pt(0), Pt(0), AL.JUSTIFY
    pf.widow_control = False
    indent_chars(n.element, 200)

    def pstyle(name, sid, ea, pt, align=None, c100=None):
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.element.styleId = sid
        st.base_style, st.next_paragraph_style, st.quick_style = n, n, True
        st.font.size, st.font.bold = Pt(pt), False
        cjk_font(st.element, ea)
        if align is not None:
            st.paragraph_format.alignment = align
        if c100 is not None:
            indent_chars(st.element, c100)

    pstyle("讲话标题", "JhTitle", "方正小标宋简体", 22, AL.CENTER, 0)
    pstyle("讲话人", "JhSpeaker", "楷体_GB2312", 16, AL.CENTER, 0)
    pstyle("称呼", "JhSalutation", "仿宋_GB2312", 16, None, 0)
    for lvl, ea, bold in ((1, "黑体", False), (2, "楷体_GB2312", False), (3, "仿宋_GB2312", True), (4, "仿宋_GB2312", False)):
        h = doc.styles[f"Heading {lvl}"]
        cjk_font(h.element, ea)
        h.font.size, h.font.bold, h.font.italic, h.font.color.rgb = Pt(16), bold, False, None
        hp = h.paragraph_format
        hp.space_before, hp.space_after, hp.line_spacing = Pt(0), Pt(0), line
        indent_chars(h.element, 200)

    doc.settings.odd_and_even_pages_header_footer = True

    def page_no(footer, align, side):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        ind = p._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:" + side), "280")
        ind.set(qn("w:firstLine"), "0")
        ind.set(qn("w:firstLineChars"), "0")

        def run(text=None, fld=None, instr=None):
            r = p.add_run(text)
            cjk_font(r._r, "宋体", "宋体")
            r.font.size = Pt(14)
            if fld:
                e = OxmlElement("w:fldChar")
                e.set(qn("w:fldCharType"), fld)
                r._r.append(e)
            if instr:
                e = OxmlElement("w:instrText")
                e.set(qn("xml:space"), "preserve")
                e.text = instr
                r._r.append(e)

        run("— "), run(fld="begin"), run(instr=" PAGE "), run(fld="separate"), run("1"), run(fld="end"), run(" —")

    page_no(s.footer, AL.RIGHT, "right")
    page_no(s.even_page_footer, AL.LEFT, "left")
    for style, text in rows:
        doc.add_paragraph(text, style=style)
    cp = doc.core_properties
    cp.title, cp.author = "讲话", "drafter"
    cp.created = cp.modified = datetime.datetime(2011, 4, 12, tzinfo=datetime.timezone.utc)
    doc.save(str(path))
    return path


def build_plain_docx(path: Path, lines: Iterable[str]) -> Path:
    """A plain python-docx document (default template), one paragraph per non-empty line."""
    from docx import Document

    doc = Document()
    for line in lines:
        if line.strip():
            doc.add_paragraph(line.strip())
    doc.save(str(path))
    return path


def txt_to_docx(txt: Path, out: Path) -> Path:
    """A corpus .txt converted to .docx the simple way: python-docx, one paragraph per line."""
    from drafter.yamlio import read_text

    return build_plain_docx(out, read_text(txt).splitlines())
