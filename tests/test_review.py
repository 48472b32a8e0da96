"""new and render check their own draft and report a one-line summary."""

from __future__ import annotations

from pathlib import Path

from drafter.draft import render_draft
from tests.conftest import make_draft


def test_filled_draft_reviews_clean(tmp_path: Path) -> None:
    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    assert result.review is not None
    assert result.review.startswith("检查：0 个错误、0 个警告、0 个提示")


def test_placeholders_are_the_only_warnings(tmp_path: Path) -> None:
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
