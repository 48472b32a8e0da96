"""The render/write path under hostile conditions: hostile style files, concurrent renders, killed
renders, and output options that could reach the user's files. Each case checks every user file
byte for byte before and after."""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import SRC, run_cli, set_key


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every user file in the folder (drafter's hidden folder and state file left out)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not str(p.relative_to(folder)).startswith(".drafter")
    }


def drafts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.docx") if not p.name.startswith("~$"))


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".~drafter-*") if p.is_file()]


# ---------------------------------------------------------------- hostile style files

def _docx() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


def _rezip(edit) -> bytes:  # type: ignore[no-untyped-def]
    zin = zipfile.ZipFile(io.BytesIO(_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, edit(info.filename, zin.read(info.filename)))
    return out.getvalue()


def bad_deflate(tmp: Path) -> bytes:
    data = bytearray(_docx())
    at = data.index(b"word/styles.xml") + len("word/styles.xml") + 20
    data[at : at + 200] = b"\xff" * 200
    return bytes(data)


def malformed(tmp: Path) -> bytes:
    return _rezip(lambda n, d: d.replace(b"</w:styles>", b"<w:style></w:styles>") if n == "word/styles.xml" else d)


def truncated(tmp: Path) -> bytes:
    return _rezip(lambda n, d: d[: len(d) // 2] if n == "word/styles.xml" else d)


def dtd_entity(tmp: Path) -> bytes:
    def edit(name: str, data: bytes) -> bytes:
        if name == "word/styles.xml":
            data = data.replace(b"<w:styles ", '<!DOCTYPE w:styles [<!ENTITY unit "某单位">]><w:styles '.encode(), 1)
            data = data.replace(b'w:val="Normal"', b'w:val="&unit;"', 1)
        return data

    return _rezip(edit)


def huge_part(tmp: Path) -> bytes:
    """A .docx with a 300 MB part (zeros: a few hundred KB compressed)."""
    out = io.BytesIO()
    zin = zipfile.ZipFile(io.BytesIO(_docx()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, zin.read(info.filename))
        with z.open("word/media/big.bin", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
    return out.getvalue()


def many_styles(tmp: Path) -> bytes:
    style = '<w:style w:type="paragraph" w:customStyle="1" w:styleId="S{0}"><w:name w:val="样式{0}"/></w:style>'

    def edit(name: str, data: bytes) -> bytes:
        if name == "word/styles.xml":
            extra = "".join(style.format(i) for i in range(100_000)).encode()
            data = data.replace(b"</w:styles>", extra + b"</w:styles>")
        return data

    return _rezip(edit)


HOSTILE = {
    "bad-deflate": (bad_deflate, "压缩数据有误"),
    "malformed-xml": (malformed, "XML 格式有误"),
    "truncated-xml": (truncated, "XML 格式有误"),
    "dtd-entity": (dtd_entity, "DTD"),
    "part-300mb": (huge_part, "过大"),
    "100000-styles": (many_styles, "样式过多"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_style_file_is_refused_cleanly(draft: Path, tmp_path: Path, case: str) -> None:
    make, fragment = HOSTILE[case]
    (draft / "模板.docx").write_bytes(make(tmp_path))
    set_key(draft, "minutes", "minutes: 10")
    set_key(draft, "style_docx", "style_docx: 模板.docx")
    before = checksums(draft)

    started = time.monotonic()
    result = run_cli("render", draft)

    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr and "style_docx" in result.stderr and "params.yaml" in result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert checksums(draft) == before
    assert time.monotonic() - started < 30


def test_an_entity_never_reaches_the_output(draft: Path) -> None:
    """Even where a DTD would be tolerated, drafter's output holds none: it opens in python-docx."""
    from docx import Document

    (draft / "模板.docx").write_bytes(dtd_entity(draft))
    set_key(draft, "style_docx", "style_docx: 模板.docx")
    run_cli("render", draft)
    for path in drafts(draft):
        if path.name == "模板.docx":
            continue
        with zipfile.ZipFile(path) as z:
            assert all(b"<!DOCTYPE" not in z.read(n) for n in z.namelist() if n.endswith(".xml"))
        Document(str(path))


# ---------------------------------------------------------------- one drafter at a time

def _popen(*args: str | Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC), PYTHONIOENCODING="utf-8")
    return subprocess.Popen([sys.executable, "-m", "drafter", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env)


def test_three_concurrent_renders_leave_one_draft(draft: Path) -> None:
    set_key(draft, "minutes", "minutes: 10")
    params_before = (draft / "params.yaml").read_bytes()
    procs = [_popen("render", draft) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]

    assert [p.returncode for p in procs] == [0, 0, 0], [o[1] for o in outs]
    assert len(drafts(draft)) == 1
    for _out, err in outs:
        assert "修改过" not in err and "-2" not in err and "合并" not in err
    assert temporaries(draft) == []
    assert (draft / "params.yaml").read_bytes() != params_before  # the outline was re-planned once…
    assert "minutes: 10" in (draft / "params.yaml").read_text(encoding="utf-8")  # …and nothing else lost


def test_killed_renders_leave_no_temporary_file_and_no_stranger(draft: Path) -> None:
    """kill -9 at random moments of renders that alternate between two lengths, then a plain render:
    no stray temporary file, one draft, and drafter's own draft never taken for a user-edited one."""
    import random

    rnd = random.Random(5)
    for i in range(8):
        set_key(draft, "minutes", f"minutes: {10 if i % 2 else 12}")
        proc = _popen("render", draft)
        time.sleep(rnd.uniform(0.15, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        set_key(draft, "minutes", f"minutes: {10 if i % 2 else 12}")  # a killed re-plan may have rewritten it

    result = run_cli("render", draft)

    assert result.returncode == 0, result.stderr
    assert temporaries(draft) == []
    assert len(drafts(draft)) == 1
    assert "修改过" not in result.stderr and "合并" not in result.stderr and "-2" not in result.stderr


# ---------------------------------------------------------------- output options

def test_text_output_never_overwrites_params(draft: Path) -> None:
    before = checksums(draft)
    for fmt in ("md", "txt"):
        result = run_cli("render", draft, "--format", fmt, "-o", draft / "params.yaml")
        assert result.returncode == 2 and "参数文件" in result.stderr
    result = run_cli("render", draft, "--format", "md", "-o", drafts(draft)[0])
    assert result.returncode == 2
    assert checksums(draft) == before


def test_text_output_keeps_an_existing_file_as_bak(draft: Path, tmp_path: Path) -> None:
    target = tmp_path / "预览.md"
    target.write_text("我自己的笔记", encoding="utf-8")

    result = run_cli("render", draft, "--format", "md", "-o", target)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "预览.md.bak").read_text(encoding="utf-8") == "我自己的笔记"
    assert target.read_text(encoding="utf-8").startswith("# 在")


def test_output_elsewhere_keeps_the_folders_own_draft(draft: Path, tmp_path: Path) -> None:
    [own] = drafts(draft)
    before = checksums(draft)
    set_key(draft, "unit", "unit: 某某市第一中学")  # a new title: a new name
    before = checksums(draft)

    result = run_cli("render", draft, "-o", tmp_path / "elsewhere.docx")

    assert result.returncode == 0, result.stderr
    assert own.exists() and (tmp_path / "elsewhere.docx").is_file()
    assert {k: v for k, v in checksums(draft).items() if k != "params.yaml"} == {k: v for k, v in before.items() if k != "params.yaml"}


def test_output_to_a_folder_writes_a_named_draft_in_it(draft: Path, tmp_path: Path) -> None:
    out = tmp_path / "导出"
    out.mkdir()

    result = run_cli("render", draft, "-o", out)

    assert result.returncode == 0, result.stderr
    [written] = list(out.iterdir())
    assert written.suffix == ".docx" and written.name.startswith("在")
    assert not (tmp_path / "导出.docx").exists()


@pytest.mark.parametrize("seed", ["99999999999", "-5"])
def test_new_refuses_a_seed_render_would_refuse(tmp_path: Path, seed: str) -> None:
    folder = tmp_path / "稿"
    result = run_cli("new", "--out", folder, "--seed", seed)
    assert result.returncode == 2
    assert "--seed" in result.stderr and "0 到 999999999" in result.stderr
    assert "Traceback" not in result.stderr
    assert not folder.exists()


def test_new_accepts_the_largest_seed_render_accepts(tmp_path: Path) -> None:
    folder = tmp_path / "稿"
    assert run_cli("new", "--out", folder, "--seed", "999999999", "--date", "2026-05-08").returncode == 0
    assert run_cli("render", folder).returncode == 0


def test_a_folder_held_by_another_drafter_is_refused_after_waiting(tmp_path: Path) -> None:
    """While another process holds a folder's lock, a command waits, then stops with a clear
    message and writes nothing; once that process is gone (even killed), the lock is free again."""
    from drafter.errors import OutputError
    from drafter.files import FolderLock

    folder = tmp_path / "稿"
    folder.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from drafter.files import FolderLock\n"
         "with FolderLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)", str(folder)],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(SRC)))
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError) as info:
            with FolderLock(folder, timeout=0.5):
                pass
        assert "另一个 drafter 命令正在处理文件夹" in info.value.message and ".drafter/lock" in (info.value.hint or "")
    finally:
        holder.kill()
        holder.wait()
    with FolderLock(folder, timeout=5):  # killed: the system released its lock
        pass
    assert list(folder.iterdir()) == [folder / ".drafter"]
