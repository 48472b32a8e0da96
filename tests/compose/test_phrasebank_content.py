"""House rules for phrasebank content: what every draft is made of must already be right."""

from __future__ import annotations

import re

import pytest

from drafter.domain import load_orgs
from drafter.phrasebank import Phrase, load_phrasebank

PHRASES = load_phrasebank().phrases
_VARS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|【待填:[^】]*】")
TYPOS = ("创优争先", "创新争优", "带头维护稳定", "视屏", "即使准确", "实际苦难", "基础组织")
FIVE_GOOD = "领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好"
FIVE_LEAD = "带头学习提高、带头争创佳绩、带头服务群众、带头遵纪守法、带头弘扬正气"
ERA_2010 = ("学习实践", "十七届", "十七大", "90周年", "科学发展观", "晋档升级")


def texts(p: Phrase) -> list[str]:
    return [t for t in (p.title, p.text, p.short) if t]


@pytest.mark.parametrize("p", PHRASES, ids=lambda p: p.id)
def test_wording(p: Phrase) -> None:
    for t in texts(p):
        plain = _VARS.sub("", t)
        assert not re.search(r"[,;:!?()]", plain), "半角标点"
        assert not [w for w in TYPOS if w in t]
        if "带头学习提高" in t:
            assert FIVE_LEAD in t and "模范履行党章规定的义务" in t
        if "领导班子好" in t:
            assert FIVE_GOOD in t and "学习型党组织建设成效明显" in t
        if "领导点评" in t and "公开承诺" in t:
            assert "公开承诺、领导点评、群众评议、评选表彰" in t
        if not p.eras:
            assert not [w for w in ERA_2010 if w in t], "只属于 2010–2012 年的表述要加 eras 标签"
    if p.short:
        assert len(p.short) < len(p.text)


@pytest.mark.parametrize("p", PHRASES, ids=lambda p: p.id)
def test_org_words_only_in_their_own_entries(p: Phrase) -> None:
    for org in load_orgs().values():
        if org.key in p.orgs:
            continue
        for t in texts(p):
            assert not [w for w in org.carriers if w in t], f"{org.key} 的用语只能写在 orgs: [{org.key}] 的条目里"


def test_every_org_slot_names_its_vocabulary() -> None:
    for org in load_orgs().values():
        for p in (p for p in PHRASES if p.slot in (f"carriers.{org.key}", f"learning.{org.key}")):
            assert any(w in p.text for w in org.carriers), p.id


def test_deputy_openings_refer_to_the_secretary() -> None:
    openings = [p for p in PHRASES if p.slot == "opening.deputy"]
    assert len(openings) >= 3
    for p in openings:
        assert all("刚才，{{ secretary }}" in t for t in (p.text, p.short) if t)


def test_dates_only_through_variables() -> None:
    for p in PHRASES:
        for t in texts(p):
            assert not re.search(r"建党\d+周年|党的[一二三四五六七八九十]+大|20\d\d年", _VARS.sub("", t)), p.id


# A `more` paragraph deepens its point; a short bookkeeping note stuck on its end only to reach a
# length (“……要记录在案”“会后一周内形成纪要”) says nothing a clerk would keep.
_BOOKKEEPING = re.compile(r"(记录在案|存入台账|存档|形成纪要|备查|报[^。，；]{0,14}备案)[^。]{0,4}。$")
_SENTENCES = re.compile(r"[^。！？]+[。！？]")


@pytest.mark.parametrize("p", [p for p in PHRASES if p.more], ids=lambda p: p.id)
def test_more_paragraphs_end_in_substance(p: Phrase) -> None:
    for i, para in enumerate(p.more):
        last = _SENTENCES.findall(para)[-1]
        han = len(re.findall(r"[\u4e00-\u9fff]", _VARS.sub("某", last)))
        assert not (han <= 22 and _BOOKKEEPING.search(last)), f"more[{i}] 的末句只是记账：{last}"


# Ways of calling the speaker's sub-units “基层党组织” (a village's 党小组 are not base organisations).
SUBUNIT_AS_BASE = ("各基层党组织", "各级基层党组织", "每个基层党组织", "基层党组织负责人", "组织基层党组织和党员",
                   "下发基层党组织", "推动基层党组织晋档升级", "基层党组织的实施方案", "各级动员大会")


@pytest.mark.parametrize("p", PHRASES, ids=lambda p: p.id)
def test_no_other_units_subunits_in_untagged_entries(p: Phrase) -> None:
    """An entry every org type may draw on names the sub-units through {{ branches }} / {{ all_orgs }}:
    “各基层党组织” would make a village's 村党支部 speak of base organisations under it."""
    if not p.orgs:
        for t in (*texts(p), *p.more):
            found = [w for w in SUBUNIT_AS_BASE if w in t]
            assert not found, (found, t[:40])


def test_learning_drafts_argue_for_learning() -> None:
    """A 学习型党组织 draft's significance points include the learning arguments and none of the
    创先争优 campaign's own (对照先进标准找问题、从严对标); a theme added in YAML alone still finds
    enough untagged arguments (tests/test_data_only.py drafts with one)."""
    from drafter.compose.plan import Chooser

    bank = load_phrasebank()
    for era in ("2010", "2013", "2017", "2022"):
        usable = Chooser(bank, "school", "secretary", ("学习型党组织",), era, 1).candidates("significance")
        assert sum("学习" in (p.title or "") for p in usable) >= 2, era
        assert not [p.id for p in usable if "创先争优" in p.themes], era
        generic = Chooser(bank, "school", "secretary", ("某个新主题",), era, 1).candidates("significance")
        assert len(generic) >= 2, era
