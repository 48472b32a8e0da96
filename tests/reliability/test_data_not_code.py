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



def test_an_edited_packaged_template_runs_sandboxed(tmp_path: Path) -> None:
    """Only the speech template drafter ships, byte for byte, runs outside the sandbox: in a copy of
    the data whose speech.j2 was edited (DRAFTER_DATA) it is compiled in the sandbox, so code that
    reaches for Python internals is refused, with the template named, and no draft is written."""
    import shutil

    from drafter.data import phrasebank_path, templates_dir

    own = tmp_path / "data"
    shutil.copytree(templates_dir(), own / "templates")
    shutil.copy(phrasebank_path(), own / "phrasebank.yaml")
    speech = own / "templates" / "speech.j2"
    speech.write_text(speech.read_text(encoding="utf-8").replace("@title {{ title }}", "@title {{ title.__class__.__base__.__subclasses__() }}"),
                      encoding="utf-8")
    result = run_cli("new", "--out", tmp_path / "稿", "--date", "2026-05-08", env={"DRAFTER_DATA": str(own)})

    assert result.returncode == 2, result.stderr
    assert "speech.j2" in result.stderr and "不安全" in result.stderr and "Traceback" not in result.stderr
    assert not list((tmp_path / "稿").glob("*.docx"))
