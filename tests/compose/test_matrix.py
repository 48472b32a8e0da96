"""The full matrix — every org type × role × theme × length × date — gives a speech a secretary could
deliver: its structure, numbering, announced count, voice, date, unit and role all hold."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from difflib import SequenceMatcher

import pytest

from drafter.compose.plan import TOLERANCE
from drafter.numerals import count_word, to_chinese
from drafter.domain import load_orgs, load_themes, resolve_theme
from drafter.render.text import to_text

from .helpers import ORGS, ROLES, THEMES, body, build, facts, sentences

DATES = (dt.date(2010, 6, 15), dt.date(2011, 6, 20), dt.date(2021, 5, 10), dt.date(2026, 11, 30))
MINUTES = (5, 15, 30, 40)
# More dates and lengths, sampled rather than crossed (the full product would triple the suite's time):
# every org × role × theme on every one of these dates, at 10 or 20 minutes in turn. 2010-05: before the
# 2011 “七一” the campaign greets 建党90周年; 2013-03: the 十八届 had held only its first two plenums.
MORE_DATES = (dt.date(2010, 5, 20), dt.date(2013, 3, 15), dt.date(2016, 6, 20), dt.date(2019, 9, 10), dt.date(2023, 5, 15))
MORE_MINUTES = (10, 20)
SECRETARY = "张明"
CASES = list(itertools.product(ORGS, ROLES, THEMES, MINUTES, DATES)) + [
    (org, role, themes, MORE_MINUTES[(i + j + k + n) % 2], date)
    for i, org in enumerate(ORGS) for j, role in enumerate(ROLES) for k, themes in enumerate(THEMES)
    for n, date in enumerate(MORE_DATES)]

# Wording that belongs to 2010–2012 only, and wording that only exists later (standards.md's era table).
ERA_2010_ONLY = ("十七届", "十七大", "学习实践", "建党90周年", "又好又快", "推动科学发展、促进社会和谐", "卫生计生", "卫生局",
                 "构建和谐", "和谐社区")
LATER_ONLY = ("习近平", "新时代", "十九大", "二十大", "十八大以来", "卫生健康", "高质量发展", "全面从严治党", "两个确立", "两个维护",
              "基层治理", "社会治理",  # 十八届三中全会（2013-11）以后的提法
              "工作群", "公众号", "短视频", "扫码", "二维码", "微信", "线上", "线下", "打卡")
# Canonical formulations every speech may repeat word for word (standards.md).
CANON = (
    "创建先进基层党组织、争当优秀共产党员", "领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好",
    "带头学习提高、带头争创佳绩、带头服务群众、带头遵纪守法、带头弘扬正气", "学习型党组织建设成效明显，出色完成党章规定的基本任务",
    "推动科学发展、促进社会和谐、服务人民群众、加强基层组织", "组织创先进、党员争优秀、群众得实惠", "公开承诺、领导点评、群众评议、评选表彰",
    "在党的基层组织和党员中深入开展", "以邓小平理论和“三个代表”重要思想为指导，深入贯彻落实科学发展观", "以习近平新时代中国特色社会主义思想为指导",
)
_RUN_IN = re.compile(r"^(?:第([一二三四五六七八九十]+)，|([一二三四五六七八九十]+)是)")
_ANNOUNCE = re.compile(r"讲([一二两三四五六七八九十几])(?:点|个方面|个问题)")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(r"【[^】]*】")
_FAKE_FACT = re.compile(r"(?:成立了|已经成立|研究成立)[^。；]*领导小组|制定了[^。；]*实施方案")


def _id(case: tuple) -> str:
    org, role, themes, minutes, date = case
    return f"{org}-{role}-{'+'.join(themes)}-{minutes}min-{date:%Y-%m}"


@pytest.fixture(params=CASES, ids=[_id(c) for c in CASES])
def case(request: pytest.FixtureRequest) -> tuple:
    org, role, themes, minutes, date = request.param
    seed = 1 + CASES.index(request.param) % 7
    built = build(org, role, themes, minutes, seed, date, SECRETARY if role == "deputy" else None)
    return org, role, themes, minutes, date, built


def _sections(built) -> list[tuple[str, list[tuple[str, str]]]]:  # type: ignore[no-untyped-def]
    """(heading, blocks under it) for each level-1 section; the closing's paragraphs are left out."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for kind, text in body(built.document):
        if kind == "h1":
            out.append((text, []))
        elif out:
            out[-1][1].append((kind, text))
    if out:
        out[-1] = (out[-1][0], out[-1][1][: len(out[-1][1]) - built.closing_paragraphs])
    return out


def _points(blocks: list[tuple[str, str]]) -> tuple[int, set[str]]:
    """How many points a section makes, and with which numbering schemes."""
    h2 = sum(1 for k, _ in blocks if k == "h2")
    runs = [m for k, t in blocks if k == "p" and (m := _RUN_IN.match(t))]
    schemes = ({"heading"} if h2 else set()) | {"ordinal" if m.group(1) else "yishi" for m in runs}
    return max(h2, len(runs)) or 1, schemes


def _opening(built) -> list[str]:  # type: ignore[no-untyped-def]
    blocks = body(built.document)
    first = next(i for i, (k, _) in enumerate(blocks) if k == "h1")
    return [t for _, t in blocks[:first]]


def test_sections_and_points(case: tuple) -> None:
    _org, role, themes, minutes, _date, built = case
    secs = _sections(built)
    n = len(secs)
    if minutes <= 7:
        assert 2 <= n <= 3, n
    elif role == "secretary":
        assert 3 <= n <= (5 if len(themes) > 1 else 4), n
    else:
        assert 3 <= n <= (5 if len(themes) > 1 else 4), n
    for heading, blocks in secs:
        points, _ = _points(blocks)
        assert points <= 6, (heading, points)
        if minutes >= 10:
            assert points >= 2, heading


def test_one_numbering_scheme_per_level(case: tuple) -> None:
    *_, built = case
    schemes: set[str] = set()
    for i, (heading, blocks) in enumerate(_sections(built), start=1):
        assert heading.startswith(f"{to_chinese(i)}、"), heading
        _, used = _points(blocks)
        schemes |= used
        h2 = [t for k, t in blocks if k == "h2"]
        assert h2 == [t for t in h2 if t.startswith("（")]
        for j, t in enumerate(h2, start=1):
            assert t.startswith(f"（{to_chinese(j)}）"), t
        runs = [m for k, t in blocks if k == "p" and (m := _RUN_IN.match(t))]
        for j, m in enumerate(runs, start=1):
            assert (m.group(1) or m.group(2)) == to_chinese(j)
    assert len(schemes) <= 1, schemes


def test_announced_count_matches_sections(case: tuple) -> None:
    *_, built = case
    said = _ANNOUNCE.findall("".join(_opening(built)))
    assert said == [count_word(len(_sections(built)))], said  # 讲两点, never 讲二点


_ACTIVITY = re.compile(r"创先争优活动|学习型党组织建设|创先争优|学习型党组织")


def _echo(heading: str, sentence: str) -> bool:
    """The sentence repeats most of the heading (naming the activity again does not count)."""
    h = _NOT_HAN.sub("", _ACTIVITY.sub("|", heading))
    s = _NOT_HAN.sub("", _ACTIVITY.sub("|", sentence))
    m = SequenceMatcher(None, h, s, autojunk=False).find_longest_match(0, len(h), 0, len(s))
    return m.size >= 6 and m.size >= 0.75 * len(h)


def test_no_heading_echo(case: tuple) -> None:
    *_, built = case
    blocks = body(built.document)
    for (k1, head), (k2, nxt) in zip(blocks, blocks[1:]):
        if k1 in ("h1", "h2") and k2 == "p":
            head = re.sub(r"^[（(]?[一二三四五六七八九十]+[）)、]", "", head)
            assert not _echo(head, re.split(r"[。！？]", nxt)[0]), (head, nxt[:40])
    for _, t in blocks:  # a run-in title followed by a sentence that repeats it
        m2 = re.match(r"^(?:第[一二三四五六七八九十]+，|[一二三四五六七八九十]+是)([^。]{4,})。([^。]*)", t)
        if m2:
            assert not _echo(m2.group(1), m2.group(2)), t[:60]


def test_headings_do_not_echo_each_other(case: tuple) -> None:
    """No two level-1 headings share three Han characters in a row (准确把握… twice, …抓落实 and 狠抓落实),
    the activity's own name aside: one would read as the other said again."""
    _, _, themes, _, _, built = case
    activity = resolve_theme(themes).activity
    runs: dict[str, str] = {}
    for kind, text in body(built.document):
        if kind != "h1":
            continue
        own = {part[i : i + 3] for part in _NOT_HAN.split(text.split("、", 1)[1].replace(activity, "|"))
               for i in range(len(part) - 2)}
        for run in own:
            assert runs.setdefault(run, text) == text, (run, runs[run], text)


def test_an_intro_does_not_restate_its_heading(case: tuple) -> None:
    """The paragraph under a level-1 heading shares no five Han characters in a row with it (切实增强做好
    这项工作的自觉性 / …增强做好这项工作的责任感和使命感), the activity's own name aside."""
    *_, built = case
    blocks = body(built.document)
    for (k1, head), (k2, nxt) in zip(blocks, blocks[1:]):
        if k1 == "h1" and k2 == "p":
            h = _NOT_HAN.sub("|", _ACTIVITY.sub("|", head.split("、", 1)[1]))
            s = _NOT_HAN.sub("|", _ACTIVITY.sub("|", nxt))
            runs = {part[i : i + 5] for part in h.split("|") for i in range(len(part) - 4)}
            assert not [r for r in runs if r in s], (head, nxt[:60])


def test_no_twenty_character_run_shared(case: tuple) -> None:
    *_, built = case
    texts = []
    for s in sentences(built.document):
        for c in CANON:
            s = s.replace(c, "|")
        texts.append(_NOT_HAN.sub("|", s))
    seen: dict[str, int] = {}
    for i, s in enumerate(texts):
        for part in s.split("|"):
            for j in range(len(part) - 19):
                run = part[j : j + 20]
                assert seen.setdefault(run, i) == i, run


POINT_ECHO = 10  # Han characters in a row that two points of one draft may not share


def _point_texts(built) -> list[str]:  # type: ignore[no-untyped-def]
    """The draft cut into what it says one after another: the opening, each intro, each point with the
    paragraphs that deepen it, the closing."""
    blocks = body(built.document)
    closing = len(blocks) - built.closing_paragraphs
    groups: list[list[str]] = [[]]
    for i, (kind, text) in enumerate(blocks):
        if kind != "p" or _RUN_IN.match(text) or i == closing:
            groups.append([])
        if kind == "p":
            groups[-1].append(text)
    return ["".join(g) for g in groups if g]


def test_points_do_not_say_the_same_words_twice(case: tuple) -> None:
    """Two points of one draft never share a phrase of ten characters (“要以适当方式向群众公布”, “基本
    步骤一步也不能少”) beyond the canonical formulations and the names of the unit and the activity;
    a point may come back to its own words when it deepens them (“主要负责同志公开讲学，每年至少一次”)."""
    org, _role, themes, *_, built = case
    values = (*load_orgs()[org], *(v for part in (themes, *((t,) for t in themes)) for v in resolve_theme(part)))
    names = sorted({v for v in values if isinstance(v, str) and len(v) >= 4} | set(CANON), key=len, reverse=True)
    seen: dict[str, int] = {}
    for i, text in enumerate(_point_texts(built)):
        text = _PLACEHOLDER.sub("|", text)
        for name in names:
            text = text.replace(name, "|")
        runs = {part[j : j + POINT_ECHO] for part in _NOT_HAN.sub("|", text).split("|") for j in range(len(part) - POINT_ECHO + 1)}
        for run in runs:
            assert seen.setdefault(run, i) == i, run


def test_true_to_its_date(case: tuple) -> None:
    _org, role, *_, date, built = case
    f = facts(date)
    text = built.document.body_text()
    if f.era.id == "2010":
        assert not [w for w in LATER_ONLY if w in text]
    else:
        assert not [w for w in ERA_2010_ONLY if w in text]
    for n in re.findall(r"建党(\d+)周年|中国共产党成立(\d+)周年", text):
        greeted = re.fullmatch(r"建党(\d+)周年", f.greet)  # the milestone the campaign greets (eras.yaml greet)
        assert int(next(x for x in n if x)) in (f.anniversary, date.year - 1921, *((int(greeted.group(1)),) if greeted else ()))
    for name in re.findall(r"党的([一二三四五六七八九十]+大)", text):
        assert name in (f.next_congress, f.last_congress)
    if date.year == 2011 and date.month <= 7:
        assert "90周年" in text
    # The year's event is named once a meeting, by the speech that opens it: the deputy, who speaks
    # after the secretary, does not name it again.
    said = {2021: "100周年" in text and "党史学习教育" in text, 2026: "105周年" in text or "十五五" in text}.get(date.year)
    if said is not None:
        assert said == (role == "secretary"), (role, date)


_GREETED = re.compile(r"(?:迎接|向|庆祝)(建党\d+周年|党的[一二三四五六七八九十]+大)")
_PLENUMS = re.compile(r"[一二三四五六七八九十]+届(?:历次|[一二三四五六七八九十中、]+)全会")


def test_greets_the_milestone_of_its_date(case: tuple) -> None:
    """The closing greets what the date looks to (eras.yaml `greet`): a draft of May 2010 greets
    建党90周年, a year off, not the 十八大 two years away; one of 2023 does not greet the 二十一大."""
    *_, date, built = case
    f = facts(date)
    paras = [t for k, t in body(built.document) if k == "p"]
    closing = "".join(paras[-built.closing_paragraphs:]) if built.closing_paragraphs else ""
    for greeted in _GREETED.findall(closing):
        assert greeted == f.greet, (greeted, f.greet)
    if dt.date(2010, 4, 1) <= date <= dt.date(2011, 7, 1):
        assert f.greet == "建党90周年" and "建党90周年" in closing
        assert not re.search(r"(?:迎接|向)[^。！]{0,4}十八大", built.document.body_text())


def test_spirit_and_guiding_true_to_the_date(case: tuple) -> None:
    """Only plenums held by the date are named (in March 2013 the 十八届 had held its first two), and
    “系列重要讲话精神” only where the date's guiding wording has it (eras.yaml)."""
    from drafter.dates import spirit_for

    *_, date, built = case
    f = facts(date)
    text = built.document.body_text()
    for named in _PLENUMS.findall(text):
        assert named in spirit_for(f), (named, spirit_for(f))
    if "系列重要讲话" in text:
        assert "系列重要讲话" in f.era.guiding
    if date == dt.date(2013, 3, 15):
        assert "十八届" not in text and "系列重要讲话" not in text


def test_the_spirit_in_full_once(case: tuple) -> None:
    """The long spirit formula (党的十九大和十九届二中、三中、四中、五中全会精神) is said in full once, where
    the speech first names it; later phrases say “党的十九大精神”. 54 of these drafts said it twice."""
    from drafter.dates import spirit_for

    *_, date, built = case
    full, short = spirit_for(facts(date)), f"党的{facts(date).last_congress}精神"
    if full == short:  # 党的十八大精神 (March 2013) has no shorter form
        return
    text = built.document.body_text()
    assert text.count(full) <= 1, [text[max(0, m.start() - 20): m.end()] for m in re.finditer(re.escape(full), text)]
    if short in text:
        assert full in text and text.index(full) < text.index(short)


def test_speaks_as_its_own_unit(case: tuple) -> None:
    org, *_, built = case
    orgs = load_orgs()
    text = to_text(built.document)
    for other in orgs.values():
        if other.key != org:
            leaked = [w for w in other.carriers if w in text and w not in orgs[org].carriers]
            assert not leaked, f"{other.key} 的用语：{leaked}"


def own_words_blanked(text: str, org) -> str:  # type: ignore[no-untyped-def]
    """`text` with the org type's own names for its Party bodies (村党支部, 各党小组, 党小组组长…) blanked:
    what is left may not contain a word of its `never` list."""
    words = (org.party, org.branches, org.branch, org.branch_head, org.branch_leaders, org.branch_meeting,
             org.all_orgs, org.attendees, *(t for _, t in org.titles))
    for w in sorted((w for w in words if w), key=len, reverse=True):
        text = text.replace(w, "|")
    return text


def test_speaks_of_its_own_structure(case: tuple) -> None:
    """A village draft never speaks of 支部书记 or 支委会, a school's never of 各级党组织: every org type's
    `never` words (orgs.yaml) stay out of its drafts."""
    org, *_, built = case
    own = load_orgs()[org]
    assert own.never, f"orgs.yaml 中 {org} 没有 never 列表"
    for para in [t for _, t in body(built.document)]:
        rest = own_words_blanked(para, own)
        found = [w for w in own.never if w in rest]
        assert not found, (found, para)


def test_role(case: tuple) -> None:
    _org, role, _themes, minutes, _date, built = case
    keys = [s.key for s in built.params.outline.sections]
    opening = "".join(_opening(built))
    if role == "deputy":
        assert "significance" not in keys
        assert f"{SECRETARY}书记" in opening
    else:
        assert "刚才" not in opening.split("。")[0] or "传达" in opening
    for para in [t for _, t in body(built.document)]:
        assert not ("刚才" in para and re.search(r"再次(进行)?部署", para)), para[:60]


def test_a_secretary_never_speaks_of_himself_in_the_third_person(case: tuple) -> None:
    """The secretary says “由我任组长”, never “村党支部书记要……” of himself (roles.yaml chief); a
    deputy names the secretary, and arranges (“由张明书记带头联系”) rather than tells the secretary
    what to do (“张明书记要带头联系”, “张明书记和各党小组组长要切实履行……”)."""
    org, role, _themes, _minutes, _date, built = case
    text = "\n".join(t for _, t in body(built.document))
    own_title = load_orgs()[org].title_for("secretary")
    if role == "secretary":
        assert own_title not in text, text[max(0, text.find(own_title) - 30): text.find(own_title) + 30]
    else:
        assert "我和各" not in text
        ordered = re.search(f"{SECRETARY}书记(和[^，。；：]{{1,12}})?要", text)
        assert not ordered, text[max(0, ordered.start() - 30): ordered.end() + 30]


def test_no_invented_facts_and_clean_strings(case: tuple) -> None:
    *_, built = case
    text = to_text(built.document)
    assert not _FAKE_FACT.search(text), _FAKE_FACT.search(text)
    assert "【待填:" not in text
    assert "先进模范作用" not in text and "在这样的背景下" not in text
    assert not re.search(r"(服务|群众|党员|干部|工作|职工|居民|村民)\1", text)
    # a variable holding “和” next to another “和”: “党员和患者和群众”
    assert not re.search(r"和[\u4e00-\u9fff]{1,4}和", text), re.search(r".{8}和[\u4e00-\u9fff]{1,4}和.{4}", text)
    org = load_orgs()[built.params.org]
    for value in (org.self, org.scope, org.people, org.members, org.cadres, org.work, org.party):
        if len(value) >= 2:  # a variable landing next to the same word: “服务” + “服务对象”
            assert value[:2] + value not in text and value + value[-2:] not in text, value
    paras = [t for _, t in body(built.document) if _ == "p"]
    assert not paras[0].startswith(built.params.audience)


# Topics a speech makes one point of, however its points are worded: publicity (the deputy's
# “做好宣传发动” next to “突出正面引导”, the methods' “树立先进典型” next to “让典型可学可比”) and
# guidance (“分类指导，因地制宜” next to “加强具体指导”). A unit's own carrier (a hospital's 医德标兵)
# is its activity, not publicity.
ONE_POINT_TOPICS = {"publicity": r"宣传|典型|舆论", "guidance": r"指导(?!思想)"}


@pytest.mark.parametrize("topic", sorted(ONE_POINT_TOPICS))
def test_one_point_per_topic(case: tuple, topic: str) -> None:
    from drafter.phrasebank import load_phrasebank

    *_, built = case
    bank = load_phrasebank()
    phrases = [bank.get(p.ref.split("/")[0]) for s in built.params.outline.sections for p in s.points if p.ref]
    about = [p.id for p in phrases if p is not None and not p.slot.startswith("carriers.")
             and ((topic == "publicity" and p.slot == "publicity") or re.search(ONE_POINT_TOPICS[topic], p.title or ""))]
    assert len(about) <= 1, about


def test_length_within_window(case: tuple) -> None:
    *_, minutes, _date, built = case
    target = minutes * built.params.rate
    assert abs(built.chars - target) <= target * TOLERANCE, f"{built.chars} 字，目标 {target}"


def test_own_check_finds_no_error(case: tuple) -> None:
    from drafter.check import check_document

    *_, built = case
    report = check_document(built.document, params=built.params, skip=frozenset({"names.foreign"}))
    errors = [f for f in report.findings if f.severity == "error"]
    assert not errors, [(f.rule, f.message, f.quote) for f in errors][:3]


def _normalised(text: str) -> str:
    """A paragraph with every org type's own words (我校/全局/村民…) blanked: what is left is what
    would travel between units with only 局/院/校 changed."""
    words = sorted({w for o in load_orgs().values() for w in (o.self, o.scope, o.people, o.members, o.cadres, o.work,
                                                               o.party, o.attendees, o.superior, o.unit_label) if w},
                   key=len, reverse=True)
    for w in words:
        text = text.replace(w, "X")
    return re.sub(r"【待填：[^】]*】", "X", text)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("date", DATES, ids=lambda d: str(d.year))
def test_openings_and_closings_are_the_units_own(role: str, date: dt.date) -> None:
    """Two org types never share an opening or closing paragraph, even with their own words blanked."""
    seen: dict[str, str] = {}
    for org in ORGS:
        built = build(org, role, ("创先争优",), 15, 1, date, SECRETARY if role == "deputy" else None)
        paras = [t for k, t in body(built.document) if k == "p"]
        closing = paras[-built.closing_paragraphs:] if built.closing_paragraphs else []
        for text in [*_opening(built), *closing]:
            key = _normalised(text)
            assert seen.setdefault(key, org) == org, (org, seen[key], text[:50])


def test_an_intro_bridges_from_the_section_before_it(case: tuple) -> None:
    """“载体选好了，还要靠环节来推动”, “目标任务明确以后”, “有了目标和标准” bridge from the requirements section: when the
    learning section of a combined draft stands between them, the intro bridges from learning instead."""
    *_, built = case
    sections = _sections(built)
    for (before, _), (_heading, blocks) in zip(sections, sections[1:]):
        intro = blocks[0][1] if blocks and blocks[0][0] == "p" and not _RUN_IN.match(blocks[0][1]) else ""
        if intro.startswith(("载体", "目标任务明确以后", "有了目标和标准")):
            assert "学习" not in before, (before, intro[:30])


def test_a_heading_names_only_the_theme_its_section_is_about(case: tuple) -> None:
    """In a combined draft the sections on 创先争优 alone (its standards, its four links) are not headed
    “开展创先争优活动和学习型党组织建设的目标要求”: learning has a section of its own."""
    *_, built = case
    for heading, blocks in _sections(built):
        text = "".join(t for _, t in blocks)
        if "“五个好”" in text or "领导点评" in text and "群众评议" in text and "学习" not in text:
            assert "学习型" not in heading, heading


# What only 创先争优 has: its four links named together, its standards, its 总体要求 (中组部、中宣部《意见》, 2010).
_CAMPAIGN_ONLY = re.compile(r"公开承诺、领导点评、群众评议|“五个好”|“五带头”|推动科学发展、促进社会和谐")


def test_a_point_on_the_campaign_alone_names_it_alone(case: tuple) -> None:
    """In a combined draft a paragraph about 创先争优 alone (its links, standards, 总体要求) says “创先争优活动”,
    not “创先争优活动和学习型党组织建设”: a phrase tagged for one theme speaks of that theme."""
    _org, _role, themes, *_, built = case
    if len(themes) < 2:
        pytest.skip("one theme: nothing to tell apart")
    both = resolve_theme("+".join(themes)).activity
    for kind, text in body(built.document):
        if kind == "p" and _CAMPAIGN_ONLY.search(text):
            assert both not in text, text[:80]
    # …and so does the intro of a section on the campaign alone (its heading names no learning).
    for heading, blocks in _sections(built):
        if "学习型" not in heading and any(_CAMPAIGN_ONLY.search(t) for _, t in blocks):
            assert all(both not in t for _, t in blocks), (heading, blocks[0][1][:60])


_FROM_SIGNIFICANCE = ("认识统一了", "认识到位了", "思想统一了", "意义讲清楚了")


def test_only_the_section_after_significance_opens_from_it(case: tuple) -> None:
    """“认识统一了，关键在于行动”leads on from the section on why; a section that follows another
    (学习 after 目标任务 in a combined draft) does not open with it."""
    *_, built = case
    keys = [s.key for s in built.params.outline.sections]
    for i, (heading, blocks) in enumerate(_sections(built)):
        if i and keys[i - 1] != "significance" and blocks and blocks[0][0] == "p":
            assert not blocks[0][1].startswith(_FROM_SIGNIFICANCE), (heading, blocks[0][1][:30])


def test_the_opening_of_a_combined_draft_speaks_for_both(case: tuple) -> None:
    """The paragraphs before the first heading say what the meeting is for: in a combined draft they
    never name one theme's activity without the other (“决定在全社区开展创先争优活动” announced half
    the meeting), as a phrase written for one theme would."""
    _org, _role, themes, *_, built = case
    if len(themes) < 2:
        pytest.skip("one theme: nothing to tell apart")
    both = resolve_theme("+".join(themes)).activity
    text = to_text(built.document)
    opening = text[text.index("同志们："): re.search(r"^　*一、", text, re.M).start()]  # type: ignore[union-attr]
    for theme in themes:
        alone = resolve_theme(theme).activity
        assert opening.replace(both, "").count(alone) == 0, opening[:120]


# What a paragraph calls the activity when it points back to it (themes.yaml `this`/`it`, the phrases' own words).
_BACK_REFERENCES = ("这项工作", "这次活动")


def test_a_paragraph_points_back_to_the_activity_twice_at_most(case: tuple) -> None:
    """“会后大家都是这项工作的组织者……这项工作搞得好不好……我就开展好这项工作讲四个问题”: one
    paragraph made of several phrases (the opening) names the activity by the same back-reference
    three times; the third is rewritten away (“对此”, or no noun at all)."""
    *_, built = case
    for kind, text in body(built.document):
        if kind == "p":
            for word in _BACK_REFERENCES:
                assert text.count(word) <= 2, (word, text[:80])


_NUMBERED = re.compile(r"^(?:第[一二三四五六七八九十]+，|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
OPENING = 4  # leading characters two neighbouring paragraphs may not share


def test_neighbouring_paragraphs_do_not_open_alike(case: tuple) -> None:
    """“学管理要落到攻关上。……”“学管理要从身边的账算起。……”: two paragraphs in a row that open with
    the same words read as a list pasted in; a point's numbering (第一，/一是) is not counted."""
    *_, built = case
    blocks = body(built.document)
    for (kind_a, a), (kind_b, b) in zip(blocks, blocks[1:]):
        # Parallel point titles (认真做好公开承诺 / 认真做好领导点评) are meant; a point's next paragraph is not.
        if kind_a == kind_b == "p" and not _NUMBERED.match(b):
            assert _NUMBERED.sub("", a)[:OPENING] != b[:OPENING], (a[:20], b[:20])


def test_a_point_does_not_open_like_its_section(case: tuple) -> None:
    """“三、突出学习内容，创新学习形式……” then “（一）突出学习重点”: a point's title that opens with the
    section heading's words reads as the heading said twice."""
    *_, built = case
    for heading, blocks in _sections(built):
        head = _NUMBERED.sub("", heading)
        for kind, text in blocks:
            title = _NUMBERED.sub("", text) if kind == "h2" or _RUN_IN.match(text) else None
            if title is not None:
                assert title[:OPENING] != head[:OPENING], (heading, text[:20])


def test_the_significance_argues_each_theme_on_its_own_ground(case: tuple) -> None:
    """A speech on 学习型党组织 does not argue only reasons every campaign shares (作风, 党员形象): its
    significance section has a point written for each of its themes, as the bank has such points."""
    from drafter.compose.plan import split_ref
    from drafter.phrasebank import load_phrasebank

    _org, _role, themes, *_, built = case
    bank = load_phrasebank()
    for section in built.params.outline.sections:
        if section.key == "significance":
            tagged = {t for p in section.points if p.ref for t in bank.get(split_ref(p.ref)[0]).themes}
            assert set(themes) <= tagged, (themes, [p.ref for p in section.points])


_NAMES_ROOM = re.compile(r"参加今天会议|今天到会|到会的|召集起来|召集到一起|都来了|都到了会|都参加了会议|今天参加会议")


def test_opening_names_the_room_once(case: tuple) -> None:
    """The opening is one paragraph: who is in the room is said once (not “参加今天会议的有全村党员……。
    今天把全村党员……召集起来”)."""
    org, *_, built = case
    opening = "".join(_opening(built))
    assert len(_NAMES_ROOM.findall(opening)) <= 1, opening[:120]
    attendees = load_orgs()[org].attendees
    assert opening.count(attendees) <= 1, opening[:120]


# 学习型党组织建设 is a standing effort, not a campaign with a start and an end: its drafts point back
# at it as “这项工作” (themes.yaml this / it), never as a campaign (“活动搞得好不好”).
CAMPAIGN_WORDS = re.compile(r"(?:这次|这项|本次|此次)活动|开展活动|活动的成效|活动搞得|活动领导小组")


def test_a_draft_borrows_no_other_themes_words(case: tuple) -> None:
    """A theme's own words (themes.yaml own_words: 创先争优's 承诺, 点评, 五个好…) stay out of a draft
    not on it: a learning draft's closing does not ask members to keep “答应村民的事”."""
    _org, _role, themes, *_rest, built = case
    text = to_text(built.document).replace("在党的基层组织和党员中深入开展创先争优活动", "")  # 2010 central decision
    words = [w for key, t in load_themes().items() if key not in themes and len(t.parts) == 1 for w in t.own_words]
    found = [text[max(0, text.index(w) - 15): text.index(w) + 10] for w in words if w in text]
    assert not found, found


def test_learning_drafts_speak_of_learning(case: tuple) -> None:
    _org, _role, themes, *_rest, built = case
    if themes != ("学习型党组织",):
        return
    text = to_text(built.document)
    assert not CAMPAIGN_WORDS.findall(text), [text[max(0, m.start() - 15): m.end() + 5] for m in CAMPAIGN_WORDS.finditer(text)]


def test_the_campaign_has_words_of_its_own() -> None:
    assert {"承诺", "点评", "五个好"} <= set(load_themes()["创先争优"].own_words)


# Formulas a speech uses once: two “以……为契机” in one closing read as padding.
ONCE = ("为契机",)


@pytest.mark.parametrize("formula", ONCE)
def test_formulas_used_once(case: tuple, formula: str) -> None:
    *_rest, built = case
    text = to_text(built.document)
    assert text.count(formula) <= 1, [text[max(0, m.start() - 25): m.end()] for m in re.finditer(formula, text)]


_RELAY = re.compile(r"传达[^。]{0,10}(?:会议精神|会议的精神|今天的安排)|把今天的安排传达")


def test_deputy_says_each_arrangement_once(case: tuple) -> None:
    """The deputy's stages already say that the branches relay this meeting and hand in their plans:
    the opening and the leadership section do not give the same order again."""
    _org, role, *_rest, built = case
    if role != "deputy":
        return
    text = to_text(built.document)
    assert len(_RELAY.findall(text)) <= 1, _RELAY.findall(text)
    assert len(re.findall(r"实施方案[^。]{0,30}前报", text)) <= 1, re.findall(r"[^。]{0,20}实施方案[^。]{0,30}前报", text)
