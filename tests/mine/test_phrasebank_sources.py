"""Every phrasebank entry that cites a corpus line must really come from it.

For each entry whose `source` is a corpus `file:line` (or a list of them), the source line —
cleaned, de-identified and normalised as `drafter mine` does — must contain the entry's text; an
entry smoothed by hand must share at least SUPPORT_THRESHOLD (80 %) of its characters with it
(template parameters and punctuation left out). An entry that combines several lines cites them
all, and is checked against them taken together; but every line it cites must share a run of at
least RUN_LENGTH consecutive characters with it, so that a line cannot be cited merely for its
common characters. `source: authored` entries are skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.mine.provenance import (RUN_LENGTH, SUPPORT_THRESHOLD, parse_source, processed, shares_run,
                                     source_line, support, support_from)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
BANK = ROOT / "phrasebank.yaml"


def _entries() -> list[dict]:
    data = yaml.safe_load(BANK.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):
        data = data.get("phrases") or data.get("entries") or []
    return [e for e in data if isinstance(e, dict) and "text" in e]


def _sources(entry: dict) -> list[str]:
    source = entry.get("source", [])
    return [str(s) for s in (source if isinstance(source, list) else [source])]


def _cited(entries: list[dict]) -> list[dict]:
    return [e for e in entries if any(parse_source(s) for s in _sources(e))]


def _cited_lines(entry: dict) -> list[tuple[str, str]]:
    """(source, processed line) for each corpus line the entry cites."""
    out = []
    for source in _sources(entry):
        parsed = parse_source(source)
        if parsed is None:
            continue
        path = CORPUS / Path(parsed[0]).name  # "corpus/000_….txt:12" and "000_….txt:12" alike
        assert path.is_file(), f"{entry.get('id')}: 出处文件不存在：{source}"
        out.append((source, processed(source_line(path, parsed[1]))))
    return out


def _best_support(entry: dict, field: str = "text") -> tuple[float, str]:
    """Support of the entry by its cited lines taken together, and the sources."""
    cited = _cited_lines(entry)
    if not cited:
        return 0.0, ""
    text = str(entry[field])
    best = max(support(text, line) for _, line in cited)
    return max(best, support_from(text, [line for _, line in cited])), "、".join(s for s, _ in cited)


def _padding(entry: dict, field: str = "text") -> list[str]:
    """Cited lines that share no run of RUN_LENGTH characters with the entry."""
    return [s for s, line in _cited_lines(entry) if not shares_run(str(entry[field]), line)]


@pytest.mark.parametrize("entry", _cited(_entries()), ids=lambda e: str(e.get("id")))
def test_entry_text_comes_from_its_source(entry: dict) -> None:
    score, where = _best_support(entry)
    assert score >= SUPPORT_THRESHOLD, (
        f"{entry['id']}：正文与出处 {where or _sources(entry)} 只有 {score:.0%} 的字相同（至少 {SUPPORT_THRESHOLD:.0%}）")
    padding = _padding(entry)
    assert not padding, (
        f"{entry['id']}：出处 {'、'.join(padding)} 与正文没有连续 {RUN_LENGTH} 个字相同，不是它的来源")


def test_the_check_accepts_what_mine_writes(corpus_result) -> None:
    """The same check, run on freshly mined candidates, must pass for all of them."""
    for cand in corpus_result.candidates:
        entry = cand.to_entry()
        score, where = _best_support(entry)
        assert score >= SUPPORT_THRESHOLD, f"{entry['id']} {where}: {score:.2f}"
        assert not _padding(entry), f"{entry['id']} {where}"


@pytest.mark.parametrize("text, line, ok", [
    ("开展创先争优活动，是重要举措。", "同志们，开展创先争优活动，是重要举措。", True),
    ("开展创先争优活动是一项重要举措。", "同志们，开展创先争优活动，是重要举措。", True),   # smoothed
    ("全力建设书香校园。", "开展创先争优活动，是重要举措。", False),
    # template tags are markup, not wording; the wording inside an {% if %} block still counts
    ("开展{{ activity }}，是重要举措。{% if priorities %}{% endif %}", "同志们，开展创先争优活动，是重要举措。", True),
    ("开展创先争优活动是重要举措。{% if x %}要全力建设书香校园。{% endif %}", "开展创先争优活动，是重要举措。", False),
])
def test_support_threshold(text: str, line: str, ok: bool) -> None:
    assert (support(text, line) >= SUPPORT_THRESHOLD) is ok


@pytest.mark.parametrize("text, lines, ok", [
    # an entry joining two lines is supported by them together, though by neither alone
    ("开展创先争优活动是重要举措，要做到思想重视、行动坚决。",
     ["同志们，开展创先争优活动，是重要举措。", "大家要做到思想重视、行动坚决。"], True),
    # citing more lines does not help an entry whose wording is in none of them
    ("全力建设书香校园，打造特色品牌。",
     ["开展创先争优活动，是重要举措。", "大家要做到思想重视、行动坚决。"], False),
])
def test_support_from_several_lines(text: str, lines: list[str], ok: bool) -> None:
    assert (support_from(text, lines) >= SUPPORT_THRESHOLD) is ok


@pytest.mark.parametrize("text, line, ok", [
    ("开展创先争优活动是一项重要举措。", "同志们，开展创先争优活动，是重要举措。", True),
    ("公开承诺", "认真做好公开承诺工作。", True),                        # shorter than a run
    ("讲话动员会议要求活动", "活动要求在会议上讲话动员。", False),        # same characters, no run
])
def test_each_cited_line_must_share_a_run(text: str, line: str, ok: bool) -> None:
    assert shares_run(text, line) is ok


def test_skips_authored_entries() -> None:
    assert parse_source("authored") is None
    assert parse_source("000_b9309ec053fc8bf7.txt:12") == ("000_b9309ec053fc8bf7.txt", 12)
