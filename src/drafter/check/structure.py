"""The shape of a speech: salutation, announced count, sections and their points, numbering scheme per level.

`structure_of(document)` is public so that other parts of drafter (the composition's tests) can ask
the same questions the structure rules ask: how many level-1 sections, how many points in each,
which numbering scheme each level uses, how many parts the opening announces.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from drafter.numerals import from_chinese

if TYPE_CHECKING:
    from drafter.check.context import Context
    from drafter.document.model import Document

# GB/T 9704-2012 §7.3.3: 一、 → （一） → 1. → （1）. Run-in schemes (第一，/ 一是) have no rank of their own.
GBT_RANK = {"cn_dun": 1, "paren_cn": 2, "arabic": 3, "paren_ar": 4}
_SALUTATION = re.compile(r"^[^，。；！？]{0,24}(?:同志[们們]|同事[们們]|老师[们們]|老師們|同学[们們]|同學們|朋友[们們]|代表[们們]|来宾|來賓|各位)[^，。；！？]{0,12}[：:]$")
_HAILS = ("同志们", "同事们", "老师们", "同学们", "朋友们", "各位", "同志們")


class Point(NamedTuple):
    """One numbered item: its paragraph (1-based index), scheme id (cn_dun, di, paren_cn, shi, arabic,
    paren_ar), number, nesting level (1 = outermost) and where its marker sits in the text."""

    paragraph: int
    scheme: str
    number: int
    level: int
    start: int = 0
    end: int = 0
    leading: bool = True  # the marker opens its paragraph (一是 can also run on inside one)


class Run:
    """A sequence of sibling points (same scheme, same parent): 一、二、三、 or 第一，第二，."""

    __slots__ = ("scheme", "level", "parent", "points")

    def __init__(self, scheme: str, level: int, parent: Point | None, points: tuple[Point, ...]) -> None:
        self.scheme = scheme
        self.level = level
        self.parent = parent
        self.points = points

    def __repr__(self) -> str:
        return f"Run({self.scheme!r}, level={self.level}, {self.count} points)"

    @property
    def count(self) -> int:
        return len(self.points)


class Section(NamedTuple):
    """An outermost part of the speech (一、…), its heading text and the runs of points inside it."""

    heading: Point
    title: str
    runs: tuple[Run, ...] = ()

    @property
    def points(self) -> int:
        """Points directly under the heading (the longest run one level down)."""
        direct = [r.count for r in self.runs if r.level == self.heading.level + 1]
        return max(direct, default=0)

    @property
    def most_points(self) -> int:
        """The longest run of points anywhere inside the section (what `structure.padded` judges)."""
        return max((r.count for r in self.runs), default=0)


class Structure(NamedTuple):
    """What `structure_of` finds. `schemes[level]` lists the schemes used at that level, in order of use."""

    salutations: tuple[int, ...]  # paragraphs that are a salutation line (同志们：)
    announced: int | None  # 讲三点意见 → 3
    announced_at: int | None
    announced_text: str
    sections: tuple[Section, ...]
    runs: tuple[Run, ...]
    schemes: dict[int, tuple[str, ...]]

    @property
    def section_count(self) -> int:
        return len(self.sections)

    @property
    def points_per_section(self) -> tuple[int, ...]:
        return tuple(s.points for s in self.sections)


class Marker(NamedTuple):
    """One numbering marker (一、 / 第一， / （一） …) found in a paragraph."""

    para: Any
    style: str
    n: int
    start: int
    end: int


def markers(ctx: "Context") -> list[Marker]:
    """Every numbering marker in reading order: found once per check and kept on the context (the
    numbering rules ask for it nine times a check; the eight repeats were ~4 ms of a first render)."""
    cached: list[Marker] | None = getattr(ctx, "_markers", None)
    if cached is None:
        cached = ctx._markers = _markers(ctx)  # type: ignore[attr-defined]
    return list(cached)


def _markers(ctx: "Context") -> list[Marker]:
    styles = ctx.config["numbering"]["styles"]
    found = []
    for p in ctx.body:
        for sid, st in styles.items():
            rx = re.compile(st["pattern"])
            hits = rx.finditer(p.text) if st.get("inline") else filter(None, [rx.search(p.text)])
            for m in hits:
                found.append(Marker(p, sid, from_chinese(m.group(1)), m.start(1), m.end()))
    found.sort(key=lambda k: (k.para.index, k.start))
    return found


def structure_of(document: "Document", config: dict[str, Any] | None = None) -> Structure:
    """The structure of a read speech (`document.read`).

    `config` is the merged check settings (`config.load_config()`, the default): its `numbering:`
    section says which markers count as numbering and how an announcement is worded. Web-page
    leftovers are left out, as the rules leave them out."""
    from drafter.check.config import load_config
    from drafter.check.context import Context

    return of_context(Context(doc=document, config=config or load_config()))


def of_context(ctx: "Context") -> Structure:
    """`structure_of` for a rule's context (computed once per check and kept on the context)."""
    cached = getattr(ctx, "_structure", None)
    if cached is not None:
        return cached
    st = _build(ctx)
    ctx._structure = st  # type: ignore[attr-defined]
    return st


def _build(ctx: "Context") -> Structure:

    cfg = ctx.config["numbering"]
    levels_of = {sid: st["level"] for sid, st in cfg["styles"].items()}
    body = ctx.body
    sal = tuple(p.index for p in body[:8] if is_salutation(p.text))

    # Nesting, as numbering._walk infers it: a scheme seen again closes every scheme opened after it.
    stack: list[Point] = []
    open_runs: dict[tuple[str, int | None, int], list[Point]] = {}
    order: list[tuple[str, int | None, int]] = []
    current: dict[Any, Any] = {}
    parents: dict[tuple[str, int | None, int], Point | None] = {}
    for mk in markers(ctx):
        if cfg["styles"][mk.style].get("inline") and mk.start > 0:
            # 一是…二是… run in inside paragraphs: a run under the numbered part they sit in.
            parent = stack[-1] if stack else None
            pt = Point(mk.para.index, mk.style, mk.n, (parent.level + 1) if parent else 1, mk.start, mk.end, False)
            key = ("~" + mk.style, parent.paragraph if parent else None, parent.start if parent else 0)
            if key not in current or pt.number == 1:
                full: Any = key + (len(order),)
                open_runs[full], parents[full] = [], parent
                order.append(full)
                current[key] = full
            open_runs[current[key]].append(pt)
            continue
        names = [p.scheme for p in stack]
        if mk.style in names:
            del stack[names.index(mk.style):]
        elif levels_of.get(mk.style) == 1:
            stack.clear()  # 一、 after points that came before any part (1. 2. in the opening) closes them
        parent = stack[-1] if stack else None
        pt = Point(mk.para.index, mk.style, mk.n, len(stack) + 1, mk.start, mk.end)
        key = (mk.style, parent.paragraph if parent else None, parent.start if parent else 0)
        if key not in current or pt.number == 1:  # a new run (or the same parent numbering afresh)
            key = key + (len(order),)  # type: ignore[assignment]
            open_runs[key], parents[key] = [], parent
            order.append(key)
            current[key[:3]] = key
        open_runs[current[key[:3]]].append(pt)
        stack.append(pt)

    runs = tuple(Run(k[0].lstrip("~"), open_runs[k][0].level, parents[k], tuple(open_runs[k])) for k in order if open_runs[k])
    schemes: dict[int, list[str]] = {}
    for r in runs:
        if r.points[0].leading:
            schemes.setdefault(r.level, [])
            if r.scheme not in schemes[r.level]:
                schemes[r.level].append(r.scheme)

    by_para = {p.index: p for p in body}
    top = [r for r in runs if r.level == 1 and r.points[0].leading]
    sections: list[Section] = []
    if top:
        main = max(top, key=lambda r: (GBT_RANK.get(r.scheme, 0) == 1, r.count))
        for i, h in enumerate(main.points):
            nxt = main.points[i + 1].paragraph if i + 1 < len(main.points) else 10**9
            inside = tuple(r for r in runs if r is not main and h.paragraph <= r.points[0].paragraph < nxt)
            sections.append(Section(h, _title(by_para[h.paragraph].text[h.end:]), inside))

    announced = None
    at, said = None, ""
    rx = re.compile(cfg["announce"])
    first_top = sections[0].heading.paragraph if sections else 10**9
    for p in body:
        if p.index >= first_top:
            break
        m = rx.search(p.text)
        if m:
            announced, at, said = from_chinese(m.group(1)), p.index, m.group()
            break
    return Structure(salutations=sal, announced=announced, announced_at=at, announced_text=said,
                     sections=tuple(sections), runs=runs, schemes={k: tuple(v) for k, v in schemes.items()})


def _title(rest: str) -> str:
    """A heading's own words: up to the first full stop (a run-in heading goes on with its body)."""
    return re.split(r"[。！？]", rest.strip(), maxsplit=1)[0].strip()


def is_salutation(text: str) -> bool:
    """同志们： / 各位领导、同志们： (a short line ending with a colon that addresses the audience)."""
    return bool(_SALUTATION.match(text.strip()))


def starts_with_hail(text: str) -> str | None:
    """'同志们，…' → '同志们' (a paragraph that opens by addressing the audience again)."""
    for h in _HAILS:
        if text.startswith(h) and len(text) > len(h) and text[len(h)] in "，,！!：:":
            return h
    return None
