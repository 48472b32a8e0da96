"""Anniversaries, congresses, plenums and era formulations that do not fit the speech's date."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Iterator

from drafter.check.finding import Hit, quote
from drafter.numerals import from_chinese, to_chinese

if TYPE_CHECKING:
    from drafter.check.context import Context

_NUM = "[一二三四五六七八九十]+"
_ANNIV = re.compile(r"(?:建党|党成立|中国共产党成立)\s*(\d{2,3}|[一二三四五六七八九十百零〇]+)\s*周年")
_CONGRESS = re.compile(rf"({_NUM})大|第({_NUM})次全国代表大会")
_PLENUM = re.compile(rf"({_NUM})届({_NUM})中全会")


def latest_congress(when: dt.date) -> int:
    """The last congress held by `when`, by the same calendar (templates/eras.yaml) the drafts use."""
    from drafter.dates import date_facts

    return date_facts(when).last_congress_number


def _day(v: Any) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        return None


def anniversary(ctx: "Context") -> Iterator[Hit]:
    """建党N周年 must be this year's or next year's anniversary."""
    if ctx.date is None:
        return
    from drafter.domain import load_calendar

    founded = load_calendar().founded
    this, nxt = ctx.date.year - founded, ctx.date.year + 1 - founded
    for p in ctx.body:
        for m in _ANNIV.finditer(p.text):
            n = from_chinese(m.group(1))
            if n not in (this, nxt):
                yield Hit(p, quote(p.text, *m.span()), f"“{m.group()}”与讲话日期 {ctx.date:%Y年%-m月%-d日} 不符（当年是建党 {this} 周年）",
                          f"改为“建党{this}周年”或“建党{nxt}周年”（{ctx.date.year + 1}年）。")


def congress(ctx: "Context") -> Iterator[Hit]:
    """党的X大 / X届Y中全会 later than the next congress, or older than the latest one."""
    if ctx.date is None:
        return
    latest = latest_congress(ctx.date)
    for p in ctx.body:
        for m in _CONGRESS.finditer(p.text):
            n = from_chinese(m.group(1) or m.group(2))
            if n < 15:
                continue  # 三大攻坚战, 十大工程…: not congresses; early congresses are history
            yield from _judge(ctx, p, m, n, latest, f"党的{to_chinese(n)}大")
        for m in _PLENUM.finditer(p.text):
            yield from _judge(ctx, p, m, from_chinese(m.group(1)), latest, m.group())


def _judge(ctx: "Context", p: Any, m: re.Match[str], n: int, latest: int, what: str) -> Iterator[Hit]:
    when = f"{ctx.date:%Y年%-m月}"  # type: ignore[union-attr]
    if n > latest + 1:
        yield Hit(p, quote(p.text, *m.span()), f"{when}时{what}尚未召开（最近一次是党的{to_chinese(latest)}大）",
                  f"核对届次：讲话时最新的是党的{to_chinese(latest)}大，下一次是党的{to_chinese(latest + 1)}大。")
    elif n < latest and _as_current(p.text, m):
        yield Hit(p, quote(p.text, *m.span()), f"{what}不是{when}时最新的一届（已召开党的{to_chinese(latest)}大）",
                  f"改用党的{to_chinese(latest)}大及其全会的精神；若是回顾历史，可忽略。")


def _as_current(text: str, m: re.Match[str]) -> bool:
    """Cited as the spirit to study now (学习贯彻…精神), not as history (十一届三中全会以来)."""
    before, after = text[max(0, m.start() - 8) : m.start()], text[m.end() : m.end() + 12]
    return bool(re.search(r"学习|贯彻|落实|领会", before) or re.match(r"[^，。；]{0,10}?精神", after))


def era(ctx: "Context") -> Iterator[Hit]:
    """Formulations that belong to other years (深入贯彻落实科学发展观 in 2024)."""
    if ctx.date is None:
        return
    y = ctx.date.year
    for phrase, (start, end) in ctx.config["dates"]["era_phrases"].items():
        if start <= y <= end:
            continue
        for p in ctx.body:
            i = p.text.find(phrase)
            if i >= 0:
                yield Hit(p, quote(p.text, i, i + len(phrase)), f"“{phrase}”是 {start}–{min(end, 2099)} 年间的提法，与讲话日期 {y} 年不符",
                          "换成讲话当年的标准表述（见 templates/eras.yaml）。")
                break


def _month(v: Any) -> tuple[int, int] | None:
    m = re.match(r"(\d{4})-(\d{1,2})", str(v)) if v else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def leader(ctx: "Context") -> Iterator[Hit]:
    """A national leader named with a title he did not hold at the speech's date (胡锦涛总书记 in 2024)."""
    if ctx.date is None:
        return
    table = (ctx.config.get("leaders") or {}).get("leaders", {})
    if not any(name in ctx.text for name in table):
        return  # no leader named: the names × titles pattern is not compiled (1 ms a check, measured)
    now = (ctx.date.year, ctx.date.month)
    titles = sorted({t for roles in table.values() for r in roles for t in r["titles"]}, key=len, reverse=True)
    alt = "|".join(map(re.escape, titles))
    names = "|".join(map(re.escape, sorted(table, key=len, reverse=True)))
    rx = re.compile(rf"(?P<n1>{names})(?:同志)?(?P<t1>{alt})|(?P<t2>{alt})(?P<n2>{names})")
    seen: set[tuple[str, str]] = set()
    for p in ctx.body:
        for m in rx.finditer(p.text):
            name, title = (m.group("n1"), m.group("t1")) if m.group("n1") else (m.group("n2"), m.group("t2"))
            if title == "主席" and p.text[max(0, m.start() - 1):m.start()] == "副":
                title = "副主席"
            roles = [r for r in table[name] if title in r["titles"]]
            if not roles or (name, title) in seen:
                continue
            held = [r for r in roles if (_month(r["from"]) or (0, 0)) <= now and (r["to"] is None or now <= (_month(r["to"]) or (9999, 12)))]
            if held:
                continue
            seen.add((name, title))
            spans = "；".join(f"{r['role']} {r['from']}—{r['to'] or '今'}" for r in roles)
            when = f"{ctx.date:%Y年%-m月}"
            future = all((_month(r["from"]) or (0, 0)) > now for r in roles)
            state = "还不是" if future else "已不是"
            yield Hit(p, quote(p.text, *m.span()), f"{when}时{name}{state}“{title}”（{spans}）",
                      "按讲话日期核对领导人的职务称谓；回顾历史时写明时间，如“时任总书记”。")
