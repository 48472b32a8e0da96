"""End to end: mine corpus/ and check coverage, canonical forms and the absence of proper names."""

from __future__ import annotations

import re

import pytest

from drafter.mine.normalise import canonical_list, list_coverage

# Proper names, site names, URLs, head-counts and numbered local campaigns of the corpus. A test
# may list them; the miner may not (it finds them with the gazetteer and the name patterns).
CORPUS_NAMES = [
    "王书记", "李源潮", "潘留仙", "梅克保", "罗之仁", "胡锦涛",
    "湖南", "涉外", "东胜", "鄂尔多斯", "新疆",
    "科技局", "商务厅", "民政厅", "教育厅", "教育局",
    "明升", "范文", "求职网", "wenmi123", "qiuzhi56", "http", "www",
    "73215", "十个一", "一抓四创", "三级联创", "双链双推", "双联双服务", "一定三有", "十七进社区",
    "百年涉外", "五句话", "二届九次", "九届七次", "九届十次", "第23期",
    "734", "1473", "2207",
]
KNOWN_TYPOS = ["创优争先", "创新争优", "即使准确", "实际苦难", "视屏", "深入开展深入开展", "带头维护稳定",
               "加强基础组织", "五个带头"]


def _by_slot(result, prefix: str) -> list:
    return [c for c in result.candidates if c.slot == prefix or c.slot.startswith(prefix + ".")]


def _all_text(cands) -> str:
    return "\n".join((c.title or "") + c.text for c in cands)


def test_mines_every_file_without_errors(corpus_result) -> None:
    assert corpus_result.files == 5 and corpus_result.errors == []


def test_five_good_canonical_with_prerequisite(corpus_result) -> None:
    items = "、".join(canonical_list("five_good"))
    assert any(items in c.text and "学习型党组织建设成效明显，出色完成党章规定的基本任务" in c.text
               for c in _by_slot(corpus_result, "standards.five_good"))


def test_five_lead_canonical_with_prerequisite(corpus_result) -> None:
    items = "、".join(canonical_list("five_lead"))
    assert any(items in c.text and "模范履行党章规定的义务" in c.text
               for c in _by_slot(corpus_result, "standards.five_lead"))


def test_the_deviation_is_corrected_and_recorded(corpus_result) -> None:
    fixed = [c for c in corpus_result.candidates if any("带头维护稳定 → 带头遵纪守法" in ch for ch in c.changes)]
    assert fixed and all(c.source[0].startswith("003_") for c in fixed)


def test_four_overall_requirements(corpus_result) -> None:
    items = "、".join(canonical_list("overall"))
    assert any(items in c.text for c in _by_slot(corpus_result, "requirements.overall"))


def test_four_stages(corpus_result) -> None:
    present, missing = list_coverage(_all_text(_by_slot(corpus_result, "stages")), "stages")
    assert missing == [], f"缺少阶段：{missing}"


@pytest.mark.parametrize("method", ["公开承诺", "领导点评", "群众评议", "评选表彰", "典型引路"])
def test_methods(corpus_result, method: str) -> None:
    assert method in _all_text(_by_slot(corpus_result, "methods"))


def test_at_least_eight_significance_arguments(corpus_result) -> None:
    assert len(_by_slot(corpus_result, "significance")) >= 8


@pytest.mark.parametrize("slot", ["opening.occasion", "opening.task", "opening.turn", "opening.deputy",
                                  "closing.call", "closing.dedication"])
def test_openings_and_closings(corpus_result, slot: str) -> None:
    assert _by_slot(corpus_result, slot)


# village (村党组织) has no speech in the corpus: its carriers are authored in phrasebank.yaml
@pytest.mark.parametrize("org", ["school", "university", "agency", "community", "town", "enterprise", "hospital"])
def test_carriers_per_org_type(corpus_result, org: str) -> None:
    carriers = _by_slot(corpus_result, f"carriers.{org}")
    assert carriers and all(c.tags.get("orgs") == [org] for c in carriers)


@pytest.mark.parametrize("topic", ["党的基本理论", "专业知识和业务技能", "法律法规学习", "实践锻炼",
                                   "个人自学", "集中学习", "岗位培训", "继续教育"])
def test_learning_organisation_content_of_003(corpus_result, topic: str) -> None:
    learning = [c for c in _by_slot(corpus_result, "learning") if any(s.startswith("003_") for s in c.source)]
    assert topic in _all_text(learning)


def test_no_proper_name_of_the_corpus_survives(corpus_result) -> None:
    entries = corpus_result.candidates + corpus_result.unclassified
    for c in entries:
        blob = " ".join([c.text, c.title or "", *c.changes])
        leaked = [name for name in CORPUS_NAMES if name in blob]
        assert not leaked, f"{c.id} 含有专名 {leaked}：{blob[:80]}"


def test_the_written_file_holds_no_proper_name_either(corpus_result, tmp_path) -> None:
    from drafter.mine.candidates import write_candidates

    text = write_candidates(corpus_result, tmp_path / "c.yaml", include_unclassified=True).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith(("  source:", "  - 0", "  id:")))
    assert not [name for name in CORPUS_NAMES if name in body]


def test_no_known_typo_survives(corpus_result) -> None:
    for c in corpus_result.candidates:
        assert not [t for t in KNOWN_TYPOS if t in c.text + (c.title or "")], c.id


def test_no_figure_survives(corpus_result) -> None:
    for c in corpus_result.candidates:
        assert not re.search(r"\d", c.text + (c.title or "")), f"{c.id}: {c.text[:60]}"


def test_candidates_have_the_phrasebank_schema(corpus_result) -> None:
    for c in corpus_result.candidates:
        entry = c.to_entry()
        assert {"id", "slot", "text", "source"} <= set(entry)
        assert re.fullmatch(r"[a-z0-9._-]+", entry["id"])
        assert set(entry) <= {"id", "slot", "title", "text", "short", "source", "tags", "changes", "confidence"}
        assert set(entry.get("tags", {})) <= {"orgs", "roles", "themes", "eras"}
        assert 0 < entry["confidence"] <= 1
    ids = [c.id for c in corpus_result.candidates]
    assert len(ids) == len(set(ids))


def test_every_dropped_thing_has_a_reason(corpus_result) -> None:
    reasons = corpus_result.dropped_reasons()
    assert reasons and all(reasons.values())
    assert "网页外壳" in reasons and any(r.startswith("去标识") for r in reasons)
