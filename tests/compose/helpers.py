"""Shared helpers for the composition tests: compose a draft in memory and take it apart."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from drafter.dates import DateFacts, date_facts
from drafter.domain import load_orgs
from drafter.compose import Built, compose, resolve
from drafter.document.model import Document
from drafter.params import Params

ORGS = tuple(load_orgs())
ROLES = ("secretary", "deputy")
THEMES = (("创先争优",), ("学习型党组织",), ("创先争优", "学习型党组织"))
BODY = ("h1", "h2", "p")
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")


@lru_cache(maxsize=2048)
def build(org: str, role: str, themes: tuple[str, ...], minutes: int, seed: int, date: dt.date, secretary: str | None = None) -> Built:
    """A draft composed from params alone (no files)."""
    return compose(resolve(Params(org=org, role=role, theme=themes, minutes=minutes, seed=seed, date=date, secretary=secretary)))


def body(doc: Document) -> list[tuple[str, str]]:
    """(kind, text) of the headings and paragraphs, in order."""
    return [(b.kind, b.text) for b in doc.paragraphs if b.kind in BODY]


def sentences(doc: Document) -> list[str]:
    """Every sentence of the body; a heading counts as one sentence."""
    out: list[str] = []
    for kind, text in body(doc):
        if kind == "p":
            out += [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 1]
        else:
            out.append(text)
    return out


def facts(date: dt.date) -> DateFacts:
    return date_facts(date)
