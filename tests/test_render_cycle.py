"""The workflow: new → edit params.yaml → render gives the updated draft; the same input gives the same bytes."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from drafter.project.render import render_draft
from tests.conftest import make_draft


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_editing_params_then_render_changes_the_draft(tmp_path: Path) -> None:
    first = make_draft(tmp_path / "d")
    params = first.params_path
    text = params.read_text(encoding="utf-8")
    params.write_text(text.replace("unit:\n", "unit: 青山市实验小学\n").replace("speaker:\n", "speaker: 王芳\n"), encoding="utf-8")
    second = render_draft(first.folder)
    assert second.output_path is not None and second.output_path.name == "在青山市实验小学创先争优活动动员大会上的讲话.docx"
    paras = texts(second.output_path)
    assert paras[0] == "在青山市实验小学\n创先争优活动动员大会上的讲话", "a long title breaks after the unit's name"
    assert paras[1].endswith("王芳")
    # The untouched old draft (drafter's own, unchanged) is replaced, not left beside the new one.
    assert not first.output_path.exists()


def test_changing_minutes_replans_the_outline(tmp_path: Path) -> None:
    first = make_draft(tmp_path / "d")
    params = first.params_path
    text = params.read_text(encoding="utf-8").replace("minutes: 15\n", "minutes: 10\n")
    params.write_text(text, encoding="utf-8")
    second = render_draft(first.folder, fmt="txt")
    assert second.text is not None
    chars = len("".join(second.text.splitlines()[3:]).replace("\u3000", ""))
    assert 1800 <= chars <= 2200, chars
    written = params.read_text(encoding="utf-8")
    assert "minutes: 10" in written
    assert written.split("outline:")[1] != text.split("outline:")[1], "the outline block was re-planned"
    assert written.split("outline:")[0] == text.split("outline:")[0], "the user's part of params.yaml is untouched"


def test_edited_outline_is_honoured(tmp_path: Path) -> None:
    first = make_draft(tmp_path / "d")
    params = first.params_path
    lines = params.read_text(encoding="utf-8").splitlines()
    # Drop the first significance point and add the user's own point.
    idx = next(i for i, l in enumerate(lines) if l.strip().lstrip("- ").lstrip('"').startswith("sig."))  # "sig.x/more2" is quoted
    dropped = lines.pop(idx).strip()[2:].split()[0]
    lines.insert(idx, "        - {title: 结合我校迎接教学评估, text: 今年下半年我校将迎接教学评估，全体党员要冲在前面。}")
    params.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = render_draft(first.folder, fmt="txt")
    assert out.text is not None
    assert "结合我校迎接教学评估" in out.text
    assert "今年下半年我校将迎接教学评估，全体党员要冲在前面。" in out.text
    assert dropped not in params.read_text(encoding="utf-8")


def test_same_params_and_seed_give_identical_bytes(tmp_path: Path) -> None:
    a = make_draft(tmp_path / "a", unit="青山市第一中学", seed=7)
    b = make_draft(tmp_path / "b", unit="青山市第一中学", seed=7)
    assert a.output_path.read_bytes() == b.output_path.read_bytes()
    assert a.params_path.read_bytes() == b.params_path.read_bytes()


def test_different_units_get_different_drafts(tmp_path: Path) -> None:
    a = make_draft(tmp_path / "a", unit="青山市第一中学")
    b = make_draft(tmp_path / "b", unit="绿水县实验小学")
    body_a = set(texts(a.output_path)[4:])
    body_b = set(texts(b.output_path)[4:])
    assert body_a != body_b


def test_rendering_an_unchanged_draft_again_leaves_its_files_alone(tmp_path: Path) -> None:
    import os

    first = make_draft(tmp_path / "d")
    assert first.output_path is not None
    state = first.folder / ".drafter-state.json"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (first.output_path, state)}
    for p in before:  # an hour older, so a rewrite would show in the timestamp
        os.utime(p, ns=(before[p][1] - 3_600_000_000_000, before[p][1] - 3_600_000_000_000))
    aged = {p: p.stat().st_mtime_ns for p in before}
    again = render_draft(first.folder)
    assert again.output_path == first.output_path
    for p, (data, _) in before.items():
        assert p.read_bytes() == data
        assert p.stat().st_mtime_ns == aged[p], f"{p.name} was written again though nothing changed"
    # A change is still written.
    params = first.params_path
    params.write_text(params.read_text(encoding="utf-8").replace("speaker:\n", "speaker: 王芳\n"), encoding="utf-8")
    third = render_draft(first.folder)
    assert third.output_path is not None and third.output_path.read_bytes() != before[first.output_path][0]
