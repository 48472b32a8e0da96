"""The units file of `drafter batch`: a CSV (as Excel or WPS saves it) or a YAML list, one unit a row.

Columns are params.yaml keys (or their Chinese names); an empty cell takes the default. Reading
checks the file as a whole (unknown columns, wrong shape) and fails once; each row's values are
checked later, row by row, so one bad row never stops the others."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from drafter.errors import InputError
from drafter.params import SCHEMA
from drafter.yamlio import Located, did_you_mean, read_text

SUFFIXES = (".csv", ".yaml", ".yml")
# Column headers a Chinese spreadsheet is likely to use → params keys.
CHINESE_COLUMNS = {
    "组织类型": "org", "主题": "theme", "角色": "role", "单位": "unit", "单位名称": "unit",
    "讲话人": "speaker", "职务": "speaker_title", "会议名称": "meeting", "上级党组织": "superior",
    "书记": "secretary", "称呼": "audience", "日期": "date", "时长": "minutes", "语速": "rate",
    "种子": "seed", "重点工作": "priorities", "口号": "slogan", "页码": "page_number",
}
# In one spreadsheet cell, a list (themes, priorities) is written with one of these between items.
_LIST_SEPARATORS = ("+", "＋", "、", ";", "；", "|")
_LIST_KEYS = ("theme", "priorities")


@dataclass(frozen=True)
class UnitRow:
    """One row of the units file, not yet validated."""

    index: int  # 1-based position among the units: names the output file
    line: int  # the line in the file (a CSV header is line 1), for messages
    values: dict[str, Any]  # params key → raw value; empty cells left out
    located: Located  # the row as parsed YAML, so the params validators can point at it

    @property
    def where(self) -> str:
        """'第 N 行' as shown in every message about this row."""
        return f"第 {self.line} 行"


class UnitsFile:
    """A units file checked as a whole (readable, known columns, well-formed CSV), whose rows are
    made one at a time as they are iterated: a batch of 20,000 units never holds them all."""

    def __init__(self, path: Path, count: int, make_rows: Callable[[], Iterator[UnitRow]]) -> None:
        self.path = path
        self.count = count
        self._make_rows = make_rows

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[UnitRow]:
        return self._make_rows()


def open_units(path: Path) -> UnitsFile:
    """Check a CSV or YAML units file and count its rows. Raises InputError (exit 2) for an
    unreadable file; each row's values are checked later, one row at a time."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"单位清单应当是 .csv 或 .yaml 文件：{path}", hint="用 Excel/WPS “另存为” CSV，或参照 examples/units.csv。")
    if suffix == ".csv":
        text = read_text(path, "单位清单")  # UTF-8, UTF-8 with BOM (Excel's “CSV UTF-8”) or GB18030 (its plain “CSV”)
        count = sum(1 for _ in _csv_rows(text, path))  # a full pass: every CSV error is found before drafting
        units = UnitsFile(path, count, lambda: _csv_rows(text, path))
    else:
        rows = _read_yaml(path)
        units = UnitsFile(path, len(rows), lambda: iter(rows))
    if not units.count:
        raise InputError(f"单位清单中没有任何单位：{path}", hint="第一行写列名（如 unit,speaker,date），以下每行一个单位。")
    return units


def read_units(path: Path) -> list[UnitRow]:
    """All rows of a CSV or YAML units file. Raises InputError (exit 2) for an unreadable file."""
    return list(open_units(path))


def column_key(header: str) -> str | None:
    """A column header → params key, or None when it names nothing drafter knows."""
    name = header.strip().lstrip("\ufeff").strip()
    if name.lower() in SCHEMA:
        return name.lower()
    return CHINESE_COLUMNS.get(name)


def _csv_rows(text: str, path: Path) -> Iterator[UnitRow]:
    """The rows of a CSV units file, made one at a time; each keeps only its own line's text."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise _csv_error(exc, path, 1, text) from exc
    keys = _header_keys(header, path)
    # The file's physical lines, split as the csv reader counts them (\n, \r\n or \r).
    src = [line.rstrip("\r\n") for line in io.StringIO(text, newline="").readlines()]
    index = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, path, start, text) from exc
        end = reader.line_num
        own = src[start - 1 : max(start, end)]
        _check_merged(cells, path, start, end, own)
        if not any(c.strip() for c in cells):
            continue  # blank line, or a row of empty cells Excel left behind
        values: dict[str, Any] = {}
        for key, cell in zip(keys, cells):
            if key is not None and cell.strip():
                values[key] = _split_list(key, cell.strip())
        extra = [c for c in cells[len(keys):] if c.strip()]
        if extra:
            values["__extra__"] = extra
        lines: dict[tuple[str | int, ...], int] = {(k,): start for k in values}
        index += 1
        located = Located(data=values, path=path, lines=lines, text="\n".join(own), first_line=start)
        yield UnitRow(index, start, values, located)


def _csv_error(exc: csv.Error, path: Path, line: int, text: str) -> InputError:
    """A CSV the reader refuses, with the line where the bad row starts."""
    reason = str(exc)
    if "unexpected end of data" in reason or "EOF" in reason:
        message = f"单位清单第 {line} 行的引号没有闭合：从这一行起到文件末尾都被读成了一个格子。"
    elif "expected after" in reason:
        message = f"单位清单第 {line} 行：格子开头的英文引号闭合后，后面还有文字（引号之后应当紧跟英文逗号）。"
    elif "NUL" in reason or "null byte" in reason:
        message = f"单位清单第 {line} 行含有空字符（NUL），文件可能已损坏。"
    else:
        message = f"单位清单第 {line} 行不是有效的 CSV。"
    src = [x.rstrip("\r\n") for x in io.StringIO(text, newline="").readlines()]
    return InputError(message, path=path, line=line, excerpt=src[line - 1] if 0 < line <= len(src) else None,
                      hint="格子里的英文双引号要成对；格子里本身要写引号时写两个（\"\"），或改用中文引号“”。")


def _check_merged(cells: list[str], path: Path, start: int, end: int, own: list[str]) -> None:
    """An unclosed quote makes the csv module read the following lines into one cell, up to the
    next quote: rows silently merged. A cell may hold a line break (Alt+Enter in Excel), but not
    a line that itself looks like a row (it has the separator): that is refused, with its line."""
    if end <= start:
        return
    for cell in cells:
        if "\n" in cell and any("," in part for part in cell.split("\n")[1:]):
            raise InputError(
                f"单位清单第 {start} 行有一个没有闭合的引号：第 {start}–{end} 行被读成了同一行的一个格子。",
                path=path, line=start, excerpt=own[0] if own else None,
                hint="格子里的英文双引号要成对；格子里本身要写引号时写两个（\"\"），或改用中文引号“”。",
            )


def _header_keys(header: list[str], path: Path) -> list[str | None]:
    """Each column's params key; an unknown column fails the whole file with a did-you-mean."""
    keys: list[str | None] = []
    for col, name in enumerate(header, 1):
        if not name.strip():
            keys.append(None)
            continue
        key = column_key(name)
        if key is None or key == "outline":
            guess = did_you_mean(name.strip(), [*SCHEMA, *CHINESE_COLUMNS])
            raise InputError(
                f"单位清单第 {col} 列的列名“{name.strip()}”不是可用的参数。",
                path=path, line=1, excerpt=",".join(header),
                hint=(f"您是不是想写“{guess}”？" if guess else "") + f"可用的列名：{'、'.join(k for k in SCHEMA if k != 'outline')}。",
            )
        if key in keys:
            raise InputError(f"单位清单中“{key}”列出现了两次（第 {col} 列）。", path=path, line=1, hint="请删除重复的列。")
        keys.append(key)
    return keys


def _split_list(key: str, cell: str) -> Any:
    """'创先争优+学习型党组织' in one cell → a list, for the keys that take lists."""
    if key not in _LIST_KEYS:
        return cell
    for sep in _LIST_SEPARATORS:
        cell = cell.replace(sep, "\n")
    items = [x.strip() for x in cell.split("\n") if x.strip()]
    return items if len(items) > 1 else items[0]


def _read_yaml(path: Path) -> list[UnitRow]:
    from drafter.yamlio import load_yaml

    loc = load_yaml(path, "单位清单")
    data = loc.data
    prefix: tuple[str, ...]
    if isinstance(data, dict) and isinstance(data.get("units"), list):
        data, prefix = data["units"], ("units",)
    else:
        prefix = ()
    if not isinstance(data, list):
        raise loc.error((), "YAML 单位清单应当是一个列表，每项是一个单位的参数（unit: …, speaker: …）。", hint="参照 examples/units.yaml。")
    rows: list[UnitRow] = []
    src = loc.text.splitlines()
    starts = [loc.line_of(prefix + (i,)) or 1 for i in range(len(data))] + [len(src) + 1]
    for i, item in enumerate(data):
        kp = prefix + (i,)
        line = starts[i]
        if not isinstance(item, dict):
            item = {"__bad__": item}
        lines = {k[len(kp):]: v for k, v in loc.lines.items() if k[: len(kp)] == kp and len(k) > len(kp)}
        values = {_yaml_key(k): v for k, v in item.items() if v not in (None, "")}
        lines.update({(_yaml_key(k[0]),) + k[1:]: v for k, v in list(lines.items()) if k and isinstance(k[0], str)})
        # Only this item's lines go with the row (at their line numbers): rows are sent to worker
        # processes, and the whole file with every row would make a large batch quadratic.
        text = "\n".join(src[line - 1 : max(line, starts[i + 1] - 1)])
        rows.append(UnitRow(len(rows) + 1, line, values, Located(data=values, path=path, lines=lines, text=text, first_line=line)))
    return rows


def _yaml_key(key: Any) -> Any:
    """Chinese keys are accepted in YAML too."""
    return column_key(key) or key if isinstance(key, str) else key
