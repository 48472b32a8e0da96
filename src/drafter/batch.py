"""`drafter batch`: one draft per unit of a units file, on a pool of worker processes.

Each row is validated, composed, rendered and written on its own: a bad row becomes a RowResult
with its row number and problem, never an exception that stops the others. Results are returned,
never printed; the CLI shows the progress bar and the summary table."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from drafter.errors import DrafterError, InputError
from drafter.units import UnitRow, UnitsFile, open_units

SUMMARY_NAME = "汇总.csv"
# Rows per task sent to a worker: large enough that pickling and queue traffic are noise next to
# drafting (~3 ms a row), small enough that the progress bar moves and both workers stay busy.
MAX_CHUNK = 25


@dataclass(frozen=True)
class RowResult:
    """What happened to one row."""

    index: int
    line: int
    unit: str
    name: str | None = None  # the written file's name
    chars: int = 0
    sha256: str | None = None
    error: str | None = None  # '第 N 行：…' when the row failed
    note: str | None = None  # e.g. an edited file that was backed up before being replaced

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BatchResult:
    """All rows' results (in file order), where they went, and how long it took."""

    rows: list[RowResult]
    out: Path
    summary_path: Path
    seconds: float
    jobs: int
    peak_rss_mb: float | None = None
    notes: list[str] = field(default_factory=list)  # e.g. an edited 汇总.csv backed up

    @property
    def failed(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def written(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]


@dataclass(frozen=True)
class _Job:
    """What a worker needs besides the rows: where to write and how wide the number prefix is."""

    out: Path
    base_dir: Path
    width: int


def run_batch(
    units: Path, *, out: Path | None = None, jobs: int | None = None,
    progress: Callable[[int], None] | None = None, rows: UnitsFile | list[UnitRow] | None = None,
) -> BatchResult:
    """Draft every unit of `units` (or the `rows` already opened from it) into `out`. Rows are
    made and sent to the workers as they go, never all at once. Raises InputError only for an
    unusable file or option; a bad row is a result, not an error."""
    from drafter.files import ensure_folder

    started = time.perf_counter()
    rows = open_units(units) if rows is None else rows
    jobs = _jobs(jobs, len(rows))
    out = out or units.with_name(f"{units.stem}-讲话稿")
    ensure_folder(out)
    job = _Job(out=out, base_dir=units.parent, width=max(3, len(str(len(rows)))))
    results: list[RowResult] = []
    peaks: list[float] = []
    for chunk, peak in _run_chunks(rows, job, jobs):
        results += chunk
        if peak is not None:
            peaks.append(peak)
        if progress is not None:
            progress(len(chunk))
    results.sort(key=lambda r: r.index)
    summary_path = out / SUMMARY_NAME
    note = write_summary(summary_path, results)
    return BatchResult(results, out, summary_path, time.perf_counter() - started, jobs, max(peaks, default=None),
                       notes=[note] if note else [])


def _jobs(jobs: int | None, rows: int) -> int:
    if jobs is None:
        jobs = os.cpu_count() or 1
    if jobs < 1:
        raise InputError(f"--jobs 应当是正整数，现在是 {jobs}。", hint="不写 --jobs 则按 CPU 核数并行。")
    return max(1, min(jobs, rows))


def _chunks(rows: UnitsFile | list[UnitRow], jobs: int) -> Iterator[list[UnitRow]]:
    """Rows in lists of a few, made lazily from the file."""
    size = max(1, min(MAX_CHUNK, len(rows) // (jobs * 4) or 1))
    chunk: list[UnitRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_chunks(rows: UnitsFile | list[UnitRow], job: _Job, jobs: int) -> Iterable[tuple[list[RowResult], float | None]]:
    """Chunks of results as they finish: in this process for one job, else on a process pool."""
    if jobs == 1:
        for chunk in _chunks(rows, 1):
            yield draft_chunk(chunk, job)
        return
    import multiprocessing

    ctx = multiprocessing.get_context()
    if ctx.get_start_method() == "fork":
        _warm()  # loaded once here, shared by the forked workers: ~150 ms less CPU per worker
    # Otherwise (spawn: Windows, macOS) each worker warms its caches once, not per row.
    with ctx.Pool(jobs, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        # A generator: the pool's task thread takes chunks as the pipe to the workers has room.
        tasks = ((chunk, job) for chunk in _chunks(rows, jobs))
        yield from pool.imap_unordered(_draft_task, tasks)


def _start_worker(parent: int) -> None:
    """A worker leaves Ctrl+C to the parent, and ends quietly when the parent is gone (killed):
    no BrokenPipeError tracebacks from orphaned workers; a draft half-written is cleaned up
    (files.write_atomic removes its temporary file on SystemExit)."""
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _quit)
    _die_with_parent()
    sys.stderr = _QuietOrphan(sys.stderr, parent)  # type: ignore[assignment]
    _warm()


def _quit(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _die_with_parent() -> None:
    """Linux: have the kernel send SIGTERM when the parent dies (elsewhere the pipes tell)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _QuietOrphan:
    """A worker's stderr that falls silent once its parent is gone: what the pool's machinery
    would print then (a broken pipe to a dead parent) helps no one."""

    def __init__(self, stream: Any, parent: int) -> None:
        self._stream = stream
        self._parent = parent

    def write(self, text: str) -> int:
        if os.getppid() != self._parent:
            return len(text)
        try:
            return self._stream.write(text)
        except (OSError, ValueError):
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _warm() -> None:
    """Load everything a draft needs once per worker process."""
    from drafter.phrasebank import load_phrasebank
    from drafter.templating import make_env

    from drafter.render.package import skeleton

    load_phrasebank()
    make_env()
    skeleton("outside")


def _draft_task(task: tuple[list[UnitRow], _Job]) -> tuple[list[RowResult], float | None]:
    return draft_chunk(*task)


def draft_chunk(rows: list[UnitRow], job: _Job) -> tuple[list[RowResult], float | None]:
    """Draft a few rows; also this process's peak memory in MB (None where it cannot be read)."""
    return [draft_row(row, job) for row in rows], _peak_rss_mb()


def draft_row(row: UnitRow, job: _Job) -> RowResult:
    """Validate, compose, render and write one row; every problem becomes the row's error."""
    from drafter.compose import compose
    from drafter.files import sha256
    from drafter.project.write import docx_bytes

    unit = str(row.values.get("unit") or "")
    try:
        built = compose(row_request(row))
        params = built.params
        data = docx_bytes(built, job.base_dir)
        name = output_name(row.index, job.width, params.unit, built.document.title)
        note = _write(job.out / name, data)
    except DrafterError as exc:
        return RowResult(row.index, row.line, unit, error=f"{row.where}：{_message(exc)}")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a defect must not cost the other rows their drafts
        return RowResult(row.index, row.line, unit, error=f"{row.where}：内部错误 {type(exc).__name__}: {exc}")
    return RowResult(row.index, row.line, params.unit or "", name, built.chars, sha256(data), note=note)


def row_request(row: UnitRow) -> Any:
    """A row's values → the resolved draft request, with the same defaults as `drafter new`."""
    from drafter.compose import resolve
    from drafter.params import params_from_located
    from drafter.project.new import default_seed

    if "__bad__" in row.values:
        raise InputError("这一项应当是“参数: 值”的映射（unit: …, speaker: …）。")
    if "__extra__" in row.values:
        raise InputError(f"这一行的格子比列名多（多出：{'、'.join(row.values['__extra__'])}）。", hint="检查是否有未加引号的英文逗号。")
    params = params_from_located(row.located)
    if "seed" not in row.values:
        params = replace(params, seed=default_seed(params.unit))
    return resolve(params)  # an unknown org type, theme or role: the message is about this row's value


def output_name(index: int, width: int, unit: str | None, title: str) -> str:
    """'001-<unit>-<title>.docx': the number keeps names unique and in file order; safe on Windows."""
    from drafter.files import safe_filename

    stem = f"{index:0{width}d}-" + (f"{' '.join(unit.split())}-" if unit else "") + title
    return safe_filename(stem, limit=110) + ".docx"


def _write(path: Path, data: bytes) -> str | None:
    """Write unless identical bytes are there already; a different file is backed up first."""
    from drafter.files import backup, write_atomic

    note = None
    if path.exists():
        try:
            if path.read_bytes() == data:
                return None  # unchanged draft: leave the file (and its timestamp) alone
        except OSError:
            pass
        note = f"原文件已备份为 {backup(path).name}"
    write_atomic(path, data)
    return note


def _message(exc: DrafterError) -> str:
    text = exc.message  # its file and line are left out: the row number already says where
    if exc.hint:
        text += f" 解决办法：{exc.hint}"
    return text


def _peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    import sys

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


# ---------------------------------------------------------------- reporting

def write_summary(path: Path, rows: list[RowResult]) -> str | None:
    """汇总.csv: one line per row, UTF-8 with BOM so Excel opens it in Chinese. No timestamps: it is
    as deterministic as the drafts. Cells that Excel would run as a formula are escaped. A summary
    the user changed since drafter wrote it is first backed up to .bak; returns that note."""
    import csv
    import io

    from drafter.files import write_atomic

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["序号", "行号", "单位", "文件", "字数", "结果", "sha256"])
    for r in rows:
        w.writerow([r.index, r.line, _cell(r.unit), _cell(r.name or ""), r.chars or "",
                    _cell(r.error or r.note or "成功"), r.sha256 or ""])
    data = ("\ufeff" + buf.getvalue()).encode("utf-8")
    note = _backup_edited_summary(path, data)
    write_atomic(path, data)
    _remember_summary(path, data)
    return note


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _cell(text: str) -> str:
    """A text cell Excel/WPS will show as text: one starting like a formula (=, +, -, @, e.g. a
    unit named '=CMD|…') gets a leading apostrophe, as OWASP advises for CSV injection."""
    return "'" + text if text.startswith(_FORMULA_START) else text


_STATE = ".drafter-batch.json"  # beside 汇总.csv: the sha256 of the summary drafter last wrote


def _backup_edited_summary(path: Path, data: bytes) -> str | None:
    """Back up an existing 汇总.csv that drafter did not write as it is (the user edited it)."""
    import json

    from drafter.files import backup, file_sha256, sha256

    if not path.exists():
        return None
    current = file_sha256(path)
    if current == sha256(data):
        return None
    try:
        written = json.loads((path.parent / _STATE).read_text(encoding="utf-8")).get("summary_sha256")
    except (OSError, ValueError, AttributeError):
        written = None
    if current is not None and current == written:
        return None  # drafter's own previous summary: replacing it loses nothing
    return f"{path.name} 被修改过，原文件已备份为 {backup(path).name}"


def _remember_summary(path: Path, data: bytes) -> None:
    import json

    from drafter.files import sha256, write_atomic

    state = json.dumps({"summary_sha256": sha256(data)}, ensure_ascii=False) + "\n"
    try:
        write_atomic(path.parent / _STATE, state.encode("utf-8"))
    except DrafterError:
        pass  # only costs a needless .bak next time


def format_summary(result: BatchResult, max_rows: int = 20) -> str:
    """The table the CLI prints: every row for a short list, else only the failed ones, then totals."""
    shown = result.rows if len(result.rows) <= max_rows else result.failed
    lines = []
    if shown:
        table = [("序号", "行号", "单位", "字数", "结果")]
        for r in shown:
            table.append((str(r.index), str(r.line), r.unit or "—", str(r.chars) if r.ok else "—", (r.note or "成功") if r.ok else (r.error or "")))
        lines += _table(table)
        lines.append("")
    n, bad = len(result.rows), len(result.failed)
    rate = n / result.seconds if result.seconds > 0 else 0.0
    lines.append(f"共 {n} 个单位：成功 {n - bad}，失败 {bad}；用时 {result.seconds:.2f} 秒（{rate:.0f} 份/秒，{result.jobs} 个进程）")
    lines += result.notes
    lines.append(f"讲话稿：{result.out}")
    lines.append(f"汇总表：{result.summary_path}")
    return "\n".join(lines)


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Columns padded by display width (a CJK character is two columns wide); the last one is free."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join(_pad(c, w) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows]


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
