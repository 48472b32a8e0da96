"""The plan: which phrase makes which point, and how deep each point goes, sized to the time slot.

A longer speech deepens its points (a phrase's `more` paragraphs) instead of adding points: the
number of points per section grows from `min` to `max` with the time slot, and then stops."""

from __future__ import annotations

from collections import Counter
import hashlib
import random
import re
from functools import lru_cache, partial
from itertools import zip_longest
from typing import Callable, NamedTuple

from drafter.compose.structure import PointSpec, SectionSpec, Structure
from drafter.errors import InputError
from drafter.params import Outline, Point, Section
from drafter.phrasebank import TEMPLATE_TAGS, Phrase, Phrasebank

SHORT = "/short"  # suffix of a ref that asks for the phrase's shorter variant
MORE = "/more"  # "/more2": the phrase's text and its first two `more` paragraphs
TOLERANCE = 0.10  # the draft lands within ±10% of minutes × rate
POINT_OVERHEAD = 4  # “（一）” or “第一，” plus the full stop after a run-in title
HEADING_OVERHEAD = 2  # “一、”
_REF = re.compile(r"^(?P<id>[a-z][a-z0-9_.\-]*?)(?:(?P<short>/short)|/more(?P<more>[1-9]))?$")
EVENT = "{{ event }}"  # the variable naming the year's event
# Han characters: two level-1 headings of one speech that share a run this long open or close on the
# same words (准确把握上级的要求… / 准确把握方法步骤…, …抓落实 / 狠抓落实…) and read as one said twice.
HEADING_ECHO = 3
# An intro that shares this many Han characters in a row with its own heading restates it
# (切实增强做好这项工作的自觉性 / …增强做好这项工作的责任感): another intro is taken if there is one.
INTRO_ECHO = 4


def split_ref(ref: str) -> tuple[str, int]:
    """'sig.x/more2' → ('sig.x', 2); '/short' is depth -1; a plain id is depth 0."""
    m = _REF.match(ref)
    if not m:
        return ref, 0
    return m["id"], (-1 if m["short"] else int(m["more"] or 0))


def make_ref(pid: str, depth: int) -> str:
    """The outline ref of phrase `pid` at `depth` (-1 short, 0 its text, n its text and n more paragraphs)."""
    return pid + (SHORT if depth < 0 else f"{MORE}{depth}" if depth > 0 else "")


def depths(p: Phrase) -> range:
    """The depths a phrase can be used at."""
    return range(-1 if p.short else 0, len(p.more) + 1)


def point_count(spec: PointSpec, minutes: int) -> int:
    """How many points a run makes in a speech of `minutes`: its min at 10 minutes or less, its
    max from 30 minutes up; beyond that a speech deepens its points."""
    fill = min(1.0, max(0.0, (minutes - 10) / 20))
    return spec.min + round(fill * (spec.max - spec.min))


# The planning records are plain classes with __slots__ and the one frozen record a NamedTuple, not
# dataclasses: a dataclass execs its generated methods when the module is imported (0.6–1 ms a
# class, measured on Python 3.11), which every command paid for four classes.
class _Frame:
    """An opening, closing or intro phrase: kept, maybe shortened, maybe dropped."""

    __slots__ = ("pid", "has_short", "more", "depth", "kept", "droppable")

    def __init__(self, pid: str, has_short: bool = False, more: int = 0, droppable: bool = False) -> None:
        self.pid = pid
        self.has_short = has_short
        self.more = more  # how many `more` paragraphs the phrase has
        self.depth = 0
        self.kept = True
        self.droppable = droppable

    @property
    def ref(self) -> str:
        return make_ref(self.pid, self.depth)


class _Chosen:
    """A phrase making one point, at a depth."""

    __slots__ = ("phrase", "depth", "added", "brief")

    def __init__(self, phrase: Phrase, added: bool = False, brief: bool = False) -> None:
        self.phrase = phrase
        self.depth = -1 if brief else 0
        self.added = added  # added beyond the time slot's count, to fill a long speech
        self.brief = brief  # heard already (the secretary said it): its short form, never deepened


class _Run:
    """The points one PointSpec makes in one section."""

    __slots__ = ("section", "spec", "pool", "chosen", "overview", "collapsed")

    def __init__(self, section: int, spec: PointSpec, pool: list[Phrase]) -> None:
        self.section = section
        self.spec = spec
        self.pool = pool
        self.chosen: list[_Chosen] = []
        self.overview: Phrase | None = None  # the collapsed form of a grouped run
        self.collapsed = False

    def refs(self) -> list[str]:
        if self.collapsed and self.overview is not None:
            return [self.overview.id]
        return [make_ref(c.phrase.id, c.depth) for c in self.chosen]


class Chooser(NamedTuple):
    """Seeded choice of phrases for one draft: the same inputs always give the same order."""

    bank: Phrasebank
    org: str
    role: str
    themes: tuple[str, ...]
    era: str
    seed: int

    def rng(self, slot: str) -> random.Random:
        # Seeded from a digest of the key: seeding with the string itself gave strings that differ
        # in one character (seed 1, 2, 3…) shuffles that began alike (the same point for 4 of 5 seeds).
        key = f"{self.seed}|{self.org}|{self.role}|{'+'.join(self.themes)}|{slot}".encode("utf-8")
        return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))

    def candidates(self, slot: str, grouped: bool = False) -> list[Phrase]:
        """The phrases usable for `slot` in this draft, in seeded order (grouped: one per group, in
        file order, all of one variant where the groups share variant names)."""
        slot = slot.replace("{org}", self.org)
        found = self.usable(slot)  # in the ids' order: moving entries in the file changes no choice
        self.rng(slot).shuffle(found)
        return _one_per_group(found, self.bank, self.rng(slot + "|variant")) if grouped else found

    def usable(self, slot: str) -> list[Phrase]:
        """The phrases usable for `slot` in this draft, in the ids' order (what `candidates` shuffles)."""
        return self.bank.for_slot(slot.replace("{org}", self.org), self.org, self.role, self.themes, self.era)

    def one(self, slot: str, prefer: str | None = None, own: bool = False, avoid: frozenset[str] | set[str] = frozenset()) -> Phrase:
        """The phrase for a slot that takes exactly one (headings, opening, closing); with `prefer`,
        one whose text holds that string if there is any; with `own`, one that speaks for the whole
        speech (in a speech on two themes, not one written for one of them: the opening announces
        both) and, among those, one written for this org type if there is any (the opening and
        closing are the unit's own, not a stock paragraph); one not in `avoid` (what the paragraph
        has already said) if there is any."""
        found = self.candidates(slot)
        if own:
            found.sort(key=lambda p: (bool(p.themes) and not set(self.themes) <= set(p.themes), not p.orgs))
        found = [p for p in found if p.id not in avoid] + [p for p in found if p.id in avoid]
        if prefer:
            found = [p for p in found if prefer in p.text] + [p for p in found if prefer not in p.text]
        if not found:
            raise InputError(f"语料库中没有适用于 {self.where()} 的“{slot}”条目。",
                             hint="请在 phrasebank.yaml 中为该槽位补充条目，或检查条目的 tags。")
        return found[0]

    def numbering(self, structure: Structure, avoid: set[str] | frozenset[str] = frozenset()) -> str:
        """The one level-2 numbering scheme of the whole speech, other than those the points' own
        text uses inside a point (`avoid`); separate （一） headings when no run-in scheme is left."""
        allowed = [s for s in structure.numbering if s not in avoid]
        return self.rng("numbering").choice(allowed) if allowed else "heading"

    def where(self) -> str:
        return f"{self.org}/{self.role}/{'+'.join(self.themes)}/{self.era}"


def make_plan(
    *, choose: Chooser, structure: Structure, sections: tuple[SectionSpec, ...], minutes: int,
    target_chars: int, measure: Callable[[str], int], event: bool = False, known: frozenset[str] = frozenset(),
) -> tuple[Outline, list[str]]:
    """Choose phrases for every slot of `sections` and size the draft to `target_chars`.

    `measure(ref)` is the rendered length of a ref (a phrase at a depth) in characters. `event`: the
    date has an event of its own (建党100周年…), which the closing then names. `known`: phrases the
    audience has heard already (the secretary's, before a deputy speaks): the points avoid them and
    whatever shares their wording, as they avoid repeating this speech's own opening. Returns the
    outline and notes for the user (e.g. when the phrasebank cannot fill the time slot)."""
    overlaps = choose.bank.overlaps()
    heads: list[Phrase] = []
    for s in sections:  # in order: each heading avoids the words of those before it
        before = "。".join(h.text for h in heads)
        heads.append(choose.one(s.heading, avoid=_echoing(choose.usable(s.heading), before, HEADING_ECHO)))
    # An intro bridges from the section before it: a section that opens the speech only because the
    # sections before it were left out of a short draft has nothing to bridge from, and no intro.
    first = next((s for s in structure.sections if s.applies(choose.themes)), None)
    intros = [_frame(choose.one(s.intro, avoid=known | _echoing(choose.usable(s.intro), heads[i].text, INTRO_ECHO)),
                     droppable=i > 0)
              if s.intro and choose.usable(s.intro) and (i > 0 or s is first) else None
              for i, s in enumerate(sections)]
    opening: list[_Frame] = []
    for x in structure.opening:  # one paragraph: its task does not name again whom the occasion named
        opening.append(_frame(choose.one(x, own=True, avoid={q for f in opening for q in (f.pid, *overlaps.get(f.pid, ()))})))
    # The closing names the year's event (eras.yaml events) where there is one, once a meeting: a year
    # with none has nothing worth naming (“今年是中国共产党成立92周年”), and a speech that follows
    # another (`known`: the deputy after the secretary) leaves it to the one that named it.
    named = event and not known
    closing = [_frame(choose.one(x, prefer=EVENT if named else None, own=True,
                                 avoid=frozenset() if named else {p.id for p in choose.usable(x) if EVENT in p.text}))
               for x in structure.closing]
    said: set[str] = set()
    heard = frozenset(q for pid in known for q in (pid, *overlaps.get(pid, ())))
    for f in (*opening, *closing, *(f for f in intros if f)):
        said |= overlaps.get(f.pid, frozenset()) | {f.pid}
    runs: list[_Run] = []
    for i, sec in enumerate(sections):
        for spec in (p for p in sec.points if p.applies(choose.themes)):
            runs.append(_pick(choose, i, spec, minutes, said, overlaps, known, heard))
    frames = [f for f in (*opening, *closing, *intros) if f]
    fixed = sum(measure(h.id) + HEADING_OVERHEAD for h in heads) + 4  # + “同志们：”

    lengths: dict[tuple[str, int], int] = {}

    def length(pid: str, depth: int) -> int:
        # total() runs after every planning step (~500 times a draft): keyed by (id, depth), without
        # building the ref string each time (measured: half of planning's CPU).
        n = lengths.get((pid, depth))
        if n is None:
            n = lengths[(pid, depth)] = measure(make_ref(pid, depth))
        return n

    def total() -> int:
        pts = 0
        for run in runs:
            if run.collapsed and run.overview is not None:
                pts += length(run.overview.id, 0) + POINT_OVERHEAD
            else:
                pts += sum(length(c.phrase.id, c.depth) + POINT_OVERHEAD for c in run.chosen)
        return fixed + pts + sum(length(f.pid, f.depth) for f in frames if f.kept)

    notes: list[str] = []
    if total() > target_chars * (1 + TOLERANCE / 2):
        _shrink(runs, frames, total, target_chars, length)
    else:
        _grow(runs, frames, total, target_chars, choose, said, overlaps, length, heard)
        if total() < target_chars * (1 - TOLERANCE):
            notes.append(f"语料库中可用的内容只够约 {total() * minutes // max(1, target_chars)} 分钟（目标 {minutes} 分钟）；"
                         "已写出不重复的最长稿，可在提纲中加入本单位自己的要点。")
    for run in runs:
        if run.spec.ordered:  # chosen in seeded order, spoken in the phrasebank's (the order the work is done in)
            run.chosen.sort(key=lambda c: choose.bank.order[c.phrase.id])
    out = []
    for i, sec in enumerate(sections):
        points = tuple(Point(ref=r) for run in runs if run.section == i for r in run.refs())
        intro = intros[i]
        out.append(Section(key=sec.key, heading=heads[i].id, intro=intro.ref if intro and intro.kept else None, points=points))
    outline = Outline(
        opening=tuple(f.ref for f in opening if f.kept), sections=tuple(out), closing=tuple(f.ref for f in closing if f.kept),
    )
    return outline, notes


def _frame(p: Phrase, droppable: bool = False) -> _Frame:
    return _Frame(p.id, has_short=bool(p.short), more=len(p.more), droppable=droppable)


def _pick(choose: Chooser, section: int, spec: PointSpec, minutes: int, said: set[str], overlaps: dict[str, frozenset[str]],
          known: frozenset[str] = frozenset(), heard: frozenset[str] = frozenset()) -> _Run:
    """A run of points: as many as the time slot asks, none repeating what is already said in this
    speech or heard before it (`heard`: the phrases `known` and those sharing their wording). A
    required point that only a heard phrase can make is made by it rather than by one repeating
    this speech, briefly if the very phrase was heard."""
    found = choose.candidates(spec.slot, spec.grouped)
    if spec.theme_first:
        found = _themes_first(found, choose.themes)
    run = _Run(section, spec, found)
    want = len(found) if spec.grouped else point_count(spec, minutes)
    for p in found:
        if len(run.chosen) >= want:
            break
        if spec.grouped or (p.id not in said and p.id not in heard):
            run.chosen.append(_Chosen(p))
            said |= overlaps.get(p.id, frozenset()) | {p.id}
    if spec.each_theme and not spec.grouped:
        _one_for_each_theme(run, choose.themes, said, overlaps, heard)
    # A required point the fresh phrases cannot make is made by one heard before this speech, else
    # by one that shares wording with another part of it, rather than not at all.
    for fresh_here in (True, False):
        for p in found:
            if len(run.chosen) >= spec.min:
                break
            if (not fresh_here or p.id not in said) and all(c.phrase.id != p.id for c in run.chosen):
                run.chosen.append(_Chosen(p, brief=p.id in known and bool(p.short)))
    if len(run.chosen) < spec.min:
        raise InputError(f"语料库中适用的“{spec.slot.replace('{org}', choose.org)}”条目不足 {spec.min} 条（{choose.where()}）。",
                         hint="请在 phrasebank.yaml 中补充条目，或检查条目的 tags。")
    if spec.collapse:
        alt = choose.candidates(spec.collapse)
        run.overview = alt[0] if alt else None
    return run


def _themes_first(found: list[Phrase], themes: tuple[str, ...]) -> list[Phrase]:
    """`found` (in seeded order) with the phrases written for the draft's themes first, taken from
    each theme in turn (a speech on two themes argues both alike, not whichever the seed put first),
    then those written for none of them."""
    own = [[p for p in found if next((t for t in themes if t in p.themes), None) == theme] for theme in themes]
    turns = [p for row in zip_longest(*own) for p in row if p is not None]
    return turns + [p for p in found if not set(p.themes) & set(themes)]


def _one_for_each_theme(run: _Run, themes: tuple[str, ...], said: set[str], overlaps: dict[str, frozenset[str]],
                        heard: frozenset[str]) -> None:
    """A speech on 学习型党组织 argues at least one reason of its own, not only reasons any campaign
    shares: for each theme no chosen point is written for, the first fresh phrase written for it
    takes the place of the last chosen point written for no theme, else of the last one whose theme
    has another point. The number of points stays what the time slot asked for."""
    for theme in themes:
        if any(theme in c.phrase.themes for c in run.chosen):
            continue
        fresh = next((p for p in run.pool if theme in p.themes and p.id not in said and p.id not in heard), None)
        if fresh is None:
            continue
        points_of = Counter(t for c in run.chosen for t in c.phrase.themes)
        spare = [c for c in run.chosen if not c.phrase.themes] or [
            c for c in run.chosen if all(points_of[t] > 1 for t in c.phrase.themes)]
        if not spare:
            continue
        run.chosen[run.chosen.index(spare[-1])] = _Chosen(fresh)
        said |= overlaps.get(fresh.id, frozenset()) | {fresh.id}


def _grow(runs: list[_Run], frames: list[_Frame], total: Callable[[], int], target: int, choose: Chooser,
          said: set[str], overlaps: dict[str, frozenset[str]], length: Callable[[str, int], int],
          heard: frozenset[str] = frozenset()) -> None:
    """Deepen points, shallowest first and in speech order, while that brings the length nearer the
    target (the opening, closing and intros deepen after the points); add a point only when nothing
    can be deepened and the section still has room. A deepening changes the total by the difference
    of one phrase's two lengths, so the total is kept up to date rather than summed again."""
    now = total()
    while now < target * 0.97:
        item = _shallowest(runs, frames)
        if item is not None:
            pid = item.phrase.id if isinstance(item, _Chosen) else item.pid
            after = now - length(pid, item.depth) + length(pid, item.depth + 1)
            if after - target > target - now:  # overshoots by more than it was short: stop here
                return
            item.depth += 1
            now = after
            continue
        # A point heard before this speech only when no fresh one is left to fill the time slot.
        if not _add_point(runs, choose, said, overlaps, heard) and not (heard and _add_point(runs, choose, said, overlaps)):
            return
        after = total()
        if after - target > target - now:
            _drop_last_added(runs)
            return
        now = after


def _shallowest(runs: list[_Run], frames: list[_Frame]) -> _Chosen | _Frame | None:
    """What _grow deepens next: the shallowest point that can go deeper, the first in speech order
    among equals; a frame (ranked one deeper than its depth) only when it is strictly shallower
    than every such point. One pass that stops at a point of depth 0, which nothing can beat (a
    point in _grow is never below 0, a frame ranks at least 1). Listing every candidate and taking
    the minimum after each step instead: planning 1.34 → 1.21 ms a draft (300 batch rows in one
    process, best of 7 rounds, 4 pairs)."""
    best: _Chosen | _Frame | None = None
    rank = 0
    for run in runs:
        if run.collapsed:
            continue
        for c in run.chosen:
            if c.depth < len(c.phrase.more) and not c.brief and (best is None or c.depth < rank):
                if c.depth <= 0:
                    return c
                best, rank = c, c.depth
    for f in frames:
        if f.kept and 0 <= f.depth < f.more and (best is None or f.depth + 1 < rank):
            best, rank = f, f.depth + 1
    return best


def _add_point(runs: list[_Run], choose: Chooser, said: set[str], overlaps: dict[str, frozenset[str]],
               heard: frozenset[str] = frozenset()) -> bool:
    for run in runs:
        if run.spec.grouped or len(run.chosen) >= run.spec.max:
            continue
        have = {c.phrase.id for c in run.chosen}
        fresh = next((p for p in run.pool if p.id not in have and p.id not in said and p.id not in heard), None)
        if fresh is not None:
            run.chosen.append(_Chosen(fresh, added=True))
            said |= overlaps.get(fresh.id, frozenset()) | {fresh.id}
            return True
    return False


def _drop_last_added(runs: list[_Run]) -> None:
    for run in reversed(runs):
        if run.chosen and run.chosen[-1].added:
            run.chosen.pop()
            return


def _shrink(runs: list[_Run], frames: list[_Frame], total: Callable[[], int], target: int,
            length: Callable[[str, int], int]) -> None:
    """Make a draft that is too long shorter, in the order a clerk would cut: shorter wording of
    the frame, then of the points, longest first, then fewer points, then overviews for detailed
    runs, then the intros of later sections. Longest first, not in speech order: cut in order, a
    short draft had one-line points in its first sections and full paragraphs in its last."""
    limit = target * (1 + TOLERANCE / 2)
    steps: list[Callable[[], bool]] = [partial(_shorten_frame, f) for f in frames]
    points = [c for run in runs for c in run.chosen]  # sorted() is stable: equal lengths keep speech order
    steps += [partial(_shorten, c) for c in sorted(points, key=lambda c: -length(c.phrase.id, 0))]
    steps += [partial(_pop, run) for run in reversed(runs) for _ in range(len(run.chosen) - run.spec.min)]
    steps += [partial(_collapse, run) for run in runs]
    steps += [partial(_drop_frame, f) for f in reversed(frames)]
    for step in steps:
        if total() <= limit:
            return
        step()


def _shorten_frame(f: _Frame) -> bool:
    if f.depth == 0 and f.has_short:
        f.depth = -1
        return True
    return False


def _collapse(run: _Run) -> bool:
    if run.overview is not None and not run.collapsed:
        run.collapsed = True
        return True
    return False


def _drop_frame(f: _Frame) -> bool:
    if f.droppable and f.kept:
        f.kept = False
        return True
    return False


def _shorten(c: _Chosen) -> bool:
    if c.depth == 0 and c.phrase.short:
        c.depth = -1
        return True
    return False


def _pop(run: _Run) -> bool:
    if len(run.chosen) > run.spec.min and not run.spec.fixed:
        run.chosen.pop()
        return True
    return False


def _one_per_group(found: list[Phrase], bank: Phrasebank, rng: random.Random) -> list[Phrase]:
    """One phrase per group (id without its last part), groups in phrasebank order. Where the groups
    share variant names (stage.1.a, stage.2.a …), one seeded variant is used for all of them, so that
    the titles of a run read in parallel (“广泛发动，安排部署” / “全面争创，扎实推进” …)."""
    order = bank.order
    groups: dict[str, list[Phrase]] = {}
    for p in found:
        groups.setdefault(p.id.rsplit(".", 1)[0], []).append(p)
    shared = set.intersection(*({p.id.rsplit(".", 1)[1] for p in g} for g in groups.values())) if groups else set()
    variant = rng.choice(sorted(shared)) if shared else None
    chosen = [next((p for p in g if p.id.endswith("." + str(variant))), g[0]) for g in groups.values()]
    return sorted(chosen, key=lambda p: order[p.id])


def _echoing(phrases: list[Phrase], text: str, n: int) -> frozenset[str]:
    """The ids of `phrases` whose own words share a run of `n` Han characters with `text`."""
    said = _runs(text, n)
    return frozenset(p.id for p in phrases if not said.isdisjoint(_runs(p.text, n)))


# Kept: the phrase texts recur in every draft. Built anew each time, the runs were a quarter of
# planning's time (cProfile) and a 300-draft batch took 1.17× the CPU of the code without the
# echo checks; kept (and the echo checks reading `usable`, not shuffling again), 1.00× (paired runs).
@lru_cache(maxsize=8192)
def _runs(text: str, n: int) -> frozenset[str]:
    """The `n`-character runs of a text's own words: template tags dropped, and runs only within a
    stretch of Han characters (so 活动 + punctuation + 确保 is not a run)."""
    runs: set[str] = set()
    for part in TEMPLATE_TAGS.split(text):
        stretch = ""
        for ch in part + "。":
            if "\u4e00" <= ch <= "\u9fff":  # a comparison, not a CJK class: that costs ~2.5 ms to compile
                stretch += ch
                continue
            runs.update(stretch[i : i + n] for i in range(len(stretch) - n + 1))
            stretch = ""
    return frozenset(runs)
