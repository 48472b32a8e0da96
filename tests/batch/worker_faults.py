"""`python worker_faults.py batch ARGS…`: `drafter batch` whose workers fail on chosen rows, as a
worker fails in real life: killed by the system (SIGKILL, as the out-of-memory killer does), ended
abruptly (os._exit, as a crash in a C library), or stuck. The rows are chosen by unit name:

    FAULT_KILL=甲,乙   SIGKILL on every attempt        FAULT_ONCE=丙   os._exit(3) on the first attempt only
    FAULT_STUCK=丁     sleeps for an hour              FAULT_STALL=3   the stall limit, in seconds
    FAULT_MARKS=DIR    where first attempts are remembered (FAULT_ONCE)

The fault is planted in the parent before the pool forks its workers, so it needs the fork start
method (Linux); the drafting itself is drafter's own code."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any


def _names(var: str) -> set[str]:
    return {n for n in os.environ.get(var, "").split(",") if n}


def main() -> None:
    import drafter.batch as batch
    from drafter.cli import main as cli_main

    kill, once, stuck = _names("FAULT_KILL"), _names("FAULT_ONCE"), _names("FAULT_STUCK")
    marks = Path(os.environ.get("FAULT_MARKS", "."))
    real = batch.compose_row

    def faulty(row: Any, job: Any) -> Any:
        unit = str(row.values.get("unit") or "")
        if os.getpid() != parent:  # only in workers: the parent never drafts with --jobs 2
            if unit in kill:
                os.kill(os.getpid(), signal.SIGKILL)
            if unit in once and not (marks / f"{row.index}.tried").exists():
                (marks / f"{row.index}.tried").touch()
                os._exit(3)
            if unit in stuck:
                time.sleep(3600)
        return real(row, job)

    parent = os.getpid()
    batch.compose_row = faulty
    if "FAULT_STALL" in os.environ:
        batch.STALL_SECONDS = float(os.environ["FAULT_STALL"])
    sys.argv = ["drafter", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
