"""The terminal report at 80 columns: nothing cut off, evidence shown, document text inert."""
import pytest
from rich.cells import cell_len
from rich.console import Console

from nlp.compare.diff import diff_records
from nlp.report import DiffReport, GapsReport, ReportOptions
from nlp.report.terminal import render_terminal
from nlp.schema import Evidence

TEXT = ("個人情報保護方針\n当社は、お客様の個人情報を、決済代理店等に提供する場合を除き、ご本人の同意なく第三者に提供しません。\n"
        "お問い合わせは\x1b[31m[bold]窓口[/bold]\u202eまでお願いいたします。")


def render(report, width=80, lang="ja"):
    console = Console(width=width, record=True, color_system=None)
    render_terminal(report, console, ReportOptions(lang=lang))
    return console.export_text()


@pytest.fixture
def report(make_record):
    record = make_record(TEXT, path="policy.txt", compliance=[("R03", "present"), ("R13", "missing"), ("R14", "partial")])
    for result, phrase in ((record.compliance[0], "決済代理店等に"), (record.compliance[2], "窓口")):
        start = TEXT.index(phrase)
        result.evidence = [Evidence(span=(start, start + len(phrase)), text=phrase)]
    return GapsReport(record=record)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_fits_80_columns_and_keeps_the_evidence(report, lang):
    output = render(report, lang=lang)
    assert max(cell_len(line.rstrip()) for line in output.splitlines()) <= 80
    flat = "".join(line.strip() for line in output.splitlines())
    assert "当社は、お客様の個人情報を、決済代理店等に提供する場合を除き、ご本人の同意なく第三者に提供しません。" in flat


def test_gaps_list_what_is_missing_and_the_action(report):
    flat = "".join(line.strip() for line in render(report).splitlines())
    assert "R13R13の要件[記載なし]重要度:高" in flat.replace(" ", "")
    assert "安全管理のために講じた措置が記載されていない" in flat
    assert "推奨対応:組織的・人的・物理的・技術的安全管理措置" in flat.replace(" ", "")
    assert flat.index("R13") < flat.index("要件一覧")


def test_document_text_cannot_style_or_reorder_the_terminal(report):
    output = render(report)
    assert "\x1b" not in output and "\u202e" not in output
    assert "[bold]窓口[/bold]<U+202E>まで" in "".join(line.strip() for line in output.splitlines())


def test_diff_lists_changes_first(make_record):
    baseline = make_record("氏名", path="v1.txt", data_items=[("name", "氏名")], compliance=[("R13", "present")])
    target = make_record("氏名\n電話番号", path="v2.txt", data_items=[("name", "氏名"), ("phone", "電話番号")],
                         compliance=[("R13", "missing")])
    output = render(DiffReport(baseline=baseline, target=target, diff=diff_records(baseline, target)))
    assert max(cell_len(line.rstrip()) for line in output.splitlines()) <= 80
    assert output.index("変更点 (2)") < output.index("\n不足事項 (")
    assert output.index("変更 要件の判定 R13") < output.index("追加 取得する項目 phone")
