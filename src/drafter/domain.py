"""Org types, themes and era profiles: the domain data in templates/*.yaml, validated into frozen objects."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from drafter.data import templates_dir
from drafter.errors import InputError
from drafter.yamlio import Located, did_you_mean, load_yaml



# NamedTuples, not frozen dataclasses: ~0.2 ms a class instead of ~1 ms at import (Python 3.11).
class OrgType(NamedTuple):
    """One kind of Party organisation and the words its speeches use."""

    key: str
    name: str
    aliases: tuple[str, ...]
    unit_label: str
    self: str
    scope: str
    people: str
    members: str
    cadres: str
    superior: str
    work: str
    carriers: tuple[str, ...]
    # Optional (older orgs.yaml files lack them): the unit's own Party body as its speaker names it
    # (校党委, 村党支部), the speaker's title by role, and who attends the meeting.
    party: str = "党组织"
    titles: tuple[tuple[str, str], ...] = ()
    attendees: str = ""
    branches: str = "各党支部"  # the unit's own sub-organisations as its speaker names them (各党小组, 各村党组织)
    branch: str = "党支部"  # one of them: 每个党小组, 本村党组织
    all_orgs: str = ""  # every Party organisation of the unit together: 全镇各级党组织 / 村党支部和各党小组
    branch_head: str = "党支部书记"  # who leads one sub-organisation: 党小组组长 / 村党组织书记
    branch_leaders: str = "支部委员"  # its leading members as a group: 党小组组长 / 村党组织班子成员
    branch_meeting: str = "支部党员大会"  # a meeting of all its members: 党小组会 / 村党员大会
    never: tuple[str, ...] = ()  # words its drafts must never contain once its own words are blanked (tests/compose)

    def title_for(self, role: str) -> str | None:
        """The speaker's usual title in this kind of unit for `role`, if orgs.yaml gives one."""
        return dict(self.titles).get(role)


class Theme(NamedTuple):
    """A campaign theme, possibly combining several (创先争优 + 学习型党组织)."""

    key: str
    name: str
    activity: str
    short: str
    title: str
    parts: tuple[str, ...]  # the simple themes it is made of (itself, if simple)
    this: str = "这次活动"  # how the speech points back at it: 通过这次活动 / 通过这项工作
    it: str = "活动"  # the bare back-reference: 活动的成效 / 这项工作的成效
    own_words: tuple[str, ...] = ()  # words a draft not on this theme must never contain (tests/compose)


class Era(NamedTuple):
    """The formulations that belong to a span of dates."""

    id: str
    start: dt.date
    end: dt.date
    guiding: str
    spirit: str


_ORG_FIELDS = ("name", "aliases", "unit_label", "self", "scope", "people", "members", "cadres", "superior", "work", "carriers")


@lru_cache(maxsize=4)
def load_orgs(folder: Path | None = None) -> dict[str, OrgType]:
    """All org types from orgs.yaml."""
    loc = load_yaml((folder or templates_dir()) / "orgs.yaml", "组织类型文件", cached=True)
    if not isinstance(loc.data, dict) or not loc.data:
        raise loc.error((), "组织类型文件应当是“类型: 属性”的映射。")
    orgs = {}
    for key, spec in loc.data.items():
        _require_fields(loc, (key,), spec, _ORG_FIELDS)
        for f in ("aliases", "carriers"):
            if not isinstance(spec[f], list):
                raise loc.error((key, f), f"组织类型“{key}”的 {f} 应当是列表，如 [学校, 中学]。")
        titles = spec.get("titles") or {}
        if not isinstance(titles, dict):
            raise loc.error((key, "titles"), f"组织类型“{key}”的 titles 应当是“角色: 职务”的映射，如 {{secretary: 党委书记}}。")
        text = {f: str(spec[f]) for f in _ORG_FIELDS if f not in ("aliases", "carriers")}
        orgs[str(key)] = OrgType(
            key=str(key), aliases=tuple(str(x) for x in spec["aliases"]), carriers=tuple(str(x) for x in spec["carriers"]),
            **text,  # type: ignore[arg-type]
            party=str(spec.get("party") or "党组织"),
            titles=tuple((str(r), str(t)) for r, t in titles.items()),
            attendees=str(spec.get("attendees") or ""),
            branches=str(spec.get("branches") or "各党支部"),
            branch=str(spec.get("branch") or "党支部"),
            all_orgs=str(spec.get("all_orgs") or f"{spec['scope']}各级党组织"),
            branch_head=str(spec.get("branch_head") or "党支部书记"),
            branch_leaders=str(spec.get("branch_leaders") or "支部委员"),
            branch_meeting=str(spec.get("branch_meeting") or "支部党员大会"),
            never=tuple(str(x) for x in spec.get("never") or ()),
        )
    return orgs


@lru_cache(maxsize=4)
def load_themes(folder: Path | None = None) -> dict[str, Theme]:
    """All themes from themes.yaml."""
    loc = load_yaml((folder or templates_dir()) / "themes.yaml", "主题文件", cached=True)
    if not isinstance(loc.data, dict) or not loc.data:
        raise loc.error((), "主题文件应当是“主题: 属性”的映射。")
    themes = {}
    for key, spec in loc.data.items():
        _require_fields(loc, (key,), spec, ("name", "activity", "short", "title"))
        parts = tuple(str(p) for p in spec.get("combines") or [key])
        refs = {f: str(spec[f]) for f in ("this", "it") if spec.get(f)}  # optional: a campaign's 这次活动 / 活动
        themes[str(key)] = Theme(str(key), str(spec["name"]), str(spec["activity"]), str(spec["short"]), str(spec["title"]),
                                 parts, **refs, own_words=tuple(str(w) for w in spec.get("own_words") or ()))
    for key, spec in loc.data.items():
        for part in spec.get("combines") or []:
            if part not in themes:
                raise loc.error((key, "combines"), f"组合主题“{key}”引用了不存在的主题“{part}”。")
    return themes


@lru_cache(maxsize=4)  # parsed themes.yaml on every call: a third of compose()'s time in a batch
def theme_aliases(folder: Path | None = None) -> dict[str, str]:
    """Every accepted spelling of a theme → its key."""
    loc = load_yaml((folder or templates_dir()) / "themes.yaml", "主题文件", cached=True)
    out: dict[str, str] = {}
    for key, spec in loc.data.items():
        for name in [key, spec.get("name"), *(spec.get("aliases") or [])]:
            if name:
                out[str(name).lower()] = str(key)
    return out


def resolve_org(name: str) -> OrgType:
    """An org type from its English key or any Chinese name; a clear error listing the choices."""
    orgs = load_orgs()
    wanted = str(name).strip()
    for org in orgs.values():
        if wanted.lower() == org.key or wanted == org.name or wanted in org.aliases:
            return org
    choices = "、".join(f"{o.key}（{o.name}）" for o in orgs.values())
    guess = did_you_mean(wanted, [o.key for o in orgs.values()] + [o.name for o in orgs.values()])
    hint = f"您是不是想写“{guess}”？" if guess else ""
    raise InputError(f"不认识的组织类型“{wanted}”。可选：{choices}。", hint=hint or "请从上面的类型中选择一个，中英文均可。")


def resolve_theme(names: list[str] | tuple[str, ...] | str) -> Theme:
    """A theme from one or more names; two simple themes given together become their combination."""
    themes = load_themes()
    aliases = theme_aliases()
    if isinstance(names, str):
        names = [n for n in names.replace("＋", "+").split("+")] if "+" in names or "＋" in names else [names]
    keys: list[str] = []
    for raw in names:
        n = str(raw).strip()
        key = aliases.get(n.lower())
        if key is None:
            choices = "、".join(_theme_choice(t, aliases) for t in themes.values() if len(t.parts) == 1)
            guess = did_you_mean(n, list(aliases))
            raise InputError(
                f"不认识的活动主题“{n}”。可选：{choices}（可用两个 --theme 组合）。",
                hint=f"您是不是想写“{aliases[guess]}”？" if guess else "新的主题可以加到 templates/themes.yaml 中。",
            )
        for part in themes[key].parts:
            if part not in keys:
                keys.append(part)
    if len(keys) == 1:
        return themes[keys[0]]
    for theme in themes.values():
        if set(theme.parts) == set(keys) and len(theme.parts) == len(keys):
            return theme
    raise InputError(f"主题 {'、'.join(keys)} 不能组合：templates/themes.yaml 中没有定义这种组合。")


def _theme_choice(theme: Theme, aliases: dict[str, str]) -> str:
    """'创先争优（cxzy）': the name, and the Latin spelling that can be typed without a Chinese IME."""
    latin = [a for a, key in aliases.items() if key == theme.key and a.isascii()]
    return f"{theme.key}（{latin[0]}）" if latin else theme.key


class Role(NamedTuple):
    """Who gives the speech: its name, the default title and a line for help texts."""

    key: str
    name: str
    aliases: tuple[str, ...]
    title: str
    about: str
    chief: str | None = None  # how this speaker names the unit's Party secretary ({{ chief }}): 我; None: by name
    follows: str | None = None  # the role that speaks before this one at the meeting: its points are not said again


@lru_cache(maxsize=4)
def load_roles(folder: Path | None = None) -> dict[str, Role]:
    """All speaker roles from roles.yaml."""
    loc = load_yaml((folder or templates_dir()) / "roles.yaml", "角色文件", cached=True)
    if not isinstance(loc.data, dict) or not loc.data:
        raise loc.error((), "角色文件应当是“角色: 属性”的映射。")
    roles = {}
    for key, spec in loc.data.items():
        _require_fields(loc, (key,), spec, ("name", "title", "about"))
        aliases = spec.get("aliases") or []
        if not isinstance(aliases, list):
            raise loc.error((key, "aliases"), f"角色“{key}”的 aliases 应当是列表。")
        roles[str(key)] = Role(str(key), str(spec["name"]), tuple(str(a) for a in aliases), str(spec["title"]), str(spec["about"]),
                               str(spec["chief"]) if spec.get("chief") else None,
                               str(spec["follows"]) if spec.get("follows") else None)
    for role in roles.values():
        if role.follows is not None and (role.follows not in roles or role.follows == role.key):
            raise loc.error((role.key, "follows"), f"角色“{role.key}”的 follows 应当是另一个角色的名称，现在是“{role.follows}”。",
                            hint=f"可用的角色：{'、'.join(roles)}。")
    return roles


def resolve_role(name: str) -> str:
    """A role key ('secretary', 'deputy' …) from its key, Chinese name or alias."""
    n = str(name).strip()
    roles = load_roles()
    for role in roles.values():
        if n.lower() == role.key or n == role.name or n in role.aliases:
            return role.key
    choices = "、".join(f"{r.key}（{r.name}，{r.about}）" for r in roles.values())
    raise InputError(f"不认识的讲话人角色“{n}”。可选：{choices}。")


class Event(NamedTuple):
    """What a speech dated between `start` and `end` says of its year (建党100周年, 党史学习教育…)."""

    start: dt.date
    end: dt.date
    text: str


class Dated(NamedTuple):
    """A wording that holds from `start` (to `end`, if given): eras.yaml's `greet` and `spirits`."""

    start: dt.date
    end: dt.date | None
    text: str


class Calendar(NamedTuple):
    """Founding year and congress cycle, for date-aware wording."""

    founded: int
    first_congress: int
    first_year: int
    interval: int
    month: int
    eras: tuple[Era, ...]
    held: tuple[tuple[int, dt.date], ...] = ()
    events: tuple[Event, ...] = ()
    greet: tuple[Dated, ...] = ()  # what a closing greets between two dates (建党90周年, 党的十八大)
    spirits: tuple[Dated, ...] = ()  # the congress and plenums whose spirit a speech studies, from when

    def opening(self, n: int) -> dt.date:
        """When congress n opened (or is expected to open)."""
        for k, day in self.held:
            if k == n:
                return day
        return dt.date(self.first_year + self.interval * (n - self.first_congress), self.month, 15)


@lru_cache(maxsize=4)
def load_calendar(folder: Path | None = None) -> Calendar:
    """Era profiles and the congress cycle from eras.yaml."""
    loc = load_yaml((folder or templates_dir()) / "eras.yaml", "时代背景文件", cached=True)
    d = loc.data
    _require_fields(loc, (), d, ("party_founded", "congress", "eras"))
    c = d["congress"]
    eras = []
    if not isinstance(d["eras"], list):
        raise loc.error(("eras",), "eras 应当是列表（每个时代以“- id: …”开头）。")
    for i, e in enumerate(d["eras"]):
        _require_fields(loc, ("eras", i), e, ("id", "from", "to", "guiding", "spirit"))
        if not isinstance(e["from"], dt.date) or not isinstance(e["to"], dt.date):
            raise loc.error(("eras", i), "from / to 应写成 YYYY-MM-DD 形式的日期。")
        eras.append(Era(str(e["id"]), e["from"], e["to"], str(e["guiding"]), str(e["spirit"])))
    _require_fields(loc, ("congress",), c, ("first_number", "first_year", "interval", "month"))
    try:
        held = tuple(sorted((int(k), v) for k, v in (c.get("held") or {}).items() if isinstance(v, dt.date)))
        return Calendar(
            int(d["party_founded"]), int(c["first_number"]), int(c["first_year"]), int(c["interval"]), int(c["month"]), tuple(eras), held,
            _events(loc, d.get("events") or []), _dated(loc, "greet", d.get("greet")), _dated(loc, "spirits", d.get("spirits")),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise loc.error(("congress",), f"party_founded 和 congress 中的年份、届次、月份都应当是整数（{exc}）。") from exc


def _events(loc: Located, raw: object) -> tuple[Event, ...]:
    if not isinstance(raw, list):
        raise loc.error(("events",), "events 应当是列表（每项以“- from: …”开头）。")
    out = []
    for i, e in enumerate(raw):
        _require_fields(loc, ("events", i), e, ("from", "to", "text", "source"))
        if not isinstance(e["from"], dt.date) or not isinstance(e["to"], dt.date):
            raise loc.error(("events", i), "from / to 应写成 YYYY-MM-DD 形式的日期。")
        out.append(Event(e["from"], e["to"], str(e["text"])))
    return tuple(out)


def _dated(loc: Located, key: str, raw: object) -> tuple[Dated, ...]:
    """eras.yaml's `greet` or `spirits` list (each item: from, optional to, text, source), checked."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise loc.error((key,), f"{key} 应当是列表（每项以“- from: …”开头）。")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not item.get("text") or not item.get("source"):
            raise loc.error((key, i), f"{key} 的每一项都要写 from、text 和 source（出处）。")
        start, end = item.get("from"), item.get("to")
        if not isinstance(start, dt.date) or not (end is None or isinstance(end, dt.date)):
            raise loc.error((key, i), "from / to 应写成 YYYY-MM-DD 形式的日期。")
        out.append(Dated(start, end, str(item["text"])))
    return tuple(sorted(out))


def _require_fields(loc: Located, kp: tuple, spec: object, fields: tuple[str, ...]) -> None:
    if not isinstance(spec, dict):
        raise loc.error(kp, f"“{'.'.join(map(str, kp)) or '文件'}”应当是一组“键: 值”。")
    for f in fields:
        if spec.get(f) in (None, ""):
            raise loc.error(kp, f"“{'.'.join(map(str, kp)) or '文件'}”缺少字段 {f}。")


def choices_text(kind: str, sep: str = "、") -> str:
    """The org types, themes or roles the data files define, as help texts and params.yaml
    comments list them: “school 中小学、university 高校…”. Adding one to the YAML adds it here."""
    if kind == "org":
        return sep.join(f"{k} {o.name}" for k, o in load_orgs().items())
    if kind == "role":
        return sep.join(f"{k} {r.name}（{r.about}）" for k, r in load_roles().items())
    return sep.join(t.key for t in load_themes().values() if len(t.parts) == 1)
