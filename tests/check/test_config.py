"""Layered rules: built in < unit check.yaml < user --rules; bad files fail with file, line and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.check import check_document, check_file
from drafter.check.config import load_config, merge
from drafter.errors import InputError
from drafter.document.read import document_from_text


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_merge_replaces_lists_and_appends_with_plus() -> None:
    base = {"a": {"x": 1, "l": [1, 2]}, "b": [1]}
    assert merge(base, {"a": {"l": [3]}}) == {"a": {"x": 1, "l": [3]}, "b": [1]}
    assert merge(base, {"a": {"+l": [3, 1]}})["a"]["l"] == [1, 2, 3]
    assert base == {"a": {"x": 1, "l": [1, 2]}, "b": [1]}


def test_user_confusions_extend_the_builtin_list(tmp_path: Path) -> None:
    rules = _write(tmp_path / "my.yaml", "confusions:\n  党建引岭: {right: 党建引领, note: 形近}\n  做好做好: 做好\n")
    report = check_document(document_from_text("坚持党建引岭，召开视屏会议。"), rules_path=rules)
    assert len(report.by_rule("confusion")) == 2
    assert any("党建引领" in f.message for f in report.by_rule("confusion"))
    assert any("视频" in f.message for f in report.by_rule("confusion"))


def test_unit_file_beside_the_draft_changes_severity_and_user_file_wins(tmp_path: Path) -> None:
    _write(tmp_path / "check.yaml", "rules:\n  confusion: {severity: info}\n  names.foreign: {enabled: false}\n")
    speech = _write(tmp_path / "稿.txt", "刚才，王书记召开了视屏会议。\n")
    report = check_file(speech)
    assert [f.severity for f in report.by_rule("confusion")] == ["info"]
    assert not report.by_rule("names.foreign")
    user = _write(tmp_path / "me.yaml", "rules:\n  confusion: {severity: warning}\n")
    assert [f.severity for f in check_file(speech, rules_path=user).by_rule("confusion")] == ["warning"]


def test_unit_whitelist_addition(tmp_path: Path) -> None:
    rules = _write(tmp_path / "r.yaml", "names:\n  +allow: [鄂尔多斯]\n")
    doc = document_from_text("为建设百年鄂尔多斯而奋斗。")
    assert check_document(doc).by_rule("names.foreign")
    assert not check_document(doc, rules_path=rules).by_rule("names.foreign")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules:\n  confusoin: {severity: error}\n", 2, "confusion"),
        ("rules:\n  confusion: {severity: fatal}\n", 2, "error、warning 或 info"),
        ("confusoins:\n  a: b\n", 1, "confusions"),
        ("confusions:\n  视屏: [视频]\n", 2, "正确写法"),
        ("rules: [\n", 2, "格式有误"),
        ("leftovers:\n  todo: '【待填['\n", 2, "正则表达式"),
    ],
)
def test_bad_rules_file_names_file_line_and_problem(tmp_path: Path, text: str, line: int, words: str) -> None:
    rules = _write(tmp_path / "bad.yaml", text)
    with pytest.raises(InputError) as err:
        load_config(user_file=rules)
    e = err.value
    assert e.path == rules and e.line == line
    assert words in e.render()


def test_a_unit_adds_its_own_canonical_list_without_code(tmp_path: Path) -> None:
    (tmp_path / "check.yaml").write_text(
        "formulations:\n  six_good:\n    rule: formula.six_good\n    name: “六个好”社区\n"
        "    items: [居民自治好, 人居环境好, 便民服务好, 管理机制好, 治安稳定好, 社会风尚好]\n"
        "    item_pattern: '[\\u4e00-\\u9fff]{4}好'\n"
        "rules:\n  formula.six_good: {severity: error}\n", encoding="utf-8")
    speech = tmp_path / "稿.txt"
    speech.write_text("把社区建设成居民自治好、人居环境好、便民服务好、管理机制好、治安稳定好的社区。\n", encoding="utf-8")
    found = check_file(speech).by_rule("formula.six_good")
    assert [f.severity for f in found] == ["error"] and "社会风尚好" in found[0].message


def test_unit_accepts_its_province_fonts(tmp_path: Path) -> None:
    from tests.check.examples import _body_in_songti, _good_with

    draft = _good_with(_body_in_songti)(tmp_path)
    assert check_file(draft).by_rule("format.font")
    (tmp_path / "check.yaml").write_text("format:\n  fonts:\n    +fangsong: [宋体]\n", encoding="utf-8")
    assert not check_file(draft).by_rule("format.font")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("names:\n  alow: [东湖]\n", 2, "allow"),
        ("formulations:\n  six:\n    items: [甲好]\n", 2, "缺少 name"),
        ("formulations:\n  five_good:\n    itmes: [甲好]\n", 3, "items"),
        ("length:\n  rate: 快\n", 2, "数字"),
        ("names:\n  allow: 东湖\n", 2, "列表"),
    ],
)
def test_bad_nested_keys(tmp_path: Path, text: str, line: int, words: str) -> None:
    rules = _write(tmp_path / "bad.yaml", text)
    with pytest.raises(InputError) as err:
        load_config(user_file=rules)
    assert err.value.line == line and words in err.value.render()
