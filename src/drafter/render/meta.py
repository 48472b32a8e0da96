"""What a written draft says about itself besides its text: shared by the python-docx writer
(render/docx.py) and the skeleton writer (render/package.py), so neither imports the other's module
for it."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class DocMeta(NamedTuple):
    """What goes into the core properties, and page-number placement."""

    title: str
    author: str
    date: dt.date
    page_number: str = "outside"  # 'outside' (odd right, even left) or 'center'
    keywords: str = ""
    description: str = ""


PAGE_NUMBER_PLACEMENTS = ("outside", "center")
