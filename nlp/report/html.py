"""A report as one self-contained HTML page: inline CSS, no script, no
external resource (the Content-Security-Policy forbids both), printable on A4.

Order: header (organisation, dates, file, reference, tool, time), navigation,
summary, the changes (diff), the gaps with legal basis, what is missing and
the recommended action, all requirements (a diff folds the unchanged ones in
a ``<details>``), the legend, then the text line by line: each evidence
sentence links to its line (``#t-L12``), which is highlighted. A diff aligns
the two texts in one table of paired lines (difflib).

Every piece of input goes through ``html.escape`` after ``visible_bidi``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib.resources import files
from typing import Iterable, Optional

from nlp.report import (STATUSES, DiffReport, GapsReport, Report, ReportOptions, RequirementRow,
                        aligned_lines, display_path, finding_headers, finding_rows, gaps_first, header_fields, legend,
                        requirement_rows, summary, title)
from nlp.report.messages import load_messages
from nlp.sanitize import visible_bidi
from nlp.schema import Evidence, PolicyRecord

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
MAX_QUOTES = 3  # evidence sentences per requirement in the tables; the text tags every line


@dataclass(frozen=True)
class Highlight:
    """An evidence span to mark: ``kind`` becomes the CSS class, ``label`` the data-label."""

    start: int
    end: int
    kind: str
    label: str


def render_html(report: Report, options: Optional[ReportOptions] = None) -> str:
    """The whole report as one HTML document."""
    options = options or ReportOptions()  # generated now, not at import
    words, lang = load_messages(), options.lang
    rows = requirement_rows(report, options)
    sections = [
        ("summary", words.label("summary", lang), _summary(report, options)),
        *([("changes", words.label("changes", lang), _changes(report, options))]
          if isinstance(report, DiffReport) else []),
        ("gaps", words.label("gaps", lang), _gaps(rows, report, options)),
        ("requirements", words.label("requirements", lang), _requirements(rows, report, options)),
        *([("findings", words.label("findings", lang), _findings(report, options))]
          if isinstance(report, GapsReport) and finding_rows(report, lang) else []),
        ("legend", words.label("legend", lang), _legend(options)),
        ("text", words.label("texts" if isinstance(report, DiffReport) else "text", lang), _texts(report, options)),
    ]
    nav = "".join(f'<li><a href="#{key}">{escape(name)}</a></li>' for key, name, _ in sections)
    meta = "".join(f"<div><dt>{escape(name)}</dt><dd>{_esc(value)}</dd></div>"
                   for name, value in header_fields(report, options))
    body = "".join(f'<section id="{key}"><h2>{escape(name)}</h2>{content}</section>'
                   for key, name, content in sections)
    page_title = _esc(title(report, lang))
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CONTENT_SECURITY_POLICY)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{page_title}</title>",
        f"<style>\n{_stylesheet()}</style>",
        "</head>",
        "<body>",
        f'<header><h1>{page_title}</h1><dl class="meta">{meta}</dl></header>',
        f'<nav aria-label="{escape(words.label("contents", lang))}"><ol>{nav}</ol></nav>',
        f"<main>{body}</main>",
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
        pieces += [_esc(text[cursor:span.start]),
                   f'<mark class="{_css_token(span.kind)}" data-label="{_esc(span.label)}" '
                   f'title="{_esc(span.label)}">{_esc(text[span.start:span.end])}</mark>']
        cursor = span.end
    pieces.append(_esc(text[cursor:]))
    return "".join(pieces)


def _summary(report: Report, options: ReportOptions) -> str:
    counts = "".join(f'<div class="count {_css_token(key)}"><span class="value">{count}</span>'
                     f'<span class="name">{escape(name)}</span></div>'
                     for key, name, count in summary(report, options.lang))
    return f'<div class="counts">{counts}</div>'


def _changes(report: DiffReport, options: ReportOptions) -> str:
    words, lang = load_messages(), options.lang
    rows = finding_rows(report, lang)
    if not rows:
        return f'<p class="note">{escape(words.label("no_changes", lang))}</p>'
    before, after = finding_headers(report, lang)
    body = "".join(
        f'<tr class="change-{_css_token(f.change)}"><td class="change">{escape(words.label(f.change, lang))}</td>'
        f"<td>{escape(words.label(f.element, lang))}<br><small>{_esc(f.label)}</small></td>"
        f"<td>{_linked(f.left, report.baseline.text, f.left_offset, 'b')}</td>"
        f"<td>{_linked(f.right, report.target.text, f.right_offset, 't')}</td>"
        f'<td class="severity severity-{_css_token(f.severity)}">{escape(words.severity(f.severity, lang))}</td>'
        f"<td>{_esc(f.law)}</td></tr>"
        for f in rows)
    headers = [words.label("kind", lang), words.label("field", lang), before, after,
               words.label("severity", lang), words.label("law", lang)]
    return f'<table class="changes">{_head(headers)}<tbody>{body}</tbody></table>'


def _gaps(rows: list[RequirementRow], report: Report, options: ReportOptions) -> str:
    words, lang = load_messages(), options.lang
    gaps = [row for row in gaps_first(rows) if row.is_gap]
    if not gaps:
        return f'<p class="note">{escape(words.label("no_gaps", lang))}</p>'
    body = "".join(
        f'<tr id="gap-{_css_token(r.requirement)}" data-requirement="{_esc(r.requirement)}">'
        f'<td class="id">{_esc(r.requirement)}</td>'
        f"<td><strong>{_esc(r.title)}</strong><br>{_status_badge(r.status, options)} "
        f'<span class="severity severity-{_css_token(r.severity)}">{escape(words.label("severity", lang))}: '
        f"{escape(words.severity(r.severity, lang))}</span>{_outcome(r, options)}"
        f'<br><small>{escape(words.label("law", lang))}: {_esc(r.law)}</small></td>'
        f'<td><p class="gap-text">{_esc(r.gap or r.detail)}</p>'
        + (f'<p class="detail">{_esc(r.detail)}</p>' if lang == "en" and r.gap else "")
        + f'<p class="action"><strong>{escape(words.label("action", lang))}:</strong> {_esc(r.action)}</p></td>'
        f'<td class="evidence">{_quote_links(r, report, options)}</td></tr>'
        for r in gaps)
    headers = [words.label("id", lang), words.label("title", lang),
               f'{words.label("gap", lang)} / {words.label("action", lang)}', words.label("evidence", lang)]
    return f'<table class="gaps">{_head(headers)}<tbody>{body}</tbody></table>'


def _requirements(rows: list[RequirementRow], report: Report, options: ReportOptions) -> str:
    words, lang = load_messages(), options.lang
    if not rows:
        return f'<p class="note">{escape(words.label("no_requirements", lang))}</p>'
    with_baseline = isinstance(report, DiffReport)
    headers = [words.label("id", lang), words.label("title", lang), words.label("law", lang),
               words.label("severity", lang), *([words.label("baseline_status", lang)] if with_baseline else []),
               words.label("status", lang), words.label("evidence", lang)]

    def row_html(r: RequirementRow) -> str:
        return (f'<tr data-requirement="{_esc(r.requirement)}">'
                f'<td class="id">{_esc(r.requirement)}</td><td>{_esc(r.title)}</td><td>{_esc(r.law)}</td>'
                f'<td class="severity severity-{_css_token(r.severity)}">{escape(words.severity(r.severity, lang))}</td>'
                + (_status_cell(r.baseline_status or "", "baseline-status", options) if with_baseline else "")
                + _status_cell(r.status, "status", options)
                + f'<td class="evidence">{_quote_links(r, report, options)}</td></tr>')

    if not with_baseline:
        return f'<table class="requirements">{_head(headers)}<tbody>{"".join(map(row_html, rows))}</tbody></table>'
    changed = [r for r in rows if r.baseline_status != r.status]
    unchanged = [r for r in rows if r.baseline_status == r.status]
    table = (f'<table class="requirements">{_head(headers)}<tbody>{"".join(map(row_html, changed))}</tbody></table>'
             if changed else f'<p class="note">{escape(words.label("no_changes", lang))}</p>')
    if unchanged:
        table += (f'<details class="unchanged"><summary>{escape(words.label("show_unchanged", lang))} '
                  f"({len(unchanged)})</summary><table class=\"requirements\">{_head(headers)}"
                  f'<tbody>{"".join(map(row_html, unchanged))}</tbody></table></details>')
    return table


def _findings(report: GapsReport, options: ReportOptions) -> str:
    words, lang = load_messages(), options.lang
    left, right = finding_headers(report, lang)
    body = "".join(
        f'<tr class="change-{_css_token(f.change)}"><td class="change">{escape(words.label(f.change, lang))}</td>'
        f"<td>{escape(words.label(f.element, lang))}</td><td>{_esc(f.label)}</td>"
        f"<td>{_esc(f.left)}</td><td>{_esc(f.right)}</td></tr>"
        for f in finding_rows(report, lang))
    headers = [words.label("kind", lang), words.label("field", lang), "", left, right]
    return f'<table class="findings">{_head(headers)}<tbody>{body}</tbody></table>'


def _legend(options: ReportOptions) -> str:
    words, lang = load_messages(), options.lang
    statuses, severities = legend(lang)
    status_rows = "".join(f"<tr><td>{_status_badge(key, options)}</td><td>{escape(meaning)}</td></tr>"
                          for key, _, meaning in statuses)
    severity_rows = "".join(f'<tr><td class="severity severity-{key}">{escape(name)}</td><td>{escape(meaning)}</td></tr>'
                            for key, name, meaning in severities)
    return (f'<div class="legend"><table>{_head([words.label("status", lang), ""])}<tbody>{status_rows}</tbody></table>'
            f'<table>{_head([words.label("severity", lang), ""])}<tbody>{severity_rows}</tbody></table></div>')


def _texts(report: Report, options: ReportOptions) -> str:
    words, lang = load_messages(), options.lang
    if isinstance(report, DiffReport):
        if report.baseline.text is None or report.target.text is None:
            return f'<p class="note">{escape(words.label("text_missing", lang))}</p>'
        return _aligned(report, options)
    parts = [_lines_table(report.record, "t", _record_highlights(report.record),
                          _evidence_lines(report.record, requirement_rows(report, options)), options)]
    if report.reference is not None:
        lacks = report.comparison.lacks if report.comparison else []
        parts.append(f'<h3>{escape(words.label("reference", lang))}: {_esc(display_path(report.reference.source.path))}</h3>'
                     + _lines_table(report.reference, "r", [
                         h for f in lacks for h in _highlights(f.evidence, "lacks", f"lacks {f.kind}:{f.key}")],
                         {}, options))
    return "".join(parts)


def _lines_table(record: PolicyRecord, prefix: str, highlights: list[Highlight],
                 evidence: dict[int, list[str]], options: ReportOptions) -> str:
    """The text of ``record`` one line per row: line number (anchor ``{prefix}-L{n}``), text with marks."""
    if record.text is None:
        return f'<p class="note">{escape(load_messages().label("text_missing", options.lang))}</p>'
    rows = []
    for number, (start, line) in enumerate(_lines(record.text), 1):
        tags = evidence.get(number, [])
        row_class = ' class="has-evidence"' if tags else ""
        rows.append(
            f'<tr id="{prefix}-L{number}"{row_class}>'
            f'<td class="ln">{number}</td><td class="line">'
            + "".join(f'<a class="ev-tag" href="#gap-{_css_token(tag)}">{escape(tag)}</a>' for tag in tags)
            + f"{_line_html(line, start, highlights)}</td></tr>")
    return f'<table class="policy-text"><tbody>{"".join(rows)}</tbody></table>'


def _aligned(report: DiffReport, options: ReportOptions) -> str:
    """Both texts in one table, paired line by line; a checkbox (CSS only) hides equal lines."""
    words, lang = load_messages(), options.lang
    changes = report.diff.changes
    left_marks = [h for c in changes if c.change != "added"
                  for h in _highlights(c.baseline_evidence, f"change-{c.change}", f"{c.element}:{c.label}")]
    right_marks = [h for c in changes if c.change != "removed"
                   for h in _highlights(c.target_evidence, f"change-{c.change}", f"{c.element}:{c.label}")]
    left, right = _lines(report.baseline.text or ""), _lines(report.target.text or "")
    rows = []
    for tag, i, j in aligned_lines(report.baseline.text or "", report.target.text or ""):
        cells = []
        for prefix, index, lines, marks in (("b", i, left, left_marks), ("t", j, right, right_marks)):
            if index is None:
                cells.append('<td class="ln"></td><td class="line empty"></td>')
            else:
                start, line = lines[index]
                cells.append(f'<td class="ln" id="{prefix}-L{index + 1}">{index + 1}</td>'
                             f'<td class="line">{_line_html(line, start, marks)}</td>')
        rows.append(f'<tr class="{tag}">{"".join(cells)}</tr>')
    before, after = finding_headers(report, lang)
    headers = ["#", f"{before}: {display_path(report.baseline.source.path)}",
               "#", f"{after}: {display_path(report.target.source.path)}"]
    return ('<input type="checkbox" id="only-changed-lines" class="toggle">'
            f'<label for="only-changed-lines">{escape(words.label("only_changed_lines", lang))}</label>'
            f'<table class="aligned">{_head(headers)}<tbody>{"".join(rows)}</tbody></table>')


def _linked(value: str, text: Optional[str], offset: Optional[int], prefix: str) -> str:
    """``value`` linked to its line in the aligned texts, when it has one."""
    if not value or text is None or offset is None:
        return _esc(value)
    return f'<a class="quote" href="#{prefix}-L{_line_number(text, offset)}">{_esc(value)}</a>'


def _quote_links(row: RequirementRow, report: Report, options: ReportOptions) -> str:
    """The first evidence sentences, each linked to its line in the text, and how many more there are."""
    record = report.record if isinstance(report, GapsReport) else report.target
    if not row.quotes:
        return f'<span class="note">{escape(load_messages().label("no_evidence", options.lang))}</span>' if row.is_gap else ""
    links = []
    for quote in row.quotes[:MAX_QUOTES]:
        if record.text is None:
            links.append(f'<q>{_esc(quote.text)}</q>')
            continue
        number = _line_number(record.text, quote.mark[0])
        links.append(f'<a class="quote" href="#t-L{number}" title="{escape(load_messages().label("to_text", options.lang))}">'
                     f"<q>{_esc(quote.text)}</q></a>")
    if len(row.quotes) > MAX_QUOTES:
        more = load_messages().label("more_evidence", options.lang).format(count=len(row.quotes) - MAX_QUOTES)
        links.append(f'<span class="note">{escape(more)}</span>')
    return "".join(links)


def _evidence_lines(record: PolicyRecord, rows: list[RequirementRow]) -> dict[int, list[str]]:
    """Line number → the requirements whose evidence is on it."""
    if record.text is None:
        return {}
    lines: dict[int, list[str]] = {}
    for row in rows:
        for quote in row.quotes:
            tags = lines.setdefault(_line_number(record.text, quote.mark[0]), [])
            if row.requirement not in tags:
                tags.append(row.requirement)
    return lines


def _lines(text: str) -> list[tuple[int, str]]:
    """(start offset, line) of each line of ``text``."""
    result, start = [], 0
    for line in text.split("\n"):
        result.append((start, line))
        start += len(line) + 1
    return result


def _line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, min(offset, len(text)))) + 1


def _line_html(line: str, start: int, highlights: list[Highlight]) -> str:
    """One line with the highlights clipped to it."""
    end = start + len(line)
    clipped = [Highlight(max(h.start, start) - start, min(h.end, end) - start, h.kind, h.label)
               for h in highlights if h.start < end and h.end > start]
    return highlighted_text(line, clipped)


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


def _status_badge(status: str, options: ReportOptions) -> str:
    name = load_messages().status(status, options.lang)
    return f'<span class="status status-{_css_token(status)}" data-status="{_esc(status)}">{escape(name)}</span>'


def _outcome(row: RequirementRow, options: ReportOptions) -> str:
    if row.outcome not in ("accepted", "ignored"):
        return ""
    words = load_messages()
    return (f' <span class="outcome outcome-{row.outcome}">{escape(words.label(row.outcome, options.lang))}: '
            f"{_esc(row.outcome_reason)}</span>")


def _status_cell(status: str, role: str, options: ReportOptions) -> str:
    status_class = f" status-{_css_token(status)}" if status in STATUSES else ""
    name = load_messages().status(status, options.lang)
    return f'<td class="{role}{status_class}" data-status="{_esc(status)}">{escape(name)}</td>'


def _head(headers: list[str]) -> str:
    return "<thead><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in headers) + "</tr></thead>"


def _esc(text: Optional[str]) -> str:
    """Escaped for HTML, with bidi controls shown as markers."""
    return escape(visible_bidi(text or ""))


def _css_token(value: str) -> str:
    """``value`` as a class-name token: ``n/a`` → ``n-a``."""
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower())


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return files("nlp.report").joinpath("report.css").read_text(encoding="utf-8")
