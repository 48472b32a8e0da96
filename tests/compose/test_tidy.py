"""Text rules applied while composing (compose/tidy.py)."""

from __future__ import annotations

from drafter.compose.tidy import say_once

FULL = "党的十九大和十九届二中、三中、四中、五中全会精神"
SHORT = "党的十九大精神"


def test_say_once_keeps_the_first_and_shortens_the_rest() -> None:
    blocks = [["为深入学习贯彻" + FULL + "，决定开展活动。"], [], ["要全面贯彻" + FULL + "，认真贯彻" + FULL + "。"]]
    out = say_once(blocks, FULL, SHORT)
    assert out == [["为深入学习贯彻" + FULL + "，决定开展活动。"], [], ["要全面贯彻" + SHORT + "，认真贯彻" + SHORT + "。"]]
    assert blocks[2][0].count(FULL) == 2  # the caller's lists are not changed


def test_say_once_within_one_paragraph() -> None:
    assert say_once([["学习" + FULL + "，贯彻" + FULL + "。"]], FULL, SHORT) == [["学习" + FULL + "，贯彻" + SHORT + "。"]]


def test_say_once_leaves_a_short_spirit_alone() -> None:
    blocks = [["学习" + SHORT + "。", "贯彻" + SHORT + "。"]]
    assert say_once(blocks, SHORT, SHORT) == blocks
    assert say_once([["没有提到。"]], FULL, SHORT) == [["没有提到。"]]
