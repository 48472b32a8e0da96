"""Stage 2, segment."""

from __future__ import annotations

import pytest

from drafter.mine.model import Line
from drafter.mine.segment import segment_lines, split_sentences

SPEECH = [
    "在创先争优活动动员大会上的讲话",
    "张三",
    "（2010年7月5日）",
    "同志们：",
    "根据上级部署，今天召开动员大会。下面，我讲几点意见。",
    "一、充分认识开展创先争优活动的重大意义。当前，全党正在深入学习。",
    "第一，开展创先争优活动是巩固学习实践活动成果的现实需要。这是第一点的正文。",
    "第二，开展创先争优活动是激发党组织活力的重要途径。",
    "这是第二点的正文。",
    "二、加强领导",
    "（一）加强领导，强化领导责任。成立领导小组。",
    "1、个人自学。制定个人学习计划。",
    "同志们，让我们以优异的成绩向党献礼！",
]


@pytest.fixture()
def speech():
    return segment_lines([Line(i + 1, t) for i, t in enumerate(SPEECH)])


def test_reads_the_header(speech) -> None:
    assert (speech.title, speech.speaker, speech.date) == (SPEECH[0], "张三", "2010年7月5日")


def test_kinds_in_order(speech) -> None:
    kinds = [u.kind for u in speech.units]
    assert kinds == ["title", "speaker", "date", "salutation", "opening", "heading1", "paragraph",
                     "paragraph", "paragraph", "heading1", "paragraph", "paragraph", "closing"]


def test_level1_heading_runs_on_into_a_paragraph(speech) -> None:
    heading, intro = speech.units[5], speech.units[6]
    assert heading.text == "充分认识开展创先争优活动的重大意义"
    assert intro.text == "当前，全党正在深入学习。" and intro.line == 6


def test_points_carry_their_titles(speech) -> None:
    first, second = speech.units[7], speech.units[8]
    assert first.title == "开展创先争优活动是巩固学习实践活动成果的现实需要"
    assert first.text == "这是第一点的正文。"
    # a point heading on its own line heads the next paragraph (whose line the text is on)
    assert (second.title, second.text, second.line) == ("开展创先争优活动是激发党组织活力的重要途径", "这是第二点的正文。", 9)


@pytest.mark.parametrize("marker", ["第一，", "一是", "（一）", "1、", "一要"])
def test_level2_markers(marker: str) -> None:
    lines = [Line(1, "同志们："), Line(2, "一、标题"), Line(3, f"{marker}小标题。正文。")]
    unit = segment_lines(lines).units[-1]
    assert (unit.title, unit.text) == ("小标题", "正文。")


def test_subsection_refines_the_section(speech) -> None:
    assert speech.units[10].section == "加强领导｜加强领导，强化领导责任。"


@pytest.mark.parametrize("text, sentences", [
    ("一是承诺。二是点评！三是评议？", ["一是承诺。", "二是点评！", "三是评议？"]),
    ("要做到“五个好”。即领导班子好；", ["要做到“五个好”。", "即领导班子好；"]),
    ("他说：“要抓落实。”大家同意。", ["他说：“要抓落实。”", "大家同意。"]),
    ("没有句号的结尾", ["没有句号的结尾"]),
])
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
