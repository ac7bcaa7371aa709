"""The Analyzer: references, evidence offsets and reuse of loaded resources."""
from pathlib import Path

import pytest

from nlp.errors import UnknownReference
from nlp.pipeline import Analyzer

ROOT = Path(__file__).resolve().parents[1]
MODEL_POLICY = ROOT / "corpora" / "reference" / "model_policy.txt"
SHORT_POLICY = "株式会社架空商店(以下「当社」といいます。)は、お客様の氏名を商品の発送のために利用します。"


@pytest.mark.parametrize("reference", ["bogus", "appi-2099", str(ROOT / "no-such-policy.txt")])
def test_unknown_reference_is_refused_at_once(reference):
    with pytest.raises(UnknownReference) as error:
        Analyzer(reference=reference)
    assert reference in str(error.value)


def test_reference_policy_fills_compliance_from_what_the_reference_meets():
    record = Analyzer(reference=str(MODEL_POLICY)).analyze_text(SHORT_POLICY)
    statuses = {c.requirement: c.status for c in record.compliance}
    assert record.reference == str(MODEL_POLICY)
    assert statuses["R02"] == "present"
    assert statuses["R06"] in {"missing", "n/a"}
    assert statuses["R13"] == "missing"


def test_no_reference_leaves_compliance_empty():
    record = Analyzer(reference=None).analyze_text(SHORT_POLICY)
    assert record.compliance == [] and record.reference is None
    assert record.labels("purposes") == {"service_provision"}
