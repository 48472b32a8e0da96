"""The named paragraph styles of drafter's drafts, by paragraph kind: what the .docx writers give
each kind (render/) and how the reader tells the kinds of a draft on these styles (document/read.py),
in one place that both import."""

from __future__ import annotations

from typing import NamedTuple


class StyleSpec(NamedTuple):
    """One named paragraph style."""

    name: str  # the name Word and WPS show
    style_id: str
    east_asia: str
    size_pt: float
    align: str | None = None  # 'center' or None (justified, from Normal)
    indent_chars: int = 200  # first-line indent in 1/100 characters
    outline: int | None = None
    bold: bool = False


# kind → style. Built-in Heading 1/2 keep their outline levels, so Word's navigation pane lists them.
STYLES: dict[str, StyleSpec] = {
    "title": StyleSpec("讲话标题", "JhTitle", "方正小标宋简体", 22, "center", 0),
    "speaker": StyleSpec("讲话人", "JhSpeaker", "楷体_GB2312", 16, "center", 0),
    "date": StyleSpec("讲话日期", "JhDate", "楷体_GB2312", 16, "center", 0),
    "salutation": StyleSpec("称呼", "JhSalutation", "仿宋_GB2312", 16, None, 0),
    "h1": StyleSpec("Heading 1", "Heading1", "黑体", 16, None, 200, 0),
    "h2": StyleSpec("Heading 2", "Heading2", "楷体_GB2312", 16, None, 200, 1),
    "p": StyleSpec("Normal", "Normal", "仿宋_GB2312", 16),
}
