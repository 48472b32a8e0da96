"""Reading .txt (UTF-8 / GB18030), .docx and .html sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.mine.read import html_text, read_source


def test_reads_utf8_with_bom_and_gb18030(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeff同志们：".encode("utf-8"))
    (tmp_path / "b.txt").write_bytes("同志们：".encode("gb18030"))
    assert read_source(tmp_path / "a.txt") == read_source(tmp_path / "b.txt") == "同志们："


def test_reads_docx_paragraphs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("同志们：")
    document.add_paragraph("一、统一思想")
    document.save(tmp_path / "a.docx")
    assert read_source(tmp_path / "a.docx") == "同志们：\n一、统一思想"


def test_html_keeps_blocks_and_drops_scripts() -> None:
    page = ("<html><head><title>站点</title><script>var a=1;</script></head><body>"
            "<div>当前位置：首页</div><p>同志们：</p><p>一、统一<b>思想</b></p></body></html>")
    assert html_text(page) == "当前位置：首页\n同志们：\n一、统一思想"


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"  \n", "空"),
    ("bin.txt", b"\x00\x00abc", "二进制"),
    ("a.pdf", b"%PDF", "不支持"),
    ("bad.docx", b"nope", "Word"),
])
def test_unreadable_files_raise_clear_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_source(tmp_path / name)
