"""Fixtures for the batch tests: fake analyzers (the analyzer is injected into ``scan``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.pipeline import Analyzer
from nlp.schema import (ComplianceResult, Evidence, ForeignTransfer, JointUse, Organization, Party,
                        PolicyRecord, Purpose, Source, ThirdParty, ThirdPartyException)


class CountingAnalyzer:
    """The real analyzer, remembering the file name of every call."""

    def __init__(self) -> None:
        self.inner = Analyzer(reference=None)
        self.calls: list[str] = []

    def analyze_file(self, path: str | Path, *, with_text: bool = False) -> PolicyRecord:
        self.calls.append(Path(path).name)
        return self.inner.analyze_file(path, with_text=with_text)


@pytest.fixture
def counting() -> CountingAnalyzer:
    return CountingAnalyzer()


@pytest.fixture
def labelled_analyzer() -> type:
    return LabelledAnalyzer


def _evidence(text: str) -> Evidence:
    return Evidence(span=(0, len(text)), text=text)


class LabelledAnalyzer:
    """Fake records with a label of each kind, for the table outputs; fails on empty files."""

    def analyze_file(self, path: str | Path, *, with_text: bool = False) -> PolicyRecord:
        text = Path(path).read_text(encoding="utf-8")
        if not text:
            raise ValueError("nothing to read")
        return PolicyRecord(
            source=Source(path=str(path), sha256="0" * 64, format="txt", chars=len(text)),
            kind="privacy_policy",
            organization=Organization(name="株式会社みなと商会"),
            purposes=[Purpose(text="発送", category="P_SHIPPING", evidence=_evidence("発送")),
                      Purpose(text="回答", category="P_INQUIRY", evidence=_evidence("回答"))],
            third_party=ThirdParty(
                exceptions=[ThirdPartyException(category="consent", text="同意", evidence=_evidence("同意"))],
                foreign_transfer=ForeignTransfer(present=True, countries=["米国"])),
            joint_use=[JointUse(parties=[Party(name="みなと物流株式会社", evidence=_evidence("みなと物流"))],
                                evidence=_evidence("共同利用"))],
            compliance=[ComplianceResult(requirement="R01", status="present"),
                        ComplianceResult(requirement="R02", status="missing")],
        )
