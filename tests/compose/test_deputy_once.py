"""A deputy's draft says each thing once: the section on the four working methods (公开承诺、领导点评、
群众评议、评选表彰) tells how each is done, and no other section — the stages, the arrangements, the
leadership points — describes the same method again (“每名党员写出承诺，经审核后公开” after
“组织党员逐人填写承诺书……上墙公开”; “评议表无记名填写” after “无记名打分”)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from .helpers import ORGS, body, build, facts

DATES = (dt.date(2010, 6, 1), dt.date(2016, 3, 15), dt.date(2023, 4, 12), dt.date(2026, 5, 20))
THEMES = (("创先争优",), ("创先争优", "学习型党组织"))
MINUTES = (10, 20, 30, 40)
SEEDS = (1, 2)

# The words that name a method; a shared run must hold one of them to be “the same method twice”.
METHODS = ("承诺", "点评", "评议", "表彰")
# How-to words of each method: a paragraph holding two of one method's words tells how that method
# is done (one word alone may be a passing mention: 班子成员“承诺书和评议结果同样公开”).
HOW_TO = {
    "承诺": ("承诺书", "写出承诺", "写好承诺", "填写承诺", "逐人填写", "审核后公开", "上墙"),
    "点评": ("点评记录", "点评意见", "逐一点评", "点评一次", "进行一次点评", "点评时"),
    "评议": ("评议表", "无记名", "评议会", "评议代表", "满意、基本满意"),
    "表彰": ("集中表彰", "表彰大会", "拟表彰", "表彰名单", "评选表彰先进", "表彰结合"),
}
# Canonical lists a speech quotes whole (the four methods, the four stages): naming them is not describing.
CANON = ("公开承诺领导点评群众评议评选表彰", "承诺点评评议表彰", "动员部署对标争创评议提升总结表彰")
RUN = 12  # Han characters
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")


def _han(text: str) -> str:
    h = _NOT_HAN.sub("", text)
    for c in CANON:
        h = h.replace(c, "|")
    return h


def _sections(built) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The headings and paragraphs under each level-1 heading, the closing left out."""
    out: list[list[str]] = []
    for kind, text in body(built.document):
        if kind == "h1":
            out.append([])
        elif out:
            out[-1].append(text)
    if out and built.closing_paragraphs:
        out[-1] = out[-1][: len(out[-1]) - built.closing_paragraphs]
    return out


def _describes(para: str, words: tuple[str, ...]) -> bool:
    return sum(w in para for w in words) >= 2


def _method_runs(text: str) -> set[str]:
    h = _han(text)
    return {g for g in (h[i:i + RUN] for i in range(len(h) - RUN + 1)) if "|" not in g and any(m in g for m in METHODS)}


CASES = list(itertools.product(ORGS, THEMES, MINUTES, DATES, SEEDS))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{'+'.join(c[1])}-{c[2]}min-{c[3]:%Y%m}-s{c[4]}")
def test_each_method_is_described_in_one_section(case: tuple) -> None:
    org, themes, minutes, date, seed = case
    built = build(org, "deputy", themes, minutes, seed, date, "张明")
    sections = _sections(built)
    where: dict[str, set[int]] = {m: set() for m in HOW_TO}
    runs: dict[str, int] = {}
    for i, paras in enumerate(sections):
        for para in paras:
            for method, words in HOW_TO.items():
                if _describes(para, words):
                    where[method].add(i)
            for g in _method_runs(para):
                first = runs.setdefault(g, i)
                assert first == i, f"第{first + 1}部分和第{i + 1}部分都讲了“{g}”：{para[:60]}"
    twice = {m: sorted(s) for m, s in where.items() if len(s) > 1}
    assert not twice, f"同一方法的具体做法出现在不止一个部分：{twice}"


def test_the_check_catches_the_defect() -> None:
    """The two rules above fail on the text the deputy's stages used to repeat."""
    links = "由各支部在规定时间前组织党员逐人填写承诺书，写明今年办哪几件事，支部审核后上墙公开。"
    stage = "每名党员写出承诺，经支部审核后公开；评议表无记名填写。"
    assert _describes(links, HOW_TO["承诺"]) and _describes(stage, HOW_TO["承诺"]) and _describes(stage, HOW_TO["评议"])
    assert not _describes("班子成员要带头写承诺，承诺书和评议结果同样公开。", HOW_TO["承诺"])
    assert not _method_runs("公开承诺、领导点评、群众评议、评选表彰四种办法要连起来用，不能走过场。")
    assert _method_runs("评议按满意、基本满意、不满意三档无记名打分，结果公开。") & _method_runs(
        "请代表评议按满意、基本满意、不满意三档无记名打分。")


ARRANGEMENT_SLOTS = ("arrangement.start", "arrangement", "arrangement.end")


@pytest.mark.parametrize("slot", ARRANGEMENT_SLOTS)
def test_arrangements_are_deliverables_with_a_date_and_an_owner(slot: str) -> None:
    """The deputy's arrangements (会后马上办的 / 活动中办的 / 收尾时交的) each say who hands in what by
    when, can be deepened, and never tell how a method is done (that is the links section's work)."""
    from drafter.phrasebank import load_phrasebank

    found = load_phrasebank().in_slot(slot)
    assert found, slot
    for p in found:
        assert p.roles == ("deputy",), p.id
        blob = "\n".join((p.text, *p.more))
        assert "【待填：" in blob, f"{p.id}：没有时间节点"
        assert "{{ party }}" in blob or "{{ branches }}" in blob, f"{p.id}：没有责任主体"
        assert 1 <= len(p.more) <= 4 and all(80 <= len(re.sub(r"\{\{.*?\}\}", "某某", m)) <= 200 for m in p.more), p.id
        if not any(r.startswith("link") for r in p.same):
            for method, words in HOW_TO.items():
                assert not _describes(p.text, words), f"{p.id}：正文讲了“{method}”的具体做法，却没有用 same: 标明对应的环节"


def test_deputy_structure_has_no_stage_by_stage_run() -> None:
    """The stage-by-stage run (stage.1 … stage.4) retold the methods; the deputy's plan is the stages
    overview plus the arrangements."""
    from drafter.compose.structure import load_structures

    deputy = load_structures()["deputy"]
    slots = [p.slot for s in deputy.sections for p in s.points]
    assert "stage" not in slots and "stages" in slots and "arrangement" in slots


@pytest.mark.parametrize("themes", (("创先争优",), ("学习型党组织",), ("创先争优", "学习型党组织")), ids="+".join)
@pytest.mark.parametrize("minutes", (20, 30))
def test_the_arrangements_section_is_a_plan_with_dates(themes: tuple[str, ...], minutes: int) -> None:
    """Without the stage-by-stage run the arrangements still carry a 20–30 minute speech: at least three
    points, with dates for the user to fill in (学习型党组织 has no methods section at all)."""
    for org, date in itertools.product(ORGS, DATES):
        built = build(org, "deputy", themes, minutes, 1, date, "张明")
        section = next(s for s in built.params.outline.sections if s.key == "arrangements")
        assert len(section.points) >= 3, (org, date, [p.ref for p in section.points])
        i = [s.key for s in built.params.outline.sections].index("arrangements")
        text = "".join(_sections(built)[i])
        # 2010–2012: the stages are the central ones, quoted as published; from 2013 the unit sets its own dates.
        assert text.count("【待填：") >= (2 if date.year >= 2013 else 1), (org, date, [p.ref for p in section.points])


# What any speech may say again: the activity's name, the stock triple 创造力、凝聚力、战斗力, and
# the facts of the date (今年是中国共产党成立105周年……).
_SAYABLE = re.compile("创先争优活动|学习型党组织建设|学习型党组织|创造力、凝聚力、战斗力")


def _closing(built, date: dt.date) -> str:  # type: ignore[no-untyped-def]
    paras = [t for k, t in body(built.document) if k == "p"]
    text = "".join(paras[-built.closing_paragraphs:])
    for fact in facts(date).event.split("，"):
        text = text.replace(fact, "|")
    return _SAYABLE.sub("|", text)


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("date", DATES, ids=lambda d: str(d.year))
def test_the_deputy_does_not_close_as_the_secretary_did(org: str, date: dt.date) -> None:
    """The secretary and the deputy speak at the same meeting: the deputy's closing (its call and its
    “让我们……”) is its own, never the secretary's again (school, university, agency and community
    deputies used to end word for word as their secretaries had)."""
    for themes, minutes, seed in itertools.product(THEMES, (15, 30), SEEDS):
        secretary = _han(_closing(build(org, "secretary", themes, minutes, seed, date), date))
        deputy = _han(_closing(build(org, "deputy", themes, minutes, seed, date, "张明"), date))
        shared = {deputy[i:i + RUN] for i in range(len(deputy) - RUN + 1)} & {secretary[i:i + RUN] for i in range(len(secretary) - RUN + 1)}
        assert not {s for s in shared if "|" not in s}, (themes, minutes, seed, sorted(shared)[:3])


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("date", DATES, ids=lambda d: str(d.year))
def test_the_deputy_does_not_repeat_the_secretarys_points(org: str, date: dt.date) -> None:
    """The deputy speaks after the secretary (roles.yaml `follows`): a point of the secretary's draft
    for the same unit, date, theme, length and seed is not made again by the deputy, except a
    required one no other phrase can make, and that one in its short form. Before, a deputy
    repeated up to fourteen of the secretary's paragraphs word for word (a carrier, 第一责任人…)."""
    for themes, minutes, seed in itertools.product(THEMES, (15, 30), SEEDS):
        secretary = build(org, "secretary", themes, minutes, seed, date).params.outline
        deputy = build(org, "deputy", themes, minutes, seed, date, "张明").params.outline
        assert secretary is not None and deputy is not None
        said = {p.ref.split("/")[0] for s in secretary.sections for p in s.points if p.ref}
        again = [p.ref for s in deputy.sections for p in s.points if p.ref and p.ref.split("/")[0] in said]
        assert all(ref.endswith("/short") for ref in again), (themes, minutes, seed, again)
