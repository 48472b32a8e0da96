"""Stage 4, de-identify: names become parameters or the sentence is dropped; precision and recall
on the hand-labelled set in ner_labelled.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.mine.deidentify import deidentify_sentence, find_entities

LABELLED = Path(__file__).with_name("ner_labelled.yaml")
NAME_KINDS = ("person", "place", "unit")


@pytest.mark.parametrize("text, expected", [
    ("刚才，王书记作了重要讲话。", "刚才，{{ secretary }}作了重要讲话。"),
    ("按照市委的要求，扎实推进。", "按照{{ superior }}的要求，扎实推进。"),
    ("根据中央和**市委的意见精神开展活动。", "根据中央和{{ superior }}的意见精神开展活动。"),
    ("按照市教育局统一部署开展活动。", "按照{{ superior }}统一部署开展活动。"),
    ("我校党支部要高度重视，全校党员积极参与。", "{{ own }}党支部要高度重视，{{ scope }}党员积极参与。"),
    ("（2010年7月5日）", "（{{ date_text }}）"),
    ("第一阶段，广泛发动，安排部署，时间从现在起到 5 月底。", "第一阶段，广泛发动，安排部署。"),
    ("中央决定从5月份开始，用两年时间开展创先争优活动。", "中央决定用两年时间开展创先争优活动。"),
    ("以优异的成绩向建党90周年和党的十八大献礼！", "以优异的成绩向建党{{ anniversary }}周年和党的{{ next_congress }}献礼！"),
    ("要围绕中心、服务大局，统筹兼顾。", "要围绕中心、服务大局，统筹兼顾。"),
])
def test_parameterises(text: str, expected: str) -> None:
    result = deidentify_sentence(text)
    assert result.drop is None
    assert result.text == expected
    assert result.changes or text == expected


@pytest.mark.parametrize("text, reason", [
    ("中组部专门召开会议，李源潮部长作了重要讲话。", "含人名"),
    ("党委书记潘留仙和我在会上作了动员报告。", "含人名"),
    ("推动湖南商务事业又好又快发展。", "含地名"),
    ("目前共有17个党总支，734名党员。", "含具体数字"),
    ("开展“十个一”活动。", "含地方自编活动或会议届次"),
    ("按照基层党建“73215”工作要求。", "含地方自编活动或会议届次"),
    ("贯彻市委二届九次全委会精神。", "含地方自编活动或会议届次"),
    ("从2010年4月到2011年“七一”前开展活动。", "含具体日期"),
])
def test_drops_sentences_it_cannot_parameterise(text: str, reason: str) -> None:
    assert deidentify_sentence(text).drop == reason


@pytest.mark.parametrize("text", [
    "以“五个好”为目标，落实“三会一课”制度。",
    "师生要深刻认识开展创先争优活动的重大意义。",
    "全体同志要高度重视。",
    "以邓小平理论和“三个代表”重要思想为指导。",
])
def test_keeps_genre_vocabulary(text: str) -> None:
    result = deidentify_sentence(text)
    assert (result.text, result.drop) == (text, None)


def test_changes_never_quote_the_name() -> None:
    result = deidentify_sentence("刚才，王书记作了重要讲话。")
    assert all("王" not in change for change in result.changes)


def _precision_recall() -> tuple[float, float, int]:
    rows = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for row in rows:
        gold = {e["text"] for e in row["entities"]}
        found = {e.text for e in find_entities(row["text"]) if e.kind in NAME_KINDS}
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
    return tp / (tp + fp), tp / (tp + fn), len(rows)


def test_precision_and_recall_on_the_labelled_set() -> None:
    precision, recall, n = _precision_recall()
    print(f"\n专名识别（{n} 句人工标注）：准确率 P = {precision:.3f}，召回率 R = {recall:.3f}")
    assert n >= 40
    assert precision >= 0.9
    assert recall >= 0.9
