"""new and render check their own draft and report a one-line summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.draft import render_draft
from tests.check.helpers import exempt_structure_rules
from tests.conftest import make_draft


def test_filled_draft_reviews_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exempt_structure_rules(monkeypatch)  # 结构规则由新的组稿满足，合并后取消此豁免
    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    assert result.review is not None
    assert result.review.startswith("检查：0 个错误、0 个警告、0 个提示")


# The default draft says “先进模范作用” (phrasebank.yaml) where the Party constitution says “先锋模范作用”:
# check reports it now. Strict, so that it fails (and is removed) once the phrasebank is corrected.
@pytest.mark.xfail(strict=True, reason="phrasebank.yaml：“先进模范作用”应为“先锋模范作用”，组稿改正后取消")
def test_placeholders_are_the_only_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exempt_structure_rules(monkeypatch)  # 结构规则由新的组稿满足，合并后取消此豁免
    result = make_draft(tmp_path / "d")
    assert result.review is not None and "0 个错误" in result.review and "个警告" in result.review
    assert "0 个警告" not in result.review
    assert "drafter check" in result.review


def test_render_reports_a_fault_the_user_typed(tmp_path: Path) -> None:
    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    params = result.params_path
    text = params.read_text(encoding="utf-8").replace("slogan:\n", "slogan: 深入开展创新争优活动\n")
    lines = text.splitlines()
    idx = next(i for i, line in enumerate(lines) if line.strip() == "points:")
    lines.insert(idx + 1, "        - 我们要深入开展深入开展创新争优活动。")
    params.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = render_draft(result.folder)
    assert out.review is not None
    assert not out.review.startswith("检查：0 个错误"), out.review


def test_unit_rules_beside_params_change_the_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exempt_structure_rules(monkeypatch)  # 结构规则由新的组稿满足，合并后取消此豁免
    """The review is cached by its inputs: a new check.yaml beside params.yaml is applied at once."""
    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    assert result.review is not None and result.review.startswith("检查：0 个错误、0 个警告")
    # The unit declares a word every school draft uses to be a typo of its own.
    (result.folder / "check.yaml").write_text("confusions:\n  创先争优活动: {right: 创先争优工作}\n", encoding="utf-8")
    again = render_draft(result.folder)
    assert again.review is not None and not again.review.startswith("检查：0 个错误"), again.review
    (result.folder / "check.yaml").unlink()
    third = render_draft(result.folder)
    assert third.review is not None and third.review.startswith("检查：0 个错误、0 个警告")
