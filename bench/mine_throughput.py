"""Throughput of `drafter mine`'s stages in one process, in MB of source text (UTF-8 bytes) per CPU
second, after the one-off loading of the segmenter and the gazetteer.

    PYTHONPATH=src python bench/mine_throughput.py [N]
        corpus/ repeated N times (default 20): repeated sentences are worked out once, as in
        `drafter mine`; then the same text with the stages' memos cleared before every file.
    PYTHONPATH=src python bench/mine_throughput.py --speeches 1 4 16 [--profile]
        speech-like text in which no sentence repeats (bench/speechgen.py, seed 1) of each size in MB:
        CPU seconds for the stages (clean, segment, classify, de-identify, normalise), the
        near-duplicate merge and writing the YAML, and how 4x the text scales. --profile adds the
        functions that took the most time (cProfile, which slows everything about twice).

The whole command (start-up, loading, worker processes) is measured from outside, e.g.
    python bench/speechgen.py /tmp/speeches16 --mb 16
    /usr/bin/time -v python -m drafter mine /tmp/speeches16 -o /tmp/c.yaml --jobs 1"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

from drafter.mine.candidates import MineResult, clear_memos, merge_near_duplicates, mine_text, write_candidates
from drafter.mine.gazetteer import place_names
from drafter.mine.words import load_jieba


def _loading() -> float:
    started = time.process_time()
    load_jieba()
    place_names()
    mine_text("在动员大会上的讲话\n同志们：\n要加强组织领导。\n", "warm-up")  # the rules, the automata
    return time.process_time() - started


def corpus(repeat: int) -> None:
    loading = _loading()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("corpus").glob("*.txt"))] * repeat
    size = sum(len(t.encode("utf-8")) for t in texts)
    started = time.process_time()
    for i, text in enumerate(texts):
        mine_text(text, f"{i}.txt")
    spent = time.process_time() - started
    print(f"loading {loading:.2f} s (once); {size / 1e6:.2f} MB in {spent:.2f} CPU s = {size / spent / 1e6:.2f} MB/s")
    started = time.process_time()
    for i, text in enumerate(texts):
        clear_memos()
        mine_text(text, f"{i}.txt")
    spent = time.process_time() - started
    print(f"never-seen text (memos cleared before each file): {size / spent / 1e6:.2f} MB/s")


def speeches(sizes: list[float], profile: bool) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import speechgen

    print(f"loading {_loading():.2f} CPU s (once)")
    per_mb: dict[float, float] = {}
    for mb in sizes:
        texts = [(sp.name, sp.text) for sp in speechgen.Generator(seed=1).speeches(mb)]
        size = sum(len(t.encode("utf-8")) for _, t in texts)
        clear_memos()
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        t0 = time.process_time()
        found = []
        for name, text in texts:
            found += mine_text(text, name)[0]
            gc.freeze()  # as `drafter mine` does after each file (candidates.mine_paths)
        gc.unfreeze()
        t1 = time.process_time()
        merged = merge_near_duplicates(found)
        t2 = time.process_time()
        with tempfile.TemporaryDirectory() as tmp:
            write_candidates(MineResult(merged, [], [], {}, files=len(texts)), Path(tmp) / "c.yaml")
        t3 = time.process_time()
        if profiler is not None:
            profiler.disable()
        total = t3 - t0
        per_mb[mb] = total / (size / 1e6)
        print(f"{size / 1e6:5.1f} MB, {len(texts)} speeches: stages {t1 - t0:6.2f} s, merge {t2 - t1:5.2f} s "
              f"({len(found)} → {len(merged)} candidates), write {t3 - t2:5.2f} s; "
              f"total {total:6.2f} CPU s = {size / 1e6 / total:.2f} MB/s")
        if profiler is not None:
            import pstats

            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    for small in sizes:
        if 4 * small in per_mb:
            print(f"4× the text ({small:g} → {4 * small:g} MB) costs {4 * per_mb[4 * small] / per_mb[small]:.2f}× the time")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repeat", nargs="?", type=int, default=20, help="copies of corpus/ (without --speeches)")
    ap.add_argument("--speeches", type=float, nargs="+", help="sizes in MB of unrepeated speech-like text")
    ap.add_argument("--profile", action="store_true", help="print the costliest functions (cProfile)")
    a = ap.parse_args()
    if a.speeches:
        speeches(a.speeches, a.profile)
    else:
        corpus(a.repeat)


if __name__ == "__main__":
    main()
