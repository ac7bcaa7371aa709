"""PolicyRecords as pandas DataFrames and highlighted HTML, for notebooks."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from nlp.report.html import _record_highlights, highlighted_text
from nlp.schema import PolicyRecord

FINDING_COLUMNS = ["path", "field", "label", "context", "text", "start", "end"]


def findings_frame(records: Iterable[PolicyRecord]) -> pd.DataFrame:
    """One row per extracted value: purposes, data items, exceptions, joint-use
    parties, with the label and the evidence offsets."""
    rows = []
    for record in records:
        path = record.source.path
        rows += [(path, "purposes", p.category, p.subject, p.text, *p.evidence.span) for p in record.purposes]
        rows += [(path, "data_items", d.item, d.context, d.text, *d.evidence.span) for d in record.data_items]
        rows += [(path, "third_party_exceptions", e.category, None, e.text, *e.evidence.span)
                 for e in record.third_party.exceptions]
        rows += [(path, "joint_use_parties", p.name, None, p.evidence.text, *p.evidence.span)
                 for j in record.joint_use for p in j.parties]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def compliance_frame(records: Iterable[PolicyRecord]) -> pd.DataFrame:
    """Documents × requirements, each cell the status (present/partial/missing/n/a)."""
    table = {record.source.path: {c.requirement: c.status for c in record.compliance} for record in records}
    return pd.DataFrame.from_dict(table, orient="index")


def highlight_html(record: PolicyRecord) -> str:
    """The record's text (analyse with ``with_text=True``) as escaped HTML with
    every extracted value marked; display with ``IPython.display.HTML``."""
    if record.text is None:
        raise ValueError("the record has no text: analyse it with with_text=True")
    return f'<div lang="ja" style="white-space: pre-wrap">{highlighted_text(record.text, _record_highlights(record))}</div>'
