"""Gaps as SARIF 2.1.0, the format code-scanning tools read: one rule per
requirement, one result per gap (ignored requirements left out) at the file
and line of its evidence (line 1 when nothing was found). Lines come from the
offset map of plain text (``line_finder``) or, for markup, from where the
evidence's words occur in the file (``snippet_finder``)."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from nlp.report import GapsReport, ReportOptions, display_path, requirement_rows, tool_version
from nlp.report.messages import load_messages
from nlp.sanitize import for_terminal

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {"high": "error", "medium": "warning", "low": "note"}
INFORMATION_URI = "https://pypi.org/project/jpolicy/"


def render_sarif(report: GapsReport, options: ReportOptions, *, line_of: Callable[[int], int],
                 with_baseline: bool = False) -> str:
    """The SARIF log of ``report``; ``line_of`` maps an offset of the record's
    text to a line of the source file; ``with_baseline`` adds ``baselineState``."""
    words, lang = load_messages(), options.lang
    rows = requirement_rows(report, options)
    rules = [{
        "id": row.requirement,
        "name": row.requirement,
        "shortDescription": {"text": row.title or row.requirement},
        "fullDescription": {"text": f"{row.title} ({words.label('law', lang)}: {row.law})"},
        "defaultConfiguration": {"level": LEVELS.get(row.severity, "warning")},
        "properties": {"severity": row.severity, "legalBasis": row.law},
    } for row in rows]
    index = {row.requirement: i for i, row in enumerate(rows)}
    uri = display_path(report.record.source.path)
    results = []
    for row in rows:
        outcome = options.outcome(row.requirement)
        if not row.is_gap or (outcome is not None and outcome.outcome == "ignored"):
            continue
        evidence = next((e for r in report.record.compliance if r.requirement == row.requirement for e in r.evidence),
                        None)
        region = {"startLine": line_of(evidence.span[0]) if evidence else 1}
        if row.quotes:
            region["snippet"] = {"text": for_terminal(row.quotes[0].text)}
        result = {
            "ruleId": row.requirement,
            "ruleIndex": index[row.requirement],
            "level": LEVELS.get(row.severity, "warning"),
            "message": {"text": for_terminal(f"{row.requirement} {row.title}: {words.status(row.status, lang)} — "
                                             f"{row.gap or row.detail} {words.label('action', lang)}: {row.action}")},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            "partialFingerprints": {"jpolicyRequirement/v1": f"{uri}:{row.requirement}"},
            "properties": {"status": row.status, "severity": row.severity, "legalBasis": row.law},
        }
        if with_baseline:
            result["baselineState"] = "unchanged" if outcome and outcome.outcome == "accepted" else "new"
        if outcome is not None and outcome.outcome == "accepted":
            result["suppressions"] = [{"kind": "external", "justification": outcome.reason}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "jpolicy", "semanticVersion": tool_version().removeprefix("jpolicy "),
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "artifacts": [{"location": {"uri": uri}}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def line_finder(offsets: Sequence[int], raw_text: str) -> Callable[[int], int]:
    """Offset of the normalised text → 1-based line of the raw text (1 when out of range)."""
    def line_of(offset: int) -> int:
        if not 0 <= offset < len(offsets):
            return 1
        return raw_text.count("\n", 0, offsets[offset]) + 1
    return line_of


def snippet_finder(text: str, source: str, width: int = 12) -> Callable[[int], int]:
    """Offset of ``text`` → line of ``source`` (markup such as HTML) where the
    ``width`` characters there first occur; 1 when they do not occur as written."""
    def line_of(offset: int) -> int:
        snippet = text[offset:offset + width].split("\n")[0].strip()
        at = source.find(snippet) if snippet else -1
        return source.count("\n", 0, at) + 1 if at >= 0 else 1
    return line_of
