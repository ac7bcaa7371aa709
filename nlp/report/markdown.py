"""A report as Markdown: header, summary, legend, the gaps with what is
missing and the recommended action, every requirement, and the changes.

Every cell goes through ``for_markdown`` (markup and pipes escaped, one line,
bidi controls visible), so document text never becomes markup or breaks a table.
"""
from __future__ import annotations

from typing import Optional

from nlp.report import (DiffReport, Report, ReportOptions, finding_headers, finding_rows, gaps_first,
                        header_fields, legend, requirement_rows, subject, summary, title)
from nlp.report.messages import load_messages
from nlp.sanitize import for_markdown


def render_markdown(report: Report, options: Optional[ReportOptions] = None) -> str:
    """The whole report as one Markdown document; the checks' English details
    only in English (a Japanese report says what is missing in Japanese)."""
    options = options or ReportOptions()  # generated now, not at import
    words, lang = load_messages(), options.lang
    rows = requirement_rows(report, options)
    gaps = [row for row in gaps_first(rows) if row.is_gap]
    with_baseline = any(row.baseline_status is not None for row in rows)
    statuses, severities = legend(lang)
    parts = [
        f"# {for_markdown(title(report, lang))}",
        "\n".join(f"- **{for_markdown(name)}**: {for_markdown(value)}" for name, value in header_fields(report, options)),
        f"## {words.label('summary', lang)}",
        _table([words.label("title", lang), words.label("count", lang)], [[name, str(count)] for _, name, count in summary(report, lang)]),
    ]
    if isinstance(report, DiffReport):
        parts += [f"## {words.label('changes', lang)}", _findings(report, options)
                  if report.diff.changes else words.label("no_changes", lang)]
    parts += [
        f"## {words.label('gaps', lang)}",
        _table([words.label(k, lang) for k in ("id", "title", "status", "severity", "law", "gap", "action", "evidence")],
               [[r.requirement, r.title, words.status(r.status, lang)
                 + (f" ({words.label(r.outcome, lang)})" if r.outcome in ("accepted", "ignored") else ""),
                 words.severity(r.severity, lang), r.law, r.gap or r.detail, r.action, r.evidence] for r in gaps])
        if gaps else words.label("no_gaps", lang),
        f"## {words.label('requirements', lang)}",
        _table([words.label(k, lang) for k in ("id", "title", "law", "severity")]
               + ([words.label("baseline_status", lang)] if with_baseline else [])
               + [words.label(k, lang) for k in ("status", *(("detail",) if lang == "en" else ()), "evidence")],
               [[r.requirement, r.title, r.law, words.severity(r.severity, lang),
                 *([words.status(r.baseline_status or "", lang)] if with_baseline else []),
                 words.status(r.status, lang), *([r.detail] if lang == "en" else []), r.evidence] for r in rows])
        if rows else words.label("no_requirements", lang),
    ]
    if not isinstance(report, DiffReport) and finding_rows(report, lang):
        parts += [f"## {words.label('findings', lang)}", _findings(report, options)]
    parts += [f"## {words.label('legend', lang)}",
              _table([words.label("status", lang) + " / " + words.label("severity", lang), ""],
                     [[name, meaning] for _, name, meaning in statuses + severities])]
    if subject(report).warnings:
        parts += [f"## {words.label('warnings', lang)}",
                  "\n".join(f"- {for_markdown(w)}" for w in subject(report).warnings)]
    return "\n\n".join(parts) + "\n"


def _findings(report: Report, options: ReportOptions) -> str:
    words, lang = load_messages(), options.lang
    left, right = finding_headers(report, lang)
    return _table([words.label(k, lang) for k in ("kind", "field")] + ["", left, right,
                                                                        words.label("severity", lang),
                                                                        words.label("law", lang)],
                  [[words.label(f.change, lang), words.label(f.element, lang), f.label, f.left, f.right,
                    words.severity(f.severity, lang) if f.severity else "", f.law] for f in finding_rows(report, lang)])


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = [[_cell(h) for h in headers], ["---"] * len(headers), *([_cell(c) for c in row] for row in rows)]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _cell(text: str) -> str:
    """One table cell: inline Markdown of the literal text (``|`` escaped, on one line)."""
    return for_markdown(text)
