import pytest
from markdown_it import MarkdownIt

from nlp.compare.diff import diff_records
from nlp.compare.reference import compare_with_reference
from nlp.report import DiffReport, GapsReport, ReportOptions
from nlp.report.markdown import render_markdown
from nlp.schema import Evidence


@pytest.fixture
def gaps_report(make_record):
    text = "当社は、お客様の個人情報を、決済代理店等に提供します。\n新商品のご案内に利用します。"
    record = make_record(text, purposes=[("marketing", "新商品のご案内")],
                         compliance=[("R01", "partial"), ("R02", "present"), ("R13", "missing"), ("R17", "n/a")])
    start = text.index("済代理店等に")
    record.compliance[1].evidence = [Evidence(span=(start, start + 6), text="済代理店等に")]
    return GapsReport(record=record)


def test_requirement_table_is_in_japanese(gaps_report):
    page = render_markdown(gaps_report)
    assert "| 要件 | 項目 | 法的根拠 | 重要度 | 判定 | 該当箇所 |" in page
    for row in ("| R01 | R01の要件 | 32条1項1号 | 高 | 一部不足 |",
                "| R02 | R02の要件 | 17条・21条・32条1項2号 | 高 | 記載あり | 当社は、お客様の個人情報を、決済代理店等に提供します。 |",
                "| R13 | R13の要件 | 32条1項4号・施行令10条1号 | 高 | 記載なし |",
                "| R17 | R17の要件 | 番号法9条・19条 | 高 | 対象外 |"):
        assert row in page


def test_gaps_come_with_what_is_missing_and_action(gaps_report):
    page = render_markdown(gaps_report)
    gaps = page.split("## 不足事項")[1].split("## 要件一覧")[0]
    assert "| R13 | R13の要件 | 記載なし | 高 | 32条1項4号・施行令10条1号 | 安全管理のために講じた措置が記載されていない |" in gaps
    assert "R02" not in gaps


def test_english_report_keeps_the_details(gaps_report):
    page = render_markdown(gaps_report, ReportOptions(lang="en"))
    assert "| ID | Title | Legal basis | Severity | Status | Detail | Evidence |" in page
    assert "## Legend" in page and "## Gaps" in page


def test_summary_comes_first_and_counts_gaps(gaps_report):
    page = render_markdown(gaps_report)
    assert page.index("## 概要") < page.index("## 不足事項") < page.index("## 要件一覧") < page.index("## 凡例")
    assert "| 不足事項 | 2 |" in page
    assert "| 記載なし | 1 |" in page


CELL_CASES = [
    ("お問い合わせ|窓口", "お問い合わせ\\|窓口"),
    ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)"),
    ("第1条\n第2条", "第1条 第2条"),
    ("\u202e逆順", "\\<U\\+202E\\>逆順"),
]


@pytest.mark.parametrize(("title", "cell"), CELL_CASES)
def test_cells_stay_inside_the_table(make_record, title, cell):
    record = make_record(compliance=[("R14", "partial")])
    record.compliance[0].title = title
    page = render_markdown(GapsReport(record=record))
    line = next(line for line in page.splitlines() if line.startswith("| R14 | ") and "施行令10条2号 | 高 |" in line)
    assert cell in line
    tokens = MarkdownIt().enable("table").parse("| a | b | c | d | e | f |\n| - | - | - | - | - | - |\n" + line)
    assert sum(t.type == "td_open" for t in tokens) == 6
    assert all(t.type != "html_inline" for t in tokens)


def test_diff_report_shows_both_statuses_and_changes(make_record):
    baseline = make_record(path="v1.txt", data_items=[("name", "氏名")], compliance=[("R13", "partial")])
    target = make_record(path="v2.txt", data_items=[("name", "氏名"), ("phone", "電話番号")],
                         compliance=[("R13", "present")])
    page = render_markdown(DiffReport(baseline=baseline, target=target, diff=diff_records(baseline, target)))
    assert "| 要件 | 項目 | 法的根拠 | 重要度 | 旧版の判定 | 判定 | 該当箇所 |" in page
    assert "| R13 | R13の要件 | 32条1項4号・施行令10条1号 | 高 | 一部不足 | 記載あり |" in page
    assert "| 追加 | 取得する項目 | phone |  | 電話番号 | 低 |" in page
    assert page.index("## 変更点") < page.index("## 不足事項")


def test_reference_report_lists_lacks(make_record):
    target = make_record(path="target.txt", compliance=[("R02", "missing")])
    reference = make_record(path="reference.txt", purposes=[("marketing", "新商品のご案内")])
    report = GapsReport(record=target, profile="reference.txt", reference=reference,
                        comparison=compare_with_reference(target, reference))
    assert "| 不足 | 利用目的 | marketing |  | 新商品のご案内 |" in render_markdown(report)
