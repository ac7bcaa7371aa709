"""A report as one self-contained HTML page: inline CSS, no script, no
external resource (the Content-Security-Policy forbids both).

Every piece of input (document text, names, details) goes through
``html.escape``; the policy text is split at evidence-span boundaries and each
piece escaped, with evidence wrapped in ``<mark data-label=…>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib.resources import files
from typing import Iterable

from nlp.report import (STATUSES, DiffReport, Report, finding_headers, finding_rows, requirement_rows,
                        summary, title)
from nlp.schema import Evidence, PolicyRecord

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class Highlight:
    """An evidence span to mark: ``kind`` becomes the CSS class, ``label`` the data-label."""

    start: int
    end: int
    kind: str
    label: str


@dataclass(frozen=True)
class Pane:
    heading: str
    record: PolicyRecord
    highlights: list[Highlight]


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    page_title = escape(title(report))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CONTENT_SECURITY_POLICY)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{page_title}</title>",
        f"<style>\n{_stylesheet()}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{page_title}</h1></header>",
        "<main>",
        _summary_section(report),
        _requirements_section(report),
        _findings_section(report),
        _text_section(_panes(report)),
        "</main>",
        "</body>",
        "</html>",
    ]) + "\n"


def highlighted_text(text: str, highlights: Iterable[Highlight]) -> str:
    """``text`` escaped, with each highlight in a ``<mark>``; spans outside the
    text, empty, or overlapping an earlier-starting span are skipped."""
    pieces, cursor = [], 0
    for span in sorted(highlights, key=lambda h: (h.start, -h.end)):
        if span.start < cursor or not 0 <= span.start < span.end <= len(text):
            continue
        pieces += [escape(text[cursor:span.start]),
                   f'<mark class="{_css_token(span.kind)}" data-label="{escape(span.label)}" '
                   f'title="{escape(span.label)}">{escape(text[span.start:span.end])}</mark>']
        cursor = span.end
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


def _summary_section(report: Report) -> str:
    counts = "".join(f'<div class="count {_css_token(name)}"><span class="value">{count}</span>'
                     f'<span class="name">{escape(name)}</span></div>' for name, count in summary(report))
    return f'<section id="summary"><h2>Summary</h2><div class="counts">{counts}</div></section>'


def _requirements_section(report: Report) -> str:
    rows = requirement_rows(report)
    if not rows:
        return ('<section id="requirements"><h2>Requirements</h2>'
                '<p class="note">No requirement was evaluated.</p></section>')
    with_baseline = any(row.baseline_status is not None for row in rows)
    headers = ["ID", "Title", "Law", "Severity", *(["Baseline"] if with_baseline else []), "Status", "Detail",
               "Evidence"]
    body = "".join(
        f'<tr data-requirement="{escape(r.requirement)}">'
        f'<td class="id">{escape(r.requirement)}</td><td>{escape(r.title)}</td><td>{escape(r.law)}</td>'
        f'<td class="severity severity-{_css_token(r.severity)}">{escape(r.severity)}</td>'
        + (_status_cell(r.baseline_status or "", "baseline-status") if with_baseline else "")
        + _status_cell(r.status, "status")
        + f'<td>{escape(r.detail)}</td><td class="evidence">{escape(r.evidence)}</td></tr>'
        for r in rows)
    return (f'<section id="requirements"><h2>Requirements</h2><table>{_head(headers)}'
            f"<tbody>{body}</tbody></table></section>")


def _findings_section(report: Report) -> str:
    rows = finding_rows(report)
    if not rows:
        return ""
    left, right = finding_headers(report)
    body = "".join(
        f'<tr class="change-{_css_token(f.change)}"><td class="change">{escape(f.change)}</td>'
        f"<td>{escape(f.element)}</td><td>{escape(f.label)}</td>"
        f"<td>{escape(f.left)}</td><td>{escape(f.right)}</td></tr>"
        for f in rows)
    return (f'<section id="findings"><h2>Findings</h2><table>{_head(["Change", "Element", "Label", left, right])}'
            f"<tbody>{body}</tbody></table></section>")


def _text_section(panes: list[Pane]) -> str:
    columns = "".join(
        f'<article class="pane"><h3>{escape(pane.heading)}: {escape(pane.record.source.path)}</h3>'
        + (f'<pre class="policy-text">{highlighted_text(pane.record.text, pane.highlights)}</pre>'
           if pane.record.text is not None else
           '<p class="note">The text is not included in this record (analyse with the text to see it).</p>')
        + "</article>"
        for pane in panes)
    kinds = dict.fromkeys(h.kind for pane in panes for h in pane.highlights)
    legend = " ".join(f'<mark class="{_css_token(kind)}">{escape(kind)}</mark>' for kind in kinds)
    return (f'<section id="text"><h2>Text</h2><p class="legend">{legend}</p>'
            f'<div class="panes">{columns}</div></section>')


def _panes(report: Report) -> list[Pane]:
    """The texts to show: the record (and its reference), or baseline and target."""
    if isinstance(report, DiffReport):
        changes = report.diff.changes
        return [
            Pane("Baseline", report.baseline, [
                h for c in changes if c.change != "added"
                for h in _highlights(c.baseline_evidence, f"change-{c.change}", f"{c.element}:{c.label}")]),
            Pane("Target", report.target, [
                h for c in changes if c.change != "removed"
                for h in _highlights(c.target_evidence, f"change-{c.change}", f"{c.element}:{c.label}")]),
        ]
    panes = [Pane("Target", report.record, _record_highlights(report.record))]
    if report.reference is not None:
        lacks = report.comparison.lacks if report.comparison else []
        panes.append(Pane("Reference", report.reference, [
            h for f in lacks for h in _highlights(f.evidence, "lacks", f"lacks {f.kind}:{f.key}")]))
    return panes


def _record_highlights(record: PolicyRecord) -> list[Highlight]:
    """Every extracted element of ``record`` with its evidence."""
    return [
        *(h for p in record.purposes for h in _highlights([p.evidence], "purpose", f"purpose:{p.category}")),
        *(h for d in record.data_items for h in _highlights([d.evidence], "data_item", f"data_item:{d.item}")),
        *(h for e in record.third_party.exceptions
          for h in _highlights([e.evidence], "exception", f"exception:{e.category}")),
        *(h for j in record.joint_use for p in j.parties
          for h in _highlights([p.evidence], "joint_use_party", f"joint_use_party:{p.name}")),
        *(h for j in record.joint_use if j.responsible.evidence
          for h in _highlights([j.responsible.evidence], "responsible_party",
                               f"responsible_party:{j.responsible.name or ''}")),
    ]


def _highlights(evidence: list[Evidence], kind: str, label: str) -> list[Highlight]:
    return [Highlight(e.span[0], e.span[1], kind, label) for e in evidence]


def _status_cell(status: str, role: str) -> str:
    status_class = f" status-{_css_token(status)}" if status in STATUSES else ""
    return f'<td class="{role}{status_class}">{escape(status)}</td>'


def _head(headers: list[str]) -> str:
    return "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr></thead>"


def _css_token(value: str) -> str:
    """``value`` as a class-name token: ``n/a`` → ``n-a``."""
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower())


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return files("nlp.report").joinpath("report.css").read_text(encoding="utf-8")
