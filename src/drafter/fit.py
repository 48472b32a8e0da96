"""Fitting a plan to its time slot: which points to add or drop, and where to use shorter variants.

The plan (plan.py) chooses candidates in seeded order; this module only decides how many of them, and
in which length, make the draft land within the tolerance of minutes × rate."""

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
    # next_phrases' open candidates and the run's state they were computed for (see there).
    _open: tuple[list[str], bool, bool, list[Phrase]] | None = field(default=None, repr=False, compare=False)

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

    def next_phrases(self) -> tuple[Phrase | None, Phrase | None]:
        """`(next_phrase(), next_phrase(fresh=False))` at once: fitting asks both of every run at
        every step, and that was the most called code of a draft. The candidates still open (not
        chosen yet) depend only on the run's own state and are kept until it changes (each step
        changes one run); the `avoid` set changes at most steps and is applied afresh."""
        memo = self._open
        if memo is None or memo[0] != self.chosen or memo[1] is not self.blocked or memo[2] is not (self.alt is not None):
            memo = self._open = (list(self.chosen), self.blocked, self.alt is not None, self._open_candidates())
        rest = memo[3]
        if not rest:
            return None, None
        if self.switchable:  # its overview, repeated or not
            return rest[0], rest[0]
        avoid = self.avoid
        for p in rest:
            if p.id not in avoid:
                return p, rest[0]
        return None, rest[0]

    def _open_candidates(self) -> list[Phrase]:
        """The candidates next_phrase may return, in order, before `avoid` is applied."""
        if self.switchable:
            return [self.phrases[0]] if not self.chosen and not self.blocked else []
        if self.blocked or len(self.chosen) >= self.spec.max:
            return []
        have = {r.removesuffix(SHORT) for r in self.chosen}
        return [p for p in (self.phrases[: self.pool] if self.pool else self.phrases) if p.id not in have]

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
    drop_cost: int = 2  # see _Move: 4 keeps it until nothing else can go


# A move is a plain tuple `(cost, delta, action, *args)`; taking it calls `action(*args)`.
# cost: lower is preferred (keep content and structure before cutting them); delta: the change in
# length, or for a move that adds a point `(extra, ref)`, meaning extra + the point's size: that
# size is measured (the phrase rendered) only if a move of that cost can be taken at all, see
# `_best`. Why tuples and bound methods rather than objects and closures: ~15 moves are listed at
# each of a draft's ~15 steps, and making them was most of the fitting's own time.
_Move = tuple


class _Lengths(dict):  # type: ignore[type-arg]
    """ref → measured length, measured on first use. A dict so that the ~40 look-ups a step are
    plain subscripts (`measure` renders the phrase the first time it is asked)."""

    def __init__(self, measure: Callable[[str], int]) -> None:
        super().__init__()
        self.measure = measure

    def __missing__(self, ref: str) -> int:
        n = self[ref] = self.measure(ref)
        return n


def fit(
    picks: list[Pick], frames: list[Frame], budget: int, measure: Callable[[str], int], optional: dict[int, int] | None = None,
    overlaps: dict[str, set[str]] | None = None,
) -> None:
    """Greedy sizing: each step takes the cheapest move that brings the length closer to `budget`,
    until it is within the aimed window. Moves: add a point (full or short), use a short variant or
    the full text again, drop an optional point, drop an intro or an optional opening/closing part."""
    length = _Lengths(measure)
    optional = optional or {}
    window = budget * TOLERANCE * _AIM
    overlaps = overlaps or {}
    for _ in range(2000):  # a bound, never reached in practice: every move strictly improves
        # One pass over the chosen points: what they say (`avoid` for every run: the same set,
        # completed by the end of the pass), their length, and the points per section, counted
        # once a step (nothing changes while the moves are listed): whether a section is used
        # and whether a run is at its edge were asked per run, each question walking every run.
        said: set[str] = set()
        counts: dict[int, int] = {}
        points = 0
        chosen_len = 0
        for p in picks:
            p.avoid = said
            chosen = p.chosen
            counts[p.section] = counts.get(p.section, 0) + len(chosen)
            points += len(chosen)
            for r in chosen:
                chosen_len += length[r]
                o = overlaps.get(r.removesuffix(SHORT))
                if o:
                    said |= o
        # The draft's length: points (each with its overhead), kept frames, and the heading and
        # intro of every optional section in use. Integer sums: the order does not matter.
        now = chosen_len + POINT_OVERHEAD * points + sum(length[f.ref] for f in frames if f.kept)
        now += sum(cost for i, cost in optional.items() if counts.get(i, 0) > 0)
        gap = abs(now - budget)
        if gap <= window:
            return
        grow = now < budget
        moves = _moves(picks, frames, length, grow, counts, optional)
        moves += _section_moves(picks, optional, length, grow, counts)
        best = _best(moves, now, budget, gap, length)
        if best is None:
            return
        best[2](*best[3:])


def _best(moves: list[_Move], now: int, budget: int, gap: int, length: dict[str, int]) -> _Move | None:
    """Of the moves that bring the length closer to `budget`, the cheapest kind; within a kind,
    the one that lands closest; on a tie, the first listed — what min() by (cost, distance) over
    all closer moves gives. Kinds are tried cheapest first and a costlier one only when no move
    of the cheaper ones brings the length closer, so the points that only a costlier move would
    add (short variants, mostly) are not rendered just to be measured."""
    for cost in sorted({m[0] for m in moves}):
        best: _Move | None = None
        best_dist = 0
        for m in moves:
            if m[0] != cost:
                continue
            delta = m[1]
            if delta.__class__ is tuple:
                delta = delta[0] + length[delta[1]] + POINT_OVERHEAD
            dist = abs(now + delta - budget)
            if dist < gap and (best is None or dist < best_dist):
                best, best_dist = m, dist
        if best is not None:
            return best
    return None


def _edge(p: Pick, counts: dict[int, int], optional: dict[int, int]) -> bool:
    """Whether adding to or emptying this run would open or close a section."""
    return p.section in optional and counts[p.section] <= 1


def _size(length: dict[str, int], ref: str) -> int:
    return length[ref] + POINT_OVERHEAD


def _moves(
    picks: list[Pick], frames: list[Frame], length: dict[str, int], grow: bool, counts: dict[int, int],
    optional: dict[int, int],
) -> list[_Move]:
    moves: list[_Move] = []
    for p in picks:
        # Expand to grow, collapse to shrink; an empty run stays empty (switching it would open an
        # optional section without its heading).
        if p.switchable and p.chosen and grow == p.alt_detailed:
            assert p.alt is not None
            extras = [q for q in picks if q.section == p.section and q.spec.besides == p.spec.slot] if grow else []
            delta = (
                sum(_size(length, r) for r in p.alt) - sum(_size(length, r) for r in p.chosen)
                - sum(_size(length, r) for q in extras for r in q.chosen)
            )
            moves.append((1, delta, _expand, p, extras))
    if grow:
        return moves + _grow_moves(picks, frames, length, counts, optional)
    return moves + _shrink_moves(picks, frames, length, counts, optional)


def _grow_moves(
    picks: list[Pick], frames: list[Frame], length: dict[str, int], counts: dict[int, int], optional: dict[int, int],
) -> list[_Move]:
    """Add a point, or use the full text again. Points go to the section with the fewest points
    first (then its least-filled run): no section becomes a long list while another has one point."""
    # Which runs can take a point and the sections' least-filled levels are worked out once per
    # step: asking per run and per section inside the loops made this quadratic in the number of
    # runs (each question walked every run and tried its candidates), most of a draft's time.
    # A run is open when it has a candidate left, unless adding to it would open an optional
    # section without its heading (at its edge with the section still empty: its count is 0).
    nexts: list[Phrase | None] = []
    fewest = 0
    level: dict[int, int] = {}
    for p in picks:
        fresh, anyone = p.next_phrases()
        c = counts[p.section]
        if anyone is None or (c == 0 and p.section in optional):
            nexts.append(None)
            continue
        nexts.append(fresh or anyone)
        if len(level) == 0 or c < fewest:
            fewest = c
        lag = len(p.chosen) - p.spec.min
        if p.section not in level or lag < level[p.section]:
            level[p.section] = lag

    moves: list[_Move] = []
    for p, nxt in zip(picks, nexts):
        if nxt is not None:
            lag = 0 if counts[p.section] == fewest and len(p.chosen) - p.spec.min == level[p.section] else 1
            lag += 0 if nxt.id not in p.avoid else 2  # a point that repeats others: last resort
            moves.append((lag, (0, nxt.id), p.chosen.append, nxt.id))
            if nxt.short:
                ref = nxt.id + SHORT
                moves.append((1 + lag, (0, ref), p.chosen.append, ref))
        for j, ref in enumerate(p.chosen):
            if ref.endswith(SHORT):
                full = ref[: -len(SHORT)]
                moves.append((0, length[full] - length[ref], p.chosen.__setitem__, j, full))
    for f in frames:
        if not f.kept:
            moves.append((0, length[f.ref], setattr, f, "kept", True))
        elif f.ref.endswith(SHORT):
            full = f.ref[: -len(SHORT)]
            moves.append((0, length[full] - length[f.ref], setattr, f, "ref", full))
    return moves


def _shrink_moves(
    picks: list[Pick], frames: list[Frame], length: dict[str, int], counts: dict[int, int], optional: dict[int, int],
) -> list[_Move]:
    """Use a shorter variant (cheapest), drop an optional point, then drop an intro or an optional
    opening/closing part."""
    moves: list[_Move] = []
    for p in picks:
        for j, ref in enumerate(p.chosen):
            if not ref.endswith(SHORT) and _has_short(p, ref):
                moves.append((0, length[ref + SHORT] - length[ref], p.chosen.__setitem__, j, ref + SHORT))
        if len(p.chosen) > p.spec.min and not p.spec.fixed and not p.switchable and not _edge(p, counts, optional):
            moves.append((1, -_size(length, p.chosen[-1]), p.chosen.pop))
    for f in frames:
        if f.kept and f.has_short and not f.ref.endswith(SHORT):
            moves.append((0, length[f.ref + SHORT] - length[f.ref], setattr, f, "ref", f.ref + SHORT))
        if f.kept and f.droppable:
            moves.append((f.drop_cost, -length[f.ref], setattr, f, "kept", False))
    return moves


def _section_moves(
    picks: list[Pick], optional: dict[int, int], length: dict[str, int], grow: bool, counts: dict[int, int],
) -> list[_Move]:
    """Open an optional section with its first point, or close one that holds a single point.
    Costlier than any other move: optional sections are for long time slots."""
    moves: list[_Move] = []
    for i, cost in optional.items():
        runs = [p for p in picks if p.section == i]
        if grow and not counts.get(i, 0) > 0:
            p = next((p for p in runs if _room(p)), None)
            if p is not None:
                ref = (p.next_phrase() or p.next_phrase(fresh=False)).id  # type: ignore[union-attr]
                moves.append((3, (cost, ref), p.chosen.append, ref))
        elif not grow and sum(len(p.chosen) for p in runs) == 1:
            p = next(p for p in runs if p.chosen)
            if not p.spec.fixed:
                moves.append((3, -cost - _size(length, p.chosen[0]), p.chosen.pop))
    return moves


def _expand(p: Pick, extras: list[Pick]) -> None:
    """Switch a run to its other level of detail; growing, the extra runs that repeat the
    detailed run are emptied and blocked."""
    p.switch()
    for q in extras:  # the detailed run now says what these said
        q.chosen.clear()
        q.blocked = True


def _room(p: Pick) -> bool:
    return p.next_phrase(fresh=False) is not None


def _has_short(pick: Pick, ref: str) -> bool:
    return any(ph.id == ref and ph.short for ph in pick.phrases)
