"""make_plan on tiny, hand-built phrasebanks: one behaviour per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.phrasebank import Phrase, Phrasebank
from drafter.plan import SHORT, Structure, load_structures, make_plan, point_style


def bank(*phrases: Phrase) -> Phrasebank:
    return Phrasebank(tuple(phrases), Path("test.yaml"))


def ph(pid: str, slot: str, n: int, short: int = 0, **tags: tuple[str, ...]) -> Phrase:
    """A phrase whose text is n characters long (and its short variant `short` characters)."""
    return Phrase(pid, slot, "字" * n, ("authored",), title=None, short=("短" * short) or None, **tags)


FRAME = [ph("o", "opening", 10), ph("c", "closing", 10), ph("h1", "heading.a", 5), ph("h2", "heading.b", 5)]


def structure(tmp_path: Path, sections: str) -> Structure:
    (tmp_path / "structure.yaml").write_text(
        f"r:\n  opening: [opening]\n  closing: [closing]\n  sections:\n{sections}", encoding="utf-8")
    load_structures.cache_clear()
    return load_structures(tmp_path)["r"]


def plan(b: Phrasebank, s: Structure, target: int, themes: tuple[str, ...] = ("t",), seed: int = 1):
    def measure(ref: str) -> int:
        p = b.get(ref.removesuffix(SHORT))
        assert p is not None
        return len(p.short if ref.endswith(SHORT) and p.short else p.text)

    return make_plan(bank=b, structure=s, org="o", role="r", themes=themes, era="2022", seed=seed,
                     target_chars=target, measure=measure)


def test_points_are_added_until_the_target(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 1, max: 9}]}\n")
    b = bank(*FRAME, *(ph(f"p{i}", "p", 100) for i in range(9)))
    counts = [len(plan(b, s, target).sections[0].points) for target in (250, 550, 850)]
    assert counts == [2, 5, 8]  # 100 characters a point, plus about 30 for the frame


def test_short_variants_fit_a_short_slot(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: p, min: 2, max: 2, fixed: true}]}\n")
    b = bank(*FRAME, ph("p1", "p", 200, short=50), ph("p2", "p", 200, short=50))
    refs = [p.ref for p in plan(b, s, 150).sections[0].points]
    assert refs and all(r.endswith(SHORT) for r in refs)


def test_grouped_runs_use_one_variant_in_file_order(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: g, min: 3, max: 3, grouped: true}]}\n")
    b = bank(*FRAME, *(ph(f"g.{n}.{v}", "g", 50) for n in (1, 2, 3) for v in "abc"))
    for seed in range(6):
        refs = [p.ref for p in plan(b, s, 200, seed=seed).sections[0].points]
        assert [r.split(".")[1] for r in refs] == ["1", "2", "3"]
        assert len({r.rsplit(".", 1)[1] for r in refs}) == 1


def test_overview_expands_for_long_slots_and_stays_for_short(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, points: [{slot: m, min: 1, max: 1, fixed: true, expand: g}]}\n")
    b = bank(*FRAME, ph("m1", "m", 60), *(ph(f"g.{n}.a", "g", 100) for n in (1, 2, 3, 4)))
    assert [p.ref for p in plan(b, s, 100).sections[0].points] == ["m1"]
    assert [p.ref for p in plan(b, s, 430).sections[0].points] == ["g.1.a", "g.2.a", "g.3.a", "g.4.a"]


def test_optional_section_only_when_there_is_room(tmp_path: Path) -> None:
    s = structure(tmp_path, (
        "    - {key: a, heading: heading.a, points: [{slot: p, min: 1, max: 1}]}\n"
        "    - {key: b, heading: heading.b, optional: true, points: [{slot: q, min: 0, max: 3}]}\n"))
    b = bank(*FRAME, ph("p1", "p", 100), *(ph(f"q{i}", "q", 100) for i in range(3)))
    assert [x.key for x in plan(b, s, 130).sections] == ["a"]
    assert [x.key for x in plan(b, s, 450).sections] == ["a", "b"]


@pytest.mark.parametrize("themes, keys", [(("t",), ["a"]), (("u",), ["b"]), (("t", "u"), ["a"])])
def test_sections_follow_the_themes(tmp_path: Path, themes: tuple[str, ...], keys: list[str]) -> None:
    s = structure(tmp_path, (
        "    - {key: a, themes: [t], heading: heading.a, points: [{slot: p, min: 1, max: 1}]}\n"
        "    - {key: b, only: [u], heading: heading.b, points: [{slot: p, min: 1, max: 1}]}\n"))
    b = bank(*FRAME, ph("p1", "p", 50))
    assert [x.key for x in plan(b, s, 100, themes=themes).sections] == keys


def test_point_style_is_seeded_and_allowed(tmp_path: Path) -> None:
    s = structure(tmp_path, "    - {key: a, heading: heading.a, styles: [ordinal, yishi], points: [{slot: p, min: 1, max: 1}]}\n")
    styles = {point_style(s, "a", seed, "o", "r", ("t",)) for seed in range(20)}
    assert styles == {"ordinal", "yishi"}
    assert point_style(s, "a", 3, "o", "r", ("t",)) == point_style(s, "a", 3, "o", "r", ("t",))
    assert point_style(s, "custom1", 3, "o", "r", ("t",)) == "heading"  # a section the user wrote
