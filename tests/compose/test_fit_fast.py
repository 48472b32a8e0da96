"""The faster fitting and planning code gives what the code it replaced gave.

fit_reference.py holds fit.py as it was before it was made faster; plan.py's per-phrasebank
indexes replace `Phrasebank.for_slot` scans and an lru_cache on the bank. Whole drafts are compared
as well (the golden files and the matrix); these tests compare the pieces, on many more inputs."""

from __future__ import annotations

import datetime as dt
import random

import pytest

import drafter.plan as plan
from drafter.dates import date_facts
from drafter.domain import load_orgs
from drafter.draft import compose
from drafter.fit import POINT_OVERHEAD, SHORT, _best
from drafter.params import Params
from drafter.phrasebank import load_phrasebank

from . import fit_reference

ORGS = tuple(load_orgs())
ROLES = ("secretary", "deputy")
THEMES = (("创先争优",), ("学习型党组织",), ("创先争优", "学习型党组织"))


def _params(n: int) -> list[Params]:
    rnd = random.Random(20261122)
    out = []
    for _ in range(n):
        out.append(Params(
            org=rnd.choice(ORGS), role=rnd.choice(ROLES), theme=rnd.choice(THEMES), minutes=rnd.randint(3, 45),
            seed=rnd.randint(0, 10_000), date=dt.date(rnd.choice((2010, 2011, 2013, 2026)), rnd.randint(1, 12), rnd.randint(1, 28)),
            unit=rnd.choice((None, "某某市第一中学", "某某县 ABC 公司")),
        ))
    return out


def test_fit_matches_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same outlines as the fitting code it replaced, over 150 random parameter sets."""
    cases = _params(150)
    now = [compose(p).params.outline for p in cases]
    monkeypatch.setattr(plan, "fit", fit_reference.fit)
    before = [compose(p).params.outline for p in cases]
    assert now == before


def test_slot_index_matches_for_slot() -> None:
    bank = load_phrasebank()
    index = plan._slot_index(bank)
    slots = sorted({p.slot for p in bank.phrases})
    for org in ORGS:
        for role in ROLES:
            for themes in THEMES:
                for year in (2010, 2026):
                    era = date_facts(dt.date(year, 6, 1)).era.id
                    for slot in slots + ["no.such.slot"]:
                        ours = [p for p in index.get(slot, ()) if p.fits(org, role, themes, era)]
                        assert ours == bank.for_slot(slot, org, role, themes, era)


def test_bank_indexes_are_per_instance() -> None:
    bank = load_phrasebank()
    assert plan.overlap_index(bank) is plan.overlap_index(bank)
    assert plan.overlap_index(bank) == plan._overlap_index(bank)
    other = plan.Phrasebank(bank.phrases[:50], bank.path)  # an equal-looking bank is not mixed up with it
    assert set(plan.overlap_index(other)) == {p.id for p in bank.phrases[:50]}
    assert set(plan._slot_index(other)) == {p.slot for p in bank.phrases[:50]}


def test_next_phrases_matches_next_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pick.next_phrases (memoised) against next_phrase, through random changes to the runs."""
    rnd = random.Random(7)
    bank = load_phrasebank()
    real_fit = plan.fit
    picks: list = []

    def keep(runs, *args, **kwargs):  # collect the runs make_plan builds, then fit them as usual
        picks[:] = runs
        return real_fit(runs, *args, **kwargs)

    monkeypatch.setattr(plan, "fit", keep)
    for p in _params(30):
        compose(p, bank=bank)
        assert picks
        ids = [ph.id for ph in bank.phrases]
        for _ in range(200):
            q = rnd.choice(picks)
            action = rnd.randrange(6)
            if action == 0 and q.chosen:
                q.chosen.pop()
            elif action == 1:
                q.chosen.append(rnd.choice([ph.id for ph in q.phrases]) + rnd.choice(("", SHORT)))
            elif action == 2:
                q.avoid = set(rnd.sample(ids, 40)) | {ph.id for ph in rnd.sample(q.phrases, min(2, len(q.phrases)))}
            elif action == 3:
                q.blocked = not q.blocked
            elif action == 4 and q.switchable:
                q.switch()
            elif action == 5:
                q.chosen.clear()
            for r in picks:
                assert r.next_phrases() == (r.next_phrase(), r.next_phrase(fresh=False))


def test_best_matches_min_over_all_moves() -> None:
    """_best (cheapest kind first, lengths measured lazily) against min() over every move."""
    rnd = random.Random(11)
    for _ in range(3000):
        length = {f"r{i}": rnd.randint(5, 400) for i in range(12)}
        moves = []
        for k in range(rnd.randint(0, 16)):
            cost = rnd.randint(0, 4)
            if rnd.random() < 0.5:
                delta = (rnd.choice((0, 0, 30)), rnd.choice(list(length)))
            else:
                delta = rnd.randint(-300, 300)
            moves.append((cost, delta, k))
        now, budget = rnd.randint(500, 3000), rnd.randint(500, 3000)
        gap = abs(now - budget)

        def plain(m):
            d = m[1]
            return d[0] + length[d[1]] + POINT_OVERHEAD if isinstance(d, tuple) else d

        closer = [m for m in moves if abs(now + plain(m) - budget) < gap]
        want = min(closer, key=lambda m: (m[0], abs(now + plain(m) - budget))) if closer else None
        assert _best(moves, now, budget, gap, length) == want
