"""drafter check: a reviewer for any speech draft (.docx, .txt, .md), ours or anyone's.

Public entry points: `check_file` (reads the file), `check_document` (a document already read) and
`summary_line`; `project.review` is the summary new and render print, made by check_file. Nothing here prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from drafter.check.finding import Finding, Report
from drafter.check.report import format_json, format_table, summary_line

__all__ = ["Finding", "Report", "check_document", "check_file", "find_params", "format_json", "format_table",
           "summary_line", "unit_rules"]


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
    document: Any = None,
) -> Report:
    """Read and check one file. `params` is a mapping, a params object, or a path to params.yaml;
    when None, a params.yaml beside the file is used. Unit rules come from check.yaml beside it.
    `document`: the file as the reader reads it, when the caller has it already (a draft drafter
    just wrote: render.package.as_read)."""
    from drafter.check.context import read_params
    from drafter.document.read import read_document

    path = Path(path)
    doc = document if document is not None else read_document(path)
    if params is None and find_params(path):
        params = find_params(path)
    if isinstance(params, (str, Path)):
        params = read_params(Path(params))
    folder = path.resolve().parent
    return check_document(doc, rules_path=rules_path, unit_rules=unit_rules(folder), params=params,
                          target_minutes=target_minutes, folder=folder)


def unit_rules(folder: Path) -> Path | None:
    """The unit's own rules (check.yaml) in `folder`, if any."""
    from drafter.check.config import UNIT_FILE

    path = folder / UNIT_FILE
    return path if path.is_file() else None


def check_document(
    doc: Any,
    *,
    rules_path: Path | None = None,
    unit_rules: Path | None = None,
    params: Mapping[str, Any] | Any | None = None,
    target_minutes: float | None = None,
    skip: frozenset[str] | set[str] = frozenset(),
    folder: Path | None = None,
) -> Report:
    """Run every enabled rule (but those in `skip`) on a document (`drafter.document.model.Document`)
    and return the report. `folder` is the draft folder the document is in, if any: the paragraphs
    drafter composed there from its own phrasebank are not searched for other units' names."""
    from drafter.check.config import load_config
    from drafter.check.context import Context, speech_facts
    from drafter.check.registry import RULES
    from drafter.check.rules.length import body_chars, rate

    from drafter.state import drafted_texts

    facts = speech_facts(params, target_minutes, drafted_texts(folder) if folder is not None else frozenset())
    ctx = Context(doc=doc, config=load_config(unit_rules, rules_path), facts=facts)
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
