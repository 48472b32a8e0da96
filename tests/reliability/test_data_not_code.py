"""Inputs are data, never code: params values stay literal text, phrasebank entries run sandboxed,
characters XML forbids are removed with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import docx_text, run_cli
from drafter.errors import InputError


def test_template_syntax_in_a_unit_name_stays_literal(tmp_path: Path) -> None:
    result = run_cli("new", "--out", tmp_path / "稿", "--unit", "{{ 7*7 }}中学", "--date", "2026-05-08")

    assert result.returncode == 0, result.stderr
    [docx] = (tmp_path / "稿").glob("*.docx")
    text = docx_text(docx)
    assert "在{{ 7*7 }}中学" in text
    assert "49中学" not in text


def test_forbidden_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    result = run_cli("new", "--out", tmp_path / "稿", "--unit", "某某\x07中学", "--date", "2026-05-08")

    assert result.returncode == 0, result.stderr
    assert "注意" in result.stderr and "控制字符" in result.stderr and "--unit" in result.stderr
    [docx] = (tmp_path / "稿").glob("*.docx")
    assert "在某某中学" in docx_text(docx)


@pytest.mark.parametrize("text", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ unit.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ unti }}",
])
def test_phrase_templates_cannot_reach_python(text: str) -> None:
    """A phrase from another unit that tries to reach Python internals is an error, not code run."""
    from drafter.templating import PhraseRenderer, make_env

    renderer = PhraseRenderer({"unit": "某某中学"}, make_env())
    with pytest.raises(InputError) as info:
        renderer.render(text, "条目 x.y")
    assert "条目 x.y" in info.value.message


def test_user_template_runs_sandboxed(tmp_path: Path) -> None:
    """A speech template from a unit's own folder: same sandbox, a clean error naming the template."""
    from drafter.templating import make_env, render_speech

    (tmp_path / "speech.j2").write_text("@title {{ title.__class__.__base__.__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_speech(make_env(str(tmp_path)), {"title": "x"})
    assert "speech.j2" in info.value.render()
