"""Any text at all: mining never crashes, and every source it cites is a line of the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.mine.candidates import mine_text

PIECES = ["同志们：", "一、统一思想", "第一，开展活动是重要举措。", "（一）加强领导。", "1、个人自学。",
          "刚才，王书记作了重要讲话。", "http://a.b/c", "当前位置：首页", "開展創先爭優", "\n", "\n\n",
          "，", "。", "“", "17个", "2010年7月5日", "湖南", "书记", " ", "同志们，以优异成绩献礼！"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=20), max_size=40))
def test_mining_any_text_is_safe(pieces: list[str]) -> None:
    text = "".join(pieces)
    found, unclassified, dropped = mine_text(text, "x.txt")
    last = len(text.splitlines())
    for cand in found + unclassified:
        assert cand.text
        for source in cand.source:
            assert 1 <= int(source.rsplit(":", 1)[1]) <= last
        assert "王书记" not in cand.text and "http" not in cand.text


def test_traditional_speech_without_salutation() -> None:
    text = "一、統一思想，提高認識\n開展創先爭優活動，是加強黨的建設的必然要求。\n"
    found, _, _ = mine_text(text, "t.txt")
    assert any(c.slot == "significance" and "开展创先争优活动" in c.text for c in found)
