"""Date-aware facts: the party anniversary, the next and the last national congress, the era."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from drafter.domain import Calendar, Era, load_calendar
from drafter.numerals import digit_by_digit, to_chinese


def cn_date(d: dt.date) -> str:
    """2010-07-05 → 二〇一〇年七月五日 (the Chinese-numeral date some units prefer)."""
    return f"{digit_by_digit(d.year)}年{to_chinese(d.month)}月{to_chinese(d.day)}日"


class DateFacts(NamedTuple):
    """What a speech dated `date` may say about anniversaries, congresses and its era."""

    date: dt.date
    anniversary: int  # the next 1 July anniversary to greet (建党N周年)
    anniversary_year: int
    next_congress: str  # 二十一大
    next_congress_year: int
    last_congress: str  # 二十大
    era: Era
    last_congress_number: int = 0
    event: str = ""  # the year's defining event as a clause: 今年是中国共产党成立100周年
    event_listed: bool = False  # the event is one eras.yaml lists for the date (not the plain anniversary)
    greet: str = ""  # the milestone the closing greets: 建党90周年 / 党的十八大 (eras.yaml `greet`)
    spirit: str = ""  # the congress/plenum spirit of the date: 党的十八大精神 (eras.yaml `spirits`)


def date_facts(date: dt.date, cal: Calendar | None = None) -> DateFacts:
    """The facts for a speech given on `date`."""
    cal = cal or load_calendar()
    ann_year = date.year if date <= dt.date(date.year, 7, 1) else date.year + 1
    # Congress n is held in year first_year + interval*(n-first); "next" is the first one not yet held.
    n = cal.first_congress + max(0, (date.year - cal.first_year) // cal.interval)
    held = cal.opening
    while held(n) <= date:
        n += 1
    while n - 1 >= cal.first_congress and held(n - 1) > date:
        n -= 1
    era = next((e for e in cal.eras if e.start <= date <= e.end), cal.eras[-1] if date > cal.eras[-1].end else cal.eras[0])
    return DateFacts(
        date=date,
        anniversary=ann_year - cal.founded,
        anniversary_year=ann_year,
        next_congress=f"{to_chinese(n)}大",
        next_congress_year=held(n).year,
        last_congress=f"{to_chinese(n - 1)}大",
        era=era,
        last_congress_number=n - 1,
        event=_event(cal, date),
        event_listed=any(e.start <= date <= e.end for e in cal.events),
        greet=_greet(cal, date, n),
        spirit=_spirit(cal, date, n - 1),
    )


# After this year's 1 July a closing greets a congress opening within this many days; the next
# “七一”, most of a year away, is not what an autumn speech looks to (it closes on the year's tasks).
GREET_AHEAD_DAYS = 366


def _greet(cal: Calendar, date: dt.date, next_congress: int) -> str:
    """What a closing greets on `date`: a span eras.yaml lists (the 2010–2012 campaign looked to
    建党90周年, then to 党的十八大); else the congress of the date's year still to open; up to 1 July
    that year's anniversary; after it a congress opening within GREET_AHEAD_DAYS, else nothing ('':
    the closing then greets no milestone)."""
    for d in cal.greet:
        if d.start <= date <= (d.end or d.start):
            return d.text
    opening = cal.opening(next_congress)
    if opening.year == date.year:
        return f"党的{to_chinese(next_congress)}大"
    if date <= dt.date(date.year, 7, 1):
        return f"建党{date.year - cal.founded}周年"
    if (opening - date).days <= GREET_AHEAD_DAYS:
        return f"党的{to_chinese(next_congress)}大"
    return ""


def _spirit(cal: Calendar, date: dt.date, last_congress: int) -> str:
    """The spirit to study on `date` from eras.yaml's `spirits` (the last congress and the plenums
    held since); '' when none is listed for the last congress (spirit_for then writes its own)."""
    opened = cal.opening(last_congress)
    found = [d for d in cal.spirits if opened <= d.start <= date]
    return found[-1].text if found else ""


def _event(cal: Calendar, date: dt.date) -> str:
    """The year's event clauses from eras.yaml, joined; else the plain anniversary of the year."""
    found = [e.text for e in cal.events if e.start <= date <= e.end]
    if found:
        return "，".join(found)
    return f"今年是中国共产党成立{date.year - cal.founded}周年"


def spirit_for(facts: DateFacts) -> str:
    """The era's '深入贯彻……精神' phrase; 'auto' means: the last congress and the plenums held since,
    as eras.yaml's `spirits` lists them (党的十八大精神 in 2013-03, before the 三中全会)."""
    if facts.era.spirit != "auto":
        return facts.era.spirit
    if facts.spirit:
        return facts.spirit
    return f"党的{facts.last_congress}精神"  # a congress eras.yaml lists no plenums for yet
