"""A report as rich tables: summary, requirements with coloured statuses, findings."""
from __future__ import annotations

from typing import Optional

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nlp.report import (Report, finding_headers, finding_rows, requirement_rows, subject, summary,
                        title)

STATUS_STYLES = {"present": "green", "partial": "yellow", "missing": "bold red", "n/a": "dim",
                 "added": "green", "removed": "red", "changed": "yellow", "lacks": "red", "adds": "green"}


def render_terminal(report: Report, console: Optional[Console] = None) -> None:
    """Print ``report`` to ``console`` (standard output by default)."""
    console = console or Console()
    console.print(Text(title(report), style="bold"))
    console.print(_summary_table(report))
    console.print(_requirements_table(report))
    findings = _findings_table(report)
    if findings.row_count:
        console.print(findings)
    for warning in subject(report).warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))


def _status(status: str) -> Text:
    return Text(status, style=STATUS_STYLES.get(status, ""))


def _summary_table(report: Report) -> Table:
    table = Table(title="Summary", show_header=False)
    for name, count in summary(report):
        table.add_row(name, str(count))
    return table


def _requirements_table(report: Report) -> Table:
    rows = requirement_rows(report)
    with_baseline = any(row.baseline_status is not None for row in rows)
    table = Table(title="Requirements")
    for column in ("ID", "Title", "Law", "Severity", *(["Baseline"] if with_baseline else []), "Status", "Detail"):
        table.add_column(column)
    for row in rows:
        baseline = [_status(row.baseline_status or "")] if with_baseline else []
        table.add_row(row.requirement, Text(row.title), Text(row.law), row.severity, *baseline,
                      _status(row.status), Text(row.detail))
    return table


def _findings_table(report: Report) -> Table:
    left, right = finding_headers(report)
    table = Table(title="Findings")
    for column in ("Change", "Element", "Label", left, right):
        table.add_column(column)
    for row in finding_rows(report):
        table.add_row(_status(row.change), row.element, Text(row.label), Text(row.left), Text(row.right))
    return table
