"""A report as Markdown: summary, requirement table, findings.

Cells are escaped for Markdown tables and for the raw HTML Markdown allows,
so document text never becomes markup.
"""
from __future__ import annotations

import html

from nlp.report import (Report, finding_headers, finding_rows, requirement_rows, subject, summary,
                        title)


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document."""
    rows = requirement_rows(report)
    with_baseline = any(row.baseline_status is not None for row in rows)
    left, right = finding_headers(report)
    findings = finding_rows(report)
    warnings = subject(report).warnings
    parts = [
        f"# {_cell(title(report))}",
        "## Summary",
        _table(["Item", "Count"], [[name, str(count)] for name, count in summary(report)]),
        "## Requirements",
        _table(
            ["ID", "Title", "Law", "Severity", *(["Baseline"] if with_baseline else []), "Status", "Detail",
             "Evidence"],
            [[r.requirement, r.title, r.law, r.severity, *([r.baseline_status or ""] if with_baseline else []),
              f"**{r.status}**", r.detail, r.evidence] for r in rows],
        ) if rows else "_No requirement was evaluated._",
    ]
    if findings:
        parts += ["## Findings", _table(["Change", "Element", "Label", left, right],
                                        [[f.change, f.element, f.label, f.left, f.right] for f in findings])]
    if warnings:
        parts += ["## Warnings", "\n".join(f"- {_cell(w)}" for w in warnings)]
    return "\n\n".join(parts) + "\n"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = [headers, ["---"] * len(headers), *rows]
    return "\n".join("| " + " | ".join(_cell(cell) for cell in line) + " |" for line in lines)


def _cell(text: str) -> str:
    """One table cell: HTML-escaped, pipes escaped, on one line."""
    return " ".join(html.escape(text, quote=False).replace("|", "\\|").split())
