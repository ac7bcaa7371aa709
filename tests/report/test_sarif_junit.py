"""Machine formats for CI: SARIF 2.1.0 (structure checked; no registry package ships its schema) and JUnit XML."""
import json
import xml.etree.ElementTree as ET

import pytest

from nlp.compare.baseline import AcceptedGap, Baseline, judge_gaps
from nlp.report import GapsReport, ReportOptions
from nlp.report.junit import render_junit
from nlp.report.sarif import line_finder, render_sarif, snippet_finder
from nlp.schema import Evidence

TEXT = "個人情報保護方針\n第1条 利用目的\n新商品のご案内に利用します。\n第2条 窓口\nお問い合わせは\x1b[2J窓口まで。"


@pytest.fixture
def report(make_record):
    record = make_record(TEXT, path="/tmp/somewhere/policy.txt",
                         compliance=[("R02", "present"), ("R13", "missing"), ("R14", "partial"), ("R05", "n/a"),
                                     ("R12", "missing")])
    record.compliance[2].severity = "medium"
    record.compliance[4].severity = "low"
    start = TEXT.index("窓口まで")
    record.compliance[2].evidence = [Evidence(span=(start, start + 2), text="窓口")]
    return GapsReport(record=record)


def options(report, **gate):
    return ReportOptions(outcomes=tuple(judge_gaps(report.record.compliance, **gate)))


def sarif(report, **gate):
    text = render_sarif(report, options(report, **gate), line_of=line_finder(range(len(TEXT) + 1), TEXT),
                        with_baseline="baseline" in gate)
    return json.loads(text)


def test_sarif_has_one_result_per_gap_at_its_line(report):
    log = sarif(report, fail_on="low")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    assert run["tool"]["driver"]["name"] == "jpolicy"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["R02", "R13", "R14", "R05", "R12"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {"R13", "R14", "R12"}
    assert {k: r["level"] for k, r in results.items()} == {"R13": "error", "R14": "warning", "R12": "note"}
    for result in results.values():
        [location] = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "policy.txt"
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
    assert results["R13"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    region = results["R14"]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 5
    assert region["snippet"]["text"] == "お問い合わせは窓口まで。"


def test_sarif_leaves_out_ignored_and_marks_baseline_state(report):
    baseline = Baseline(accepted=[AcceptedGap(requirement="R13", status="missing", reason="改訂中")])
    results = {r["ruleId"]: r for r in sarif(report, fail_on="low", ignore={"R12"}, baseline=baseline)["runs"][0]["results"]}
    assert set(results) == {"R13", "R14"}
    assert results["R13"]["baselineState"] == "unchanged"
    assert results["R13"]["suppressions"] == [{"kind": "external", "justification": "改訂中"}]
    assert results["R14"]["baselineState"] == "new" and "suppressions" not in results["R14"]


def test_line_finder_maps_normalised_offsets_to_raw_lines():
    raw = "a\r\nb\n\nc"
    offsets = [0, 3, 4, 5, 6, 7]  # normalised "a\nb\n\nc" (CRLF folded) → raw offsets
    line_of = line_finder(offsets, raw)
    assert [line_of(i) for i in (0, 2, 4, 99)] == [1, 2, 4, 1]


def test_snippet_finder_locates_evidence_in_markup():
    text = "個人情報保護方針\n当社は安全管理措置を講じます。"
    source = "<html>\n<body>\n<h1>個人情報保護方針</h1>\n<p>当社は<b>安全管理措置</b>を講じます。</p>\n</body>"
    line_of = snippet_finder(text, source, width=6)
    # inline markup inside the first characters (当社は<b>安全…) hides them: line 1, as for no evidence
    assert [line_of(0), line_of(text.index("安全")), line_of(text.index("当社"))] == [3, 4, 1]
    assert snippet_finder(text, "<p>nothing</p>")(0) == 1


@pytest.mark.parametrize(("gate", "failures", "skipped"), [
    pytest.param(dict(fail_on="never"), ["R13", "R14", "R12"], ["R05"], id="no gate: every gap fails"),
    pytest.param(dict(fail_on="medium"), ["R13", "R14"], ["R05", "R12"], id="below threshold skipped"),
    pytest.param(dict(fail_on="low", ignore={"R14"}), ["R13", "R12"], ["R14", "R05"], id="ignored skipped"),
])
def test_junit_has_one_case_per_requirement(report, gate, failures, skipped):
    root = ET.fromstring(render_junit(report, options(report, **gate)).encode("utf-8"))
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name").split()[0] for c in cases] == ["R02", "R13", "R14", "R05", "R12"]
    assert sorted(c.get("name").split()[0] for c in cases if c.find("failure") is not None) == sorted(failures)
    assert sorted(c.get("name").split()[0] for c in cases if c.find("skipped") is not None) == sorted(skipped)
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", str(len(failures)),
                                                                                  str(len(skipped)))
    assert suite.get("name") == "policy.txt"


def test_junit_failure_explains_the_gap_and_survives_control_characters(report):
    root = ET.fromstring(render_junit(report, options(report, fail_on="low")).encode("utf-8"))
    failure = next(c for c in root.iter("testcase") if c.get("name").startswith("R14")).find("failure")
    assert failure.get("type") == "medium"
    assert failure.get("message").startswith("一部不足: ")
    assert "推奨対応: " in failure.text and "該当箇所: お問い合わせは窓口まで。" in failure.text
