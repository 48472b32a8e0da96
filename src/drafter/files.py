"""Writing files without ever losing what the user has: atomic writes, backups, Windows-safe names."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from drafter.errors import OutputError

_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WIN_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_MAX_NAME_BYTES = 200  # leaves room for "-2.docx", ".bak" and Word's "~$" lock name
_TMP_PREFIX = ".~drafter-"
HIDDEN = ".drafter"  # drafter's own folder beside params.yaml: the base of the merge, the folder lock
LOCK_WAIT = 60.0  # seconds a command waits for another drafter working in the same folder
_FULLWIDTH = {":": "：", "?": "？", "*": "＊", "<": "＜", ">": "＞", "|": "｜", '"': "＂", "/": "／", "\\": "＼"}


def safe_filename(name: str, limit: int = 120) -> str:
    """A file name valid on Windows: reserved characters become full-width, no trailing dot/space."""
    out = _RESERVED.sub(lambda m: _FULLWIDTH.get(m.group(0), ""), name).strip().rstrip(". ")
    if out.split(".")[0].upper() in _WIN_NAMES:
        out = "_" + out
    out = out[:limit]
    # Linux and macOS allow 255 *bytes* per name: 120 Chinese characters are 360 in UTF-8.
    while len(out.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES:
        out = out[:-1]
    return out.rstrip(". ") or "讲话稿"


def sha256(data: bytes) -> str:
    """Hex digest of `data`."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """Hex digest of a file, or None if it cannot be read."""
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def word_lock(path: Path) -> Path | None:
    """Word's owner file (~$name.docx) for `path`, if Word has it open."""
    name = path.name
    for cand in (f"~${name}", f"~${name[2:]}", f"~${name[1:]}"):
        lock = path.with_name(cand)
        if lock.exists():
            return lock
    return None


def check_not_open(path: Path) -> None:
    """Refuse, before anything is written, to replace a .docx that Word/WPS has open."""
    lock = word_lock(path) if path.exists() else None
    if lock is not None:
        raise OutputError(
            f"文件正在被 Word/WPS 打开：{path}（发现锁定文件 {lock.name}），没有写入任何文件。",
            hint="请先在 Word/WPS 中保存并关闭该文件，再重新运行。如果 Word 已经关闭，可以删除这个 ~$ 开头的文件。",
        )


def ensure_folder(folder: Path) -> None:
    """Create `folder` (and parents) or explain why it cannot be."""
    if not folder.is_dir():  # one stat where the folder is there (write_atomic asks before every file)
        if folder.exists():
            raise OutputError(f"输出位置已有同名文件，不是文件夹：{folder}", hint="请用 --out 指定另一个文件夹。")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建文件夹：{folder}（{exc.strerror}）", hint="请检查路径和写入权限，或用 --out 指定另一个文件夹。") from exc
    if not os.access(folder, os.W_OK):
        raise OutputError(f"没有写入权限：{folder}", hint="请用 --out 指定一个可以写入的文件夹。")


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write via a temporary file in the same folder, then rename: a crash never leaves half a file.

    `sync=False` leaves the flush to disk to the caller (`flush_to_disk` once after many files):
    `drafter batch` writes a thousand drafts, and waiting for the disk after each one was a sixth of
    the batch's time; a power cut before that flush can leave empty drafts, never a user's file
    changed (an edited draft is backed up first, as always), and a re-run writes them again."""
    lock = word_lock(path) if path.suffix.lower() == ".docx" else None
    if lock is not None:
        raise OutputError(f"文件正在被 Word/WPS 打开：{path}", hint="请先在 Word/WPS 中关闭该文件，再重新运行。")
    ensure_folder(path.parent)
    tmp = ""
    try:
        # Same folder as the target, so the rename never crosses file systems and is atomic.
        # The writer's process id is in the name, so a file left by a killed process can be told
        # from one another process is still writing (see remove_stale_temporaries).
        fd, tmp = tempfile.mkstemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=str(path.parent))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())  # the bytes are on disk before the name points at them
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except PermissionError as exc:
        _cleanup(tmp)
        raise OutputError(f"无法写入 {path}：文件被占用或没有权限。", hint="如果它在 Word/WPS 中打开着，请先关闭再运行。") from exc
    except OSError as exc:
        _cleanup(tmp)
        raise OutputError(f"无法写入 {path}（{exc.strerror}）", hint="请检查磁盘空间和写入权限。") from exc
    except BaseException:  # Ctrl+C half-way: no stray temporary file, the old file untouched
        _cleanup(tmp)
        raise


def flush_to_disk(paths: list[Path]) -> None:
    """Make files written with `write_atomic(sync=False)` durable: one `sync()` of the system's
    buffers where there is one (Linux, macOS), else each file's own flush (Windows)."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            continue  # gone or unreadable since: nothing of ours to flush
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def write_if_changed(path: Path, data: bytes) -> bool:
    """`write_atomic` unless the file holds exactly `data` already (a re-render of an unchanged
    draft): its timestamp stays, Word sees no change, and no fsync is waited for. Whether it wrote."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it (write_atomic reports a real problem)
    write_atomic(path, data)
    return True


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; new files get the usual rw-r--r-- (less the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def backup(path: Path) -> Path:
    """Copy `path` to a free name.bak (name.bak, name.1.bak, …) and return it."""
    n = 0
    while True:
        bak = path.with_name(path.name + (".bak" if n == 0 else f".{n}.bak"))
        if not bak.exists():
            break
        n += 1
    write_atomic(bak, path.read_bytes())
    return bak


def free_name(path: Path) -> Path:
    """`path`, or name-2.docx, name-3.docx … whichever does not exist yet."""
    if not path.exists():
        return path
    n = 2
    while True:
        cand = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not cand.exists():
            return cand
        n += 1


def _cleanup(tmp: str) -> None:
    if not tmp:
        return
    try:
        os.unlink(tmp)
    except OSError:
        pass


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files (.~drafter-PID-….tmp) left in `folder` by a drafter process that was
    killed mid-write (kill -9, power cut): their process is gone. Returns how many were removed."""
    removed = 0
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(_TMP_PREFIX) and p.name.endswith(".tmp")]
    except OSError:
        return 0
    for tmp in names:
        pid = tmp.name[len(_TMP_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid), tmp):
            continue
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int, tmp: Path) -> bool:
    """Whether the process that made `tmp` may still be writing it. On Windows, where a process id
    cannot be asked about cheaply, only files untouched for an hour count as abandoned."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import time

        try:
            return time.time() - tmp.stat().st_mtime < 3600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class FolderLock:
    """One drafter at a time in a draft folder: a lock file in the folder's hidden .drafter folder
    (fasteners: an OS lock — fcntl on Linux and macOS, msvcrt on Windows — released by the system
    when a process dies, even by kill -9). fasteners rather than filelock: the same OS lock, and
    importing it cost ~20 ms less on every new/render (filelock 4 loads decimal, secrets and its
    own settings machinery; measured on this project's render).

    Best effort where the folder cannot hold a lock file (read-only media): then no lock is taken,
    and the write itself reports the real problem."""

    def __init__(self, folder: Path, timeout: float = LOCK_WAIT) -> None:
        self.folder = folder
        self.timeout = timeout
        self._lock: object | None = None

    def __enter__(self) -> "FolderLock":
        from fasteners import InterProcessLock

        hidden = self.folder / HIDDEN
        try:
            if not hidden.is_dir():
                hidden.mkdir(parents=True, exist_ok=True)
                _hide(hidden)
            lock = InterProcessLock(hidden / "lock")
            got = lock.acquire(timeout=self.timeout)
        except OSError:
            return self
        if not got:
            raise OutputError(
                f"另一个 drafter 命令正在处理文件夹 {self.folder}，等待 {self.timeout:.0f} 秒后仍未结束，没有写入任何文件。",
                hint="请等它完成后再运行；如果没有其他 drafter 在运行，可以删除其中的 .drafter/lock 文件。",
            )
        self._lock = lock
        remove_stale_temporaries(self.folder)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._lock.release()  # type: ignore[attr-defined]
            self._lock = None


def _hide(path: Path) -> None:
    """Mark drafter's own folder hidden in Windows Explorer (a leading dot already hides it elsewhere)."""
    if os.name != "nt":
        return
    try:
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]  # FILE_ATTRIBUTE_HIDDEN
    except (OSError, AttributeError):
        pass
