"""Rendered phrases are kept per phrase and the values of the variables it uses, across the drafts
of one process (a batch): a draft never gets another unit's text, and what is kept changes nothing."""

from __future__ import annotations

import datetime as dt

from typing import Any

import pytest

import drafter.compose as compose_module
from drafter.compose import compose, resolve
from drafter.params import Params
from drafter.phrasebank import load_phrasebank


def _text(unit: str, org: str = "village") -> str:
    params = Params(unit=unit, org=org, date=dt.date(2026, 5, 8), minutes=20, seed=7)
    return "\n".join(p.text for p in compose(resolve(params)).document.paragraphs)


def test_each_draft_names_its_own_unit() -> None:
    first, second = _text("东山村党支部"), _text("西岭村党支部")
    assert "东山村党支部" in first and "西岭村党支部" not in first
    assert "西岭村党支部" in second and "东山村党支部" not in second
    assert second == first.replace("东山村党支部", "西岭村党支部")


def test_kept_phrases_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    _text("南坪村党支部", org="town")
    warm = [_text("北坡村党支部"), _text("北坡中学党支部", org="school")]
    load_phrasebank().refs.clear()
    calls: list[str] = []
    real = compose_module._rendered_with

    def counted(*args: Any) -> Any:
        calls.append(args[0].id)
        return real(*args)

    monkeypatch.setattr(compose_module, "_rendered_with", counted)
    cold = [_text("北坡村党支部")]
    first = len(calls)
    cold.append(_text("北坡中学党支部", org="school"))
    assert warm == cold
    assert 0 < len(calls) - first < first  # the school draft reused phrases that name nothing of the village
