"""drafter's speed, side by side with what a user could use instead, on the same speech text.

    python bench/run.py [--runs 7] [--batch 1000] [--mine-mb 10] [--quick] [--only check,help]

mine is measured twice: on corpus/ copied until it is --mine-mb (every sentence after the first copy
repeats one already seen), and on as much speech-like text in which no sentence repeats
(bench/speechgen.py).

Every figure is a fresh process timed from outside (wall clock; CPU time and peak memory from the
kernel's accounting of the process and its workers), the median of several runs after one warm-up
run that is not counted (it writes the bytecode, as installing a package does). The render rows run
in rounds, side by side; "first run" rows start each run with an empty drafter cache folder. Prints a table and writes bench/results.json. Not a test: nothing fails on
timings, and a shared or busy machine shows in the load figures recorded with the results."""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = sys.executable
# Modules `drafter --help` must not load: all the heavy work is behind the commands.
HEAVY = ("docx", "jinja2", "yaml", "lxml", "pydantic", "rich", "drafter.domain")
ROW_GROUPS = ("render", "check", "batch", "mine", "help")  # what --only can pick
UNIT_ORGS = ("school", "agency", "community", "village", "enterprise", "hospital")


@dataclass
class Run:
    """One timed process."""

    wall: float
    cpu: float | None  # user + sys of the process and its reaped workers
    peak_mb: float | None  # the largest resident size of any one of them


@dataclass
class Row:
    """One line of the table."""

    name: str
    runs: list[Run] = field(default_factory=list)
    value: str = ""  # the figure the target is about, formatted
    target: str = ""
    met: bool | None = None  # judged on wall time, as the targets are stated
    met_cpu: bool | None = None  # judged on CPU time: what an idle machine would show
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs) if self.runs else float("nan")

    @property
    def cpu(self) -> float | None:
        cpus = [r.cpu for r in self.runs if r.cpu is not None]
        return statistics.median(cpus) if cpus else None

    @property
    def peak_mb(self) -> float | None:
        peaks = [r.peak_mb for r in self.runs if r.peak_mb is not None]
        return max(peaks) if peaks else None


def run_once(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Run:
    """Time one process; CPU and memory come from wait4 where the platform has it."""
    # stderr into a file, not a pipe read after the exit: a command that writes more than a pipe
    # holds (64 KB) before exiting would wait for ever on its own output.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            scale = 1024 * 1024 if sys.platform == "darwin" else 1024
            run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale)
        else:
            proc.wait()
            run = Run(time.perf_counter() - started, None, None)
        errors.seek(0)
        err = errors.read().decode("utf-8", "replace")
    if proc.returncode not in ok:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return run


def measure(name: str, cmd: list[str], env: dict[str, str], runs: int, ok: tuple[int, ...] = (0,)) -> Row:
    """Median of `runs` timed runs after one warm-up run (`ok`: the exit codes that are not failures)."""
    run_once(cmd, env, ok)
    row = Row(name, [run_once(cmd, env, ok) for _ in range(runs)])
    print(f"  {name}: {row.wall * 1000:.0f} ms", file=sys.stderr)
    return row


def child_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The source tree on the path; bytecode written to a scratch folder (never the tree), so every
    timed run finds compiled modules as an installed package would; a scratch drafter cache."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["DRAFTER_CACHE"] = str(tmp / "drafter-cache")
    env.update(extra)
    return env


def drafter(*args: str) -> list[str]:
    return [PY, "-m", "drafter", *args]


# ---------------------------------------------------------------- the measurements

def measure_rounds(specs: list[tuple[str, Any]], runs: int) -> list[Row]:
    """Time several commands in rounds (A B C A B C …) after one uncounted warm-up round, so a
    change in the machine's load touches them alike. Each spec is (name, make) where make(i) gives
    the command and environment of run i (a fresh folder where a run must start empty)."""
    rows = [Row(name) for name, _ in specs]
    for i in range(runs + 1):
        for row, (_, make) in zip(rows, specs):
            cmd, env = make(i)
            run = run_once(cmd, env)
            if i:
                row.runs.append(run)
    for row in rows:
        print(f"  {row.name}: {row.wall * 1000:.0f} ms (CPU {(row.cpu or 0) * 1000:.0f} ms)", file=sys.stderr)
    return rows


def bench_render(tmp: Path, env: dict[str, str], runs: int) -> tuple[list[Row], Path]:
    """`drafter render` warm (drafter's cache filled) and first run (empty cache), `drafter new` on
    a first run, side by side with python-docx and docxtpl writing the same paragraphs."""
    folder = tmp / "draft"
    new_args = ("new", "--org", "school", "--unit", "某某市第一中学", "--speaker", "张明", "--date", "2026-05-08", "--seed", "3")
    subprocess.run(drafter(*new_args, "--out", str(folder)), env=env, check=True, capture_output=True)
    text = tmp / "speech.txt"
    subprocess.run(drafter("render", str(folder), "-f", "txt", "-o", str(text)), env=env, check=True, capture_output=True)
    paragraphs = sum(1 for line in text.read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"speech: {paragraphs} paragraphs, {len(text.read_text(encoding='utf-8'))} characters", file=sys.stderr)

    def empty_cache(i: int) -> dict[str, str]:
        return child_env(tmp, DRAFTER_CACHE=str(tmp / f"empty-cache-{i}"))

    specs: list[tuple[str, Any]] = [
        ("drafter render, warm (cache filled)", lambda i: (drafter("render", str(folder)), env)),
        ("drafter render, first run (empty cache)", lambda i: (drafter("render", str(folder)), empty_cache(i))),
        ("drafter new, first run (empty cache)", lambda i: (drafter(*new_args, "--out", str(tmp / f"new-{i}")), empty_cache(1000 + i))),
        ("python-docx script, same text unstyled", lambda i: ([PY, str(BENCH / "bare_docx.py"), str(text), str(tmp / "bare.docx")], env)),
    ]
    # A re-render of an unchanged draft writes nothing (the bytes are equal) and finds its check in the
    # cache; after an edit it composes, writes and checks again: the speaker's name changes before
    # every run (outside the timing), the rest of the cache is filled.
    edited = tmp / "edited"
    shutil.copytree(folder, edited)

    def after_edit(i: int) -> tuple[list[str], dict[str, str]]:
        params = edited / "params.yaml"
        lines = params.read_text(encoding="utf-8").splitlines(keepends=True)
        params.write_text("".join(f"speaker: 张明{i}\n" if line.startswith("speaker:") else line for line in lines), encoding="utf-8")
        return drafter("render", str(edited)), env

    specs.append(("drafter render after an edit (cache filled)", after_edit))
    has_tpl = _has(env, "docxtpl")
    if has_tpl:
        template = tmp / "template.docx"
        subprocess.run([PY, "-c", _TEMPLATE, str(template)], env=env, check=True)
        specs.append(("docxtpl, same text", lambda i: ([PY, str(BENCH / "docxtpl_render.py"), str(template), str(text), str(tmp / "tpl.docx")], env)))
    rows = measure_rounds(specs, runs)
    if not has_tpl:
        rows.append(Row("docxtpl, same text", note="docxtpl not installed: pip install -e '.[bench]'"))
    base = rows[3]
    for row in rows:
        if row.runs:
            wall, cpu = paired_ratio(row, base, "wall"), paired_ratio(row, base, "cpu")
            row.value = f"{wall:.2f}× python-docx" + (f" (CPU {cpu:.2f}×)" if cpu else "")
            if row is not base:
                row.value += f"; medians' ratio {row.wall / base.wall:.2f}×"
    for row, limit in ((rows[0], 1.2), (rows[1], 1.5), (rows[2], 1.5)):
        cpu = paired_ratio(row, base, "cpu")
        wall = paired_ratio(row, base, "wall")
        row.target, row.met = f"≤ {limit:.2f}× python-docx", wall is not None and wall <= limit
        row.met_cpu = cpu <= limit if cpu else None
    return rows, text


def paired_ratio(row: Row, base: Row, attr: str) -> float | None:
    """The median, over the rounds, of row's run / base's run in the same round (wall or CPU time).
    Why: the rounds pair each run with a yardstick run made moments apart, so a drift in the
    machine's speed during the measurement (a shared 2-core machine moves by ±25% within minutes)
    cancels out of each pair; the ratio of the two medians takes them from different minutes."""
    pairs = [getattr(a, attr) / getattr(b, attr) for a, b in zip(row.runs, base.runs) if getattr(a, attr) and getattr(b, attr)]
    return statistics.median(pairs) if pairs else None


_TEMPLATE = """
import sys
from docx import Document
d = Document()
d.add_paragraph("{%p for para in paragraphs %}")
d.add_paragraph("{{ para }}")
d.add_paragraph("{%p endfor %}")
d.save(sys.argv[1])
"""


def bench_check(tmp: Path, env: dict[str, str], runs: int) -> list[Row]:
    """`drafter check` on a ~3,000-character draft, side by side with the python-docx script writing
    the same text; and on a speech that names people and places (the names rule loads its tagger)."""
    folder = tmp / "check-draft"
    subprocess.run(drafter("new", "--org", "school", "--unit", "某某市第一中学", "--speaker", "张明",
                           "--date", "2026-05-08", "--seed", "3", "--out", str(folder)), env=env, check=True, capture_output=True)
    draft = next(folder.glob("*.docx"))
    text = tmp / "check-speech.txt"
    subprocess.run(drafter("render", str(folder), "-f", "txt", "-o", str(text)), env=env, check=True, capture_output=True)
    names = tmp / "names.docx"  # corpus 003 (a university speech naming its people and places) as a .docx
    subprocess.run([PY, "-c", _TXT_TO_DOCX, str(next((ROOT / "corpus").glob("003_*.txt"))), str(names)], env=env, check=True)
    base = measure("python-docx script, same text (check baseline)", [PY, str(BENCH / "bare_docx.py"), str(text), str(tmp / "bare2.docx")], env, runs)
    rows = [measure("drafter check, ~3,000-character draft", drafter("check", str(draft)), env, runs, ok=(0, 1)),
            base,
            measure("drafter check, speech naming people and places", drafter("check", str(names)), env, runs, ok=(0, 1))]
    for row in rows:
        if row.runs and base.runs:
            row.value = f"{row.wall / base.wall:.2f}× python-docx (CPU {row.cpu / base.cpu:.2f}×)" if row.cpu and base.cpu else f"{row.wall / base.wall:.2f}× python-docx"
    rows[0].target, rows[0].met = "≤ 3.00× python-docx", rows[0].wall <= 3 * base.wall
    rows[0].met_cpu = rows[0].cpu <= 3 * base.cpu if rows[0].cpu and base.cpu else None
    return rows


_TXT_TO_DOCX = """
import sys
from docx import Document
d = Document()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d.add_paragraph(line.strip())
d.save(sys.argv[2])
"""


def bench_help(tmp: Path, env: dict[str, str], runs: int) -> list[Row]:
    """`drafter --help`: wall time, and which heavy modules it loaded (none should be; nor drafter's data);
    beside it the interpreter's own start (`python -c pass`), which --help cannot go below."""
    row, start = measure_rounds([("drafter --help", lambda i: (drafter("--help"), env)),
                                 ("python -c pass (the interpreter's start, for reference)", lambda i: ([PY, "-c", "pass"], env))], runs)
    start.value = f"{start.wall * 1000:.0f} ms (CPU {start.cpu * 1000:.0f} ms)" if start.cpu else f"{start.wall * 1000:.0f} ms"
    probe = subprocess.run([PY, "-X", "importtime", "-m", "drafter", "--help"], env=env, capture_output=True, text=True)
    loaded = {line.split("|")[-1].strip() for line in probe.stderr.splitlines() if "|" in line}
    heavy = sorted(m for m in HEAVY if any(name == m or name.startswith(m + ".") for name in loaded))
    row.value = f"{row.wall * 1000:.0f} ms (CPU {row.cpu * 1000:.0f} ms)" if row.cpu else f"{row.wall * 1000:.0f} ms"
    row.target, row.met = "≤ 150 ms", row.wall <= 0.150
    row.met_cpu = row.cpu <= 0.150 if row.cpu else None
    row.note = "heavy modules loaded: " + (", ".join(heavy) if heavy else "none")
    return [row, start]


def bench_batch(tmp: Path, env: dict[str, str], runs: int, size: int, jobs: list[int]) -> list[Row]:
    """`drafter batch` of `size` units with each `jobs` count, runs interleaved (1 2 1 2 …, so
    that a shared machine's drift hits every count alike): drafts a second, CPU a draft, peak
    memory, and how each count scales against the first."""
    units = tmp / "units.csv"
    with units.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["unit", "speaker", "org", "theme", "role", "date", "minutes", "seed"])
        for i in range(size):
            w.writerow([f"第{i + 1}党支部", f"讲话人{i + 1}", UNIT_ORGS[i % len(UNIT_ORGS)], "学习型党组织" if i % 3 == 0 else "创先争优",
                        "deputy" if i % 4 == 0 else "secretary", "2026-05-08", 10 + i % 20, i])
    out = tmp / "batch-out"

    def cmd(n: int) -> list[str]:
        return drafter("batch", str(units), "--jobs", str(n), "-o", str(out))

    def fresh() -> None:  # every run writes all files (a re-run would skip identical ones)
        shutil.rmtree(out, ignore_errors=True)

    fresh()
    run_once(cmd(jobs[0]), env)
    rows = [Row(f"drafter batch, {size} drafts, --jobs {n}") for n in jobs]
    for _ in range(runs):
        for n, row in zip(jobs, rows):
            fresh()
            row.runs.append(run_once(cmd(n), env))
    for n, row in zip(jobs, rows):
        rate = size / row.wall
        # What `n` idle cores would give: all CPU time spread over them (the serial part, reading the
        # list and writing the summary, is a few per cent, so this slightly flatters).
        cpu_rate = size / (row.cpu / n) if row.cpu else None
        print(f"  {row.name}: {row.wall:.2f} s", file=sys.stderr)
        row.value = f"{rate:.0f} drafts/s" + (f" (CPU-bound: {cpu_rate:.0f}/s, CPU {row.cpu / size * 1000:.1f} ms a draft)" if row.cpu else "")
        row.value += f", peak {row.peak_mb:.0f} MB" if row.peak_mb else ""
        if n != jobs[0]:
            base = rows[0]
            row.value += f"; {base.wall / row.wall:.2f}× the wall speed of --jobs {jobs[0]}"
            if row.cpu and base.cpu:
                row.value += f", {row.cpu / base.cpu:.2f}× its CPU"
        if n >= 2:
            row.target = "≥ 300 drafts/s, ≤ 150 MB a process"
            memory_ok = row.peak_mb is None or row.peak_mb <= 150
            row.met = rate >= 300 and memory_ok
            row.met_cpu = cpu_rate >= 300 and memory_ok if cpu_rate else None
    return rows


def bench_mine(tmp: Path, env: dict[str, str], runs: int, megabytes: float) -> Row:
    """`drafter mine` over corpus/ copied until it is `megabytes` of text."""
    row = Row(f"drafter mine, corpus/ ×N ≥ {megabytes:g} MB")
    if not _has(env, "drafter.mine"):
        row.note = "skipped: drafter.mine is not in this tree (runs unchanged once it is)"
        return row
    sources = sorted(p for p in (ROOT / "corpus").iterdir() if p.is_file())
    folder = tmp / "corpus-x"
    folder.mkdir()
    size, copy = 0, 0
    while size < megabytes * 1e6:
        for src in sources:
            dst = folder / f"{copy:04d}-{src.name}"
            shutil.copyfile(src, dst)
            size += dst.stat().st_size
        copy += 1
    measured = measure(row.name, drafter("mine", str(folder), "-o", str(tmp / "candidates.yaml")), env, runs)
    row.runs = measured.runs
    rate = size / 1e6 / row.wall
    row.value = f"{rate:.2f} MB/s ({size / 1e6:.1f} MB)"
    row.target, row.met = "≥ 1 MB/s", rate >= 1
    row.met_cpu = size / 1e6 / row.cpu >= 1 if row.cpu else None
    return row


def bench_mine_unrepeated(tmp: Path, env: dict[str, str], runs: int, megabytes: float) -> Row:
    """`drafter mine` over speech-like text in which no sentence repeats (bench/speechgen.py:
    invented townships, villages, units and people), the shape of a real archive of many units."""
    row = Row(f"drafter mine, unrepeated speeches ≥ {megabytes:g} MB")
    if not _has(env, "drafter.mine"):
        row.note = "skipped: drafter.mine is not in this tree"
        return row
    folder = tmp / "speeches"
    subprocess.run([PY, str(BENCH / "speechgen.py"), str(folder), "--mb", str(megabytes)], env=env, check=True,
                   capture_output=True)
    size = sum(p.stat().st_size for p in folder.iterdir())
    measured = measure(row.name, drafter("mine", str(folder), "-o", str(tmp / "candidates-unrepeated.yaml")), env, runs)
    row.runs = measured.runs
    rate = size / 1e6 / row.wall
    row.value = f"{rate:.2f} MB/s ({size / 1e6:.1f} MB)"
    row.target = "≥ 1 MB/s, < 1 GB"
    memory_ok = row.peak_mb is None or row.peak_mb < 1024
    row.met = rate >= 1 and memory_ok
    row.met_cpu = size / 1e6 / row.cpu >= 1 and memory_ok if row.cpu else None
    return row


def _has(env: dict[str, str], module: str) -> bool:
    probe = [PY, "-c", f"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec({module!r}) else 1)"]
    return subprocess.run(probe, env=env, capture_output=True).returncode == 0


# ---------------------------------------------------------------- reporting

def table(rows: list[Row]) -> str:
    """A Markdown table of the medians."""
    out = [
        "| measurement | median wall | median CPU | peak RSS | result | target | met (wall / CPU) |",
        "| --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for r in rows:
        wall = f"{r.wall * 1000:.0f} ms" if r.runs else "—"
        cpu = f"{r.cpu * 1000:.0f} ms" if r.cpu is not None else "—"
        peak = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else "—"
        met = "" if r.met is None else " / ".join("—" if m is None else ("yes" if m else "**no**") for m in (r.met, r.met_cpu))
        out.append(f"| {r.name} | {wall} | {cpu} | {peak} | {r.value or r.note} | {r.target} | {met} |")
    notes = [f"- {r.name}: {r.note}" for r in rows if r.note and r.value]
    return "\n".join(out + ([""] + notes if notes else []))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per command (median)")
    ap.add_argument("--batch", type=int, default=1000, help="units in the batch run")
    ap.add_argument("--jobs", default="1,2", help="--jobs of the batch runs, comma-separated (runs interleaved)")
    ap.add_argument("--mine-mb", type=float, default=10, help="megabytes of text for mine")
    ap.add_argument("--quick", action="store_true", help="3 runs, 200 units, 2 MB: a smoke run")
    ap.add_argument("--only", default=",".join(ROW_GROUPS),
                    help=f"comma-separated rows to measure, of {', '.join(ROW_GROUPS)} (default: all)")
    a = ap.parse_args()
    only = [g.strip() for g in a.only.split(",") if g.strip()]
    unknown = [g for g in only if g not in ROW_GROUPS]
    if unknown or not only:
        ap.error(f"--only takes {', '.join(ROW_GROUPS)}; got {a.only!r}")
    if a.quick:
        a.runs, a.batch, a.mine_mb = 3, 200, 2
    load_before = _load()
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as name:
        tmp = Path(name)
        env = child_env(tmp)
        rows: list[Row] = []
        if "render" in only:
            rows += bench_render(tmp, env, a.runs)[0]
        if "check" in only:
            rows += bench_check(tmp, env, a.runs)
        if "batch" in only:
            rows += bench_batch(tmp, env, max(3, a.runs // 2), a.batch, [int(j) for j in a.jobs.split(",")])
        if "mine" in only:
            rows.append(bench_mine(tmp, env, max(3, a.runs // 2), a.mine_mb))
            rows.append(bench_mine_unrepeated(tmp, env, max(3, a.runs // 2), a.mine_mb))
        if "help" in only:
            rows += bench_help(tmp, env, max(10, a.runs))
    text = table(rows)
    print(text)
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_before": load_before, "load_after": _load()},
        "versions": _versions(env),
        "rows": [{**asdict(r), "median_wall": r.wall if r.runs else None, "median_cpu": r.cpu, "peak_mb": r.peak_mb} for r in rows],
        "table": text,
    }
    # A partial run (--only) gets its own file, so it does not replace the full run's results.
    out_name = "results.json" if set(only) == set(ROW_GROUPS) else f"results-{'-'.join(only)}.json"
    (BENCH / out_name).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nload average before/after: {load_before} / {results['machine']['load_after']}; written bench/{out_name}")


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _versions(env: dict[str, str]) -> dict[str, Any]:
    code = (
        "import importlib.metadata as m, json\n"
        "out = {}\n"
        "for n in ('python-docx', 'docxtpl', 'typer', 'jinja2', 'pyyaml', 'lxml'):\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: out[n] = None\n"
        "print(json.dumps(out))"
    )
    done = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {}


if __name__ == "__main__":
    main()
