"""Fixtures for the batch tests: units files are written inside each test, so the input is visible
where it is used; drafter's cache goes to a temporary folder, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path_factory.getbasetemp() / "drafter-cache"))
