"""drafter check: a reviewer for any speech draft (.docx, .txt, .md), ours or anyone's.

Public entry points: `check_file` (reads the file), `check_document` (already-read paragraphs, used
by render in-process) and `summary_line` (the one-line summary render prints). Nothing here prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from drafter.check.finding import Finding, Report
from drafter.check.report import format_json, format_table, summary_line

__all__ = ["Finding", "Report", "check_document", "check_file", "check_summary", "find_params",
           "format_json", "format_table", "review_text", "summary_line"]


def find_params(path: Path) -> Path | None:
    """params.yaml beside the checked file (a drafter draft folder), if any."""
    cand = Path(path).resolve().parent / "params.yaml"
    return cand if cand.is_file() else None


def check_file(
    path: Path,
    *,
    rules_path: Path | None = None,
    params: Mapping[str, Any] | Any | None = None,
    target_minutes: float | None = None,
) -> Report:
    """Read and check one file. `params` is a mapping, a params object, or a path to params.yaml;
    when None, a params.yaml beside the file is used. Unit rules come from check.yaml beside it."""
    from drafter.check.config import UNIT_FILE
    from drafter.check.context import read_params
    from drafter.document.read import read_document

    path = Path(path)
    doc = read_document(path)
    if params is None and find_params(path):
        params = find_params(path)
    if isinstance(params, (str, Path)):
        params = read_params(Path(params))
    unit = Path(path).resolve().parent / UNIT_FILE
    return check_document(doc, rules_path=rules_path, unit_rules=unit if unit.is_file() else None,
                          params=params, target_minutes=target_minutes)


def check_document(
    doc: Any,
    *,
    rules_path: Path | None = None,
    unit_rules: Path | None = None,
    params: Mapping[str, Any] | Any | None = None,
    target_minutes: float | None = None,
    skip: frozenset[str] | set[str] = frozenset(),
) -> Report:
    """Run every enabled rule (but those in `skip`) on a document (`drafter.document.model.Document`) and return the report."""
    from drafter.check.config import load_config
    from drafter.check.context import Context, speech_facts
    from drafter.check.registry import RULES
    from drafter.check.rules.length import body_chars, rate

    ctx = Context(doc=doc, config=load_config(unit_rules, rules_path), facts=speech_facts(params, target_minutes))
    findings: list[Finding] = []
    for rule_id, fn in RULES.items():
        if rule_id in skip or not ctx.enabled(rule_id):
            continue
        for hit in fn(ctx):
            rid = hit.rule or rule_id
            p = hit.paragraph
            findings.append(Finding(rule=rid, severity=ctx.severity(rid), paragraph=p.index if p else None,
                                    quote=hit.quote, message=hit.message, fix=hit.fix,
                                    line=p.line if p else None))
    chars, r = body_chars(ctx), rate(ctx)
    return Report(findings=findings, path=doc.path, chars=chars, minutes=chars / r,
                  target_minutes=ctx.facts.minutes, rate=r)


def review_text(text: str, *, params: Any, folder: Path | None = None, skip: frozenset[str] = frozenset()) -> tuple[str, Report]:
    """For `drafter new` / `render`: check a draft's text in process (its format is the renderer's,
    tested on its own) and return (one-line summary, report). Unit rules (check.yaml) apply."""
    from drafter.check.config import UNIT_FILE
    from drafter.document.read import document_from_text

    unit = folder / UNIT_FILE if folder is not None else None
    report = check_document(document_from_text(text), unit_rules=unit if unit and unit.is_file() else None,
                            params=params, skip=skip)
    return summary_line(report), report


def check_summary(path: Path, *, params: Mapping[str, Any] | Any | None = None) -> tuple[str, Report]:
    """For `drafter render`: check the file just written and return (one-line summary, report).

    The line reads like '检查：0 个错误、1 个警告、0 个提示；全文 3012 字，约 15.1 分钟（目标 15 分钟）'
    followed, when there are findings, by '（运行 drafter check 文件 查看详情）'."""
    report = check_file(path, params=params)
    line = summary_line(report)
    if report.findings:
        line += f"（运行 drafter check {path} 查看详情）"
    return line, report
