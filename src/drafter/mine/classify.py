"""Stage 3, classify: give every sentence a slot (what it does in a speech) and say why.

Scores come from templates/mine/slots.yaml: keywords and patterns per slot, the position of the
unit (opening / body / closing), what its level-1 heading or sub-section is about, and its point
title. A sentence with no evidence of its own continues the slot of the sentence before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from drafter.mine.model import Sentence, Unit
from drafter.mine.rules import canon, org_types, slot_rules, vocabulary

_WHERE = {"opening": "opening", "closing": "closing"}
_HEADING_KINDS = ("heading1",)
_SKIP_KINDS = ("title", "speaker", "date", "salutation")
_TITLE_WEIGHT = 1.0
_LABEL_WEIGHT = 3.0  # a short point title (公开承诺, 个人自学) names what the whole point is about
_LABEL_MAX = 8


@dataclass(frozen=True)
class _SlotRule:
    name: str
    where: str | None
    words: tuple[tuple[str, float], ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Section:
    name: str
    words: tuple[str, ...]
    bonus: dict[str, float]
    default: str | None


@dataclass(frozen=True)
class _Rules:
    slots: tuple[_SlotRule, ...]
    sections: tuple[_Section, ...]
    org_words: dict[str, tuple[tuple[str, float], ...]]
    labels: dict[str, str]
    keywords: object  # Aho-Corasick automaton: word -> [(slot or "org:<type>", weight), ...]
    org_keywords: object  # the same for the "org:<type>" targets only (detect_orgs on a whole text)
    org_keys: tuple[tuple[str, str], ...]  # (org, "org:<org>") in org_words' order
    # where -> (indices of the slots that must always be scored there: those with sentence
    # patterns, and carriers; slot name -> index for the others, scored only when a keyword hit)
    by_where: dict[str, tuple[tuple[int, ...], dict[str, int]]]
    bonus: dict[str | None, dict[str, float]]  # section -> its slot bonuses (the first section of that name)
    org_targets: frozenset[str]  # the "org:<type>" keyword targets


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = slot_rules()
    slots = tuple(
        _SlotRule(
            name=name,
            where=spec.get("where"),
            words=tuple(_weighted(spec.get("words", []))),
            patterns=tuple(re.compile(p) for p in spec.get("patterns", [])),
        )
        for name, spec in data["slots"].items()
    )
    sections = tuple(
        _Section(name, tuple(spec["words"]), dict(spec.get("bonus", {})), spec.get("default"))
        for name, spec in data["sections"].items()
    )
    org_words: dict[str, tuple[tuple[str, float], ...]] = {}
    for org, spec in org_types().items():
        carriers = [(w, 2.0) for w in spec.get("carriers", [])]
        plain = [(w, 1.0) for w in vocabulary()["org_words"].get(org, [])]
        org_words[org] = tuple(carriers + plain)
    labels = {}
    for list_name, slot in data.get("canon_labels", {}).items():
        spec = canon()["lists"][list_name]
        for item in list(spec["items"]) + list(spec.get("variants", [])):
            labels[item.replace("、", "，")] = slot
            labels[item] = slot
    org_keys = tuple((org, f"org:{org}") for org in org_words)
    by_where = {where: _slots_at(slots, where) for where in ("opening", "body", "closing")}
    bonus: dict[str | None, dict[str, float]] = {}
    for sec in sections:
        bonus.setdefault(sec.name, sec.bonus)
    table = _keyword_table(slots, org_words)
    org_table = {word: orgs for word, targets in table.items()
                 if (orgs := {t: w for t, w in targets.items() if t.startswith("org:")})}
    return _Rules(slots, sections, org_words, labels, _automaton(table), _automaton(org_table), org_keys, by_where,
                  bonus, frozenset(key for _, key in org_keys))


def _slots_at(slots: tuple[_SlotRule, ...], where: str) -> tuple[tuple[int, ...], dict[str, int]]:
    """The slots allowed at `where`, split into those scored on every sentence and those that can
    only score through a keyword (most of them: skipping them is most of `_scores`' saving)."""
    always: list[int] = []
    by_keyword: dict[str, int] = {}
    for i, rule in enumerate(slots):
        if rule.where and rule.where != where:
            continue
        if rule.patterns or rule.name == "carriers":
            always.append(i)
        else:
            by_keyword[rule.name] = i
    return tuple(always), by_keyword


def _keyword_table(slots: tuple[_SlotRule, ...],
                   org_words: dict[str, tuple[tuple[str, float], ...]]) -> dict[str, dict[str, float]]:
    """keyword -> {slot or "org:<type>": weight}."""
    table: dict[str, dict[str, float]] = {}
    for rule in slots:
        for word, weight in rule.words:
            table.setdefault(word, {})[rule.name] = weight
    for org, words in org_words.items():
        for word, weight in words:  # a carrier that is also a plain org word counts for both
            targets = table.setdefault(word, {})
            targets[f"org:{org}"] = targets.get(f"org:{org}", 0.0) + weight
    return table


def _automaton(table: dict[str, dict[str, float]]) -> object:
    """One pass over a sentence finds every keyword of `table` in it."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word, targets in table.items():
        automaton.add_word(word, (word, tuple(targets.items())))
    automaton.make_automaton()
    return automaton


def _hits(text: str, automaton: object = None) -> dict[str, dict[str, float]]:
    """target (slot name or org:<type>) -> {keyword: weight} for the keywords found in `text` (by
    default every slot's and organisation type's keywords)."""
    out: dict[str, dict[str, float]] = {}
    for _, (word, targets) in (automaton or _rules().keywords).iter(text):  # type: ignore[attr-defined]
        for target, weight in targets:
            out.setdefault(target, {})[word] = weight
    return out


def _weighted(words: list[object]) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for item in words:
        if isinstance(item, dict):
            out.extend((str(k), float(v)) for k, v in item.items())
        else:
            out.append((str(item), 1.0))
    return out


def section_of(heading: str | None) -> str | None:
    """What a heading (or 'heading｜sub-heading') is about: significance, requirements, …, or None."""
    if not heading:
        return None
    return _section_of(heading)


# Every unit under a heading asks about the same heading, and speeches share their headings: each
# is worked out once (bounded).
@lru_cache(maxsize=1 << 12)
def _section_of(heading: str) -> str | None:
    for part in reversed(heading.split("｜")):
        for section in _rules().sections:
            if any(w in part for w in section.words):
                return section.name
    return None


def detect_orgs(text: str, hits: dict[str, dict[str, float]] | None = None) -> list[str]:
    """The organisation types whose own vocabulary appears in `text`, strongest first."""
    # Without the sentence's hits, only the organisation keywords are looked for: a candidate's
    # whole text (candidates._tags) holds many slot keywords that would only be skipped here
    # (11.9 → 8.0 µs a candidate, best of 5 over the 9,610 candidates of 2 MB of speeches).
    hits = _hits(text, _rules().org_keywords) if hits is None else hits
    if not hits:
        return []
    scores: dict[str, float] = {}
    for org, key in _rules().org_keys:
        words = hits.get(key)
        if words:
            score = sum(words.values())
            if score > 0:
                scores[org] = score
    # A stable sort of the organisation types in their order: ties keep orgs.yaml's order.
    return sorted(scores, key=scores.__getitem__, reverse=True)


def classify_units(units: list[Unit]) -> list[Unit]:
    """Copies of `units` with every sentence's slot, score and reasons filled in."""
    return [_classify_unit(u) for u in units]


def _classify_unit(unit: Unit) -> Unit:
    if unit.kind in _SKIP_KINDS:
        return unit
    section = section_of(unit.section)
    if unit.kind in _HEADING_KINDS:
        slot = f"heading.{section}" if section else None
        why = [f"一级标题，讲{section}"] if section else ["一级标题，主题不明"]
        return replace(unit, sentences=[Sentence(unit.text, slot, 1.0 if slot else 0.0, why)])
    where = _WHERE.get(unit.kind, "body")
    label = _rules().labels.get((unit.title or "").strip("。；， "))
    if label and where == "body":
        why = _position(where) + [f"小标题是规范提法：{unit.title}"]
        return replace(unit, sentences=[Sentence(s.text, label, 3.0, why) for s in unit.sentences])
    title_scores = _scores(unit.title, where, section) if unit.title else {}
    weight = _LABEL_WEIGHT if unit.title and len(unit.title) <= _LABEL_MAX else _TITLE_WEIGHT
    out: list[Sentence] = []
    previous: Sentence | None = None
    for sentence in unit.sentences:
        classified = _classify_sentence(sentence.text, where, section, title_scores, previous, weight)
        out.append(classified)
        previous = classified if classified.slot else previous
    return replace(unit, sentences=out)


def _classify_sentence(text: str, where: str, section: str | None,
                       title_scores: dict[str, tuple[float, list[str]]],
                       previous: Sentence | None, title_weight: float = _TITLE_WEIGHT) -> Sentence:
    scores = _scores_memo(text, where, section)  # read only: copied below before the title's scores go in
    if not title_scores:  # most sentences: nothing to add, so no copy (~2 µs a sentence)
        evidence = any(s > 0 for s, _ in scores.values())
    else:
        scores = dict(scores)
        own_carriers = {name for name, (s, _) in scores.items() if s > 0 and name.startswith("carriers.")}
        evidence = any(s > 0 for s, _ in scores.values()) or any(s > 0 for s, _ in title_scores.values())
        for name, (s, _) in title_scores.items():
            if own_carriers and name.startswith("carriers.") and name not in own_carriers:
                continue  # the sentence names another org type's carriers than its point title does
            scores.setdefault(name, (0.0, []))
            own, why = scores[name]
            scores[name] = (own + title_weight * s, why + ["小标题"])
    if evidence:
        name, (score, why) = max(scores.items(), key=_score_of)
        if score > 0:
            return Sentence(text, name, score, _position(where) + why)
    if previous is not None and previous.slot:
        return Sentence(text, previous.slot, 0.5, _position(where) + ["承接上句"])
    default = _default(where, section)
    if default:
        return Sentence(text, default, 0.4, _position(where) + [f"所在部分默认（{section or where}）"])
    return Sentence(text, None, 0.0, _position(where) + ["无关键词"])


_POSITIONS = {"opening": "位置：开场", "closing": "位置：结束语"}


def _score_of(item: tuple[str, tuple[float, list[str]]]) -> float:
    return item[1][0]


def _position(where: str) -> list[str]:
    return [_POSITIONS.get(where, "位置：正文")]


def _default(where: str, section: str | None) -> str | None:
    if where == "opening":
        return "opening.occasion"
    if where == "closing":
        return "closing.call"
    for sec in _rules().sections:
        if sec.name == section:
            return sec.default
    return None


def _scores(text: str, where: str, section: str | None) -> dict[str, tuple[float, list[str]]]:
    """Each allowed slot's score on `text`, with the words that earned it (a new dict each call:
    callers add the point title's scores to it)."""
    return dict(_scores_memo(text, where, section))


_NO_BONUS: dict[str, float] = {}


# Scoring depends only on the sentence, its position and its section; sentences recur within and
# across speeches, so each combination is scored once (bounded; the values are never changed: the
# callers replace entries of their copy, they do not modify the lists in it).
@lru_cache(maxsize=1 << 15)
def _scores_memo(text: str, where: str, section: str | None) -> dict[str, tuple[float, list[str]]]:
    rules = _rules()
    bonus = rules.bonus.get(section, _NO_BONUS)
    found = _hits(text)
    out: dict[str, tuple[float, list[str]]] = {}
    always, by_keyword = rules.by_where[where] if where in rules.by_where else _slots_at(rules.slots, where)
    keyed = [by_keyword[name] for name in found if name in by_keyword]
    # The slots in their order in slots.yaml, as before: the order decides ties between scores.
    chosen = sorted(always + tuple(keyed)) if keyed else always
    for index in chosen:
        rule = rules.slots[index]
        words = found.get(rule.name)
        matched = [p.pattern for p in rule.patterns if p.search(text)]
        name = rule.name
        if not words and not matched and name != "carriers":
            # No keyword, no sentence pattern: a score of 0, nothing to record (most of the slots scored
            # on every sentence). With the other short cuts of this change, 400 unrepeated speeches:
            # 1.49 → 1.43 s of the stages' CPU.
            continue
        words = words or {}
        hits = list(words)
        score = sum(words.values())
        for pattern in matched:
            score += 2
            hits.append(f"句式 {pattern}")  # the rule, not the matched text (it may hold a name)
        if name == "carriers":
            if rules.org_targets.isdisjoint(found):
                continue  # no organisation type's vocabulary: _carrier_slot would find no slot
            slot, score, hits = _carrier_slot(text, score, hits, found)
            if slot is None:
                continue
            name = slot
        if score > 0:
            extra = bonus.get(rule.name, 0.0)
            why = [f"关键词：{'、'.join(hits)}"] + ([f"部分：{section}"] if extra else [])
            out[name] = (score + extra, why)
    return out


def _carrier_slot(text: str, score: float, hits: list[str],
                  found: dict[str, dict[str, float]]) -> tuple[str | None, float, list[str]]:
    """carriers.<org>: needs a carrier word and one organisation type's own vocabulary."""
    orgs = detect_orgs(text, found)
    if not orgs:
        return None, 0.0, hits
    org = orgs[0]
    own = [w for w, weight in found.get(f"org:{org}", {}).items() if weight >= 2]
    if not own and score == 0:
        return None, 0.0, hits
    return f"carriers.{org}", score + 2 * len(own), hits + own
