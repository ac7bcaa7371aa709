"""A policy against another policy used as reference: what the target lacks
and what it adds, element by element, with evidence from the side that has it."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from pydantic import Field

from nlp.schema import ComplianceResult, Evidence, PolicyRecord, Record
from nlp.vocab import Resources

ElementKind = Literal["purpose", "data_item", "exception", "joint_use_party", "requirement"]

# Spaces and ASCII/CJK punctuation (after NFKC): ignored when texts are compared.
_IGNORED = re.compile(r"[\s!-/:-@\[-`{-~\u3000-\u303f\u30fb]")


def normalize_text(text: str) -> str:
    """NFKC without spaces and punctuation: the form in which texts are compared."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


def party_name_forms(name: str) -> set[str]:
    """Normalised forms of a party name, without corporate forms (株式会社…):
    the whole name and, for 「名称(別名)」, the name and the alias."""
    corporate_form = Resources.default().pattern("lexicons", "corporate_form")
    text = corporate_form.sub("", unicodedata.normalize("NFKC", name).strip())
    names = [text]
    opening = text.find("(")
    if opening > 0 and text.endswith(")"):  # 「名称(別名)」
        names += [text[:opening], text[opening + 1:-1]]
    return {form for form in map(normalize_text, names) if form}


def same_party(first: str, second: str) -> bool:
    """Whether two names denote the same party: a form of one contains a form of the other."""
    return any(a in b or b in a for a in party_name_forms(first) for b in party_name_forms(second))


class Finding(Record):
    """An element one policy has and the other lacks. ``key`` is the label ID,
    the party name or the requirement ID; ``text`` is its first wording."""

    kind: ElementKind
    key: str
    text: str
    evidence: list[Evidence] = Field(default_factory=list)


class ReferenceComparison(Record):
    """What ``target`` lacks and adds compared with ``reference`` (source paths)."""

    target: str
    reference: str
    lacks: list[Finding] = Field(default_factory=list)
    adds: list[Finding] = Field(default_factory=list)


def compare_with_reference(target: PolicyRecord, reference: PolicyRecord) -> ReferenceComparison:
    """Compare purposes, data items, exceptions (by label), joint-use parties
    (by name) and requirements met by one side only."""
    target_labels, reference_labels = _labelled_findings(target), _labelled_findings(reference)
    target_parties, reference_parties = _party_findings(target), _party_findings(reference)
    return ReferenceComparison(
        target=target.source.path,
        reference=reference.source.path,
        lacks=[
            *(f for k, f in reference_labels.items() if k not in target_labels),
            *_unmatched_parties(reference_parties, target_parties),
            *_requirements_met_only_by(reference, target),
        ],
        adds=[
            *(f for k, f in target_labels.items() if k not in reference_labels),
            *_unmatched_parties(target_parties, reference_parties),
            *_requirements_met_only_by(target, reference),
        ],
    )


def reference_compliance(target: PolicyRecord, reference: PolicyRecord) -> list[ComplianceResult]:
    """The target's status for every requirement the reference meets ("present");
    the target's own verdicts come from ``target.compliance``."""
    own_results = {result.requirement: result for result in target.compliance}
    results = []
    for expected in reference.compliance:
        if expected.status != "present":
            continue
        own = own_results.get(expected.requirement)
        results.append(ComplianceResult(
            requirement=expected.requirement,
            status=own.status if own else "missing",
            title=expected.title or (own.title if own else ""),
            severity=expected.severity,
            detail=own.detail if own else "not found in the target",
            evidence=own.evidence if own else [],
            explanation=f"the reference meets {expected.requirement}; " + (own.explanation or "" if own else "not found"),
        ))
    return results


def _labelled_findings(record: PolicyRecord) -> dict[tuple[str, str], Finding]:
    """Purposes, data items and exceptions, one finding per label with all its evidence."""
    elements: Iterable[tuple[ElementKind, str, str, Evidence]] = [
        *(("purpose", p.category, p.text, p.evidence) for p in record.purposes),
        *(("data_item", d.item, d.text, d.evidence) for d in record.data_items),
        *(("exception", e.category, e.text, e.evidence) for e in record.third_party.exceptions),
    ]
    findings: dict[tuple[str, str], Finding] = {}
    for kind, key, text, evidence in elements:
        if (kind, key) in findings:
            findings[kind, key].evidence.append(evidence)
        else:
            findings[kind, key] = Finding(kind=kind, key=key, text=text, evidence=[evidence])
    return findings


def _party_findings(record: PolicyRecord) -> list[Finding]:
    """Joint-use parties of all arrangements, one finding per name as written."""
    findings: dict[str, Finding] = {}
    for arrangement in record.joint_use:
        for party in arrangement.parties:
            finding = findings.setdefault(
                party.name, Finding(kind="joint_use_party", key=party.name, text=party.name))
            finding.evidence.append(party.evidence)
    return list(findings.values())


def _unmatched_parties(parties: list[Finding], others: list[Finding]) -> list[Finding]:
    return [p for p in parties if not any(same_party(p.key, other.key) for other in others)]


def _requirements_met_only_by(record: PolicyRecord, other: PolicyRecord) -> list[Finding]:
    """Requirements ``record`` meets ("present") and ``other`` does not."""
    met_by_other = {r.requirement for r in other.compliance if r.status == "present"}
    return [
        Finding(kind="requirement", key=r.requirement, text=r.title or r.requirement, evidence=r.evidence)
        for r in record.compliance
        if r.status == "present" and r.requirement not in met_by_other
    ]
