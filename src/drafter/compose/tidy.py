"""Text rules applied while composing, so that no phrase combination reads as a clerk would not write it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")
_SENTENCE = re.compile(r"^.*?[。！？；]")
ECHO_MIN = 6  # Han characters a heading and a first sentence may share before the sentence echoes it


def echoes(heading: str, sentence: str) -> bool:
    """Whether `sentence` says again what `heading` says: they share a run of at least ECHO_MIN Han
    characters that is most of the heading (“以创建“五个好”为主要内容” over “开展活动，以创建“五个好”为主要内容。”)."""
    h, s = _NOT_HAN.sub("", heading), _NOT_HAN.sub("", sentence)
    if len(h) < ECHO_MIN or not s:
        return False
    m = SequenceMatcher(None, h, s, autojunk=False).find_longest_match(0, len(h), 0, len(s))
    return m.size >= ECHO_MIN and m.size >= 0.6 * len(h)


def drop_echo(heading: str | None, paragraphs: list[str]) -> list[str]:
    """The paragraphs under `heading`, without a first sentence that only repeats the heading."""
    if not heading or not paragraphs:
        return paragraphs
    first = _SENTENCE.match(paragraphs[0])
    if first is None or not echoes(heading, first.group()):
        return paragraphs
    rest = paragraphs[0][first.end():].lstrip()
    return ([rest] if rest else []) + paragraphs[1:] if (rest or len(paragraphs) > 1) else paragraphs


def strip_salutation(paragraph: str, audience: str) -> str:
    """The first paragraph after “同志们：” does not begin with “同志们，” again."""
    for word in {audience, "同志们"}:
        if word and paragraph.startswith(word) and paragraph[len(word): len(word) + 1] in "，,！!":
            return paragraph[len(word) + 1:]
    return paragraph
