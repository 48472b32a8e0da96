"""Throughput of `drafter mine`'s stages on corpus/ repeated N times (default 20), in MB/s of
source text (UTF-8 bytes) per CPU second, after the one-off loading of the segmenter and the
gazetteer. Usage: PYTHONPATH=src python bench/mine_throughput.py [N]

Two figures: the corpus repeated N times as it is (repeated sentences are worked out once, as in
`drafter mine`), and the same text with the stages' memos cleared before every file, i.e. the
speed on text never seen before (the worst case: no sentence in common with anything earlier)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from drafter.mine.candidates import clear_memos, mine_text
from drafter.mine.gazetteer import place_names
from drafter.mine.words import load_jieba


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    started = time.process_time()
    load_jieba()
    place_names()
    loading = time.process_time() - started
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("corpus").glob("*.txt"))] * repeat
    size = sum(len(t.encode("utf-8")) for t in texts)
    mine_text(texts[0], "warm-up")
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


if __name__ == "__main__":
    main()
