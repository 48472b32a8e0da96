"""The compiled data shipped in the package: fresh, used for the packaged files only, and enough for
a first run to validate nothing."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import cache
from drafter.data import data_root, phrasebank_path, templates_dir

SRC = Path(__file__).resolve().parents[2] / "src"


def _shipped() -> dict[tuple[str, str], object]:
    version, entries = pickle.loads(cache.COMPILED.read_bytes())
    from drafter import __version__

    assert version == __version__
    return {key: pickle.loads(data) for key, data in entries.items()}


def test_shipped_compiled_data_is_fresh() -> None:
    """Every packaged data file is in it under its current digest, with the value a build makes
    now: `python -m drafter.build` was run after the last change to the data or the loaders."""
    from drafter.build import compiled_values

    shipped = _shipped()
    fresh = compiled_values()
    files = [phrasebank_path(), *sorted(templates_dir().rglob("*.yaml"))]
    digests = {key[1] for key in shipped}
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in digests, f"{path} changed: run python -m drafter.build"
    assert shipped.keys() == fresh.keys(), "run python -m drafter.build"
    for key, value in fresh.items():
        assert shipped[key] == value, f"{key} is stale: run python -m drafter.build"


def test_compiled_values_are_what_the_loaders_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hit gives exactly the validated phrasebank and the parsed YAML, with the caller's path."""
    from drafter.phrasebank import load_phrasebank, phrasebank_from_located
    from drafter.yamlio import load_yaml

    monkeypatch.setenv("DRAFTER_CACHE", "off")
    load_phrasebank.cache_clear()
    bank = load_phrasebank()
    load_phrasebank.cache_clear()
    assert bank.phrases == phrasebank_from_located(load_yaml(phrasebank_path(), "语料库文件")).phrases
    orgs = templates_dir() / "orgs.yaml"
    hit = load_yaml(orgs, "组织类型文件", cached=True)
    assert hit.path == orgs
    plain = load_yaml(orgs, "组织类型文件")
    assert (hit.data, hit.lines, hit.text) == (plain.data, plain.lines, plain.text)


def test_packaged_file_is_never_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE", "off")

    def build() -> object:
        raise AssertionError("validated again")

    raw = phrasebank_path().read_bytes()
    assert cache.cached("phrasebank", raw, build)
    with pytest.raises(AssertionError):
        cache.cached("phrasebank", raw + b"\n", build)  # other bytes: no hit


def test_first_run_validates_nothing_and_imports_no_parser(tmp_path: Path) -> None:
    """With an empty cache, loading every packaged data file imports neither PyYAML nor Jinja2 nor
    python-docx, and writes nothing to the cache."""
    code = (
        "import sys\n"
        "from drafter.phrasebank import load_phrasebank\n"
        "from drafter.domain import load_orgs, load_themes, load_roles, load_calendar, choices_text\n"
        "from drafter.check.config import load_config\n"
        "assert load_phrasebank().phrases and load_orgs() and load_themes() and load_roles() and load_calendar()\n"
        "load_config(None)\n"
        "print(sorted(m for m in ('yaml', 'jinja2', 'docx') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "DRAFTER_CACHE": str(tmp_path / "c")}
    env.pop("DRAFTER_DATA", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


def test_a_units_edited_copy_is_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DRAFTER_DATA with an edited phrasebank: its bytes match nothing shipped, so it is validated
    (here: refused with the entry named)."""
    from drafter.errors import InputError
    from drafter.phrasebank import load_phrasebank

    own = tmp_path / "data"
    shutil.copytree(data_root() / "templates", own / "templates")
    text = phrasebank_path().read_text(encoding="utf-8")
    (own / "phrasebank.yaml").write_text(text + "\n- id: my.bad\n  slot: opening\n  text: \"{{ unit \"\n  source: authored\n", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path / "c"))
    load_phrasebank.cache_clear()
    with pytest.raises(InputError, match="my.bad"):
        load_phrasebank(own / "phrasebank.yaml")
    load_phrasebank.cache_clear()


def test_shipped_speech_template_is_fresh() -> None:
    """The speech template Jinja compiled for its ModuleLoader is what Jinja compiles today, and the
    digest beside it is the template's."""
    from drafter.build import compiled_templates

    for path, data in compiled_templates():
        assert path.is_file() and path.read_bytes() == data, f"{path.name} is stale: run python -m drafter.build"


def test_packaged_speech_template_is_not_compiled_at_run_time(tmp_path: Path) -> None:
    """With the packaged template the shipped compiled module is used (Jinja's compiler never runs);
    a unit's edited copy of the data is compiled from its own text."""
    import os
    import shutil
    import subprocess
    import sys

    probe = (
        "import jinja2\n"
        "def refuse(*a, **k): raise SystemExit('compiled at run time')\n"
        "jinja2.Environment.compile = refuse\n"
        "from drafter.templating import render_speech\n"
        "data = dict(title='T', speaker_line='S', date_line='D', audience='同志们', opening=['开场。'],\n"
        "            sections=[], closing=['结束。'], numbering='ordinal', ordinals=['一'])\n"
        "print(render_speech(None, data).splitlines()[0])\n"
    )
    env = {**os.environ, "DRAFTER_CACHE": str(tmp_path / "cache")}
    env.pop("DRAFTER_DATA", None)
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "@title T", out.stderr

    own = tmp_path / "data"
    shutil.copytree(templates_dir().parent / "templates", own / "templates")
    shutil.copy(phrasebank_path(), own / "phrasebank.yaml")
    speech = own / "templates" / "speech.j2"
    speech.write_text(speech.read_text(encoding="utf-8").replace("@title ", "@title 【本单位】"), encoding="utf-8")
    edited = subprocess.run([sys.executable, "-c", probe.replace("jinja2.Environment.compile = refuse\n", "")],
                            env={**env, "DRAFTER_DATA": str(own)}, capture_output=True, text=True)
    assert edited.returncode == 0 and edited.stdout.strip() == "@title 【本单位】T", edited.stderr
