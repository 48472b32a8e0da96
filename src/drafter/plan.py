"""The plan: which phrase fills which slot, chosen deterministically from the seed, sized to the time slot."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from drafter.data import templates_dir
from drafter.errors import InputError
from drafter.params import Outline, Point, Section
from drafter.phrasebank import Phrase, Phrasebank
from drafter.yamlio import load_yaml

SHORT = "/short"  # suffix of a point ref that asks for the phrase's shorter variant
TOLERANCE = 0.10  # the draft lands within ±10% of minutes × rate


@dataclass(frozen=True)
class PointSpec:
    slot: str
    min: int
    max: int
    fixed: bool = False


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    intro: str | None
    points: tuple[PointSpec, ...]
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Structure:
    opening: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    closing: tuple[str, ...]


@lru_cache(maxsize=4)
def load_structures(folder: Path | None = None) -> dict[str, Structure]:
    """Speech structures per role from structure.yaml."""
    loc = load_yaml((folder or templates_dir()) / "structure.yaml", "讲话结构文件")
    out = {}
    for role, spec in (loc.data or {}).items():
        try:
            sections = tuple(
                SectionSpec(
                    key=str(s["key"]), heading=str(s["heading"]), intro=s.get("intro"),
                    points=tuple(PointSpec(str(p["slot"]), int(p["min"]), int(p["max"]), bool(p.get("fixed"))) for p in s["points"]),
                    themes=tuple(s.get("themes") or ()),
                )
                for s in spec["sections"]
            )
            out[str(role)] = Structure(tuple(spec["opening"]), sections, tuple(spec["closing"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise loc.error((role,), f"角色“{role}”的讲话结构不完整：{exc}") from exc
    return out


@dataclass
class _Pick:
    section: int
    spec: PointSpec
    phrases: list[Phrase]  # candidates in seeded order
    chosen: list[str] = field(default_factory=list)


def make_plan(
    *, bank: Phrasebank, structure: Structure, org: str, role: str, themes: tuple[str, ...], era: str,
    seed: int, target_chars: int, measure: Callable[[str], int],
) -> Outline:
    """Choose phrases for every slot of `structure` and size the draft to `target_chars`.

    `measure(ref)` is the rendered length of a phrase (its title and text) in characters."""
    def rng(slot: str) -> random.Random:
        return random.Random(f"{seed}|{org}|{role}|{'+'.join(themes)}|{slot}")

    def candidates(slot: str) -> list[Phrase]:
        found = bank.for_slot(slot.replace("{org}", org), org, role, themes, era)
        rng(slot).shuffle(found)
        return found

    def one(slot: str, required: bool = True) -> str | None:
        found = candidates(slot)
        if not found:
            if required:
                raise InputError(f"语料库中没有适用于 {org}/{role}/{'+'.join(themes)}/{era} 的“{slot}”条目。",
                                 hint="请在 phrasebank.yaml 中为该槽位补充条目，或检查条目的 tags。")
            return None
        return found[0].id

    sections = [s for s in structure.sections if not s.themes or any(t in s.themes for t in themes)]
    picks: list[_Pick] = []
    for i, sec in enumerate(sections):
        for spec in sec.points:
            pick = _Pick(i, spec, candidates(spec.slot))
            if len(pick.phrases) < spec.min:
                raise InputError(f"语料库中适用的“{spec.slot.replace('{org}', org)}”条目不足 {spec.min} 条（{org}/{role}/{era}）。",
                                 hint="请在 phrasebank.yaml 中补充条目，或检查条目的 tags。")
            pick.chosen = [p.id for p in pick.phrases[: spec.min]]
            picks.append(pick)

    heads = [one(s.heading) or "" for s in sections]
    intros = [one(s.intro, required=False) if s.intro else None for s in sections]
    opening = tuple(x for x in (one(slot) for slot in structure.opening) if x)
    closing = tuple(x for x in (one(slot) for slot in structure.closing) if x)

    frame = sum(measure(x) for x in (*opening, *closing, *heads)) + sum(measure(x) for x in intros if x)
    _fit(picks, target_chars - frame, measure)

    out_sections = []
    for i, sec in enumerate(sections):
        points = tuple(Point(ref=ref) for p in picks if p.section == i for ref in p.chosen)
        out_sections.append(Section(key=sec.key, heading=heads[i], intro=intros[i], points=points))
    return Outline(opening=opening, sections=tuple(out_sections), closing=closing)


def _fit(picks: list[_Pick], budget: int, measure: Callable[[str], int]) -> None:
    """Add optional points round-robin while under the target; then shorten or drop while over it."""
    # A running total, updated at each change, instead of summing every point again at each test
    # (that re-summing was a third of compose()'s time in a batch).
    total = sum(measure(ref) for p in picks for ref in p.chosen)
    low, high = budget * (1 - TOLERANCE / 2), budget * (1 + TOLERANCE / 2)
    growing = True
    while growing and total < low:
        growing = False
        for p in picks:  # one more point per spec per round keeps sections balanced
            if total >= low:
                break
            if len(p.chosen) < min(p.spec.max, len(p.phrases)):
                nxt = p.phrases[len(p.chosen)]
                if total + measure(nxt.id) <= budget * (1 + TOLERANCE) or total < budget * 0.8:
                    p.chosen.append(nxt.id)
                    total += measure(nxt.id)
                    growing = True
    # Over budget: prefer short variants (longest first), then drop optional points from the end.
    while total > high:
        longest = max(
            ((p, j) for p in picks for j, ref in enumerate(p.chosen) if not ref.endswith(SHORT) and _has_short(p, ref)),
            key=lambda pj: measure(pj[0].chosen[pj[1]]), default=None,
        )
        if longest is None:
            break
        p, j = longest
        total -= measure(p.chosen[j])
        p.chosen[j] += SHORT
        total += measure(p.chosen[j])
    for p in reversed(picks):
        while total > high and len(p.chosen) > p.spec.min and not p.spec.fixed:
            total -= measure(p.chosen.pop())


def _has_short(pick: _Pick, ref: str) -> bool:
    return any(ph.id == ref and ph.short for ph in pick.phrases)
