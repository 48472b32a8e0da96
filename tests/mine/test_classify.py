"""Stage 3, classify: which slot each sentence gets, and why."""

from __future__ import annotations

import pytest

from drafter.mine.classify import classify_units, detect_orgs, section_of
from drafter.mine.model import Sentence, Unit
from drafter.mine.segment import split_sentences


def _slot(text: str, kind: str = "paragraph", section: str | None = None, title: str | None = None) -> str | None:
    unit = Unit(kind, text, 1, section=section, title=title,
                sentences=[Sentence(s) for s in split_sentences(text)])
    return classify_units([unit])[0].sentences[0].slot


@pytest.mark.parametrize("text, kind, slot", [
    ("根据中央和上级党委的部署，我们在全体党员中开展创先争优活动。", "opening", "opening.occasion"),
    ("今天召开大会，对创先争优活动进行全面动员部署。", "opening", "opening.task"),
    ("下面，我就如何抓好创先争优活动讲几点意见。", "opening", "opening.turn"),
    ("刚才，书记同志作了重要讲话，大家要认真学习领会。", "opening", "opening.deputy"),
    ("以优异的成绩向建党周年献礼！", "closing", "closing.dedication"),
    ("同志们，我们要以高度负责的态度扎实搞好这次活动。", "closing", "closing.call"),
    ("开展创先争优活动，是加强基层党组织先进性建设的必然要求。", "paragraph", "significance"),
    ("总体要求是推动科学发展、促进社会和谐、服务人民群众、加强基层组织。", "paragraph", "requirements.overall"),
    ("努力做到领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好。", "paragraph", "standards.five_good"),
    ("即带头学习提高、带头争创佳绩、带头服务群众、带头遵纪守法、带头弘扬正气。", "paragraph", "standards.five_lead"),
    ("要通过公开承诺、领导点评、群众评议、评选表彰等方式推进活动。", "paragraph", "methods"),
    ("第二阶段，全面争创，扎实推进。", "paragraph", "stages"),
    ("制定个人学习计划，坚持集中学习和个人自学相结合。", "paragraph", "learning"),
    ("成立领导小组，党组织书记要切实履行第一责任人职责。", "paragraph", "leadership"),
    ("要紧密联系实际，做到工作和活动两不误。", "paragraph", "integration"),
    ("要加大宣传力度，选树先进典型，营造浓厚氛围。", "paragraph", "publicity"),
    ("要加强督促检查，杜绝形式主义。", "paragraph", "supervision"),
    ("教职工党员要争当教学标兵、师德标兵，营造书香校园。", "paragraph", "carriers.school"),
    ("社区党组织要全力创建居民自治好、人居环境好的“六个好”社区。", "paragraph", "carriers.community"),
])
def test_slot_by_keywords_and_position(text: str, kind: str, slot: str) -> None:
    assert _slot(text, kind) == slot


def test_keywords_are_not_used_outside_their_position() -> None:
    # 献礼 means closing.dedication only in the closing
    assert _slot("以优异的成绩向建党周年献礼！", "paragraph") != "closing.dedication"


def test_section_default_when_a_sentence_has_no_keyword() -> None:
    assert _slot("党的建设历来是为党领导的伟大事业服务的。", section="深刻认识开展创先争优活动的重大意义") == "significance"


def test_point_title_decides_its_body() -> None:
    assert _slot("上级党组织要采取问卷调查、聘请监督员等形式听取意见。", title="群众评议") == "methods"


def test_a_sentence_without_evidence_continues_the_previous_one() -> None:
    unit = Unit("paragraph", "", 1, sentences=[Sentence("要加大宣传力度。"), Sentence("使大家学有标杆。")])
    second = classify_units([unit])[0].sentences[1]
    assert second.slot == "publicity" and "承接上句" in second.why


def test_records_why() -> None:
    unit = Unit("paragraph", "", 1, sentences=[Sentence("要通过公开承诺、领导点评推进。")])
    why = classify_units([unit])[0].sentences[0].why
    assert "位置：正文" in why and any("公开承诺" in w for w in why)


def test_unclassifiable_sentence_has_no_slot() -> None:
    assert _slot("今天天气很好。") is None


@pytest.mark.parametrize("heading, section", [
    ("统一思想，提高认识，切实增强责任感和紧迫感", "significance"),
    ("充分认识开展创先争优活动和推动学习型党组织建设的重要性和必要性", "significance"),
    ("认真领会学习型党组织建设的指导思想、学习内容和学习形式", "learning"),
    ("把握重点环节，有序推进创先争优活动", "requirements"),
    ("加强组织领导，确保活动取得实效", "leadership"),
    ("二、加强领导｜认真领会学习型党组织建设的学习内容", "learning"),
    ("今天天气很好", None),
])
def test_section_of_heading(heading: str, section: str | None) -> None:
    assert section_of(heading) == section


def test_detect_orgs() -> None:
    assert detect_orgs("广大师生和教职工") == ["school"]
    assert detect_orgs("党的建设") == []
