"""The second half of the speech in phrasebank.yaml — methods, stages, the deputy's arrangements,
leadership and the 学习型党组织 entries — is true to its date, says what a deputy must say, and can
fill a 40-minute speech by deepening points (`more`) rather than adding them."""

from __future__ import annotations

import re

import pytest

from drafter.compose.tidy import echoes
from drafter.phrasebank import Phrase, load_phrasebank

BANK = load_phrasebank()

# The slots this part of the bank covers.
SLOTS = ("methods", "methods.detail", "link", "stages", "stage", "arrangement", "leadership", "integration",
         "publicity", "supervision", "learning", "learning.content", "learning.topic", "learning.guiding",
         "learning.system")
MINE = [p for p in BANK.phrases if p.slot in SLOTS]
ERAS = ("2010", "2013", "2017", "2022")
LATER = ("2013", "2017", "2022")

_VARS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")
# Canonical lists a speech quotes whole; sharing them is not repeating oneself.
CANONICAL = ("公开承诺领导点评群众评议评选表彰", "广泛发动安排部署全面争创扎实推进对标定位晋档升级系统总结完善机制",
             "更新学习理念丰富学习内容创新学习途径健全学习机制完善学习体系形成优良学风")
CENTRAL_STAGES = ("广泛发动、安排部署", "全面争创、扎实推进", "对标定位、晋档升级", "系统总结、完善机制")
ONLY_2010 = ("学习实践科学发展观", "又好又快", "十七届", "建党90周年", "上级党组织负责人要适时")


def _eras(p: Phrase) -> tuple[str, ...]:
    return p.eras or ERAS


def _han(text: str) -> str:
    return _NOT_HAN.sub("", _VARS.sub("", text))


def _grams(text: str, n: int) -> set[str]:
    h = _han(text)
    return {g for g in (h[i:i + n] for i in range(len(h) - n + 1)) if not any(g in c for c in CANONICAL)}


def _all_text(p: Phrase) -> str:
    return "\n".join((p.title or "", p.text, p.short or "", *p.more))


def _group(p: Phrase) -> str:
    """Entries of one group are alternative wordings of one point: a draft takes one of them."""
    return p.id.rsplit(".", 1)[0] if p.slot in ("link", "stage", "learning.topic", "leadership") else p.id


def _len(text: str) -> int:
    return len(_VARS.sub("某某", text))


@pytest.mark.parametrize("phrase", MINE, ids=lambda p: p.id)
def test_every_point_can_be_deepened(phrase: Phrase) -> None:
    assert 1 <= len(phrase.more) <= 4, f"{phrase.id}：要有 1–4 段 more"
    for para in phrase.more:
        assert 80 <= _len(para) <= 200, f"{phrase.id}：more 段落 {_len(para)} 字：{para}"
        assert not (_grams(para, 20) & _grams(phrase.text, 20)), f"{phrase.id}：more 重复了正文"


@pytest.mark.parametrize("phrase", [p for p in MINE if p.slot != "learning.topic" and set(_eras(p)) & {"2010", "2017", "2022"}],
                         ids=lambda p: p.id)
def test_a_long_speech_can_deepen_every_point(phrase: Phrase) -> None:
    """A 40-minute speech keeps its points and deepens them: at full depth a point of this half of the
    speech is as long as the corpus's own 44-minute speech makes one (~550 characters)."""
    full = _len(phrase.text) + sum(_len(m) for m in phrase.more)
    assert 450 <= full <= 650, f"{phrase.id}：加深到底只有 {full} 字"
    for para in phrase.more:
        assert not re.match(r"(一是|第一，|首先)", para), f"{phrase.id}：more 段落不能以序号开头：{para}"


@pytest.mark.parametrize("phrase", MINE, ids=lambda p: p.id)
def test_placeholders_are_full_width_and_nothing_is_claimed_as_done(phrase: Phrase) -> None:
    blob = _all_text(phrase)
    assert "【待填:" not in blob
    assert not re.search(r"(成立了|制定了|下发了)", blob), f"{phrase.id}：把可能没做的事说成已经做了"
    if phrase.title:
        for body in filter(None, (phrase.text, phrase.short)):
            first = re.match(r"^.*?[。！？；]", body)
            assert first and not echoes(_VARS.sub("", phrase.title), first.group()), f"{phrase.id}：首句重复小标题：{body}"


def test_2010_central_arrangements_are_not_offered_as_current() -> None:
    for p in MINE:
        blob = _all_text(p)
        if any(s in blob for s in CENTRAL_STAGES + ONLY_2010):
            assert _eras(p) == ("2010",), f"{p.id}：2010 年的中央部署只能标 eras: [\"2010\"]"


@pytest.mark.parametrize("era", LATER)
def test_later_drafts_have_the_units_own_plan_and_methods(era: str) -> None:
    def usable(slot: str) -> list[Phrase]:
        return [p for p in MINE if p.slot == slot and era in _eras(p) and (not p.themes or "创先争优" in p.themes)]

    stages = usable("stages")
    assert stages and all("【待填：" in p.text for p in stages)
    assert all(m in usable("methods")[0].text for m in ("公开承诺", "领导点评", "群众评议", "评选表彰"))
    stage_groups = {p.id.rsplit(".", 1)[0] for p in usable("stage")}
    link_groups = {p.id.rsplit(".", 1)[0] for p in usable("link")}
    assert stage_groups == {"stage.1", "stage.2", "stage.3", "stage.4"} and len(link_groups) == 4
    for p in usable("stage"):
        assert "【待填：起止日期】" in p.text, p.id
    guiding = usable("learning.guiding")
    assert guiding and all(p.id != "learn.guiding.task" for p in guiding)


def test_deputy_arrangements_say_who_does_what_by_when() -> None:
    arrangements = [p for p in MINE if p.slot == "arrangement"]
    assert len({_group(p) for p in arrangements}) >= 6
    for p in arrangements:
        assert p.roles == ("deputy",), p.id
        blob = "\n".join((p.text, *p.more))
        assert "【待填：" in blob, f"{p.id}：没有时间节点"
        assert re.search(r"\{\{ party \}\}|各支部|支部书记", blob), f"{p.id}：没有责任主体"


@pytest.mark.parametrize("slot", ("leadership", "integration", "publicity", "supervision"))
def test_each_closing_section_has_three_distinct_ideas(slot: str) -> None:
    assert len({_group(p) for p in MINE if p.slot == slot}) >= 3


def test_learning_party_wording_follows_the_date_with_its_source() -> None:
    by_id = BANK.by_id
    assert by_id["learn.guiding.service"].eras == ("2013",) and "服务型、创新型" in by_id["learn.guiding.service"].text
    assert set(by_id["learn.guiding.party"].eras) == {"2017", "2022"}
    assert "学习型政党" in by_id["learn.guiding.party"].text
    raw = BANK.path.read_text(encoding="utf-8")
    for pid, source in (("learn.guiding.service", "十八大报告"), ("learn.guiding.party", "二十大报告"),
                        ("learn.guiding.task", "十七届四中全会")):
        block = raw.split(f"- id: {pid}\n", 1)[1].split("\n- id: ", 1)[0]
        assert "facts:" in block and source in block, pid


def test_points_of_one_slot_do_not_repeat_each_other() -> None:
    """Two points a draft may take together share no 12-character run (the planner would treat them as
    one idea); no two entries anywhere in these slots share 20 characters in their deepening paragraphs."""
    for i, a in enumerate(MINE):
        for b in MINE[i + 1:]:
            if not set(_eras(a)) & set(_eras(b)):
                continue
            if a.slot == b.slot and _group(a) != _group(b) and a.id.rsplit(".", 1)[-1] == b.id.rsplit(".", 1)[-1] \
                    or a.slot == b.slot and a.slot not in ("link", "stage", "learning.topic") and _group(a) != _group(b):
                ga = set().union(*(_grams(t, 12) for t in (a.title or "", a.text, *a.more)))
                gb = set().union(*(_grams(t, 12) for t in (b.title or "", b.text, *b.more)))
                assert not ga & gb, f"{a.id} 与 {b.id} 有 12 字相同：{sorted(ga & gb)[:2]}"
            more_a = set().union(set(), *(_grams(t, 20) for t in a.more))
            assert not more_a & set().union(*(_grams(t, 20) for t in (b.text, b.short or "", *b.more))), (a.id, b.id)
