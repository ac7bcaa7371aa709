"""The CI gate: severity thresholds, ignored requirements, accepted-gaps baselines."""
import json

import pytest

from nlp.compare.baseline import (AcceptedGap, Baseline, baseline_for, failing, judge_gaps, read_baseline,
                                  write_baseline)
from nlp.errors import InvalidBaseline
from nlp.schema import ComplianceResult


def results(*entries):
    return [ComplianceResult(requirement=r, status=s, severity=v, title=f"{r}の要件") for r, s, v in entries]


GAPS = results(("R01", "present", "high"), ("R11", "missing", "high"), ("R13", "partial", "medium"),
               ("R12", "missing", "low"), ("R05", "n/a", "high"))

GATE_CASES = [
    pytest.param("never", (), None, [], id="never"),
    pytest.param("high", (), None, ["R11"], id="high"),
    pytest.param("medium", (), None, ["R11", "R13"], id="medium"),
    pytest.param("low", (), None, ["R11", "R13", "R12"], id="low"),
    pytest.param("gaps", (), None, ["R11", "R13", "R12"], id="gaps is low"),
    pytest.param("low", ("R12", "R11"), None, ["R13"], id="ignored"),
    pytest.param("low", (), [("R11", "missing"), ("R13", "partial"), ("R12", "missing")], [], id="all accepted"),
    pytest.param("low", (), [("R11", "missing"), ("R13", "missing")], ["R12"], id="new gap"),
    pytest.param("low", (), [("R11", "partial"), ("R13", "partial"), ("R12", "missing")], ["R11"],
                 id="worse than accepted"),
]


@pytest.mark.parametrize(("fail_on", "ignore", "accepted", "expected"), GATE_CASES)
def test_which_gaps_fail(fail_on, ignore, accepted, expected):
    baseline = Baseline(accepted=[AcceptedGap(requirement=r, status=s) for r, s in accepted]) if accepted else None
    outcomes = judge_gaps(GAPS, fail_on=fail_on, ignore=ignore, baseline=baseline)
    assert [o.result.requirement for o in failing(outcomes)] == expected
    assert {o.result.requirement for o in outcomes} == {"R11", "R13", "R12"}


def test_outcomes_say_why_a_gap_does_not_fail():
    baseline = Baseline(accepted=[AcceptedGap(requirement="R13", status="partial", reason="改訂作業中")])
    outcomes = {o.result.requirement: (o.outcome, o.reason)
                for o in judge_gaps(GAPS, fail_on="high", ignore={"R12"}, baseline=baseline)}
    assert outcomes == {"R11": ("fails", ""), "R13": ("accepted", "改訂作業中"), "R12": ("ignored", "--ignore")}


@pytest.mark.parametrize("name", ["accepted.yaml", "accepted.json"])
def test_baseline_round_trip_keeps_edited_reasons(make_record, tmp_path, name):
    record = make_record(path="/abs/policy.txt", compliance=[("R11", "missing"), ("R13", "partial"), ("R01", "present")])
    path = tmp_path / name
    write_baseline(baseline_for(record, ignore={"R13"}), path)
    if name.endswith(".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["accepted"][0]["reason"] = "窓口を新設予定"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        assert path.read_text(encoding="utf-8").startswith("# Accepted gaps")
        path.write_text(path.read_text(encoding="utf-8").replace(
            "reason: accepted when the baseline was written; say why", "reason: 窓口を新設予定"), encoding="utf-8")
    baseline = read_baseline(path)
    assert (baseline.file, baseline.sha256) == ("policy.txt", "0" * 64)
    assert [(g.requirement, g.status, g.reason) for g in baseline.accepted] == [("R11", "missing", "窓口を新設予定")]


@pytest.mark.parametrize(("content", "problem"), [
    ("accepted: [{requirement: R11, status: gone}]", "accepted.0.status"),
    ("accepted: [{requirement: R11, status: missing, colour: red}]", "accepted.0.colour"),
    ("accepted: [unclosed", "not YAML or JSON"),
])
def test_invalid_baseline_is_named(tmp_path, content, problem):
    path = tmp_path / "baseline.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidBaseline) as error:
        read_baseline(path)
    assert str(path) in str(error.value) and problem in str(error.value) and "[E030]" in str(error.value)


def test_missing_baseline_file_is_named(tmp_path):
    with pytest.raises(InvalidBaseline, match="cannot read"):
        read_baseline(tmp_path / "absent.yaml")
