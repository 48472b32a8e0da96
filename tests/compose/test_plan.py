"""make_plan on tiny, hand-built phrasebanks: one behaviour per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.compose.plan import Chooser, make_plan, point_count, split_ref
from drafter.compose.structure import PointSpec, Structure, load_structures
from drafter.phrasebank import Phrase, Phrasebank


def bank(*phrases: Phrase) -> Phrasebank:
    return Phrasebank(tuple(phrases), Path("test.yaml"))


def ph(pid: str, slot: str, n: int, short: int = 0, more: tuple[int, ...] = (), **tags: tuple[str, ...]) -> Phrase:
    """A phrase whose text is n characters of its own (and its short variant and `more` paragraphs).
    Each phrase uses its own character, so that no two phrases share wording."""
    ch = chr(0x4E00 + sum(map(ord, pid)) % 20000)
    return Phrase(pid, slot, ch * n, ("authored",), title=None, short=(ch * short) or None,
                  more=tuple(ch * m for m in more), **tags)


FRAME = [ph("o", "opening", 10), ph("c", "closing", 10), ph("h1", "heading.a", 5), ph("h2", "heading.b", 5)]


def structure(tmp_path: Path, sections: str, numbering: str = "[heading]") -> Structure:
    (tmp_path / "structure.yaml").write_text(
        f"r:\n  numbering: {numbering}\n  opening: [opening]\n  closing: [closing]\n  sections:\n{sections}", encoding="utf-8")
    load_structures.cache_clear()
    return load_structures(tmp_path)["r"]


def plan(b: Phrasebank, s: Structure, target: int, minutes: int = 15, themes: tuple[str, ...] = ("t",), seed: int = 1):
    def measure(ref: str) -> int:
        pid, depth = split_ref(ref)
        p = b.get(pid)
        assert p is not None
        body = [p.short if depth < 0 and p.short else p.text, *p.more[: max(0, depth)]]
        return sum(map(len, body))

    choose = Chooser(b, "o", "r", themes, "2022", seed)
    outline, notes = make_plan(choose=choose, structure=s, sections=s.sections_for(themes, minutes), minutes=minutes,
                               target_chars=target, measure=measure)
    return outline, notes


@pytest.mark.parametrize("minutes, count", [(5, 2), (10, 2), (20, 3), (30, 4), (40, 4)])
def test_point_count_grows_with_minutes_then_stops(minutes: int, count: int) -> None:
    assert point_count(PointSpec("p", 2, 4), minutes) == count


def test_long_speech_deepens_points_instead_of_adding(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 2, max: 3}]}\n")
    b = bank(*FRAME, *(ph(f"p{i}", "p", 100, more=(100, 100)) for i in range(6)))
    outline, notes = plan(b, s, 900, minutes=40)
    refs = [p.ref for p in outline.sections[0].points]
    assert len(refs) == 3  # the run's max, never more
    assert all(split_ref(r)[1] == 2 for r in refs)  # each point at its deepest: 3 × 300 characters
    assert not notes


def test_a_bank_too_small_says_so(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 1, max: 2}]}\n")
    b = bank(*FRAME, ph("p1", "p", 100), ph("p2", "p", 100))
    outline, notes = plan(b, s, 2000, minutes=40)
    assert len(outline.sections[0].points) == 2
    assert notes and "只够约" in notes[0]


def test_short_variants_fit_a_short_slot(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 2, max: 2, fixed: true}]}\n")
    b = bank(*FRAME, ph("p1", "p", 200, short=50), ph("p2", "p", 200, short=50))
    refs = [p.ref for p in plan(b, s, 150, minutes=5)[0].sections[0].points]
    assert refs and all(split_ref(r)[1] == -1 for r in refs)


def test_the_longest_points_are_cut_first(tmp_path: Path) -> None:
    """Cutting a draft to its slot shortens the longest points first, wherever they stand: cut in
    speech order, a short draft had one-line points in its first section and full ones in its last."""
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 2, max: 2, fixed: true}]}\n"
                            "    - {key: b, heading: heading.b, points: [{slot: q, min: 2, max: 2, fixed: true}]}\n")
    b = bank(*FRAME, ph("p1", "p", 60, short=20), ph("p2", "p", 60, short=20),
             ph("q1", "q", 200, short=30), ph("q2", "q", 200, short=30))
    outline, _ = plan(b, s, 230, minutes=5)  # full: 520 + frame; cutting both q points (340 less) is enough
    depth = {split_ref(p.ref)[0]: split_ref(p.ref)[1] for sec in outline.sections for p in sec.points}
    assert depth == {"p1": 0, "p2": 0, "q1": -1, "q2": -1}


def test_grouped_runs_use_one_variant_in_file_order(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: g, min: 3, max: 3, grouped: true}]}\n")
    b = bank(*FRAME, *(ph(f"g.{n}.{v}", "g", 50) for n in (1, 2, 3) for v in "abc"))
    for seed in range(6):
        refs = [p.ref for p in plan(b, s, 200, seed=seed)[0].sections[0].points]
        assert [r.split(".")[1] for r in refs] == ["1", "2", "3"]
        assert len({r.rsplit(".", 1)[1] for r in refs}) == 1


def test_grouped_run_collapses_to_its_overview_when_short(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: g, min: 4, max: 4, fixed: true, grouped: true, collapse: m}]}\n")
    b = bank(*FRAME, ph("m1", "m", 60), *(ph(f"g.{n}.a", "g", 100) for n in (1, 2, 3, 4)))
    assert [p.ref for p in plan(b, s, 100, minutes=5)[0].sections[0].points] == ["m1"]
    assert [p.ref for p in plan(b, s, 430)[0].sections[0].points] == ["g.1.a", "g.2.a", "g.3.a", "g.4.a"]


def test_brief_speech_drops_its_brief_sections(tmp_path: Path) -> None:
    s = structure(tmp_path, (
        "    - {key: a, heading: heading.a, brief: drop, points: [{slot: p, min: 1, max: 1}]}\n"
        "    - {key: b, heading: heading.b, points: [{slot: q, min: 1, max: 1}]}\n"))
    b = bank(*FRAME, ph("p1", "p", 100), ph("q1", "q", 100))
    assert [x.key for x in plan(b, s, 200, minutes=5)[0].sections] == ["b"]
    assert [x.key for x in plan(b, s, 200, minutes=15)[0].sections] == ["a", "b"]


@pytest.mark.parametrize("themes, keys", [(("t",), ["a"]), (("u",), ["b"]), (("t", "u"), ["a"])])
def test_sections_follow_the_themes(tmp_path: Path, themes: tuple[str, ...], keys: list[str]) -> None:
    s = structure(tmp_path, (
        "    - {key: a, themes: [t], heading: heading.a, points: [{slot: p, min: 1, max: 1}]}\n"
        "    - {key: b, only: [u], heading: heading.b, points: [{slot: p, min: 1, max: 1}]}\n"))
    b = bank(*FRAME, ph("p1", "p", 50))
    assert [x.key for x in plan(b, s, 100, themes=themes)[0].sections] == keys


def test_points_repeating_each_other_are_not_both_chosen(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 1, max: 2}]}\n")
    same = Phrase("p1", "p", "开展创先争优活动是加强基层党组织建设的重要举措", ("authored",))
    echo = Phrase("p2", "p", "我们认为开展创先争优活动是加强基层党组织建设的重要举措", ("authored",))
    other = ph("p3", "p", 30)
    for seed in range(8):
        refs = {p.ref for p in plan(bank(*FRAME, same, echo, other), s, 200, minutes=30, seed=seed)[0].sections[0].points}
        assert not {"p1", "p2"} <= refs


def test_numbering_is_seeded_and_one_of_the_allowed(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 1, max: 1}]}\n", "[ordinal, yishi]")
    b = bank(*FRAME, ph("p1", "p", 50))
    schemes = {Chooser(b, "o", "r", ("t",), "2022", seed).numbering(s) for seed in range(20)}
    assert schemes == {"ordinal", "yishi"}


def test_a_section_with_too_many_points_is_refused(tmp_path: Path) -> None:
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError, match="超过 6 个"):
        structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 1, max: 9}]}\n")


def test_a_section_too_long_for_one_theme_only_is_refused(tmp_path: Path) -> None:
    """A run of points that applies to one theme alone can push a section over six points in
    that theme's drafts only; the check tries every combination of the themes the points name."""
    from drafter.errors import DrafterError

    points = ("[{slot: p, min: 1, max: 1, themes: [x]}, {slot: q, min: 1, max: 2, only: [y]}, "
              "{slot: r, min: 1, max: 2}, {slot: s, min: 1, max: 3}]")
    with pytest.raises(DrafterError, match="主题为 y 时.*7 个要点"):
        structure(tmp_path, f"    - {{key: a, heading: heading.a, points: {points}}}\n")
    ok = points.replace("max: 2, only", "max: 1, only")
    assert structure(tmp_path, f"    - {{key: a, heading: heading.a, points: {ok}}}\n").sections[0].key == "a"


def test_points_written_for_the_theme_are_chosen_first(tmp_path: Path) -> None:
    """structure.yaml `theme_first`: points tagged for the draft's theme come before points tagged for
    none, whatever the seed; without it the seed mixes them."""
    points = lambda extra: f"    - {{key: a, heading: heading.a, points: [{{slot: p, min: 2, max: 2{extra}}}]}}\n"  # noqa: E731
    b = bank(*FRAME, *(ph(f"g{i}", "p", 50) for i in range(4)), *(ph(f"t{i}", "p", 50, themes=("t",)) for i in range(2)))
    first = structure(tmp_path, points(", theme_first: true"))
    for seed in range(1, 9):
        outline, _ = plan(b, first, 200, seed=seed)
        assert sorted(split_ref(p.ref)[0] for p in outline.sections[0].points) == ["t0", "t1"], seed
    mixed = structure(tmp_path, points(""))
    chosen = {split_ref(p.ref)[0] for seed in range(1, 9) for p in plan(b, mixed, 200, seed=seed)[0].sections[0].points}
    assert chosen & {"g0", "g1", "g2", "g3"}
    # On two themes the points are taken from each theme in turn: one of each, whatever the seed.
    two = bank(*FRAME, *(ph(f"t{c}", "p", 50, themes=("t",)) for c in "abcd"), *(ph(f"u{c}", "p", 50, themes=("u",)) for c in "wxyz"))
    for seed in range(1, 9):
        outline, _ = plan(two, first, 200, themes=("t", "u"), seed=seed)
        assert sorted(split_ref(p.ref)[0][0] for p in outline.sections[0].points) == ["t", "u"], seed


def test_ordered_points_are_spoken_in_the_order_the_work_is_done() -> None:
    """structure.yaml `ordered`: the chosen 方法步骤 points keep the phrasebank's order (调研定方案
    before 树典型, 评议 before 总结), and so do the 意义 points (上级的要求 before 党员的形象),
    whichever the seed chose."""
    import datetime as dt
    import itertools

    from drafter.phrasebank import load_phrasebank

    from .helpers import ORGS, build

    bank = load_phrasebank()
    for slot in ("methods.detail", "significance"):
        order = [p.id for p in bank.in_slot(slot)]
        with_two = 0
        for org, seed, minutes, date, themes in itertools.product(
                ORGS, range(1, 6), (30, 40), (dt.date(2010, 6, 15), dt.date(2026, 9, 1)), (("创先争优",), ("学习型党组织",))):
            built = build(org, "secretary", themes, minutes, seed, date)
            ids = [split_ref(pt.ref)[0] for s in built.params.outline.sections for pt in s.points]
            chosen = [i for i in ids if i in order]
            assert chosen == sorted(chosen, key=order.index), (slot, org, seed, minutes, date, chosen)
            with_two += len(chosen) >= 2
        assert with_two >= 10, slot  # drafts that do choose two of them were seen
