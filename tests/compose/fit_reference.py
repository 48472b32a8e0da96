"""The fitting code as it was before it was made faster (drafter/fit.py at d5dfe7a), kept unchanged
as the reference tests/compose/test_fit_fast.py checks the current code against."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from drafter.phrasebank import Phrase

if TYPE_CHECKING:
    from drafter.plan import PointSpec

SHORT = "/short"  # suffix of a point ref that asks for the phrase's shorter variant
TOLERANCE = 0.10  # the draft lands within ±10% of minutes × rate
# Aim inside a narrower window: numbering, markers and the salutation are only estimated.
_AIM = 0.6
POINT_OVERHEAD = 4  # “（一）” or “第一，” plus the full stop after a run-in title


@dataclass
class Pick:
    """One run of points being sized: its candidates and the ones chosen so far."""

    section: int
    spec: "PointSpec"
    phrases: list[Phrase]  # candidates in seeded (or, when grouped, file) order
    chosen: list[str] = field(default_factory=list)
    alt: list[str] | None = None  # the other level of detail (see PointSpec.expand), if any
    alt_detailed: bool = False  # whether `alt` is the detailed run
    blocked: bool = False  # a `besides` run whose detailed counterpart was expanded
    pool: int = 0  # how many of `phrases` are this run's own candidates (the rest are `alt`); 0: all
    # Phrase ids that repeat what the draft already says (set by `fit` before every step).
    avoid: set[str] = field(default_factory=set)

    def next_phrase(self, fresh: bool = True) -> Phrase | None:
        """The next candidate this run could add, or None. `fresh`: only one that does not repeat
        what the draft already says; otherwise any (long time slots may need them)."""
        if self.switchable:  # grows only from nothing to its overview; after that it switches
            return self.phrases[0] if not self.chosen and not self.blocked else None
        if self.blocked or len(self.chosen) >= self.spec.max:
            return None
        have = {r.removesuffix(SHORT) for r in self.chosen}
        own = self.phrases[: self.pool] if self.pool else self.phrases
        return next((p for p in own if p.id not in have and not (fresh and p.id in self.avoid)), None)

    @property
    def switchable(self) -> bool:
        """Whether the run can switch between an overview and its detailed run."""
        return self.alt is not None

    def switch(self) -> None:
        """Use the other level of detail."""
        assert self.alt is not None
        self.chosen, self.alt = self.alt, self.chosen
        self.alt_detailed = not self.alt_detailed


@dataclass
class Frame:
    """An intro or an optional opening/closing part: kept unless the time slot is too short."""

    ref: str
    droppable: bool
    kept: bool = True
    has_short: bool = False
    drop_cost: int = 2  # see _Move.cost: 4 keeps it until nothing else can go


@dataclass(frozen=True)
class _Move:
    cost: int  # lower is preferred: keep content and structure before cutting them
    delta: int
    apply: Callable[[], None]


def fit(
    picks: list[Pick], frames: list[Frame], budget: int, measure: Callable[[str], int], optional: dict[int, int] | None = None,
    overlaps: dict[str, set[str]] | None = None,
) -> None:
    """Greedy sizing: each step takes the cheapest move that brings the length closer to `budget`,
    until it is within the aimed window. Moves: add a point (full or short), use a short variant or
    the full text again, drop an optional point, drop an intro or an optional opening/closing part."""
    def size(ref: str) -> int:
        return measure(ref) + POINT_OVERHEAD

    optional = optional or {}

    def used(section: int) -> bool:
        return any(p.chosen for p in picks if p.section == section)

    def total() -> int:
        heads = sum(cost for i, cost in optional.items() if used(i))
        return sum(size(r) for p in picks for r in p.chosen) + sum(measure(f.ref) for f in frames if f.kept) + heads

    window = budget * TOLERANCE * _AIM
    overlaps = overlaps or {}
    for _ in range(2000):  # a bound, never reached in practice: every move strictly improves
        said = set().union(*(overlaps.get(r.removesuffix(SHORT), set()) for p in picks for r in p.chosen))
        for p in picks:
            p.avoid = said
        now = total()
        gap = abs(now - budget)
        if gap <= window:
            return
        def edge(p: Pick) -> bool:  # adding to or emptying this run would open or close a section
            return p.section in optional and sum(len(q.chosen) for q in picks if q.section == p.section) <= 1

        moves = _moves(picks, frames, size, measure, now < budget, edge)
        moves += _section_moves(picks, optional, size, now < budget, used)
        moves = [m for m in moves if abs(now + m.delta - budget) < gap]
        if not moves:
            return
        # Cheapest kind first; within a kind, the move that lands closest to the target.
        best = min(moves, key=lambda m: (m.cost, abs(now + m.delta - budget)))
        best.apply()


def _moves(
    picks: list[Pick], frames: list[Frame], size: Callable[[str], int], measure: Callable[[str], int], grow: bool,
    edge: Callable[[Pick], bool],
) -> list[_Move]:
    moves: list[_Move] = []
    for p in picks:
        # Expand to grow, collapse to shrink; an empty run stays empty (switching it would open an
        # optional section without its heading).
        if p.switchable and p.chosen and grow == p.alt_detailed:
            assert p.alt is not None
            extras = [q for q in picks if q.section == p.section and q.spec.besides == p.spec.slot] if grow else []
            delta = sum(size(r) for r in p.alt) - sum(size(r) for r in p.chosen) - sum(size(r) for q in extras for r in q.chosen)
            moves.append(_Move(1, delta, _expander(p, extras)))
    if grow:
        return moves + _grow_moves(picks, frames, size, measure, edge)
    return moves + _shrink_moves(picks, frames, size, measure, edge)


def _grow_moves(
    picks: list[Pick], frames: list[Frame], size: Callable[[str], int], measure: Callable[[str], int],
    edge: Callable[[Pick], bool],
) -> list[_Move]:
    """Add a point, or use the full text again. Points go to the section with the fewest points
    first (then its least-filled run): no section becomes a long list while another has one point."""
    def open_run(p: Pick) -> bool:
        return _room(p) and not (edge(p) and not any(q.chosen for q in picks if q.section == p.section))

    moves: list[_Move] = []
    count = {p.section: sum(len(q.chosen) for q in picks if q.section == p.section) for p in picks}
    fewest = min((count[p.section] for p in picks if open_run(p)), default=0)
    level = {p.section: min((len(q.chosen) - q.spec.min for q in picks if q.section == p.section and open_run(q)), default=0) for p in picks}
    for p in picks:
        if open_run(p):
            nxt = p.next_phrase() or p.next_phrase(fresh=False)
            assert nxt is not None
            lag = 0 if count[p.section] == fewest and len(p.chosen) - p.spec.min == level[p.section] else 1
            lag += 0 if nxt.id not in p.avoid else 2  # a point that repeats others: last resort
            moves.append(_Move(lag, size(nxt.id), _appender(p, nxt.id)))
            if nxt.short:
                moves.append(_Move(1 + lag, size(nxt.id + SHORT), _appender(p, nxt.id + SHORT)))
        for j, ref in enumerate(p.chosen):
            if ref.endswith(SHORT):
                full = ref[: -len(SHORT)]
                moves.append(_Move(0, size(full) - size(ref), _setter(p, j, full)))
    for f in frames:
        if not f.kept:
            moves.append(_Move(0, measure(f.ref), _keeper(f, True)))
        elif f.ref.endswith(SHORT):
            full = f.ref[: -len(SHORT)]
            moves.append(_Move(0, measure(full) - measure(f.ref), _frame_setter(f, full)))
    return moves


def _shrink_moves(
    picks: list[Pick], frames: list[Frame], size: Callable[[str], int], measure: Callable[[str], int],
    edge: Callable[[Pick], bool],
) -> list[_Move]:
    """Use a shorter variant (cheapest), drop an optional point, then drop an intro or an optional
    opening/closing part."""
    moves: list[_Move] = []
    for p in picks:
        for j, ref in enumerate(p.chosen):
            if not ref.endswith(SHORT) and _has_short(p, ref):
                moves.append(_Move(0, size(ref + SHORT) - size(ref), _setter(p, j, ref + SHORT)))
        if len(p.chosen) > p.spec.min and not p.spec.fixed and not p.switchable and not edge(p):
            moves.append(_Move(1, -size(p.chosen[-1]), p.chosen.pop))
    for f in frames:
        if f.kept and f.has_short and not f.ref.endswith(SHORT):
            moves.append(_Move(0, measure(f.ref + SHORT) - measure(f.ref), _frame_setter(f, f.ref + SHORT)))
        if f.kept and f.droppable:
            moves.append(_Move(f.drop_cost, -measure(f.ref), _keeper(f, False)))
    return moves


def _frame_setter(f: Frame, ref: str) -> Callable[[], None]:
    def apply() -> None:
        f.ref = ref
    return apply


def _section_moves(
    picks: list[Pick], optional: dict[int, int], size: Callable[[str], int], grow: bool, used: Callable[[int], bool],
) -> list[_Move]:
    """Open an optional section with its first point, or close one that holds a single point.
    Costlier than any other move: optional sections are for long time slots."""
    moves = []
    for i, cost in optional.items():
        runs = [p for p in picks if p.section == i]
        if grow and not used(i):
            p = next((p for p in runs if _room(p)), None)
            if p is not None:
                ref = (p.next_phrase() or p.next_phrase(fresh=False)).id  # type: ignore[union-attr]
                moves.append(_Move(3, cost + size(ref), _appender(p, ref)))
        elif not grow and sum(len(p.chosen) for p in runs) == 1:
            p = next(p for p in runs if p.chosen)
            if not p.spec.fixed:
                moves.append(_Move(3, -cost - size(p.chosen[0]), p.chosen.pop))
    return moves


def _expander(p: Pick, extras: list[Pick]) -> Callable[[], None]:
    def apply() -> None:
        p.switch()
        for q in extras:  # the detailed run now says what these said
            q.chosen.clear()
            q.blocked = True
    return apply


def _room(p: Pick) -> bool:
    return p.next_phrase(fresh=False) is not None


def _appender(p: Pick, ref: str) -> Callable[[], None]:
    return lambda: p.chosen.append(ref)


def _setter(p: Pick, j: int, ref: str) -> Callable[[], None]:
    def apply() -> None:
        p.chosen[j] = ref
    return apply


def _keeper(f: Frame, kept: bool) -> Callable[[], None]:
    def apply() -> None:
        f.kept = kept
    return apply


def _has_short(pick: Pick, ref: str) -> bool:
    return any(ph.id == ref and ph.short for ph in pick.phrases)
