"""Where drafter's own data lives: phrasebank.yaml and templates/ at the repository root, or the
copy an installed wheel carries inside the package."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder holding phrasebank.yaml and templates/: `DRAFTER_DATA` when set (a unit's own
    copy of the data, with its own themes and org types), else the packaged one."""
    own = os.environ.get("DRAFTER_DATA")
    if own:
        return Path(own)
    packaged = _PACKAGE / "_data"
    if (packaged / "phrasebank.yaml").is_file():
        return packaged
    # Source checkout / editable install: src/drafter -> repository root.
    return _PACKAGE.parent.parent


def templates_dir() -> Path:
    """The packaged templates/ folder (speech structures, org types, themes, eras, rules)."""
    return data_root() / "templates"


def phrasebank_path() -> Path:
    """The packaged phrasebank.yaml."""
    return data_root() / "phrasebank.yaml"
