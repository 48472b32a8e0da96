"""The outline in params.yaml steers the draft: reorder, drop, pin a variant, write one's own point."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.project.new import new_draft
from drafter.project.render import render_draft
from drafter.errors import InputError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    new_draft(org="village", themes=["创先争优"], out=tmp_path / "d", date="2026-05-08", minutes=10, seed=3)
    return tmp_path / "d"


def _text(folder: Path) -> str:
    res = render_draft(folder, fmt="txt")
    assert res.text is not None
    return res.text


def _params(folder: Path) -> str:
    return (folder / "params.yaml").read_text(encoding="utf-8")


def _write(folder: Path, text: str) -> None:
    (folder / "params.yaml").write_text(text, encoding="utf-8")


def _section_blocks(params: str) -> list[str]:
    head, _, rest = params.partition("  sections:\n")
    body, _, tail = rest.partition("  closing:\n")
    return re.split(r"(?m)^(?=    - section: )", body)[1:]


def _heading_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if re.match(r"^\u3000\u3000[一二三四五六七八九十]+、", line)]


def test_render_without_edits_gives_the_same_draft(folder: Path) -> None:
    first = _text(folder)
    assert _text(folder) == first
    assert "/short" not in first  # shorter variants are rendered, never shown as ids


def test_reordered_sections_are_honoured(folder: Path) -> None:
    before = _heading_lines(_text(folder))
    params = _params(folder)
    blocks = _section_blocks(params)
    swapped = [blocks[1], blocks[0], *blocks[2:]]
    _write(folder, params.replace("".join(blocks), "".join(swapped)))
    after = _heading_lines(_text(folder))
    assert after[0][2:] == before[1][2:] and after[1][2:] == before[0][2:]
    assert after[0].startswith("一、") and after[1].startswith("二、")  # numbering follows the new order


def test_dropped_point_is_gone(folder: Path) -> None:
    params = _params(folder)
    line = next(x for x in params.splitlines() if x.strip().startswith("- ") and "carrier." in x)
    preview = line.split("# ", 1)[1].rstrip("…")[:10]
    assert preview in _text(folder)
    _write(folder, params.replace(line + "\n", ""))
    assert preview not in _text(folder)


def test_own_text_points(folder: Path) -> None:
    params = _params(folder)
    line = next(x for x in params.splitlines() if x.strip().startswith("- ") and "carrier." in x)
    indent = line[: len(line) - len(line.lstrip())]
    mine = f"{indent}- 要把活动与村级集体经济发展结合起来。\n{indent}- {{title: 抓好党员承诺践诺, text: 每名党员都要亮出承诺、接受监督。}}\n"
    _write(folder, params.replace(line + "\n", line + "\n" + mine))
    text = _text(folder)
    assert "要把活动与村级集体经济发展结合起来。" in text
    assert "抓好党员承诺践诺" in text and "每名党员都要亮出承诺、接受监督。" in text


def test_pinning_the_short_variant(folder: Path) -> None:
    params = _params(folder)
    m = re.search(r"(?m)^(\s+- )(carrier\.village\.[\w]+)(?=  #)", params)
    assert m
    full = _text(folder)
    _write(folder, params.replace(m.group(0), f'{m.group(1)}"{m.group(2)}/short"', 1))
    pinned = _text(folder)
    assert len(pinned) < len(full)
    _write(folder, params)
    assert _text(folder) == full


def test_unknown_phrase_id_is_an_error_with_a_suggestion(folder: Path) -> None:
    params = _params(folder)
    m = re.search(r"(?m)^\s+- (carrier\.village\.[\w]+)", params)
    assert m
    _write(folder, params.replace(m.group(1), m.group(1)[:-1] + "x", 1))
    with pytest.raises(InputError) as err:
        render_draft(folder, fmt="txt")
    assert m.group(1) in str(err.value.hint)


def test_changed_minutes_replan_an_unedited_outline(folder: Path) -> None:
    short = len(_text(folder))
    _write(folder, _params(folder).replace("minutes: 10", "minutes: 30"))
    assert len(_text(folder)) > short * 2


def test_deputy_names_the_secretary_from_params(tmp_path: Path) -> None:
    new_draft(org="hospital", themes=["学习型党组织"], role="deputy", out=tmp_path / "d", date="2026-05-08", seed=2)
    text = _text(tmp_path / "d")
    assert "【待填：书记姓名】书记" in text  # not given: a visible placeholder, never an invented name
    params = _params(tmp_path / "d").replace("secretary:\n", "secretary: 周书记\n")
    _write(tmp_path / "d", params)
    assert "刚才，周书记" in _text(tmp_path / "d")
