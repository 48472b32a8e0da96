"""The one place that turns problems into exit codes: 2 bad input, 3 interrupted, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from drafter import cli


def _main(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setattr(sys, "argv", ["drafter", *argv])
    with pytest.raises(SystemExit) as info:
        cli.main()
    return int(info.value.code or 0)


def test_ctrl_c_exits_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("drafter.project.render.render_draft", interrupted)

    assert _main(monkeypatch, "render", str(tmp_path)) == 3
    assert "已中断" in capsys.readouterr().err


@pytest.mark.parametrize("argv, fragment", [
    (["bogus"], "没有这个命令"),
    (["new", "--bogus"], "没有这个选项"),
    (["render"], "缺少参数"),
    (["new", "--minutes", "十五"], "需要整数"),
    (["new", "--minutes"], "需要一个值"),
    (["render", "a", "b"], "多余的参数"),
])
def test_usage_errors_are_chinese_and_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                             argv: list[str], fragment: str) -> None:
    assert _main(monkeypatch, *argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_no_arguments_shows_help(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(monkeypatch) == 0
    assert "new" in capsys.readouterr().out


def test_moved_phrasebank_is_named(tmp_path: Path) -> None:
    from conftest import run_cli

    bank = tmp_path / "本单位语料.yaml"
    bank.write_text("- id: my.a\n  slot: opening\n  text: 我们要干好。\n  source: authored\n", encoding="utf-8")
    assert run_cli("new", "--out", tmp_path / "稿", "--phrasebank", bank).returncode == 0
    bank.unlink()

    result = run_cli("render", tmp_path / "稿")

    assert result.returncode == 2
    assert "本单位语料.yaml" in result.stderr and "--phrasebank" in result.stderr
