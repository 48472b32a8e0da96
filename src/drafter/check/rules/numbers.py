"""Numbers and dates as written: a space inside a number (2011 年), dates whose digits were lost
(今月, 月日), a day without 日 (4月30、), congresses in Arabic numerals (党的19大).

GB/T 15835-2011《出版物上数字用法》: no space between a number and its unit; a date's day takes 日.
Congress and plenum ordinals are written in Chinese numerals (党的十九大, 十九届四中全会), as every
central document writes them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from drafter.check.finding import Hit, quote
from drafter.numerals import to_chinese

if TYPE_CHECKING:
    from drafter.check.context import Context

_NUMERAL = "0-9０-９〇○零一二三四五六七八九十两几"
_SPACE = re.compile(r"(?<=\d)[ \u3000\u00a0\t]+(?=[年月日号时%万亿元个名次届周岁])|(?<=[年月])[ \u3000\u00a0\t]+(?=\d)"
                    r"|(?<=\d)[ \u3000\u00a0\t]+(?=\d+[年月日])")
_STRIPPED = re.compile(rf"今月|(?<![{_NUMERAL}本上下同当每次该去今明前后底初])月(?=日)|(?<![{_NUMERAL}])年(?=[初底]?月)")
_NO_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})(?![\d日号])")
_CONGRESS = re.compile(r"党的\s*(\d{1,2})\s*大|第\s*(\d{1,2})\s*次全国代表大会|(\d{1,2})\s*届\s*(\d{1,2}|[一二三四五六七八九])\s*中全会")


def number_space(ctx: "Context") -> Iterator[Hit]:
    """2011 年, 4 月: a space typed inside a number or between a number and its unit."""
    found = [(p, m) for p in ctx.body for m in _SPACE.finditer(p.text)]
    if found:
        p, m = found[0]
        paras = len({q.index for q, _ in found})
        a, b = max(0, m.start() - 4), min(len(p.text), m.end() + 2)
        yield Hit(p, quote(p.text, a, b), f"数字和单位之间有空格（共 {len(found)} 处，{paras} 段）",
                  "删去空格，写作“2011年”“4月”（Word/WPS 的“查找和替换”可批量处理）。")


def stripped(ctx: "Context") -> Iterator[Hit]:
    """今月, 月日, 年月: a date whose numbers were lost (copied from a template or a web page)."""
    for p in ctx.body:
        spans: list[list[int]] = []
        for m in _STRIPPED.finditer(p.text):
            if spans and m.start() <= spans[-1][1] + 1:
                spans[-1][1] = m.end() + 1  # 年月日: one date, one finding
            else:
                spans.append([m.start(), m.end() + (1 if p.text[m.end():m.end() + 1] in "日月" else 0)])
        for s, e in spans:
            a, b = max(0, s - 2), min(len(p.text), e + 1)
            yield Hit(p, quote(p.text, a, b), f"日期缺少数字：“{p.text[a:b]}”", "补上年、月、日的数字，如“2011年4月12日”。")


def no_day(ctx: "Context") -> Iterator[Hit]:
    """4月30、 / 4月30， : a day written without 日."""
    for p in ctx.body:
        for m in _NO_DAY.finditer(p.text):
            after = p.text[m.end(): m.end() + 4]
            if re.match(r"[、，,至到—－-]\s*\d{1,2}\s*[日号]", after):
                continue  # 3月15、16日: the 日 closes both days
            yield Hit(p, quote(p.text, *m.span()), f"“{m.group()}”缺少“日”", f"写作“{m.group(1)}月{m.group(2)}日”。")


def congress_numerals(ctx: "Context") -> Iterator[Hit]:
    """党的19大 / 19届4中全会: congress and plenum ordinals in Arabic numerals."""
    for p in ctx.body:
        for m in _CONGRESS.finditer(p.text):
            if m.group(1) or m.group(2):
                right = f"党的{to_chinese(int(m.group(1) or m.group(2)))}大"
            else:
                plenum = m.group(4)
                right = f"{to_chinese(int(m.group(3)))}届{to_chinese(int(plenum)) if plenum.isdigit() else plenum}中全会"
            yield Hit(p, quote(p.text, *m.span()), f"“{m.group()}”中的届次应当用汉字数字", f"改为“{right}”。")
