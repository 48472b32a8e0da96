"""The mining data in templates/mine/ (slot rules, vocabulary, canonical forms), loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.data import templates_dir


def _load(name: str) -> Any:
    """The parsed file, as drafter reads its other data: the packaged file's parse ships with the
    package (drafter.cache), so a worker process neither imports PyYAML nor parses (vocabulary.yaml
    alone took ~70 ms of CPU in each)."""
    from drafter.yamlio import load_yaml

    return load_yaml(Path(templates_dir()) / "mine" / name, "数据文件", cached=True).data


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """templates/mine/vocabulary.yaml: cleaning patterns, name patterns, genre whitelist."""
    return _load("vocabulary.yaml")


@lru_cache(maxsize=1)
def slot_rules() -> dict[str, Any]:
    """templates/mine/slots.yaml: section and slot keyword rules."""
    return _load("slots.yaml")


@lru_cache(maxsize=1)
def canon() -> dict[str, Any]:
    """templates/mine/canon.yaml: canonical lists, known typos and deviations."""
    return _load("canon.yaml")


@lru_cache(maxsize=1)
def org_types() -> dict[str, Any]:
    """The organisation types and their carriers: templates/orgs.yaml as drafter.domain loads it
    (read and validated once, for drafting and mining alike)."""
    from drafter.domain import load_orgs

    return {key: {"name": o.name, "aliases": list(o.aliases), "carriers": list(o.carriers)} for key, o in load_orgs().items()}
