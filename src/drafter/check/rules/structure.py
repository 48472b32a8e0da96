"""Structure of any draft: padded sections, announced count, salutation, heading echoes, numbering
order (GB/T 9704: 一、 （一） 1. （1）) and one numbering scheme per level. Facts come from
`check.structure.of_context`, the same ones `structure_of` gives other callers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from drafter.check.finding import Hit, quote
from drafter.check.structure import GBT_RANK, is_salutation, of_context, starts_with_hail

if TYPE_CHECKING:
    from drafter.check.context import Context


def _name(ctx: "Context", scheme: str) -> str:
    return str(ctx.config["numbering"]["styles"][scheme]["name"])


def _para(ctx: "Context", index: int):  # noqa: ANN202 - a document Paragraph
    return next(p for p in ctx.doc.paragraphs if p.index == index)


def padded(ctx: "Context") -> Iterator[Hit]:
    """A run of more than `structure.max_points` sibling points (19 run-in points in one section)."""
    most = int(ctx.config["structure"]["max_points"])
    for run in of_context(ctx).runs:
        if run.count > most:
            first = run.points[0]
            p = _para(ctx, first.paragraph)
            where = "全文" if run.parent is None else "这一部分"
            yield Hit(p, quote(p.text, first.start, first.end), f"{where}并列了 {run.count} 条“{_name(ctx, run.scheme)}”要点，超过 {most} 条，显得堆砌",
                      f"合并相近的要点，或拆成几个小标题，每部分不超过 {most} 条。")


def announced(ctx: "Context") -> Iterator[Hit]:
    """讲三点意见 / 从三个方面, but the speech has a different number of sections."""
    st = of_context(ctx)
    if st.announced is None or st.announced_at is None or st.announced == st.section_count:
        return
    p = _para(ctx, st.announced_at)
    i = p.text.find(st.announced_text)
    got = f"正文有 {st.section_count} 个部分" if st.section_count else "正文没有“一、二、三”分部分"
    yield Hit(p, quote(p.text, i, i + len(st.announced_text)), f"开头说“{st.announced_text}”，{got}",
              "核对各部分是否齐全（稿子可能不完整），或改正开头的说法。")


def salutation(ctx: "Context") -> Iterator[Hit]:
    """A whole speech (title, several paragraphs) with no 称呼 line such as 同志们：."""
    body = ctx.body
    if len(body) < ctx.config["structure"]["min_paragraphs"] or of_context(ctx).salutations:
        return
    first = next((p for p in body[1:8] if len(p.text) > 30), body[1])
    if starts_with_hail(first.text):
        return  # 同志们，…: the salutation is run into the first paragraph, as some speeches do
    yield Hit(first, quote(first.text, 0, 12), "讲话稿没有称呼（如“同志们：”）",
              "在标题（和讲话人、日期）之后、正文之前单独一行写称呼，如“同志们：”。")


def doubled_salutation(ctx: "Context") -> Iterator[Hit]:
    """同志们： followed straight away by a paragraph that opens 同志们，."""
    body = ctx.body
    for k, p in enumerate(body[:-1]):
        if is_salutation(p.text):
            nxt = body[k + 1]
            hail = starts_with_hail(nxt.text)
            if hail and hail in p.text:
                yield Hit(nxt, quote(nxt.text, 0, len(hail) + 1), f"称呼“{p.text}”之后，下一段又以“{hail}，”开头",
                          f"删去这一段开头的“{hail}，”（称呼只写一次）。")


_PUNCT = re.compile(r"[\s，,、；;：:。！!？?“”\"‘’（）()《》—…]")


def _bigrams(s: str) -> set[str]:
    s = _PUNCT.sub("", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def echo(ctx: "Context") -> Iterator[Hit]:
    """A heading whose words come back as the first sentence under it (一、加强领导 / 要加强领导。)."""
    cfg = ctx.config["structure"]
    st = of_context(ctx)
    body = ctx.body
    pos = {p.index: k for k, p in enumerate(body)}
    heads = [s.heading for s in st.sections] + [pt for r in st.runs if r.level == 2 and r.points[0].leading
                                                 and GBT_RANK.get(r.scheme) for pt in r.points]
    for h in heads:
        if h.paragraph not in pos:
            continue
        p = body[pos[h.paragraph]]
        rest = p.text[h.end:].strip()
        m = re.search(r"[。！？]", rest)
        title, after = (rest[:m.start()], rest[m.end():]) if m else (rest, "")
        if after.strip():
            target, tp = after.strip(), p  # run-in heading: its body goes on in the same paragraph
        elif pos[h.paragraph] + 1 < len(body):
            tp = body[pos[h.paragraph] + 1]
            target = tp.text
        else:
            continue
        # The opening words only: a long sentence that ends by naming its heading is not an echo.
        sentence = re.split(r"[。！？；]", target, maxsplit=1)[0]
        sentence = sentence[: max(len(title) + 6, int(len(title) * 1.3))]
        hb = _bigrams(title)
        if len(hb) < cfg["echo_min_chars"] - 1:
            continue
        share = len(hb & _bigrams(sentence)) / len(hb)
        if share >= cfg["echo_share"]:
            i = tp.text.find(sentence)
            yield Hit(tp, quote(tp.text, max(i, 0), max(i, 0) + len(sentence)),
                      f"第一句重复了标题“{title[:20]}”的说法（{share:.0%} 相同）",
                      "第一句换一种说法，直接讲道理或讲措施，不要把标题再念一遍。")


def scheme(ctx: "Context") -> Iterator[Hit]:
    """One level numbered two ways (第一，in one section, （一） in the next, 一是 in a third)."""
    st = of_context(ctx)
    for level, schemes in sorted(st.schemes.items()):
        if len(schemes) < 2:
            continue
        runs = [r for r in st.runs if r.level == level and r.points[0].leading]
        uses = {s: sum(r.count for r in runs if r.scheme == s) for s in schemes}
        main = max(schemes, key=lambda s: (uses[s], -schemes.index(s)))
        for s in schemes:
            if s == main:
                continue
            run = next(r for r in runs if r.scheme == s)
            pt = run.points[0]
            p = _para(ctx, pt.paragraph)
            shown = "、".join(f"“{_name(ctx, x)}”" for x in schemes)
            yield Hit(p, quote(p.text, pt.start, pt.end), f"同一层级（第 {level} 层）的序号混用了 {shown}，这里用“{_name(ctx, s)}”（共 {uses[s]} 处）",
                      f"同一层级统一用一种序号，如都用“{_name(ctx, main)}”。")


def order(ctx: "Context") -> Iterator[Hit]:
    """GB/T 9704 order: 一、 above （一） above 1. above （1）; a lower mark never holds a higher one."""
    for run in of_context(ctx).runs:
        if run.parent is None or not run.points[0].leading:
            continue
        mine, up = GBT_RANK.get(run.scheme), GBT_RANK.get(run.parent.scheme)
        if mine and up and mine <= up:
            pt = run.points[0]
            p = _para(ctx, pt.paragraph)
            yield Hit(p, quote(p.text, pt.start, pt.end),
                      f"序号层次颠倒：“{_name(ctx, run.scheme)}”排在“{_name(ctx, run.parent.scheme)}”之下",
                      "按 GB/T 9704 的顺序编号：一、→（一）→ 1. →（1）。")
