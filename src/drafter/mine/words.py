"""The word segmenter (jieba) and its part-of-speech dictionary, loaded once and only when needed.

jieba's own start-up is slow for reasons that have nothing to do with what a text asks of it:
`import jieba` imports `pkg_resources` (~0.2 s) only to open its own bundled files, it reads its
whole prefix dictionary (580,000 entries) before the first word is cut, and `jieba.posseg` parses
the 349,000-line dict.txt on import to get the part-of-speech tags. Mining and `drafter check` ask
a few thousand words of these tables (6,000 prefix-dictionary and 5,000 tag look-ups for 10 MB of
speeches in one process), so both tables are kept in an SQLite file in drafter's cache folder and
read word by word as the text asks. The tables are jieba's own, unchanged: only how they are
loaded differs, so segmentation and tags are the same.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

_TABLES_FORMAT = 1


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


def import_jieba() -> Any:
    """`import jieba` without pkg_resources: jieba's _compat imports it only to open its own bundled
    files (and falls back to opening them directly), and pkg_resources alone costs ~0.2–1 s."""
    import logging
    import sys

    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes the import fail at once
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


class Table(Mapping[str, Any]):
    """A read-only view of one of jieba's tables kept in an SQLite file: only the words a text asks
    about are read (and remembered), instead of loading the whole table into memory first. A
    process forked from the one that opened it opens the file again (SQLite connections must not
    cross a fork)."""

    def __init__(self, path: Path, table: str) -> None:
        self._path, self._table = path, table
        self._sql = f"SELECT v FROM {table} WHERE k = ?"
        self._memo: dict[str, Any] = {}
        self._con: Any = None
        self._pid = -1

    def _connection(self) -> Any:
        if self._pid != os.getpid():
            import sqlite3

            # immutable: the file is only ever replaced whole (os.replace), never changed in place, so
            # SQLite need not lock it and read its header again for every query (9.6 → 2.6 µs a look-up).
            self._con = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                        check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            v = self._memo[key]
        except KeyError:
            row = self._connection().execute(self._sql, (key,)).fetchone()
            v = self._memo[key] = row[0] if row else None
        return default if v is None else v

    def __getitem__(self, key: str) -> Any:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (k for (k,) in self._connection().execute(f"SELECT k FROM {self._table}"))

    def __len__(self) -> int:
        return int(self._connection().execute(f"SELECT COUNT(*) FROM {self._table}").fetchone()[0])


def _tables_path() -> Path | None:
    """Where the SQLite copy of jieba's tables lives: drafter's cache folder (DRAFTER_CACHE), keyed by
    jieba's dictionary file and the SQLite version; None when the cache is off."""
    import sqlite3
    import zlib

    from drafter.cache import file_stamp

    folder = cache_dir()
    if folder is None:
        return None
    key = zlib.crc32(repr((file_stamp(_dict_file()), sqlite3.sqlite_version, _TABLES_FORMAT)).encode("utf-8"))
    return folder / f"check-jieba-{key:08x}.sqlite"  # named when only check used it; mine shares it


def _build_tables(path: Path) -> None:
    """Write jieba's prefix dictionary and tag table into `path` (once; atomically)."""
    import sqlite3
    import tempfile

    freq, total = _prefix_dict()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".check-jieba-", suffix=".sqlite", dir=str(path.parent))
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE freq (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID")
        con.execute("CREATE TABLE tags (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID")
        con.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
        con.executemany("INSERT INTO tags VALUES (?, ?)", all_word_tags().items())
        con.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)


def prepare_tables() -> None:
    """Build the SQLite tables now if they are missing (before starting worker processes, so that
    they do not each build them), without opening them."""
    import sqlite3

    path = _tables_path()
    if path is not None and not path.is_file():
        try:
            _build_tables(path)
        except (OSError, sqlite3.Error):
            pass  # a cache that cannot be written only costs time


@lru_cache(maxsize=1)
def tables() -> tuple[Mapping[str, Any], int, Mapping[str, str]]:
    """(prefix dictionary, total, tags): SQLite views from drafter's cache, else plain dictionaries."""
    import sqlite3

    path = _tables_path()
    if path is not None:
        try:
            if not path.is_file():
                _build_tables(path)
            freq, tags = Table(path, "freq"), Table(path, "tags")
            total = int(freq._connection().execute("SELECT v FROM meta WHERE k = 'total'").fetchone()[0])
            return freq, total, tags
        except (OSError, sqlite3.Error, TypeError):
            pass  # a cache that cannot be written or read only costs time
    freq_dict, total = _prefix_dict()
    return freq_dict, total, all_word_tags()


def _prefix_dict() -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary built from its dict.txt, without `jieba.initialize()` (which would
    write its own cache file into the system temp folder)."""
    jieba = import_jieba()
    tk = jieba.Tokenizer()
    with tk.get_dict_file() as fh:
        return tk.gen_pfdict(fh)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def load_jieba() -> object:
    """The jieba module with its default tokenizer reading the prefix dictionary of `tables()`
    (once per process)."""
    jieba = import_jieba()
    if not jieba.dt.initialized:
        freq, total, _ = tables()
        with jieba.dt.lock:
            if not jieba.dt.initialized:  # what Tokenizer.initialize() leaves behind
                jieba.dt.FREQ, jieba.dt.total = freq, total
                jieba.dt.initialized = True
    return jieba


@lru_cache(maxsize=1)
def all_word_tags() -> dict[str, str]:
    """jieba's whole tag table, parsed from dict.txt (~0.45 s): only for building tables from it."""
    # The same parsing as jieba.posseg.POSTokenizer.load_word_tag: "word freq tag" per line.
    tags: dict[str, str] = {}
    with _dict_file().open("rb") as fh:
        for line in fh:
            line = line.strip()
            if line:
                word, _, tag = line.decode("utf-8").split(" ")
                tags[word] = tag
    return tags


def word_tags() -> Mapping[str, str]:
    """jieba's dictionary: word -> part-of-speech tag (nr person, ns place, nt organisation, n noun…)."""
    return tables()[2]


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(load_jieba().lcut(text))  # type: ignore[attr-defined]


def cut(text: str) -> list[str]:
    """Segment `text` into words. Callers pass short windows (a few characters before 局/厅) that
    recur across a corpus (教育局, 民政厅), so results are remembered."""
    return list(_cut(text))
