"""params.yaml: every value a draft is made from, validated on load, written back with Chinese comments."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

from drafter.errors import InputError
from drafter.textutil import LazyPattern
from drafter.yamlio import Located, did_you_mean, load_yaml

PARAMS_NAME = "params.yaml"
MAX_TEXT = 2000  # characters in one value: longer is certainly a paste accident
MIN_MINUTES, MAX_MINUTES = 5, 40
# What XML 1.0 forbids: C0 controls except tab/newline/CR, lone surrogates (undecodable command-line
# bytes arrive as these), and U+FFFE/U+FFFF.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# NamedTuples rather than frozen dataclasses: ~0.2 ms a class instead of ~1 ms (Python 3.11), paid
# by every command at import.
class Point(NamedTuple):
    """One level-2 point of the outline: a phrase id, or the user's own text."""

    ref: str | None = None  # phrase id
    title: str | None = None  # user-written title
    text: str | None = None  # user-written body


class Section(NamedTuple):
    """One level-1 section of the outline."""

    key: str
    heading: str  # phrase id or literal heading text
    points: tuple[Point, ...]
    intro: str | None = None


class Outline(NamedTuple):
    """The speech's outline: which phrases go where, in which order."""

    opening: tuple[str, ...]
    sections: tuple[Section, ...]
    closing: tuple[str, ...]


@dataclass(frozen=True)
class Params:
    """All parameters of one draft (the keys of params.yaml)."""

    org: str = "school"
    theme: tuple[str, ...] = ("创先争优",)
    role: str = "secretary"
    unit: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    meeting: str | None = None
    superior: str | None = None
    secretary: str | None = None
    before: str | None = None
    documents: tuple[tuple[str, str | None], ...] = ()
    audience: str = "同志们"
    date: dt.date = field(default_factory=dt.date.today)
    date_style: str = "arabic"
    minutes: int = 15
    rate: int = 200
    seed: int = 1
    priorities: tuple[str, ...] = ()
    slogan: str | None = None
    style_docx: str | None = None
    page_number: str = "outside"
    outline: Outline | None = None

    def plan_inputs(self) -> dict[str, Any]:
        """The values that decide the outline (if these change and the outline was not edited, re-plan)."""
        return {
            "org": self.org, "theme": list(self.theme), "role": self.role, "date": self.date.isoformat(),
            "minutes": self.minutes, "rate": self.rate, "seed": self.seed, "priorities": list(self.priorities),
        }


# key → (Chinese comment, kind). Order is the order in params.yaml.
SCHEMA: dict[str, tuple[str, str]] = {
    "org": ("组织类型：school 中小学 / university 高校 / agency 机关 / community 社区 / village 村党组织 / town 乡镇党委 / enterprise 非公企业 / hospital 医院", "org"),
    "theme": ("活动主题：创先争优 / 学习型党组织；两个都要时写成列表 [创先争优, 学习型党组织]", "theme"),
    "role": ("讲话人角色：secretary 书记（主讲话）/ deputy 副书记（在书记之后讲具体安排）", "role"),
    "unit": ("单位全称，如“某某市第一中学”；留空则稿中显示【待填：…】", "text"),
    "speaker": ("讲话人姓名；留空则显示【待填：讲话人姓名】", "text"),
    "speaker_title": ("讲话人职务，如“党委书记”；留空则按角色自动填写", "text"),
    "meeting": ("会议名称；留空则自动生成，如“某某中学创先争优活动动员大会”", "text"),
    "superior": ("上级党组织，如“市委教育工委”；留空则用通常说法", "text"),
    "secretary": ("（副书记讲话用）前面讲话的书记，如“张明”或“张书记”；留空则显示【待填：书记姓名】", "text"),
    "before": ("本讲话之前的议程，如“王明同志传达了上级会议精神”；写进开场，留空则显示【待填：…】", "text"),
    "documents": ("上级文件（列表），每项一个标题，或 {title: 标题, date: 日期}，如 [关于深入开展创先争优活动的实施意见]", "documents"),
    "audience": ("称呼，如“同志们”“各位领导、同志们”", "text"),
    "date": ("讲话日期 YYYY-MM-DD：决定建党周年数、党代会届次和时代表述", "date"),
    "date_style": ("日期写法：arabic 2026年5月8日 / chinese 二〇二六年五月八日", "choice:arabic,chinese"),
    "minutes": ("讲话时长（分钟，5–40）：稿子按语速增减要点", "int:5:40"),
    "rate": ("语速（每分钟字数，常用 180–220）", "int:100:400"),
    "seed": ("随机种子：相同参数和种子得到完全相同的稿子，换一个数换一种写法", "int:0:999999999"),
    "priorities": ("本单位当前的重点工作（列表），写进“结合实际”部分，如 [迎接教学评估, 建设平安校园]", "list"),
    "slogan": ("本单位活动口号（可选），写进讲话中", "text"),
    "style_docx": ("（可选）本单位的 Word 模板 .docx 路径：使用其中的样式", "text"),
    "page_number": ("页码位置：outside 单页右、双页左（GB/T 9704）/ center 居中", "choice:outside,center"),
    "outline": ("讲话提纲：各部分及其要点（短语编号或自己写的文字），可调整顺序、删除或增加", "outline"),
}


def load_params(path: Path) -> Params:
    """Read and validate params.yaml; every problem names the file, the line and the key."""
    loc = load_yaml(path, "参数文件", cached=True)
    return params_from_located(loc)


def params_from_located(loc: Located) -> Params:
    """Validate already-parsed params YAML."""
    data = loc.data
    if data is None:
        raise loc.error((), "参数文件是空的。", hint="用 drafter new 重新生成一份，或参照 examples/ 中的示例填写。")
    if not isinstance(data, dict):
        raise loc.error((), "参数文件应当是“键: 值”的映射，而不是列表或单个值。", hint="参照 examples/ 中的示例。")
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in SCHEMA:
            guess = did_you_mean(str(key), list(SCHEMA))
            raise loc.error(
                (key,), f"未知的参数“{key}”。",
                hint=(f"您是不是想写“{guess}”？" if guess else "") + f"可用的参数：{'、'.join(SCHEMA)}。",
            )
        if raw is None or raw == "":
            continue  # empty = default
        values[key] = _convert(loc, key, raw)
    if "theme" in values and isinstance(values["theme"], str):
        values["theme"] = (values["theme"],)
    return Params(**values)


def _convert(loc: Located, key: str, raw: Any) -> Any:
    kind = SCHEMA[key][1]
    if kind in ("text", "org", "role"):
        return clean_text(loc, (key,), raw)
    if kind == "theme":
        items = raw if isinstance(raw, list) else [raw]
        # An empty item ([创先争优, ~], a trailing comma) is no theme: left out, not named "None".
        themes = tuple(clean_text(loc, (key, i), x) for i, x in enumerate(items) if x not in (None, ""))
        if not themes:
            raise loc.error((key,), "theme 中没有填写任何活动主题。", hint="例如：theme: [创先争优]；留空整个 theme 则使用默认主题。")
        return themes
    if kind == "list":
        items = raw if isinstance(raw, list) else [raw]
        return tuple(clean_text(loc, (key, i), x) for i, x in enumerate(items) if x not in (None, ""))
    if kind == "date":
        return parse_date(raw, loc, (key,))
    if kind.startswith("int:"):
        _, lo, hi = kind.split(":")
        return parse_int(raw, int(lo), int(hi), loc, (key,))
    if kind.startswith("choice:"):
        choices = kind.split(":", 1)[1].split(",")
        val = str(raw).strip().lower()
        if val not in choices:
            raise loc.error((key,), f"“{key}”只能是 {' / '.join(choices)}，不能是“{raw}”。")
        return val
    if kind == "outline":
        return parse_outline(loc, raw)
    if kind == "documents":
        return _documents(loc, key, raw)
    raise AssertionError(kind)


def _documents(loc: Located, key: str, raw: Any) -> tuple[tuple[str, str | None], ...]:
    """documents: a list whose items are a title, or {title, date}."""
    out: list[tuple[str, str | None]] = []
    for i, item in enumerate(raw if isinstance(raw, list) else [raw]):
        if item in (None, ""):
            continue
        if isinstance(item, dict):
            bad = [k for k in item if k not in ("title", "date")]
            if bad or not item.get("title"):
                raise loc.error((key, i), "上级文件请写成标题，或 {title: 标题, date: 日期}（title 必填）。")
            day = item.get("date")
            when = f"{day.year}年{day.month}月{day.day}日" if isinstance(day, dt.date) else (clean_text(loc, (key, i, "date"), day) if day else None)
            out.append((clean_text(loc, (key, i, "title"), item["title"]), when))
        else:
            out.append((clean_text(loc, (key, i), item), None))
    return tuple(out)


def clean_text(loc: Located | None, kp: tuple, raw: Any, warnings: list[str] | None = None) -> str:
    """A user text value: any scalar as text, not absurdly long, without the characters XML forbids
    (Word could not open the file). Each removal is noted on `loc.warnings` (or `warnings`)."""
    if isinstance(raw, (dict, list)):
        msg = f"“{'.'.join(map(str, kp))}”应当是一段文字，不能是列表或映射。"
        raise loc.error(kp, msg) if loc else InputError(msg)
    if isinstance(raw, bool):
        raw = "是" if raw else "否"
    text = str(raw)
    if len(text) > MAX_TEXT:
        msg = f"“{'.'.join(map(str, kp))}”太长（{len(text)} 字），最多 {MAX_TEXT} 字。"
        raise loc.error(kp, msg, hint="请检查是否误粘贴了整篇文字。") if loc else InputError(msg)
    cleaned, removed = _XML_BAD.subn("", text)
    if removed:
        msg = f"“{'.'.join(map(str, kp))}”中有 {removed} 个 Word 文档不允许的控制字符，已删除。"
        if loc is not None:
            loc.warn(kp, msg)
        elif warnings is not None:
            warnings.append(f"注意：{msg}")
    return cleaned.strip()


def _brief(value: Any) -> str:
    """A wrong value as the user wrote it, short enough for a message."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def parse_int(raw: Any, lo: int, hi: int, loc: Located | None, kp: tuple) -> int:
    """An integer within [lo, hi], or a Chinese message saying what is wrong."""
    key = ".".join(map(str, kp))
    val = _as_int(raw)
    if val is None:
        msg = f"“{key}”应当是整数（阿拉伯数字），不能是“{raw}”。"
        raise loc.error(kp, msg, hint=f"例如：{key}: {max(lo, min(15, hi))}") if loc else InputError(msg)
    if not lo <= val <= hi:
        msg = f"“{key}”应在 {lo} 到 {hi} 之间，现在是 {val}。"
        raise loc.error(kp, msg) if loc else InputError(msg)
    return val


_INT = re.compile(r"^[-+]?\d+$")


def _as_int(raw: Any) -> int | None:
    """An int from an int or digit text (full-width digits too), else None. `str.isdigit` alone is
    not enough: it accepts '²', which int() refuses."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and _INT.match(raw.strip()):
        try:
            return int(raw.strip())
        except ValueError:
            return None
    return None


_CN_DATE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


def parse_date(raw: Any, loc: Located | None = None, kp: tuple = ("date",)) -> dt.date:
    """A date from YYYY-MM-DD, 2026年5月8日 or 2026/5/8; impossible dates are refused."""
    key = ".".join(map(str, kp))
    if isinstance(raw, dt.date):  # YAML read it as a date already; still check the year
        return _check_year(raw.date() if isinstance(raw, dt.datetime) else raw, loc, kp)
    m = _CN_DATE.match(str(raw).strip())
    if not m:
        msg = f"“{key}”不是日期：“{raw}”。"
        raise loc.error(kp, msg, hint="请写成 YYYY-MM-DD，如 2026-05-08。") if loc else InputError(msg, hint="请写成 YYYY-MM-DD，如 2026-05-08。")
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        msg = f"“{key}”是不存在的日期：“{raw}”。"
        raise loc.error(kp, msg, hint="请检查月份和日子（如 2 月没有 30 日）。") if loc else InputError(msg)
    return _check_year(day, loc, kp)


def _check_year(day: dt.date, loc: Located | None, kp: tuple) -> dt.date:
    """Speeches are dated within the People's Republic and this century: other years are typos."""
    if not 1949 <= day.year <= 2100:
        msg = f"“{'.'.join(map(str, kp))}”的年份 {day.year} 不合理（应在 1949 到 2100 之间）。"
        raise loc.error(kp, msg) if loc else InputError(msg)
    return day


def parse_outline(loc: Located, raw: Any) -> Outline:
    """The outline mapping: opening, sections (heading, intro, points), closing."""
    if not isinstance(raw, dict):
        raise loc.error(("outline",), "outline 应当包含 opening、sections、closing 三项。", hint="删除整个 outline 段落即可让 drafter 重新生成。")
    for k in raw:
        if k not in ("opening", "sections", "closing"):
            guess = did_you_mean(str(k), ["opening", "sections", "closing"])
            raise loc.error(("outline", k), f"outline 中未知的项“{k}”。", hint=f"您是不是想写“{guess}”？" if guess else "可用：opening、sections、closing。")
    sections = []
    raw_sections = raw.get("sections") or []
    if not isinstance(raw_sections, list):
        raise loc.error(("outline", "sections"), f"outline.sections 应当是列表（每部分一项，以“- section:”开头），不能是“{_brief(raw_sections)}”。",
                        hint="删除整个 outline 段落即可让 drafter 重新生成。")
    for i, sec in enumerate(raw_sections):
        kp = ("outline", "sections", i)
        if not isinstance(sec, dict) or not sec.get("heading"):
            raise loc.error(kp, "提纲的每一部分都要有 heading（一级标题：短语编号或文字）。")
        for k in sec:
            if k not in ("section", "heading", "intro", "points"):
                guess = did_you_mean(str(k), ["section", "heading", "intro", "points"])
                raise loc.error(kp + (k,), f"提纲中未知的项“{k}”。", hint=f"您是不是想写“{guess}”？" if guess else None)
        points = []
        raw_points = sec.get("points") or []
        if not isinstance(raw_points, list):
            raise loc.error(kp + ("points",), f"points 应当是要点的列表（每个要点一行，以“- ”开头），不能是“{_brief(raw_points)}”。",
                            hint="例如 points: [sig.advanced, sig.identity]，或删除整个 outline 段落让 drafter 重新生成。")
        for j, p in enumerate(raw_points):
            if isinstance(p, dict):
                bad = [k for k in p if k not in ("title", "text")]
                if bad or not p.get("text") or any(isinstance(p.get(k), (dict, list)) for k in ("title", "text")):
                    raise loc.error(kp + ("points", j), "自己写的要点请写成 {title: 小标题, text: 正文}（text 必填）。")
                points.append(Point(title=clean_text(loc, kp + ("points", j), p["title"]) if p.get("title") else None,
                                    text=clean_text(loc, kp + ("points", j), p["text"])))
            elif p not in (None, ""):
                points.append(_point_from_text(clean_text(loc, kp + ("points", j), p)))
        sections.append(Section(
            key=clean_text(loc, kp + ("section",), sec["section"]) if sec.get("section") else f"custom{i + 1}",
            heading=clean_text(loc, kp + ("heading",), sec["heading"]),
            intro=clean_text(loc, kp + ("intro",), sec["intro"]) if sec.get("intro") else None,
            points=tuple(points),
        ))
    def ids(key: str) -> tuple[str, ...]:
        val = raw.get(key) or []
        if not isinstance(val, list):
            raise loc.error(("outline", key), f"outline.{key} 应当是列表。")
        return tuple(clean_text(loc, ("outline", key, i), x) for i, x in enumerate(val) if x not in (None, ""))
    return Outline(opening=ids("opening"), sections=tuple(sections), closing=ids("closing"))


# “/short”: the phrase's shorter variant; “/more2”: its text and the first two paragraphs of `more`
_PHRASE_ID = re.compile(r"^[a-z][a-z0-9_.\-]*(/short|/more[1-9])?$")


def _point_from_text(text: str) -> Point:
    if _PHRASE_ID.match(text):
        return Point(ref=text)
    return Point(text=text)


def is_phrase_id(text: str) -> bool:
    """Whether an outline string is a phrase id (rather than the user's own words)."""
    return bool(_PHRASE_ID.match(text))


# ---------------------------------------------------------------- writing

def dump_params(params: Params, previews: dict[str, str] | None = None) -> str:
    """params.yaml text: every key with its Chinese comment and the value that produced the draft."""
    previews = previews or {}
    out = [
        "# drafter 讲话稿参数。修改后运行  drafter render <本文件夹>  重新生成讲话稿。",
        "# 留空的项使用默认值；稿中的【待填：…】表示需要您补充的信息。",
        "",
    ]
    for f in fields(Params):
        comment, _kind = SCHEMA[f.name]
        if f.name == "outline":
            continue
        comment = _data_comment(f.name) or comment
        value = getattr(params, f.name)
        out.append(f"# {comment}")
        out.append(f"{f.name}:{_yaml_value(value)}")
        out.append("")
    out.append(f"# {SCHEMA['outline'][0]}")
    out.append("# 要点写短语编号（# 后是预览），也可以直接写自己的一段话，或 {title: 小标题, text: 正文}。")
    out.append("# 删除整个 outline 段，drafter 会按时长和种子重新生成提纲。")
    out.extend(dump_outline(params.outline, previews) if params.outline else ["outline:"])
    return "\n".join(out) + "\n"


def _data_comment(key: str) -> str | None:
    """The comment of a key whose choices come from the data files (org types, themes, roles)."""
    from drafter.domain import choices_text

    if key == "org":
        return f"组织类型：{choices_text('org', ' / ')}"
    if key == "theme":
        return f"活动主题：{choices_text('theme', ' / ')}；两个都要时写成列表，如 [创先争优, 学习型党组织]"
    if key == "role":
        return f"讲话人角色：{choices_text('role', ' / ')}"
    return None


def dump_outline(outline: Outline, previews: dict[str, str]) -> list[str]:
    """The outline block of params.yaml."""
    # Previews are phrase text with the user's values filled in: as YAML comments they must stay on
    # one line and hold only characters YAML accepts, or params.yaml would not read back.
    previews = {k: _COMMENT_UNSAFE.sub(" ", v) for k, v in previews.items()}
    def item(text: str, indent: str) -> str:
        pv = previews.get(text)
        return f"{indent}- {_scalar(text)}" + (f"  # {pv}" if pv else "")

    lines = ["outline:", "  opening:"]
    lines += [item(x, "    ") for x in outline.opening]
    lines.append("  sections:")
    for sec in outline.sections:
        lines.append(f"    - section: {_scalar(sec.key)}")
        pv = previews.get(sec.heading)
        lines.append(f"      heading: {_scalar(sec.heading)}" + (f"  # {pv}" if pv else ""))
        if sec.intro:
            pv = previews.get(sec.intro)
            lines.append(f"      intro: {_scalar(sec.intro)}" + (f"  # {pv}" if pv else ""))
        lines.append("      points:")
        for p in sec.points:
            if p.ref:
                lines.append(item(p.ref, "        "))
            elif p.title:
                lines.append(f"        - {{title: {_scalar(p.title)}, text: {_scalar(p.text or '')}}}")
            else:
                lines.append(f"        - {_scalar(p.text or '')}")
    lines.append("  closing:")
    lines += [item(x, "    ") for x in outline.closing]
    return lines


def replace_outline(text: str, outline_lines: list[str]) -> str:
    """params.yaml text with only its `outline` key replaced by `outline_lines` (dump_outline's):
    every other key, the user's comments, their order, blank lines and line endings stay byte for
    byte. The outline is found with ruamel.yaml's round-trip parser (which keeps each key's line);
    user comments inside the old outline are kept at the top of the new one. A file without an
    outline gets one at the end."""
    from ruamel.yaml import YAML

    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    try:
        data = YAML(typ="rt").load(text)
        keys = list(data.keys()) if hasattr(data, "lc") else []
    except Exception:  # noqa: BLE001 - anything ruamel refuses: the caller's check reports it
        keys = []
    if "outline" not in keys:
        while lines and not lines[-1].strip():
            lines.pop()
        return newline.join(lines + ([""] if lines else []) + outline_lines) + newline
    start = data.lc.key("outline")[0]
    after = keys[keys.index("outline") + 1 :]
    end = data.lc.key(after[0])[0] if after else len(lines)
    content_end = start + 1
    for i in range(start + 1, end):
        line = lines[i]
        if line.strip() and not line.lstrip().startswith("#") and line[:1] in (" ", "\t", "-"):
            content_end = i + 1
    head = lines[start]
    first = outline_lines[0]
    if head.split("#", 1)[0].strip() == "outline:" and "#" in head:
        first = head  # the user's comment after `outline:` stays
    kept = ["  " + line.strip() for line in lines[start + 1 : content_end] if line.lstrip().startswith("#")]
    new = lines[:start] + [first] + kept + outline_lines[1:] + lines[content_end:]
    return newline.join(new) + (newline if text.endswith(("\n", "\r")) or not after else "")


def _yaml_value(value: Any) -> str:
    if value is None or value == ():
        return ""
    if isinstance(value, tuple):
        return " [" + ", ".join(_item(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return " " + value.isoformat()
    return " " + _scalar(value)


_PLAIN = LazyPattern(r"^[\w\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d\u300a\u300b（）、—…·. -]+$")
_COMMENT_UNSAFE = LazyPattern("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")  # writing params.yaml only
_YAML_UNSAFE = LazyPattern("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}


def _item(value: Any) -> str:
    """A list item: a scalar, or a (title, date) document written as {title: …, date: …}."""
    if isinstance(value, tuple):
        title, when = value
        return _scalar(title) if not when else f"{{title: {_scalar(title)}, date: {_scalar(when)}}}"
    return _scalar(value)


def _scalar(value: Any) -> str:
    """One YAML scalar, quoted only when it has to be (JSON strings are valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (
        _PLAIN.match(text) and text.strip() == text and text.lower() not in _YAML_WORDS
        and not text[0].isdigit() and not text.startswith(("-", "."))
    ):
        return text
    # JSON strings are YAML double-quoted scalars, except that YAML refuses raw C1 controls and
    # folds U+0085/U+2028/U+2029 as line breaks: escape those so the value reads back unchanged.
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(text, ensure_ascii=False))


def with_outline(params: Params, outline: Outline | None) -> Params:
    """A copy of `params` with another outline."""
    return replace(params, outline=outline)
