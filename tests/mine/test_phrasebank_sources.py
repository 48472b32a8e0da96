"""Every phrasebank entry that cites a corpus line must really come from it.

For each entry whose `source` is a corpus `file:line` (or a list of them), the source line —
cleaned, de-identified and normalised as `drafter mine` does — must contain the entry's text; an
entry smoothed by hand must share at least SUPPORT_THRESHOLD (80 %) of its characters with it
(template parameters and punctuation left out). `source: authored` entries are skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.mine.provenance import SUPPORT_THRESHOLD, parse_source, processed, source_line, support

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


def _best_support(entry: dict, field: str = "text") -> tuple[float, str]:
    best, where = 0.0, ""
    for source in _sources(entry):
        parsed = parse_source(source)
        if parsed is None:
            continue
        path = CORPUS / Path(parsed[0]).name  # "corpus/000_….txt:12" and "000_….txt:12" alike
        assert path.is_file(), f"{entry.get('id')}: 出处文件不存在：{source}"
        score = support(str(entry[field]), processed(source_line(path, parsed[1])))
        if score > best:
            best, where = score, source
    return best, where


@pytest.mark.parametrize("entry", _cited(_entries()), ids=lambda e: str(e.get("id")))
def test_entry_text_comes_from_its_source(entry: dict) -> None:
    score, where = _best_support(entry)
    assert score >= SUPPORT_THRESHOLD, (
        f"{entry['id']}：正文与出处 {where or _sources(entry)} 只有 {score:.0%} 的字相同（至少 {SUPPORT_THRESHOLD:.0%}）")


def test_the_check_accepts_what_mine_writes(corpus_result) -> None:
    """The same check, run on freshly mined candidates, must pass for all of them."""
    for cand in corpus_result.candidates:
        entry = cand.to_entry()
        score, where = _best_support(entry)
        assert score >= SUPPORT_THRESHOLD, f"{entry['id']} {where}: {score:.2f}"


@pytest.mark.parametrize("text, line, ok", [
    ("开展创先争优活动，是重要举措。", "同志们，开展创先争优活动，是重要举措。", True),
    ("开展创先争优活动是一项重要举措。", "同志们，开展创先争优活动，是重要举措。", True),   # smoothed
    ("全力建设书香校园。", "开展创先争优活动，是重要举措。", False),
])
def test_support_threshold(text: str, line: str, ok: bool) -> None:
    assert (support(text, line) >= SUPPORT_THRESHOLD) is ok


def test_skips_authored_entries() -> None:
    assert parse_source("authored") is None
    assert parse_source("000_b9309ec053fc8bf7.txt:12") == ("000_b9309ec053fc8bf7.txt", 12)
