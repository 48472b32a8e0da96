"""`drafter phrases`: list phrasebank entries with their sources, filtered by slot, org or a word.

Entries are read and validated by the shared phrasebank loader, so `phrases` accepts exactly what
drafts are made from (phrasebank.yaml, a unit's own bank, or the candidates `drafter mine` writes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    """Read phrasebank.yaml (or a candidates file) into entries; InputError naming the entry if malformed."""
    from drafter.phrasebank import phrasebank_from_located
    from drafter.yamlio import load_yaml

    bank = phrasebank_from_located(load_yaml(path, "语料库文件"))
    return [Entry(p.id, p.slot, p.text, p.sources, p.title, p.orgs) for p in bank.phrases]


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
