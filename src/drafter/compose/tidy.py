"""Text rules applied while composing, so that no phrase combination reads as a clerk would not write it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

_SENTENCE = re.compile(r"^.*?[。！？；]")
ECHO_MIN = 6  # Han characters a heading and a first sentence may share before the sentence echoes it
ECHO_SHARE = 0.75  # … when they are this much of the heading


@lru_cache(maxsize=4096)  # the same heading and first sentence meet in draft after draft of a batch
def echoes(heading: str, sentence: str, names: tuple[str, ...] = ()) -> bool:
    """Whether `sentence` says again what `heading` says: they share a run of at least ECHO_MIN Han
    characters that is most of the heading (“以创建“五个好”为主要内容” over “开展活动，以创建“五个好”为主要内容。”).
    `names` (the activity's name) are left out first: naming the activity again is not an echo."""
    for name in names:
        heading, sentence = heading.replace(name, "|"), sentence.replace(name, "|")
    h, s = _han(heading), _han(sentence)
    if len(h) < ECHO_MIN or not s:
        return False
    m = SequenceMatcher(None, h, s, autojunk=False).find_longest_match(0, len(h), 0, len(s))
    return m.size >= ECHO_MIN and m.size >= ECHO_SHARE * len(h)


def _han(text: str) -> str:
    # A loop, not re.sub("[^\u4e00-\u9fff]"): compiling that class builds a 64K-entry table in pure
    # Python (~2 ms, measured), paid by every render for two short strings.
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def drop_echo(heading: str | None, paragraphs: list[str], names: tuple[str, ...] = ()) -> list[str]:
    """The paragraphs under `heading`, without a first sentence that only repeats the heading."""
    if not heading or not paragraphs:
        return paragraphs
    first = _SENTENCE.match(paragraphs[0])
    if first is None or not echoes(heading, first.group(), names):
        return paragraphs
    rest = paragraphs[0][first.end():].lstrip()
    return ([rest] if rest else []) + paragraphs[1:] if (rest or len(paragraphs) > 1) else paragraphs


def strip_salutation(paragraph: str, audience: str) -> str:
    """The first paragraph after “同志们：” does not begin with “同志们，” again."""
    for word in {audience, "同志们"}:
        if word and paragraph.startswith(word) and paragraph[len(word): len(word) + 1] in "，,！!":
            return paragraph[len(word) + 1:]
    return paragraph


_ENUM = {"yishi": re.compile(r"(?:^|[：:；;。，])一是"), "ordinal": re.compile(r"(?:^|[：:；;。，])第一[，、]")}


def enumerations(paragraphs: list[str]) -> set[str]:
    """The run-in numbering schemes the text itself uses inside a point (“一是……二是……”): the
    speech's level-2 points must then be numbered another way, or the reader loses the levels."""
    found: set[str] = set()
    for p in paragraphs:
        found |= _enumerations_in(p)
    return found


@lru_cache(maxsize=8192)  # the same paragraphs recur in every draft of a batch: 0.085 → 0.005 ms a draft
def _enumerations_in(paragraph: str) -> frozenset[str]:
    return frozenset(name for name, pat in _ENUM.items() if pat.search(paragraph))


def say_once(blocks: list[list[str]], full: str, short: str) -> list[list[str]]:
    """A long formula in full only where the speech first names it, the short form after that
    (“党的十九大和十九届二中、三中、四中、五中全会精神” once, then “党的十九大精神”), as a speaker
    would: two phrases that each name the spirit in full read as pasted together. `blocks` are the
    speech's paragraph lists in reading order; new lists are returned, the given ones are kept."""
    if not full or not short or full == short:
        return blocks
    seen = False
    out: list[list[str]] = []
    for paragraphs in blocks:
        tidied = []
        for text in paragraphs:
            at = text.find(full)
            if at >= 0:
                start = at + len(full) if not seen else 0
                text = text[:start] + text[start:].replace(full, short)
                seen = True
            tidied.append(text)
        out.append(tidied)
    return out
