"""End-to-end runs of `drafter check`: output, --json, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.check.helpers import GOOD_PARAMS, build_gbt_docx
from tests.helpers import run_cli as _drafter

ROOT = Path(__file__).resolve().parents[2]




def test_clean_file_exits_0(tmp_path: Path) -> None:
    f = tmp_path / "ok.txt"
    f.write_text("同志们：\n要认真学习，抓好落实。\n", encoding="utf-8")
    run = _drafter("check", str(f))
    assert run.returncode == 0, run.stderr
    assert "没有发现问题" in run.stdout and "0 个错误" in run.stdout


def test_corpus_file_exits_1_with_a_chinese_table() -> None:
    run = _drafter("check", str(next((ROOT / "corpus").glob("004_*.txt"))))
    assert run.returncode == 1
    assert "位置" in run.stdout and "confusion" in run.stdout and "“视屏”应为“视频”" in run.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_threshold(tmp_path: Path, fail_on: str, code: int) -> None:
    f = tmp_path / "w.txt"
    f.write_text("要切实加强组织领导，确保活动取得实效。\n要切实加强组织领导，确保活动取得实效。\n", encoding="utf-8")
    assert _drafter("check", str(f), "--fail-on", fail_on).returncode == code


def test_json_output(tmp_path: Path) -> None:
    f = tmp_path / "x.md"
    f.write_text("# 在**大会上的讲话\n\n同志们：\n\n召开**视屏会议**。\n", encoding="utf-8")
    run = _drafter("check", str(f), "--json")
    data = json.loads(run.stdout)
    rules = {x["rule"] for x in data["findings"]}
    assert rules == {"leftover.placeholder", "confusion"}
    assert data["counts"]["error"] == 2 and run.returncode == 1
    assert {"rule", "severity", "paragraph", "quote", "message", "fix"} <= set(data["findings"][0])


def test_params_and_minutes_options(tmp_path: Path) -> None:
    import yaml

    draft = build_gbt_docx(tmp_path / "draft.docx")
    params = tmp_path / "p.yaml"
    params.write_text(yaml.safe_dump(GOOD_PARAMS, allow_unicode=True), encoding="utf-8")
    run = _drafter("check", str(draft), "--params", str(params), "--minutes", "3")
    assert run.returncode == 0 and "没有发现问题" in run.stdout, run.stdout
    run = _drafter("check", str(draft), "--params", str(params), "--minutes", "30", "--fail-on", "warning")
    assert run.returncode == 1 and "length.target" in run.stdout


@pytest.mark.parametrize("name", ["missing.txt", "speech.doc"])
def test_unreadable_input_exits_2(tmp_path: Path, name: str) -> None:
    if name.endswith(".doc"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    run = _drafter("check", str(tmp_path / name))
    assert run.returncode == 2 and "错误" in run.stderr


def test_broken_docx_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "bad.docx"
    f.write_bytes(b"not a zip")
    run = _drafter("check", str(f))
    assert run.returncode == 2 and "无法打开 Word 文件" in run.stderr


def test_bad_rules_file_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "ok.txt"
    f.write_text("同志们：\n", encoding="utf-8")
    r = tmp_path / "r.yaml"
    r.write_text("rules:\n  confusoin: {severity: info}\n", encoding="utf-8")
    run = _drafter("check", str(f), "--rules", str(r))
    assert run.returncode == 2 and "第 2 行" in run.stderr and "confusion" in run.stderr


def test_bad_fail_on_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "ok.txt"
    f.write_text("同志们：\n", encoding="utf-8")
    assert _drafter("check", str(f), "--fail-on", "fatal").returncode == 2
