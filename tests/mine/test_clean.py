"""Stage 1, clean: what it keeps, drops and changes."""

from __future__ import annotations

import pytest

from drafter.mine.clean import clean_text, join_wrapped, normalise_line
from drafter.mine.model import Line


def _kept(text: str) -> list[str]:
    return [line.text for line in clean_text(text).lines]


@pytest.mark.parametrize("junk", [
    "当前位置:主页 > 范文 > 讲话致辞 > 会议发言稿 > >",
    "来源::未知 | 作者:某某 | 本文已影响",
    "发布时间:2020-03-02 10:57:06 来源:范文大全 收藏本文 下载本文 手机版",
    "文章来源:发布日期:2010-07-06 17:18:57浏览次数:0",
    "01-30 22:52:14  浏览次数:534次  栏目:党建政治",
    "本文链接:https://www.example.com/article/1.html",
    "- 医院党委选人用人工作自查报告(02-19).docx",
    "将本文的Word文档下载到电脑,方便编辑。",
    "《某某讲话》相关文章",
    "tag: 党建政治,领导讲话稿范文",
])
def test_drops_site_chrome(junk: str) -> None:
    result = clean_text(f"同志们:\n{junk}\n开展创先争优活动,是党的建设的重要任务。")
    assert all(junk[:6] not in line for line in _kept(f"同志们:\n{junk}\n正文。"))
    assert any(d.reason == "网页外壳" for d in result.dropped)


def test_strips_spam_inside_a_line_and_keeps_the_rest() -> None:
    kept = _kept("图片 在创先争优活动动员会上的讲话_某某体育官网_手机版app下载**")
    assert kept == ["在创先争优活动动员会上的讲话"]


def test_removes_urls() -> None:
    result = clean_text("同志们:\n详见 http://www.example.com/a.html 的通知,认真落实。")
    assert "http" not in "".join(line.text for line in result.lines)
    assert any(d.reason == "网址" for d in result.dropped)


@pytest.mark.parametrize("raw, expected", [
    ("開展創先爭優活動", "开展创先争优活动"),
    ("同志们,开展活动:一是承诺;二是点评!", "同志们，开展活动：一是承诺；二是点评！"),
    ('以"学习型党组织"建设为契机', "以“学习型党组织”建设为契机"),
    ("(2010年7月5日)", "（2010年7月5日）"),
    ("时间从 20** 年 7 月到", "时间从20**年7月到"),
    ("罗 之 仁", "罗之仁"),
    ("统一认识 强化责任 细化措施", "统一认识 强化责任 细化措施"),
    ("score 3.5, version 2", "score 3.5, version 2"),
])
def test_normalises_script_punctuation_and_spaces(raw: str, expected: str) -> None:
    assert normalise_line(raw) == expected


def test_joins_lines_broken_mid_sentence() -> None:
    lines = [Line(1, "近年来，我校各级党组织的建设进一步健全，目前共有17"), Line(3, "个党总支。")]
    assert join_wrapped(lines) == [Line(1, "近年来，我校各级党组织的建设进一步健全，目前共有17个党总支。")]


def test_does_not_join_a_heading_to_its_paragraph() -> None:
    lines = [Line(1, "第三，落实推进学习型党组织建设的学习方法及要求"), Line(3, "坚持集中辅导学习与自学相结合。")]
    assert join_wrapped(lines) == lines


def test_drops_related_article_titles_after_the_closing() -> None:
    text = "同志们:\n一、统一思想\n正文。\n同志们,让我们共同努力,以优异的成绩向党献礼!\n强化意识 细化责任\n细化措施，稳步推进优质护理服务"
    result = clean_text(text)
    assert _kept(text)[-1].startswith("同志们，让我们")
    assert sum(d.reason == "相关文章列表" for d in result.dropped) == 2


def test_drops_repeated_titles_but_keeps_line_numbers() -> None:
    result = clean_text("在动员大会上的讲话\n\n在动员大会上的讲话\n同志们:")
    assert [(line.no, line.text) for line in result.lines] == [(1, "在动员大会上的讲话"), (4, "同志们：")]
