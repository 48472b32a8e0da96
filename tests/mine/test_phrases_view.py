"""`drafter phrases`: filtering and formatting entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.phrases_view import Entry, check_org, filter_entries, format_entry, load_entries

BANK = """\
- id: sig.a
  slot: significance
  text: 开展创先争优活动是重要举措。
  source: 000_x.txt:12
- id: car.school
  slot: carriers.school
  title: 书香校园
  text: 营造书香校园。
  source: [001_x.txt:3, 003_x.txt:9]
  tags: {orgs: [school]}
- id: car.any
  slot: carriers.village
  text: 统筹城乡。
  source: authored
"""


@pytest.fixture()
def entries(tmp_path: Path) -> list[Entry]:
    (tmp_path / "bank.yaml").write_text(BANK, encoding="utf-8")
    return load_entries(tmp_path / "bank.yaml")


@pytest.mark.parametrize("kwargs, ids", [
    ({}, ["sig.a", "car.school", "car.any"]),
    ({"slot": "carriers"}, ["car.school", "car.any"]),
    ({"slot": "carriers.school"}, ["car.school"]),
    ({"org": "village"}, ["sig.a", "car.any"]),
    ({"search": "书香"}, ["car.school"]),
])
def test_filters(entries: list[Entry], kwargs: dict, ids: list[str]) -> None:
    assert [e.id for e in filter_entries(entries, **kwargs)] == ids


def test_format_shows_every_source(entries: list[Entry]) -> None:
    text = format_entry(entries[1])
    assert "001_x.txt:3；003_x.txt:9" in text and "小标题：书香校园" in text


def test_malformed_bank_says_which_entry(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("- id: a\n  slot: methods\n", encoding="utf-8")
    with pytest.raises(InputError, match="条目 a") as info:
        load_entries(tmp_path / "bad.yaml")
    assert info.value.line == 1 and info.value.path == tmp_path / "bad.yaml"


def test_unknown_org() -> None:
    with pytest.raises(InputError) as info:
        check_org("villag")
    assert "village" in (info.value.hint or "")
