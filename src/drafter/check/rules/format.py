"""GB/T 9704 layout of a .docx: page, margins, grid, fonts and sizes by role, spacing, indent, page numbers.

Paragraph findings are grouped: one finding per (role, wrong value), at its first paragraph, with
a count — a document typed in the wrong font has one problem, not two hundred.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterator

from drafter.check.finding import Hit, quote

if TYPE_CHECKING:
    from drafter.check.context import Context
    from drafter.document.model import Paragraph

ROLE_ZH = {"title": "标题", "subtitle": "副标题", "speaker": "讲话人/日期行", "salutation": "称呼", "heading1": "一级标题",
           "heading2": "二级标题", "heading3": "三级标题", "heading4": "四级标题", "body": "正文"}
_TWIPS_PER_MM = 1440 / 25.4
_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_H3 = re.compile(r"^\d+[.．](?!\d)")
_H4 = re.compile(r"^[（(]\d+[）)]")
_SPEAKER = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$|^[（(]?[二〇○零一三四五六七八九十]{4}年")


def roles(ctx: "Context") -> list[tuple["Paragraph", str]]:
    """Each paragraph with its role, by style name first, else by position and wording: worked out
    once per check and kept on the context (every format rule asks for it)."""
    cached: list[tuple[Paragraph, str]] | None = getattr(ctx, "_roles", None)
    if cached is None:
        cached = ctx._roles = _roles(ctx)  # type: ignore[attr-defined]
    return list(cached)


def _roles(ctx: "Context") -> list[tuple["Paragraph", str]]:
    by_style = ctx.config["format"]["styles"]
    out: list[tuple[Paragraph, str]] = []
    for k, p in enumerate(ctx.body):  # web leftovers are reported as such, not as a misformatted title
        role = by_style.get(p.style) or _role_by_text(p, k, out)
        out.append((p, role))
    return out


def _role_by_text(p: "Paragraph", k: int, before: list[tuple["Paragraph", str]]) -> str:
    text, prev = p.text, [r for _, r in before]
    if k == 0:
        return "title"
    if "salutation" not in prev and "body" not in prev and text.startswith("——"):
        return "subtitle"
    if "salutation" not in prev and len(text) <= 16 and text.endswith(("：", ":")):
        return "salutation"
    if "salutation" not in prev and "body" not in prev and (len(text) <= 24 and (p.fmt and p.fmt.align == "center" or _SPEAKER.match(text))):
        return "speaker"
    short = len(text) <= 40 and not re.search(r"[。；]", text[:-1])
    for rx, role in ((_H1, "heading1"), (_H2, "heading2"), (_H4, "heading4"), (_H3, "heading3")):
        if rx.match(text) and short:
            return role
    return "body"


def _spec(ctx: "Context", role: str) -> dict[str, Any]:
    return ctx.config["format"]["roles"][role]


_CLEAR = "清除直接格式：选中这些段落，按 Ctrl+空格（或“开始 → 清除格式”），让它们回到样式规定的格式。"


def _grouped(ctx: "Context", judge: Callable[["Paragraph", dict[str, Any]], tuple[str, str, str] | None],
             prop: str = "") -> Iterator[Hit]:
    """Run `judge(p, spec) -> (actual, message, fix)` on every paragraph; one Hit per role and actual value.

    When the wrong value is set on the paragraph or its run itself (`ParaFormat.direct` has `prop`),
    the cause is direct formatting, not the style: those paragraphs form a group of their own, with
    the fix "清除直接格式" instead of the style's."""
    if ctx.doc.kind != "docx":
        return
    groups: dict[tuple[str, str, bool], list[Any]] = {}
    for p, role in roles(ctx):
        if p.fmt is None:
            continue
        got = judge(p, _spec(ctx, role))
        if got:
            direct = bool(prop) and prop in p.fmt.direct
            groups.setdefault((role, got[0], direct), [p, got, 0])[2] += 1
    for (role, _, direct), (p, (_, msg, fix), n) in groups.items():
        more = f"（同类共 {n} 段）" if n > 1 else ""
        if direct:
            yield Hit(p, quote(p.text, 0, 12), f"{ROLE_ZH[role]}{msg}{more}：是直接加在文字上的格式，不是样式", _CLEAR)
        else:
            yield Hit(p, quote(p.text, 0, 12), f"{ROLE_ZH[role]}{msg}{more}", fix)


def font(ctx: "Context") -> Iterator[Hit]:
    """East Asian font by role (正文 仿宋_GB2312, 一级标题 黑体, …)."""
    fonts = ctx.config["format"]["fonts"]

    def judge(p: "Paragraph", spec: dict[str, Any]) -> tuple[str, str, str] | None:
        groups = spec["font"] if isinstance(spec["font"], list) else [spec["font"]]
        ok = [name for g in groups for name in fonts[g]]
        got = p.fmt.east_asia if p.fmt else None  # type: ignore[union-attr]
        if got in ok:
            return None
        shown = got or "未设置（Word 默认宋体/等线）"
        return shown, f"的中文字体是“{shown}”，应为“{ok[0]}”", f"在样式中把中文字体设为“{ok[0]}”（修改样式 → 字体 → 中文字体）。"

    return _grouped(ctx, judge, "font")


def size(ctx: "Context") -> Iterator[Hit]:
    """Font size by role (标题 二号 22 磅, 其余 三号 16 磅)."""
    names = {22: "二号", 16: "三号", 14: "四号", 15: "小三", 18: "小二", 12: "小四", 10.5: "五号"}

    def judge(p: "Paragraph", spec: dict[str, Any]) -> tuple[str, str, str] | None:
        got = p.fmt.size if p.fmt and p.fmt.size is not None else 10.0  # Word's built-in default
        if abs(got - spec["size"]) < 0.26:
            return None
        want = f"{names.get(spec['size'], '')}（{spec['size']:g} 磅）"
        return f"{got:g}", f"字号为 {got:g} 磅，应为{want}", f"在样式中把字号改为{want}（修改样式 → 格式 → 字体）。"

    return _grouped(ctx, judge, "size")


def line_spacing(ctx: "Context") -> Iterator[Hit]:
    """Exact line spacing 28–29 pt for body and headings (22 lines a page)."""
    lo, hi = ctx.config["format"]["line_spacing_twips"]["min"], ctx.config["format"]["line_spacing_twips"]["max"]

    def judge(p: "Paragraph", spec: dict[str, Any]) -> tuple[str, str, str] | None:
        if spec.get("line_spacing") is False or p.fmt is None:
            return None
        if p.fmt.line_rule == "exact" and p.fmt.line is not None and lo <= p.fmt.line <= hi:
            return None
        if p.fmt.line_rule in ("exact", "atLeast") and p.fmt.line:
            shown = f"{'固定值' if p.fmt.line_rule == 'exact' else '最小值'} {p.fmt.line / 20:g} 磅"
        else:
            shown = f"{(p.fmt.line or 240) / 240:g} 倍行距"
        return shown, f"行距为{shown}，应为固定值 {lo / 20:g}～{hi / 20:g} 磅", "修改样式 → 段落 → 行距：固定值 28.95 磅（每页 22 行）。"

    return _grouped(ctx, judge, "line")


def indent(ctx: "Context") -> Iterator[Hit]:
    """First-line indent: 2 characters for body and headings, none for title, speaker line, 称呼."""

    def judge(p: "Paragraph", spec: dict[str, Any]) -> tuple[str, str, str] | None:
        f = p.fmt
        if f is None:
            return None
        size = f.size or spec["size"]
        chars = f.first_line_chars / 100 if f.first_line_chars else (f.first_line or 0) / (size * 20)
        if abs(chars - spec["indent"]) < 0.3:
            return None
        if spec["indent"] == 0:
            return f"{chars:.1f}", f"不应首行缩进（现为 {chars:.1f} 字）", "段落 → 特殊格式：无（顶格或居中）。"
        return f"{chars:.1f}", f"首行缩进 {chars:.1f} 字，应为 {spec['indent']} 字", "段落 → 特殊格式：首行缩进 2 字符（不要用空格缩进）。"

    return _grouped(ctx, judge, "indent")


def align(ctx: "Context") -> Iterator[Hit]:
    """Title and speaker line centred."""

    def judge(p: "Paragraph", spec: dict[str, Any]) -> tuple[str, str, str] | None:
        want = spec.get("align")
        got = (p.fmt.align if p.fmt else None) or "left"
        if not want or got == want:
            return None
        return got, "应居中", "段落 → 对齐方式：居中。"

    return _grouped(ctx, judge, "align")


def bold(ctx: "Context") -> Iterator[Hit]:
    """No bold where GB/T 9704 practice has none: title, 一级标题 (黑体), 称呼, body."""

    def judge(p: "Paragraph", spec: dict[str, Any]) -> tuple[str, str, str] | None:
        if spec.get("bold") is not False or p.fmt is None or not p.fmt.bold:
            return None
        return "bold", "加粗了，不应加粗", "修改样式 → 格式 → 字体：取消“加粗”。"

    return _grouped(ctx, judge, "bold")


def page(ctx: "Context") -> Iterator[Hit]:
    """A4 portrait."""
    pg, cfg = ctx.doc.page, ctx.config["format"]["page"]
    if ctx.doc.kind != "docx" or pg is None:
        return
    w, h, tol = cfg["width"], cfg["height"], cfg["tolerance"]
    if pg.width is None or pg.height is None or abs(pg.width - w) > tol or abs(pg.height - h) > tol:
        got = f"{_mm(pg.width)}×{_mm(pg.height)} 毫米" if pg.width and pg.height else "未设置"
        yield Hit(None, got, f"纸张为 {got}，应为 A4 纵向（210×297 毫米）", "布局 → 纸张大小：A4；纸张方向：纵向。")


def margins(ctx: "Context") -> Iterator[Hit]:
    """Margins top 37, bottom 35, left 28, right 26 mm (± 1)."""
    pg = ctx.doc.page
    if ctx.doc.kind != "docx" or pg is None:
        return
    want, tol = ctx.config["format"]["margins_mm"], ctx.config["format"]["margin_tolerance_mm"]
    zh = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
    wrong = []
    for side, mm in want.items():
        got = getattr(pg, side)
        if got is None or abs(got / _TWIPS_PER_MM - mm) > tol + 0.05:
            wrong.append(f"{zh[side]} {_mm(got)}（应为 {mm}）")
    if wrong:
        yield Hit(None, "；".join(wrong), f"页边距不符合 GB/T 9704：{'；'.join(wrong)} 毫米",
                  "布局 → 页边距：上 37、下 35、左 28、右 26 毫米（版心 156×225 毫米）。")


def grid(ctx: "Context") -> Iterator[Hit]:
    """Document grid by lines, pitch 28–29 pt (22 lines a page)."""
    pg = ctx.doc.page
    if ctx.doc.kind != "docx" or pg is None:
        return
    lim = ctx.config["format"]["grid_pitch_twips"]
    if pg.grid_type not in ("lines", "linesAndChars") or not pg.line_pitch or not lim["min"] <= pg.line_pitch <= lim["max"]:
        got = f"{pg.grid_type or '无网格'}，行距 {pg.line_pitch / 20 if pg.line_pitch else 0:g} 磅"
        yield Hit(None, got, f"文档网格为“{got}”，应为“只指定行网格”，每页 22 行", "布局 → 文档网格：只指定行网格，每页 22 行（行跨度 28.95 磅）。")


def page_number(ctx: "Context") -> Iterator[Hit]:
    """A PAGE field in the footer, written — 1 — (not 第1页, not - 1 -)."""
    pg = ctx.doc.page
    if ctx.doc.kind != "docx" or pg is None:
        return
    if not pg.page_field:
        yield Hit(None, pg.footer_text[:20] or "页脚为空", "没有页码", "插入 → 页码：页面底端，格式“— 1 —”，4 号半角宋体，单页居右、双页居左。")
    elif "\u2014" not in pg.footer_text:
        yield Hit(None, pg.footer_text[:20], "页码两侧应为一字线“— 1 —”", "页码格式改为“— 1 —”（一字线，不是连字符）。")


def _mm(twips: int | None) -> str:
    return f"{twips / _TWIPS_PER_MM:.0f}" if twips else "?"
