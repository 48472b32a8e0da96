"""The known faults of the corpus speeches (standards.md), found in the .txt and in a .docx made from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.check import check_file
from tests.check.helpers import txt_to_docx

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# file prefix → (rule, text that must appear in the finding's quote or message)
KNOWN_FAULTS: dict[str, list[tuple[str, str]]] = {
    "000": [("leftover.web", "明升体育"), ("leftover.placeholder", "**市委"), ("confusion", "创优争先"),
            ("confusion", "创新争优"), ("repeat.word", "深入开展"), ("numbering.mixed", "1、要加强组织领导"),
            ("confusion", "先进模范作用")],
    "001": [("names.foreign", "王书记"), ("names.foreign", "鄂尔多斯"), ("leftover.web", "网友上传"),
            ("numbering.scheme", "1、镇村党组织"), ("confusion.pattern", "有序的推进")],
    "002": [("numbering.count", "三点意见"), ("leftover.url", "wenmi123"), ("leftover.web", "本文"),
            ("names.foreign", "乌鲁木齐"), ("confusion.pattern", "高质量的开展")],
    "003": [("confusion", "即使准确"), ("confusion", "实际苦难"), ("confusion", "基础组织"),
            ("formula.five_lead", "带头维护稳定"), ("names.foreign", "潘留仙"), ("names.foreign", "罗 之 仁"), ("names.foreign", "湖南涉外经济学院"),
            ("leftover.web", "范文"), ("numbering.scheme", "第一,开展创先争优活动")],
    "004": [("confusion", "视屏"), ("leftover.placeholder", "20**年"), ("structure.truncated", "对照创先争优标"),
            ("leftover.url", "qiuzhi56"), ("names.foreign", "湖南"), ("formula.stages", "系统总结"),
            ("text.number_space", "5 月底"), ("confusion", "视屏"), ("confusion", "先进模范作用")],
}
# Things a careful reviewer would not call faults in these speeches.
NOT_FAULTS = {"numbering.gap", "numbering.repeat", "date.anniversary", "date.congress", "date.era", "date.leader",
              "date.stripped", "date.congress_numerals", "structure.padded", "structure.salutation",
              "structure.salutation_doubled", "structure.echo", "numbering.order"}
# National leaders named in the speeches are never foreign names (002: 李源潮部长, in 2010 the head of 中组部).
NOT_FOREIGN = {"002": ["李源潮"]}


def _file(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))


def _assert_known(report, prefix: str) -> None:
    for rule, text in KNOWN_FAULTS[prefix]:
        hits = [f for f in report.by_rule(rule) if text in f.quote or text in f.message]
        assert hits, f"{prefix}: {rule} 没有报告“{text}”；实际：{[(f.rule, f.quote) for f in report.findings]}"
    for name in NOT_FOREIGN.get(prefix, []):
        assert not [f for f in report.by_rule("names.foreign") if name in f.message], name
    assert not report.rules() & NOT_FAULTS, [(f.rule, f.quote, f.message) for f in report.findings if f.rule in NOT_FAULTS]


@pytest.mark.parametrize("prefix", sorted(KNOWN_FAULTS))
def test_corpus_txt(prefix: str) -> None:
    report = check_file(_file(prefix))
    _assert_known(report, prefix)
    assert report.failed("error")


@pytest.mark.parametrize("prefix", sorted(KNOWN_FAULTS))
def test_corpus_docx(prefix: str, tmp_path: Path) -> None:
    report = check_file(txt_to_docx(_file(prefix), tmp_path / f"{prefix}.docx"))
    _assert_known(report, prefix)
    assert {"format.margins", "format.font", "format.size"} <= report.rules()


def test_corpus_names_are_not_flagged_when_they_are_the_users_own() -> None:
    params = {"unit": "湖南省商务厅", "speaker": "某厅长"}
    report = check_file(_file("004"), params=params)
    assert not [f for f in report.by_rule("names.foreign") if "湖南" in f.message]


def test_date_found_in_text_is_used() -> None:
    from drafter.check.context import Context
    from drafter.check.config import load_config
    from drafter.document.read import read_document

    ctx = Context(doc=read_document(_file("003")), config=load_config())
    assert str(ctx.date) == "2010-07-05"
