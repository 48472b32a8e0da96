"""Golden files: one reviewed .txt rendering per org type catches unintended changes to the drafts.

After an intended change (phrasebank, templates, planning), regenerate and review the diff:

    DRAFTER_UPDATE_GOLDEN=1 PYTHONPATH=src python -m pytest tests/compose/test_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from drafter.compose import compose, resolve
from drafter.params import Params
from drafter.render.text import to_text

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
SEED = 7
# One draft per org type; between them they cover both roles, all three themes, the four dates of
# the matrix (2010, 2011, 2021, 2026) and lengths from 5 to 40 minutes.
CASES = {
    "school": dict(role="secretary", theme=("创先争优",), date=dt.date(2026, 11, 30), minutes=15),
    "university": dict(role="deputy", theme=("创先争优",), date=dt.date(2011, 6, 20), minutes=30, secretary="张明"),
    "agency": dict(role="secretary", theme=("创先争优",), date=dt.date(2010, 6, 15), minutes=40),
    "community": dict(role="secretary", theme=("学习型党组织",), date=dt.date(2021, 5, 10), minutes=15),
    "village": dict(role="deputy", theme=("创先争优",), date=dt.date(2026, 11, 30), minutes=15, secretary="王强"),
    "town": dict(role="secretary", theme=("创先争优", "学习型党组织"), date=dt.date(2011, 6, 20), minutes=30),
    "enterprise": dict(role="secretary", theme=("创先争优",), date=dt.date(2021, 5, 10), minutes=5),
    "hospital": dict(role="deputy", theme=("学习型党组织",), date=dt.date(2026, 11, 30), minutes=20, secretary="李华"),
}


def render(org: str) -> str:
    """The golden case for `org` as plain text."""
    return to_text(compose(resolve(Params(org=org, seed=SEED, **CASES[org]))).document)  # type: ignore[arg-type]


@pytest.mark.parametrize("org", sorted(CASES))
def test_golden(org: str) -> None:
    path = GOLDEN / f"{org}.txt"
    text = render(org)
    if os.environ.get("DRAFTER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"缺少 {path}：用 DRAFTER_UPDATE_GOLDEN=1 生成并审阅"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} 与当前生成结果不同；若是有意的改动，请重新生成并审阅 diff"
