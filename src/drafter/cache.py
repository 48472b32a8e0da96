"""A small on-disk cache of what drafter makes from its data files (parsed YAML, the validated
phrasebank), so that a cold `drafter render` need not import PyYAML or Jinja2 just to read files
that have not changed since the last run.

Why: parsing and validating phrasebank.yaml (every phrase is checked by Jinja's parser) and the
other YAML files was most of a cold render's own time, and importing PyYAML and Jinja2 for it
about as much again.

Design:
- An entry is keyed by the *bytes* of the file (SHA-256), never by its name or time stamp: the
  same bytes always give the same result, whatever the path, so a hit is exact. The caller's path
  is put back into the result by the caller.
- Every entry also records a fingerprint of the code that made it (drafter's version and the files
  of drafter, PyYAML and Jinja2 that shape the result, by size and modification time, and the
  Python version). An entry made by other code is stale and is rebuilt.
- Entries live in a bounded number of slots (the first 3 hex digits of the hash: at most 4,096
  small files), so the folder cannot grow without limit however many drafts are rendered; two
  files sharing a slot only cost rebuilds.
- Errors are never cached: a file that fails to parse or validate is parsed again next time, so its
  message is always the one the parser gives.
- Best effort: an unreadable, corrupt or foreign cache file is ignored, a cache that cannot be
  written only costs speed. `DRAFTER_CACHE=off` disables it, `DRAFTER_CACHE=DIR` moves it (the same
  setting as the .docx skeleton cache in render/package.py)."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_FORMAT = 1
_HERE = Path(__file__).resolve().parent
# The modules whose code decides what a cached value is: a change to any of them rebuilds entries.
_OWN_FILES = ("cache.py", "yamlio.py", "phrasebank.py", "templating.py", "__init__.py")
_LIBRARIES = ("yaml", "jinja2")


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
    """`build()`'s result for a file whose bytes are `raw`: from the cache when an entry made from
    the same bytes by the same code exists, else built (exceptions pass through) and stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(raw).hexdigest()
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
def fingerprint() -> tuple[Any, ...]:
    """What the cached values depend on besides the file's bytes."""
    import importlib.util

    from drafter import __version__

    stamps = [file_stamp(_HERE / name) for name in _OWN_FILES]
    for name in _LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        stamps.append(file_stamp(Path(spec.origin)) if spec and spec.origin else (name, -1, -1))
    return (__version__, sys.version_info[:2], *stamps)


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
