"""`drafter phrases`: list phrasebank entries with their sources, filtered by slot, org or a word.

A small loader of its own (plain YAML list of mappings); the shared phrasebank loader can replace
`load_entries` once it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import InputError


@dataclass(frozen=True)
class Entry:
    """The part of a phrasebank entry that `phrases` shows."""

    id: str
    slot: str
    text: str
    sources: tuple[str, ...]
    title: str | None = None
    orgs: tuple[str, ...] = field(default_factory=tuple)


def load_entries(path: Path) -> list[Entry]:
    """Read phrasebank.yaml (or a candidates file) into entries; InputError with the entry's place if malformed."""
    from drafter.yamlio import load_yaml

    located = load_yaml(path, "语料库文件")
    data = located.data or []
    if isinstance(data, dict):  # a bank with a top-level key holding the list
        data = data.get("phrases") or data.get("entries") or []
    if not isinstance(data, list):
        raise located.error((), "语料库文件应当是条目列表（每条以“- id: …”开头）")
    entries = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not all(k in item for k in ("id", "slot", "text")):
            raise located.error((i,), f"第 {i + 1} 个条目缺少 id、slot 或 text")
        entries.append(_entry(item))
    return entries


def _entry(item: dict[str, Any]) -> Entry:
    source = item.get("source", [])
    sources = tuple(str(s) for s in (source if isinstance(source, list) else [source]))
    tags = item.get("tags") or {}
    return Entry(
        id=str(item["id"]), slot=str(item["slot"]), text=str(item["text"]), sources=sources,
        title=item.get("title"), orgs=tuple(tags.get("orgs") or ()),
    )


def filter_entries(entries: list[Entry], slot: str | None = None, org: str | None = None,
                   search: str | None = None) -> list[Entry]:
    """Entries whose slot is `slot` or under it (methods, carriers → carriers.school …), that suit
    `org` (no org tag means any), and whose text or title contains `search`."""
    out = []
    for e in entries:
        if slot and not (e.slot == slot or e.slot.startswith(slot + ".")):
            continue
        if org and e.orgs and org not in e.orgs:
            continue
        if search and search not in e.text and search not in (e.title or ""):
            continue
        out.append(e)
    return out


def format_entry(entry: Entry, width: int | None = 60) -> str:
    """Two or three lines: id, slot and sources; the title; the text (cut at `width` characters unless None)."""
    head = f"{entry.id}  [{entry.slot}]  出处：{'；'.join(entry.sources) or '（未注明）'}"
    text = entry.text if width is None or len(entry.text) <= width else entry.text[:width] + "……"
    lines = [head]
    if entry.title:
        lines.append(f"    小标题：{entry.title}")
    lines.append(f"    {text}")
    return "\n".join(lines)


def check_org(org: str | None) -> None:
    """InputError with a did-you-mean for an unknown organisation type."""
    if org is None:
        return
    from drafter.mine.rules import org_types
    from drafter.yamlio import did_you_mean

    known = list(org_types())
    if org not in known:
        guess = did_you_mean(org, known)
        raise InputError(f"没有这种组织类型：{org}",
                         hint=(f"您是不是想用 {guess}？" if guess else "") + f"可用：{'、'.join(known)}。")
