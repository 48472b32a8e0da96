"""Report formatting: a readable Chinese table for the terminal, JSON for tools, a one-line summary."""

from __future__ import annotations

import json
import unicodedata

from drafter.check.finding import SEVERITIES, SEVERITY_ZH, Report


def summary_line(report: Report) -> str:
    """'检查：1 个错误、2 个警告、0 个提示；全文 3012 字，约 15.1 分钟' (used by render too)."""
    counts = "、".join(f"{report.count(s)} 个{SEVERITY_ZH[s]}" for s in SEVERITIES)
    goal = f"（目标 {report.target_minutes:g} 分钟）" if report.target_minutes else ""
    return f"检查：{counts}；全文 {report.chars} 字，约 {report.minutes:.1f} 分钟{goal}"


def format_json(report: Report) -> str:
    """The report as JSON (UTF-8, Chinese kept readable)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def format_table(report: Report) -> str:
    """Findings as an aligned table: 位置 | 级别 | 规则 | 原文 | 问题 | 建议."""
    lines = [f"文件：{report.path}" if report.path else "检查结果"]
    if not report.findings:
        lines.append("没有发现问题。")
    else:
        rows = [("位置", "级别", "规则", "原文", "问题与建议")]
        for f in sorted(report.findings, key=lambda f: (f.paragraph or 0, SEVERITIES.index(f.severity))):
            where = "全文" if f.paragraph is None else f"第{f.paragraph}段" + (f"(行{f.line})" if f.line else "")
            advice = f.message + (f" → {f.fix}" if f.fix else "")
            rows.append((where, SEVERITY_ZH[f.severity], f.rule, f.quote, advice))
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        widths[3] = min(widths[3], 30)
        for k, row in enumerate(rows):
            cells = [_pad(_cut(row[i], widths[i]), widths[i]) for i in range(4)]
            lines.append("  ".join(cells) + "  " + row[4])
            if k == 0:
                lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 10)
    lines.append(summary_line(report))
    return "\n".join(lines)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _cut(s: str, width: int) -> str:
    out, w = "", 0
    for c in s:
        cw = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if w + cw > width - 1 and _width(s) > width:
            return out + "…"
        out, w = out + c, w + cw
    return out


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))
