"""Typography of the text itself: half-width punctuation between hanzi, characters the _GB2312 fonts lack."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from drafter.check.finding import Hit, quote

if TYPE_CHECKING:
    from drafter.check.context import Context

_HALF = re.compile(r"(?<=[\u4e00-\u9fff])[,;:?!](?=\s*[\u4e00-\u9fff“])|(?<=[\u4e00-\u9fff”])[,;:?!]\s*$|\((?=[\u4e00-\u9fff])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（"}


def halfwidth_punct(ctx: "Context") -> Iterator[Hit]:
    """Half-width , ; : ? ! ( in Chinese text: one finding for the document, at the first place."""
    todo = re.compile(ctx.config["leftovers"]["todo"])  # drafter's own 【待填:…】 is reported elsewhere
    found = [(p, m) for p in ctx.body for m in _HALF.finditer(todo.sub(lambda t: "　" * len(t.group()), p.text))]
    if found:
        p, m = found[0]
        paras = len({q.index for q, _ in found})
        yield Hit(p, quote(p.text, *m.span()), f"中文里用了半角标点“{m.group().strip()}”（共 {len(found)} 处，{paras} 段）",
                  f"改为全角标点（“{m.group().strip()}”→“{_FULL.get(m.group().strip(), '')}”）：Word/WPS 中可用“查找和替换”。")


def gb2312(ctx: "Context") -> Iterator[Hit]:
    """Hanzi outside GB2312 (镕, 堃…): 仿宋_GB2312 and 楷体_GB2312 lack them and show a substitute font."""
    seen: set[str] = set()
    for p in ctx.body:
        for i, ch in enumerate(p.text):
            if "\u4e00" <= ch <= "\u9fff" and ch not in seen and not _in_gb2312(ch):
                seen.add(ch)
                yield Hit(p, quote(p.text, i, i + 1), f"“{ch}”不在 GB2312 字库中，仿宋_GB2312、楷体_GB2312 无此字，打印时会换成别的字体",
                          "确认该字无误；如需统一字形，可单独为该字设置“仿宋”或“楷体”。")


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False
