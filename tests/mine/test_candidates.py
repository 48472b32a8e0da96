"""Stage 6: merging near-duplicates, writing YAML, and bad files beside good ones."""

from __future__ import annotations

from pathlib import Path

import yaml

from drafter.mine.candidates import Candidate, merge_near_duplicates, mine_paths, similarity, write_candidates

GOOD = ("在创先争优活动动员大会上的讲话\n同志们:\n根据上级部署,今天召开动员大会。下面,我讲几点意见。\n"
        "一、充分认识开展创先争优活动的重大意义\n第一,开展创先争优活动是巩固学习实践活动成果的现实需要。"
        "创先争优活动是党的建设经常性工作的重要举措。\n"
        "二、加强领导\n要成立领导小组,切实加强组织领导。\n同志们,让我们以优异的成绩向建党90周年献礼!\n")


def _write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_merges_near_duplicates_keeping_all_sources() -> None:
    a = Candidate("significance", "开展创先争优活动是巩固扩大学习实践活动成果的现实需要。", ["a.txt:3"], confidence=0.5)
    b = Candidate("significance", "开展创先争优活动，是巩固扩大学习实践活动成果的现实需要。", ["b.txt:7"], confidence=0.6)
    c = Candidate("leadership", "开展创先争优活动是巩固扩大学习实践活动成果的现实需要。", ["c.txt:1"])
    merged = merge_near_duplicates([a, b, c])
    assert len(merged) == 2
    assert sorted(merged[0].source) == ["a.txt:3", "b.txt:7"]
    assert similarity(a.text, b.text) >= 0.7


def test_merges_a_formulation_with_its_lead_in_keeping_the_longer_text() -> None:
    short = Candidate("standards.five_good", "基层党组织的“五个好”，即领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好。", ["b.txt:2"])
    long = Candidate("standards.five_good", "先进基层党组织的基本要求是，出色完成基本任务，努力做到“五个好”：即领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好。", ["a.txt:5"])
    merged = merge_near_duplicates([short, long])
    assert len(merged) == 1
    assert merged[0].text == long.text and merged[0].source == ["a.txt:5", "b.txt:2"]


def test_a_short_phrase_inside_a_long_paragraph_stays_apart() -> None:
    a = Candidate("stages", "对标定位，晋档升级。", ["a.txt:1"])
    b = Candidate("stages", "第一阶段，广泛发动，安排部署。第三阶段，对标定位，晋档升级。这一阶段要查找差距，明确方向。", ["b.txt:1"])
    assert len(merge_near_duplicates([a, b])) == 2


def test_keeps_different_texts_apart() -> None:
    a = Candidate("methods", "要通过公开承诺推进活动。", ["a.txt:1"])
    b = Candidate("methods", "要组织群众评议，听取意见。", ["b.txt:1"])
    assert len(merge_near_duplicates([a, b])) == 2


def test_good_files_are_mined_even_when_others_are_bad(tmp_path: Path) -> None:
    _write(tmp_path, "good.txt", GOOD)
    _write(tmp_path, "gbk.txt", GOOD.replace("讲话", "讲话稿").encode("gb18030"))
    _write(tmp_path, "empty.txt", "")
    _write(tmp_path, "binary.txt", b"\x00\x01\x02PK\x03\x04")
    _write(tmp_path, "broken.docx", b"not a zip")
    result = mine_paths([tmp_path])
    failed = sorted(e.path.name for e in result.errors)
    assert failed == ["binary.txt", "broken.docx", "empty.txt"]
    assert {s.split(":")[0] for c in result.candidates for s in c.source} == {"good.txt", "gbk.txt"}
    messages = " ".join(e.message for e in result.errors)
    assert "空" in messages and "二进制" in messages and "Word" in messages


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = mine_paths([tmp_path / "nope.txt"])
    assert result.errors and "找不到" in result.errors[0].message


def test_reports_progress(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "b.txt", GOOD)
    seen = []
    mine_paths([tmp_path], on_progress=lambda i, n, p: seen.append((i, n, p.name)))
    assert seen == [(1, 2, "a.txt"), (2, 2, "b.txt")]


def test_identical_speeches_merge_into_entries_with_two_sources(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "b.txt", GOOD)
    result = mine_paths([tmp_path])
    assert all(len(c.source) == 2 for c in result.candidates)


def test_written_yaml_is_a_list_of_phrasebank_entries_with_reasons(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", GOOD)
    out = write_candidates(mine_paths([tmp_path]), tmp_path / "out" / "candidates.yaml")
    text = out.read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    assert entries and all({"id", "slot", "text", "source"} <= set(e) for e in entries)
    assert text.count("# 归类依据：") == len(entries)
    dedication = [e for e in entries if e["slot"] == "closing.dedication"]
    assert dedication and "{{ anniversary }}" in dedication[0]["text"]


def test_html_and_docx_sources_are_mined(tmp_path: Path) -> None:
    import docx

    paragraphs = GOOD.strip().splitlines()
    html = "<html><body><div>当前位置：首页</div>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    _write(tmp_path, "a.html", html)
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(tmp_path / "b.docx")
    result = mine_paths([tmp_path])
    assert result.errors == []
    files = {s.split(":")[0] for c in result.candidates for s in c.source}
    assert files == {"a.html", "b.docx"}


def test_mining_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """mine_paths freezes what it keeps after each file (so collections stop traversing it) and
    unfreezes it at the end; objects a caller froze before stay frozen, and mining still works."""
    import gc

    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "b.txt", GOOD.replace("动员大会", "推进会"))
    frozen_during: list[int] = []
    result = mine_paths([tmp_path], on_progress=lambda i, n, p: frozen_during.append(gc.get_freeze_count()))
    assert result.candidates and gc.get_freeze_count() == 0
    assert frozen_during[-1] > 0  # after the first file, what was kept is frozen
    gc.freeze()  # a caller's own frozen objects
    try:
        before = gc.get_freeze_count()
        again = mine_paths([tmp_path])
        assert gc.get_freeze_count() == before
        assert [c.to_entry() for c in again.candidates] == [c.to_entry() for c in result.candidates]
    finally:
        gc.unfreeze()
