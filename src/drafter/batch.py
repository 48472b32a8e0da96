"""`drafter batch`: one draft per unit of a units file, on a pool of worker processes.

Each row is validated, composed, rendered and written on its own: a bad row becomes a RowResult
with its row number and problem, never an exception that stops the others. Results are returned,
never printed; the CLI shows the progress bar and the summary table."""

from __future__ import annotations

import os
import threading
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
    source: str = ""  # the units file's name, for messages


def run_batch(
    units: Path, *, out: Path | None = None, jobs: int | None = None,
    progress: Callable[[int], None] | None = None, rows: UnitsFile | list[UnitRow] | None = None,
) -> BatchResult:
    """Draft every unit of `units` (or the `rows` already opened from it) into `out`. Rows are
    made and sent to the workers as they go, never all at once. Raises InputError only for an
    unusable file or option; a bad row is a result, not an error."""
    from drafter.files import ensure_folder, flush_to_disk, remove_stale_temporaries

    started = time.perf_counter()
    rows = open_units(units) if rows is None else rows
    jobs = _jobs(jobs, len(rows))
    out = out or units.with_name(f"{units.stem}-讲话稿")
    ensure_folder(out)
    remove_stale_temporaries(out)  # left by a worker killed mid-write in an earlier run
    job = _Job(out=out, base_dir=units.parent, width=max(3, len(str(len(rows)))), source=units.name)
    results: list[RowResult] = []
    peaks: list[float] = []
    for chunk, peak in _run_chunks(rows, job, jobs):
        results += chunk
        if peak is not None:
            peaks.append(peak)
        if progress is not None:
            progress(len(chunk))
    results.sort(key=lambda r: r.index)
    remove_stale_temporaries(out)  # a worker killed mid-write in this run (its rows were retried)
    # The drafts were written without waiting for the disk after each one: on disk before the
    # summary that lists them.
    flush_to_disk([out / r.name for r in results if r.name])
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
    """Rows in lists of a few, made lazily from the file. The lists shrink towards the end (a
    quarter of each worker's share of the rows left, at most MAX_CHUNK): the workers then finish
    together instead of one drafting a last full chunk of 25 rows while the other waits. 1,000
    drafts with --jobs 2, against chunks of 25 to the end: 0.90× the wall time (8 pairs)."""
    left = len(rows)
    size = _chunk_size(left, jobs)
    chunk: list[UnitRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            left -= len(chunk)
            size = _chunk_size(left, jobs)
            chunk = []
    if chunk:
        yield chunk


def _chunk_size(left: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, left // (jobs * 4)))


def _run_chunks(rows: UnitsFile | list[UnitRow], job: _Job, jobs: int) -> Iterable[tuple[list[RowResult], float | None]]:
    """Chunks of results as they finish: in this process for one job, else on a process pool."""
    if jobs == 1:
        for chunk in _chunks(rows, 1):
            yield draft_chunk(chunk, job)
        return
    yield from _Pool(job, jobs).run(_chunks(rows, jobs))


# Chunks a worker may have queued besides the one it is drafting: enough that no worker waits
# for the parent, few enough that rows are still made from the file as the drafts go.
IN_FLIGHT_PER_WORKER = 2
# No chunk finished for this long while some were in flight: a worker is stuck. A chunk is a few
# rows of ~10 ms each, and the sandbox bounds what a template may do: this is far above any real
# wait, even on a loaded machine, and still ends the batch instead of waiting for ever.
STALL_SECONDS = 300.0
# After a worker died, its rows are drafted again one at a time; this many deaths in a row
# with no row succeeding between them means every row would fail: the rest are not tried.
GIVE_UP_AFTER = 3


class _Pool:
    """Worker processes that never leave the parent waiting for ever.

    concurrent.futures' pool notices a worker that died (killed by the system for lack of memory,
    a crash): every unfinished chunk's future then fails (BrokenProcessPool) instead of waiting, as
    multiprocessing.Pool does, for a result that will never come. A stuck worker is noticed by
    STALL_SECONDS without any result. The rows of the chunks lost either way are drafted again one
    at a time, each alone on a fresh worker: a row that kills (or stalls) its worker again is the
    cause, and becomes a failed row with a message naming it; the others get their drafts. Chunks
    are submitted as earlier ones finish, so at most IN_FLIGHT_PER_WORKER per worker are made."""

    def __init__(self, job: _Job, jobs: int) -> None:
        import multiprocessing

        self.job = job
        self.jobs = jobs
        self.ctx = multiprocessing.get_context()
        self.frozen = False
        if self.ctx.get_start_method() == "fork":
            try:
                _warm()  # loaded once here, shared by the forked workers: ~0.5 s less CPU per worker
            except Exception:  # noqa: BLE001 - each row then meets the problem and reports it as its error
                pass
            import gc

            # What is loaded now lives as long as the workers: kept out of the garbage collector's
            # scans, which would otherwise copy every shared page into each worker (copy-on-write).
            gc.freeze()
            self.frozen = True
        # Otherwise (spawn: Windows, macOS) each worker warms its caches once, not per row.

    def _executor(self, workers: int) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(workers, mp_context=self.ctx, initializer=_start_worker, initargs=(os.getpid(),))

    def run(self, chunks: Iterator[list[UnitRow]]) -> Iterator[tuple[list[RowResult], float | None]]:
        """Results of every chunk, in the order they finish; rows a dead or stuck worker took
        with it are retried at the end, one at a time."""
        from concurrent.futures import FIRST_COMPLETED, Future, wait
        from concurrent.futures.process import BrokenProcessPool

        lost: list[UnitRow] = []
        pool = self._executor(self.jobs)
        pending: dict[Future, list[UnitRow]] = {}
        try:
            more = True
            while True:
                while more and len(pending) < self.jobs * IN_FLIGHT_PER_WORKER:
                    chunk = next(chunks, None)
                    if chunk is None:
                        more = False
                        break
                    try:
                        pending[pool.submit(_draft_task, (chunk, self.job))] = chunk
                    except BrokenProcessPool:  # broke since the last results: start afresh
                        lost += chunk
                        lost += _drain(pending)
                        pool = self._restart(pool)
                if not pending:
                    break
                done, _ = wait(pending, timeout=STALL_SECONDS, return_when=FIRST_COMPLETED)
                if not done:  # a worker is stuck: which row did it is found one row at a time
                    lost += _drain(pending)
                    pool = self._restart(pool, kill=True)
                    continue
                broken = False
                for future in done:
                    chunk = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        lost += chunk
                        broken = True
                if broken:  # every other unfinished chunk is lost with the pool too
                    lost += _drain(pending)
                    pool = self._restart(pool)
            pool.shutdown(wait=True)
            if lost:
                yield from self._one_by_one(sorted(lost, key=lambda r: r.index))
        except BaseException:
            _stop(pool, kill=True)
            raise
        finally:
            if self.frozen:
                import gc

                gc.unfreeze()

    def _restart(self, pool: Any, kill: bool = False) -> Any:
        _stop(pool, kill=kill)
        return self._executor(self.jobs)

    def _one_by_one(self, rows: list[UnitRow]) -> Iterator[tuple[list[RowResult], float | None]]:
        """Each row alone on one worker: a worker's death or stall is then that row's doing."""
        from concurrent.futures import wait
        from concurrent.futures.process import BrokenProcessPool

        pool = self._executor(1)
        deaths = 0
        try:
            for i, row in enumerate(rows):
                if deaths >= GIVE_UP_AFTER:
                    yield [_not_tried(r, self.job) for r in rows[i:]], None
                    break
                future = pool.submit(_draft_task, ([row], self.job))
                done, _ = wait([future], timeout=STALL_SECONDS)
                if done:
                    try:
                        yield future.result()
                        deaths = 0
                        continue
                    except BrokenProcessPool:
                        failure = _died(row, self.job)
                else:
                    failure = _stuck(row, self.job)
                deaths += 1
                yield [failure], None
                _stop(pool, kill=True)
                pool = self._executor(1)
        except BaseException:
            _stop(pool, kill=True)
            raise
        pool.shutdown(wait=True)


def _drain(pending: dict[Any, list[UnitRow]]) -> list[UnitRow]:
    rows = [row for chunk in pending.values() for row in chunk]
    pending.clear()
    return rows


def _stop(pool: Any, kill: bool = False) -> None:
    """End a pool without waiting on its workers: asked to stop (SIGTERM: a half-written draft's
    temporary file is removed), then, if `kill` (a stuck worker may not listen), killed."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # the pool offers no public way before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    if kill:
        deadline = time.monotonic() + 2
        for proc in procs:
            try:
                proc.join(max(0.0, deadline - time.monotonic()))
                if proc.is_alive():
                    proc.kill()
                    proc.join(1)
            except (OSError, ValueError, AssertionError, AttributeError):
                pass


def _died(row: UnitRow, job: _Job) -> RowResult:
    return _failed(row, f"起草这一行时工作进程意外退出，单独重试仍然如此（{job.source} {row.where}）。"
                        "可能是内存不足被系统结束，或这一行触发了程序缺陷；其他行不受影响。"
                        " 解决办法：关闭其他程序后把这一行单独放进一个清单再试；仍然如此请把这一行报告给维护者。")


def _stuck(row: UnitRow, job: _Job) -> RowResult:
    return _failed(row, f"起草这一行超过 {STALL_SECONDS:.0f} 秒没有完成，单独重试仍然如此，已停止（{job.source} {row.where}）。"
                        " 解决办法：检查这一行的值和所用的本单位语料；仍然如此请把这一行报告给维护者。")


def _not_tried(row: UnitRow, job: _Job) -> RowResult:
    return _failed(row, f"没有起草：前面连续 {GIVE_UP_AFTER} 行都使工作进程意外退出或卡住，其余各行不再尝试（{job.source}）。"
                        " 解决办法：多半是内存不足，关闭其他程序后重新运行（已写出的稿子不会重复写）。")


def _failed(row: UnitRow, message: str) -> RowResult:
    return RowResult(row.index, row.line, str(row.values.get("unit") or ""), error=f"{row.where}：{message}")


def _start_worker(parent: int) -> None:
    """A worker leaves Ctrl+C to the parent, and ends quietly when the parent is gone (killed):
    no BrokenPipeError tracebacks from orphaned workers; a draft half-written is cleaned up
    (_quit removes its temporary file). Never fails: a worker that could not start would break
    the pool for every row."""
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _quit)
    _die_with_parent()
    sys.stderr = _QuietOrphan(sys.stderr, parent)  # type: ignore[assignment]
    try:
        _warm()
    except Exception:  # noqa: BLE001 - a worker that cannot start would break the pool for every row;
        pass  # the same problem then comes up in each row's own draft, as that row's located error


_temporaries: tuple[Path, str] | None = None  # in a worker: its drafts' folder, its temporary files' pattern


def _quit(signum: int, frame: Any) -> None:
    """SIGTERM in a worker (its parent died, or stopped the pool): remove this process's
    half-written draft, if any, and end at once. Not by SystemExit: the pool's own code would
    catch it, or wait at exit on a pipe no one reads any more."""
    # The writer thread may be inside a write: let it finish (its temporary file becomes the draft)
    # and start no other, or a file it creates after the clean-up below would be left behind.
    _WRITING.acquire(timeout=10)
    if _temporaries is not None:
        for tmp in _temporaries[0].glob(_temporaries[1]):
            try:
                tmp.unlink()
            except OSError:
                pass
    os._exit(0)


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


_warmed = False


def _warm() -> None:
    """Load everything a draft needs, once per process: the data files, the template environment,
    the .docx skeleton, and every cache filled on a first draft (imports, compiled templates,
    indexes), by composing and rendering one draft that is not written. That first draft costs
    ~450 ms of CPU, later ones ~5–15 ms: done in the parent before forking, no worker pays it."""
    global _warmed
    if _warmed:
        return
    from drafter.compose import compose, resolve
    from drafter.params import Params
    from drafter.project.write import docx_bytes
    from drafter.phrasebank import load_phrasebank
    from drafter.render.package import skeleton
    from drafter.templating import make_env

    load_phrasebank()
    make_env()
    skeleton("outside")
    docx_bytes(compose(resolve(Params())), Path.cwd())
    _warmed = True


def _draft_task(task: tuple[list[UnitRow], _Job]) -> tuple[list[RowResult], float | None]:
    """A chunk in a worker process."""
    global _temporaries
    if _temporaries is None or _temporaries[0] != task[1].out:
        from drafter.files import _TMP_PREFIX  # the names files.write_atomic gives them

        _temporaries = (task[1].out, f"{_TMP_PREFIX}{os.getpid()}-*.tmp")
    return draft_chunk(*task)


def draft_chunk(rows: list[UnitRow], job: _Job) -> tuple[list[RowResult], float | None]:
    """Draft a few rows; also this process's peak memory in MB (None where it cannot be read).

    Each draft is written on a thread of this process while the next one is composed: creating and
    renaming a file costs the system about a millisecond, which then no longer holds up the
    drafting. The drafts are flushed to disk together at the end of the batch (run_batch)."""
    writer = _writer()
    drafts: list[RowResult | tuple[_Drafted, Any]] = []
    for row in rows:
        drafted = compose_row(row, job)
        if isinstance(drafted, RowResult):
            drafts.append(drafted)
        else:
            drafts.append((drafted, writer.submit(_write, drafted.path, drafted.data)))
    results = [item if isinstance(item, RowResult) else _finish(item[0], item[1].result) for item in drafts]
    return results, _peak_rss_mb()


_writers: tuple[int, Any] | None = None  # (process id, its writer thread)


def _writer() -> Any:
    """This process's one writer thread (made after a fork, never inherited from the parent)."""
    global _writers
    if _writers is None or _writers[0] != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _writers = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix="drafter-write"))
    return _writers[1]


@dataclass(frozen=True)
class _Drafted:
    """A row composed and rendered, not yet written: its result but for the write's note."""

    result: RowResult
    path: Path
    data: bytes


def draft_row(row: UnitRow, job: _Job) -> RowResult:
    """Validate, compose, render and write one row; every problem becomes the row's error."""
    drafted = compose_row(row, job)
    if isinstance(drafted, RowResult):
        return drafted
    return _finish(drafted, lambda: _write(drafted.path, drafted.data))


def compose_row(row: UnitRow, job: _Job) -> RowResult | _Drafted:
    """Validate, compose and render one row: the draft to write, or the row's error."""
    from drafter.compose import compose
    from drafter.files import sha256
    from drafter.project.write import docx_bytes

    unit = str(row.values.get("unit") or "")
    try:
        built = compose(row_request(row))
        params = built.params
        data = docx_bytes(built, job.base_dir)
        name = output_name(row.index, job.width, params.unit, built.document.title)
    except DrafterError as exc:
        return RowResult(row.index, row.line, unit, error=f"{row.where}：{_message(exc)}")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a defect must not cost the other rows their drafts
        return RowResult(row.index, row.line, unit, error=f"{row.where}：内部错误 {type(exc).__name__}: {exc}")
    return _Drafted(RowResult(row.index, row.line, params.unit or "", name, built.chars, sha256(data)), job.out / name, data)


def _finish(drafted: _Drafted, written: Callable[[], str | None]) -> RowResult:
    """The row's result once its write is done (`written` gives the write's note or raises)."""
    r = drafted.result
    try:
        note = written()
    except DrafterError as exc:
        return RowResult(r.index, r.line, r.unit, error=f"第 {r.line} 行：{_message(exc)}")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001
        return RowResult(r.index, r.line, r.unit, error=f"第 {r.line} 行：内部错误 {type(exc).__name__}: {exc}")
    return replace(r, note=note)


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

    with _WRITING:  # a worker told to quit waits for this write to finish, so it leaves no temporary file
        note = None
        if path.exists():
            try:
                if path.read_bytes() == data:
                    return None  # unchanged draft: leave the file (and its timestamp) alone
            except OSError:
                pass
            note = f"原文件已备份为 {backup(path).name}"
        write_atomic(path, data, sync=False)  # flushed all at once before the summary (run_batch)
        return note


_WRITING = threading.Lock()


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
