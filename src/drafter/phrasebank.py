"""phrasebank.yaml: the phrases drafts are made of, validated on load into frozen Phrase objects."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from drafter.data import phrasebank_path
from drafter.textutil import LazyPattern
from drafter.yamlio import Located, decode_bytes, parse_yaml, read_bytes

_ID = re.compile(r"^[a-z][a-z0-9_.\-]*$")
_SOURCE = re.compile(r"^[^:\s]+\.(txt|docx|html?|md):\d+$")
TAG_KEYS = ("orgs", "roles", "themes", "eras")
ENTRY_KEYS = ("id", "slot", "text", "source", "title", "short", "more", "same", "tags", "changes", "confidence", "why",
              "facts")


# A NamedTuple, not a frozen dataclass: ~0.2 ms a class instead of ~1 ms at import (Python 3.11).
class Phrase(NamedTuple):
    """One phrasebank entry."""

    id: str
    slot: str
    text: str
    sources: tuple[str, ...]  # "file:line" or "authored"
    title: str | None = None
    short: str | None = None
    orgs: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    eras: tuple[str, ...] = ()
    # Paragraphs that deepen the point in a longer speech, in order: a 40-minute draft says more
    # about each idea instead of adding ideas.
    more: tuple[str, ...] = ()
    # Ids (or id prefixes: "link.1" is link.1.a, link.1.b …) of entries that make the same point in
    # other words: a draft uses at most one of them (a deputy's "完成公开承诺" after "公开承诺").
    same: tuple[str, ...] = ()

    def fits(self, org: str, role: str, themes: tuple[str, ...], era: str) -> bool:
        """Whether this phrase may be used in a draft for this org, role, theme(s) and era."""
        return (
            (not self.orgs or org in self.orgs)
            and (not self.roles or role in self.roles)
            and (not self.themes or any(t in self.themes for t in themes))
            and (not self.eras or era in self.eras)
        )

    @property
    def authored(self) -> bool:
        """Written by an editor rather than mined from a source line."""
        return self.sources == ("authored",)


class Phrasebank:
    """All phrases, by id and by slot. The indexes are built on first use and kept on the instance
    (and pickled with it): planning asks for ids and slots thousands of times a batch."""

    def __init__(self, phrases: tuple[Phrase, ...], path: Path, overlaps: dict[str, frozenset[str]] | None = None) -> None:
        self.phrases = phrases
        self.path = path
        self._by_id: dict[str, Phrase] | None = None
        self._order: dict[str, int] | None = None
        self._by_slot: dict[str, tuple[Phrase, ...]] | None = None
        self._overlaps = overlaps
        self._usable: dict[tuple[str, str, str, tuple[str, ...], str], tuple[Phrase, ...]] = {}
        # An outline ref ('sig.x/more2') → its phrase, depth and what compose derives from the phrase
        # alone (filled by compose): every draft of a batch looks the same refs up ~50 times.
        self.refs: dict[str, Any] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (the compiled data, the cache) as its phrases, path and same-idea index: the other
        # indexes are rebuilt on use, so a pickle never depends on them.
        return (Phrasebank, (self.phrases, self.path, self._overlaps))

    def __repr__(self) -> str:
        return f"Phrasebank({self.path}, {len(self.phrases)} phrases)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phrasebank):
            return NotImplemented
        return (self.phrases, self.path) == (other.phrases, other.path)

    __hash__ = None  # type: ignore[assignment]

    @property
    def by_id(self) -> dict[str, Phrase]:
        """The phrases by id."""
        if self._by_id is None:
            self._by_id = {p.id: p for p in self.phrases}
        return self._by_id

    @property
    def order(self) -> dict[str, int]:
        """Each phrase's position in the file (a grouped run keeps file order: built once, not per draft)."""
        if self._order is None:
            self._order = {p.id: i for i, p in enumerate(self.phrases)}
        return self._order

    def get(self, pid: str) -> Phrase | None:
        """The phrase with this id, or None."""
        return self.by_id.get(pid)

    def in_slot(self, slot: str) -> tuple[Phrase, ...]:
        """The phrases of `slot`, in file order."""
        if self._by_slot is None:
            index: dict[str, list[Phrase]] = {}
            for p in self.phrases:
                index.setdefault(p.slot, []).append(p)
            self._by_slot = {k: tuple(v) for k, v in index.items()}
        return self._by_slot.get(slot, ())

    def for_slot(self, slot: str, org: str, role: str, themes: tuple[str, ...], era: str) -> list[Phrase]:
        """The phrases of `slot` usable in this draft, in the order of their ids (a new list: callers
        shuffle it; not the file's order, so that moving an entry in the file, which sets the order
        some points are spoken in, does not change which ones a seed chooses).
        Kept per kind of draft: a batch asks the same few dozen questions for every row of an org
        type (filtering every time was ~10 % of composing a draft, measured)."""
        key = (slot, org, role, themes, era)
        found = self._usable.get(key)
        if found is None:
            found = self._usable[key] = tuple(sorted((p for p in self.in_slot(slot) if p.fits(org, role, themes, era)),
                                                     key=lambda p: p.id))
        return list(found)

    def overlaps(self) -> dict[str, frozenset[str]]:
        """For every phrase, the phrases that share a run of `SAME_IDEA` Han characters with it (its
        title, text and `more` paragraphs; template variables and punctuation ignored): a draft that
        used both would say one thing twice. Computed once per phrasebank and kept with the
        validated phrases (the packaged bank's ships compiled: 0.3 s of a first `drafter new`)."""
        if self._overlaps is None:
            self._overlaps = _overlaps(self.phrases)
        return self._overlaps


SAME_IDEA = 12  # Han characters: two phrases sharing a run this long say the same thing
TEMPLATE_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")  # a phrase's template code, not its words
_NOT_HAN = LazyPattern(r"[^\u4e00-\u9fff]")  # compiled only when the index is built, never on a render


def _overlaps(phrases: tuple[Phrase, ...]) -> dict[str, frozenset[str]]:
    grams: dict[str, set[str]] = {}
    for p in phrases:
        text = _NOT_HAN.sub("", TEMPLATE_TAGS.sub("", "。".join((p.title or "", p.text, *p.more))))
        grams[p.id] = {text[i : i + SAME_IDEA] for i in range(len(text) - SAME_IDEA + 1)}
    owners: dict[str, set[str]] = {}
    for pid, gs in grams.items():
        for g in gs:
            owners.setdefault(g, set()).add(pid)
    out: dict[str, set[str]] = {pid: set() for pid in grams}
    for ids in owners.values():
        if 1 < len(ids) < 40:  # a run in 40 phrases is a canonical formulation, not a repeated idea
            for pid in ids:
                out[pid] |= ids - {pid}
    for p in phrases:  # the same point in other words, as the phrasebank declares it (both ways)
        for ref in p.same:
            for other in (q.id for q in phrases if q.id == ref or q.id.startswith(ref + ".")):
                if other != p.id:
                    out[p.id].add(other)
                    out[other].add(p.id)
    return {pid: frozenset(ids) for pid, ids in out.items()}


@lru_cache(maxsize=4)
def load_phrasebank(path: Path | None = None) -> Phrasebank:
    """Load and validate phrasebank.yaml (the packaged one by default).

    The validated phrases come from drafter's on-disk cache when the file's bytes are unchanged
    (drafter.cache): validating means parsing every phrase with Jinja, which with the YAML parse
    was most of a cold `drafter render`, and needed both libraries imported."""
    from drafter.cache import cached

    path = path or phrasebank_path()
    what = "语料库文件"
    raw = read_bytes(path, what)
    def build() -> tuple[tuple[Phrase, ...], dict[str, frozenset[str]]]:
        bank = phrasebank_from_located(parse_yaml(decode_bytes(raw, path, what), path, what))
        return bank.phrases, bank.overlaps()

    phrases, overlaps = cached("phrasebank", raw, build)
    bank = Phrasebank(phrases, path)
    object.__setattr__(bank, "_overlaps", overlaps)
    return bank


def phrasebank_from_located(loc: Located) -> Phrasebank:
    """Validate parsed phrasebank YAML: a list of entries with the documented schema."""
    if not isinstance(loc.data, list) or not loc.data:
        raise loc.error((), "语料库应当是条目列表（每条以“- id: …”开头）。")
    seen: dict[str, int] = {}
    phrases = []
    for i, entry in enumerate(loc.data):
        phrases.append(_entry(loc, i, entry, seen))
    return Phrasebank(tuple(phrases), loc.path)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _check_text(loc: Located, kp: tuple, name: str, text: str) -> None:
    """Refuse, with the entry named, text Word cannot hold or a template Jinja cannot parse:
    found on load, rather than half-way through rendering someone's draft."""
    from jinja2 import Environment, TemplateSyntaxError

    if _XML_BAD.search(text):
        raise loc.error(kp, f"{name} 含有 Word 文档不允许的控制字符。", hint="请删除这些字符（多为复制粘贴带入）。")
    try:
        Environment().parse(text)
    except TemplateSyntaxError as exc:
        raise loc.error(kp, f"{name} 的模板写法有误：{exc.message}", hint="变量写成 {{ unit }} 这样，花括号要成对。") from exc


def _entry(loc: Located, i: int, e: Any, seen: dict[str, int]) -> Phrase:
    kp: tuple = (i,)
    if not isinstance(e, dict):
        raise loc.error(kp, f"第 {i + 1} 个条目应当是“键: 值”的映射。")
    name = f"条目 {e.get('id', i + 1)}"
    for key in e:
        if key not in ENTRY_KEYS:
            raise loc.error(kp + (key,), f"{name}：未知的字段“{key}”。", hint=f"可用字段：{'、'.join(ENTRY_KEYS)}。")
    for key in ("id", "slot", "text", "source"):
        if e.get(key) in (None, "", []):
            raise loc.error(kp, f"{name}：缺少必填字段 {key}。")
    pid = str(e["id"])
    if not _ID.match(pid):
        raise loc.error(kp + ("id",), f"{name}：id 只能用小写字母、数字、点、下划线和连字符，且以字母开头。")
    if pid in seen:
        raise loc.error(kp + ("id",), f"{name}：id 与第 {seen[pid]} 行的条目重复。")
    seen[pid] = loc.line_of(kp) or 0
    for key in ("text", "title", "short", "slot"):
        if key in e and e[key] is not None and not isinstance(e[key], str):
            quote = "以 { 或 [ 开头的文字要整体加引号，如 text: \"{{ unit }}……\"。" if isinstance(e[key], (dict, list)) else None
            raise loc.error(kp + (key,), f"{name}：{key} 应当是文字。", hint=quote)
    raw_src = e["source"] if isinstance(e["source"], list) else [e["source"]]
    sources = tuple(str(s) for s in raw_src)
    for s in sources:
        if s != "authored" and not _SOURCE.match(s):
            raise loc.error(kp + ("source",), f"{name}：出处“{s}”应写成“文件名:行号”，编者补写的写 authored。")
    tags = e.get("tags") or {}
    if not isinstance(tags, dict) or any(k not in TAG_KEYS for k in tags):
        raise loc.error(kp + ("tags",), f"{name}：tags 只能包含 {'、'.join(TAG_KEYS)}。")
    for k, v in tags.items():
        if not isinstance(v, list):
            raise loc.error(kp + ("tags", k), f"{name}：tags.{k} 应当是列表，如 [school, agency]。")
    for key in ("text", "title", "short"):
        if e.get(key):
            _check_text(loc, kp + (key,), f"{name} 的 {key}", e[key])
    more = e.get("more") or []
    if not isinstance(more, list) or not all(isinstance(m, str) and m.strip() for m in more):
        raise loc.error(kp + ("more",), f"{name}：more 应当是文字段落的列表，每段一项。")
    for j, m in enumerate(more):
        _check_text(loc, kp + ("more", j), f"{name} 的 more 第 {j + 1} 段", m)
    same = e.get("same") or []
    if not isinstance(same, list) or not all(isinstance(x, str) and _ID.match(x) for x in same):
        raise loc.error(kp + ("same",), f"{name}：same 应当是条目编号（或编号前缀）的列表，如 [link.1]。")
    facts = e.get("facts") or []
    if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
        raise loc.error(kp + ("facts",), f"{name}：facts 应当是事实出处的列表，如 [新华社 2025-10-23 公报]。")
    tag = {k: tuple(str(x) for x in (tags.get(k) or [])) for k in TAG_KEYS}
    return Phrase(
        id=pid, slot=str(e["slot"]), text=str(e["text"]).strip(), sources=sources,
        title=(str(e["title"]).strip() if e.get("title") else None),
        short=(str(e["short"]).strip() if e.get("short") else None),
        more=tuple(m.strip() for m in more), same=tuple(same), **tag,
    )
