"""The draft folder as a project: `new` makes one, `render` brings it up to date, and the writing
both share (write.py). Batch drafting lives in drafter.batch and uses the same writing."""

from __future__ import annotations

from pathlib import Path

from drafter.document.model import Document


class Result:
    """What a command produced, for the CLI to report."""

    # A plain class rather than a dataclass, like the other records on every command's path: the
    # dataclass's generated methods cost ~0.7 ms at import (Python 3.11).
    __slots__ = ("folder", "params_path", "output_path", "summary", "text", "notes", "document", "review")

    def __init__(self, folder: Path, params_path: Path, output_path: Path | None, summary: str, text: str | None = None,
                 notes: list[str] | None = None, document: Document | None = None, review: str | None = None) -> None:
        self.folder = folder
        self.params_path = params_path
        self.output_path = output_path
        self.summary = summary
        self.text = text
        self.notes: list[str] = notes if notes is not None else []
        self.document = document
        self.review = review  # the one-line check summary of the draft


__all__ = ["Result"]
