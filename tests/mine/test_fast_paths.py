"""The fast paths of mining give exactly what the straightforward code they replaced gave: each is
checked here against that code (kept in this file as the reference) on the corpus and on
randomised input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from drafter.mine import classify, gazetteer, words
from drafter.mine.candidates import Candidate, _dump_entry, _near_duplicates, _bigrams, merge_near_duplicates
from drafter.mine.clean import clean_text
from drafter.mine.deidentify import deidentify_sentence
from drafter.mine.segment import segment_lines

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _corpus_sentences() -> list[str]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        for unit in segment_lines(clean_text(path.read_text(encoding="utf-8")).lines).units:
            out += [s.text for s in unit.sentences] + [unit.text]
    return out


def test_place_index_finds_what_an_automaton_finds() -> None:
    ahocorasick = pytest.importorskip("ahocorasick")
    automaton = ahocorasick.Automaton()
    for name, place in gazetteer.place_names().items():
        automaton.add_word(name, place)
    automaton.make_automaton()
    names = list(gazetteer.place_names())
    rng = random.Random(7)
    chars = list("".join(names)) + list("的是在党委建设工作，。")
    texts = _corpus_sentences() + ["", "湖"]
    for _ in range(3000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.5:
            text += "".join(rng.sample(names, 3))
        texts.append(text)
    for text in texts:
        expected = sorted((end - len(p.name) + 1, end + 1, p.name) for end, p in automaton.iter(text))
        assert sorted((s, e, p.name) for s, e, p in gazetteer._occurrences(text)) == expected, text


def test_cached_word_tables_are_jiebas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import jieba
    import jieba.posseg

    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path))
    words.prepare_tables()  # builds and stores
    path = words._tables_path()
    assert path is not None and path.is_file()
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    con = sqlite3.connect(path)
    assert dict(con.execute("SELECT k, v FROM tags")) == jieba.posseg.dt.word_tag_tab
    assert dict(con.execute("SELECT k, v FROM freq")) == tokenizer.FREQ
    assert con.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()[0] == tokenizer.total
    con.close()
    words.tables.cache_clear()
    try:
        freq, total, tags = words.tables()
        assert isinstance(freq, words.Table) and isinstance(tags, words.Table)  # read from the file
        assert total == tokenizer.total
        for word in ("教育局", "同志", "潍坊", "不是词语的字串"):
            assert freq.get(word) == tokenizer.FREQ.get(word)
            assert tags.get(word) == jieba.posseg.dt.word_tag_tab.get(word)
            assert (word in tags) == (word in jieba.posseg.dt.word_tag_tab)
    finally:
        words.tables.cache_clear()


def test_tables_are_reopened_after_a_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path))
    words.tables.cache_clear()
    try:
        tags = words.tables()[2]
        assert tags.get("同志") == "n"
        with multiprocessing.get_context("fork").Pool(1) as pool:
            assert pool.apply(_tag_in_child, ("潍坊",)) == (tags.get("潍坊"), True)
    finally:
        words.tables.cache_clear()


def _tag_in_child(word: str) -> tuple[str | None, bool]:
    import os

    tags = words.tables()[2]
    assert isinstance(tags, words.Table)
    return tags.get(word), tags._pid == os.getpid()


def test_cache_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE", "off")
    assert words.cache_dir() is None
    words.tables.cache_clear()
    try:
        freq, total, tags = words.tables()
        assert isinstance(freq, dict) and isinstance(tags, dict) and tags["同志"] == "n"
    finally:
        words.tables.cache_clear()


def _reference_scores(text: str, where: str, section: str | None) -> dict[str, tuple[float, list[str]]]:
    """classify._scores as it was: every slot's rule tried on every sentence."""
    rules = classify._rules()
    bonus = next((s.bonus for s in rules.sections if s.name == section), {})
    found = classify._hits(text)
    out: dict[str, tuple[float, list[str]]] = {}
    for rule in rules.slots:
        if rule.where and rule.where != where:
            continue
        found_words = found.get(rule.name, {})
        hits = list(found_words)
        score = sum(found_words.values())
        for pattern in rule.patterns:
            if pattern.search(text):
                score += 2
                hits.append(f"句式 {pattern.pattern}")
        name = rule.name
        if name == "carriers":
            name, score, hits = classify._carrier_slot(text, score, hits, found)
            if name is None:
                continue
        if score > 0:
            extra = bonus.get(rule.name, 0.0)
            why = [f"关键词：{'、'.join(hits)}"] + ([f"部分：{section}"] if extra else [])
            out[name] = (score + extra, why)
    return out


def _reference_orgs(text: str) -> list[str]:
    hits = classify._hits(text)
    order = list(classify._rules().org_words)
    scores = {org: sum(hits.get(f"org:{org}", {}).values()) for org in order}
    return [org for org in sorted(order, key=lambda o: -scores[o]) if scores[org] > 0]


def test_scores_and_orgs_match_the_reference() -> None:
    sections = [None] + [s.name for s in classify._rules().sections]
    for text in _corpus_sentences():
        assert classify.detect_orgs(text) == _reference_orgs(text)
        for where in ("opening", "body", "closing"):
            for section in sections:
                got = classify._scores(text, where, section)
                want = _reference_scores(text, where, section)
                assert list(got.items()) == list(want.items())  # order too: it breaks ties


def test_scores_are_fresh_copies() -> None:
    text = "要加强学习，提高党员素质。"
    first = classify._scores(text, "body", None)
    first["x"] = (1.0, [])
    assert "x" not in classify._scores(text, "body", None)


def test_deidentified_sentences_are_fresh_objects() -> None:
    text = "王书记在市委会议上强调，要抓好学习。"
    first = deidentify_sentence(text)
    first.changes.append("x")
    first.text = "changed"
    second = deidentify_sentence(text)
    assert second.text != "changed" and "x" not in second.changes


def _reference_merge(candidates: list[Candidate]) -> list[Candidate]:
    """merge_near_duplicates as it was: every kept candidate compared with every new one."""
    out: list[Candidate] = []
    grams: list[set[str]] = []
    for cand in candidates:
        g = _bigrams(cand.text)
        for i, (kept, kg) in enumerate(zip(out, grams)):
            if kept.slot == cand.slot and _near_duplicates(g, kg, len(cand.text), len(kept.text)):
                base, other = (cand, kept) if len(cand.text) > len(kept.text) else (kept, cand)
                base.source = base.source + [s for s in other.source if s not in base.source]
                base.confidence = min(0.95, max(kept.confidence, cand.confidence) + 0.05)
                base.title = base.title or other.title
                out[i], grams[i] = base, (g if base is cand else kg)
                break
        else:
            out.append(cand)
            grams.append(g)
    return out


def _key(cands: list[Candidate]) -> list[tuple[object, ...]]:
    return [(c.slot, c.text, c.source, c.title, c.confidence) for c in cands]


def test_merge_matches_the_pairwise_reference_on_close_variants() -> None:
    """Where every near-duplicate pair is a close variant (bigram Jaccard well above 0.7), the LSH
    index misses none of them (chance of a miss per pair < 1e-6): the output is exactly the
    pairwise scan's, merges, replacements by a longer text and all."""
    rng = random.Random(5)
    words = ["加强", "学习", "提高", "素质", "党员", "创先", "争优", "服务", "群众", "推动", "发展", "建设",
             "组织", "领导", "机制", "公开", "承诺", "评议", "典型", "示范", "基层", "堡垒", "先锋", "模范"]
    for _ in range(20):
        bases = ["".join(rng.choices(words, k=rng.randint(15, 30))) + "。" for _ in range(40)]

        def make(r: random.Random) -> list[Candidate]:
            out = []
            for i in range(300):
                text = r.choice(bases)
                if r.random() < 0.5:  # a close variant: one word changed or one added at the end
                    cut = r.randrange(0, len(text) - 2, 2)
                    text = text[:cut] + r.choice(words) + text[cut + 2:] if r.random() < 0.5 else text + r.choice(words)
                out.append(Candidate(slot=r.choice(["a", "b"]), text=text, source=[f"f{i}.txt:{r.randint(1, 5)}"],
                                     title=r.choice([None, "题"]), confidence=r.choice([0.3, 0.5, 0.7])))
            return out

        seed = rng.random()
        assert _key(merge_near_duplicates(make(random.Random(seed)))) == _key(_reference_merge(make(random.Random(seed))))


def test_merge_on_random_fragments_stays_close_to_the_pairwise_reference() -> None:
    """Short texts of shared fragments, where 'nearly inside' pairs can have a low Jaccard: the index
    may miss some of those, never merges what the exact test rejects, and is deterministic."""
    rng = random.Random(3)
    pieces = ["加强学习", "提高素质", "党员", "创先争优", "服务群众", "，", "。", "推动发展", "建设", "抓", "学"]

    def make(seed: float) -> list[Candidate]:
        r = random.Random(seed)
        return [Candidate(slot=r.choice(["a", "b", "c"]), text="".join(r.choices(pieces, k=r.randint(1, 6))),
                          source=[f"f{i}.txt:{r.randint(1, 5)}"], title=r.choice([None, "题"]),
                          confidence=r.choice([0.3, 0.5, 0.7]))
                for i in range(r.choice([50, 300]))]

    got_total = want_total = 0
    for _ in range(60):
        seed = rng.random()
        got = merge_near_duplicates(make(seed))
        assert _key(got) == _key(merge_near_duplicates(make(seed)))  # same input, same output
        want = _reference_merge(make(seed))
        got_total, want_total = got_total + len(got), want_total + len(want)
        originals = {c.source[0]: c.text for c in make(seed)}
        for cand in got:  # every merge joined texts the exact test calls near-duplicates
            assert all(_near_duplicates(_bigrams(cand.text), _bigrams(originals[s]), len(cand.text), len(originals[s]))
                       or originals[s] == cand.text for s in cand.source[1:] if s in originals) or len(cand.source) > 2
    assert want_total <= got_total <= 1.05 * want_total


def test_fast_yaml_emitter_writes_the_same_bytes() -> None:
    yaml = pytest.importorskip("yaml")
    if getattr(yaml, "CSafeDumper", None) is None:
        pytest.skip("PyYAML without libyaml")
    rng = random.Random(11)
    ranges = [(0x4E00, 0x9FFF), (0xFF01, 0xFF5E), (0x3000, 0x303F), (0x2010, 0x2027), (0x30, 0x39), (0x41, 0x5A)]
    extra = list(" {}*%._-:/·×→")

    def char() -> str:
        if rng.random() < 0.3:
            return rng.choice(extra)
        low, high = rng.choice(ranges)
        return chr(rng.randint(low, high))

    for _ in range(400):
        text = "".join(char() for _ in range(rng.choice([1, 2, 10, 200, 999, 1001, 2000])))
        entry = {"id": "x.abc", "slot": "x", "title": text[:20], "text": text, "source": [text[:5], "f.txt:3"],
                 "changes": [text[-8:], "地名 → {{ unit }}"], "confidence": 0.55}
        assert _dump_entry(yaml, entry) == yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    # Outside the safe characters the pure-Python emitter is used.
    entry = {"text": "制表\t符😀"}
    assert _dump_entry(yaml, entry) == yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)


def test_direct_entry_writer_matches_pyyaml(corpus_result) -> None:  # type: ignore[no-untyped-def]
    """Entries written without PyYAML's representer are byte for byte what PyYAML writes: every
    candidate mined from the corpus, and random short strings full of YAML's special cases."""
    yaml = pytest.importorskip("yaml")
    from drafter.mine.candidates import _fast_entry, _Scalars

    scalar = _Scalars(yaml.resolver.Resolver(), yaml.nodes.ScalarNode)
    written = 0
    for cand in corpus_result.candidates + corpus_result.unclassified:
        entry = cand.to_entry()
        fast = _fast_entry(entry, scalar)
        if fast is not None:
            written += 1
            assert fast == _dump_entry(yaml, entry)
    assert written >= 0.95 * len(corpus_result.candidates)
    rng = random.Random(5)
    pieces = list("创先争优党委，。：“”（）、；　！—09azAZ {}*%._-:/·×→") + [
        "yes", "No", "null", "2010", "1.5", "0x1F", "-1", "---", "...", ": ", "{{ unit }}", "1:30", "2010-01-02"]
    checked = 0
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        entry = {"id": "x.1", "slot": "x", "text": text, "source": [text, "a.txt:3"], "tags": {"eras": [text]},
                 "changes": [text], "confidence": 0.55}
        fast = _fast_entry(entry, scalar)
        if fast is not None:
            checked += 1
            assert fast == _dump_entry(yaml, entry), text
    assert checked > 5000
    assert _fast_entry({"text": "制表\t符"}, scalar) is None  # outside the handled characters


def _generated_sentences(seed: int, count: int) -> list[str]:
    """Sentences of speeches from bench/speechgen.py: invented townships, villages, units, people."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import speechgen

    gen = speechgen.Generator(seed=seed)
    out: list[str] = []
    while len(out) < count:
        for unit in segment_lines(clean_text(gen.speech().text).lines).units:
            out += [s.text for s in unit.sentences] + [unit.text]
    return out


def test_sentences_skipped_by_the_trigger_test_are_those_nothing_changes() -> None:
    """De-identification skips a sentence with no trigger word, digit, place or name-like prefix
    before 村/镇/学校…: running every rule on every sentence gives the same text, changes and drop."""
    from drafter.mine import deidentify

    texts = _corpus_sentences() + _generated_sentences(seed=21, count=3000)
    own = frozenset({"紫埠镇"})
    fast = [deidentify._deidentify_memo.__wrapped__(t, False, own) for t in texts]  # type: ignore[attr-defined]
    full = [deidentify._deidentify(t, own=own) for t in texts]  # every rule, whatever the trigger test says
    assert fast == [(d.text, tuple(d.changes), d.drop) for d in full]
    skipped = sum(1 for t in texts if not deidentify._may_identify(t, deidentify._patterns()))
    assert skipped > len(texts) / 2  # the test is worth having: most sentences name nothing


def test_name_start_without_the_segmenter_is_where_the_segmenter_puts_it() -> None:
    """_prefix_start answers 'the two characters' without jieba when the third one back is a stop
    character or one jieba splits at; asking jieba every time gives the same start."""
    from drafter.mine import deidentify

    pats = deidentify._patterns()

    def reference(text: str, end: int) -> int | None:
        if not deidentify._plausible_prefix(text, end, pats):
            return None
        two = text[end - 2:end]
        found = words.cut(text[max(0, end - 6):end])
        last = found[-1] if found else ""
        if len(last) < 2 and len(found) >= 2 and len(found[-2]) == 1 and found[-2] not in deidentify._STOP:
            last = found[-2] + last
        if not 2 <= len(last) <= 4 or any(c in deidentify._STOP for c in last) or last in pats.generic_prefixes:
            last = two
        return end - len(last)

    texts = _corpus_sentences() + _generated_sentences(seed=22, count=2000)
    rng = random.Random(5)
    variants = []
    for text in texts[:600]:  # other characters three back: punctuation, digits, letters, rare CJK
        for m in list(pats.shape.finditer(text))[:5]:
            if m.start() >= 3:
                ch = rng.choice("，。“3aZ%-#在我的实\u9fe0 ")
                variants.append(text[:m.start() - 3] + ch + text[m.start() - 2:])
    checked = 0
    for text in texts + variants:
        for m in pats.shape.finditer(text):
            assert deidentify._prefix_start(text, m.start(), pats) == reference(text, m.start()), text
            checked += 1
    assert checked > 1000


def test_corpus_lines_with_one_word_changed_merge_and_unrelated_lines_do_not() -> None:
    """Real near-duplicates: every line of the corpus, and a copy of most with one word changed
    (as a speech reused the next year reads), shuffled among each other in a few slots. Each copy
    joins its line, lines that the exact test calls different stay apart, the result is the
    pairwise scan's and the same on every run."""
    import re

    lines = sorted({re.sub(r"\s", "", line) for path in sorted(CORPUS.glob("*.txt"))
                    for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 20})
    assert len(lines) > 100
    words = ["加强", "推进", "落实", "深化", "抓好", "提升", "完善", "健全"]

    def make() -> list[Candidate]:
        r = random.Random(4)
        items = [Candidate(slot=f"s{i % 3}", text=line, source=[f"a{i}.txt:1"]) for i, line in enumerate(lines)]
        for i, line in enumerate(lines):
            if r.random() < 0.8:
                cut = r.randrange(2, len(line) - 4)
                items.append(Candidate(slot=f"s{i % 3}", text=line[:cut] + r.choice(words) + line[cut + 2:],
                                       source=[f"b{i}.txt:1"]))
        r.shuffle(items)
        return items

    got = merge_near_duplicates(make())
    assert _key(got) == _key(merge_near_duplicates(make()))
    assert _key(got) == _key(_reference_merge(make()))
    joined = {s for c in got for s in c.source}
    copies = [c for c in make() if c.source[0].startswith("b")]
    assert len(joined) == len(lines) + len(copies)
    for cand in got:  # every copy sits with its own line
        numbers = {s[1:].split(".")[0] for s in cand.source}
        assert all(("a" + n + ".txt:1") in cand.source or not any(s == "b" + n + ".txt:1" for s in cand.source)
                   for n in numbers)
    together = sum(1 for c in got if any(s.startswith("a") for s in c.source) and any(s.startswith("b") for s in c.source))
    assert together >= 0.95 * len(copies)


def test_traditional_characters_are_found_as_the_set_finds_them() -> None:
    """to_simplified leaves a line alone exactly when it holds none of the characters OpenCC
    changes, those beyond U+FFFF included (the fast class holds only the others)."""
    from drafter.mine import clean

    chars, bmp, converter = clean._traditional()
    assert chars is not None and bmp is not None
    astral = sorted(c for c in chars if c > "\uffff")
    plain = sorted(c for c in chars if c <= "\uffff")
    rng = random.Random(11)
    filler = list("创先争优活动要加强组织领导，。") + ["\U00020000", "😀"]  # beyond U+FFFF, not converted
    for _ in range(3000):
        line = "".join(rng.choice(filler) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.3 and astral:
            line += rng.choice(astral)
        if rng.random() < 0.3:
            line = rng.choice(plain) + line
        expected = line if chars.isdisjoint(line) else converter.convert(line)  # type: ignore[attr-defined]
        assert clean.to_simplified(line) == expected, line
