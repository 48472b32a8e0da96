"""docs/check.md's table of rule families states the example counts the example table really has."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from tests.check.examples import EXAMPLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "check.md"


def test_family_table_matches_the_examples() -> None:
    rows = re.findall(r"^\| (\w+)（[^）]+） \| (\d+) \| (\d+) \| (\d+) \|$", DOC.read_text(encoding="utf-8"), flags=re.M)
    stated = {fam: tuple(map(int, nums)) for fam, *nums in rows}
    rules, flag, passing = Counter(), Counter(), Counter()
    for rule, table in EXAMPLES.items():
        fam = rule.split(".")[0]
        rules[fam] += 1
        flag[fam] += len(table["flag"])
        passing[fam] += len(table["pass"])
    assert stated == {fam: (rules[fam], flag[fam], passing[fam]) for fam in rules}


def test_every_rule_is_in_the_rules_table() -> None:
    from drafter.check.registry import RULES

    text = DOC.read_text(encoding="utf-8")
    for rule in RULES:
        fam, _, name = rule.partition(".")
        assert rule in text or (name and f"/ {name}" in text) or (name and f" {name} " in text), rule
