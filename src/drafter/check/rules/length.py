"""Length: 字数 as Word counts it and the speaking time it needs, against a target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from drafter.check.finding import Hit

if TYPE_CHECKING:
    from drafter.check.context import Context

def rate(ctx: "Context") -> int:
    return ctx.facts.rate or int(ctx.config["length"]["rate"])


def body_chars(ctx: "Context") -> int:
    """字数 of what is spoken: from the salutation on when the speech opens with title lines and a
    salutation (the title, speaker and date lines are not spoken), else every paragraph. The same
    count `new` and `render` print for a draft."""
    from drafter.check.structure import is_salutation
    from drafter.textutil import count_chars

    body = ctx.body
    start = next((k for k, p in enumerate(body[:8]) if is_salutation(p.text)), 0)
    return sum(count_chars(p.text) for p in body[start:])


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
