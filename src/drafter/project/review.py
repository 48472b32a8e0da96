"""The one-line check summary `new` and `render` print under the draft they wrote.

It *is* `drafter check` on the written file — the same reader, the same rules, the same params.yaml,
check.yaml and record of drafter's own text — so the two never disagree. It is cached by
everything it depends on, so re-rendering an unchanged draft costs no second check, and imports
nothing of `drafter.check` (its rules are imported only when a check runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable


def review(path: Path, document: Callable[[], Any] | None = None, params: Any = None) -> str:
    """The counts of `drafter check PATH` (the length line is printed beside them already), and
    where to see the findings when there are any. `document()`: the file as the reader reads it, or
    None, when the caller can tell without reading (render.package.as_read for the fast writer's
    drafts); asked only when the result is not cached, so an unchanged re-render pays nothing.
    `params`: the params the draft was made from, as `drafter check` reads them from the
    params.yaml beside it — passed on so that the file just written or read is not parsed again."""
    from drafter.cache import cached

    material = _inputs(path)

    def run() -> tuple[str, bool]:
        from drafter.check import check_file, summary_line

        report = check_file(path, document=document() if document is not None else None, params=params)
        return summary_line(report).split("；")[0], bool(report.findings)

    line, found = cached("review", material, run)
    return line + (f"（详见  drafter check {path}）" if found else "")


def review_text(text: str, folder: Path, params: Any = None) -> str:
    """The counts of `drafter check` on `text` saved as a .txt file in `folder` (for a preview
    printed to the screen rather than written). `params`: those of the folder's params.yaml, when
    the caller has read them already (else it is read here)."""
    from drafter.check import check_document, find_params, summary_line, unit_rules
    from drafter.document.read import document_from_text

    if params is None and (found := find_params(folder / "preview.txt")) is not None:
        from drafter.check.context import read_params

        params = read_params(found)
    report = check_document(document_from_text(text), unit_rules=unit_rules(folder), params=params, folder=folder)
    return summary_line(report).split("；")[0] + ("（详见 drafter check）" if report.findings else "")


def _inputs(path: Path) -> bytes:
    """Everything a check of `path` depends on: the file's bytes, the params.yaml, check.yaml and
    state file beside it, drafter's code (the cache's one fingerprint) and the rule files (by size
    and modification time)."""
    import hashlib

    from drafter.cache import file_stamp, fingerprint
    from drafter.data import templates_dir
    from drafter.state import STATE_NAME

    folder = path.resolve().parent
    digest = hashlib.sha256()
    for f in (path, folder / "params.yaml", folder / "check.yaml", folder / STATE_NAME):
        try:
            digest.update(f.read_bytes())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    files = [*sorted((templates_dir() / "check").glob("*.yaml")), templates_dir() / "eras.yaml"]
    return repr((str(path), digest.hexdigest(), fingerprint(), [file_stamp(f) for f in files])).encode("utf-8")
