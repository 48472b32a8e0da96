"""Inputs are data, never code: any Unicode in any params field gives either a clean error or a
.docx that python-docx reopens, with the value in it as literal text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import docx_text
from drafter.project.render import render_draft
from drafter.errors import DrafterError
from drafter.params import MAX_TEXT, SCHEMA

# Fields that always show in the draft when set (title, speaker line, salutation).
VISIBLE = ("unit", "speaker", "speaker_title", "meeting", "audience")
TEXT_FIELDS = [k for k, (_c, kind) in SCHEMA.items() if kind == "text" and k != "style_docx"]
ALL_FIELDS = [k for k in SCHEMA if k != "outline"]
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8).map(lambda s: s * 300),  # long
    st.sampled_from(["", " ", "{{ 7*7 }}", "{% for x in range(9) %}x{% endfor %}", "@h1 标题", "a\u2028@h1 b"]),
)


def _render(data: dict[str, object]) -> tuple[str | None, DrafterError | None, list[str]]:
    """Render a draft from `data` in a fresh folder: (document text, error, notes)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "params.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            result = render_draft(folder)
        except DrafterError as exc:
            return None, exc, []
        assert result.output_path is not None
        return docx_text(result.output_path), None, result.notes


def _shown(value: str) -> str:
    """What a one-line field looks like in the draft: XML-forbidden characters gone, whitespace runs one space."""
    return " ".join(_XML_BAD.sub("", value).split())


@SETTINGS
@given(st.fixed_dictionaries({k: values for k in TEXT_FIELDS}))
@example({k: "{{ 7*7 }}" for k in TEXT_FIELDS})
@example({k: "" for k in TEXT_FIELDS})
def test_any_text_in_every_field_is_literal(fields: dict[str, str]) -> None:
    data = {"date": "2026-05-08", "role": "deputy", **fields}
    text, error, notes = _render(data)

    if error is not None:
        assert any(len(v) > MAX_TEXT for v in fields.values()), error.render()
        assert "太长" in error.message and error.path is not None
        return
    assert text is not None
    for key in VISIBLE:
        shown = _shown(fields[key]).rstrip("：:") if key == "audience" else _shown(fields[key])
        if shown and not (key == "unit" and _shown(fields["meeting"])):  # meeting replaces unit in the title
            assert shown in text, key
    if any(_XML_BAD.search(v) for v in fields.values()):
        assert any("控制字符" in n for n in notes)
    if "{{ 7*7 }}" in fields["unit"] and not fields["meeting"].strip():
        assert "{{ 7*7 }}" in text


@SETTINGS
@given(st.sampled_from(ALL_FIELDS), st.one_of(values, st.integers(), st.lists(st.text(max_size=5), max_size=3)))
def test_any_value_in_any_field_is_clean(key: str, value: object) -> None:
    """Org, theme, date, minutes… given anything: a DrafterError with the file named, or a draft."""
    text, error, _notes = _render({key: value})

    if error is not None:
        assert error.path is not None and error.path.name == "params.yaml", error.render()
        assert re.search(r"[\u4e00-\u9fff]", error.message)
    else:
        assert text


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({k: st.text(max_size=30) for k in TEXT_FIELDS}))
@example({k: "\x85\u2028\x7f\x9f 'a' \"b\" # c: d" for k in TEXT_FIELDS})
def test_params_yaml_written_by_drafter_reads_back_the_same(fields: dict[str, str]) -> None:
    """Whatever value `new` received, the params.yaml it writes reads back to the same value."""
    from drafter.params import Params, clean_text, dump_params, params_from_located
    from drafter.yamlio import parse_yaml

    params = Params(**{k: clean_text(None, (k,), v) for k, v in fields.items()})
    loaded = params_from_located(parse_yaml(dump_params(params), Path("params.yaml")))

    default = Params()
    for key in TEXT_FIELDS:  # an empty value means "the default"
        expected = getattr(params, key) or getattr(default, key) or ""
        assert (getattr(loaded, key) or "") == expected, key


argv_text = st.one_of(values, st.text(alphabet=st.characters(categories=["Cs", "Cc", "Zl", "Zp"]), max_size=10))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=argv_text, speaker=argv_text)
@example(unit="{{ 7*7 }}", speaker="\udcff张三")  # undecodable command-line bytes arrive as lone surrogates
def test_new_with_any_unit_and_speaker(unit: str, speaker: str) -> None:
    """`new --unit … --speaker …` with anything: a clean error, or a draft that renders again."""
    from conftest import DAY
    from drafter.project.new import new_draft

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "稿"
        try:
            result = new_draft(org="school", themes=["创先争优"], out=folder, unit=unit, speaker=speaker, today=DAY)
        except DrafterError as exc:
            assert max(len(unit), len(speaker)) > MAX_TEXT, exc.render()
            assert not folder.exists()
            return
        assert result.output_path is not None
        text = docx_text(result.output_path)
        for value in (unit, speaker):
            if _shown(value):
                assert _shown(value) in text
        again = render_draft(folder)  # the params.yaml drafter wrote reads back
        assert again.output_path == result.output_path
