"""templates/structure.yaml: which sections a speech of each role has and which points each section makes."""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from typing import NamedTuple
from pathlib import Path
from typing import Any

from drafter.data import templates_dir
from drafter.yamlio import Located, load_yaml

POINT_STYLES = ("heading", "ordinal", "yishi")  # （一）小标题 / 第一，…… / 一是……
MAX_POINTS = 6  # points in one section: more is padding, not argument
BRIEF_MINUTES = 7  # a speech this short drops its `brief: drop` sections
BRIEF_SECTIONS = 3  # and keeps at most this many


class PointSpec(NamedTuple):
    """One run of points in a section: from which slot, how many, under which themes."""

    slot: str
    min: int
    max: int
    fixed: bool = False  # never dropped when fitting (规定内容 such as 五个好)
    themes: tuple[str, ...] = ()  # only when the draft has one of these themes
    only: tuple[str, ...] = ()  # only when the draft's themes are exactly these
    grouped: bool = False  # one phrase per group (id without its last part), kept in file order
    collapse: str | None = None  # the overview slot a short draft may use instead of the run
    ordered: bool = False  # the chosen points are spoken in the phrasebank's order (the order the work is done in)
    each_theme: bool = False  # at least one point written for each of the draft's themes, where there is one
    theme_first: bool = False  # points written for the draft's themes are chosen before those written for any theme

    def applies(self, themes: tuple[str, ...]) -> bool:
        """Whether this run of points belongs in a draft on `themes`."""
        return _theme_ok(self.themes, self.only, themes)


class SectionSpec(NamedTuple):
    """One level-1 section: its heading and intro slots and its points."""

    key: str
    heading: str
    intro: str | None
    points: tuple[PointSpec, ...]
    themes: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    brief_drop: bool = False  # left out of a short (≈5-minute) speech

    def applies(self, themes: tuple[str, ...]) -> bool:
        """Whether this section belongs in a draft on `themes`."""
        return _theme_ok(self.themes, self.only, themes) and any(p.applies(themes) for p in self.points)


class Structure(NamedTuple):
    """A speech structure for one role."""

    opening: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    closing: tuple[str, ...]
    numbering: tuple[str, ...] = ("heading",)

    def sections_for(self, themes: tuple[str, ...], minutes: int) -> tuple[SectionSpec, ...]:
        """The sections of a speech on `themes` lasting `minutes`: a short one keeps at most three."""
        found = tuple(s for s in self.sections if s.applies(themes))
        if minutes > BRIEF_MINUTES:
            return found
        return tuple(s for s in found if not s.brief_drop)[:BRIEF_SECTIONS]


def _theme_ok(any_of: tuple[str, ...], only: tuple[str, ...], themes: tuple[str, ...]) -> bool:
    if any_of and not any(t in any_of for t in themes):
        return False
    return not only or set(only) == set(themes)


@lru_cache(maxsize=4)
def load_structures(folder: Path | None = None) -> dict[str, Structure]:
    """Speech structures per role from structure.yaml."""
    loc = load_yaml((folder or templates_dir()) / "structure.yaml", "讲话结构文件", cached=True)
    if not isinstance(loc.data, dict) or not loc.data:
        raise loc.error((), "讲话结构文件应当是“角色: 结构”的映射。")
    return {str(role): _structure(loc, str(role), spec) for role, spec in loc.data.items()}


def _structure(loc: Located, role: str, spec: Any) -> Structure:
    try:
        numbering = tuple(spec.get("numbering") or ("heading",))
        sections = tuple(_section(s) for s in spec["sections"])
        out = Structure(tuple(spec["opening"]), sections, tuple(spec["closing"]), numbering)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise loc.error((role,), f"角色“{role}”的讲话结构不完整：{exc}") from exc
    bad = [s for s in numbering if s not in POINT_STYLES]
    if bad:
        raise loc.error((role, "numbering"), f"未知的要点编号样式“{bad[0]}”。", hint=f"可用：{'、'.join(POINT_STYLES)}。")
    for i, sec in enumerate(sections):
        most, themes = _most_points(sec)
        if most > MAX_POINTS:
            on = f"（主题为 {'+'.join(themes)} 时）" if themes else ""
            raise loc.error((role, "sections", i), f"部分“{sec.key}”{on}最多可有 {most} 个要点，超过 {MAX_POINTS} 个。",
                            hint="要点多了是堆砌：长稿应加深要点（条目的 more），而不是增加要点。")
    return out


def _most_points(sec: SectionSpec) -> tuple[int, tuple[str, ...]]:
    """The most points `sec` can have, and for which themes: its points' `themes`/`only` lists name
    every theme that changes which points apply, so each combination of those is tried."""
    named = sorted({t for p in sec.points for t in (*p.themes, *p.only)})
    combos = [c for n in range(len(named) + 1) for c in combinations(named, n)]
    return max(((sum(p.max for p in sec.points if p.applies(c)), c) for c in combos), key=lambda x: x[0])


def _section(s: dict[str, Any]) -> SectionSpec:
    points = tuple(
        PointSpec(
            str(p["slot"]), int(p["min"]), int(p["max"]), bool(p.get("fixed")),
            tuple(p.get("themes") or ()), tuple(p.get("only") or ()), bool(p.get("grouped")), p.get("collapse"),
            bool(p.get("ordered")), bool(p.get("each_theme")), bool(p.get("theme_first")),
        )
        for p in s["points"]
    )
    return SectionSpec(
        key=str(s["key"]), heading=str(s["heading"]), intro=s.get("intro"), points=points,
        themes=tuple(s.get("themes") or ()), only=tuple(s.get("only") or ()), brief_drop=s.get("brief") == "drop",
    )
