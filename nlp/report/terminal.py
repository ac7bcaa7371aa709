"""A report for the terminal (rich): header, summary, the gaps as a list
(what is missing, recommended action, evidence), every requirement in a
borderless table whose last column wraps, and the changes of a diff.
Readable at 80 columns; every text from a document goes through ``for_terminal``.
"""
from __future__ import annotations

from typing import Optional

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from nlp.report import (DiffReport, Report, ReportOptions, RequirementRow, finding_headers, finding_rows,
                        gaps_first, header_fields, legend, requirement_rows, subject, summary, title)
from nlp.report.messages import load_messages
from nlp.sanitize import for_terminal

STATUS_STYLES = {"present": "green", "partial": "yellow", "missing": "bold red", "n/a": "dim",
                 "added": "green", "removed": "red", "changed": "yellow", "lacks": "red", "adds": "green"}
INDENT = 4


def render_terminal(report: Report, console: Optional[Console] = None,
                    options: Optional[ReportOptions] = None) -> None:
    """Print ``report`` to ``console`` (standard output by default)."""
    options = options or ReportOptions()  # generated now, not at import
    console = console or Console()
    words, lang = load_messages(), options.lang
    rows = requirement_rows(report, options)
    console.print(Text(for_terminal(title(report, lang)), style="bold"))
    console.print(_fields([(name, Text(for_terminal(value))) for name, value in header_fields(report, options)]))
    console.print(Text(f"{words.label('summary', lang)}: ", style="bold").append(
        " / ".join(f"{name} {count}" for _, name, count in summary(report, lang))))
    if isinstance(report, DiffReport):
        _print_changes(console, report, options)
    gaps = [row for row in gaps_first(rows) if row.is_gap]
    console.print(Text(f"\n{words.label('gaps', lang)} ({len(gaps)})", style="bold underline"))
    if not gaps:
        console.print(Text(words.label("no_gaps", lang)))
    for row in gaps:
        console.print(_gap_block(row, options))
    console.print(Text(f"\n{words.label('requirements', lang)}", style="bold underline"))
    console.print(_requirements_table(rows, options) if rows else Text(words.label("no_requirements", lang)))
    if not isinstance(report, DiffReport) and (findings := finding_rows(report, lang)):
        console.print(Text(f"\n{words.label('findings', lang)}", style="bold underline"))
        left, right = finding_headers(report, lang)
        for f in findings:
            console.print(Text.assemble((words.label(f.change, lang), STATUS_STYLES.get(f.change, "")),
                                        f" {words.label(f.element, lang)} {for_terminal(f.label)}: ",
                                        for_terminal(f.left or f.right)))
    statuses, severities = legend(lang)
    console.print(Text(f"\n{words.label('legend', lang)}", style="bold underline"))
    console.print(_fields([(name, Text(meaning, style="dim")) for _, name, meaning in statuses + severities]))
    for warning in subject(report).warnings:
        console.print(Text(f"warning: {for_terminal(warning)}", style="yellow"))


def _gap_block(row: RequirementRow, options: ReportOptions) -> Group:
    words, lang = load_messages(), options.lang
    heading = Text.assemble(
        (row.requirement, "bold"), " ", for_terminal(row.title), "  ",
        (f"[{words.status(row.status, lang)}]", STATUS_STYLES.get(row.status, "")),
        f" {words.label('severity', lang)}: {words.severity(row.severity, lang)}")
    lines = [
        (words.label("law", lang), Text(row.law)),
        *([(words.label(row.outcome, lang), Text(for_terminal(row.outcome_reason), style="dim"))]
          if row.outcome in ("accepted", "ignored") else []),
        (words.label("gap", lang), Text(row.gap or for_terminal(row.detail))),
        (words.label("action", lang), Text(row.action)),
        *((words.label("evidence", lang), Text(f"「{for_terminal(q.text)}」", style="dim")) for q in row.quotes[:2]),
    ]
    return Group(Text(""), heading, Padding(_fields(lines), (0, 0, 0, INDENT)))


def _fields(pairs: list[tuple[str, Text]]) -> Table:
    """Name: value lines whose values wrap in their own column (CJK text has no spaces to break at)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    for name, value in pairs:
        grid.add_row(f"{name}:", value)
    return grid


def _requirements_table(rows: list[RequirementRow], options: ReportOptions) -> Table:
    """ID, statuses and severity in narrow columns; the title and the first
    evidence sentence share the last column, which wraps."""
    words, lang = load_messages(), options.lang
    with_baseline = any(row.baseline_status is not None for row in rows)
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column(words.label("id", lang), no_wrap=True)
    if with_baseline:
        table.add_column(words.label("baseline_status", lang), no_wrap=True)
    table.add_column(words.label("status", lang), no_wrap=True)
    table.add_column(words.label("severity", lang), no_wrap=True)
    table.add_column(f"{words.label('title', lang)} / {words.label('evidence', lang)}", ratio=1,
                     overflow="fold")
    for row in rows:
        described = Text(for_terminal(row.title))
        if row.evidence:
            described.append(f"\n「{for_terminal(row.evidence)}」", style="dim")
        baseline = ([Text(words.status(row.baseline_status or "", lang),
                          style=STATUS_STYLES.get(row.baseline_status or "", ""))] if with_baseline else [])
        table.add_row(row.requirement, *baseline,
                      Text(words.status(row.status, lang), style=STATUS_STYLES.get(row.status, "")),
                      words.severity(row.severity, lang), described)
    return table


def _print_changes(console: Console, report: DiffReport, options: ReportOptions) -> None:
    words, lang = load_messages(), options.lang
    findings = finding_rows(report, lang)
    before, after = finding_headers(report, lang)
    console.print(Text(f"\n{words.label('changes', lang)} ({len(findings)})", style="bold underline"))
    if not findings:
        console.print(Text(words.label("no_changes", lang)))
    for f in findings:
        console.print(Text.assemble(
            "\n", (words.label(f.change, lang), STATUS_STYLES.get(f.change, "")),
            f" {words.label(f.element, lang)} ", (for_terminal(f.label), "bold"),
            f"  {words.label('severity', lang)}: {words.severity(f.severity, lang)}",
            f"  {words.label('law', lang)}: {f.law}"))
        sides = [(before, Text(for_terminal(f.left) or "—")), (after, Text(for_terminal(f.right) or "—"))]
        console.print(Padding(_fields(sides), (0, 0, 0, INDENT)))
