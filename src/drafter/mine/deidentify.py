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
from typing import Any, Sequence

from drafter.mine.gazetteer import find_places, has_place
from drafter.mine.words import cut, load_jieba, word_tags  # jieba itself is loaded on first use
from drafter.mine.rules import vocabulary

CJK = "\u4e00-\u9fff"
_NUMERALS = "一二三四五六七八九十百千两双"
# Characters that cannot be part of a personal name (function words and organisation suffixes).
_NOT_NAME = set("的和与及在是了也都就对为从向把被等、，。；：“”（）《》委党部组局厅处科院校省市区县镇村乡")


# Words that often come right before a name and its title (受王局长委托, 请李书记讲话, 由张校长主持).
_BEFORE_NAME = set("受请由向经据陪同跟让使给")
# Characters after which a lone surname and a title are a person (和王书记, 正如李局长所说).
_BEFORE_SURNAME = set("和与及由请如")


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
    back_references: re.Pattern[str]  # 这次活动 → {{ this }}: each theme says it its own way
    whitelist: re.Pattern[str]
    surnames: frozenset[str]
    numbered_ok: frozenset[str]
    shape: re.Pattern[str]  # a place suffix or a unit type that a name may precede
    org_tail: re.Pattern[str]  # an organisation suffix right after a name (党委, 党总支…)
    generic_prefixes: frozenset[str]
    generic_compounds: frozenset[str]
    bodies: re.Pattern[str]
    leaders: re.Pattern[str]
    leader_source: re.Pattern[str]
    listed: re.Pattern[str]
    trigger: re.Pattern[str]  # a word without which no rule below can fire (see _may_identify)


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
        back_references=re.compile("|".join(map(re.escape, _longest_first(vocab["back_references"])))),
        whitelist=re.compile("|".join(map(re.escape, sorted(vocab["genre_whitelist"], key=len, reverse=True)))),
        surnames=frozenset(vocab["surnames"]),
        numbered_ok=frozenset(vocab["numbered_terms"]),
        shape=re.compile("|".join(map(re.escape, _longest_first(vocab["unit_types"] + vocab["place_suffixes"])))),
        org_tail=re.compile("|".join(map(re.escape, _longest_first(vocab["org_suffixes"])))),
        generic_prefixes=frozenset(vocab["generic_prefixes"]),
        generic_compounds=frozenset(vocab["generic_compounds"]),
        bodies=re.compile(f"(?:[省市县区](?![全我本各该直级]))?(?:{'|'.join(map(re.escape, _longest_first(vocab['bodies'])))})"
                          f"(?:{'|'.join(map(re.escape, _longest_first(vocab['org_suffixes'])))})?"),
        leaders=re.compile("|".join(map(re.escape, _longest_first(vocab["leaders"])))),
        leader_source=re.compile(f"[^，。；]{{0,24}}?(?:{'|'.join(map(re.escape, vocab['leader_verbs']))})"),
        listed=re.compile(f"([{CJK}]{{2,4}})(?:、[{CJK}]{{2,4}})*(?:{'|'.join(map(re.escape, _longest_first(vocab['list_tails'])))})"),
        trigger=_trigger(vocab),
    )


def _trigger(vocab: dict[str, Any]) -> re.Pattern[str]:
    """One pattern that matches wherever a rule of this module other than the place names, the
    shape-named places, and figures could fire: a word each rule's pattern must contain. Only
    literals, so that the regex engine skips ahead by the set of first characters (~1 µs a
    sentence, where running every rule costs ~100 µs): most sentences of a speech name nothing."""
    words = {"http", "www",  # url
             "{{",  # a placeholder already in the text (_SUPERIORS)
             "局", "厅",  # agency_unit, _agency_words
             "自治区党委", "省委", "市委", "区委", "县委",  # superior_word
             "党的十", "党的二十",  # _CONGRESS
             "届", "次年会", "次全委会", "次党代会",  # _LOCAL_SESSION
             "中央领导同志", "主要领导"}  # _LEADER_BY_OFFICE (总书记 is a title)
    for key in ("person_titles", "self_words", "scope_words", "back_references", "bodies", "list_tails", "leaders"):
        words.update(vocab[key])  # people, self and scope words, bodies, listed places, leaders
    literal = "|".join(map(re.escape, _longest_first(sorted(words))))
    # A quoted local campaign (_QUOTED, _is_local_campaign): at most 12 characters, one a numeral.
    return re.compile(f"{literal}|“[^”]{{0,11}}[\\d{_NUMERALS}]")


def _longest_first(words: list[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)


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
    found += _shaped_names(text, pats)
    if "等" in text:
        found += _listed_places(text, pats)
    if _ANY_DIGIT.search(text) or "月" in text:
        found += [Entity("date", m.group(0), m.start(), m.end()) for m in _DATE.finditer(text)]
        found += [Entity("number", m.group(0), m.start(), m.end()) for m in _FIGURE.finditer(text)]
    if "届" in text or "次" in text:
        found += [Entity("campaign", m.group(0), m.start(), m.end()) for m in _LOCAL_SESSION.finditer(text)]
    if "“" in text:
        found += [Entity("campaign", m.group(0), m.start(), m.end()) for m in _QUOTED.finditer(text)
                  if _is_local_campaign(m.group(1), pats)]
    if not found:
        return found
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
    if not any(e.kind in ("person", "place") for e in entities):
        return entities  # the whitelist only ever removes persons and places
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
        if size == 1 and re.match(f"[{CJK}]", before or " ") and before not in _BEFORE_SURNAME:
            continue
        if size > 1 and tag is None and re.match(f"[{CJK}]", before or " ") and before not in _NOT_NAME \
                and before not in _BEFORE_NAME:
            continue
        return cand
    return None


def _name_after(text: str, start: int, pats: _Patterns) -> str | None:
    """The name after a title (党委书记潘某某和我): two characters, or three unless the third is a function word."""

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


def _joined(places: Sequence[tuple[int, int, Any]], text: str) -> list[tuple[int, int, Any]]:
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
    for m in (pats.agency_unit.finditer(text) if "局" in text or "厅" in text else ()):
        word = m.group(0)
        if word.lstrip("省市区县") not in ("全局", "大局", "格局", "布局", "当局", "结局", "时局", "政局", "开局"):
            if len(word.lstrip("省市区县")) >= 3:
                out.append(Entity("unit", word, m.start(), m.end()))
    return out


# Characters that never end a name right before a suffix: function words, quantities and the
# administrative suffixes themselves (各乡镇, 全镇, 镇村, 两个村, 校党委).
_STOP = set("的地得和与及或在是了也都就对为从向把被等将由让使给以于之这那此某其每各全本我你他她它们个级些"
            "省市县区州旗镇乡村街社党委部组局厅处科院校所站队")
# Organisation suffixes after which a name is a superior body (X镇党委) rather than a branch (X村党总支).
_SUPERIOR_TAILS = ("党工委", "党委", "工委")


def _prefix_start(text: str, end: int, pats: _Patterns) -> int | None:
    """Where the name that ends at `end` (right before 村/镇/学校…) starts, or None when the two
    characters before `end` are not a name: a function word, a generic word (全镇, 农村社区, 示范村,
    所在学校), a verb or adjective (走进社区, 深入农村). The name is the last word before `end` (by
    the segmenter, 2–4 characters), or its last two one-character words (三汊镇)."""

    if not _plausible_prefix(text, end, pats):
        return None
    if end < 3 or text[end - 3] in _STOP or not _SEGMENTER_HAN.match(text, end - 3):
        # The name can only be the two characters: a longer last word would hold text[end - 3],
        # which is a stop character (rejected below) or one the segmenter splits at.
        return end - 2
    two = text[end - 2:end]
    words = cut(text[max(0, end - 6):end])
    last = words[-1] if words else ""
    if len(last) < 2 and len(words) >= 2 and len(words[-2]) == 1 and words[-2] not in _STOP:
        last = words[-2] + last
    if not 2 <= len(last) <= 4 or any(c in _STOP for c in last) or last in pats.generic_prefixes:
        last = two
    return end - len(last)


# The characters jieba keeps together in one block (its re_han_default): it never makes a word across
# any other character.
_SEGMENTER_HAN = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]")


def _plausible_prefix(text: str, end: int, pats: _Patterns) -> bool:
    """Whether the two characters before `end` may end a name: not a function word, not generic,
    not a word the dictionary tags as anything but a noun (the cheap checks of _prefix_start)."""
    if end < 2:
        return False
    two = text[end - 2:end]
    if any(c in _STOP or not ("\u4e00" <= c <= "\u9fff") for c in two) or two in pats.generic_prefixes:
        return False
    tag = word_tags().get(two)
    return tag is None or tag.startswith("n")


def _shaped_names(text: str, pats: _Patterns) -> list[Entity]:
    """Names no gazetteer holds, by their shape: <2–4 characters> + 村/社区/镇/乡/街道 or + a unit
    type (学校, 卫生院…), optionally followed by an organisation suffix (党委, 党总支…)."""
    out = []
    for m in pats.shape.finditer(text):
        suffix = m.group(0)
        if text[m.start() - 1:m.start() + 1] in pats.generic_compounds:  # 农村, 城镇, 下乡, 全村…
            continue
        start = _prefix_start(text, m.start(), pats)
        if start is None:
            continue
        end = m.end()
        tail = pats.org_tail.match(text, end)
        if tail:
            end = tail.end()
        kind = "unit" if tail and tail.group(0) in _SUPERIOR_TAILS else "branch" if tail else \
            "place" if suffix in _PLACE_SUFFIXES else "branch"
        out.append(Entity(kind, text[start:end], start, end))
    for m in pats.bodies.finditer(text):  # 省高校工委, 农科院党委, 市国资委
        out.append(Entity("unit", m.group(0), m.start(), m.end()))
    return out


_PLACE_SUFFIXES = ("街道", "社区", "村", "镇", "乡")


def _listed_places(text: str, pats: _Patterns) -> list[Entity]:
    """Places in a list: 下营、上营等地 (each item a 2–4 character word that is not generic)."""

    tags = word_tags()
    out = []
    for m in pats.listed.finditer(text):
        items = re.split("、", re.sub("等[^、]*$", "", m.group(0)))
        names = [w for w in items if tags.get(w) is None or tags[w][:2] in ("nr", "ns", "nz", "nt")]
        generic = any(any(c in _STOP for c in w) or w in pats.generic_prefixes for w in items)
        if names and not generic:
            out.append(Entity("place", m.group(0), m.start(), m.end()))
    return out


# A leader named by office only: 总书记, 中央领导同志, 省委主要领导 (a local leader of the time).
_LEADER_BY_OFFICE = re.compile("总书记|中央领导同志|(?:[省市县区州旗]委|党委|上级)主要领导(?:同志)?")


def _leader_source(text: str, pats: _Patterns) -> bool:
    """A leader named (or 总书记) as the source of a requirement: 胡锦涛同志对…提出了明确要求."""
    for m in pats.leaders.finditer(text):
        if pats.leader_source.match(text, m.end()):
            return True
    for m in _LEADER_BY_OFFICE.finditer(text):
        if pats.leader_source.match(text, m.end()):
            return True
    return False


# Words a strict run treats as names it could not place: words the segmenter found that its
# dictionary does not know at all (a new name: 红岩坳), made of characters that are not function
# words and not starting with a generic word (各乡镇, 小康村). The dictionary's own tags are not used:
# they are too noisy to tell a name (弘扬 and 督促检查 are tagged as person names).
_NOT_IN_NAMES = set("的地得了着过要是在和与及对为把被将等也都就还又很更最这那其各每全本我你他她它们个些么吗呢吧啊之以于而且并该")
_PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}")


def unplaced_names(text: str) -> list[str]:
    """Words in `text` (placeholders aside) that look like proper names nothing could place."""

    pats = _patterns()
    tags = word_tags()
    white = {m.group(0) for m in pats.whitelist.finditer(text)}
    found = []
    for piece in _PLACEHOLDER.split(text):
        for word in load_jieba().lcut(piece):  # type: ignore[attr-defined]
            if len(word) < 2 or not re.fullmatch(f"[{CJK}]+", word) or word in white:
                continue
            if any(c in _NOT_IN_NAMES for c in word) or word in pats.generic_prefixes or word[:2] in pats.generic_prefixes:
                continue  # 各乡镇, 城市, 小康村: generic
            if word not in tags:
                found.append(word)
    return found


_GENERIC_JU = {"全局", "大局", "格局", "布局", "当局", "结局", "时局", "政局", "开局", "残局", "邮局", "饭局",
               "骗局", "办公厅", "客厅", "大厅", "餐厅", "舞厅"}


# 局/厅 that may end an agency's name (not 大局, 格局, 全厅, 厅直…): only there is the segmenter asked.
_JU = re.compile(f"(?<![大全格布当结时政开残邮饭骗])局|(?<![全客餐舞大我本])厅(?![直机])")


def _agency_words(text: str) -> list[Entity]:
    """Words the segmenter finds that end in 局/厅 (科技局, 民政厅): a named agency."""

    out: list[Entity] = []
    if "局" not in text and "厅" not in text:
        return out
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


def deidentify_sentence(text: str, strict: bool = False, own: frozenset[str] = frozenset()) -> Deidentified:
    """Replace what can be a parameter; mark the sentence for dropping when something specific stays.
    `own`: the names of the speaking unit (from the speech's title), which become {{ unit }}.
    With `strict`, a sentence that still holds a name-like word nothing could place is dropped too."""
    new_text, changes, drop = _deidentify_memo(text, strict, own)
    return Deidentified(new_text, list(changes), drop)  # a fresh object: callers may change it


def deidentified(text: str, strict: bool = False,
                 own: frozenset[str] = frozenset()) -> tuple[str, tuple[str, ...], str | None]:
    """`deidentify_sentence` as (text, changes, why it must go or None), shared and never changed:
    for callers that only read it (mining asks for every sentence of every speech)."""
    return _deidentify_memo(text, strict, own)


@lru_cache(maxsize=_MEMO_SIZE)
def _deidentify_memo(text: str, strict: bool, own: frozenset[str]) -> tuple[str, tuple[str, ...], str | None]:
    if not strict and not _may_identify(text, _patterns()):
        return text, (), None  # nothing to replace or drop: most sentences
    result = _deidentify(text, strict, own)
    return result.text, tuple(result.changes), result.drop


def own_names(title: str) -> frozenset[str]:
    """The speaking unit's names in a speech's title (在紫埠镇…大会上的讲话 → 紫埠镇): the places and
    units found there, each also without an organisation suffix (X镇党委 → X镇)."""
    pats = _patterns()
    names = set()
    for e in find_entities(title):
        if e.kind in ("place", "unit", "branch"):
            names.add(e.text)
            tail = re.search(f"(?:{pats.org_tail.pattern})$", e.text)
            if tail and tail.start() >= 2:
                names.add(e.text[:tail.start()])
    return frozenset(names)


def _may_identify(text: str, pats: _Patterns) -> bool:
    """False only when no rule of `_deidentify` (strict mode aside) can change `text` or drop it:
    no trigger word, no digit (dates, figures), no place name, and no 村/镇/学校… whose preceding
    characters could be a name (the checks `_prefix_start` makes before asking the segmenter)."""
    if pats.trigger.search(text) or _ANY_DIGIT.search(text) or has_place(text):
        return True
    for m in pats.shape.finditer(text):
        if text[m.start() - 1:m.start() + 1] not in pats.generic_compounds and _plausible_prefix(text, m.start(), pats):
            return True
    return False


def _deidentify(text: str, strict: bool = False, own: frozenset[str] = frozenset()) -> Deidentified:
    """What `deidentified` answers for a sentence that `_may_identify` (or --strict)."""
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
    if _leader_source(result.text, pats):
        result.drop = _LEADER_REASON
    entities = find_entities(result.text)
    for entity in sorted(entities, key=lambda e: -e.start):
        mine = next((n for n in sorted(own, key=len, reverse=True) if entity.text.startswith(n)), None)
        if mine is not None and entity.kind in ("place", "unit", "branch"):
            replacement: str | None = "{{ unit }}" + entity.text[len(mine):]
        else:
            replacement = _replacement(entity, result.text)
        if replacement is None:
            reason = _DROP_REASON.get(entity.kind, "含专名")
            if entity.kind == "person" and pats.leader_source.match(result.text, entity.end):
                reason = _LEADER_REASON  # a named local leader as the source of a requirement
            result.drop = result.drop or reason
            continue
        result.text = result.text[:entity.start] + replacement + result.text[entity.end:]
        result.changes.append(f"{_KIND_NAME[entity.kind]} → {replacement}")
    if result.changes:
        if sum(1 for c in result.changes if c.endswith("{{ unit }}")) > 1:
            result.drop = result.drop or "含多个单位名称"
        if sum(1 for c in result.changes if c.startswith("单位名称 → {{ superior }}")) > 1:
            result.drop = result.drop or "含多个单位名称"
    if strict and not result.drop and unplaced_names(result.text):
        result.drop = "含无法确认的专名（--strict）"
    if "委" in result.text:
        result.text = _sub(pats.superior_word, "{{ superior }}", result, "上级党委 → {{ superior }}")
    if "{{ superior }}" in result.text:  # 省委和省教育工委 → {{ superior }}和{{ superior }} → one
        result.text = _SUPERIORS.sub("{{ superior }}", result.text)
    if "我" in result.text:
        result.text = _sub(pats.self_words, "{{ own }}", result, "本单位自称 → {{ own }}")
    if "全" in result.text:
        result.text = _sub(pats.scope_words, "{{ scope }}", result, "全单位 → {{ scope }}")
    if "活动" in result.text:
        result.text = _sub(pats.back_references, "{{ this }}", result, "回指本次活动 → {{ this }}")
    return result


_LEADER_REASON = "含领导人讲话（时代限定）"
_SUPERIORS = re.compile(r"\{\{ superior \}\}(?:[和、及与]\{\{ superior \}\})+")
_KIND_NAME = {"person": "人名", "place": "地名", "unit": "单位名称", "branch": "单位名称", "date": "日期", "number": "数字",
              "url": "网址", "campaign": "地方编号活动"}
_DROP_REASON = {"person": "含人名", "place": "含地名", "unit": "含单位名称", "branch": "含单位名称", "date": "含具体日期",
                "number": "含具体数字", "url": "含网址", "campaign": "含地方自编活动或会议届次"}


def _replacement(entity: Entity, text: str) -> str | None:
    """The parameter an entity becomes, or None when the sentence must go."""
    if entity.kind == "person" and re.search("刚才[，,]?$", text[max(0, entity.start - 4):entity.start]):
        return "{{ secretary }}"  # the secretary who spoke before the deputy
    if entity.kind == "branch":
        return None
    if entity.kind == "unit":
        if re.search("[省市区县州旗]委$|党委$|党工委$|工委$", entity.text):
            return "{{ superior }}"
        if re.search("(按照|根据|遵照|上级)$", text[max(0, entity.start - 4):entity.start]):
            return "{{ superior }}"
        return "{{ unit }}"
    return None


def _sub(pattern: re.Pattern[str], repl: str, result: Deidentified, change: str) -> str:
    new, n = pattern.subn(repl, result.text)
    result.changes.extend([change] * n)  # once per occurrence: the per-file report counts them
    return new
