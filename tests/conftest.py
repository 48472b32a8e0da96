"""Shared fixtures: drafts generated into temporary folders, opened the way a user's Word would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.draft import Result, new_draft

SPEECH_DATE = dt.date(2026, 5, 8)


def make_draft(folder: Path, **kwargs: object) -> Result:
    """`drafter new` into `folder` with a fixed date (so results do not depend on today)."""
    opts: dict = {"org": "school", "themes": ["创先争优"], "date": SPEECH_DATE.isoformat(), "out": folder}
    opts.update(kwargs)
    return new_draft(**opts)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def filled_draft(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """A school draft with unit and speaker given."""
    folder = tmp_path_factory.mktemp("filled") / "draft"
    return make_draft(folder, unit="青山市第一中学", speaker="李明")


@pytest.fixture(scope="session")
def default_draft(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """`drafter new --org school --theme 创先争优` with nothing else given."""
    folder = tmp_path_factory.mktemp("default") / "draft"
    return make_draft(folder)
