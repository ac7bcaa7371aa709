"""Reporting: a gaps report (one record against a profile or a reference
policy) or a diff report (two versions), rendered for the terminal
(``terminal``), as Markdown (``markdown``) or as one HTML page (``html``).

The rows every renderer shows are built here, so the renderers only format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Union

from nlp.compare.diff import PolicyDiff
from nlp.compare.reference import ReferenceComparison
from nlp.compare.requirements import load_profile
from nlp.schema import ComplianceResult, Evidence, PolicyRecord, Record

STATUSES = ("present", "partial", "missing", "n/a")
GAP_STATUSES = ("partial", "missing")
SNIPPET_CHARS = 60
REQUIREMENTS_PROFILE = "appi-2022"  # where requirement titles and laws are looked up


class GapsReport(Record):
    """A record and its compliance against ``profile`` (``appi-2022`` or a
    reference policy's path); ``reference`` and ``comparison`` when a policy is the reference."""

    record: PolicyRecord
    profile: str = "appi-2022"
    reference: Optional[PolicyRecord] = None
    comparison: Optional[ReferenceComparison] = None


class DiffReport(Record):
    """The changes from ``baseline`` to ``target``."""

    baseline: PolicyRecord
    target: PolicyRecord
    diff: PolicyDiff


Report = Union[GapsReport, DiffReport]


@dataclass(frozen=True)
class RequirementRow:
    requirement: str
    title: str
    law: str
    severity: str
    status: str
    detail: str
    evidence: str
    baseline_status: Optional[str] = None


@dataclass(frozen=True)
class FindingRow:
    """A change or a lack/addition; ``left``/``right`` are the texts of the two sides."""

    change: str
    element: str
    label: str
    left: str
    right: str


def gap_results(results: list[ComplianceResult]) -> list[ComplianceResult]:
    """The requirements found missing or partial."""
    return [r for r in results if r.status in GAP_STATUSES]


def subject(report: Report) -> PolicyRecord:
    """The record whose compliance the report shows (the target of a diff)."""
    return report.record if isinstance(report, GapsReport) else report.target


def title(report: Report) -> str:
    if isinstance(report, GapsReport):
        return f"Gaps: {report.record.source.path} (reference: {report.profile})"
    return f"Diff: {report.baseline.source.path} → {report.target.source.path}"


def summary(report: Report) -> list[tuple[str, int]]:
    """Named counts shown at the top of every report."""
    compliance = subject(report).compliance
    gap_counts = [("gaps", len(gap_results(compliance))),
                  ("high-severity gaps", sum(r.severity == "high" for r in gap_results(compliance)))]
    if isinstance(report, DiffReport):
        changes = report.diff.changes
        return [*((kind, sum(c.change == kind for c in changes)) for kind in ("added", "removed", "changed")),
                *gap_counts]
    record = report.record
    counts = [*((status, sum(r.status == status for r in compliance)) for status in STATUSES), *gap_counts,
              ("purposes", len(record.purposes)), ("data items", len(record.data_items)),
              ("exceptions", len(record.third_party.exceptions)),
              ("joint-use parties", sum(len(j.parties) for j in record.joint_use))]
    if report.comparison:
        counts += [("lacks", len(report.comparison.lacks)), ("adds", len(report.comparison.adds))]
    return counts


def requirement_rows(report: Report) -> list[RequirementRow]:
    """One row per requirement of the subject, with its law from the built-in
    profile; a diff adds the baseline status."""
    baseline = ({r.requirement: r.status for r in report.baseline.compliance}
                if isinstance(report, DiffReport) else {})
    specs = load_profile(REQUIREMENTS_PROFILE)
    return [
        RequirementRow(
            requirement=r.requirement,
            title=r.title or (specs[r.requirement].title if r.requirement in specs else ""),
            law=specs[r.requirement].law if r.requirement in specs else "",
            severity=r.severity,
            status=r.status,
            detail=r.detail,
            evidence=snippet(r.evidence),
            baseline_status=baseline.get(r.requirement, "—") if isinstance(report, DiffReport) else None,
        )
        for r in subject(report).compliance
    ]


def finding_headers(report: Report) -> tuple[str, str]:
    """Names of the ``left``/``right`` columns of the finding rows."""
    return ("Baseline", "Target") if isinstance(report, DiffReport) else ("Target", "Reference")


def finding_rows(report: Report) -> list[FindingRow]:
    """The changes of a diff, or what the target lacks and adds against a reference policy."""
    if isinstance(report, DiffReport):
        return [FindingRow(c.change, c.element, c.label, c.baseline or "", c.target or "")
                for c in report.diff.changes]
    if report.comparison is None:
        return []
    return [*(FindingRow("lacks", f.kind, f.key, "", f.text) for f in report.comparison.lacks),
            *(FindingRow("adds", f.kind, f.key, f.text, "") for f in report.comparison.adds)]


def snippet(evidence: list[Evidence]) -> str:
    """The first evidence text on one line, shortened to ``SNIPPET_CHARS``."""
    if not evidence:
        return ""
    text = re.sub(r"\s+", " ", evidence[0].text).strip()
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1] + "…"
