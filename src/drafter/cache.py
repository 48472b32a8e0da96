"""What drafter makes from its data files (parsed YAML, the validated phrasebank), looked up by
the file's bytes: first in the compiled data shipped inside the package, then in a small per-user
cache on disk. So a first `drafter render` neither validates the packaged data nor imports PyYAML,
Jinja2 or python-docx to read it.

Why: parsing and validating phrasebank.yaml (every phrase is checked by Jinja's parser) and the
other YAML files was most of a first render's time (~1.1 s of 1.6 s), and importing PyYAML and
Jinja2 for it about as much again.

Design:
- A value is keyed by the *bytes* of the file (SHA-256), never by its name or time stamp: the same
  bytes always give the same result, whatever the path, so a hit is exact. The caller's path is
  put back into the result by the caller.
- The compiled data (`_compiled.pickle`, written by `python -m drafter.build`, checked fresh by a
  test) holds the value of every packaged data file. A unit's own copy (`DRAFTER_DATA`) or an
  edited file has other bytes, so it never matches and goes through the per-user cache.
- Every per-user entry also records `fingerprint()`: drafter's version and the size and time of
  every file of drafter's code, PyYAML's and Jinja2's (no hand-kept list of "own files"). An entry
  made by other code is stale and is rebuilt. The after-render review uses the same fingerprint.
- Entries live in a bounded number of slots (the first 3 hex digits of the hash: at most 4,096
  small files), so the folder cannot grow without limit however many drafts are rendered; two
  files sharing a slot only cost rebuilds.
- Errors are never cached: a file that fails to parse or validate is parsed again next time, so its
  message is always the one the parser gives.
- Best effort: an unreadable, corrupt or foreign cache file is ignored, a cache that cannot be
  written only costs speed. `DRAFTER_CACHE=off` disables the per-user cache, `DRAFTER_CACHE=DIR`
  moves it (the compiled data is part of the package and always used)."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_FORMAT = 2
_HERE = Path(__file__).resolve().parent
COMPILED = _HERE / "_compiled.pickle"
_LIBRARIES = ("yaml", "jinja2")
# While `python -m drafter.build` runs: every value built, by (kind, digest).
_recording: dict[tuple[str, str], Any] | None = None


def cache_dir() -> Path | None:
    """The cache folder, or None when `DRAFTER_CACHE` turns the cache off."""
    setting = os.environ.get("DRAFTER_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "drafter" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafter"


def cached(kind: str, raw: bytes, build: Callable[[], T]) -> T:
    """`build()`'s result for a file whose bytes are `raw`: from the compiled data when the file is
    one drafter ships, else from the cache when an entry made from the same bytes by the same code
    exists, else built (exceptions pass through) and stored."""
    digest = hashlib.sha256(raw).hexdigest()
    if _recording is not None:
        value = build()
        _recording[(kind, digest)] = value
        return value
    shipped = compiled().get((kind, digest))
    if shipped is not None:
        try:
            return pickle.loads(shipped)  # a fresh copy each time: callers may change what they get
        except Exception:  # noqa: BLE001 - a damaged package only costs speed
            pass
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{_FORMAT}-{digest[:3]}.pickle"
    key = (digest, fingerprint())
    try:
        with open(path, "rb") as fh:
            stored_key, value = pickle.load(fh)
        if stored_key == key:
            return value
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or foreign: rebuild
        pass
    value = build()
    _store(path, (key, value))
    return value


@lru_cache(maxsize=1)
def compiled() -> dict[tuple[str, str], bytes]:
    """The compiled data shipped in the package: (kind, SHA-256 of the file) → the pickled value.
    Empty when missing, damaged or made for another drafter version."""
    from drafter import __version__

    try:
        with open(COMPILED, "rb") as fh:
            version, entries = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing or damaged: every file goes the slow way
        return {}
    return entries if version == __version__ and isinstance(entries, dict) else {}


def record(run: Callable[[], None]) -> dict[tuple[str, str], Any]:
    """Every value `run()` builds through `cached`, by (kind, digest), bypassing every lookup: what
    the build step ships."""
    global _recording
    _recording = {}
    try:
        run()
        return _recording
    finally:
        _recording = None


@lru_cache(maxsize=1)
def fingerprint() -> tuple[Any, ...]:
    """What cached values depend on besides the file's bytes: drafter's version and the size and
    time of every one of its code files, PyYAML's and Jinja2's, and Python's version."""
    import importlib.util

    from drafter import __version__

    stamps: list[tuple[str, int, int]] = sorted(_code_stamps(str(_HERE)))
    for name in _LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        stamps.append(file_stamp(Path(spec.origin)) if spec and spec.origin else (name, -1, -1))
    return (__version__, sys.version_info[:2], *stamps)


def _code_stamps(folder: str) -> list[tuple[str, int, int]]:
    """Path, size and time of every .py file under `folder` (os.scandir: a sixth of pathlib.rglob's cost)."""
    out: list[tuple[str, int, int]] = []
    for entry in os.scandir(folder):
        if entry.is_dir():
            if entry.name != "__pycache__":
                out += _code_stamps(entry.path)
        elif entry.name.endswith(".py"):
            st = entry.stat()
            out.append((entry.path, st.st_size, st.st_mtime_ns))
    return out


def file_stamp(path: Path) -> tuple[str, int, int]:
    """A file's path, size and modification time ((-1, -1) when missing): what says it changed."""
    try:
        st = path.stat()
        return (str(path), st.st_size, st.st_mtime_ns)
    except OSError:
        return (str(path), -1, -1)


def _store(path: Path, entry: Any) -> None:
    """Write atomically (a concurrent reader sees the old entry or the new, never half of one)."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=str(path.parent))
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs speed
        pass
