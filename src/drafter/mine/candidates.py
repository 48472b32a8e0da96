"""Stage 6: run the stages over files, build phrasebank candidates, merge near-duplicates, write YAML.

Each candidate is a mapping with the phrasebank's schema (id, slot, title, text, source, tags,
changes, confidence) so it can be pasted into phrasebank.yaml as it is.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from functools import lru_cache
from operator import add
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, AbstractSet, Any, Callable, Iterator, cast

from drafter.errors import DrafterError, InputError, OutputError
from drafter.mine.classify import classify_units, detect_orgs
from drafter.mine.clean import clean_text
from drafter.mine.deidentify import deidentified, own_names
from drafter.mine.model import Dropped, Sentence, Unit
from drafter.mine.normalise import normalised
from drafter.mine.read import SUFFIXES, read_source
from drafter.mine.rules import vocabulary
from drafter.mine.segment import segment_lines

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

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


# Short names for what de-identification and normalisation changed (the part of a change before
# " → " or "："), for the per-file report.
_CHANGE_LABELS = {"单位名称": "单位", "上级党委": "上级党委", "本单位自称": "本单位自称", "全单位": "全单位",
                  "建党周年数": "建党周年", "下一次党代会": "党代会届次", "删去具体时间": "时间", "删去网址": "网址"}
_CORRECTIONS = ("错别字", "规范表述")


def _change_label(change: str) -> str:
    head = change.split(" → ", 1)[0].split("：", 1)[0]
    return _CHANGE_LABELS.get(head, head)


def _drop_label(reason: str) -> str:
    """去标识：含领导人讲话（时代限定） → 领导人讲话（时代限定）; 含无法确认的专名（--strict） → 无法确认的专名."""
    label = reason.removeprefix("去标识：")
    label = label.removeprefix("含").removesuffix("（--strict）")
    return label


@dataclass
class FileReport:
    """What mining one file replaced and dropped: each replacement in the text kept (by kind, one
    per occurrence), each sentence dropped by de-identification and each line dropped by cleaning
    (by reason)."""

    replaced: dict[str, int] = field(default_factory=dict)
    corrected: int = 0
    dropped_sentences: dict[str, int] = field(default_factory=dict)
    dropped_lines: dict[str, int] = field(default_factory=dict)

    def add_changes(self, changes: list[str]) -> None:
        for change in changes:
            label = _change_label(change)
            if label in _CORRECTIONS:
                self.corrected += 1
            else:
                self.replaced[label] = self.replaced.get(label, 0) + 1

    def add_dropped(self, dropped: list[Dropped]) -> None:
        for d in dropped:
            if d.reason.startswith("去标识："):
                label = _drop_label(d.reason)
                self.dropped_sentences[label] = self.dropped_sentences.get(label, 0) + 1
            else:
                self.dropped_lines[d.reason] = self.dropped_lines.get(d.reason, 0) + 1

    def line(self, name: str) -> str:
        """One line for a person: 文件名：替换 12 处（地名 5、单位 4、人名 3），删去 3 句（…）."""
        def counted(counts: dict[str, int]) -> str:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            return "、".join(f"{label} {n}" for label, n in ordered)

        parts = []
        replaced = sum(self.replaced.values())
        parts.append(f"替换 {replaced} 处（{counted(self.replaced)}）" if replaced else "无替换")
        if self.corrected:
            parts.append(f"改正 {self.corrected} 处")
        sentences = sum(self.dropped_sentences.values())
        parts.append(f"删去 {sentences} 句（{counted(self.dropped_sentences)}）" if sentences else "未删句子")
        lines = sum(self.dropped_lines.values())
        if lines:
            parts.append(f"另删去 {lines} 行（{counted(self.dropped_lines)}）")
        return f"{name}：" + "，".join(parts)


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
    backup: Path | None = None  # where write_candidates copied a file it replaced
    unclassified_count: int = 0  # kept in `unclassified` unless mine_paths was told not to
    reports: list[tuple[Path, FileReport]] = field(default_factory=list)  # per file mined, in order

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


# Below this much text (bytes) files are mined in this process: starting workers and loading the
# segmenter in each costs more than it saves on a few speeches.
PARALLEL_MIN_BYTES = 2_000_000


def mine_paths(paths: list[Path], on_progress: ProgressFn | None = None, strict: bool = False,
               jobs: int | None = None, keep_unclassified: bool = True) -> MineResult:
    """Mine every file; a bad file is reported in `errors` and the others are still mined.
    `strict` also drops sentences that still hold a name-like word nothing could place.
    `jobs`: processes mining at once for large archives, this one included (default: the CPU
    count); the result is the same whatever the number, as files are mined independently and
    gathered in order.
    `keep_unclassified=False` only counts the sentences no slot took (saves memory on large archives)."""
    files, errors = collect_files(paths)
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs 应当是正整数，现在是 {jobs}。", hint="不写 --jobs 则按 CPU 核数并行。")
    result = MineResult(candidates=[], unclassified=[], errors=errors, dropped={})
    merger = NearDuplicateMerger()  # fed as files arrive: merging overlaps the workers' mining
    import gc

    # Only when nothing else froze objects: unfreezing at the end must not release what a caller froze.
    freeze = gc.get_freeze_count() == 0
    try:
        _gather(files, _mined(files, strict, jobs, keep_unclassified), result, merger, keep_unclassified,
                on_progress, gc.freeze if freeze else lambda: None)
    finally:
        if freeze:
            gc.unfreeze()
    result.candidates = merger.out
    return result


def _gather(files: list[Path], mined: Iterator[tuple[bool, Any]], result: MineResult, merger: NearDuplicateMerger,
            keep_unclassified: bool, on_progress: ProgressFn | None, settle: Callable[[], None]) -> None:
    """Each file's result into `result` and `merger`, in order. `settle` runs after each file: the
    garbage collector's freeze, so that what was kept (every candidate of the archive, the
    index) is not traversed again by every later collection, which cost ~10 % of the CPU on
    16 MB; what one file leaves behind is still collected as usual."""
    for index, (path, (ok, value)) in enumerate(zip(files, mined, strict=True), start=1):
        if not ok:
            result.errors.append(FileError(path, value))
        else:
            found, unclassified, dropped, chars, report = value
            if not found:
                result.errors.append(FileError(path, f"没有找到讲话正文：{path}"))
            for cand in found:
                merger.add(cand)
            if keep_unclassified:
                result.unclassified.extend(unclassified)
                result.unclassified_count += len(unclassified)
            else:
                result.unclassified_count += unclassified  # only counted, not sent back
            result.dropped[path.name] = dropped
            result.reports.append((path, report))
            result.files += 1
            result.chars += chars
        if on_progress:
            on_progress(index, len(files), path)
        settle()


def _mine_file(path: Path, strict: bool, keep_unclassified: bool = True) -> tuple[bool, Any]:
    """(True, (candidates, unclassified, dropped, characters, report)) or (False, message for the user)."""
    try:
        text = read_source(path)
        report = FileReport()
        found, unclassified, dropped = _mine(text, path.name, strict, report, keep_unclassified)
    except DrafterError as exc:
        return False, exc.message
    except Exception as exc:  # one broken file must not lose the others' output
        return False, f"处理时出错：{type(exc).__name__}: {exc}"
    report.add_dropped(dropped)
    return True, (found, unclassified, dropped, len(text), report)


def _warm() -> None:
    """Load what every file needs (segmenter, place names, rules) once per process."""
    from drafter.mine.deidentify import _patterns
    from drafter.mine.gazetteer import place_names
    from drafter.mine.words import load_jieba, word_tags

    load_jieba()
    word_tags()
    place_names()
    _patterns()


def _mined(files: list[Path], strict: bool, jobs: int | None, keep_unclassified: bool = True) -> Iterator[tuple[bool, Any]]:
    """Each file's result, in the files' order: in this process for a small archive, otherwise in
    this process and `jobs - 1` worker processes (the stages are pure functions of a file's text,
    so the result is the same)."""
    import os

    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    jobs = min(jobs or os.cpu_count() or 1, len(files))
    if jobs <= 1 or sum(size(p) for p in files) < PARALLEL_MIN_BYTES:
        for path in files:
            yield _mine_file(path, strict, keep_unclassified)
        return
    yield from _Workers(files, strict, keep_unclassified, jobs - 1).results()


class _Workers:
    """Worker processes that mine chunks of files while this process merges what they sent back and,
    whenever the next file's result is not there yet, mines the next file nobody has taken itself.

    Why not a multiprocessing.Pool with a worker per core: this process merges every candidate
    (~a fifth of the CPU of unrepeated text), so it would be a third busy process on two cores, and
    the pool's threads (one unpickling results while the main thread merges) cost ~1 s of CPU on
    10 MB in the GIL's hand-overs. Here there is one process per core and no thread but each worker's
    writer; the results are the same whoever mines a file."""

    _DEPTH = 2  # chunks given to a worker ahead: it never waits for this process to hand it the next

    def __init__(self, files: list[Path], strict: bool, keep_unclassified: bool, workers: int) -> None:
        self.files, self.strict, self.keep = files, strict, keep_unclassified
        self.workers = workers
        self.taken = 0  # files[:taken] are mined or given to a worker
        self.done: dict[int, tuple[bool, Any]] = {}
        self.given: dict[Connection, list[list[int]]] = {}  # a worker's connection -> the chunks it has not answered

    def results(self) -> Iterator[tuple[bool, Any]]:
        import multiprocessing

        from drafter.mine.words import prepare_tables

        prepare_tables()  # the first run on a machine builds the segmenter's tables here, not in each worker
        context = multiprocessing.get_context()
        processes = []
        finished = False
        try:
            for _ in range(self.workers):
                mine_end, worker_end = context.Pipe()
                process = context.Process(target=_work, args=(worker_end, self.strict, self.keep), daemon=True)
                process.start()
                worker_end.close()
                processes.append(process)
                self.given[mine_end] = []
            for index in range(len(self.files)):
                while index not in self.done:
                    self._step()
                yield self.done.pop(index)
            finished = True
        finally:
            for conn in self.given:
                if finished:
                    conn.send(None)  # every result was read: the worker is waiting for its next chunk
                conn.close()
            for process in processes:
                if not finished:  # stopped half-way (an error, Ctrl-C): nobody will read what it sends
                    process.terminate()
                process.join()

    def _step(self) -> None:
        """Give the workers work, take in what they sent, or mine one file here."""
        import pickle
        from multiprocessing.connection import wait

        for conn, chunks in self.given.items():
            while len(chunks) < self._DEPTH and self.taken < len(self.files):
                chunk = self._take()
                conn.send([(i, self.files[i]) for i in chunk])
                chunks.append(chunk)
        ready = wait(list(self.given), timeout=0)
        if not ready and self.taken < len(self.files):
            index = self._take(1)[0]
            self.done[index] = _mine_file(self.files[index], self.strict, self.keep)
            return
        for conn in cast("list[Connection]", ready or wait(list(self.given))):
            try:
                self.done.update(pickle.loads(conn.recv_bytes()))
                self.given[conn].pop(0)
            except (EOFError, OSError):  # a worker died (killed, out of memory): its files are mined here
                for chunk in self.given.pop(conn):
                    for i in chunk:
                        self.done[i] = _mine_file(self.files[i], self.strict, self.keep)
                conn.close()

    def _take(self, most: int = 4) -> list[int]:
        """The next files nobody has taken: `most`, fewer towards the end (so that the processes
        finish together, not one with a last chunk while the others wait)."""
        left = len(self.files) - self.taken
        count = max(1, min(most, left // (4 * (self.workers + 1))))
        chunk = list(range(self.taken, self.taken + count))
        self.taken += count
        return chunk


def _work(conn: Connection, strict: bool, keep_unclassified: bool) -> None:
    """A worker process: mine the chunks of files sent on `conn` until told to stop (None), sending
    back each chunk's results. A thread sends them, so that mining the next chunk does not wait
    for the other process to read."""
    import gc
    import pickle
    import queue
    import threading

    outbox: queue.Queue[bytes | None] = queue.Queue()

    def send() -> None:
        while (data := outbox.get()) is not None:
            try:
                conn.send_bytes(data)
            except OSError:
                return

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    try:
        _warm()
        while (chunk := conn.recv()) is not None:
            results = [(i, _mine_file(path, strict, keep_unclassified)) for i, path in chunk]
            outbox.put(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
            # What the worker keeps from file to file (the stages' memos, the loaded tables) need not
            # be traversed by every later collection (see _gather); what is dropped is still freed.
            gc.freeze()
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the other process is gone or the user stopped the run: nothing to send
    finally:
        outbox.put(None)
        sender.join()


def clear_memos() -> None:
    """Forget the per-sentence and per-line results the stages remember (for measuring the speed
    on text never seen before; results are the same either way)."""
    from drafter.mine import classify, clean, deidentify, words

    deidentify._deidentify_memo.cache_clear()
    classify._scores_memo.cache_clear()
    clean.normalise_line.cache_clear()
    words._cut.cache_clear()


def mine_text(text: str, name: str, strict: bool = False,
              report: FileReport | None = None) -> tuple[list[Candidate], list[Candidate], list[Dropped]]:
    """Mine one speech's text: (candidates, unclassified sentences, what was dropped and why).
    `report`, if given, counts every change made in the text kept (what was dropped is in the
    third value: `FileReport.add_dropped` counts it)."""
    found, unclassified, dropped = _mine(text, name, strict, report, keep_unclassified=True)
    return found, cast("list[Candidate]", unclassified), dropped


def _mine(text: str, name: str, strict: bool, report: FileReport | None,
          keep_unclassified: bool) -> tuple[list[Candidate], list[Candidate] | int, list[Dropped]]:
    """`mine_text`; without `keep_unclassified` the unclassified sentences are only counted (and
    still de-identified and normalised, for the report): a sixth of the candidates of unrepeated
    speeches, whose tags and records `drafter mine` without --all never writes."""
    cleaned = clean_text(text)
    speech = segment_lines(cleaned.lines)
    dropped = list(cleaned.dropped) + list(speech.dropped)
    units = classify_units(speech.units)
    deputy = any(s.slot == "opening.deputy" for u in units for s in u.sentences)
    own = own_names(speech.title) if speech.title else frozenset()  # the speaking unit: 在X镇…上的讲话
    found: list[Candidate] = []
    unclassified: list[Candidate] = []
    counted = 0
    for unit in units:
        for slot, sentences in _groups(unit):
            with_title = not found or found[-1].source[0] != f"{name}:{unit.line}"
            if slot is None and not keep_unclassified:
                counted += _kept_text(unit, sentences, dropped, strict, own, with_title, report) is not None
                continue
            candidate = _candidate(unit, slot or UNCLASSIFIED, sentences, name, dropped, deputy, strict, own,
                                   with_title=with_title, report=report)
            if candidate is None:
                continue
            (found if slot else unclassified).append(candidate)
    return found, (unclassified if keep_unclassified else counted), dropped


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
               deputy: bool, strict: bool, own: frozenset[str], with_title: bool,
               report: FileReport | None = None) -> Candidate | None:
    kept = _kept_text(unit, sentences, dropped, strict, own, with_title, report)
    if kept is None:
        return None
    text, changes, title = kept
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


def _kept_text(unit: Unit, sentences: list[Sentence], dropped: list[Dropped], strict: bool, own: frozenset[str],
               with_title: bool, report: FileReport | None) -> tuple[str, list[str], str | None] | None:
    """The sentences' text as a candidate has it, its changes and its title; None when
    de-identification dropped every sentence (each drop is added to `dropped`, each change kept
    to `report`)."""
    kept: list[str] = []
    changes: list[str] = []
    for sentence in sentences:
        clean, replaced, drop = deidentified(sentence.text, strict, own)
        if drop:
            dropped.append(Dropped(unit.line, f"（{len(sentence.text)} 字）", f"去标识：{drop}"))
            continue
        norm, corrected = normalised(clean, unit.text)
        kept.append(norm)
        changes += replaced
        changes += corrected
    if not kept:
        return None
    title = _title(unit, changes, strict, own) if with_title else None
    if report is not None:
        report.add_changes(changes)
    return "".join(kept), changes, title


def _title(unit: Unit, changes: list[str], strict: bool, own: frozenset[str]) -> str | None:
    if not unit.title:
        return None
    clean, replaced, drop = deidentified(unit.title, strict, own)
    if drop:
        return None
    norm, corrected = normalised(clean, unit.text)
    changes += replaced
    changes += corrected
    return norm.rstrip("，。；：")


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
    themes = [key for key, name in _themes() if name in text]
    if themes:
        tags["themes"] = themes
    eras = [era for era, markers in _era_markers() if markers.search(text)]
    if eras:
        tags["eras"] = eras
    return tags


@lru_cache(maxsize=1)
def _themes() -> tuple[tuple[str, str], ...]:
    """Each simple theme of themes.yaml (its key, the tag) and its name, the word that marks a text
    as being about it: a theme added in the YAML is tagged too."""
    from drafter.domain import load_themes

    return tuple((t.key, t.name) for t in load_themes().values() if len(t.parts) == 1)


@lru_cache(maxsize=1)
def _era_markers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each era with one pattern for its markers: a search finds whether any of them is in a text
    (one scan in C where a test per marker cost ~6 µs a candidate)."""
    return tuple((era, re.compile("|".join(map(re.escape, markers))))
                 for era, markers in vocabulary()["era_markers"].items() if markers)


def _bigrams(text: str) -> set[str]:
    return set(map(add, text, text[1:]))


# A kept text's bigrams for the exact test. Not kept for every candidate (sets of bigrams for every
# candidate of a 50 MB archive would take more memory than all the rest), but the few kept
# candidates that a slot's formulaic sentences keep being tested against are remembered.
@lru_cache(maxsize=2048)
def _kept_bigrams(text: str) -> frozenset[str]:
    return frozenset(map(add, text, text[1:]))


def similarity(a: str, b: str) -> float:
    """Character-bigram Jaccard similarity of two texts (1.0 = same bigrams)."""
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else float(a == b)


def _near_duplicates(a: AbstractSet[str], b: AbstractSet[str], len_a: int, len_b: int) -> bool:
    """Same bigrams (Jaccard ≥ MERGE_SIMILARITY), or one text nearly inside the other and at least
    half its length (the same formulation with a lead-in: 基层党组织的“五个好”，即…)."""
    if not a or not b:
        return False
    common = len(a & b)
    if common >= MERGE_SIMILARITY * (len(a) + len(b) - common):  # |a ∪ b| without building it
        return True
    return common >= MERGE_CONTAINED * min(len(a), len(b)) and min(len_a, len_b) >= 0.5 * max(len_a, len_b)


# The near-duplicate index: MinHash signatures of each text's bigrams (rensa, a Rust MinHash
# library: no dependencies, imports in ~10 ms, where datasketch pulls in SciPy, ~2 s on every run),
# banded for locality-sensitive hashing. With 25 bands of 5 rows, two texts whose bigram Jaccard is
# J share a band with probability 1 − (1 − J⁵)²⁵: 0.99 at the merge threshold 0.7, 0.999 at 0.8,
# 0.76 at 0.56, 0.30 at 0.43 (a text 90 % inside one twice its length), 0.0002 at 0.1 (two
# unrelated paragraphs of one slot: the median Jaccard on corpus/ is 0.06). The exact test below then
# decides, so nothing is merged that the pairwise scan would not merge; a near-duplicate is missed
# (and stays a separate candidate) only with the small probabilities above.
# The seed is fixed: the same input always gives the same candidates.
MINHASH_PERMUTATIONS = 125
LSH_BANDS = 25
MINHASH_SEED = 1
# How far below the least Jaccard a near-duplicate can have its MinHash estimate may fall (the
# estimate's standard deviation with 125 permutations is ≤ 0.045): pairs estimated lower are not
# tested exactly. In slots where every speech uses one formula (今天召开这次大会，主要任务是…) many pairs
# share a band without being near-duplicates; the estimate turns most of them away at a fraction
# of the cost of the exact test.
ESTIMATE_MARGIN = 0.15


def _least_jaccard(len_a: int, len_b: int) -> float:
    """The least bigram Jaccard two texts of these lengths can have and still be near-duplicates
    (either test), less ESTIMATE_MARGIN: 0.7, down to 0.43 for a text nearly inside one twice its
    length. Set sizes are taken as lengths − 1 (at most that many distinct bigrams)."""
    small, large = (len_a, len_b) if len_a <= len_b else (len_b, len_a)
    least = MERGE_SIMILARITY
    if small >= 0.5 * large:
        least = min(least, MERGE_CONTAINED * small / (large + (1 - MERGE_CONTAINED) * small))
    return least - ESTIMATE_MARGIN


def merge_near_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    """Merge candidates of one slot whose texts are near-duplicates, keeping the longer text and
    every source.

    Each candidate is merged into the first kept candidate of its slot that is a near-duplicate, as
    comparing it with every kept one in order would; but it is compared only with the kept
    candidates that a MinHash LSH index (one per slot) offers, so the cost grows with the number of
    candidates, not with its square (the pairwise scan took minutes for 10 MB of distinct speeches)."""
    merger = NearDuplicateMerger()
    for cand in candidates:
        merger.add(cand)
    return merger.out


class NearDuplicateMerger:
    """`merge_near_duplicates` one candidate at a time, in order (`out` is the merged list so far):
    `mine_paths` merges each file's candidates as they arrive from the worker processes."""

    def __init__(self) -> None:
        from rensa import RMinHash, RMinHashLSH

        self._minhash_class, self._lsh_class = RMinHash, RMinHashLSH
        self.out: list[Candidate] = []
        self._minhash_of: list[Any] = []
        # Each kept text's length, packed: reading it from the candidate objects, scattered over
        # hundreds of megabytes, costs more than the estimate it is needed for.
        self._lengths = array("q")
        self._indexes: dict[str, Any] = {}  # slot -> LSH index of its kept candidates (keys: indices into `out`)
        # A text seen before in the same slot: where it went (the kept candidate with that text) and how
        # many replacements had happened then. It is still the first match unless a kept candidate at
        # or before that index has since taken a new text (appends only add later indices).
        self._seen: dict[tuple[str, str], tuple[int, int]] = {}
        self._replaced: list[int] = []  # indices whose kept candidate took a new text, in order
        self._sources_of: dict[int, set[str]] = {}  # index in `out` -> the sources its candidate has

    def _signature(self, text: str, grams: list[str] | None = None) -> Any:
        minhash = self._minhash_class(num_perm=MINHASH_PERMUTATIONS, seed=MINHASH_SEED)
        # The bigrams, as a list: rensa reads a list ~4× faster than an iterator (same signature;
        # their order does not change a minimum).
        minhash.update(grams if grams is not None else list(map(add, text, text[1:])))
        return minhash

    def _first_near(self, text: str, minhash: Any, offered: list[int], grams: list[str]) -> int | None:
        """The first of the `offered` kept candidates (in index order) that is a near-duplicate of
        `text`: its MinHash estimate must reach the least Jaccard a near-duplicate of that length
        can have (as `_least_jaccard`, inlined: this loop runs ~10 times a candidate on a large
        archive), then the exact test decides."""
        out, minhash_of, lengths = self.out, self._minhash_of, self._lengths
        len_a = len(text)
        jaccard = minhash.jaccard
        mine: set[str] | None = None  # the new text's bigrams, made only if a pair gets that far
        for i in sorted(offered):
            len_b = lengths[i]
            small, large = (len_a, len_b) if len_a <= len_b else (len_b, len_a)
            least = MERGE_SIMILARITY
            if small >= 0.5 * large:
                contained = MERGE_CONTAINED * small / (large + (1 - MERGE_CONTAINED) * small)
                if contained < least:
                    least = contained
            if jaccard(minhash_of[i]) < least - ESTIMATE_MARGIN:
                continue
            if mine is None:
                mine = set(grams)
            if _near_duplicates(mine, _kept_bigrams(out[i].text), len_a, len_b):
                return i
        return None

    def add(self, cand: Candidate) -> None:
        """Keep `cand`, or merge it into the first kept near-duplicate of its slot."""
        out, replaced = self.out, self._replaced
        text = cand.text
        key = (cand.slot, text)
        before = self._seen.get(key)
        has_grams = len(text) > 1  # a one-character text has no bigrams: never a near-duplicate
        minhash = None  # computed only when needed: a text seen before goes where it went then
        index = self._indexes.get(cand.slot)
        if index is None:
            index = self._indexes[cand.slot] = self._lsh_class(
                threshold=MERGE_SIMILARITY, num_perm=MINHASH_PERMUTATIONS, num_bands=LSH_BANDS)
        if has_grams and before is not None and all(j > before[0] for j in replaced[before[1]:]):
            match: int | None = before[0]  # where the same text went last time is still its first match
        elif has_grams:
            grams = list(map(add, text, text[1:]))
            minhash = self._signature(text, grams)
            match = self._first_near(text, minhash, index.query(minhash), grams)
        else:
            match = None
        if match is None:
            self._seen[key] = (len(out), len(replaced))
            if has_grams:
                minhash = minhash if minhash is not None else self._signature(text)
                index.insert(len(out), minhash)
            out.append(cand)
            self._minhash_of.append(minhash)
            self._lengths.append(len(text))
            return
        kept = out[match]
        base, other = (cand, kept) if len(text) > len(kept.text) else (kept, cand)
        # Sources in order, each once. A set per kept candidate: a formula every speech uses can
        # gather thousands of sources, and scanning the list for each would be quadratic.
        known = self._sources_of.get(match)
        if known is None or base is cand:
            base.source = list(base.source)  # never change a list the caller still holds
            known = self._sources_of[match] = set(base.source)
        for s in other.source:
            if s not in known:
                known.add(s)
                base.source.append(s)
        base.confidence = min(0.95, max(kept.confidence, cand.confidence) + 0.05)
        base.title = base.title or other.title
        if base is cand:  # the kept entry now has the new, longer text: index that instead
            minhash = minhash if minhash is not None else self._signature(text)
            index.remove(match)
            index.insert(match, minhash)
            self._minhash_of[match] = minhash
            self._lengths[match] = len(text)
            replaced.append(match)
        out[match] = base
        self._seen[key] = (match, len(replaced))


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


# How libyaml writes a string of _EMITTER_SAFE's characters of at most _SHORT characters (never
# wrapped: the width is 1,000 columns), as PyYAML's emitter decides it (Emitter.analyze_scalar,
# choose_scalar_style): plain unless it starts with an indicator or a space, ends with a space or
# ":", holds ": ", starts with "---" or "...", or would read back as something else than a string
# (2010, yes, 1.5: the resolver decides); otherwise single-quoted (these characters hold no quote).
_SHORT = 900
_SAFE_CHARS = re.compile(r"[\u4e00-\u9fff\uff01-\uff5e\u3000-\u303f\u2010-\u20270-9A-Za-z {}*%._\-:/·×→]+")
_STR_TAG = "tag:yaml.org,2002:str"
_FLOAT = re.compile(r"0\.[0-9]{1,2}|1\.0")


def _scalar(text: str, resolves: Callable[[str], bool]) -> str | None:
    """`text` as libyaml writes it in a block mapping or sequence, or None if not handled here.
    `resolves(text)`: whether the text would read back as something else than a string."""
    if not text or len(text) > _SHORT or not _SAFE_CHARS.fullmatch(text):
        return None
    first = text[0]
    ws_next = len(text) == 1 or text[1] == " "
    quoted = (first in " {}*%" or (first in ":-" and ws_next) or text[-1] in " :" or ": " in text
              or text.startswith(("---", "...")))
    if not quoted and first < "\x80" and resolves(text):
        quoted = True
    return f"'{text}'" if quoted else text


class _Scalars:
    """`_scalar` with PyYAML's resolver, remembered for short strings (slots, tags and changes recur
    in thousands of entries). A string that none of the resolver's patterns matches is a string,
    found with one search made of all of them (`Resolver.resolve` picks some by the first character
    and tries each: ~2 µs in Python for every id and source). Writing 10 MB of unrepeated speeches'
    candidates: 0.69–0.77 → 0.69–0.73 s (best of 5, one process, 3 rounds in turn with the code before)."""

    _MEMO_MAX = 100  # characters: longer strings are texts, each written once

    def __init__(self, resolver: Any, scalar_node: Any) -> None:
        self._resolver, self._node = resolver, scalar_node
        patterns = {(p.pattern, p.flags & re.X) for rules in resolver.yaml_implicit_resolvers.values()
                    for _, p in rules}
        self._any = re.compile("|".join(f"(?{'x' if verbose else ''}:{pattern})"
                                        for pattern, verbose in sorted(patterns)))
        self._memo: dict[str, str | None] = {}

    def _resolves(self, text: str) -> bool:
        return self._any.match(text) is not None and \
            self._resolver.resolve(self._node, text, (True, False)) != _STR_TAG

    def __call__(self, text: str) -> str | None:
        out = self._memo.get(text, self)  # most ids, sources and texts are new: no KeyError raised for them
        if out is self:
            out = _scalar(text, self._resolves)
            if len(text) <= self._MEMO_MAX:
                self._memo[text] = out
        return out  # type: ignore[return-value]


def _fast_entry(entry: dict[str, object], scalar: Callable[[str], str | None]) -> str | None:
    """The entry as libyaml would write it (see _dump_entry), written directly, or None when one of
    its values is not of the simple kind handled here (`scalar`: a `_Scalars`). Writing a 16 MB
    archive's candidates through PyYAML's representer cost about as much CPU as de-identifying its
    sentences; tests check this against PyYAML on real entries and on random strings of the
    characters handled."""
    out: list[str] = []
    lead = "- "
    for key, value in entry.items():
        if isinstance(value, str):
            text = scalar(value)
            if text is None:
                return None
            out.append(f"{lead}{key}: {text}")
        elif isinstance(value, float):
            text = repr(value)
            if not _FLOAT.fullmatch(text):
                return None
            out.append(f"{lead}{key}: {text}")
        elif isinstance(value, list):
            items = _scalars(value, scalar)
            if items is None:
                return None
            out.append(f"{lead}{key}:")
            out.extend(f"  - {v}" for v in items)
        elif isinstance(value, dict) and value:
            out.append(f"{lead}{key}:")
            for name, listed in value.items():
                label = scalar(name) if isinstance(name, str) else None
                items = _scalars(listed, scalar) if isinstance(listed, list) else None
                if label is None or items is None:
                    return None
                out.append(f"    {label}:")
                out.extend(f"    - {v}" for v in items)
        else:
            return None
        lead = "  "
    return "\n".join(out) + "\n"


def _scalars(values: list[object], scalar: Callable[[str], str | None]) -> list[str] | None:
    out = [scalar(v) if isinstance(v, str) else None for v in values]
    return out if out and None not in out else None  # type: ignore[return-value]


def write_candidates(result: MineResult, out_path: Path, include_unclassified: bool = False) -> Path:
    """Write the candidates as a YAML list of phrasebank entries, each preceded by why it got its slot.

    The file is written atomically (a temporary file renamed over it), and a file already there is
    first copied to name.bak (name.1.bak, … if that exists): a clerk's hand-edited candidates are
    never lost; `result.backup` says where the copy went."""
    import yaml

    from drafter.files import backup, write_atomic

    lines = ["# drafter mine 的候选条目：每条可直接粘贴进 phrasebank.yaml。",
             f"# 来源文件 {result.files} 个；候选 {len(result.candidates)} 条。"]
    if result.reports:  # where each file's names and dated references went
        lines.append("# 各文件替换和删去的内容：")
        lines.extend(f"#   {report.line(path.name)}" for path, report in result.reports)
    items = result.candidates + (result.unclassified if include_unclassified else [])
    scalar = _Scalars(yaml.resolver.Resolver(), yaml.nodes.ScalarNode)
    for cand in items:
        lines.append("")
        lines.append(f"# 归类依据：{'；'.join(cand.why)}")
        entry = cand.to_entry()
        dumped = _fast_entry(entry, scalar) or _dump_entry(yaml, entry)
        lines.append(dumped.rstrip("\n"))
    if out_path.is_dir():
        raise OutputError(f"输出位置是一个文件夹，不是文件：{out_path}", path=out_path,
                          hint="请用 -o 指定一个文件名，例如 -o 候选.yaml。")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if out_path.is_file():
        if out_path.read_bytes() == data:
            return out_path  # nothing new: no backup of an identical file
        result.backup = backup(out_path)
    write_atomic(out_path, data)
    return out_path
