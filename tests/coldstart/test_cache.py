"""drafter.cache: parsed YAML and the validated phrasebank reused only when exactly valid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import cache
from drafter.phrasebank import load_phrasebank, phrasebank_from_located
from drafter.yamlio import load_yaml

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE", str(folder))
    return folder


def test_yaml_hit_gives_the_same_located(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\nb:\n  - x\n  - 2026-05-08\n", encoding="utf-8")
    first = load_yaml(path, "测试文件", cached=True)
    assert list(cache_dir.glob("yaml-*.pickle"))
    second = load_yaml(path, "测试文件", cached=True)
    plain = load_yaml(path, "测试文件")
    for loc in (first, second):
        assert (loc.data, loc.lines, loc.text, loc.warnings, loc.path) == (plain.data, plain.lines, plain.text, plain.warnings, plain.path)


def test_entry_is_fresh_each_time(tmp_path: Path, cache_dir: Path) -> None:
    """Callers add warnings to a Located: that must not leak into the next load."""
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_yaml(path, cached=True).warn(("a",), "x")
    assert load_yaml(path, cached=True).warnings == []


def test_changed_file_is_parsed_again(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_yaml(path, cached=True).data == {"a": 1}
    path.write_text("a: 2\n", encoding="utf-8")
    assert load_yaml(path, cached=True).data == {"a": 2}


def test_same_bytes_elsewhere_keep_their_own_path(tmp_path: Path, cache_dir: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    for p in (one, two):
        p.write_text("a: 1\n", encoding="utf-8")
    load_yaml(one, cached=True)
    assert load_yaml(two, cached=True).path == two


def test_corrupt_or_foreign_entries_are_ignored_and_replaced(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_yaml(path, cached=True)
    entries = list(cache_dir.glob("yaml-*.pickle"))
    for junk in (b"", b"not a pickle", b"\x80\x05N.", entries[0].read_bytes()[:20]):
        entries[0].write_bytes(junk)
        assert load_yaml(path, cached=True).data == {"a": 1}
    assert load_yaml(path, cached=True).data == {"a": 1}


def test_code_change_rebuilds(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert cache.cached("t", b"x", build) == 1
    assert cache.cached("t", b"x", build) == 1
    monkeypatch.setattr(cache, "fingerprint", lambda: ("other code",))
    assert cache.cached("t", b"x", build) == 2


def test_errors_are_not_cached(tmp_path: Path, cache_dir: Path) -> None:
    def broken() -> int:
        raise ValueError("bad")

    for _ in range(2):
        with pytest.raises(ValueError):
            cache.cached("t", b"y", broken)
    assert cache.cached("t", b"y", lambda: 5) == 5


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() is None
    assert cache.cached("t", b"z", lambda: 7) == 7
    assert not (tmp_path / "xdg").exists()


def test_unwritable_cache_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_CACHE", str(blocker / "sub"))  # a folder inside a file: cannot exist
    assert cache.cached("t", b"w", lambda: 3) == 3


def test_cached_phrasebank_equals_validated_one(tmp_path: Path, cache_dir: Path) -> None:
    from drafter.data import phrasebank_path

    load_phrasebank.cache_clear()
    first = load_phrasebank()
    load_phrasebank.cache_clear()
    second = load_phrasebank()  # from the cache
    load_phrasebank.cache_clear()
    direct = phrasebank_from_located(load_yaml(phrasebank_path(), "语料库文件"))
    assert first.phrases == second.phrases == direct.phrases
    assert second.path == direct.path


def test_bad_phrasebank_is_reported_every_time(tmp_path: Path, cache_dir: Path) -> None:
    from drafter.errors import InputError

    bank = tmp_path / "bank.yaml"
    bank.write_text("- id: my.a\n  slot: opening\n  text: \"{{ unit \"\n  source: authored\n", encoding="utf-8")
    for _ in range(2):
        load_phrasebank.cache_clear()
        with pytest.raises(InputError, match="模板写法有误"):
            load_phrasebank(bank)
    load_phrasebank.cache_clear()


def _render(folder: Path, env: dict[str, str]) -> bytes:
    full = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8", **env}
    done = subprocess.run([sys.executable, "-m", "drafter", "render", str(folder), "-f", "txt"], env=full,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    docx = subprocess.run([sys.executable, "-m", "drafter", "render", str(folder)], env=full, capture_output=True, timeout=120)
    assert docx.returncode == 0, docx.stderr.decode("utf-8")
    return done.stdout + b"\0" + b"".join(p.read_bytes() for p in sorted(folder.glob("*.docx")))


def test_outputs_identical_with_cache_off_cold_and_warm(tmp_path: Path) -> None:
    from tests.conftest import make_draft

    folder = tmp_path / "稿"
    make_draft(folder, unit="青山市第一中学", speaker="李明", seed=5)
    off = _render(folder, {"DRAFTER_CACHE": "off"})
    cold = _render(folder, {"DRAFTER_CACHE": str(tmp_path / "c")})
    warm = _render(folder, {"DRAFTER_CACHE": str(tmp_path / "c")})
    for entry in (tmp_path / "c").glob("*.pickle"):
        entry.write_bytes(b"garbage")
    corrupt = _render(folder, {"DRAFTER_CACHE": str(tmp_path / "c")})
    assert off == cold == warm == corrupt
