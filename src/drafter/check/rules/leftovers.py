"""Leftovers from templates, other units' speeches and web pages: XXX, 某某, 20**年, 【待填…】, {{ }}, URLs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from drafter.check.finding import Hit, quote

if TYPE_CHECKING:
    from drafter.check.context import Context


def _matches(ctx: "Context", pattern: str, *, junk_too: bool = False) -> Iterator[tuple[Any, re.Match[str]]]:
    """Matches in the speech (and in web leftovers too when `junk_too`: URLs are worth naming there)."""
    rx = re.compile(pattern)
    for p in ctx.doc.paragraphs if junk_too else ctx.body:
        for m in rx.finditer(p.text):
            yield p, m


def placeholder(ctx: "Context") -> Iterator[Hit]:
    """XXX, 某某, **, 20**年: text someone meant to fill in or anonymised."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for pattern, what in ctx.config["leftovers"]["placeholders"].items():
        for p, m in _matches(ctx, pattern):
            taken = spans.setdefault(p.index, [])
            if any(a <= m.start() < b for a, b in taken):
                continue  # 20**年 already reported; don't report its ** again
            taken.append(m.span())
            yield Hit(p, quote(p.text, *m.span()), f"{what}：“{m.group()}”未替换", "换成实际的名称、人名或年份。")


def todo(ctx: "Context") -> Iterator[Hit]:
    """【待填…】: what drafter leaves for the user to fill."""
    for p, m in _matches(ctx, ctx.config["leftovers"]["todo"]):
        yield Hit(p, quote(p.text, *m.span()), f"待填写的内容：{m.group()}", "单位名称、讲话人等在 params.yaml 中填写后重新生成；其他内容（日期、人员等）直接在稿中填写。")


def template(ctx: "Context") -> Iterator[Hit]:
    """Template markup that was never rendered."""
    for p, m in _matches(ctx, ctx.config["leftovers"]["template"]):
        yield Hit(p, quote(p.text, *m.span()), f"未渲染的模板标记“{m.group()}”", "检查模板或参数，重新生成讲话稿。")


def url(ctx: "Context") -> Iterator[Hit]:
    """Web addresses: a speech read aloud has none."""
    for p, m in _matches(ctx, ctx.config["leftovers"]["url"], junk_too=True):
        yield Hit(p, quote(p.text, *m.span()), f"网址“{m.group()}”", "删除网址（多半是从网页复制时带进来的）。")


def web(ctx: "Context") -> Iterator[Hit]:
    """Runs of web-page furniture, one finding per run."""
    run: list[object] = []
    for p in ctx.doc.paragraphs + [None]:  # type: ignore[list-item]
        if p is not None and p.index in ctx.junk:
            run.append(p)
            continue
        if run:
            first = run[0]
            more = f"（连续 {len(run)} 段）" if len(run) > 1 else ""
            yield Hit(first, quote(first.text), f"网页残留文字{more}", "删除来源、栏目、下载、链接等网页内容，只保留讲话正文。")  # type: ignore[attr-defined]
            run = []


def truncated(ctx: "Context") -> Iterator[Hit]:
    """The speech stops mid-sentence (its last long paragraph has no closing punctuation)."""
    speech = [p for p in ctx.body if len(p.text) >= 30]
    if speech and not re.search(r"[。！？!?…”」）)]\s*$", speech[-1].text):
        last = speech[-1]
        yield Hit(last, "…" + last.text[-16:], "讲话稿在句子中间中断，后面的内容可能缺失", "补全结尾部分，核对原稿是否完整。")
