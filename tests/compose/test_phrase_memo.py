"""Rendered phrases are kept per phrase and the values of the variables it uses, across the drafts
of one process (a batch): a draft never gets another unit's text, and what is kept changes nothing."""

from __future__ import annotations

import datetime as dt

from drafter.compose import _rendered_for, compose, resolve
from drafter.params import Params


def _text(unit: str, org: str = "village") -> str:
    params = Params(unit=unit, org=org, date=dt.date(2026, 5, 8), minutes=20, seed=7)
    return "\n".join(p.text for p in compose(resolve(params)).document.paragraphs)


def test_each_draft_names_its_own_unit() -> None:
    first, second = _text("东山村党支部"), _text("西岭村党支部")
    assert "东山村党支部" in first and "西岭村党支部" not in first
    assert "西岭村党支部" in second and "东山村党支部" not in second
    assert second == first.replace("东山村党支部", "西岭村党支部")


def test_kept_phrases_change_nothing() -> None:
    _text("南坪村党支部", org="town")
    warm = [_text("北坡村党支部"), _text("北坡中学党支部", org="school")]
    _rendered_for.cache_clear()
    cold = [_text("北坡村党支部"), _text("北坡中学党支部", org="school")]
    assert warm == cold
    assert _rendered_for.cache_info().hits > 0  # the school draft reused phrases that name nothing of the village
