"""The word segmenter (jieba) and its part-of-speech dictionary, loaded once and only when needed.

jieba's own start-up is slow for two reasons that have nothing to do with its data: it reads its
prefix-dictionary cache with `marshal.load` on an open file (which reads object by object, about
1.2 s of CPU for a 9 MB file), and `jieba.posseg` parses the 349,000-line dict.txt on import to
get the part-of-speech tags (about 0.45 s). Mining needs the tags for nearly every source but the
segmenter only for sentences naming a 局/厅, so both tables are kept in drafter's cache folder as
marshal files that are read in one piece (`marshal.loads` of the bytes: ~0.35 s and ~0.2 s), and
the segmenter's table is only read when the first sentence needs it. The tables are jieba's own,
unchanged: only how they are loaded differs, so segmentation and tags are the same.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

_CACHE_FORMAT = 1


def cache_dir() -> Path | None:
    """drafter's cache folder (one place decides it: drafter.cache)."""
    from drafter.cache import cache_dir as shared

    return shared()


def _dict_file() -> Path:
    """jieba's bundled dictionary (found without importing jieba, which costs ~0.1 s)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ImportError("jieba")
    return Path(spec.origin).parent / "dict.txt"


def _cache_path(kind: str) -> Path | None:
    """The cache file for one table, keyed by the dictionary file and Python's version (marshal's
    format may change between versions), so an upgrade of either rebuilds it."""
    folder = cache_dir()
    if folder is None:
        return None
    source = _dict_file()
    try:
        st = source.stat()
        stamp = (str(source), st.st_size, st.st_mtime_ns, sys.version_info[:2], _CACHE_FORMAT)
    except OSError:
        return None
    key = zlib.crc32(repr(stamp).encode("utf-8"))
    return folder / f"mine-jieba-{kind}-{key:08x}.marshal"


def _cached(kind: str, build: Any) -> Any:
    """The table `kind` from the cache, or built by `build()` and stored (best effort: a cache that
    cannot be read or written only costs time)."""
    path = _cache_path(kind)
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    table = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".mine-jieba-", dir=str(path.parent))
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(table))
            os.replace(tmp, path)
        except OSError:
            pass
    return table


def _jieba_module() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _build_prefix_dict() -> tuple[dict[str, int], int]:
    jieba = _jieba_module()
    jieba.initialize()
    return jieba.dt.FREQ, jieba.dt.total


@lru_cache(maxsize=1)
def load_jieba() -> object:
    """The jieba module with its default tokenizer initialised (once per process)."""
    jieba = _jieba_module()
    if not jieba.dt.initialized:
        freq, total = _cached("prefix", _build_prefix_dict)
        with jieba.dt.lock:
            if not jieba.dt.initialized:  # what Tokenizer.initialize() leaves behind
                jieba.dt.FREQ, jieba.dt.total = freq, total
                jieba.dt.initialized = True
    return jieba


def _build_word_tags() -> dict[str, str]:
    # The same parsing as jieba.posseg.POSTokenizer.load_word_tag: "word freq tag" per line.
    tags: dict[str, str] = {}
    with _dict_file().open("rb") as fh:
        for line in fh:
            line = line.strip()
            if line:
                word, _, tag = line.decode("utf-8").split(" ")
                tags[word] = tag
    return tags


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """jieba's dictionary: word -> part-of-speech tag (nr person, ns place, nt organisation, n noun…)."""
    return _cached("tags", _build_word_tags)


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(load_jieba().lcut(text))  # type: ignore[attr-defined]


def cut(text: str) -> list[str]:
    """Segment `text` into words. Callers pass short windows (a few characters before 局/厅) that
    recur across a corpus (教育局, 民政厅), so results are remembered."""
    return list(_cut(text))
