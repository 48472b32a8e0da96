"""drafter.template_program: whenever it answers, the answer is Jinja's."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from drafter import templating
from drafter.template_program import Fallback, compile_tree, run
from drafter.templating import make_env, render_speech, speech_program


def _jinja(source: str, data: dict[str, Any]) -> tuple[str | None, Exception | None]:
    try:
        return make_env().from_string(source).render(**data), None
    except Exception as exc:  # noqa: BLE001
        return None, exc


def _fast(source: str, data: dict[str, Any]) -> str | None:
    """The program's output, or None where it defers to Jinja."""
    env = make_env()
    program = compile_tree(env.parse(source))
    if program is None:
        return None
    try:
        return run(program, data)
    except Fallback:
        return None


def test_the_packaged_template_needs_no_jinja(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path))
    assert speech_program() is not None
    assert speech_program() is not None  # from the cache


def test_every_draft_shape_renders_as_jinja_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Orgs × roles × themes × lengths × seeds: all point styles, one-point sections, long titles."""
    from drafter.draft import compose
    from drafter.params import Params

    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path))
    seen: list[dict[str, Any]] = []
    real = templating.render_speech

    program = speech_program()
    assert program is not None

    def both(env: Any, data: dict[str, Any], template_name: str = templating.SPEECH_TEMPLATE) -> str:
        assert env is None and template_name == templating.SPEECH_TEMPLATE
        fast = run(program, data)
        slow = real(None, data, template_name)  # Jinja: it is loaded in this process
        assert fast == slow
        seen.append(data)
        return fast

    monkeypatch.setattr(templating, "render_speech", both)
    orgs = ("school", "agency", "community", "village", "enterprise", "hospital")
    for i, (org, role, theme, minutes) in enumerate(itertools.product(orgs, ("secretary", "deputy"), ("创先争优", "学习型党组织"), (5, 15, 40))):
        compose(Params(org=org, role=role, theme=(theme,), minutes=minutes, seed=i, unit="某某单位" if i % 2 else None))
    styles = {s["style"] for d in seen for s in d["sections"]}
    assert styles == {"heading", "ordinal", "yishi"}
    assert any(len(s["points"]) == 1 for d in seen for s in d["sections"])


PROBES = [
    "{{ a }}|{{ b.c }}|{{ l[0] }}|{{ l[2] }}|{{ l | length }}",
    "{% for x in l %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }}{{ x }}\n{% endfor %}",
    "{% for x in empty %}{{ x }}{% else %}none{% endfor %}",
    "{% if a == 'A' %}1{% elif a != 'B' %}2{% else %}3{% endif %}",
    "{% if not n and a or b %}y{% endif %}{{ a if n else 'z' }}",
    "{% for x in l %}{% set m = x ~ '!' %}{{ m }}{% endfor %}",
    "{% for x in l %}{{ m }}{% set m = x %}{% endfor %}",  # read before set: Jinja's rules
    "{% for x in l %}{% if loop.first %}{% set m = 1 %}{% endif %}{{ m }}{% endfor %}",
    "{% set t = 1 %}{{ t }}",
    "{{ missing }}",
    "{{ b.missing }}",
    "{{ b.items }}",
    "{{ l[9] }}",
    "{{ b['c'] }}{{ b['nope'] }}",
    "{{ a | upper }}",
    "{{ range(3) | list }}",
    "{{ a.__class__ }}",
    "{% for x in b %}{{ x }}{% endfor %}",
    "{% for x in l if x %}{{ x }}{% endfor %}",
    "{% for a, b in pairs %}{{ a }}{{ b }}{% endfor %}",
    "{{ n ~ a }}{{ 1 == 1 }}{{ none }}",
    "{% for x in l %}{% for y in l %}{{ loop.index }}{{ x }}{{ y }}{% endfor %}{{ loop.index }}{% endfor %}",
    "{% macro m() %}x{% endmacro %}{{ m() }}",
    "  {% if a %}\n  indented\n  {% endif %}\n{# comment #}\ntrailing\n",
    "{{ obj }}",
    "{% if obj %}x{% endif %}",
]
DATA = {"a": "A", "b": {"c": "C", "items": "shadowed"}, "l": ["p", "q", "r"], "empty": [], "n": 0,
        "pairs": [("1", "2")], "obj": object()}


@pytest.mark.parametrize("source", PROBES)
def test_probe_templates(source: str) -> None:
    fast = _fast(source, DATA)
    slow, error = _jinja(source, DATA)
    if fast is not None:
        assert error is None and fast == slow
    else:
        assert error is not None or slow is not None  # deferred: Jinja decides


def test_plain_probes_are_answered_here() -> None:
    """The rules above must not defer everything: the plain shapes are computed here."""
    for source in PROBES[:6]:
        assert _fast(source, DATA) is not None, source


def test_errors_still_come_from_jinja(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.errors import InputError

    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path))
    folder = tmp_path / "t"
    folder.mkdir()
    monkeypatch.setattr("drafter.data.templates_dir", lambda: folder)
    make_env.cache_clear()
    try:
        (folder / "speech.j2").write_text("@title {{ nosuch }}\n", encoding="utf-8")
        with pytest.raises(InputError, match="nosuch"):
            render_speech(None, {"title": "x"})
        (folder / "speech.j2").write_text("@title {{ title \n", encoding="utf-8")
        with pytest.raises(InputError, match="讲话模板"):
            render_speech(None, {"title": "x"})
        (folder / "speech.j2").write_text("@title {{ title | upper }}\n", encoding="utf-8")  # needs Jinja
        assert speech_program() is None
        assert render_speech(None, {"title": "x"}) == "@title X\n"
        (folder / "speech.j2").write_text("@title {{ title }}\n", encoding="utf-8")  # changed: rebuilt
        program = speech_program()
        assert program is not None and run(program, {"title": "x"}) == "@title x\n"
        assert render_speech(None, {"title": "x"}) == "@title x\n"
    finally:
        make_env.cache_clear()
