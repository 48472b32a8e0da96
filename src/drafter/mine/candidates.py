"""Stage 6: run the stages over files, build phrasebank candidates, merge near-duplicates, write YAML.

Each candidate is a mapping with the phrasebank's schema (id, slot, title, text, source, tags,
changes, confidence) so it can be pasted into phrasebank.yaml as it is.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from drafter.errors import DrafterError, OutputError
from drafter.mine.classify import classify_units, detect_orgs
from drafter.mine.clean import clean_text
from drafter.mine.deidentify import deidentify_sentence
from drafter.mine.model import Dropped, Sentence, Unit
from drafter.mine.normalise import normalise_text
from drafter.mine.read import SUFFIXES, read_source
from drafter.mine.rules import vocabulary
from drafter.mine.segment import segment_lines

UNCLASSIFIED = "unclassified"
MERGE_SIMILARITY = 0.7  # character-bigram Jaccard at or above which two candidates are one
MERGE_CONTAINED = 0.9  # share of the shorter text's bigrams found in the longer one


@dataclass
class Candidate:
    """One phrasebank candidate, with why it got its slot (written as a comment, not a key)."""

    slot: str
    text: str
    source: list[str]
    title: str | None = None
    tags: dict[str, list[str]] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    confidence: float = 0.5
    why: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        digest = hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:6]
        return f"{self.slot}.{digest}"

    def to_entry(self) -> dict[str, object]:
        """The phrasebank mapping (keys in the phrasebank's order, empty ones left out)."""
        entry: dict[str, object] = {"id": self.id, "slot": self.slot}
        if self.title:
            entry["title"] = self.title
        entry["text"] = self.text
        entry["source"] = self.source[0] if len(self.source) == 1 else list(self.source)
        if self.tags:
            entry["tags"] = dict(self.tags)
        if self.changes:
            entry["changes"] = list(self.changes)
        entry["confidence"] = round(self.confidence, 2)
        return entry


@dataclass
class FileError:
    """A file that could not be mined, and the message for the user."""

    path: Path
    message: str


@dataclass
class MineResult:
    """Everything `drafter mine` found: candidates, per-slot counts, failures, what was dropped."""

    candidates: list[Candidate]
    unclassified: list[Candidate]
    errors: list[FileError]
    dropped: dict[str, list[Dropped]]
    files: int = 0
    chars: int = 0

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for c in self.candidates:
            counts[c.slot] = counts.get(c.slot, 0) + 1
        return dict(sorted(counts.items()))

    def dropped_reasons(self) -> dict[str, int]:
        """How many lines or sentences were dropped, by reason."""
        counts: dict[str, int] = {}
        for items in self.dropped.values():
            for d in items:
                counts[d.reason] = counts.get(d.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


ProgressFn = Callable[[int, int, Path], None]


def collect_files(paths: list[Path]) -> tuple[list[Path], list[FileError]]:
    """The source files named or inside the folders named, and the paths that are not usable."""
    files: list[Path] = []
    errors: list[FileError] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                errors.append(FileError(path, f"文件夹里没有 .txt/.docx/.html 文件：{path}"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(FileError(path, f"找不到文件或文件夹：{path}"))
    return files, errors


def mine_paths(paths: list[Path], on_progress: ProgressFn | None = None) -> MineResult:
    """Mine every file; a bad file is reported in `errors` and the others are still mined."""
    files, errors = collect_files(paths)
    result = MineResult(candidates=[], unclassified=[], errors=errors, dropped={})
    for index, path in enumerate(files, start=1):
        try:
            text = read_source(path)
            found, unclassified, dropped = mine_text(text, path.name)
        except DrafterError as exc:
            result.errors.append(FileError(path, exc.message))
        except Exception as exc:  # one broken file must not lose the others' output
            result.errors.append(FileError(path, f"处理时出错：{type(exc).__name__}: {exc}"))
        else:
            if not found:
                result.errors.append(FileError(path, f"没有找到讲话正文：{path}"))
            result.candidates.extend(found)
            result.unclassified.extend(unclassified)
            result.dropped[path.name] = dropped
            result.files += 1
            result.chars += len(text)
        if on_progress:
            on_progress(index, len(files), path)
    result.candidates = merge_near_duplicates(result.candidates)
    return result


def clear_memos() -> None:
    """Forget the per-sentence and per-line results the stages remember (for measuring the speed
    on text never seen before; results are the same either way)."""
    from drafter.mine import classify, clean, deidentify, words

    deidentify._deidentify_memo.cache_clear()
    classify._scores_memo.cache_clear()
    clean.normalise_line.cache_clear()
    words._cut.cache_clear()


def mine_text(text: str, name: str) -> tuple[list[Candidate], list[Candidate], list[Dropped]]:
    """Mine one speech's text: (candidates, unclassified sentences, what was dropped and why)."""
    cleaned = clean_text(text)
    speech = segment_lines(cleaned.lines)
    dropped = list(cleaned.dropped) + list(speech.dropped)
    units = classify_units(speech.units)
    deputy = any(s.slot == "opening.deputy" for u in units for s in u.sentences)
    found: list[Candidate] = []
    unclassified: list[Candidate] = []
    for unit in units:
        for slot, sentences in _groups(unit):
            candidate = _candidate(unit, slot or UNCLASSIFIED, sentences, name, dropped, deputy,
                                   with_title=not found or found[-1].source[0] != f"{name}:{unit.line}")
            if candidate is None:
                continue
            (found if slot else unclassified).append(candidate)
    return found, unclassified, dropped


def _groups(unit: Unit) -> list[tuple[str | None, list[Sentence]]]:
    """Runs of consecutive sentences with the same slot."""
    groups: list[tuple[str | None, list[Sentence]]] = []
    for sentence in unit.sentences:
        if groups and groups[-1][0] == sentence.slot:
            groups[-1][1].append(sentence)
        else:
            groups.append((sentence.slot, [sentence]))
    return groups


def _candidate(unit: Unit, slot: str, sentences: list[Sentence], name: str, dropped: list[Dropped],
               deputy: bool, with_title: bool) -> Candidate | None:
    kept: list[str] = []
    changes: list[str] = []
    for sentence in sentences:
        clean = deidentify_sentence(sentence.text)
        if clean.drop:
            dropped.append(Dropped(unit.line, f"（{len(sentence.text)} 字）", f"去标识：{clean.drop}"))
            continue
        norm = normalise_text(clean.text, unit.text)
        kept.append(norm.text)
        changes.extend(clean.changes + norm.changes)
    if not kept:
        return None
    text = "".join(kept)
    title = _title(unit, changes) if with_title else None
    original = "".join(s.text for s in sentences)
    score = sum(s.score for s in sentences) / len(sentences)
    why = sorted({w for s in sentences for w in s.why})
    return Candidate(
        slot=slot, text=text, source=[f"{name}:{unit.line}"], title=title,
        tags=_tags(slot, original + (unit.title or ""), deputy),
        changes=list(dict.fromkeys(changes)),
        confidence=max(0.1, min(0.95, 0.3 + 0.08 * score - 0.03 * len(set(changes)))),
        why=why,
    )


def _title(unit: Unit, changes: list[str]) -> str | None:
    if not unit.title:
        return None
    clean = deidentify_sentence(unit.title)
    if clean.drop:
        return None
    norm = normalise_text(clean.text, unit.text)
    changes.extend(clean.changes + norm.changes)
    return norm.text.rstrip("，。；：")


def _tags(slot: str, text: str, deputy: bool) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    if slot.startswith("carriers."):
        tags["orgs"] = [slot.split(".", 1)[1]]
    else:
        orgs = detect_orgs(text)
        if orgs:
            tags["orgs"] = orgs[:1]
    if slot == "opening.deputy" or (deputy and slot.startswith("opening.")):
        tags["roles"] = ["deputy"]
    themes = [t for t, word in (("创先争优", "创先争优"), ("学习型党组织", "学习型党组织")) if word in text]
    if themes:
        tags["themes"] = themes
    eras = [era for era, markers in vocabulary()["era_markers"].items() if any(m in text for m in markers)]
    if eras:
        tags["eras"] = eras
    return tags


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Character-bigram Jaccard similarity of two texts (1.0 = same bigrams)."""
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else float(a == b)


def _near_duplicates(a: set[str], b: set[str], len_a: int, len_b: int) -> bool:
    """Same bigrams (Jaccard ≥ MERGE_SIMILARITY), or one text nearly inside the other and at least
    half its length (the same formulation with a lead-in: 基层党组织的“五个好”，即…)."""
    if not a or not b:
        return False
    common = len(a & b)
    if common / len(a | b) >= MERGE_SIMILARITY:
        return True
    return common / min(len(a), len(b)) >= MERGE_CONTAINED and min(len_a, len_b) >= 0.5 * max(len_a, len_b)


def _prefix(grams: set[str], rank: dict[str, tuple[int, str]]) -> list[str]:
    """The rarest bigrams of a text, enough of them that any text sharing at least 70 % of the
    smaller one's bigrams (which both near-duplicate tests require) shares one of them with it:
    if two sets share c ≥ t elements, the first n − t + 1 of a set of n (in any fixed order) hold
    one of them. t is taken a little low (integer floor, minus one), which only costs a few more
    comparisons and keeps the bound safe from rounding."""
    ordered = sorted(grams, key=rank.__getitem__)
    need = max(1, (7 * len(ordered)) // 10 - 1)
    return ordered[:len(ordered) - need + 1]


def merge_near_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    """Merge candidates of one slot whose texts are near-duplicates, keeping the longer text and
    every source.

    Each candidate is merged into the first kept candidate of its slot that is a near-duplicate,
    exactly as comparing it with every kept one in order would. That pairwise scan grows with the
    square of the corpus (6,000 distinct candidates took 11 s; a 10 MB corpus of distinct speeches
    gives ~25,000), so only the kept candidates that can pass the test are compared: those that
    share one of the new text's rarest bigrams, or whose own rarest bigrams the new text has
    (see `_prefix`; "rare" is counted over all candidates, most texts share only common bigrams
    such as 党的 or 工作). The test itself is the same as before."""
    from collections import Counter, defaultdict

    by_text: dict[str, set[str]] = {}  # a corpus repeats texts: their bigrams are computed once
    all_grams = [by_text[c.text] if c.text in by_text else by_text.setdefault(c.text, _bigrams(c.text))
                 for c in candidates]
    frequency = Counter(g for grams in all_grams for g in grams)
    rank = {g: (n, g) for g, n in frequency.items()}  # rarest first; ties by the bigram itself
    out: list[Candidate] = []
    grams_of: list[set[str]] = []
    prefix_of: list[list[str]] = []
    # slot -> bigram -> indices into `out` of the kept candidates having it / having it in their prefix
    every: defaultdict[str, defaultdict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    rare: defaultdict[str, defaultdict[str, set[int]]] = defaultdict(lambda: defaultdict(set))

    def index(i: int, grams: set[str], prefix: list[str], slot: str) -> None:
        for g in grams:
            every[slot][g].add(i)
        for g in prefix:
            rare[slot][g].add(i)

    # A text seen before in the same slot: where it went (the kept candidate with that text) and how
    # many replacements had happened then. It is still the first match unless a kept candidate at
    # or before that index has since taken a new text (appends only add later indices).
    seen: dict[tuple[str, str], tuple[int, int]] = {}
    replaced: list[int] = []  # indices whose kept candidate took a new text, in order

    for cand, grams in zip(candidates, all_grams):
        slot_every, slot_rare = every[cand.slot], rare[cand.slot]
        key = (cand.slot, cand.text)
        before = seen.get(key)
        prefix: list[str] = []
        if grams and before is not None and all(j > before[0] for j in replaced[before[1]:]):
            match: int | None = before[0]  # where the same text went last time is still its first match
        else:
            prefix = _prefix(grams, rank)
            possible: set[int] = set()
            for g in grams:  # .get: looking up must not add empty entries to the index
                possible.update(slot_rare.get(g, ()))
            for g in prefix:
                possible.update(slot_every.get(g, ()))
            match = min((i for i in possible
                         if _near_duplicates(grams, grams_of[i], len(cand.text), len(out[i].text))), default=None)
        if match is None:
            seen[key] = (len(out), len(replaced))
            index(len(out), grams, prefix, cand.slot)
            out.append(cand)
            grams_of.append(grams)
            prefix_of.append(prefix)
            continue
        kept = out[match]
        base, other = (cand, kept) if len(cand.text) > len(kept.text) else (kept, cand)
        base.source = base.source + [s for s in other.source if s not in base.source]
        base.confidence = min(0.95, max(kept.confidence, cand.confidence) + 0.05)
        base.title = base.title or other.title
        if base is cand:  # the kept entry now has the new, longer text: index that instead
            for g in grams_of[match]:
                slot_every[g].discard(match)
            for g in prefix_of[match]:
                slot_rare[g].discard(match)
            prefix = prefix or _prefix(grams, rank)
            index(match, grams, prefix, cand.slot)
            grams_of[match], prefix_of[match] = grams, prefix
            replaced.append(match)
        out[match] = base
        seen[key] = (match, len(replaced))
    return out


# Characters whose YAML output libyaml's emitter and PyYAML's own emitter write identically (checked
# by a randomised test over these ranges, lengths 1–3,000): CJK ideographs, CJK and full-width
# punctuation, general punctuation up to U+2027, ASCII letters and digits, a few ASCII signs, →.
# Tabs, backslashes, quotes, emoji and control characters are double-quoted and wrapped differently.
_EMITTER_SAFE = re.compile(r"[\u4e00-\u9fff\uff01-\uff5e\u3000-\u303f\u2010-\u20270-9A-Za-z {}*%._\-:/·×→]*")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _dump_entry(yaml: Any, entry: dict[str, object]) -> str:
    """One entry as YAML. libyaml's emitter is ~6× faster than the pure-Python one (writing a
    10 MB corpus's candidates took a second); it is used only where the two give the same bytes,
    so the file does not depend on whether PyYAML was built with libyaml."""
    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 1000}
    dumper = getattr(yaml, "CSafeDumper", None)
    if dumper is not None and all(_EMITTER_SAFE.fullmatch(s) for s in _strings(entry)):
        return yaml.dump([entry], Dumper=dumper, **options)
    return yaml.safe_dump([entry], **options)


def write_candidates(result: MineResult, out_path: Path, include_unclassified: bool = False) -> Path:
    """Write the candidates as a YAML list of phrasebank entries, each preceded by why it got its slot."""
    import yaml

    lines = ["# drafter mine 的候选条目：每条可直接粘贴进 phrasebank.yaml。",
             f"# 来源文件 {result.files} 个；候选 {len(result.candidates)} 条。"]
    items = result.candidates + (result.unclassified if include_unclassified else [])
    for cand in items:
        lines.append("")
        lines.append(f"# 归类依据：{'；'.join(cand.why)}")
        dumped = _dump_entry(yaml, cand.to_entry())
        lines.append(dumped.rstrip("\n"))
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"无法写入 {out_path}（{exc.strerror}）", path=out_path,
                          hint="请检查文件夹权限，或关闭正在使用这个文件的程序。") from exc
    return out_path
