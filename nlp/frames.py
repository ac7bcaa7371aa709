"""PolicyRecords as pandas DataFrames and highlighted HTML, for notebooks.

``record_frame`` (``PolicyRecord.to_frame()``) gives one row per extracted
value; ``record_html`` (``PolicyRecord._repr_html_()``) shows the text with
each value's evidence underlined by field, overlapping spans stacked, as
displaCy's span style does (but keeping the text's own characters and line
breaks, which displaCy's token-joining would not). Everything is escaped.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import Iterable, Optional

import pandas as pd

from nlp.schema import Evidence, PolicyRecord

VALUE_COLUMNS = ["field", "label", "context", "text", "evidence", "start", "end", "score", "explanation"]
FINDING_COLUMNS = ["path", *VALUE_COLUMNS]
FIELD_COLOURS = {
    "organization": "#9cc9cc", "contact": "#ffeb80", "purposes": "#7aecec", "data_items": "#bfeeb7",
    "third_party_exceptions": "#feca74", "foreign_transfer": "#ff9561", "joint_use_parties": "#aa9cfc",
    "joint_use_responsible": "#c887fb",
}
OTHER_COLOUR = "#dddddd"  # statements and any other field
BAR_TOP, BAR_STEP = 4, 12  # px below the text: the first bar, then one more per stacked span


def record_frame(record: PolicyRecord) -> pd.DataFrame:
    """One row per extracted value: field, label, context, the value as written
    (``text``), its evidence (the text at ``start:end``), score and explanation."""
    rows = []

    def add(field: str, label: str, text: str, evidence: Evidence, context: Optional[str] = None,
            score: Optional[float] = None) -> None:
        rows.append((field, label, context, text, evidence.text, *evidence.span,
                     evidence.score if evidence.score is not None else score, evidence.explanation))

    organization, contact = record.organization, record.contact
    for e in organization.evidence:
        add("organization", _which(e.text, name=organization.name, address=organization.address,
                                   representative=organization.representative), e.text, e)
    for e in contact.evidence:
        add("contact", _which(e.text, name=contact.name, phone=contact.phone, email=contact.email,
                              address=contact.address), e.text, e)
    for p in record.purposes:
        add("purposes", p.category, p.text, p.evidence, p.subject)
    for d in record.data_items:
        add("data_items", d.item, d.text, d.evidence, d.context)
    for x in record.third_party.exceptions:
        add("third_party_exceptions", x.category, x.text, x.evidence)
    transfer = record.third_party.foreign_transfer
    for e in transfer.evidence:
        add("foreign_transfer", "foreign_transfer", e.text, e, ",".join(transfer.countries) or None)
    for j in record.joint_use:
        for party in j.parties:
            add("joint_use_parties", party.name, party.evidence.text, party.evidence, score=party.score)
        if j.responsible.evidence:
            add("joint_use_responsible", j.responsible.name or "", j.responsible.evidence.text, j.responsible.evidence)
    for s in record.statements:
        add(s.field, s.label, s.text, s.evidence)
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


def _which(text: str, **values: Optional[str]) -> str:
    """The name of the value ``text`` states (``name``, ``address`` …)."""
    return next((key for key, value in values.items() if value and (value == text or value in text)), "other")


def findings_frame(records: Iterable[PolicyRecord]) -> pd.DataFrame:
    """``record_frame`` of many records, with the document's path first."""
    frames = [record_frame(record).assign(path=record.source.path) for record in records]
    if not frames:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    return pd.concat(frames, ignore_index=True)[FINDING_COLUMNS]


def compliance_frame(records: Iterable[PolicyRecord]) -> pd.DataFrame:
    """Documents × requirements, each cell the status (present/partial/missing/n/a)."""
    table = {record.source.path: {c.requirement: c.status for c in record.compliance} for record in records}
    return pd.DataFrame.from_dict(table, orient="index")


def highlight_html(record: PolicyRecord) -> str:
    """``record_html`` for a record that must have its text (analyse with
    ``with_text=True``); display with ``IPython.display.HTML``."""
    if record.text is None:
        raise ValueError("the record has no text: analyse it with with_text=True")
    return record_html(record)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    field: str
    label: str
    slot: int = 0


def record_html(record: PolicyRecord) -> str:
    """The text with every value underlined in its field's colour where it is
    written inside its evidence (overlapping spans stacked, a label at each
    span's start); without the text, the table of values."""
    frame = record_frame(record)
    heading = (f"<p><b>{escape(record.source.path)}</b> · {escape(record.kind)} · "
               f"{escape(record.organization.name or '(organisation not found)')} · {len(frame)} values</p>")
    if record.text is None:
        return (heading + "<p><i>No text in this record (analyse it with with_text=True to see the evidence "
                          "highlighted).</i></p>" + frame.to_html(index=False, escape=True))
    spans = [_Span(*_value_span(record.text, row), row.field, str(row.label)) for row in frame.itertuples()]
    legend = " ".join(f'<span style="border-bottom: 4px solid {_colour(field)}; margin-right: .6em">{escape(field)}'
                      f"</span>" for field in dict.fromkeys(s.field for s in spans))
    return (f'{heading}<p style="font-size: .85em">{legend}</p>'
            f'<div lang="ja" style="white-space: pre-wrap; line-height: 1.9">{span_html(record.text, spans)}</div>')


def _value_span(text: str, row) -> tuple[int, int]:
    """Where the value itself is written inside its evidence (a sentence, say);
    the whole evidence when it is not found there."""
    found = text.find(row.text, row.start, row.end) if row.text else -1
    return (found, found + len(row.text)) if found >= 0 else (row.start, row.end)


def span_html(text: str, spans: Iterable[_Span]) -> str:
    """``text`` escaped, each span underlined by a bar in a slot of its own
    where spans overlap; spans outside the text or empty are left out."""
    placed = _stack(sorted((s for s in spans if 0 <= s.start < s.end <= len(text)),
                           key=lambda s: (s.start, -(s.end - s.start), s.field, s.label)))
    cuts = sorted({0, len(text), *(s.start for s in placed), *(s.end for s in placed),
                   *(i for i, ch in enumerate(text) if ch == "\n"), *(i + 1 for i, ch in enumerate(text) if ch == "\n")})
    pieces, waiting, covering = [], iter(placed), []
    upcoming = next(waiting, None)
    for start, end in pairwise(cuts):
        covering = [s for s in covering if s.end > start]
        while upcoming is not None and upcoming.start == start:
            covering.append(upcoming)
            upcoming = next(waiting, None)
        piece = escape(text[start:end])
        if not covering or text[start:end] == "\n":
            pieces.append(piece)
            continue
        depth = BAR_TOP + BAR_STEP * (max(s.slot for s in covering) + 1)
        title = escape("; ".join(f"{s.field}: {s.label}" for s in covering))
        bars = "".join(
            f'<span style="position: absolute; left: 0; right: 0; bottom: {depth - BAR_TOP - BAR_STEP * s.slot - 4}px; '
            f'height: 4px; background: {_colour(s.field)}"></span>' for s in covering)
        labels = "".join(
            f'<span style="position: absolute; left: 0; bottom: {depth - BAR_TOP - BAR_STEP * s.slot - 9}px; '
            f'z-index: 1; font-size: .55em; font-weight: bold; line-height: 1; '
            f'padding: 1px 3px; border-radius: 3px; white-space: nowrap; background: {_colour(s.field)}">'
            f"{escape(s.label)}</span>" for s in covering if s.start == start)
        pieces.append(f'<span class="span" data-fields="{escape(" ".join(sorted({s.field for s in covering})))}" '
                      f'title="{title}" style="position: relative; display: inline-block; white-space: pre-wrap; '
                      f'padding-bottom: {depth}px">{piece}{bars}{labels}</span>')
    return "".join(pieces)


def _stack(spans: list[_Span]) -> list[_Span]:
    """Each span in the lowest slot free at its start (spans come sorted by start)."""
    ends: list[int] = []  # per slot, where its last span ends
    placed = []
    for span in spans:
        slot = next((i for i, end in enumerate(ends) if end <= span.start), len(ends))
        ends[slot:slot + 1] = [span.end]
        placed.append(_Span(span.start, span.end, span.field, span.label, slot))
    return placed


def _colour(field: str) -> str:
    return FIELD_COLOURS.get(field, OTHER_COLOUR)
