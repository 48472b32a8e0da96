"""Nothing the user wrote is ever lost: backups on `new --force`, hand-edited drafts kept on
`render`, files Word holds open refused before anything is written, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import docx_text, run_cli, set_key, snapshot
from drafter.errors import OutputError
from drafter.files import write_atomic


def _edit_docx(path: Path, text: str) -> bytes:
    """Change a draft the way a user would in Word (here with python-docx); return the new bytes."""
    from docx import Document

    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))
    return path.read_bytes()


def _only_docx(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.docx") if not p.name.startswith("~$"))


def test_edit_survives_render_end_to_end(tmp_path: Path) -> None:
    """Generate, change the .docx, change params, render --no-merge: the edit is intact, the new
    draft beside it (the default merges them: tests/roundtrip/)."""
    folder = tmp_path / "稿"
    assert run_cli("new", "--out", folder, "--date", "2026-05-08").returncode == 0
    [original] = _only_docx(folder)
    edited = _edit_docx(original, "这是我在 Word 里加的一段话。")

    set_key(folder, "unit", "unit: 某某市第一中学")
    result = run_cli("render", folder, "--no-merge")

    assert result.returncode == 0, result.stderr
    assert original.read_bytes() == edited
    new = [p for p in _only_docx(folder) if p != original]
    assert len(new) == 1
    assert "某某市第一中学" in docx_text(new[0])
    assert "这是我在 Word 里加的一段话。" not in docx_text(new[0])


def test_edited_draft_with_the_same_name_gets_a_new_name(tmp_path: Path) -> None:
    folder = tmp_path / "稿"
    assert run_cli("new", "--out", folder, "--date", "2026-05-08").returncode == 0
    [original] = _only_docx(folder)
    edited = _edit_docx(original, "手改的一段。")
    set_key(folder, "minutes", "minutes: 10")  # same title, so the same file name

    first = run_cli("render", folder, "--no-merge")
    second = run_cli("render", folder, "--no-merge")  # the -2 copy is drafter's own now: reused, not -3

    second_copy = original.with_name(original.stem + "-2.docx")
    assert first.returncode == second.returncode == 0
    assert second_copy.name in first.stderr and "保留您的修改" in first.stderr
    assert original.read_bytes() == edited
    assert _only_docx(folder) == sorted([original, second_copy])


def test_unchanged_draft_is_replaced_in_place(draft: Path) -> None:
    [original] = _only_docx(draft)
    set_key(draft, "minutes", "minutes: 10")

    result = run_cli("render", draft)

    assert result.returncode == 0, result.stderr
    assert _only_docx(draft) == [original]
    assert "-2" not in result.stderr


def test_new_force_keeps_the_previous_files(draft: Path) -> None:
    before = snapshot(draft)

    result = run_cli("new", "--out", draft, "--force", "--unit", "某某镇中心小学")

    assert result.returncode == 0, result.stderr
    for name, data in before.items():
        if name.endswith((".docx", "params.yaml")):
            assert (draft / f"{name}.bak").read_bytes() == data
    assert "某某镇中心小学" in (draft / "params.yaml").read_text(encoding="utf-8")


def test_new_force_refuses_a_draft_word_holds_open(draft: Path) -> None:
    [docx] = _only_docx(draft)
    (draft / ("~$" + docx.name[2:])).write_bytes(b"owner")
    before = snapshot(draft)

    result = run_cli("new", "--out", draft, "--force", "--date", "2026-05-08")

    assert result.returncode == 2
    assert "Word/WPS 打开" in result.stderr
    assert snapshot(draft) == before  # not even a .bak


def test_atomic_write_leaves_the_old_file_when_the_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "稿.docx"
    target.write_bytes(b"old")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="被占用或没有权限"):
        write_atomic(target, b"new")

    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["稿.docx"]  # no temporary file left


def test_atomic_write_uses_a_temporary_file_in_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((src, dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(tmp_path / "a.txt", b"x")

    [(src, dst)] = seen
    assert Path(src).parent == Path(dst).parent == tmp_path
    assert (tmp_path / "a.txt").read_bytes() == b"x"


def test_refused_docx_write_leaves_params_untouched(draft: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Word refusing the write (no ~$ file on a network share, say) must not leave params half-updated."""
    import drafter.files as files
    from drafter.project.render import render_draft

    set_key(draft, "minutes", "minutes: 10")  # makes render re-plan and rewrite the outline
    before = snapshot(draft)
    real = files.write_atomic

    def refuse_docx(path: Path, data: bytes) -> None:
        if path.suffix == ".docx":
            raise OutputError(f"无法写入 {path}：文件被占用或没有权限。")
        real(path, data)

    monkeypatch.setattr("drafter.files.write_atomic", refuse_docx)  # what write_if_changed writes with
    with pytest.raises(OutputError):
        render_draft(draft)
    after = snapshot(draft)
    # drafter's hidden folder may hold the folder lock and the base of the draft it tried to write
    assert {k: v for k, v in after.items() if not k.startswith(".drafter/")} == {k: v for k, v in before.items() if not k.startswith(".drafter/")}


def test_interrupted_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "params.yaml"
    target.write_bytes(b"old")

    def interrupt(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["params.yaml"]
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize("minutes", [8, 10, 25])
def test_replanned_outline_written_back_renders_the_same(draft: Path, minutes: int) -> None:
    """After a re-plan, the outline drafter wrote into params.yaml gives the very same draft again
    (no phrase id, such as a …/short variant, leaking into the text)."""
    from drafter.project.render import render_draft

    set_key(draft, "minutes", f"minutes: {minutes}")
    first = render_draft(draft, fmt="txt")
    second = render_draft(draft, fmt="txt")

    assert any("重新生成提纲" in n for n in first.notes)
    assert first.text == second.text


def test_unwritable_folder_is_refused_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the test may run as root (who can write anywhere), the refusal is simulated."""
    from drafter.project.new import new_draft

    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(OutputError, match="没有写入权限") as info:
        new_draft(org="school", themes=["创先争优"], out=tmp_path / "稿")
    assert "--out" in (info.value.hint or "")


def test_temporary_file_refused_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows reports a read-only folder only when a file is created in it."""
    import tempfile

    def refuse(**kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="没有权限"):
        write_atomic(tmp_path / "a.docx", b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("state", ['{"docx": "x", "phrasebank": 5}', "[1, 2]", "{not json", '{"docx": {"name": 1}}'])
def test_damaged_state_file_is_safe(draft: Path, state: str) -> None:
    """A hand-edited or damaged .drafter-state.json: drafter still knows its own draft by its
    content (the base it keeps in .drafter/), so it is replaced in place, with no -2 copy."""
    from drafter.project.render import render_draft

    [original] = _only_docx(draft)
    (draft / ".drafter-state.json").write_text(state, encoding="utf-8")

    result = render_draft(draft)

    assert result.output_path == original
    assert _only_docx(draft) == [original]


@pytest.mark.parametrize("state", ['{"docx": "x", "phrasebank": 5}', "{not json"])
def test_damaged_state_and_no_base_keeps_the_draft(draft: Path, state: str) -> None:
    """Without the state file and without drafter's hidden folder, drafter cannot tell its own
    draft from an edited one: it keeps it and writes the new one beside it."""
    import shutil

    from drafter.project.render import render_draft

    [original] = _only_docx(draft)
    before = original.read_bytes()
    (draft / ".drafter-state.json").write_text(state, encoding="utf-8")
    shutil.rmtree(draft / ".drafter")

    result = render_draft(draft)

    assert original.read_bytes() == before
    assert result.output_path is not None and result.output_path != original
