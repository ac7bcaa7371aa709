import re
from datetime import datetime, timezone

import pytest

from nlp.compare.diff import diff_records
from nlp.report import DiffReport, GapsReport, ReportOptions
from nlp.report.html import Highlight, highlighted_text, render_html
from nlp.schema import ComplianceResult, Evidence

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
BIDI = "\u202e"
POLICY = (f"個人情報保護方針\n当社は{SCRIPT}氏名と{IMAGE}住所を取得します。\n新商品のご案内に利用します。\n"
          f"お問い合わせは{BIDI}窓口まで。")
GENERATED = datetime(2026, 4, 1, 9, 30, tzinfo=timezone.utc)


def evidence(phrase):
    start = POLICY.index(phrase)
    return [Evidence(span=(start, start + len(phrase)), text=phrase)]


@pytest.fixture
def hostile_record(make_record):
    record = make_record(
        POLICY, path=f"/home/someone/{IMAGE}.txt",
        purposes=[("marketing", "新商品のご案内")],
        data_items=[("name", "氏名"), ("address", "住所")],
        organization={"name": SCRIPT},
    )
    record.compliance = [
        ComplianceResult(requirement="R01", status="partial", title=IMAGE, detail=SCRIPT, evidence=evidence("氏名")),
        ComplianceResult(requirement="R02", status="present", title="利用目的", detail="ok",
                         evidence=evidence("ご案内")),
        ComplianceResult(requirement="R13", status="missing", title="安全管理措置", severity="medium",
                         detail='"><b>x</b>'),
        ComplianceResult(requirement="R14", status="present", title="苦情の申出先", evidence=evidence("窓口")),
    ]
    return record


@pytest.fixture
def pages(hostile_record, make_record):
    clean = make_record("新商品のご案内", path="clean.txt", purposes=[("marketing", "新商品のご案内")],
                        compliance=[("R01", "partial"), ("R02", "present"), ("R13", "present"), ("R14", "present")])
    options = ReportOptions(generated=GENERATED)
    return [
        render_html(GapsReport(record=hostile_record), options),
        render_html(DiffReport(baseline=clean, target=hostile_record, diff=diff_records(clean, hostile_record)),
                    options),
    ]


def test_injected_markup_is_escaped(pages, hostile_record):
    english = render_html(GapsReport(record=hostile_record), ReportOptions(lang="en"))
    for page in [*pages, english]:
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in page
        assert "<script" not in page.lower()
        assert "<img" not in page.lower()
        assert "<b>" not in page
    assert "&quot;&gt;&lt;b&gt;x&lt;/b&gt;" in english  # the English report shows the checks' details


def test_bidi_controls_are_visible(pages):
    for page in pages:
        assert BIDI not in page
        assert "&lt;U+202E&gt;窓口" in page


def test_page_requests_nothing(pages):
    for page in pages:
        assert "http://" not in page and "https://" not in page
        assert not re.search(r"<(link|img|iframe|object|embed|base|script)\b", page, re.IGNORECASE)
        assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#x27;none&#x27;; " \
               "style-src &#x27;unsafe-inline&#x27;\">" in page


def test_page_head_and_language(pages, hostile_record):
    for page in pages:
        assert page.startswith('<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">')
    assert '<html lang="en">' in render_html(GapsReport(record=hostile_record), ReportOptions(lang="en"))


def test_header_names_the_policy_without_an_absolute_path(pages):
    gaps_page, diff_page = pages
    header = re.search(r"<header>(.*?)</header>", gaps_page, re.DOTALL).group(1)
    assert "/home/someone" not in gaps_page and "/home/someone" not in diff_page
    for expected in ("<dt>事業者</dt><dd>&lt;script&gt;", "<dt>ファイル</dt><dd>&lt;img src=x",
                     "<dt>比較基準</dt><dd>appi-2022</dd>", "<dt>作成ツール</dt><dd>jpolicy",
                     "<dt>作成日時</dt><dd>2026-04-01 09:30 UTC</dd>", "<dt>改定日</dt><dd>不明</dd>"):
        assert expected in header
    assert re.search(r"<title>個人情報保護方針 点検報告書: &lt;img", gaps_page)


def test_sections_come_in_order_with_navigation(pages):
    gaps_page, diff_page = pages
    order = [gaps_page.index(f'<section id="{s}">') for s in ("summary", "gaps", "requirements", "legend", "text")]
    assert order == sorted(order)
    for key in ("summary", "gaps", "requirements", "legend", "text"):
        assert f'<li><a href="#{key}">' in gaps_page
    assert diff_page.index('<section id="changes">') < diff_page.index('<section id="requirements">')


def test_each_gap_has_legal_basis_what_is_missing_and_action(pages):
    gaps_page, _ = pages
    row = re.search(r'<tr id="gap-r13".*?</tr>', gaps_page).group(0)
    assert "32条1項4号・施行令10条1号" in row
    assert "安全管理のために講じた措置が記載されていない" in row
    assert "推奨対応:</strong> 組織的・人的・物理的・技術的安全管理措置" in row
    assert '<span class="status status-missing" data-status="missing">記載なし</span>' in row


def test_evidence_sentences_link_to_highlighted_lines(pages):
    gaps_page, _ = pages
    row = re.search(r'<tr id="gap-r01".*?</tr>', gaps_page).group(0)
    link = re.search(r'<a class="quote" href="#(t-L\d+)"[^>]*><q>(.*?)</q></a>', row)
    assert link.group(2).startswith("当社は&lt;script&gt;") and link.group(2).endswith("住所を取得します。")
    assert f'<tr id="{link.group(1)}" class="has-evidence">' in gaps_page
    assert link.group(1) == "t-L2"


def test_requirement_rows_carry_statuses(pages):
    gaps_page, diff_page = pages
    assert '<td class="status status-partial" data-status="partial">一部不足</td>' in gaps_page
    assert '<td class="status status-missing" data-status="missing">記載なし</td>' in gaps_page
    assert ('<td class="baseline-status status-present" data-status="present">記載あり</td>'
            '<td class="status status-missing" data-status="missing">記載なし</td>') in diff_page


def test_diff_page_folds_unchanged_requirements(pages):
    _, diff_page = pages
    changed, folded = diff_page.split('<details class="unchanged">')
    assert 'data-requirement="R13"' in changed.split('<section id="requirements">')[1]
    assert 'data-requirement="R01"' in folded and 'data-requirement="R13"' not in folded


def test_diff_page_aligns_both_texts_in_one_table(pages):
    _, diff_page = pages
    aligned = re.search(r'<table class="aligned">.*?</table>', diff_page, re.DOTALL).group(0)
    assert aligned.count('<td class="ln" id="b-L1">1</td>') == 1
    assert re.search(r'<tr class="(changed|added)"><td class="ln"[^>]*>\d*</td><td class="line[^"]*">[^<]*</td>'
                     r'<td class="ln" id="t-L\d+">', aligned)
    assert '<input type="checkbox" id="only-changed-lines" class="toggle">' in diff_page
    assert 'input.toggle:checked ~ table.aligned tr.equal { display: none; }' in diff_page
    assert '<mark class="change-added" data-label="data_item:name"' in diff_page
    changes = re.search(r'<section id="changes">.*?</section>', diff_page, re.DOTALL).group(0)
    assert '<td><a class="quote" href="#t-L2">氏名</a></td>' in changes
    assert '<td class="ln" id="t-L2">2</td>' in aligned


def test_print_stylesheet(pages):
    for page in pages:
        assert "@page { size: A4;" in page and "@bottom-center { content: counter(page)" in page
        assert re.search(r"@media print \{.*tr, [^{]*\{ break-inside: avoid;", page, re.DOTALL)


def test_legend_explains_statuses_and_severities(pages):
    legend = re.search(r'<section id="legend">.*?</section>', pages[0], re.DOTALL).group(0)
    for word in ("記載あり", "一部不足", "記載なし", "対象外", "高", "中", "低", "努力義務"):
        assert word in legend


def test_text_missing_from_record_is_said(make_record):
    record = make_record("氏名", data_items=[("name", "氏名")])
    record.text = None
    assert "この記録には本文が含まれていません" in render_html(GapsReport(record=record))


HIGHLIGHT_CASES = [
    pytest.param("氏名と住所", [(0, 2, "name"), (3, 5, "address")],
                 '<mark class="k" data-label="name" title="name">氏名</mark>と'
                 '<mark class="k" data-label="address" title="address">住所</mark>', id="two spans"),
    pytest.param("氏名と住所", [(0, 5, "long"), (3, 5, "inner")],
                 '<mark class="k" data-label="long" title="long">氏名と住所</mark>', id="nested span skipped"),
    pytest.param("氏名と住所", [(1, 4, "late"), (0, 2, "early")],
                 '<mark class="k" data-label="early" title="early">氏名</mark>と住所', id="overlap skipped"),
    pytest.param("氏名", [(0, 9, "out"), (1, 1, "empty"), (-1, 1, "negative")], "氏名", id="bad spans skipped"),
    pytest.param("a<b>&c", [(1, 4, 'x" onmouseover="y')],
                 'a<mark class="k" data-label="x&quot; onmouseover=&quot;y" '
                 'title="x&quot; onmouseover=&quot;y">&lt;b&gt;</mark>&amp;c', id="escaped"),
]


@pytest.mark.parametrize(("text", "spans", "expected"), HIGHLIGHT_CASES)
def test_highlighted_text(text, spans, expected):
    assert highlighted_text(text, [Highlight(s, e, "k", label) for s, e, label in spans]) == expected
