"""字数 as Word counts it: the one count the plan, the length line of new/render and `check` use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.textutil import count_chars


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("同志们：", 4),
        ("建党90周年", 5),  # 90 is one word
        ("GB/T 9704", 3),  # GB, T, 9704; the slash and the space are not counted
        ("“五个好”、“五带头”。", 12),
        ("一　二 三", 3),  # neither the ideographic nor the Latin space counts
        ("Times New Roman 字体", 5),
        ("……——", 4),
        ("第3.5条", 3),
    ],
)
def test_count_as_word_does(text: str, count: int) -> None:
    assert count_chars(text) == count


def _by_hand(text: str) -> int:
    """The rule spelt out character by character: a CJK character or full-width mark is one, a run
    of Latin letters and digits (joined by . ' ’ -) is one, anything else nothing."""
    def cjk(c: str) -> bool:
        o = ord(c)
        return c != "\u3000" and (0x2E80 <= o <= 0x2FFF or 0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF
                                  or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
                                  or 0xFF00 <= o <= 0xFFEF or c in "\u2014\u2026\u2018\u2019\u201c\u201d\u00b7")

    def latin(c: str) -> bool:
        return c.isascii() and c.isalnum()

    n, i = 0, 0
    while i < len(text):
        c = text[i]
        if cjk(c):
            n, i = n + 1, i + 1
        elif latin(c):
            n += 1
            while i < len(text) and (latin(text[i]) or (text[i] in ".'’-" and i + 1 < len(text) and latin(text[i + 1])
                                                        and i > 0 and latin(text[i - 1]))):
                i += 1
        else:
            i += 1
    return n


ALPHABET = st.sampled_from(list("ab Z09'._-中文，。：“”‘’…—·　\t\n\u00a0\u2028１Ａéß😀\u3001"))


@settings(max_examples=500)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_count_follows_the_rule(text: str) -> None:
    assert count_chars(text) == _by_hand(text)
