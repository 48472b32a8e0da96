"""Repeated sentences and doubled words (深入开展深入开展, 开展的深入开展)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from drafter.check.finding import Hit, quote

if TYPE_CHECKING:
    from drafter.check.context import Context

_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
_QUOTES = "“”\"‘’「」『』"
_HAN = r"[\u4e00-\u9fff]"


def _norm(s: str) -> str:
    return re.sub(r"[\s" + _QUOTES + r"，,、：:。！？!?；;]", "", s)


def sentence(ctx: "Context") -> Iterator[Hit]:
    """The same sentence twice in one speech (pasted twice, or two drafts merged)."""
    seen: dict[str, int] = {}
    repeats: dict[str, list[Any]] = {}  # one finding per repeated sentence, however often it repeats
    least = ctx.config["repetition"]["min_sentence_chars"]
    for p in ctx.body:
        for m in _SENTENCE.finditer(p.text):
            key = _norm(m.group())
            if len(key) < least:
                continue
            if key in seen:
                repeats.setdefault(key, [p, m.span(), 0])[2] += 1
            else:
                seen[key] = p.index
    for key, (p, span, n) in repeats.items():
        more = f"（共重复 {n} 次）" if n > 1 else ""
        yield Hit(p, quote(p.text, *span), f"这句话与第 {seen[key]} 段重复{more}", "删去重复的一处，或换一种说法。")


def word(ctx: "Context") -> Iterator[Hit]:
    """A word written twice in a row, quotes aside; or twice with only modifiers between."""
    cfg = ctx.config["repetition"]
    allow = set(cfg["allow_doubled"])
    singles = "".join(re.escape(c) for c in cfg["doubled_single"])
    doubled = re.compile(rf"({_HAN}{{2,8}}?)\1")
    single = re.compile(rf"([{singles}])\1") if singles else None
    fillers = "|".join(sorted(map(re.escape, cfg["fillers"]), key=len, reverse=True))
    near_words = "|".join(map(re.escape, cfg["near_words"]))
    near = re.compile(rf"({near_words})((?:{fillers})+)\1") if fillers and near_words else None
    for p in ctx.body:
        text = "".join(c for c in p.text if c not in _QUOTES)
        spans: list[tuple[int, int]] = []
        for rx in filter(None, (doubled, single, near)):
            for m in rx.finditer(text):
                if m.group() in allow or any(a <= m.start() < b for a, b in spans) or _aabb(text, m) or _one_by_one(m):
                    continue
                spans.append(m.span())
                w = m.group(1)
                yield Hit(p, quote(text, *m.span()), f"词语重复：“{m.group()}”", f"删去重复的“{w}”。")


def _one_by_one(m: "re.Match[str]") -> bool:
    """一条一条, 一个支部一个支部: “one X after another” is written by doubling 一X, not a slip."""
    return len(m.group(1)) >= 2 and m.group(1)[0] == "一"


def _aabb(text: str, m: "re.Match[str]") -> bool:
    """实实在在, 扎扎实实: a one-character doubling that is half of an AABB word."""
    if len(m.group(1)) != 1:
        return False
    a, b = m.start(), m.end()
    before = a >= 2 and text[a - 1] == text[a - 2]
    after = b + 1 < len(text) and text[b] == text[b + 1]
    return before or after
