"""Read a source speech (.txt in UTF-8 or GB18030, .docx, .html) into plain text lines."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from drafter.errors import InputError
from drafter.yamlio import decode_bytes

SUFFIXES = (".txt", ".docx", ".html", ".htm")


def read_source(path: Path) -> str:
    """The text of one source file, one paragraph a line; InputError if it is unreadable or empty."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"不支持的文件类型：{path}", path=path, hint="支持 .txt、.docx、.html 文件。")
    from drafter.safeinput import regular_file

    regular_file(path, "讲话文件")  # a FIFO or device would block the read
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件：{path}（{exc.strerror}）", path=path, hint="请检查文件权限。") from exc
    if not raw.strip():
        raise InputError(f"文件是空的：{path}", path=path, hint="请确认文件里有讲话正文。")
    if suffix == ".docx":
        text = _docx_text(raw, path)
    else:
        text = decode_bytes(raw, path, "讲话文件")
        if suffix in (".html", ".htm"):
            text = html_text(text)
    if not text.strip():
        raise InputError(f"文件里没有文字：{path}", path=path, hint="请确认文件里有讲话正文。")
    return text


def _docx_text(raw: bytes, path: Path) -> str:
    import io

    from drafter.safeinput import check_docx

    check_docx(raw, path, "Word 文档")  # damaged or hostile packages: a Chinese message, not the library's
    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - any failure here is the file's: a per-file Chinese error
        raise InputError(f"不是有效的 Word 文档（.docx）：{path}", path=path,
                         hint="请用 Word/WPS 打开后另存为 .docx 再试。") from exc
    return "\n".join(p.text for p in document.paragraphs)


_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title"}
_SKIP = {"script", "style", "noscript", "head"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.replace("\n", " "))


def html_text(html: str) -> str:
    """The visible text of an HTML page, one block element a line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
