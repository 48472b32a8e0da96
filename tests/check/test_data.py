"""The check's data files: every confusion entry finds its wrong form and passes its right one; every
entry and leader term names its source; the patterns do what their notes say."""

from __future__ import annotations

import re

import pytest

from drafter.check.config import builtin_dir, load_config
from drafter.check.context import Context
from drafter.check.rules import confusions
from drafter.document.read import document_from_text
from drafter.yamlio import load_yaml

CONFIG = load_config()
TABLE = CONFIG["confusions"]


def _confusions(text: str, rule=confusions.confusion) -> list[str]:
    ctx = Context(doc=document_from_text(text), config=CONFIG)
    return [h.message for h in rule(ctx)]


def test_the_list_is_large_and_every_entry_names_its_source() -> None:
    assert len(TABLE) >= 120
    header = (builtin_dir() / "confusions.yaml").read_text(encoding="utf-8").split("\n\n")[0]
    known = set(re.findall(r"^#   (\S+)", header, flags=re.M))
    for wrong, entry in TABLE.items():
        assert entry["source"], f"{wrong} 没有注明出处"
        assert set(entry["source"].split("、")) <= known, f"{wrong} 的出处“{entry['source']}”不在文件开头的出处表中"


@pytest.mark.parametrize("wrong", sorted(TABLE))
def test_each_entry_flags_the_wrong_form_and_passes_the_right_one(wrong: str) -> None:
    right = TABLE[wrong]["right"]
    assert _confusions(f"我们要{wrong}。"), wrong
    assert not _confusions(f"我们要{right}。"), f"正确写法“{right}”被误报"


def test_no_wrong_form_hides_in_a_compliant_speech() -> None:
    from tests.check.helpers import GOOD_SPEECH

    assert not _confusions("\n".join(t for _, t in GOOD_SPEECH))


PATTERN_CASES = [  # (text, expected fix or None)
    ("要更好的调动广大党员的积极性。", "更好地调动"),
    ("推动创先争优活动高质量的开展。", "高质量地开展"),
    ("为群众提供更好的服务。", None),
    ("积极的参与者越来越多。", None),
    ("这项工作抓的很紧。", "抓得很紧"),
    ("截止目前，已有1200名党员作出承诺。", "截至"),
    ("截止2011年3月底，全县共有党员1200名。", "截至"),
    ("报名截止到5月1日。", None),
    ("帮助企业度过难关。", "渡过"),
    ("度过了一个愉快的假期。", None),
]


@pytest.mark.parametrize(("text", "fix"), PATTERN_CASES)
def test_patterns(text: str, fix: str | None) -> None:
    found = _confusions(text, confusions.pattern)
    if fix is None:
        assert not found, found
    else:
        assert found and fix in found[0], found


def test_patterns_and_leaders_name_their_sources() -> None:
    pats = load_yaml(builtin_dir() / "patterns.yaml", "p").data["patterns"]
    assert all(p["source"] and re.compile(p["pattern"]) for p in pats)
    leaders = load_yaml(builtin_dir() / "leaders.yaml", "l").data["leaders"]
    assert {"胡锦涛", "习近平", "李源潮", "温家宝", "李克强"} <= set(leaders)
    for name, roles in leaders.items():
        for r in roles:
            assert r["source"] and r["titles"], name
            assert re.fullmatch(r"\d{4}-\d{2}", str(r["from"])), (name, r)
            assert r["to"] is None or (re.fullmatch(r"\d{4}-\d{2}", str(r["to"])) and str(r["to"]) >= str(r["from"])), (name, r)


def test_unit_can_add_patterns_and_a_broken_one_is_reported(tmp_path) -> None:
    from drafter.check import check_document
    from drafter.errors import DrafterError

    good = tmp_path / "good.yaml"
    good.write_text("+patterns:\n  - {pattern: '党建引岭', right: 党建引领, source: 本单位}\n", encoding="utf-8")
    report = check_document(document_from_text("坚持党建引岭。"), rules_path=good)
    assert [f.rule for f in report.findings if "党建引领" in f.message] == ["confusion.pattern"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("patterns:\n  - {pattern: '党建(引岭', right: 党建引领}\n", encoding="utf-8")
    with pytest.raises(DrafterError) as err:
        check_document(document_from_text("坚持党建引岭。"), rules_path=bad)
    assert "正则表达式" in err.value.render() and err.value.path == bad and err.value.line == 2
