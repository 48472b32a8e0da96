"""Length: 字数 as Word counts it and the speaking time it needs, against a target."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from drafter.check.finding import Hit

if TYPE_CHECKING:
    from drafter.check.context import Context

# Word's 字数: each CJK character and each full-width mark counts 1, each run of Latin letters or
# digits counts 1, spaces and half-width punctuation between words count 0.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
_COUNT = re.compile(rf"[{_CJK}]|[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")


def char_count(text: str) -> int:
    """字数 the way Word's word count shows it for Chinese text."""
    return len([m for m in _COUNT.finditer(text) if not m.group().isspace() and m.group() != "\u3000"])


def rate(ctx: "Context") -> int:
    return ctx.facts.rate or int(ctx.config["length"]["rate"])


def body_chars(ctx: "Context") -> int:
    return sum(char_count(p.text) for p in ctx.body)


def target(ctx: "Context") -> Iterator[Hit]:
    """Too long or too short for the target minutes (if one was given)."""
    goal = ctx.facts.minutes
    if not goal:
        return
    chars, r = body_chars(ctx), rate(ctx)
    minutes = chars / r
    tol = float(ctx.config["length"]["tolerance"])
    if abs(minutes - goal) > tol * goal:
        want = round(goal * r)
        more = "偏长" if minutes > goal else "偏短"
        yield Hit(None, f"{chars} 字", f"全文 {chars} 字，按每分钟 {r} 字约需 {minutes:.1f} 分钟，比目标 {goal:g} 分钟{more}",
                  f"{'压缩' if minutes > goal else '充实'}到约 {want} 字。")
