"""params.yaml is edited, never rewritten: a re-planned outline replaces only the outline key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafter.project.new import new_draft
from drafter.project.render import render_draft
from drafter.params import load_params


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "稿"
    new_draft(org="school", themes=["创先争优"], out=out, date="2026-05-08", unit="青山市第一中学", speaker="李明")
    return out


def outline_first(text: str) -> str:
    """The outline block (with its comments) moved above every other key, as a user might."""
    i = text.index("# 讲话提纲")
    return text[i:] + "\n" + text[:i]


def non_outline_lines(text: str) -> list[str]:
    """The lines outside the outline block (which starts at `outline:` and runs while indented)."""
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("outline:"):
            inside = True
            continue
        if inside and (line.startswith((" ", "-")) or not line.strip()):
            continue
        inside = False
        out.append(line)
    return [x for x in out if x.strip()]


def test_outline_moved_to_the_top_then_minutes_changed_keeps_every_key(folder: Path) -> None:
    path = folder / "params.yaml"
    text = outline_first(path.read_text(encoding="utf-8")).replace("minutes: 15", "minutes: 10")
    path.write_text(text, encoding="utf-8")
    before = load_params(path)

    result = render_draft(folder)

    after_text = path.read_text(encoding="utf-8")
    after = load_params(path)
    assert any("写回 params.yaml" in n for n in result.notes)
    assert after.outline != before.outline  # re-planned for 10 minutes…
    for key in ("unit", "speaker", "date", "org", "theme", "seed", "minutes"):
        assert getattr(after, key) == getattr(before, key), key  # …and nothing else changed
    assert after_text.startswith("# 讲话提纲")  # the outline stays where the user put it
    assert non_outline_lines(after_text) == non_outline_lines(text)
    # The next render uses the unit's values, not placeholders.
    assert "青山市第一中学" in render_draft(folder, fmt="txt").text


def test_gbk_and_crlf_stay(folder: Path) -> None:
    path = folder / "params.yaml"
    text = path.read_text(encoding="utf-8").replace("minutes: 15", "minutes: 10").replace("\n", "\r\n")
    path.write_bytes(text.encode("gbk"))

    render_draft(folder)

    raw = path.read_bytes()
    new = raw.decode("gbk")  # still GBK: a UTF-8 file would not decode (or would read garbled)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert new.count("\n") == new.count("\r\n")  # every line ending is still CRLF
    assert non_outline_lines(new) == non_outline_lines(text)
    assert load_params(path).minutes == 10


def test_utf8_bom_stays(folder: Path) -> None:
    path = folder / "params.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("minutes: 15", "minutes: 12").encode("utf-8"))
    render_draft(folder)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_comments_below_and_inside_the_outline_stay(folder: Path) -> None:
    path = folder / "params.yaml"
    text = path.read_text(encoding="utf-8").replace("minutes: 15", "minutes: 10")
    text = text.replace("  sections:\n", "  # 书记说开场要短一些\n  sections:\n", 1) + "# 2026 年 5 月改过一次\n"
    path.write_text(text, encoding="utf-8")

    render_draft(folder)

    new = path.read_text(encoding="utf-8")
    assert "# 书记说开场要短一些" in new
    assert new.rstrip().endswith("# 2026 年 5 月改过一次")
    assert load_params(path).minutes == 10


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinked_params_stays_a_symlink(folder: Path, tmp_path: Path) -> None:
    real = tmp_path / "shared" / "params.yaml"
    real.parent.mkdir()
    path = folder / "params.yaml"
    real.write_text(path.read_text(encoding="utf-8").replace("minutes: 15", "minutes: 10"), encoding="utf-8")
    path.unlink()
    path.symlink_to(real)

    render_draft(folder)

    assert path.is_symlink() and path.resolve() == real.resolve()
    assert any(line.startswith("        - ") for line in real.read_text(encoding="utf-8").splitlines())
    assert load_params(real).minutes == 10


def test_an_unedited_outline_is_written_back_byte_for_byte_elsewhere(folder: Path) -> None:
    """Only the outline lines differ after a re-plan."""
    path = folder / "params.yaml"
    text = path.read_text(encoding="utf-8").replace("minutes: 15", "minutes: 8")
    path.write_text(text, encoding="utf-8")
    render_draft(folder)
    new = path.read_text(encoding="utf-8")
    cut = text.index("outline:")
    assert new[:cut] == text[:cut]
