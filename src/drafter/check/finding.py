"""What a check reports: findings (rule, severity, where, what, how to fix) and the report around them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def at_least(severity: str, threshold: str) -> bool:
    """True when `severity` is as serious as `threshold` or more (error ≥ warning ≥ info)."""
    return _RANK[severity] <= _RANK[threshold]


# NamedTuples and a plain class rather than dataclasses: a dataclass execs its generated methods at
# import (~1 ms a class, Python 3.11), and a first render imports this module for its review.
class Finding(NamedTuple):
    """One problem: stable rule id, severity, 1-based paragraph (None = whole document), short quote."""

    rule: str
    severity: str
    paragraph: int | None
    quote: str
    message: str
    fix: str = ""
    line: int | None = None  # source line for .txt/.md

    def to_dict(self) -> dict[str, Any]:
        return dict(self._asdict())


class Report:
    """All findings for one document, plus its length figures."""

    __slots__ = ("findings", "path", "chars", "minutes", "target_minutes", "rate")

    def __init__(self, findings: list[Finding], path: Path | None = None, chars: int = 0, minutes: float = 0.0,
                 target_minutes: float | None = None, rate: int = 200) -> None:
        self.findings = findings
        self.path = path
        self.chars = chars
        self.minutes = minutes
        self.target_minutes = target_minutes
        self.rate = rate

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def failed(self, fail_on: str = "error") -> bool:
        """Whether any finding reaches `fail_on` (the CLI then exits 1)."""
        return any(at_least(f.severity, fail_on) for f in self.findings)

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path) if self.path else None,
            "chars": self.chars,
            "minutes": round(self.minutes, 1),
            "target_minutes": self.target_minutes,
            "rate": self.rate,
            "counts": {s: self.count(s) for s in SEVERITIES},
            "findings": [f.to_dict() for f in self.findings],
        }


def quote(text: str, start: int = 0, end: int | None = None, width: int = 24) -> str:
    """A short quote of text[start:end] with a little context, '…' where cut."""
    end = len(text) if end is None else end
    if end - start >= width:
        return text[start : start + width].replace("\n", "") + "…"
    pad = (width - (end - start)) // 2
    a, b = max(0, start - pad), min(len(text), end + pad)
    # A line break inside a paragraph (a two-line title) would break the table's row.
    return (("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")).replace("\n", "")


class Hit(NamedTuple):
    """What a rule function yields before the registry stamps rule id and severity on it."""

    paragraph: Any  # a document Paragraph, or None
    quote: str
    message: str
    fix: str = ""
    rule: str | None = None  # for families that report several ids
