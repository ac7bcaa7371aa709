"""Shared fixtures: ``make_record`` builds a PolicyRecord by hand."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Optional

import pytest

from nlp.schema import (ComplianceResult, DataItem, Evidence, ForeignTransfer, JointUse, Organization, Party,
                        PolicyRecord, Purpose, ResponsibleParty, Source, ThirdParty, ThirdPartyException)

Labelled = Sequence[tuple[str, str]]


def evidence_of(text: str, phrase: str) -> Evidence:
    """Evidence for the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    return Evidence(span=(start, start + len(phrase)), text=phrase)


def build_record(
    text: Optional[str] = None,
    *,
    path: str = "policy.txt",
    purposes: Labelled = (),
    data_items: Labelled = (),
    exceptions: Labelled = (),
    parties: Sequence[str] = (),
    responsible: Optional[dict[str, str]] = None,
    countries: Sequence[str] = (),
    organization: Optional[dict[str, str]] = None,
    compliance: Sequence[tuple[str, str]] = (),
) -> PolicyRecord:
    """A record whose elements are ``(label, phrase)`` pairs with evidence at the
    phrase's first occurrence in ``text`` (by default, all phrases one per line)."""
    phrases = [p for _, p in [*purposes, *data_items, *exceptions]] + [*parties, *countries]
    phrases += [*(responsible or {}).values(), *(organization or {}).values()]
    text = "\n".join(phrases) if text is None else text
    responsible_party = ResponsibleParty(
        **responsible, evidence=evidence_of(text, responsible["name"])) if responsible else ResponsibleParty()
    joint_use = [JointUse(parties=[Party(name=n, evidence=evidence_of(text, n)) for n in parties],
                          responsible=responsible_party,
                          evidence=evidence_of(text, parties[0] if parties else responsible_party.name))
                 ] if parties or responsible else []
    return PolicyRecord(
        source=Source(path=path, sha256="0" * 64, format="txt", chars=len(text)),
        kind="privacy_policy",
        text=text,
        organization=Organization(**(organization or {}),
                                  evidence=[evidence_of(text, v) for v in (organization or {}).values()]),
        purposes=[Purpose(category=c, text=p, evidence=evidence_of(text, p)) for c, p in purposes],
        data_items=[DataItem(item=i, text=p, evidence=evidence_of(text, p)) for i, p in data_items],
        third_party=ThirdParty(
            exceptions=[ThirdPartyException(category=c, text=p, evidence=evidence_of(text, p)) for c, p in exceptions],
            foreign_transfer=ForeignTransfer(present=bool(countries), countries=list(countries),
                                             evidence=[evidence_of(text, c) for c in countries]),
        ),
        joint_use=joint_use,
        compliance=[ComplianceResult(requirement=r, status=s, title=f"{r}の要件", severity="high")
                    for r, s in compliance],
    )


@pytest.fixture
def make_record() -> Callable[..., PolicyRecord]:
    return build_record
