"""Helpers for the hostile-input table (test_bad_input.py): build damaged and hostile files, run
each case as the real command in its own process under a timeout, several at once, and take a
checksum of every file the user has before and after.

A module with a unique name (test folders are not packages), imported by the tests."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import stat
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass
class Outcome:
    """What one run did: exit code (None = still running at the timeout: a hang), output, time."""

    code: int | None
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_command(args: list[str | Path], *, cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Outcome:
    """`python -m drafter ARGS` in a fresh process group; killed (and reported as a hang) at `timeout`."""
    full = dict(os.environ, PYTHONPATH=str(SRC), PYTHONIOENCODING="utf-8", DRAFTER_CACHE=str(cwd / ".cache"),
                **(env or {}))
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter", *map(str, args)], cwd=cwd, env=full, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    return Outcome(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - started)


def checksums(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (but drafter's cache) → sha256 of a file's bytes, or its kind."""
    sums: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".cache"]
        for name in [*dirs, *files]:
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode):
                sums[rel] = "folder"
            elif stat.S_ISREG(mode):
                try:
                    sums[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                except PermissionError:
                    sums[rel] = "unreadable"
            else:
                sums[rel] = "special"  # a FIFO: never opened (that would block)
    return sums


def run_all(jobs: list[Callable[[], object]], workers: int = 3) -> list[object]:
    """Run independent cases on a few threads (each waits on its own process)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: job(), jobs))


# ---------------------------------------------------------------- hostile Word files

def rewrite_docx(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of `source` with one part's bytes changed."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == part else data)
    return target


def bad_deflate(source: Path, target: Path) -> Path:
    """A copy whose document.xml compressed bytes are damaged (its header and sizes intact)."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as zf:
        info = zf.getinfo("word/document.xml")
    data_at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(data_at + 20, data_at + 120):
        raw[i] ^= 0x5A
    target.write_bytes(bytes(raw))
    return target


def huge_part(source: Path, target: Path, megabytes: int = 300) -> Path:
    """A copy whose document.xml inflates to `megabytes` MB (blanks: the file itself stays small)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != "word/document.xml":
                zout.writestr(info.filename, data)
                continue
            with zout.open(info.filename, "w", force_zip64=True) as fh:
                fh.write(data[:-len(b"</w:document>")])
                block = b" " * (1 << 20)
                for _ in range(megabytes):
                    fh.write(block)
                fh.write(b"</w:document>")
    return target


def with_entities(data: bytes) -> bytes:
    """document.xml with a DTD defining nested entities, used in the first text run."""
    dtd = (b'<!DOCTYPE w:document [<!ENTITY a "xxxxxxxxxx"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    data = data.replace(b"?>", b"?>" + dtd, 1)
    return re.sub(rb"(<w:t(?: [^>]*)?>)", rb"\1&c;", data, count=1)


def no_paragraphs(data: bytes) -> bytes:
    """document.xml with every paragraph removed (the section properties stay)."""
    return re.sub(rb"<w:p[ >].*?</w:p>", b"", data, flags=re.S)


def many_parts(source: Path, target: Path, count: int = 6000) -> Path:
    """A copy with `count` extra tiny parts."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        for i in range(count):
            zout.writestr(f"customXml/x{i}.bin", b"x")
    return target


@dataclass
class Expect:
    """What a case must give: exit code, fragments of the output (stderr, else stdout), fragments
    it must not show, and the time it may take."""

    code: int = 2
    says: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    timeout: float = 60.0
    extra: Callable[[Path, Outcome], None] | None = field(default=None, repr=False)
