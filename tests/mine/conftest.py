"""Shared fixtures for the mining tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_result():
    """The whole corpus mined once (the end-to-end tests share it)."""
    from drafter.mine.candidates import mine_paths

    return mine_paths([CORPUS])
