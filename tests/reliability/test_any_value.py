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
from drafter.draft import render_draft
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
