"""Two versions of a policy: element-level changes from a baseline to a target.

Elements of a list (purposes, data items, exceptions, joint-use parties,
countries) are paired in three rounds, best match first: identical texts under
the same label (unchanged, not listed), then any texts under the same label,
then near-identical texts under different labels (``NEAR_IDENTICAL``), so that
a reworded or relabelled element is one ``changed``, not removed + added.
Single-valued fields (organisation, responsible party, requirement statuses)
change when their normalised values differ.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal, Optional

from pydantic import Field

from nlp.compare.reference import normalize_text, same_party
from nlp.schema import Evidence, PolicyRecord, Record

ChangeKind = Literal["added", "removed", "changed"]
DiffElement = Literal[
    "purpose", "data_item", "exception", "joint_use_party", "responsible_party",
    "foreign_transfer", "foreign_transfer_country", "organization", "requirement",
]
NEAR_IDENTICAL = 0.6


class Change(Record):
    """One element added, removed or changed; texts and evidence of both sides."""

    element: DiffElement
    change: ChangeKind
    baseline_label: Optional[str] = None
    target_label: Optional[str] = None
    baseline: Optional[str] = None
    target: Optional[str] = None
    baseline_evidence: list[Evidence] = Field(default_factory=list)
    target_evidence: list[Evidence] = Field(default_factory=list)

    @property
    def label(self) -> str:
        """The element's label, ``old → new`` when the change moved it."""
        return " → ".join(dict.fromkeys(x for x in (self.baseline_label, self.target_label) if x))


class PolicyDiff(Record):
    """The changes from ``baseline`` to ``target`` (source paths)."""

    baseline: str
    target: str
    changes: list[Change] = Field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


@dataclass(eq=False)
class _Element:
    label: str
    text: str
    evidence: list[Evidence]
    normalized: str = field(init=False)

    def __post_init__(self) -> None:
        self.normalized = normalize_text(self.text)


_Score = Callable[[_Element, _Element], Optional[float]]


def diff_records(baseline: PolicyRecord, target: PolicyRecord) -> PolicyDiff:
    """Element-level changes from ``baseline`` to ``target``."""
    changes = [
        *_list_changes("purpose", *(
            [_Element(p.category, p.text, [p.evidence]) for p in r.purposes] for r in (baseline, target))),
        *_list_changes("data_item", *(
            [_Element(d.item, d.text, [d.evidence]) for d in r.data_items] for r in (baseline, target))),
        *_list_changes("exception", *(
            [_Element(e.category, e.text, [e.evidence]) for e in r.third_party.exceptions]
            for r in (baseline, target))),
        *_list_changes("joint_use_party", _parties(baseline), _parties(target), same_label=same_party),
        *_responsible_changes(baseline, target),
        *_foreign_transfer_changes(baseline, target),
        *_organization_changes(baseline, target),
        *_requirement_changes(baseline, target),
    ]
    return PolicyDiff(baseline=baseline.source.path, target=target.source.path, changes=changes)


def _list_changes(element: DiffElement, baseline: list[_Element], target: list[_Element],
                  same_label: Callable[[str, str], bool] = operator.eq) -> list[Change]:
    """Changes between two lists of elements, paired in the three rounds of the module docstring."""
    def identical(b: _Element, t: _Element) -> Optional[float]:
        return 1.0 if same_label(b.label, t.label) and b.normalized == t.normalized else None

    def similar_same_label(b: _Element, t: _Element) -> Optional[float]:
        return SequenceMatcher(None, b.normalized, t.normalized, autojunk=False).ratio() \
            if same_label(b.label, t.label) else None

    def near_identical(b: _Element, t: _Element) -> Optional[float]:
        matcher = SequenceMatcher(None, b.normalized, t.normalized, autojunk=False)
        if matcher.quick_ratio() < NEAR_IDENTICAL:
            return None
        ratio = matcher.ratio()
        return ratio if ratio >= NEAR_IDENTICAL else None

    _, removed, added = _best_first(baseline, target, identical)
    changed = []
    for score in (similar_same_label, near_identical):
        pairs, removed, added = _best_first(removed, added, score)
        changed += [_change(element, "changed", b, t) for b, t in pairs]
    return [
        *changed,
        *(_change(element, "removed", b, None) for b in removed),
        *(_change(element, "added", None, t) for t in added),
    ]


def _best_first(left: Sequence[_Element], right: Sequence[_Element], score: _Score
                ) -> tuple[list[tuple[_Element, _Element]], list[_Element], list[_Element]]:
    """Greedy pairing by descending score (ties in document order); pairs in
    ``left`` order, then the unpaired elements of each side."""
    candidates = sorted(
        ((s, i, j) for i, a in enumerate(left) for j, b in enumerate(right) if (s := score(a, b)) is not None),
        key=lambda candidate: -candidate[0],
    )
    partner: dict[int, int] = {}
    for _, i, j in candidates:
        if i not in partner and j not in partner.values():
            partner[i] = j
    paired_right = set(partner.values())
    return (
        [(left[i], right[partner[i]]) for i in sorted(partner)],
        [a for i, a in enumerate(left) if i not in partner],
        [b for j, b in enumerate(right) if j not in paired_right],
    )


def _change(element: DiffElement, change: ChangeKind,
            baseline: Optional[_Element], target: Optional[_Element]) -> Change:
    return Change(
        element=element,
        change=change,
        baseline_label=baseline.label if baseline else None,
        target_label=target.label if target else None,
        baseline=baseline.text if baseline else None,
        target=target.text if target else None,
        baseline_evidence=baseline.evidence if baseline else [],
        target_evidence=target.evidence if target else [],
    )


def _field_change(element: DiffElement, baseline: Optional[_Element], target: Optional[_Element]) -> list[Change]:
    """A single-valued field: no change, or one added, removed or changed."""
    if baseline is None and target is None:
        return []
    if baseline is None:
        return [_change(element, "added", None, target)]
    if target is None:
        return [_change(element, "removed", baseline, None)]
    if baseline.normalized == target.normalized:
        return []
    return [_change(element, "changed", baseline, target)]


def _mentioning(text: str, evidence: list[Evidence]) -> list[Evidence]:
    """The evidence that mentions ``text``; all of it when none does."""
    return [e for e in evidence if text in e.text] or evidence


def _value(label: str, text: Optional[str], evidence: list[Evidence]) -> Optional[_Element]:
    """A field value, ``None`` when empty."""
    return _Element(label, text, _mentioning(text, evidence)) if text else None


def _parties(record: PolicyRecord) -> list[_Element]:
    """Joint-use parties of all arrangements, one element per name as written."""
    parties: dict[str, _Element] = {}
    for arrangement in record.joint_use:
        for party in arrangement.parties:
            parties.setdefault(party.name, _Element(party.name, party.name, [])).evidence.append(party.evidence)
    return list(parties.values())


def _responsible_changes(baseline: PolicyRecord, target: PolicyRecord) -> list[Change]:
    """Name, address and representative of the responsible parties (joined when several)."""
    def value(record: PolicyRecord, name: str) -> Optional[_Element]:
        responsible = [a.responsible for a in record.joint_use]
        texts = dict.fromkeys(getattr(r, name) for r in responsible if getattr(r, name))
        return _value(name, "・".join(texts), [r.evidence for r in responsible if r.evidence])

    return [change for name in ("name", "address", "representative")
            for change in _field_change("responsible_party", value(baseline, name), value(target, name))]


def _foreign_transfer_changes(baseline: PolicyRecord, target: PolicyRecord) -> list[Change]:
    def flag(record: PolicyRecord) -> _Element:
        transfer = record.third_party.foreign_transfer
        return _Element("present", "yes" if transfer.present else "no", transfer.evidence)

    def countries(record: PolicyRecord) -> list[_Element]:
        transfer = record.third_party.foreign_transfer
        return [_Element(normalize_text(c), c, _mentioning(c, transfer.evidence))
                for c in dict.fromkeys(transfer.countries) if c]

    return [
        *_field_change("foreign_transfer", flag(baseline), flag(target)),
        *_list_changes("foreign_transfer_country", countries(baseline), countries(target)),
    ]


def _organization_changes(baseline: PolicyRecord, target: PolicyRecord) -> list[Change]:
    def value(record: PolicyRecord, name: str) -> Optional[_Element]:
        return _value(name, getattr(record.organization, name), record.organization.evidence)

    return [change for name in ("name", "address", "representative")
            for change in _field_change("organization", value(baseline, name), value(target, name))]


def _requirement_changes(baseline: PolicyRecord, target: PolicyRecord) -> list[Change]:
    """Status changes per requirement ID (texts are the statuses)."""
    def statuses(record: PolicyRecord) -> dict[str, _Element]:
        return {r.requirement: _Element(r.requirement, r.status, r.evidence) for r in record.compliance}

    before, after = statuses(baseline), statuses(target)
    return [change for requirement in dict.fromkeys([*before, *after])
            for change in _field_change("requirement", before.get(requirement), after.get(requirement))]
