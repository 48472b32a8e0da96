"""The plan: which phrase fills which slot, chosen deterministically from the seed, sized to the time slot."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from drafter.data import templates_dir
from drafter.errors import InputError
from drafter.fit import SHORT, TOLERANCE, Frame, Pick, fit  # SHORT, TOLERANCE: re-exported for callers
from drafter.params import Outline, Point, Section
from drafter.phrasebank import Phrase, Phrasebank
from drafter.textutil import LazyPattern
from drafter.yamlio import load_yaml

_VARS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_HAN = LazyPattern(r"[^\u4e00-\u9fff]")  # used only when planning; 5 ms to compile
POINT_STYLES = ("heading", "ordinal", "yishi")  # （一）小标题 / 第一，…… / 一是……
OPTIONAL = "?"  # suffix of an opening/closing slot the plan may drop to fit a short time slot
_HEADING_OVERHEAD = 2  # “一、”


@dataclass(frozen=True)
class PointSpec:
    """One run of points in a section: from which slot, how many, under which themes."""

    slot: str
    min: int
    max: int
    fixed: bool = False  # never dropped when fitting (规定内容 such as 五个好)
    themes: tuple[str, ...] = ()  # only when the draft has one of these themes
    only: tuple[str, ...] = ()  # only when the draft's themes are exactly these
    grouped: bool = False  # one phrase per group (id without its last part), kept in file order
    # The same content at two levels of detail: an overview phrase, or a grouped run of phrases
    # (the four 环节 one by one). `expand` names the detailed slot of an overview, `collapse` the
    # overview slot of a detailed run; fitting may switch between them.
    expand: str | None = None
    collapse: str | None = None
    # Extra points that say again what the detailed run says (党性教育 is both a method and stage 2):
    # used only while the run of this slot, in the same section, is not expanded.
    besides: str | None = None

    def applies(self, themes: tuple[str, ...]) -> bool:
        """Whether this run of points belongs in a draft on `themes`."""
        return _theme_ok(self.themes, self.only, themes)


@dataclass(frozen=True)
class SectionSpec:
    """One level-1 section: its heading and intro slots, its points and its numbering styles."""

    key: str
    heading: str
    intro: str | None
    points: tuple[PointSpec, ...]
    themes: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    styles: tuple[str, ...] = ("heading",)
    optional: bool = False  # appears only when the time slot leaves room for its points

    def applies(self, themes: tuple[str, ...]) -> bool:
        """Whether this section belongs in a draft on `themes`."""
        return _theme_ok(self.themes, self.only, themes) and any(p.applies(themes) for p in self.points)


@dataclass(frozen=True)
class Structure:
    """A speech structure for one role."""

    opening: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    closing: tuple[str, ...]


def _theme_ok(any_of: tuple[str, ...], only: tuple[str, ...], themes: tuple[str, ...]) -> bool:
    if any_of and not any(t in any_of for t in themes):
        return False
    return not only or set(only) == set(themes)


@lru_cache(maxsize=4)
def load_structures(folder: Path | None = None) -> dict[str, Structure]:
    """Speech structures per role from structure.yaml."""
    loc = load_yaml((folder or templates_dir()) / "structure.yaml", "讲话结构文件", cached=True)
    out = {}
    for role, spec in (loc.data or {}).items():
        try:
            styles = tuple(spec.get("styles") or ("heading",))
            sections = tuple(_section(s, styles) for s in spec["sections"])
            out[str(role)] = Structure(tuple(spec["opening"]), sections, tuple(spec["closing"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise loc.error((role,), f"角色“{role}”的讲话结构不完整：{exc}") from exc
        bad = [s for sec in out[str(role)].sections for s in sec.styles if s not in POINT_STYLES]
        if bad:
            raise loc.error((role,), f"未知的要点编号样式“{bad[0]}”。", hint=f"可用：{'、'.join(POINT_STYLES)}。")
    return out


def _section(s: dict[str, Any], styles: tuple[str, ...]) -> SectionSpec:
    points = tuple(
        PointSpec(
            str(p["slot"]), int(p["min"]), int(p["max"]), bool(p.get("fixed")),
            tuple(p.get("themes") or ()), tuple(p.get("only") or ()), bool(p.get("grouped")),
            p.get("expand"), p.get("collapse"), p.get("besides"),
        )
        for p in s["points"]
    )
    return SectionSpec(
        key=str(s["key"]), heading=str(s["heading"]), intro=s.get("intro"), points=points,
        themes=tuple(s.get("themes") or ()), only=tuple(s.get("only") or ()),
        styles=tuple(s.get("styles") or styles), optional=bool(s.get("optional")),
    )


def point_style(structure: Structure, key: str, seed: int, org: str, role: str, themes: tuple[str, ...]) -> str:
    """How a section numbers its points, a seeded choice among the styles structure.yaml allows.
    Not stored in params.yaml: the seed decides it, so the same params always give the same draft."""
    spec = next((s for s in structure.sections if s.key == key), None)
    if spec is None:
        return "heading"  # a section the user wrote: plain （一） headings
    return random.Random(f"{seed}|{org}|{role}|{'+'.join(themes)}|style|{key}").choice(spec.styles)


@dataclass(frozen=True)
class _Chooser:
    """Seeded choice of phrases for one draft: the same inputs always give the same order."""

    bank: Phrasebank
    org: str
    role: str
    themes: tuple[str, ...]
    era: str
    seed: int
    memo: dict[tuple[str, bool], list[Phrase]] = field(default_factory=dict, compare=False, repr=False)

    def rng(self, slot: str) -> random.Random:
        return random.Random(f"{self.seed}|{self.org}|{self.role}|{'+'.join(self.themes)}|{slot}")

    def candidates(self, spec_slot: str, grouped: bool = False) -> list[Phrase]:
        """The phrases usable for a slot, in seeded order (grouped: one per group, in file order)."""
        # The same slot is asked for more than once per draft (an intro is looked up, then framed);
        # the answer depends only on the slot, so it is worked out once (seeding a generator from
        # a string hashes it). Callers get their own list.
        key = (spec_slot, grouped)
        if key not in self.memo:
            slot = spec_slot.replace("{org}", self.org)
            found = [p for p in _slot_index(self.bank).get(slot, ()) if p.fits(self.org, self.role, self.themes, self.era)]
            self.rng(slot).shuffle(found)
            self.memo[key] = _one_per_group(found, self.bank, self.rng(slot + "|variant")) if grouped else found
        return list(self.memo[key])

    def one(self, slot: str) -> str:
        """The first phrase for a slot that needs exactly one (headings, opening, closing)."""
        found = self.candidates(slot)
        if not found:
            raise InputError(f"语料库中没有适用于 {self.where()} 的“{slot}”条目。",
                             hint="请在 phrasebank.yaml 中为该槽位补充条目，或检查条目的 tags。")
        return found[0].id

    def frame(self, slot: str, droppable: bool) -> Frame:
        ref = self.one(slot)
        return Frame(ref, droppable, has_short=bool(getattr(self.bank.get(ref), "short", None)))

    def pick(self, section: int, spec: PointSpec, said: set[str]) -> Pick:
        """A run of points with its required minimum chosen; candidates that repeat nothing already
        said come first (grouped runs keep their order)."""
        found = self.candidates(spec.slot, spec.grouped)
        if len(found) < spec.min:
            raise InputError(f"语料库中适用的“{spec.slot.replace('{org}', self.org)}”条目不足 {spec.min} 条（{self.where()}）。",
                             hint="请在 phrasebank.yaml 中补充条目，或检查条目的 tags。")
        if not spec.grouped:
            found = [p for p in found if p.id not in said] + [p for p in found if p.id in said]
        pick = Pick(section, spec, found)
        pick.chosen = [p.id for p in found[: spec.min]]
        other = spec.expand or spec.collapse
        alt = self.candidates(other, grouped=bool(spec.expand)) if other else []
        if alt:
            pick.alt = [p.id for p in (alt if spec.expand else alt[:1])]
            pick.alt_detailed = bool(spec.expand)
            pick.pool = len(found)
            pick.phrases = found + alt
        return pick

    def where(self) -> str:
        return f"{self.org}/{self.role}/{'+'.join(self.themes)}/{self.era}"


def make_plan(
    *, bank: Phrasebank, structure: Structure, org: str, role: str, themes: tuple[str, ...], era: str,
    seed: int, target_chars: int, measure: Callable[[str], int],
) -> Outline:
    """Choose phrases for every slot of `structure` and size the draft to `target_chars`.

    `measure(ref)` is the rendered length of a phrase (its title and text) in characters."""
    choose = _Chooser(bank, org, role, themes, era, seed)
    sections = [s for s in structure.sections if s.applies(themes)]
    heads = [choose.one(s.heading) for s in sections]
    intros = [choose.frame(s.intro, True) if s.intro and choose.candidates(s.intro) else None for s in sections]
    for f in intros[1:]:  # a lead-in that bridges from the section before: shortened first, dropped last
        if f and f.has_short:
            f.drop_cost = 4
    opening = [choose.frame(x.rstrip(OPTIONAL), x.endswith(OPTIONAL)) for x in structure.opening]
    closing = [choose.frame(x.rstrip(OPTIONAL), x.endswith(OPTIONAL)) for x in structure.closing]

    # A point must not say again what the frame or another point already says.
    overlaps = overlap_index(bank)
    said = set().union(*(overlaps[f.ref] for f in (*opening, *closing, *(f for f in intros if f))))
    picks: list[Pick] = []
    for i, sec in enumerate(sections):
        for spec in (p for p in sec.points if p.applies(themes)):
            picks.append(choose.pick(i, spec, said))
            said = said.union(*(overlaps[r] for r in picks[-1].chosen))

    # An optional section costs its heading and intro only once it has a point.
    optional = {
        i: measure(heads[i]) + _HEADING_OVERHEAD + (measure(intros[i].ref) if intros[i] else 0)  # type: ignore[union-attr]
        for i, s in enumerate(sections) if s.optional
    }
    frames = [*opening, *closing, *(f for i, f in enumerate(intros) if f and i not in optional)]
    fixed = sum(measure(h) + _HEADING_OVERHEAD for i, h in enumerate(heads) if i not in optional) + 4  # + “同志们：”
    fit(picks, frames, target_chars - fixed, measure, optional, overlaps)
    return _outline(sections, heads, intros, picks, opening, closing)


def _outline(
    sections: list[SectionSpec], heads: list[str], intros: list[Frame | None], picks: list[Pick],
    opening: list[Frame], closing: list[Frame],
) -> Outline:
    out = []
    for i, sec in enumerate(sections):
        points = tuple(Point(ref=ref) for p in picks if p.section == i for ref in p.chosen)
        if sec.optional and not points:
            continue
        intro = intros[i]
        out.append(Section(key=sec.key, heading=heads[i], intro=intro.ref if intro and intro.kept else None, points=points))
    return Outline(
        opening=tuple(f.ref for f in opening if f.kept),
        sections=tuple(out),
        closing=tuple(f.ref for f in closing if f.kept),
    )


_GRAM = 12  # characters: two phrases sharing a run this long say the same thing


# Per-phrasebank indexes, kept by the bank's identity with the bank itself (so the id cannot be
# reused while the entry lives). An lru_cache keyed by the bank hashed all its phrases on every
# draft (the bank is a frozen dataclass: its hash is that of every Phrase), ~1 ms a draft.
_PER_BANK: dict[int, tuple[Phrasebank, dict[str, Any]]] = {}
_PER_BANK_MAX = 4


def _bank_memo(bank: Phrasebank, name: str, make: Callable[[Phrasebank], Any]) -> Any:
    """`make(bank)`, computed once per phrasebank instance (phrasebanks are immutable)."""
    entry = _PER_BANK.get(id(bank))
    if entry is None or entry[0] is not bank:
        if len(_PER_BANK) >= _PER_BANK_MAX:
            _PER_BANK.pop(next(iter(_PER_BANK)))
        entry = _PER_BANK[id(bank)] = (bank, {})
    memo = entry[1]
    if name not in memo:
        memo[name] = make(bank)
    return memo[name]


def _slot_index(bank: Phrasebank) -> dict[str, tuple[Phrase, ...]]:
    """The bank's phrases by slot, each in file order: what `Phrasebank.for_slot` filters, without
    scanning every phrase for each of a draft's ~35 slot look-ups."""
    def make(b: Phrasebank) -> dict[str, tuple[Phrase, ...]]:
        slots: dict[str, list[Phrase]] = {}
        for p in b.phrases:
            slots.setdefault(p.slot, []).append(p)
        return {k: tuple(v) for k, v in slots.items()}
    return _bank_memo(bank, "slots", make)


def _file_order(bank: Phrasebank) -> dict[str, int]:
    """Each phrase id's position in the phrasebank file."""
    return _bank_memo(bank, "order", lambda b: {p.id: i for i, p in enumerate(b.phrases)})


def overlap_index(bank: Phrasebank) -> dict[str, set[str]]:
    """For every phrase, the phrases that share a run of `_GRAM` characters with it (template
    variables and punctuation ignored): choosing both would make the speech repeat itself.
    Computed once per phrasebank; callers must not change the sets."""
    return _bank_memo(bank, "overlaps", _overlap_index)


def _overlap_index(bank: Phrasebank) -> dict[str, set[str]]:
    grams: dict[str, set[str]] = {}
    for p in bank.phrases:
        text = _HAN.sub("", _VARS.sub("", f"{p.title or ''}。{p.text}"))
        grams[p.id] = {text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)}
    owners: dict[str, set[str]] = {}
    for pid, gs in grams.items():
        for g in gs:
            owners.setdefault(g, set()).add(pid)
    out: dict[str, set[str]] = {pid: set() for pid in grams}
    for ids in owners.values():
        if len(ids) > 1:
            for pid in ids:
                out[pid] |= ids - {pid}
    return out


def _one_per_group(found: list[Phrase], bank: Phrasebank, rng: random.Random) -> list[Phrase]:
    """One phrase per group (id without its last part), groups in phrasebank order. Where the groups
    share variant names (stage.1.a, stage.2.a …), one seeded variant is used for all of them, so that
    the titles of a run read in parallel (“广泛发动，安排部署” / “全面争创，扎实推进” …)."""
    order = _file_order(bank)
    groups: dict[str, list[Phrase]] = {}
    for p in found:
        groups.setdefault(p.id.rsplit(".", 1)[0], []).append(p)
    shared = set.intersection(*({p.id.rsplit(".", 1)[1] for p in g} for g in groups.values())) if groups else set()
    variant = rng.choice(sorted(shared)) if shared else None
    chosen = [next((p for p in g if p.id.endswith("." + str(variant))), g[0]) for g in groups.values()]
    return sorted(chosen, key=lambda p: order[p.id])
