"""Reading YAML the user wrote by hand: any common Windows encoding, and every value's line number,
so that each error can say where it is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from drafter.errors import InputError

KeyPath = tuple[str | int, ...]


class Located:
    """Parsed YAML plus the line (1-based) of every key path in it."""

    # A plain class, not a dataclass: the dataclass's generated methods were exec'd at every
    # command's start (~0.7 ms, Python 3.11) for a record that is only ever built by keyword.
    __slots__ = ("data", "path", "lines", "text", "warnings", "first_line")

    def __init__(self, data: Any, path: Path, lines: dict[KeyPath, int] | None = None, text: str = "",
                 warnings: list[str] | None = None, first_line: int = 1) -> None:
        self.data = data
        self.path = path
        self.lines: dict[KeyPath, int] = lines if lines is not None else {}
        self.text = text
        # Problems fixed on load (e.g. a control character removed): reported, not fatal.
        self.warnings: list[str] = warnings if warnings is not None else []
        # The file line that `text` starts at: a row of a units file keeps only its own lines
        # (keeping the whole file, or empty lines before it, per row made a large batch quadratic).
        self.first_line = first_line

    def __repr__(self) -> str:
        return f"Located({self.path}, {type(self.data).__name__})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Located):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def line_of(self, key_path: KeyPath) -> int | None:
        """The line of `key_path`, or of its nearest located parent."""
        kp = tuple(key_path)
        while kp:
            if kp in self.lines:
                return self.lines[kp]
            kp = kp[:-1]
        return None

    def warn(self, key_path: KeyPath, message: str) -> None:
        """Record a warning about `key_path`, prefixed with the file and line."""
        line = self.line_of(key_path)
        where = f"{self.path}" + (f" 第 {line} 行" if line else "")
        self.warnings.append(f"注意（{where}）：{message}")

    def error(self, key_path: KeyPath, message: str, hint: str | None = None) -> InputError:
        """An InputError pointing at `key_path` in this file, with the offending line quoted."""
        line = self.line_of(key_path)
        excerpt = None
        if line is not None:
            src = self.text.splitlines()
            at = line - self.first_line
            if 0 <= at < len(src):
                excerpt = src[at].rstrip()
        return InputError(message, path=self.path, line=line, hint=hint, excerpt=excerpt)


def read_text(path: Path, what: str = "文件", warnings: list[str] | None = None) -> str:
    """Read a text file written on Windows or Linux: UTF-8 (with or without BOM), else GB18030.
    A few undecodable bytes (a file cut mid-character) are replaced and noted on `warnings`."""
    return decode_bytes(read_bytes(path, what), path, what, warnings)


# Larger than any file drafter reads by hand (a params.yaml is a few KB, a speech some 50 KB): a
# file past this is a wrong path or a paste accident, and reading it whole would take the memory.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, what: str = "文件", max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes; a missing file, a folder, a pipe or device, an unreadable or oversized file
    is a clear InputError. The file type is checked before opening: opening a FIFO would block."""
    from drafter.safeinput import regular_file

    size = regular_file(path, what)
    if size > max_bytes:
        limit = f"最多 {max_bytes / 1024 / 1024:g} MB" + ("（约 2 万条）" if max_bytes == MAX_PHRASEBANK_BYTES else "")
        raise InputError(
            f"{what}太大（{size / 1024 / 1024:.1f} MB），{limit}：{path}",
            path=path, hint=_PHRASEBANK_SPLIT if max_bytes == MAX_PHRASEBANK_BYTES else "请检查是否选错了文件，或文件中误粘贴了大量内容。",
        )
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"无法读取{what}：{path}（{exc.strerror}）", hint="请检查文件权限。") from exc
    if len(raw) > max_bytes:  # grew after the stat
        raise InputError(f"{what}太大，最多 {max_bytes // 1024 // 1024} MB：{path}", path=path)
    return raw


def sniff_encoding(raw: bytes) -> str:
    """The encoding `decode_bytes` reads `raw` with, as a name `encode_text` writes back: a file
    saved as GBK by Notepad stays GBK, a UTF-8 file with a BOM keeps its BOM."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith(b"\xff\xfe"):
        return "utf-16-le+bom"
    if raw.startswith(b"\xfe\xff"):
        return "utf-16-be+bom"
    if b"\x00" in raw[:4096] and len(raw) % 2 == 0:
        return "utf-16-le" if raw[1::2].count(0) >= raw[0::2].count(0) else "utf-16-be"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def encode_text(text: str, encoding: str) -> bytes:
    """`text` in the encoding `sniff_encoding` named (GB18030 is a superset of GBK: GBK files stay GBK
    for every character GBK has)."""
    if encoding.endswith("+bom"):
        codec = encoding[:-4]
        return (b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff") + text.encode(codec)
    return text.encode(encoding)


def decode_bytes(raw: bytes, path: Path, what: str = "文件", warnings: list[str] | None = None) -> str:
    """Decode UTF-8 / UTF-8-BOM / UTF-16-BOM, falling back to GB18030 (what Chinese Windows saves).

    A UTF-8 file with a few bad bytes among much valid UTF-8 (cut mid-character, one damaged
    byte) is read with U+FFFD in their place and a warning on `warnings` (or, with no list, on
    drafter.errors' notices, which the command line prints): refusing it whole loses more."""
    text: str | None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:  # an odd length: cut mid-character
            text = raw.decode("utf-16", errors="replace")
            _note(warnings, f"注意（{path}）：{what}末尾不完整（最后一个字符被截断），已用 \ufffd 代替。")
            return text
    if b"\x00" in raw[:4096]:
        text = _utf16_without_bom(raw)
        if text is not None:
            return text
        rest = _decode_strict(raw.replace(b"\x00", b""))
        if raw.count(b"\x00") > max(1, len(raw) // 1000) or rest is None or _BINARY_CONTROLS.search(rest):
            raise InputError(
                f"{what}不是文本文件（含有二进制内容）：{path}",
                hint="请提供 UTF-8 或 GB18030 编码的文本文件。",
            )
        _raise_nul(raw, path, what)
    text = _decode_strict(raw)
    if text is not None:
        return text
    lenient = _utf8_with_few_errors(raw)
    if lenient is not None:
        text, bad, first = lenient
        line = raw.count(b"\n", 0, first) + 1
        _note(warnings, f"注意（{path} 第 {line} 行）：{what}中有 {bad} 处无法识别的字节"
                        "（多半是文件被截断或损坏），已用 \ufffd 代替，其余内容照常读取。")
        return text
    raise InputError(
        f"{what}的编码无法识别：{path}",
        hint="请用记事本“另存为”，编码选择 UTF-8 后再试。",
    )


# Control characters no text editor writes: with a NUL byte, the sign of a binary file.
_BINARY_CONTROLS = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f]")


def _decode_strict(raw: bytes) -> str | None:
    """UTF-8, else GB18030, or None when neither reads every byte."""
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _utf8_with_few_errors(raw: bytes) -> tuple[str, int, int] | None:
    """(text, bad bytes, offset of the first) for UTF-8 with a few bad bytes among many good
    multi-byte characters; None otherwise. GBK text decoded as UTF-8 fails at nearly every Chinese
    character, so a ratio of 1 bad to 20 good characters tells the two apart."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return None
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode("utf-8"))
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if bad <= 0 or wide < 20 * bad:
        return None
    return text, bad, first


def _raise_nul(raw: bytes, path: Path, what: str) -> None:
    """A NUL byte in an otherwise readable text file (pasted from another program): named with its
    line and column, like any character YAML does not allow."""
    at = raw.index(b"\x00")
    start = raw.rfind(b"\n", 0, at) + 1
    end = raw.find(b"\n", at)
    line_bytes = raw[start : end if end >= 0 else len(raw)]
    line_text = _decode_strict(line_bytes.replace(b"\x00", b"")) or ""
    column = len((_decode_strict(raw[start:at]) or raw[start:at].decode("utf-8", "replace"))) + 1
    excerpt = (_decode_strict(line_bytes.replace(b"\x00", "□".encode("utf-8"))) or line_text).rstrip("\r")
    raise InputError(
        f"{what}含有空字符（U+0000，NUL）",
        path=path, line=raw.count(b"\n", 0, at) + 1, column=column, excerpt=excerpt,
        hint="这类字符多半是从其他程序复制时带进来的，或文件已损坏：请删除这一处后重新保存。",
    )


def _note(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)
    else:
        from drafter.errors import notice

        notice(message)


def _utf16_without_bom(raw: bytes) -> str | None:
    """Text saved as UTF-16 without a BOM (some Windows editors do): every other byte is zero for
    the ASCII keys of a YAML file. None if it does not look like that."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    for codec, zeros in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if zeros.count(0) * 3 >= len(zeros):  # mostly ASCII keys, punctuation and newlines
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            # Binary data can pass the zero-byte test too; real text has no control characters.
            return text if all(ch.isprintable() or ch in "\t\r\n" for ch in text) else None
    return None


# Hand-written YAML (params.yaml, a units list, check rules) is kilobytes; parsing 50 MB of YAML
# would take minutes and gigabytes. (A phrasebank is read by drafter.phrasebank, with read_bytes.)
MAX_YAML_BYTES = 16 * 1024 * 1024
# A unit's own phrasebank: the packaged one is 140 KB (254 entries); 2 MB is some 20,000 entries.
# Each entry is validated (its template parsed): 100,000 would take minutes, every render.
MAX_PHRASEBANK_BYTES = 2 * 1024 * 1024
# Measured: 100,000 entries (10 MB) take ~23 s of CPU to parse and ~11 s to validate, 530 MB.
_PHRASEBANK_SPLIT = ("本单位语料库只放本单位要用的条目。条目太多时按用途拆成几个文件，每个不超过 2 MB、"
                     "仍以“- id: …”逐条书写（可用记事本剪切粘贴整条），起草时用 --phrasebank 指定其中一个。")


def load_yaml(path: Path, what: str = "YAML 文件", *, cached: bool = False, max_bytes: int = MAX_YAML_BYTES) -> Located:
    """Parse a YAML file, reporting syntax errors with file, line, column and the offending line.

    `cached`: reuse the parse of a file with the same bytes from drafter's on-disk cache (see
    drafter.cache), so that reading an unchanged file needs neither PyYAML's import (~20 ms) nor
    its parse. For the files every draft reads (params.yaml, templates/*.yaml)."""
    raw = read_bytes(path, what, max_bytes)
    if not cached:
        return _parse_with_warnings(raw, path, what)
    from drafter.cache import cached as from_cache

    loc = from_cache("yaml", raw, lambda: _parse_with_warnings(raw, path, what))
    loc.path = path  # the entry may have been made through another path to the same bytes
    return loc


def _parse_with_warnings(raw: bytes, path: Path, what: str) -> Located:
    """Decode and parse, keeping decoding warnings on the result (and so in its cache entry)."""
    warnings: list[str] = []
    loc = parse_yaml(decode_bytes(raw, path, what, warnings), path, what)
    loc.warnings[:0] = warnings
    return loc


def parse_yaml(text: str, path: Path, what: str = "YAML 文件") -> Located:
    """Parse YAML text (already decoded) into a Located."""
    import yaml

    _check_depth(text, path, what)
    # libyaml's parser is ten times faster (the phrasebank: 120 ms → 12 ms, most of a cold render)
    # and gives the same line marks; a file it rejects is parsed again by the pure-Python parser,
    # whose error messages are the ones translated below.
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _located(yaml.compose(text, Loader=fast), text, path, what)
        except yaml.YAMLError:
            pass
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        src = text.splitlines()
        excerpt = src[line - 1] if line and 0 < line <= len(src) else None
        problem = _explain_yaml_problem(exc.problem or str(exc))
        raise InputError(
            f"{what}格式有误：{problem}",
            path=path,
            line=line,
            column=col,
            excerpt=excerpt,
            hint="检查这一行及上一行的缩进、冒号（须为英文半角“: ”）和引号是否成对。",
        ) from exc
    except RecursionError as exc:
        raise InputError(f"{what}嵌套层数太多，无法读取。", path=path, hint="请检查是否误粘贴了大量括号。") from exc
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path, what) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{what}格式有误：{exc}", path=path) from exc
    return _located(node, text, path, what)


# Nesting deeper than this is no hand-written file: libyaml's composer recurses in C per level, and
# 100,000 nested brackets overflow the stack (the process dies with a segmentation fault).
MAX_DEPTH = 200


def _check_depth(text: str, path: Path, what: str) -> None:
    """Refuse, before composing, YAML nested too deeply. The scanner is not recursive, so it can
    count the levels safely; brackets inside quoted text are not tokens and do not count."""
    import yaml
    from yaml import tokens as t

    opens = (t.FlowSequenceStartToken, t.FlowMappingStartToken, t.BlockSequenceStartToken, t.BlockMappingStartToken)
    closes = (t.FlowSequenceEndToken, t.FlowMappingEndToken, t.BlockEndToken)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, opens):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(f"{what}嵌套层数太多（超过 {MAX_DEPTH} 层），无法读取。", path=path,
                                     line=token.start_mark.line + 1, hint="请检查是否误粘贴了大量括号，或缩进是否正确。")
            elif isinstance(token, closes):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the parse reports it, with its line


def _located(node: Any, text: str, path: Path, what: str) -> Located:
    """A composed document as plain data with the line of every key path."""
    import yaml

    located = Located(data=None, path=path, text=text)
    if node is None:
        return located
    # Without anchors and aliases a file cannot hold more nodes than it has characters; with them,
    # a few lines can expand to billions ("billion laughs"). Files may come from other units.
    budget = [len(text) + 1000]
    try:
        located.data = _construct(node, (), located, budget)
    except RecursionError as exc:
        raise InputError(f"{what}嵌套层数太多，无法读取。", path=path) from exc
    except yaml.YAMLError as exc:  # e.g. a bad timestamp
        raise InputError(f"{what}格式有误：{exc}", path=path) from exc
    return located


def _reader_error(exc: Any, text: str, path: Path, what: str) -> InputError:
    """A character YAML does not allow (control characters pasted from other programs), located."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    src = text.splitlines()
    # Show the bad character as a visible box: printed raw it would vanish or garble the terminal.
    excerpt = src[line - 1].replace(chr(exc.character), "□") if 0 < line <= len(src) else None
    return InputError(
        f"{what}含有不允许的控制字符（U+{exc.character:04X}）",
        path=path, line=line, column=column, excerpt=excerpt,
        hint="这类字符多半是从其他程序复制时带进来的，请删除这一处后重新输入。",
    )


def _explain_yaml_problem(problem: str) -> str:
    known = {
        "mapping values are not allowed here": "这里不能出现“键: 值”（可能是冒号后少了空格，或值里含有冒号却没加引号）",
        "could not find expected ':'": "缺少英文冒号“:”",
        "found character '\\t' that cannot start any token": "含有制表符（Tab），YAML 只能用空格缩进",
        "did not find expected key": "缩进不一致，找不到预期的键",
        "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
        "found undefined alias": "引用了未定义的别名",
        "expected <block end>, but found '<block mapping start>'": "缩进不一致",
        "but found another document": "文件中有多个 YAML 文档（多了一行 ---），只能有一个",
    }
    for en, zh in known.items():
        if problem.startswith(en):
            return zh
    return problem


def _construct(node: Any, kp: KeyPath, loc: Located, budget: list[int]) -> Any:
    """Build plain Python data from a composed node, recording each node's line. A key written
    twice is an error: YAML would silently keep the last one, and the user's edit would vanish."""
    import yaml

    budget[0] -= 1
    if budget[0] < 0:
        raise InputError("文件展开后过于庞大（大量使用了 YAML 别名 * 和锚点 &），拒绝读取。", path=loc.path,
                         hint="参数文件和语料库不需要别名和锚点，请删除它们。")
    loc.lines[kp] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            key = _scalar(knode) if isinstance(knode, yaml.ScalarNode) else _source(knode, loc.text)
            line = knode.start_mark.line + 1
            if key in out:
                name = ".".join(map(str, kp + (key,)))
                raise InputError(f"“{name}”写了两次（第 {loc.lines[kp + (key,)]} 行和第 {line} 行）。", path=loc.path,
                                 line=line, excerpt=_line(loc.text, line), hint="请删除其中一处，只保留要用的那一个。")
            out[key] = _construct(vnode, kp + (key,), loc, budget)
            loc.lines[kp + (key,)] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, kp + (i,), loc, budget) for i, item in enumerate(node.value)]
    return _scalar(node)


def _source(node: Any, text: str) -> str:
    """A mapping or list written where a key belongs, as the user wrote it (shown in the message
    that says it is no parameter name; never the parser's node objects)."""
    snippet = " ".join(text[node.start_mark.index : node.end_mark.index].split())
    return snippet if len(snippet) <= 60 else snippet[:57] + "…"


def _line(text: str, line: int) -> str | None:
    src = text.splitlines()
    return src[line - 1].rstrip() if 0 < line <= len(src) else None


_LOADER: Any = None


def _scalar(node: Any) -> Any:
    import yaml

    global _LOADER
    if not isinstance(node, yaml.ScalarNode):
        # A mapping/sequence used as a key: keep it as text so validation can complain about it.
        return str(node.value)
    if _LOADER is None:
        _LOADER = yaml.SafeLoader("")
    try:
        return _LOADER.construct_object(node, deep=True)
    except ValueError:
        # An impossible date such as 2026-02-31 looks like a timestamp and fails to construct:
        # keep its text, so the validators report it with its key and line like any bad value.
        return str(node.value)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest known name to a mistyped one, or None."""
    import difflib  # only on the way to an error message: not worth its import on every run

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    return close[0] if close else None
