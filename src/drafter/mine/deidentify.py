"""Stage 4, de-identify: names of places, units and people, dates, head-counts, URLs and numbered
local campaigns become template parameters, or the sentence that carries them is dropped.

Evidence is combined, because each source alone is noisy:
- a gazetteer of administrative places (gazetteer.py);
- how speeches name people: a surname before a title (王书记, 李源潮部长) or a title before a name
  (党委书记张某某), checked against the segmenter's dictionary so that 全体同志 or 书记高度重视
  are not taken for names;
- how speeches name units: a place followed by a unit suffix (…区委, …学院, …局);
- the genre's own vocabulary (vocabulary.yaml: genre_whitelist, numbered_terms), never a list of
  names from any source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from drafter.mine.gazetteer import find_places
from drafter.mine.rules import vocabulary

CJK = "\u4e00-\u9fff"
_NUMERALS = "一二三四五六七八九十百千两双"
# Characters that cannot be part of a personal name (function words and organisation suffixes).
_NOT_NAME = set("的和与及在是了也都就对为从向把被等、，。；：“”（）《》委党部组局厅处科院校省市区县镇村乡")


@dataclass(frozen=True)
class Entity:
    """Something that identifies a source: kind is person, place, unit, date, number, url, campaign."""

    kind: str
    text: str
    start: int
    end: int


@dataclass
class Deidentified:
    """A sentence after de-identification: its new text, what changed, and why it must go (if so)."""

    text: str
    changes: list[str] = field(default_factory=list)
    drop: str | None = None


@dataclass(frozen=True)
class _Patterns:
    url: re.Pattern[str]
    title_after: re.Pattern[str]
    title_before: re.Pattern[str]
    unit_tail: re.Pattern[str]
    agency_unit: re.Pattern[str]
    superior_word: re.Pattern[str]
    self_words: re.Pattern[str]
    scope_words: re.Pattern[str]
    whitelist: re.Pattern[str]
    surnames: frozenset[str]
    numbered_ok: frozenset[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    vocab = vocabulary()
    titles = sorted(vocab["person_titles"], key=len, reverse=True)
    title_alt = "|".join(map(re.escape, titles))
    units = sorted(vocab["unit_suffixes"], key=len, reverse=True)
    return _Patterns(
        url=re.compile(vocab["url"]),
        title_after=re.compile(f"(?:{title_alt})(?!们)"),
        title_before=re.compile(f"(?:{title_alt})(?=[{vocab['surnames']}][{CJK}])"),
        unit_tail=re.compile(f"[{CJK}]{{0,8}}?(?:{'|'.join(map(re.escape, units))})"),
        agency_unit=re.compile(f"[省市区县](?![全我本各该])[{CJK}]{{2,4}}?(?:局|厅)(?!长)"),
        superior_word=re.compile(r"(?:\*\*[\u4e00-\u9fff]{0,2}?)?(?:自治区党委|[省市区县]委(?!员|会))"),
        self_words=re.compile("|".join(map(re.escape, vocab["self_words"]))),
        scope_words=re.compile("|".join(map(re.escape, vocab["scope_words"]))),
        whitelist=re.compile("|".join(map(re.escape, sorted(vocab["genre_whitelist"], key=len, reverse=True)))),
        surnames=frozenset(vocab["surnames"]),
        numbered_ok=frozenset(vocab["numbered_terms"]),
    )


# Dates and figures: a full date becomes {{ date_text }}; any other date or figure marks the sentence.
_FULL_DATE = re.compile(r"(?:\d{4}|20\*\*)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_DATE = re.compile(r"(?:\d{4}|20\*\*)\s*年(?:\s*\d{1,2}\s*月(?:份)?)?|\d{1,2}\s*月(?:份|\s*\d{1,2}\s*日|底|初|中旬)?")
_ANY_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*[%％]?")
_LOCAL_SESSION = re.compile(f"(?:[{_NUMERALS}]+届[{_NUMERALS}]+次|第[{_NUMERALS}\\d]+次(?:年会|全委会|党代会)|[{_NUMERALS}]+次党代会)")
_QUOTED = re.compile("“([^”]{1,20})”")
# Era facts a draft recomputes from its date: 建党90周年, 迎接党的十八大.
_ANNIVERSARY = re.compile(r"建党\s*\d{2,3}\s*周年")
_CONGRESS = re.compile(r"(迎接|向|为|和|、)党的(?:十[七八九]|二十[一二三]?)大")
# A clause that only says when (，时间从现在起到5月底) can go without harming the sentence.
_WHEN_CLAUSE = re.compile(r"[，,]\s*(?:时间)?(?:从|自|到|至)[^，。；]*?(?:\d|20\*\*)[^，。；]*(?=[，。；]|$)"
                          r"|从\s*\d{1,2}\s*月份?(?:起|开始)[，,]?")


def find_entities(text: str) -> list[Entity]:
    """Every identifying span in `text`, longest first where they overlap."""
    pats = _patterns()
    found: list[Entity] = []
    # Cheap membership tests first: most sentences carry no URL, figure, session or quotation.
    if "http" in text or "www" in text:
        found += [Entity("url", m.group(0), m.start(), m.end()) for m in pats.url.finditer(text)]
    found += _people(text, pats)
    found += _places_and_units(text, pats)
    if _ANY_DIGIT.search(text) or "月" in text:
        found += [Entity("date", m.group(0), m.start(), m.end()) for m in _DATE.finditer(text)]
        found += [Entity("number", m.group(0), m.start(), m.end()) for m in _FIGURE.finditer(text)]
    if "届" in text or "次" in text:
        found += [Entity("campaign", m.group(0), m.start(), m.end()) for m in _LOCAL_SESSION.finditer(text)]
    if "“" in text:
        found += [Entity("campaign", m.group(0), m.start(), m.end()) for m in _QUOTED.finditer(text)
                  if _is_local_campaign(m.group(1), pats)]
    return _without_whitelisted(_longest(found), text, pats)


def _is_local_campaign(quoted: str, pats: _Patterns) -> bool:
    """A quoted, numbered formulation not in the nation-wide list: 十个一, 73215, 双联双服务…"""
    if quoted in pats.numbered_ok:
        return False
    return bool(re.search(f"[\\d{_NUMERALS}]", quoted)) and len(quoted) <= 12


def _longest(entities: list[Entity]) -> list[Entity]:
    entities.sort(key=lambda e: (e.start, -(e.end - e.start)))
    out: list[Entity] = []
    for e in entities:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _without_whitelisted(entities: list[Entity], text: str, pats: _Patterns) -> list[Entity]:
    spans = [(m.start(), m.end()) for m in pats.whitelist.finditer(text)]
    return [e for e in entities
            if e.kind not in ("person", "place") or not any(s <= e.start and e.end <= t for s, t in spans)]


def _people(text: str, pats: _Patterns) -> list[Entity]:
    out = []
    for m in pats.title_after.finditer(text):
        name = _name_before(text, m.start(), pats)
        if name:
            out.append(Entity("person", name + m.group(0), m.start() - len(name), m.end()))
    for m in pats.title_before.finditer(text):
        name = _name_after(text, m.end(), pats)
        if name:
            out.append(Entity("person", name, m.end(), m.end() + len(name)))
    return out


def _name_before(text: str, end: int, pats: _Patterns) -> str | None:
    """The 1–3 characters before a title that form a name (李源潮部长, 王书记), if any."""
    from drafter.mine.words import word_tags

    tags = word_tags()
    for size in (3, 2, 1):
        start = end - size
        if start < 0:
            continue
        cand = text[start:end]
        if cand[0] not in pats.surnames or any(c in _NOT_NAME for c in cand):
            continue
        tag = tags.get(cand)
        if size > 1 and tag is not None and not tag.startswith("nr"):
            continue
        before = text[start - 1] if start > 0 else ""
        if size == 1 and re.match(f"[{CJK}]", before or " ") and before not in "和与及由请":
            continue
        if size > 1 and tag is None and re.match(f"[{CJK}]", before or " ") and before not in _NOT_NAME:
            continue
        return cand
    return None


def _name_after(text: str, start: int, pats: _Patterns) -> str | None:
    """The name after a title (党委书记潘某某和我): two characters, or three unless the third is a function word."""
    from drafter.mine.words import word_tags

    tags = word_tags()
    three, two = text[start:start + 3], text[start:start + 2]
    for cand in (three, two):
        if len(cand) < 2 or any(c in _NOT_NAME for c in cand) or not re.fullmatch(f"[{CJK}]+", cand):
            continue
        tag = tags.get(cand) or tags.get(cand[:2])
        if tag is not None and not tag.startswith("nr"):
            continue
        return cand
    return None


def _joined(places: list[tuple[int, int, object]], text: str) -> list[tuple[int, int, object]]:
    """Adjacent administrative names are one place: 山东省潍坊市, 北京市海淀区."""
    out: list[tuple[int, int, object]] = []
    for start, end, place in places:
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end, place)
        else:
            out.append((start, end, place))
    return out


def _places_and_units(text: str, pats: _Patterns) -> list[Entity]:
    out = []
    for start, end, place in _joined(find_places(text), text):
        tail = pats.unit_tail.match(text, end)
        if tail and tail.end() - end <= 10 and not re.search("[，。、；]", tail.group(0)):
            out.append(Entity("unit", text[start:tail.end()], start, tail.end()))
        else:
            out.append(Entity("place", text[start:end], start, end))
    out += _agency_words(text)
    for m in pats.agency_unit.finditer(text):
        word = m.group(0)
        if word.lstrip("省市区县") not in ("全局", "大局", "格局", "布局", "当局", "结局", "时局", "政局", "开局"):
            if len(word.lstrip("省市区县")) >= 3:
                out.append(Entity("unit", word, m.start(), m.end()))
    return out


_GENERIC_JU = {"全局", "大局", "格局", "布局", "当局", "结局", "时局", "政局", "开局", "残局", "邮局", "饭局",
               "骗局", "办公厅", "客厅", "大厅", "餐厅", "舞厅"}


# 局/厅 that may end an agency's name (not 大局, 格局, 全厅, 厅直…): only there is the segmenter asked.
_JU = re.compile(f"(?<![大全格布当结时政开残邮饭骗])局|(?<![全客餐舞大我本])厅(?![直机])")


def _agency_words(text: str) -> list[Entity]:
    """Words the segmenter finds that end in 局/厅 (科技局, 民政厅): a named agency."""
    from drafter.mine.words import cut

    out = []
    for m in _JU.finditer(text):
        start = max(0, m.start() - 6)
        words = cut(text[start:m.end()])  # a short window is enough to see the word's start
        word = words[-1] if words else ""
        if len(word) >= 3 and word[-2:] not in _GENERIC_JU and word[-3:] not in _GENERIC_JU:
            out.append(Entity("unit", word, m.end() - len(word), m.end()))
    return out


# Sentences seen recently, and what de-identification made of them. De-identification is a pure
# function of the sentence (and of data loaded once), and by far the costliest stage; speeches
# repeat sentences (set formulations, a speech reposted on several sites, a corpus copied into a
# larger one), so each distinct sentence is worked out once. Bounded, so memory stays flat on any
# corpus size (an entry is a few hundred bytes).
_MEMO_SIZE = 1 << 15


def deidentify_sentence(text: str, strict: bool = False) -> Deidentified:
    """Replace what can be a parameter; mark the sentence for dropping when something specific stays.
    With `strict`, a sentence that still holds a name-like word nothing could place is dropped too."""
    new_text, changes, drop = _deidentify_memo(text, strict)
    return Deidentified(new_text, list(changes), drop)  # a fresh object: callers may change it


@lru_cache(maxsize=_MEMO_SIZE)
def _deidentify_memo(text: str, strict: bool) -> tuple[str, tuple[str, ...], str | None]:
    result = _deidentify(text, strict)
    return result.text, tuple(result.changes), result.drop


def _deidentify(text: str, strict: bool = False) -> Deidentified:
    pats = _patterns()
    result = Deidentified(text)
    if "http" in text or "www" in text:
        result.text = _sub(pats.url, "", result, "删去网址")
    if _ANY_DIGIT.search(text):
        result.text = _sub(_FULL_DATE, "{{ date_text }}", result, "日期 → {{ date_text }}")
        result.text = _sub(_WHEN_CLAUSE, "", result, "删去具体时间")
        result.text = _sub(_ANNIVERSARY, "建党{{ anniversary }}周年", result, "建党周年数 → {{ anniversary }}")
    if "党的" in text:
        result.text = _sub(_CONGRESS, r"\1党的{{ next_congress }}", result, "下一次党代会 → {{ next_congress }}")
    entities = find_entities(result.text)
    for entity in sorted(entities, key=lambda e: -e.start):
        replacement = _replacement(entity, result.text)
        if replacement is None:
            result.drop = result.drop or _DROP_REASON.get(entity.kind, "含专名")
            continue
        result.text = result.text[:entity.start] + replacement + result.text[entity.end:]
        result.changes.append(f"{_KIND_NAME[entity.kind]} → {replacement}")
    if sum(1 for c in result.changes if c.endswith("{{ unit }}")) > 1:
        result.drop = result.drop or "含多个单位名称"
    if "委" in result.text:
        result.text = _sub(pats.superior_word, "{{ superior }}", result, "上级党委 → {{ superior }}")
    if "我" in result.text:
        result.text = _sub(pats.self_words, "{{ own }}", result, "本单位自称 → {{ own }}")
    if "全" in result.text:
        result.text = _sub(pats.scope_words, "{{ scope }}", result, "全单位 → {{ scope }}")
    return result


_KIND_NAME = {"person": "人名", "place": "地名", "unit": "单位名称", "date": "日期", "number": "数字",
              "url": "网址", "campaign": "地方编号活动"}
_DROP_REASON = {"person": "含人名", "place": "含地名", "unit": "含单位名称", "date": "含具体日期",
                "number": "含具体数字", "url": "含网址", "campaign": "含地方自编活动或会议届次"}


def _replacement(entity: Entity, text: str) -> str | None:
    """The parameter an entity becomes, or None when the sentence must go."""
    if entity.kind == "person" and re.search("刚才[，,]?$", text[max(0, entity.start - 4):entity.start]):
        return "{{ secretary }}"  # the secretary who spoke before the deputy
    if entity.kind == "unit":
        if re.search("[省市区县州旗]委$|党委$|党工委$|工委$", entity.text):
            return "{{ superior }}"
        if re.search("(按照|根据|遵照|上级)$", text[max(0, entity.start - 4):entity.start]):
            return "{{ superior }}"
        return "{{ unit }}"
    return None


def _sub(pattern: re.Pattern[str], repl: str, result: Deidentified, change: str) -> str:
    new, n = pattern.subn(repl, result.text)
    if n:
        result.changes.append(change)
    return new
