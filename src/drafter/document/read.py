"""Reading a speech from .docx, .txt or .md into the document model.

For .docx every paragraph also carries its *effective* format (East Asian font, size, line spacing,
indent, alignment), resolved the way Word does it: run → character style → paragraph → paragraph
style and its `basedOn` chain → docDefaults. python-docx answers `None` for anything inherited,
so the resolution is done here on the XML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from drafter.document.model import Document, PageFormat, ParaFormat, Paragraph
from drafter.errors import InputError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUFFIXES = (".docx", ".txt", ".md")


def read_document(path: Path) -> Document:
    """Read a .docx, .txt or .md file; raise InputError (exit 2) when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"不支持的文件类型：{path.name}",
            path=path,
            hint="drafter check 可以检查 .docx、.txt 和 .md 文件；.doc/.wps 请先在 Word/WPS 中另存为 .docx。",
        )
    if suffix == ".docx":
        doc = _read_docx(path)
        _check_length(sum(len(p.text) for p in doc.paragraphs), path)
    else:
        from drafter.yamlio import read_text

        text = read_text(path, "讲话稿")
        _check_length(len(text), path)
        doc = document_from_text(text, kind=suffix[1:], path=path)
    if not doc.paragraphs:
        # Checking nothing would report "no problems": say what is really wrong.
        raise InputError(
            f"讲话稿中没有任何文字：{path}",
            hint="请确认选对了文件；Word 文件中的文字若都在文本框或表格里，请先粘贴到正文中。",
        )
    return doc


# A speech is 3,000–10,000 characters; 200,000 is some 17 hours of speaking. Checking takes time
# in proportion: a file far longer is a wrong file (a log, a book), refused rather than ground through.
MAX_CHECK_CHARS = 200_000


def _check_length(chars: int, path: Path) -> None:
    if chars > MAX_CHECK_CHARS:
        raise InputError(
            f"讲话稿太长（{chars} 字），drafter check 最多检查 {MAX_CHECK_CHARS} 字：{path}",
            hint="请确认选对了文件；很长的材料请分成几份分别检查。",
        )


def document_from_text(text: str, *, kind: str = "txt", path: Path | None = None) -> Document:
    """Split plain text (or Markdown) into paragraphs, one per non-empty line."""
    paras: list[Paragraph] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _strip_markdown(raw) if kind == "md" else raw
        line = line.strip().strip("\u3000").strip()
        if line:
            paras.append(Paragraph(index=len(paras) + 1, text=line, line=lineno))
    return Document(paragraphs=paras, kind=kind, path=path)


_MD_BOLD = re.compile(r"\*\*(\S(?:[^*]*?\S)?)\*\*")


def _strip_markdown(line: str) -> str:
    """Markdown markup off: heading marks, list marks, balanced **bold** (a lone ** stays: it is a placeholder)."""
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = re.sub(r"^\s{0,3}>\s?", "", line)
    return _MD_BOLD.sub(r"\1", line)


# --------------------------------------------------------------------------- .docx


def _read_docx(path: Path) -> Document:
    from drafter.safeinput import check_docx, regular_file

    regular_file(path, "讲话稿")  # missing, a folder named x.docx, a FIFO: told before opening
    check_docx(path, path)  # damaged, oversized or hostile packages: told before python-docx unpacks them
    try:
        return _docx_document(path)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a package that passed the checks yet is not a Word document
        raise InputError(
            f"无法打开 Word 文件：{path}（文件已损坏，或不是 .docx 格式）",
            path=path,
            hint="请在 Word/WPS 中打开后“另存为” .docx 再检查。",
        ) from exc


def _docx_document(path: Path) -> Document:
    from docx import Document as open_docx

    from drafter.document.styles import STYLES

    doc = open_docx(str(path))
    resolver = _Resolver(doc)
    kinds = {spec.name: kind for kind, spec in STYLES.items()}  # drafter's own styles say what a paragraph is
    paras: list[Paragraph] = []
    for p in doc.paragraphs:
        text = p.text.strip().strip("\u3000").strip()
        if not text:
            continue
        style = resolver.style_name(p._p)
        paras.append(
            Paragraph(index=len(paras) + 1, text=text, kind=kinds.get(style, ""), style=style or "",
                      fmt=resolver.paragraph(p._p))
        )
    return Document(paragraphs=paras, kind="docx", path=path, page=_page_format(doc))


def _on(el: Any) -> bool:
    """A toggle property element (w:b …): present and not switched off."""
    return el is not None and el.get(_W + "val", "true") not in ("0", "false", "off")


class _Resolver:
    """Effective paragraph/run properties: direct → style chain → docDefaults."""

    def __init__(self, doc: Any) -> None:
        from docx.styles import BabelFish  # python-docx is loaded already: `doc` is its document

        self.ui_name = BabelFish.internal2ui
        root = doc.styles.element
        self.styles = {s.get(_W + "styleId"): s for s in root.findall(_W + "style")}
        # The last default paragraph style in document order (as the spec and python-docx have it).
        defaults = [s for s in root.findall(_W + "style")
                    if s.get(_W + "type") == "paragraph" and s.get(_W + "default") in ("1", "true", "on")]
        self.default_para = defaults[-1] if defaults else None
        dd = root.find(_W + "docDefaults")
        self.rpr_default = dd.find(f"{_W}rPrDefault/{_W}rPr") if dd is not None else None
        self.ppr_default = dd.find(f"{_W}pPrDefault/{_W}pPr") if dd is not None else None

    def style_name(self, p: Any) -> str:
        """The paragraph style's name as python-docx gives it (`paragraph.style.name`): its pStyle,
        else (missing, or not a paragraph style) the default paragraph style. Looked up here in the
        styles already indexed: python-docx scans every style for the default, per paragraph (two
        thirds of reading a draft, measured)."""
        style = self._para_style(p)
        if style is not None and style.get(_W + "type") != "paragraph":
            style = self.default_para
        name = style.find(_W + "name") if style is not None else None
        return self.ui_name(name.get(_W + "val")) if name is not None and name.get(_W + "val") else ""

    def _chain(self, style: Any) -> Iterator[Any]:
        seen = set()
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            yield style
            based = style.find(_W + "basedOn")
            style = self.styles.get(based.get(_W + "val")) if based is not None else None

    def _para_style(self, p: Any) -> Any:
        ppr = p.find(_W + "pPr")
        ps = ppr.find(_W + "pStyle") if ppr is not None else None
        if ps is not None and ps.get(_W + "val") in self.styles:
            return self.styles[ps.get(_W + "val")]
        return self.default_para

    def _ppr_levels(self, p: Any) -> list[Any]:
        levels = [p.find(_W + "pPr")]
        levels += [s.find(_W + "pPr") for s in self._chain(self._para_style(p))]
        levels.append(self.ppr_default)
        return [x for x in levels if x is not None]

    def _rpr_levels(self, p: Any, r: Any | None) -> list[Any]:
        levels = []
        if r is not None:
            rpr = r.find(_W + "rPr")
            levels.append(rpr)
            rs = rpr.find(_W + "rStyle") if rpr is not None else None
            if rs is not None:
                levels += [s.find(_W + "rPr") for s in self._chain(self.styles.get(rs.get(_W + "val")))]
        levels += [s.find(_W + "rPr") for s in self._chain(self._para_style(p))]
        levels.append(self.rpr_default)
        return [x for x in levels if x is not None]

    def _run_font(self, levels: list[Any]) -> str | None:
        for rpr in levels:
            rf = rpr.find(_W + "rFonts")
            if rf is None:
                continue
            theme = rf.get(_W + "eastAsiaTheme")
            if theme:
                return f"主题字体（{theme}）"
            if rf.get(_W + "eastAsia"):
                return rf.get(_W + "eastAsia")
        return None

    @staticmethod
    def _first(levels: list[Any], tag: str) -> Any:
        for x in levels:
            el = x.find(_W + tag)
            if el is not None:
                return el
        return None

    def _attr(self, levels: list[Any], tag: str, attr: str) -> str | None:
        for x in levels:
            el = x.find(_W + tag)
            if el is not None and el.get(_W + attr) is not None:
                return el.get(_W + attr)
        return None

    @staticmethod
    def _pair(levels: list[Any], first: str, hanging: str) -> int | None:
        """firstLine/hanging exclude each other: the nearest level giving either decides (hanging < 0)."""
        for x in levels:
            ind = x.find(_W + "ind")
            if ind is None:
                continue
            if ind.get(_W + hanging) is not None:
                return -(_int(ind.get(_W + hanging)) or 0)
            if ind.get(_W + first) is not None:
                return _int(ind.get(_W + first))
        return None

    def paragraph(self, p: Any) -> ParaFormat:
        runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.findall(_W + "t")).strip()]
        # The run carrying most of the text speaks for the paragraph (a run-in heading's first run may differ).
        main = max(runs, key=lambda r: len("".join(t.text or "" for t in r.findall(_W + "t"))), default=None)
        rlev = self._rpr_levels(p, main)
        sz = self._first(rlev, "sz")
        plev = self._ppr_levels(p)
        jc = self._first(plev, "jc")
        fl_chars = self._pair(plev, "firstLineChars", "hangingChars")
        first_line = self._pair(plev, "firstLine", "hanging")
        return ParaFormat(
            direct=_direct(p.find(_W + "pPr"), main.find(_W + "rPr") if main is not None else None),
            east_asia=self._run_font(rlev),
            size=int(sz.get(_W + "val")) / 2 if sz is not None else None,
            bold=_on(self._first(rlev, "b")),
            align=jc.get(_W + "val") if jc is not None else None,
            line=_int(self._attr(plev, "spacing", "line")),
            line_rule=self._attr(plev, "spacing", "lineRule"),
            first_line_chars=fl_chars or None,  # 0 chars = "not in characters": the twips value applies
            first_line=first_line,
        )


def _direct(ppr: Any, rpr: Any) -> frozenset[str]:
    """Which properties the paragraph (pPr) and its main run (rPr) set themselves."""
    out = set()
    if rpr is not None:
        rf = rpr.find(_W + "rFonts")
        if rf is not None and (rf.get(_W + "eastAsia") or rf.get(_W + "eastAsiaTheme")):
            out.add("font")
        out |= {name for tag, name in (("sz", "size"), ("b", "bold")) if rpr.find(_W + tag) is not None}
    if ppr is not None:
        sp = ppr.find(_W + "spacing")
        if sp is not None and sp.get(_W + "line") is not None:
            out.add("line")
        out |= {name for tag, name in (("jc", "align"), ("ind", "indent")) if ppr.find(_W + tag) is not None}
    return frozenset(out)


def _int(v: str | None) -> int | None:
    try:
        return int(float(v)) if v is not None else None
    except ValueError:
        return None


def _page_format(doc: Any) -> PageFormat:
    sect = doc.sections[0]._sectPr
    pg, mar, grid = sect.find(_W + "pgSz"), sect.find(_W + "pgMar"), sect.find(_W + "docGrid")

    def g(el: Any, a: str) -> int | None:
        return _int(el.get(_W + a)) if el is not None else None

    footer_text, page_field = [], False
    for s in doc.sections:
        for f in (s.footer, s.even_page_footer, s.first_page_footer):
            if f.is_linked_to_previous and s is not doc.sections[0]:
                continue
            el = f._element
            footer_text.append("".join(t.text or "" for t in el.iter(_W + "t")))
            instr = " ".join(t.text or "" for t in el.iter(_W + "instrText"))
            instr += " ".join(x.get(_W + "instr", "") for x in el.iter(_W + "fldSimple"))
            page_field = page_field or bool(re.search(r"\bPAGE\b", instr))
    return PageFormat(
        width=g(pg, "w"), height=g(pg, "h"),
        top=g(mar, "top"), bottom=g(mar, "bottom"), left=g(mar, "left"), right=g(mar, "right"),
        grid_type=grid.get(_W + "type") if grid is not None else None,
        line_pitch=g(grid, "linePitch"),
        sections=len(doc.sections),
        even_odd=bool(doc.settings.odd_and_even_pages_header_footer),
        page_field=page_field,
        footer_text=" | ".join(t for t in footer_text if t.strip()),
    )
