"""Every example in examples/ renders cleanly: the user's own values appear and the review finds no error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.project.render import render_draft
from drafter.params import load_params

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FOLDERS = sorted(p.parent.name for p in EXAMPLES.glob("*/params.yaml"))


def test_there_are_examples() -> None:
    assert len(FOLDERS) >= 3


@pytest.mark.parametrize("name", FOLDERS)
def test_example_renders(name: str, tmp_path: Path) -> None:
    folder = tmp_path / name
    shutil.copytree(EXAMPLES / name, folder)
    params = load_params(folder / "params.yaml")
    result = render_draft(folder)
    assert result.output_path is not None and result.output_path.is_file()
    assert result.review is not None and result.review.startswith("检查：0 个错误")
    text = render_draft(folder, fmt="txt").text or ""
    assert params.unit and params.unit in text.replace("\n", "")
    assert params.speaker and params.speaker in text
    assert not (folder / "params.yaml").read_text(encoding="utf-8") != (EXAMPLES / name / "params.yaml").read_text(encoding="utf-8"), \
        "an example's outline is what its params produce: rendering must not re-plan it"
