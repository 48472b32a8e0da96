"""The word segmenter (jieba), loaded once and only when a sentence needs it."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def load_jieba() -> object:
    """The jieba tokenizer, initialised quietly (about a second, once per process)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def word_tags() -> dict[str, str]:
    """jieba's dictionary: word -> part-of-speech tag (nr person, ns place, nt organisation, n noun…)."""
    load_jieba()
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def cut(text: str) -> list[str]:
    """Segment `text` into words."""
    return load_jieba().lcut(text)  # type: ignore[attr-defined]
