"""Chinese administrative place names from the cpca package's data (adcodes.csv), matched through
an index by their first two characters. The package itself is not imported (it pulls in pandas at import time):
only its bundled data file is read."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drafter.errors import DrafterError
from drafter.mine.rules import vocabulary

# Administrative suffixes, longest first: 东胜区 -> 东胜, 新疆维吾尔自治区 -> 新疆.
_SUFFIX = re.compile(
    r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|[\u4e00-\u9fff]{0,4}族自治[州县旗]|"
    r"自治州|自治县|地区|林区|矿区|省|市|区|县|盟|旗)$"
)


_CJK = re.compile("[\u4e00-\u9fff]")
_NAME_TAGS = {"ns", "nr", "nrt", "nrfg", None}
_WORD_AFTER_SUFFIX = set("域场级情长民")


@dataclass(frozen=True)
class Place:
    """A place name as written (full or short form) and whether it is a full name."""

    name: str
    full: bool


def gazetteer_file() -> Path:
    """Where the bundled place-name table is."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise DrafterError("缺少地名库（cpca 包）", hint="请运行 pip install cpca。")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def place_names() -> dict[str, Place]:
    """Every place name worth matching: all full names; short forms of provinces and prefectures,
    and of counties where the dictionary does not know them as an ordinary word.

    Kept in drafter's cache, keyed by the place table's bytes, the words never taken for places and
    jieba's dictionary file: building it asks the dictionary about ~2,800 words (~0.14 s of CPU in
    every worker process of `drafter mine`, ~5 ms from the cache)."""
    from drafter.cache import cached, file_stamp
    from drafter.mine.words import _dict_file

    not_places = set(vocabulary()["not_places"]) | set(vocabulary()["genre_whitelist"])
    raw = gazetteer_file().read_bytes()
    key = raw + repr((sorted(not_places), file_stamp(_dict_file()))).encode("utf-8")
    return cached("mine-places", key, lambda: _place_names(raw.decode("utf-8"), not_places))


def _place_names(table: str, not_places: set[str]) -> dict[str, Place]:
    """`place_names` made from the text of the place table (adcodes.csv)."""
    tags = _word_tags()
    names: dict[str, Place] = {}
    for row in csv.DictReader(io.StringIO(table, newline=None)):
        full, code = row["name"].strip(), row["adcode"].strip()
        if len(full) < 3 and not full.endswith(("县", "市", "区", "旗")) or len(full) < 2 \
                or full.endswith("市辖区") or full in not_places:
            continue
        names[full] = Place(full, True)
        short = _SUFFIX.sub("", full)
        if len(short) < 2 or short == full or short in not_places or short in names:
            continue
        upper_level = code[4:].strip("0") == ""
        tag = tags.get(short)
        # Provinces and prefectures are named without their suffix (常德, 邵阳) whatever the
        # dictionary calls the word (常德 is tagged as a person's name); the few that are also
        # common words are in not_places. Counties only where the word is a name of some kind
        # (place, person, or unknown to the dictionary), not an ordinary word.
        if upper_level or tag in _NAME_TAGS:
            names[short] = Place(short, False)
    return names


def _word_tags() -> Mapping[str, str]:
    from drafter.mine.words import word_tags

    return word_tags()


@lru_cache(maxsize=1)
def _by_first_two() -> dict[str, tuple[Place, ...]]:
    """The place names by their first two characters (every name has at least two).

    Used instead of an Aho-Corasick automaton: with ~4,500 names the automaton's root has well
    over a thousand branches, which pyahocorasick searches one by one for every character of the
    text (~20 µs a sentence, the largest single cost of mining). Most sentences contain no place
    at all, and a dictionary look-up per pair of characters finds that out in a few µs. The
    result is the same: every occurrence of every name, overlapping ones included."""
    index: dict[str, list[Place]] = {}
    for name, place in place_names().items():
        index.setdefault(name[:2], []).append(place)
    return {key: tuple(places) for key, places in index.items()}


@lru_cache(maxsize=1)
def _starts() -> re.Pattern[str]:
    """Where a place name may start: a character that begins some name, followed by one that is
    second in some name. Scanned in C; on the corpus it leaves about one position in ten to look up."""
    index = _by_first_two()
    first = "".join(sorted({key[0] for key in index}))
    second = "".join(sorted({key[1] for key in index}))
    return re.compile(f"[{re.escape(first)}](?=[{re.escape(second)}])")


def _occurrences(text: str) -> list[tuple[int, int, Place]]:
    """(start, end, place) of every occurrence of a place name in `text`."""
    index = _by_first_two()
    hits = []
    for match in _starts().finditer(text):
        i = match.start()
        places = index.get(text[i:i + 2])
        if places:
            for p in places:
                if text.startswith(p.name, i):
                    hits.append((i, i + len(p.name), p))
    return hits


def has_place(text: str) -> bool:
    """Whether some place name occurs in `text` (as `find_places` may find it, or a shorter one)."""
    index = _by_first_two()
    for match in _starts().finditer(text):
        i = match.start()
        places = index.get(text[i:i + 2])
        if places and any(text.startswith(p.name, i) for p in places):
            return True
    return False


def find_places(text: str) -> list[tuple[int, int, Place]]:
    """(start, end, place) of the longest non-overlapping place names in `text`."""
    hits = _occurrences(text)
    # A two-character full name (礼县, 南县) inside a longer run of Chinese is usually not a place.
    hits = [h for h in hits if not (h[2].full and h[1] - h[0] == 2 and h[0] > 0 and _CJK.match(text[h[0] - 1]))]
    # 复兴区域、大同市场: a suffix that begins a longer word is not the end of a place name.
    hits = [h for h in hits if not (h[2].full and text[h[1]:h[1] + 1] in _WORD_AFTER_SUFFIX)]
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, Place]] = []
    for start, end, place in hits:
        if out and start < out[-1][1]:
            if end - start > out[-1][1] - out[-1][0] and start == out[-1][0]:
                out[-1] = (start, end, place)
            continue
        out.append((start, end, place))
    return out
