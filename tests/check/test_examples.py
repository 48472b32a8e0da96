"""Every registered rule finds its must-flag examples and stays silent on its must-pass examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.check import check_document, check_file
from drafter.check.registry import RULES
from drafter.document.read import document_from_text
from tests.check.examples import EXAMPLES, Ex


def _run(ex: Ex, tmp_path: Path):
    rules = None
    if ex.rules is not None:
        rules = tmp_path / "rules.yaml"
        rules.write_text(ex.rules, encoding="utf-8")
    if ex.docx is not None:
        return check_file(ex.docx(tmp_path), params=ex.params or {}, target_minutes=ex.minutes, rules_path=rules)
    return check_document(document_from_text(ex.text or ""), params=ex.params, target_minutes=ex.minutes, rules_path=rules)


def _cases(kind: str):
    return [pytest.param(rule, ex, id=f"{rule}-{kind}-{i}") for rule, t in EXAMPLES.items() for i, ex in enumerate(t[kind])]


@pytest.mark.parametrize(("rule", "ex"), _cases("flag"))
def test_rule_flags(rule: str, ex: Ex, tmp_path: Path) -> None:
    report = _run(ex, tmp_path)
    found = report.by_rule(rule)
    assert found, f"{rule} 没有发现问题：{ex}；实际报告：{[f.rule for f in report.findings]}"
    assert all(f.message and f.quote for f in found)


@pytest.mark.parametrize(("rule", "ex"), _cases("pass"))
def test_rule_passes(rule: str, ex: Ex, tmp_path: Path) -> None:
    found = _run(ex, tmp_path).by_rule(rule)
    assert not found, f"{rule} 误报：{[(f.quote, f.message) for f in found]}"


def test_every_rule_has_examples() -> None:
    missing = [r for r in RULES if not EXAMPLES.get(r, {}).get("flag") or not EXAMPLES.get(r, {}).get("pass")]
    assert not missing, f"这些规则缺少必报/必不报的例子：{missing}"


def test_examples_name_only_registered_rules() -> None:
    assert set(EXAMPLES) <= set(RULES)


def test_every_rule_has_a_severity_in_rules_yaml() -> None:
    from drafter.check.config import load_config

    assert set(load_config()["rules"]) == set(RULES)
