"""`drafter mine` on speeches it was never tuned to (bench/speechgen.py: invented townships,
villages, units and people, real cities and counties, no sentence repeated), and the near-duplicate
merge's cost on text that repeats nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from drafter.mine import candidates as cand_module
from drafter.mine.candidates import Candidate, merge_near_duplicates, mine_text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import speechgen  # noqa: E402


@pytest.fixture(scope="module")
def speeches() -> list[speechgen.Speech]:
    gen = speechgen.Generator(seed=11)
    return [gen.speech() for _ in range(25)]


def test_generated_speeches_repeat_no_sentence(speeches: list[speechgen.Speech]) -> None:
    import re

    sentences = [s for sp in speeches for s in re.findall(r"[^。！？\n]+[。！？]", sp.text)]
    assert len(sentences) > 600
    assert len(set(sentences)) == len(sentences)
    again = speechgen.Generator(seed=11).speech()
    assert again.text == speeches[0].text  # deterministic


def test_names_in_unseen_speeches_do_not_reach_the_candidates(speeches: list[speechgen.Speech]) -> None:
    names = left = 0
    for sp in speeches:
        found, unclassified, _ = mine_text(sp.text, sp.name)
        out = "\n".join((c.title or "") + c.text for c in found + unclassified)
        assert found
        for name in sp.names:
            names += 1
            left += name in out
    print(f"\n生成的讲话 {len(speeches)} 篇、专名 {names} 个：留在候选中的 {left} 个（{left / names:.1%}）")
    assert names > 150
    assert left / names <= 0.05


def test_generic_words_in_unseen_speeches_stay(speeches: list[speechgen.Speech]) -> None:
    """The sentences built on generic words (全镇各村…镇村两级…, 各乡镇、各部门…在全县…) name nothing:
    they must reach the candidates (their 全镇/全县 may become {{ scope }}, the rest stays)."""
    used = kept = 0
    for sp in speeches:
        found, unclassified, _ = mine_text(sp.text, sp.name)
        out = "".join(c.text for c in found + unclassified)
        for marker in ("镇村两级", "各乡镇、各部门"):  # one per generic sentence, in no other fragment
            used += sp.text.count(marker)
            kept += out.count(marker)
    print(f"\n生成的讲话 {len(speeches)} 篇、通用说法的句子 {used} 句：留在候选中的 {kept} 句（{kept / used:.1%}）")
    assert used >= 20
    assert kept / used >= 0.95


def test_merge_cost_grows_linearly_on_text_that_repeats_nothing(speeches: list[speechgen.Speech],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Exact comparisons per candidate stay flat as the archive grows (the pairwise scan made
    n²/2 of them): candidates are paragraphs of generated speeches in a handful of slots."""
    import re

    gen = speechgen.Generator(seed=12)
    paragraphs = [line for _ in range(420) for line in gen.speech().text.splitlines() if len(line) > 30]
    calls = [0]
    exact = cand_module._near_duplicates

    def counting(*args: object) -> bool:
        calls[0] += 1
        return exact(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cand_module, "_near_duplicates", counting)
    per_candidate = []
    for n in (1000, 4000):
        calls[0] = 0
        items = [Candidate(slot=f"s{i % 5}", text=re.sub(r"\s", "", t), source=[f"{i}.txt:1"])
                 for i, t in enumerate(paragraphs[:n])]
        assert len(items) == n
        merge_near_duplicates(items)
        per_candidate.append(calls[0] / n)
    assert per_candidate[1] <= 2 * per_candidate[0] + 1
    assert per_candidate[1] < 50  # the pairwise scan: ~400 a candidate at 4,000 in 5 slots


def test_worker_processes_give_the_same_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.mine.candidates import mine_paths

    gen = speechgen.Generator(seed=13)
    for _ in range(8):
        sp = gen.speech()
        (tmp_path / sp.name).write_text(sp.text, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")  # a bad file is reported the same way by a worker
    serial = mine_paths([tmp_path], jobs=1)
    monkeypatch.setattr(cand_module, "PARALLEL_MIN_BYTES", 0)
    seen: list[int] = []
    parallel = mine_paths([tmp_path], jobs=2, on_progress=lambda i, n, p: seen.append(i))
    assert [c.to_entry() for c in parallel.candidates] == [c.to_entry() for c in serial.candidates]
    assert [(e.path.name, e.message) for e in parallel.errors] == [(e.path.name, e.message) for e in serial.errors]
    assert parallel.dropped_reasons() == serial.dropped_reasons() and parallel.chars == serial.chars
    assert seen == list(range(1, 10))


def _speeches(folder: Path, count: int) -> None:
    gen = speechgen.Generator(seed=13)
    for _ in range(count):
        sp = gen.speech()
        (folder / sp.name).write_text(sp.text, encoding="utf-8")


def test_more_workers_and_a_dead_worker_give_the_same_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.mine.candidates import mine_paths

    _speeches(tmp_path, 30)
    serial = [c.to_entry() for c in mine_paths([tmp_path], jobs=1).candidates]
    monkeypatch.setattr(cand_module, "PARALLEL_MIN_BYTES", 0)
    assert [c.to_entry() for c in mine_paths([tmp_path], jobs=3).candidates] == serial
    # A worker that dies (killed, out of memory) before answering: this process mines its files.
    monkeypatch.setattr(cand_module, "_work", _die)
    assert [c.to_entry() for c in mine_paths([tmp_path], jobs=2).candidates] == serial


def _die(conn: object, strict: bool, keep_unclassified: bool) -> None:
    import os

    os._exit(1)


def test_workers_are_stopped_when_mining_stops_half_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from drafter.mine.candidates import mine_paths

    _speeches(tmp_path, 30)
    monkeypatch.setattr(cand_module, "PARALLEL_MIN_BYTES", 0)

    def stop(index: int, total: int, path: Path) -> None:
        if index == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mine_paths([tmp_path], jobs=2, on_progress=stop)
    assert not multiprocessing.active_children()
