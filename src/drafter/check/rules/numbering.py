"""Numbering of points: gaps, repeats and mixed styles in 一、/ 第一，/ 一是 / （一）/ 1、/ （1）."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from drafter.check.finding import Hit, quote
from drafter.check.structure import Marker, markers
from drafter.numerals import to_chinese

if TYPE_CHECKING:
    from drafter.check.context import Context

def _label(ctx: "Context", style: str, n: int) -> str:
    name = ctx.config["numbering"]["styles"][style]["name"]
    return re.sub(r"[一1]", to_chinese(n) if re.search("[一]", name) else str(n), name, count=1)


def _walk(ctx: "Context") -> Iterator[tuple[Marker, int | None]]:
    """Each marker with the previous number of its sequence (None = a new sequence starts here).

    Nesting is inferred: a style seen again closes every style opened after it, whose numbering
    then starts afresh.
    """
    stack: list[str] = []
    last: dict[str, int] = {}
    for mk in markers(ctx):
        if mk.style in stack:
            for s in stack[stack.index(mk.style) + 1 :]:
                last.pop(s, None)
            del stack[stack.index(mk.style) + 1 :]
        else:
            stack.append(mk.style)
        yield mk, last.get(mk.style)
        last[mk.style] = mk.n


def gap(ctx: "Context") -> Iterator[Hit]:
    """A number skipped (一、 then 三、) or a sequence not starting at one."""
    for mk, prev in _walk(ctx):
        if mk.n == 1:
            continue
        if prev is None:
            want = _label(ctx, mk.style, 1)
            yield Hit(mk.para, quote(mk.para.text, mk.start, mk.end), f"序号“{_label(ctx, mk.style, mk.n)}”前没有“{want}”", f"从“{want}”开始编号。")
        elif mk.n > prev + 1:
            want = _label(ctx, mk.style, prev + 1)
            yield Hit(mk.para, quote(mk.para.text, mk.start, mk.end), f"序号跳号：“{_label(ctx, mk.style, prev)}”之后是“{_label(ctx, mk.style, mk.n)}”", f"改为“{want}”，或补上缺少的部分。")


def repeat(ctx: "Context") -> Iterator[Hit]:
    """A number used twice, or going backwards."""
    for mk, prev in _walk(ctx):
        if prev is not None and mk.n != 1 and mk.n <= prev:
            want = _label(ctx, mk.style, prev + 1)
            yield Hit(mk.para, quote(mk.para.text, mk.start, mk.end), f"序号重复或倒退：“{_label(ctx, mk.style, prev)}”之后又是“{_label(ctx, mk.style, mk.n)}”", f"改为“{want}”。")


def mixed(ctx: "Context") -> Iterator[Hit]:
    """One numbering level written two ways (1、 and 1. ; （一） and (一)), or a mark written wrong."""
    yield from wrong(ctx)
    variants = ctx.config["numbering"].get("variants", {})
    for style, forms in variants.items():
        used: dict[str, list[Any]] = {}
        for mk in markers(ctx):
            if mk.style != style:
                continue
            for rx, name in forms.items():
                if re.search(rx, mk.para.text):
                    used.setdefault(name, []).append(mk.para)
                    break
        if len(used) > 1:
            main = max(used, key=lambda k: len(used[k]))
            for name, paras in used.items():
                if name != main:
                    p = paras[0]
                    yield Hit(p, quote(p.text, 0, 6), f"序号写法不一致：多数用“{main}”，这里用“{name}”（共 {len(paras)} 处）", f"统一写作“{main}”。")


def wrong(ctx: "Context") -> Iterator[Hit]:
    """Marks that are wrong whatever else the speech uses: （一）、 and 一. (reported as numbering.mixed)."""
    for rx, why in ctx.config["numbering"].get("wrong", {}).items():
        for mk in markers(ctx):
            m = re.search(rx, mk.para.text)
            if m:
                yield Hit(mk.para, quote(mk.para.text, *m.span()), f"序号写法不规范：{why}", f"改为“{_label(ctx, mk.style, mk.n)}”。",
                          rule="numbering.mixed")
                break
