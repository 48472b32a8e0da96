"""Typography of the text itself: half-width punctuation between hanzi, characters the _GB2312 fonts lack."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from drafter.check.finding import Hit, quote
from drafter.textutil import LazyPattern

if TYPE_CHECKING:
    from drafter.check.context import Context

# Compiled only for a paragraph holding one of its half-width marks: the hanzi classes cost ~2.5 ms to
# compile (measured), and a draft without such a mark (drafter's own) never needs it.
_HALF_MARKS = frozenset(",;:?!(")
_HALF = LazyPattern(r"(?<=[\u4e00-\u9fff])[,;:?!](?=\s*[\u4e00-\u9fff“])|(?<=[\u4e00-\u9fff”])[,;:?!]\s*$|\((?=[\u4e00-\u9fff])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（"}


def halfwidth_punct(ctx: "Context") -> Iterator[Hit]:
    """Half-width , ; : ? ! ( in Chinese text: one finding for the document, at the first place."""
    todo = re.compile(ctx.config["leftovers"]["todo"])  # drafter's own 【待填:…】 is reported elsewhere
    found = [(p, m) for p in ctx.body if not _HALF_MARKS.isdisjoint(p.text)
             for m in _HALF.finditer(todo.sub(lambda t: "　" * len(t.group()), p.text))]
    if found:
        p, m = found[0]
        paras = len({q.index for q, _ in found})
        yield Hit(p, quote(p.text, *m.span()), f"中文里用了半角标点“{m.group().strip()}”（共 {len(found)} 处，{paras} 段）",
                  f"改为全角标点（“{m.group().strip()}”→“{_FULL.get(m.group().strip(), '')}”）：Word/WPS 中可用“查找和替换”。")


def _outside_gb2312(ctx: "Context") -> list[tuple[object, int, str]]:
    """(paragraph, position, character) for every hanzi the GB2312 fonts lack. A paragraph GB2312
    encodes whole (almost all) is passed in one call rather than character by character."""
    return [(p, i, ch) for p in ctx.body if not _in_gb2312(p.text) for i, ch in enumerate(p.text)
            if "\u4e00" <= ch <= "\u9fff" and not _in_gb2312(ch)]


def _is_traditional(ch: str) -> bool:
    """A traditional character OpenCC turns into a different simplified one (這 → 这; 镕 stays)."""
    from drafter.mine.clean import to_simplified  # OpenCC's tables, loaded only when such a character exists

    return to_simplified(ch) != ch


def _span(paras: list[int]) -> str:
    return f"第 {paras[0]} 段" if paras[0] == paras[-1] else f"第 {paras[0]}–{paras[-1]} 段"


def traditional(ctx: "Context") -> Iterator[Hit]:
    """Text in traditional characters: one finding for all of them, with the count and where."""
    hits = [(p, i, ch) for p, i, ch in _outside_gb2312(ctx) if _is_traditional(ch)]
    if not hits:
        return
    p, i, _ = hits[0]
    paras = sorted({q.index for q, _, _ in hits})  # type: ignore[attr-defined]
    distinct = "".join(dict.fromkeys(ch for _, _, ch in hits))
    shown = distinct[:8] + ("…" if len(distinct) > 8 else "")
    yield Hit(p, quote(p.text, i, i + 1), f"稿子用了繁体字（{len(hits)} 处，{len(distinct)} 个字：{shown}；{_span(paras)}，共 {len(paras)} 段）",  # type: ignore[attr-defined]
              "全文转为简体：Word“审阅 → 繁转简”，WPS“审阅 → 繁转简”；转换后再通读一遍。")


def gb2312(ctx: "Context") -> Iterator[Hit]:
    """Hanzi outside GB2312 (镕, 堃…) that are not traditional: 仿宋_GB2312 and 楷体_GB2312 lack them.
    One finding for all of them, naming each character."""
    hits = [(p, i, ch) for p, i, ch in _outside_gb2312(ctx) if not _is_traditional(ch)]
    if not hits:
        return
    p, i, _ = hits[0]
    paras = sorted({q.index for q, _, _ in hits})  # type: ignore[attr-defined]
    chars = "、".join(f"“{c}”" for c in dict.fromkeys(ch for _, _, ch in hits))
    more = f"（共 {len(hits)} 处，{_span(paras)}）" if len(hits) > 1 else ""
    yield Hit(p, quote(p.text, i, i + 1), f"{chars}不在 GB2312 字库中{more}，仿宋_GB2312、楷体_GB2312 无此字，打印时会换成别的字体",  # type: ignore[attr-defined]
              "确认该字无误；如需统一字形，可单独为该字设置“仿宋”或“楷体”。")


def _in_gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False
