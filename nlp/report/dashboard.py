"""A corpus dashboard: what a scan's records say taken together.

``read_results`` streams a scan's output (records and error rows);
``tally`` counts them one at a time and ``Tally.dashboard`` (or
``build_dashboard``) turns the counts into tables (pandas DataFrames);
``render_html`` draws them with inline SVG bar charts into one self-contained
page (no script, no external resource: the same Content-Security-Policy as the
HTML report), ``render_markdown`` and ``write_csv`` give the same tables.

Everything that comes from a document is escaped for its output:
``html.escape``, ``nlp.sanitize.for_markdown`` and ``nlp.sanitize.csv_cell``.
"""
from __future__ import annotations

import heapq
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Union
from urllib.parse import quote

import pandas as pd
from pydantic import ValidationError

from nlp.errors import InvalidStoredRecord, PathLike
from nlp.records import read_errors, read_records
from nlp.report import GAP_STATUSES, STATUSES, GapsReport
from nlp.report import html as report_html
from nlp.sanitize import csv_cell, for_markdown
from nlp.schema import PolicyRecord
from nlp.store import DocumentResult
from nlp.vocab import labels

APPLICABLE = ("present", *GAP_STATUSES)  # a requirement applies to the document (not n/a)
TOP = 15  # rows in the frequency tables and the weakest-documents table
LISTED_FAILURES = 100  # error rows listed on the page and in the Markdown (the CSV has them all)
STATUS_COLOURS = {"present": "#1a7f37", "partial": "#d4a72c", "missing": "#cf222e"}
OTHER_STATUS_COLOUR = "#afb8c1"  # n/a and anything else


@dataclass(frozen=True)
class Dashboard:
    """The dashboard's tables; ``tables()`` lists them with their names."""

    documents: int
    failed: pd.DataFrame
    kinds: pd.DataFrame
    requirements: pd.DataFrame
    purposes: pd.DataFrame
    data_items: pd.DataFrame
    exceptions: pd.DataFrame
    shares: pd.DataFrame
    weakest: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"kinds": self.kinds, "requirements": self.requirements, "shares": self.shares,
                "purposes": self.purposes, "data_items": self.data_items, "exceptions": self.exceptions,
                "weakest": self.weakest, "failed": self.failed}


TITLES = {
    "kinds": "Documents by kind",
    "requirements": "Requirement status rates (most often missing or partial first)",
    "shares": "Joint use and foreign transfer",
    "purposes": "Most frequent purposes",
    "data_items": "Most frequent data items",
    "exceptions": "Most frequent third-party exceptions",
    "weakest": "Weakest documents (most high-severity gaps)",
    "failed": "Documents that could not be analysed",
}


WEAKEST_COLUMNS = ["path", "organization", "kind", "high_missing", "high_gaps", "gaps", "high_gap_requirements",
                   "report"]
LABEL_FIELDS = ("purposes", "data_items", "third_party_exceptions")
ScanItem = Union[PolicyRecord, DocumentResult]  # a record, or the error row of a document that failed


def read_results(path: PathLike) -> Iterator[ScanItem]:
    """The records and error rows of a scan's output, one at a time from a
    ``.jsonl`` file (read with ``nlp.records`` from ``.parquet``)."""
    path = Path(path)
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        yield from read_records(path)
        yield from read_errors(path)
        return
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if line.strip():
                yield _scan_item(line, path, number)


def _scan_item(line: str, path: Path, number: int) -> ScanItem:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise InvalidStoredRecord(path, f"line {number}: not JSON ({error.msg})") from error
    if isinstance(row, dict) and row.get("status") == "error":
        source, error = row.get("source") or {}, row.get("error") or {}
        return DocumentResult(str(source.get("path")), source.get("sha256"), error_code=error.get("code"),
                              error_reason=error.get("reason"))
    try:
        return PolicyRecord.model_validate(row)
    except ValidationError as error:
        raise InvalidStoredRecord(path, f"line {number}: not a valid PolicyRecord ({error.error_count()} "
                                        "problems)") from error


@dataclass
class Tally:
    """Counts over a corpus, taken one record at a time (a scan of millions of
    documents is never held in memory): only the ``top`` weakest records and
    the error rows are kept."""

    top: int = TOP
    records: int = 0
    failed: list[DocumentResult] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    statuses: dict[str, Counter] = field(default_factory=dict)
    requirements: dict[str, tuple[str, str]] = field(default_factory=dict)  # title, severity
    label_counts: dict[str, Counter] = field(default_factory=lambda: {f: Counter() for f in LABEL_FIELDS})
    shares: Counter = field(default_factory=Counter)
    _weakest: list[tuple[tuple[int, int, int, int], PolicyRecord]] = field(default_factory=list)

    def add(self, item: ScanItem) -> None:
        if isinstance(item, DocumentResult):
            self.failed.append(item)
            return
        self.records += 1
        self.kinds[item.kind] += 1
        for result in item.compliance:
            self.statuses.setdefault(result.requirement, Counter())[result.status] += 1
            self.requirements.setdefault(result.requirement, (result.title, result.severity))
        for name, counts in self.label_counts.items():
            counts.update(item.labels(name))
        if item.joint_use:
            self.shares["joint use"] += 1
        if item.third_party.foreign_transfer.present:
            self.shares["foreign transfer"] += 1
        gaps = [c for c in item.compliance if c.status in GAP_STATUSES]
        if gaps:
            high = [c for c in gaps if c.severity == "high"]
            key = (len(high), sum(c.status == "missing" for c in high), len(gaps), -self.records)
            (heapq.heappush if len(self._weakest) < self.top else heapq.heappushpop)(self._weakest, (key, item))

    @property
    def weakest(self) -> list[PolicyRecord]:
        """The ``top`` documents with the most high-severity requirements
        missing or partial (then the most missing, the most gaps)."""
        return [record for _, record in sorted(self._weakest, key=lambda entry: entry[0], reverse=True)]

    def dashboard(self, report_links: dict[str, str] | None = None) -> Dashboard:
        """The tables. ``report_links`` maps a document path to the link of its
        own report (default: the document itself)."""
        names = labels()
        return Dashboard(
            documents=self.records + len(self.failed),
            failed=pd.DataFrame([(f.path, f.error_code or "", f.error_reason or "") for f in self.failed],
                                columns=["path", "code", "reason"]),
            kinds=self._share_table(self.kinds, "kind"),
            requirements=self._requirement_rates(),
            purposes=self._label_table("purposes", names.get("purpose_categories", {})),
            data_items=self._label_table("data_items", names.get("data_items", {})),
            exceptions=self._label_table("third_party_exceptions", names.get("third_party_exceptions", {})),
            shares=self._share_table(self.shares, "measure", order=["joint use", "foreign transfer"]),
            weakest=pd.DataFrame([_weakest_row(r, (report_links or {}).get(r.source.path)) for r in self.weakest],
                                 columns=WEAKEST_COLUMNS),
        )

    def _requirement_rates(self) -> pd.DataFrame:
        """One row per requirement: how many documents have each status, and the
        share missing or partial among those it applies to; most gaps first."""
        statuses = [*STATUSES, *sorted({s for c in self.statuses.values() for s in c} - set(STATUSES))]
        rows = []
        for requirement, count in self.statuses.items():
            applicable = sum(count[s] for s in APPLICABLE)
            gaps = sum(count[s] for s in GAP_STATUSES)
            rows.append((requirement, *self.requirements[requirement], *(count[s] for s in statuses),
                         round(gaps / applicable, 3) if applicable else 0.0))
        table = pd.DataFrame(rows, columns=["requirement", "title", "severity", *statuses, "gap_rate"])
        return table.sort_values(["gap_rate", "requirement"], ascending=[False, True], ignore_index=True)

    def _share_table(self, counts: Counter, column: str, order: list[str] | None = None) -> pd.DataFrame:
        keys = order if order is not None else [key for key, _ in counts.most_common()]
        rows = [(key, counts[key], round(counts[key] / self.records, 3) if self.records else 0.0) for key in keys]
        return pd.DataFrame(rows, columns=[column, "documents", "share"])

    def _label_table(self, name: str, names: dict) -> pd.DataFrame:
        """The labels found in the most documents (each document counted once)."""
        ranked = sorted(self.label_counts[name].items(), key=lambda kv: (-kv[1], kv[0]))[:self.top]
        rows = [(label, (names.get(label) or {}).get("ja", ""), count, round(count / self.records, 3))
                for label, count in ranked]
        return pd.DataFrame(rows, columns=["label", "name", "documents", "share"])


def tally(items: Iterable[ScanItem], *, top: int = TOP) -> Tally:
    """Count ``items`` (records and error rows, e.g. ``read_results(path)``)."""
    counts = Tally(top=top)
    for item in items:
        counts.add(item)
    return counts


def build_dashboard(items: Iterable[ScanItem], *, report_links: dict[str, str] | None = None,
                    top: int = TOP) -> Dashboard:
    """The dashboard's tables over records and error rows."""
    return tally(items, top=top).dashboard(report_links)


def _weakest_row(record: PolicyRecord, link: str | None) -> tuple:
    gaps = [c for c in record.compliance if c.status in GAP_STATUSES]
    high = [c for c in gaps if c.severity == "high"]
    return (record.source.path, record.organization.name or "", record.kind,
            sum(c.status == "missing" for c in high), len(high), len(gaps), " ".join(c.requirement for c in high),
            link or quote(record.source.path))


def relative_link(target: Path, base: Path) -> str:
    """A percent-encoded relative URL from the folder ``base`` to ``target``."""
    relative = os.path.relpath(target.absolute(), base.absolute())
    return quote(Path(relative).as_posix())


def write_reports(records: list[PolicyRecord], folder: Path, dashboard_folder: Path) -> dict[str, str]:
    """One HTML gaps report per record in ``folder``; returns each document's
    link relative to ``dashboard_folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    links = {}
    for record in records:
        name = re.sub(r"[^\w.-]+", "_", Path(record.source.path).stem)[:60] or "document"
        target = folder / f"{name}-{record.source.sha256[:8]}.html"
        report = GapsReport(record=record, profile=record.reference or "appi-2022")
        target.write_text(report_html.render_html(report), encoding="utf-8")
        links[record.source.path] = relative_link(target, dashboard_folder)
    return links


def document_links(records: list[PolicyRecord], dashboard_folder: Path) -> dict[str, str]:
    """Each document's own file, relative to ``dashboard_folder``."""
    return {r.source.path: relative_link(Path(r.source.path), dashboard_folder) for r in records}


# --- HTML -------------------------------------------------------------------

def render_html(dashboard: Dashboard, *, title: str = "Corpus dashboard") -> str:
    """The dashboard as one self-contained HTML page with inline SVG charts."""
    sections = [
        _section("kinds", _bar_chart(dashboard.kinds, "kind", "documents"), dashboard.kinds),
        _section("requirements", _status_chart(dashboard.requirements), dashboard.requirements),
        _section("shares", _bar_chart(dashboard.shares, "measure", "share", percent=True), dashboard.shares),
        *(_section(name, _bar_chart(getattr(dashboard, name), "label", "documents"), getattr(dashboard, name))
          for name in ("purposes", "data_items", "exceptions")),
        _section("weakest", "", dashboard.weakest, link_column="report"),
        _section("failed", f'<p class="note">{escape(_more_failed(dashboard.failed))}</p>'
                 if _more_failed(dashboard.failed) else "", dashboard.failed.head(LISTED_FAILURES))
        if not dashboard.failed.empty else "",
    ]
    failed = len(dashboard.failed)
    counts = "".join(
        f'<div class="count {css}"><span class="value">{value}</span><span class="name">{escape(name)}</span></div>'
        for name, value, css in (("documents", dashboard.documents, "documents"),
                                 ("analysed", dashboard.documents - failed, "present"),
                                 ("failed", failed, "missing" if failed else "failed")))
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="ja">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(report_html.CONTENT_SECURITY_POLICY)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{report_html._stylesheet()}{_dashboard_stylesheet()}</style>",
        "</head>", "<body>", f"<header><h1>{escape(title)}</h1></header>", "<main>",
        f'<section id="summary"><h2>Summary</h2><div class="counts">{counts}</div></section>',
        *sections, "</main>", "</body>", "</html>",
    ]) + "\n"


def _section(name: str, chart: str, table: pd.DataFrame, link_column: str | None = None) -> str:
    body = _html_table(table, link_column) if not table.empty else '<p class="note">None.</p>'
    return f'<section id="{name}"><h2>{escape(TITLES[name])}</h2>{chart}{body}</section>'


def _html_table(table: pd.DataFrame, link_column: str | None) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.columns if c != link_column)
    rows = []
    for values in table.to_dict("records"):
        link = values.pop(link_column) if link_column else None
        cells = []
        for column, value in values.items():
            text = escape(_cell_text(value))
            if column == "path" and link:
                text = f'<a href="{escape(link)}">{text}</a>'
            cells.append(f'<td class="{report_html._css_token(column)}">{text}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}"
    return str(value)


BAR_HEIGHT, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 22, 260, 420, 70


def _bar_chart(table: pd.DataFrame, label_column: str, value_column: str, *, percent: bool = False) -> str:
    """Horizontal bars, one per row, as inline SVG."""
    if table.empty:
        return ""
    largest = max(float(table[value_column].max()), 1e-9) if not percent else 1.0
    bars = []
    for i, values in enumerate(table.to_dict("records")):
        label = str(values[label_column])
        if values.get("name"):
            label += f" {values['name']}"
        value = float(values[value_column])
        width = BAR_WIDTH * value / largest
        y = i * BAR_HEIGHT
        shown = f"{value:.0%}" if percent else f"{value:g}"
        bars.append(
            f'<g class="bar"><title>{escape(label)}: {escape(shown)}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(_clip(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{BAR_HEIGHT - 6}" fill="#0969da"/>'
            f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 15}">{escape(shown)}</text></g>')
    return _svg(bars, len(table), f"{TITLES_FOR_CHARTS.get(value_column, value_column)} by {label_column}")


def _status_chart(requirements: pd.DataFrame) -> str:
    """One stacked bar per requirement: the share of each status."""
    if requirements.empty:
        return ""
    statuses = [c for c in requirements.columns if c not in ("requirement", "title", "severity", "gap_rate")]
    bars = []
    for i, values in enumerate(requirements.to_dict("records")):
        total = sum(values[s] for s in statuses) or 1
        y, x = i * BAR_HEIGHT, float(LABEL_WIDTH)
        label = f"{values['requirement']} {values['title']}"
        parts = [f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(_clip(label))}</text>']
        for status in statuses:
            width = BAR_WIDTH * values[status] / total
            if width > 0:
                colour = STATUS_COLOURS.get(status, OTHER_STATUS_COLOUR)
                parts.append(f'<rect class="status-{report_html._css_token(status)}" x="{x:.1f}" y="{y + 3}" '
                             f'width="{width:.1f}" height="{BAR_HEIGHT - 6}" fill="{colour}">'
                             f'<title>{escape(values["requirement"])} {escape(status)}: {values[status]}</title></rect>')
                x += width
        parts.append(f'<text x="{LABEL_WIDTH + BAR_WIDTH + 4}" y="{y + 15}">{values["gap_rate"]:.0%}</text>')
        bars.append(f'<g class="bar">{"".join(parts)}</g>')
    legend = "".join(f'<span class="swatch" style="background:{STATUS_COLOURS.get(s, OTHER_STATUS_COLOUR)}"></span>'
                     f"{escape(s)}" for s in statuses)
    return (f'<p class="chart-legend">{legend} — the percentage: share missing or partial where the requirement applies</p>'
            + _svg(bars, len(requirements), "requirement statuses"))


TITLES_FOR_CHARTS = {"documents": "documents", "share": "share of documents"}


def _svg(bars: list[str], rows: int, label: str) -> str:
    width, height = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, rows * BAR_HEIGHT
    return (f'<svg class="chart" role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(bars)}</svg>')


def _clip(label: str, limit: int = 38) -> str:
    """``label`` cut to ``limit`` half-width columns (a CJK character takes two)."""
    columns = 0
    for index, char in enumerate(label):
        columns += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if columns > limit:
            return label[:index - 1] + "…"
    return label


@lru_cache(maxsize=1)
def _dashboard_stylesheet() -> str:
    return files("nlp.report").joinpath("dashboard.css").read_text(encoding="utf-8")


# --- Markdown and CSV ---------------------------------------------------------

def render_markdown(dashboard: Dashboard, *, title: str = "Corpus dashboard") -> str:
    """The same tables as Markdown; document paths link to their reports."""
    failed = len(dashboard.failed)
    lines = [f"# {for_markdown(title)}", "",
             f"{dashboard.documents} documents: {dashboard.documents - failed} analysed, {failed} failed.", ""]
    for name, table in dashboard.tables().items():
        if name == "failed" and table.empty:
            continue
        note = [for_markdown(_more_failed(table)), ""] if name == "failed" and _more_failed(table) else []
        shown = table.head(LISTED_FAILURES) if name == "failed" else table
        lines += [f"## {for_markdown(TITLES[name])}", "", *note, *_markdown_table(shown, "report"), ""]
    return "\n".join(lines)


def _more_failed(failed: pd.DataFrame) -> str:
    """A note when only the first ``LISTED_FAILURES`` failures are listed."""
    if len(failed) <= LISTED_FAILURES:
        return ""
    return f"The first {LISTED_FAILURES} of {len(failed)} are listed; the CSV output (--csv) lists them all."


def _markdown_table(table: pd.DataFrame, link_column: str) -> list[str]:
    if table.empty:
        return ["None."]
    columns = [c for c in table.columns if c != link_column]
    lines = ["| " + " | ".join(for_markdown(str(c)) for c in columns) + " |", "|" + " --- |" * len(columns)]
    for values in table.to_dict("records"):
        cells = []
        for column in columns:
            text = for_markdown(_cell_text(values[column]))
            if column == "path" and values.get(link_column):
                text = f"[{text}](<{quote(values[link_column], safe='/%')}>)"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def write_csv(dashboard: Dashboard, folder: PathLike) -> list[Path]:
    """One CSV file per table in ``folder`` (UTF-8 with BOM, like ``jpolicy scan``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in dashboard.tables().items():
        path = folder / f"{name}.csv"
        safe = table.copy()
        for column in safe.columns[safe.dtypes == object]:
            safe[column] = safe[column].map(csv_cell)
        safe.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written
