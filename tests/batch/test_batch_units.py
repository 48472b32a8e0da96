"""Reading units files: encodings Excel and WPS save, Chinese headers, lists in one cell, YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.units import read_units

from batch_helpers import write_units


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_excel_saves(tmp_path: Path, encoding: str) -> None:
    path = write_units(tmp_path / "u.csv", "第一中学,张明,school,创先争优,secretary,2026-05-08,15,3", encoding=encoding)
    [row] = read_units(path)
    assert row.values["unit"] == "第一中学" and row.values["seed"] == "3"
    assert (row.index, row.line) == (1, 2)


def test_empty_cells_are_left_out_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = write_units(tmp_path / "u.csv", "甲,,,,,,,", "", ",,,,,,,", "乙,李四,,,,,,")
    rows = read_units(path)
    assert [r.values for r in rows] == [{"unit": "甲"}, {"unit": "乙", "speaker": "李四"}]
    assert [r.line for r in rows] == [2, 5]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("创先争优", "创先争优"), ("创先争优+学习型党组织", ["创先争优", "学习型党组织"]), ("创先争优、学习型党组织", ["创先争优", "学习型党组织"])],
)
def test_a_list_in_one_cell(tmp_path: Path, cell: str, expected: object) -> None:
    [row] = read_units(write_units(tmp_path / "u.csv", f"甲,{cell}", header="unit,theme"))
    assert row.values["theme"] == expected


def test_chinese_headers(tmp_path: Path) -> None:
    [row] = read_units(write_units(tmp_path / "u.csv", "甲,张三,2026-05-08", header="单位,讲话人,日期"))
    assert row.values == {"unit": "甲", "speaker": "张三", "date": "2026-05-08"}


def test_unknown_column_fails_the_file_with_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_units(write_units(tmp_path / "u.csv", "甲,张三", header="unit,speakr"))
    assert "speakr" in err.value.message and "speaker" in (err.value.hint or "")


@pytest.mark.parametrize("name", ["u.txt", "u.xlsx"])
def test_other_file_types_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("unit\n甲\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_units(tmp_path / name)


def test_a_file_without_rows_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_units(write_units(tmp_path / "u.csv"))


def test_yaml_list_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text("- unit: 甲\n  speaker: 张三\n- unit: 乙\n  theme: [创先争优, 学习型党组织]\n  minutes: 12\n", encoding="utf-8")
    rows = read_units(path)
    assert [r.line for r in rows] == [1, 3]
    assert rows[1].values == {"unit": "乙", "theme": ["创先争优", "学习型党组织"], "minutes": 12}


def test_yaml_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text("unit: 甲\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_units(path)
