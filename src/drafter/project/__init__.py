"""The draft folder as a project: `new` makes one, `render` brings it up to date, and the writing
both share (write.py). Batch drafting lives in drafter.batch and uses the same writing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drafter.document.model import Document


@dataclass
class Result:
    """What a command produced, for the CLI to report."""

    folder: Path
    params_path: Path
    output_path: Path | None
    summary: str
    text: str | None = None
    notes: list[str] = field(default_factory=list)
    document: Document | None = None
    review: str | None = None  # the one-line check summary of the draft


__all__ = ["Result"]
