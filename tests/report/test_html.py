import re

import pytest

from nlp.compare.diff import diff_records
from nlp.report import DiffReport, GapsReport
from nlp.report.html import Highlight, highlighted_text, render_html
from nlp.schema import ComplianceResult

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
POLICY = f"個人情報保護方針\n当社は{SCRIPT}氏名と{IMAGE}住所を取得します。\n新商品のご案内に利用します。"


@pytest.fixture
def hostile_record(make_record):
    record = make_record(
        POLICY, path=f"{IMAGE}.txt",
        purposes=[("marketing", "新商品のご案内")],
        data_items=[("name", "氏名"), ("address", "住所")],
        organization={"name": SCRIPT},
    )
    record.compliance = [
        ComplianceResult(requirement="R01", status="partial", title=IMAGE, detail=SCRIPT),
        ComplianceResult(requirement="R13", status="missing", title="安全管理措置", detail='"><b>x</b>'),
    ]
    return record


@pytest.fixture
def pages(hostile_record, make_record):
    clean = make_record("新商品のご案内", purposes=[("marketing", "新商品のご案内")])
    return [
        render_html(GapsReport(record=hostile_record)),
        render_html(DiffReport(baseline=clean, target=hostile_record, diff=diff_records(clean, hostile_record))),
    ]


def test_injected_markup_is_escaped(pages):
    for page in pages:
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in page
        assert "&quot;&gt;&lt;b&gt;x&lt;/b&gt;" in page
        assert "<script" not in page.lower()
        assert "<img" not in page.lower()
        assert "<b>" not in page


def test_page_requests_nothing(pages):
    for page in pages:
        assert "http://" not in page and "https://" not in page
        assert not re.search(r"<(link|img|iframe|object|embed|base)\b", page, re.IGNORECASE)
        assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#x27;none&#x27;; " \
               "style-src &#x27;unsafe-inline&#x27;\">" in page


def test_page_head(pages):
    for page in pages:
        assert page.startswith('<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">')


def test_requirement_rows_carry_status_classes(pages):
    gaps_page, diff_page = pages
    assert '<td class="status status-partial">partial</td>' in gaps_page
    assert '<td class="status status-missing">missing</td>' in gaps_page
    assert '<td class="baseline-status">—</td><td class="status status-partial">partial</td>' in diff_page


def test_policy_text_marks_evidence(pages):
    gaps_page, _ = pages
    assert '<mark class="data_item" data-label="data_item:name" title="data_item:name">氏名</mark>' in gaps_page
    assert '<mark class="purpose" data-label="purpose:marketing" title="purpose:marketing">新商品のご案内</mark>' \
        in gaps_page


def test_diff_page_shows_both_texts_side_by_side(pages):
    _, diff_page = pages
    assert diff_page.count('<article class="pane">') == 2
    assert '<mark class="change-added" data-label="data_item:name"' in diff_page


def test_text_missing_from_record_is_said(make_record):
    record = make_record("氏名", data_items=[("name", "氏名")])
    record.text = None
    assert "The text is not included" in render_html(GapsReport(record=record))


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
