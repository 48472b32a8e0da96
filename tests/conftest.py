"""Shared fixtures: drafts generated into temporary folders, opened the way a user's Word would."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from drafter.project import Result
from drafter.project.new import new_draft

SPEECH_DATE = dt.date(2026, 5, 8)

# Hermetic: drafter's cache (and jieba's tables in it) lives in a temporary folder of this test run,
# never in the user's ~/.cache; Hypothesis keeps no example database in the checkout.
_CACHE = tempfile.mkdtemp(prefix="drafter-tests-cache-")
os.environ["DRAFTER_CACHE"] = _CACHE


def pytest_configure(config: pytest.Config) -> None:
    try:
        from hypothesis import settings
    except ImportError:
        return
    settings.register_profile("drafter", database=None)
    settings.load_profile("drafter")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


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
