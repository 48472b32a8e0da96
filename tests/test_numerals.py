"""drafter.numerals: Chinese numerals written and read back."""

from __future__ import annotations

import pytest

from drafter.numerals import digit_by_digit, from_chinese, to_chinese


@pytest.mark.parametrize(("n", "text"), [(0, "零"), (1, "一"), (10, "十"), (12, "十二"), (17, "十七"), (20, "二十"), (21, "二十一"),
                                         (99, "九十九"), (100, "一百"), (105, "一百零五"), (110, "一百一十"), (123, "一百二十三")])
def test_both_ways(n: int, text: str) -> None:
    assert to_chinese(n) == text
    assert from_chinese(text) == n


def test_every_number_reads_back() -> None:
    assert [from_chinese(to_chinese(n)) for n in range(1000)] == list(range(1000))


def test_reading_what_texts_write() -> None:
    assert from_chinese("两") == 2
    assert from_chinese("一百〇五") == 105
    assert from_chinese("100") == 100
    assert from_chinese("甲") == 0


def test_years_digit_by_digit_and_range() -> None:
    assert digit_by_digit(2010) == "二〇一〇"
    with pytest.raises(ValueError):
        to_chinese(1000)


def test_counts_before_a_measure_word() -> None:
    from drafter.numerals import count_word

    assert [count_word(n) for n in (1, 2, 3, 12, 20, 22)] == ["一", "两", "三", "十二", "二十", "二十二"]
    assert from_chinese(count_word(2)) == 2
