"""Entries the phrasebank declares to make the same point (`same:`) never meet in one draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.compose import compose, resolve
from drafter.compose.plan import split_ref
from drafter.errors import InputError
from drafter.params import Params
from drafter.phrasebank import load_phrasebank, phrasebank_from_located
from drafter.yamlio import parse_yaml


def _refs(built) -> list[str]:  # noqa: ANN001
    o = built.params.outline
    refs = [*o.opening, *o.closing]
    for s in o.sections:
        refs += [s.heading] + ([s.intro] if s.intro else []) + [p.ref for p in s.points if p.ref]
    return [split_ref(r)[0] for r in refs]


def test_the_bank_declares_some_same_points() -> None:
    bank = load_phrasebank()
    declared = [p for p in bank.phrases if p.same]
    assert declared, "no entry declares `same:`"
    for p in declared:
        assert all(bank.overlaps()[p.id] >= {q.id for q in bank.phrases if q.id.startswith(ref + ".") or q.id == ref}
                   for ref in p.same)


@pytest.mark.parametrize("org", ["school", "village", "agency", "hospital", "town", "community", "enterprise", "university"])
def test_a_deputy_draft_says_each_thing_once(org: str) -> None:
    bank = load_phrasebank()
    same = {p.id: p.same for p in bank.phrases if p.same}
    for seed in range(1, 9):
        for minutes in (20, 30, 40):
            built = compose(resolve(Params(org=org, role="deputy", theme=("创先争优",), minutes=minutes, seed=seed,
                                           date=dt.date(2011, 6, 20))))
            ids = _refs(built)
            for pid in ids:
                for ref in same.get(pid, ()):
                    twins = [q for q in ids if q != pid and (q == ref or q.startswith(ref + "."))]
                    assert not twins, f"{org} seed {seed} {minutes} min: {pid} and {twins} make the same point"


def test_a_bad_same_list_is_located(tmp_path: Path) -> None:
    text = "- id: a.b\n  slot: significance\n  text: 文字。\n  same: 不是列表\n  source: authored\n"
    with pytest.raises(InputError) as err:
        phrasebank_from_located(parse_yaml(text, tmp_path / "p.yaml"))
    assert "same" in err.value.message and err.value.line == 4
