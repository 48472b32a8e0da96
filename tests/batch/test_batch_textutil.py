"""The fast character count agrees with the reference tokeniser on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.textutil import _WORD, count_chars

ALPHABET = st.sampled_from(list("ab Z09'._-中文，。：“”‘’…—·　\t\n\u00a0\u2028１Ａéß😀\u3001"))


@settings(max_examples=500)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_count_matches_the_reference(text: str) -> None:
    assert count_chars(text) == len(_WORD.findall(text))


@given(st.text(max_size=40))
def test_count_matches_the_reference_on_any_unicode(text: str) -> None:
    assert count_chars(text) == len(_WORD.findall(text))
