"""Names that are not the user's own: people (王书记, 李源潮部长), places (乌鲁木齐) and units built on them.

jieba's part-of-speech tags (nr person, ns place) find candidates but are noisy (师生, 重大意义 come
out as names), so a candidate must also fit a pattern: a surname starting a word and a title after
it, a tagged person name starting with a common surname, a bare byline under the title, or a
tagged place not in the genre whitelist. Names from params (unit, speaker, superior, …) never count.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from drafter.check.finding import Hit, quote
from drafter.check.structure import is_salutation
from drafter.textutil import LazyPattern

if TYPE_CHECKING:
    from drafter.check.context import Context

# Hanzi classes cost 1–3 ms each to compile (measured): compiled when first used, not at import.
_HAN = LazyPattern(r"^[\u4e00-\u9fff]+$")
_BYLINE = LazyPattern(r"^[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3}$")
_GENERIC_START = tuple("全本我各该外省市县区乡镇村")


@lru_cache(maxsize=1)
def _posseg() -> Any:
    """jieba's part-of-speech tagger over its own tables, loaded only when a paragraph needs it.

    jieba's start-up reads its prefix dictionary from a cache in the system temp folder and `import
    jieba.posseg` parses the whole 349,000-line dict.txt for the tags (~0.9 s together, ~150 MB).
    Here a tokenizer of check's own reads both tables from an SQLite copy in drafter's cache
    folder (DRAFTER_CACHE), word by word as the text asks; `jieba.posseg` is imported pointed at
    an empty dictionary, so it parses nothing. Segmentation and tags are jieba's, unchanged."""
    import importlib
    import os
    import sys

    from drafter.mine.words import import_jieba, tables

    jieba = import_jieba()
    freq, total, tags = tables()
    if "jieba.posseg" not in sys.modules:
        saved = jieba.dt.dictionary
        jieba.dt.dictionary = os.devnull  # what the module's own POSTokenizer() reads its tags from
        try:
            importlib.import_module("jieba.posseg")
        finally:
            jieba.dt.dictionary = saved
        jieba.posseg.dt.word_tag_tab = tags  # so that jieba.posseg.cut stays right for any other caller
    importlib.import_module("jieba.posseg")

    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    tk.dictionary = os.devnull
    tagger = jieba.posseg.POSTokenizer(tk)
    tagger.word_tag_tab = tags
    return tagger


@lru_cache(maxsize=1)
def _ns_words() -> frozenset[str]:
    """Words jieba's dictionary tags as places (ns), kept in drafter's cache (a few ms to read)."""
    from drafter.cache import cached, file_stamp
    from drafter.mine.words import _dict_file, all_word_tags

    stamp = repr(file_stamp(_dict_file())).encode("utf-8")
    return cached("check-ns-words", stamp, lambda: frozenset(w for w, t in all_word_tags().items() if t == "ns"))


def _gate(cfg: dict[str, Any]) -> "re.Pattern[str]":
    """Where a name can start without the tagger's help: 王书记 / 书记潘留仙 / …大学 / a listed place."""
    sur = "".join(cfg["surnames"])
    titles = "|".join(sorted(map(re.escape, cfg["titles"]), key=len, reverse=True))
    inst = "|".join(map(re.escape, cfg["institutions"]))
    places = "|".join(sorted(map(re.escape, cfg.get("places", [])), key=len, reverse=True)) or "(?!)"
    # 扩大学习, 大学生: 大学/中学/小学 followed by 习 or 生 are other words, not a school's name.
    return re.compile(rf"[{sur}][\u4e00-\u9fff]{{0,2}}?(?:{titles})|(?:{titles})[{sur}]|[\u4e00-\u9fff](?:{inst})(?![习生])|{places}")


def _maybe_names(text: str, gate: "re.Pattern[str]", cfg: dict[str, Any]) -> bool:
    """Whether `text` can hold a candidate at all (so the tagger is loaded only for texts that may)."""
    if gate.search(text):
        return True
    ns = None
    for suffix in cfg["unit_suffixes"]:
        i = text.find(suffix)
        while i >= 2:
            ns = ns if ns is not None else _ns_words()
            if any(text[i - k : i] in ns for k in range(2, min(i, 6) + 1)):
                return True  # 鄂尔多斯市, 东胜区: a tagged place before a unit suffix
            i = text.find(suffix, i + 1)
    return False


# What jieba's tagger segments on its own: runs of these characters (posseg's re_han_internal);
# everything between them is punctuation or space, which never joins two runs into one word.
_BLOCK = LazyPattern(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._]+")


def tokens(text: str, keep: Any = None) -> list[tuple[str, str, int]]:
    """(word, tag, start offset) for each jieba token of the runs of `text` that `keep(start, end)`
    accepts (all when None): jieba tags each run on its own, so the others can be skipped."""
    out = []
    for m in _BLOCK.finditer(text):
        if keep is not None and not keep(m.start(), m.end()):
            continue
        pos = m.start()
        for pair in _posseg().cut(m.group()):
            out.append((pair.word, pair.flag, pos))
            pos += len(pair.word)
    return out


def candidates(text: str, cfg: dict[str, Any], keep: Any = None) -> Iterator[tuple[str, int, int, str]]:
    """(name, start, end, kind) for each name-like span in one paragraph (in its runs `keep` accepts)."""
    surnames, allow = set(cfg["surnames"]), set(cfg["allow"])
    titles = tuple(sorted(cfg["titles"], key=len, reverse=True))
    toks = tokens(text, keep)
    places = set(cfg.get("places", []))
    institutions = tuple(cfg["institutions"])
    units = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(map(re.escape, institutions))})")
    for w, tag, pos in toks:
        rest = text[pos + len(w) :]
        if w in allow or not _HAN.match(w):
            continue
        title = next((t for t in titles if rest.startswith(t)), None)
        if title and w[0] in surnames and len(w) <= 3 and not rest.startswith(title + "们") and _namelike(w, tag):
            yield w + title, pos, pos + len(w) + len(title), "person"  # 王书记, 李源潮部长
        elif tag == "nr" and len(w) == 3 and w[0] in surnames and _rare(w[1:]):
            yield w, pos, pos + len(w), "person"  # 潘留仙 (but not 高水平: 水平 is a common word)
        elif tag == "ns" and len(w) >= 2 and not w.startswith(_GENERIC_START):
            suffix = next((s for s in cfg["unit_suffixes"] if rest.startswith(s)), "")
            unit = units.match(rest) if not suffix else None
            if unit:  # 湖南涉外经济学院
                yield w + unit.group(), pos, pos + len(w) + unit.end(), "place"
            elif suffix or w in places:  # 湖南, 乌鲁木齐市 (but not 城市, 深度: common words jieba tags ns)
                yield w + suffix, pos, pos + len(w) + len(suffix), "place"
        elif tag == "nt" and w.endswith(institutions) and len(w) > 2 and w not in allow:
            yield w, pos, pos + len(w), "place"  # 清华大学
        elif tag == "nr" and w.endswith(titles) and w[0] in surnames and len(w) - _title_len(w, titles) in (1, 2, 3):
            name = w[: len(w) - _title_len(w, titles)]
            yield name, pos, pos + len(name), "person"  # jieba kept 王书记 as one token


_FUNCTION_TAGS = ("p", "c", "d", "r", "u", "v", "m", "f")  # 向书记汇报, 于书记, 任何同志: not surnames


def _namelike(word: str, tag: str) -> bool:
    """A surname alone (王), or a tagged / unknown full name (李源潮), not a common word (任何)."""
    if tag.startswith("nr"):
        return True
    if len(word) == 1:
        return not tag.startswith(_FUNCTION_TAGS)
    return _rare(word) and _rare(word[1:])


def _rare(word: str) -> bool:
    """Not a common word in jieba's dictionary (a given name, not 水平 or 素质)."""
    return int(_posseg().tokenizer.FREQ.get(word, 0)) < 50


def _title_len(w: str, titles: tuple[str, ...]) -> int:
    return next((len(t) for t in titles if w.endswith(t)), 0)


def _is_byline(text: str, cfg: dict[str, Any]) -> bool:
    """A short line that is only a person's name (spaced out like 罗 之 仁, or tagged as a name)."""
    if not _BYLINE.match(text) or text[0] not in cfg["surnames"]:
        return False
    return " " in text or "\u3000" in text or [t for _, t, _ in tokens(text)] == ["nr"]


def _bare(name: str, titles: tuple[str, ...]) -> str:
    """李源潮部长 → 李源潮."""
    bare = re.sub(r"\s+", "", name)
    for t in sorted(titles, key=len, reverse=True):
        if bare.endswith(t) and len(bare) > len(t):
            return bare[: -len(t)]
    return bare


def _own(name: str, own: tuple[str, ...], titles: tuple[str, ...] = ()) -> bool:
    bare = re.sub(r"\s+", "", name)
    for t in sorted(titles, key=len, reverse=True):
        if bare.endswith(t) and len(bare) > len(t):
            bare = bare[: -len(t)]
            break
    return any(bare in o or (len(o) >= 2 and o in bare) for o in (re.sub(r"\s+", "", x) for x in own))


def leader_names(ctx: "Context") -> set[str]:
    """National leaders (leaders.yaml): never a foreign name, whatever the speech."""
    return set((ctx.config.get("leaders") or {}).get("leaders", {}))


def own_lines(ctx: "Context") -> tuple[str, ...]:
    """The title and the speaker/date lines: places and units named there are the speech's own."""
    body = ctx.body
    if len(body) < 2 or len(body[0].text) > 50 or re.search(r"[。；！？]", body[0].text):
        return ()  # no title: a fragment, or a text that starts with its body
    out = [body[0].text]
    for p in body[1:6]:
        if is_salutation(p.text) or len(p.text) > 40 or re.search(r"[。；]", p.text):
            break
        out.append(p.text)
    return tuple(out)


def foreign(ctx: "Context") -> Iterator[Hit]:
    """One finding per distinct foreign name, at its first occurrence."""
    cfg = ctx.config["names"]
    found: dict[str, list[Any]] = {}
    todo = [p for p in ctx.body if not ctx.facts.is_drafted(p.text)]
    if not todo:
        return  # all drafter's own composed text: nothing to search (and no gate to compile)
    leaders = leader_names(ctx)
    titles = tuple(cfg["titles"])
    lines = own_lines(ctx)
    gate = _gate(cfg)
    own = [re.sub(r"\s+", "", x) for x in ctx.facts.names if len(re.sub(r"\s+", "", x)) >= 2]
    for k, p in enumerate(ctx.body):
        if ctx.facts.is_drafted(p.text):
            continue  # drafter's own composed text: its names are params' or none (phrasebank tests)
        if k < 12 and _is_byline(p.text, cfg) and not _own(p.text, ctx.facts.names):
            found.setdefault(p.text, [p, 0, len(p.text), "person", 0])[4] += 1  # a byline: 罗 之 仁
            continue
        masked = p.text
        for o in own:
            masked = masked.replace(o, "　" * len(o))
        for line in lines:  # the title's and speaker line's own names (城东中学) need no tagger either
            for m in gate.finditer(masked):
                if m.group() in line:
                    masked = masked[: m.start()] + "　" * len(m.group()) + masked[m.end() :]

        def keep(a: int, b: int, masked: str = masked) -> bool:
            return _maybe_names(masked[a:b], gate, cfg)

        if not keep(0, len(masked)):
            continue
        for name, a, b, kind in candidates(p.text, cfg, keep):
            if name in cfg["allow"] or _own(name, ctx.facts.names, titles):
                continue
            if _bare(name, titles) in leaders:
                continue  # 胡锦涛总书记, 李源潮部长: see date.leader for titles that do not fit the date
            if kind == "place" and any(name in line for line in lines):
                continue  # the unit's own county, named in the title
            found.setdefault(name, [p, a, b, kind, 0])[4] += 1
    kinds = {"person": "人名", "place": "地名或单位名"}
    for name, (p, a, b, kind, n) in found.items():
        times = f"（共 {n} 处）" if n > 1 else ""
        yield Hit(p, quote(p.text, a, b), f"{kinds[kind]}“{name}”不是本单位的{times}，可能是别的讲话稿留下的",
                  "换成本单位的名称、人名，或在 params.yaml 中填写；确属本单位的，可加入 check.yaml 的 names: +allow: 列表。")
