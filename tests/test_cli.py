"""The real command, as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli as run

SRC = Path(__file__).resolve().parents[1] / "src"




def test_new_writes_params_and_docx_in_default_folder(tmp_path: Path) -> None:
    r = run("new", "--org", "school", "--theme", "创先争优", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "创先争优-school"
    assert (folder / "params.yaml").is_file()
    docs = list(folder.glob("*.docx"))
    assert len(docs) == 1
    assert "params.yaml" in r.stdout and docs[0].name in r.stdout
    assert "drafter render" in r.stdout and "字数" in r.stdout


def test_chinese_org_name_accepted(tmp_path: Path) -> None:
    r = run("new", "--org", "学校", "--theme", "创先争优", "--out", "x", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "org: school" in (tmp_path / "x" / "params.yaml").read_text(encoding="utf-8")


def test_render_txt_to_stdout_and_md_to_file(tmp_path: Path) -> None:
    assert run("new", "--out", "d", "--unit", "青山市第一中学", cwd=tmp_path).returncode == 0
    r = run("render", "d", "--format", "txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("在青山市第一中学\n创先争优活动动员大会上的讲话\n")
    assert "字数" in r.stderr
    r = run("render", "d/params.yaml", "--format", "md", "-o", "preview.md", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "preview.md").read_text(encoding="utf-8").startswith("# 在青山市第一中学")


def test_unknown_org_is_a_clear_error(tmp_path: Path) -> None:
    r = run("new", "--org", "factory", cwd=tmp_path)
    assert r.returncode == 2
    assert "不认识的组织类型" in r.stderr and "school" in r.stderr and "中小学" in r.stderr
    assert "Traceback" not in r.stderr
    assert not any(tmp_path.iterdir())


def test_help_is_chinese(tmp_path: Path) -> None:
    r = run("--help", cwd=tmp_path)
    assert r.returncode == 0
    assert "讲话稿" in r.stdout and "new" in r.stdout and "render" in r.stdout


@pytest.mark.parametrize("command", ["", "new", "render", "batch", "mine", "phrases", "check", "doctor"])
def test_every_help_page_reads_in_chinese(tmp_path: Path, command: str) -> None:
    """Every help page's fixed words are Chinese too: the usage label, the section titles and the
    -h/--help line (Typer's own copy of click writes some of them as English literals)."""
    r = run(*([command] if command else []), "--help", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("用法：") and "显示本帮助并退出。" in r.stdout and "选项" in r.stdout
    for english in ("Usage:", "Show this message", "Options", "Arguments", "Commands"):
        assert english not in r.stdout, english
