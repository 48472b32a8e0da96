"""Chinese numerals both ways: 17 → 十七 for writing (congresses, headings, dates) and 十七 → 17 for
reading (checking numbering, anniversaries and congresses in a draft)."""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"  # digit by digit, as in years: 二〇二六
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"零": 0, "两": 2}


def to_chinese(n: int) -> str:
    """0..999 in Chinese numerals as speeches write them: 1 → 一, 10 → 十, 17 → 十七, 20 → 二十,
    21 → 二十一, 105 → 一百零五, 110 → 一百一十."""
    if not 0 <= n <= 999:
        raise ValueError(f"{n} is outside 0..999")
    if n == 0:
        return "零"
    hundreds, rest = divmod(n, 100)
    if hundreds:
        tail = "" if rest == 0 else ("零" + to_chinese(rest) if rest < 10 else _tens(rest, plain_ten=False))
        return DIGITS[hundreds] + "百" + tail
    return _tens(n, plain_ten=True)


def count_word(n: int) -> str:
    """A number counting things before a measure word (讲两点意见, 三个方面): 2 alone is 两, never
    二 (“讲二个问题” is wrong); every other number as to_chinese (十二点, 二十二个)."""
    return "两" if n == 2 else to_chinese(n)


def _tens(n: int, plain_ten: bool) -> str:
    """1..99; `plain_ten`: 十二 rather than 一十二 (only at the head of a number)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 and plain_ten else DIGITS[tens]
    return f"{head}十{DIGITS[ones] if ones else ''}"


def digit_by_digit(n: int) -> str:
    """2026 → 二〇二六 (years in Chinese-numeral dates)."""
    return "".join(DIGITS[int(c)] for c in str(n))


def from_chinese(s: str) -> int:
    """The value of a Chinese numeral as written in a text: 一 → 1, 十 → 10, 十二 → 12, 二十三 → 23,
    一百零五 → 105; Arabic digits pass through; 0 for what is not a numeral."""
    if s.isdigit():
        return int(s)
    if "百" in s:
        hundreds, _, rest = s.partition("百")
        rest = rest.lstrip("零〇")
        return _VALUE.get(hundreds, 1) * 100 + (from_chinese(rest) if rest else 0)
    if "十" not in s:
        return _VALUE.get(s, 0) if len(s) == 1 else 0
    tens, _, ones = s.partition("十")
    return (_VALUE.get(tens, 0) if tens else 1) * 10 + (_VALUE.get(ones, 0) if ones else 0)
