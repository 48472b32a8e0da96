"""One error root for everything the user can get wrong; the CLI turns it into a message and an exit code."""

from __future__ import annotations

from pathlib import Path

# Exit codes (same for every command).
EXIT_OK = 0
EXIT_FINDINGS = 1  # `check` found problems, `batch`/`mine` had failing inputs
EXIT_INPUT = 2  # bad usage or bad input
EXIT_INTERRUPTED = 3


class DrafterError(Exception):
    """An error the user can act on: what went wrong, where, and how to fix it (all in Chinese)."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        excerpt: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        self.excerpt = excerpt

    def where(self) -> str:
        """'文件 第N行 第M列' for the message header, or '' when there is no location."""
        if self.path is None:
            return ""
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.column is not None:
            parts.append(f"第 {self.column} 列")
        return " ".join(parts)

    def render(self) -> str:
        """The full multi-line message shown to the user."""
        lines = []
        where = self.where()
        lines.append(f"错误：{self.message}" if not where else f"错误（{where}）：{self.message}")
        if self.excerpt:
            # A tab would be invisible (and misplace the caret): show it as an arrow.
            excerpt, column = _window(self.excerpt.replace("\t", "→"), self.column)
            lines.append(f"    {excerpt}")
            if column:
                lines.append("    " + _caret_pad(excerpt, column) + "^")
        if self.hint:
            lines.append(f"解决办法：{self.hint}")
        return "\n".join(lines)


class InputError(DrafterError):
    """A file or value the user supplied is wrong."""


class OutputError(DrafterError):
    """drafter cannot write where it was asked to (permissions, a file held open by Word…)."""


# Warnings found where no result object can carry them (a file read with a damaged byte replaced):
# the core records them here, the command line prints them. Never printed by the core itself.
_NOTICES: list[str] = []


def notice(message: str) -> None:
    """Record a warning for the command line to show (once) after the command."""
    if message not in _NOTICES:
        _NOTICES.append(message)


def take_notices() -> list[str]:
    """The warnings recorded so far, and forget them."""
    out = list(_NOTICES)
    _NOTICES.clear()
    return out


_EXCERPT_MAX = 100  # characters of the offending line shown: a pasted megabyte must not flood the screen


def _window(text: str, column: int | None) -> tuple[str, int | None]:
    """A long line cut down to the part around `column` (…-marked), and the column within it."""
    if len(text) <= _EXCERPT_MAX:
        return text, column
    start = max(0, min((column or 1) - 1 - _EXCERPT_MAX // 2, len(text) - _EXCERPT_MAX))
    cut = ("…" if start else "") + text[start : start + _EXCERPT_MAX] + ("…" if start + _EXCERPT_MAX < len(text) else "")
    return cut, (column - start + (1 if start else 0)) if column else None


def _caret_pad(text: str, column: int) -> str:
    """Spaces that line a caret up under `column`, counting wide CJK characters as two."""
    import unicodedata

    pad = 0
    for ch in text[: max(column - 1, 0)]:
        pad += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return " " * pad
