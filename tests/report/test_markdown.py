import pytest

from nlp.compare.diff import diff_records
from nlp.compare.reference import compare_with_reference
from nlp.report import DiffReport, GapsReport
from nlp.report.markdown import render_markdown


@pytest.fixture
def gaps_report(make_record):
    record = make_record(purposes=[("marketing", "新商品のご案内")],
                         compliance=[("R01", "partial"), ("R02", "present"), ("R13", "missing"), ("R17", "n/a")])
    return GapsReport(record=record)


def test_requirement_table_lists_each_status(gaps_report):
    page = render_markdown(gaps_report)
    assert "| ID | Title | Law | Severity | Status | Detail | Evidence |" in page
    for row in ("| R01 | R01の要件 | 32条1項1号 | high | **partial** |",
                "| R02 | R02の要件 | 17条・21条・32条1項2号 | high | **present** |",
                "| R13 | R13の要件 | 32条1項4号・施行令10条1号 | high | **missing** |",
                "| R17 | R17の要件 | 番号法9条・19条 | high | **n/a** |"):
        assert row in page


def test_summary_counts_gaps(gaps_report):
    page = render_markdown(gaps_report)
    assert "| gaps | 2 |" in page
    assert "| missing | 1 |" in page


CELL_CASES = [
    ("お問い合わせ|窓口", "お問い合わせ\\|窓口"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("第1条\n第2条", "第1条 第2条"),
]


@pytest.mark.parametrize(("detail", "cell"), CELL_CASES)
def test_cells_stay_inside_the_table(make_record, detail, cell):
    record = make_record(compliance=[("R14", "partial")])
    record.compliance[0].detail = detail
    page = render_markdown(GapsReport(record=record))
    assert f"| **partial** | {cell} |" in page


def test_diff_report_shows_both_statuses_and_changes(make_record):
    baseline = make_record(path="v1.txt", data_items=[("name", "氏名")], compliance=[("R13", "partial")])
    target = make_record(path="v2.txt", data_items=[("name", "氏名"), ("phone", "電話番号")],
                         compliance=[("R13", "present")])
    page = render_markdown(DiffReport(baseline=baseline, target=target, diff=diff_records(baseline, target)))
    assert "| ID | Title | Law | Severity | Baseline | Status | Detail | Evidence |" in page
    assert "| R13 | R13の要件 | 32条1項4号・施行令10条1号 | high | partial | **present** |" in page
    assert "| added | data_item | phone |  | 電話番号 |" in page


def test_reference_report_lists_lacks(make_record):
    target = make_record(path="target.txt", compliance=[("R02", "missing")])
    reference = make_record(path="reference.txt", purposes=[("marketing", "新商品のご案内")])
    report = GapsReport(record=target, profile="reference.txt", reference=reference,
                        comparison=compare_with_reference(target, reference))
    assert "| lacks | purpose | marketing |  | 新商品のご案内 |" in render_markdown(report)
