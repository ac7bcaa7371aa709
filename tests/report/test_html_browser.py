"""The HTML report in headless Chromium: no console errors, no request leaves
the file (every other URL is routed and refused), ``lang="ja"``, right
statuses, inert payloads, evidence links that land on a highlighted line, and
the diff page's folding and aligned texts.

Screenshots and A4 PDFs (``page.pdf``) go to ``tests/report/artifacts/`` for a
person to look at (``pdftoppm -png`` renders the PDF pages).
"""
from pathlib import Path

import pytest

from nlp.compare.diff import diff_records
from nlp.compare.reference import compare_with_reference, reference_compliance
from nlp.report import DiffReport, GapsReport
from nlp.report.html import render_html
from nlp.schema import Evidence

from chromium import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM  # tests/report/chromium.py

pytestmark = NEEDS_CHROMIUM
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
TARGET_TEXT = f"""個人情報保護方針

さくら通販株式会社(以下「当社」)は、お客様の個人情報を次のとおり取り扱います。
{SCRIPT}
1. 利用目的
当社は、取得した個人情報を、ご注文商品の発送、新商品・キャンペーンに関するご案内、
お問い合わせへのご回答のために利用します。
2. 取得する情報
氏名、住所、電話番号、生年月日{IMAGE}
3. 第三者提供
当社は、ご本人の同意がある場合又は法令に基づく場合のほかは、個人情報を第三者へ提供いたしません。
4. 共同利用
当社は、株式会社さくら物流と、配送のために氏名・住所を共同して利用します。
管理責任者: さくら通販株式会社
"""
REFERENCE_TEXT = """プライバシーポリシー

もみじ商店株式会社は、ご注文商品の発送及び新商品のご案内のために個人情報を利用します。
取得する情報は、氏名、住所、メールアドレスです。
法令に基づく場合を除き、ご本人の同意なく第三者に提供しません。
業務の一部を委託先へ提供する場合があります。
安全管理措置として、組織的・人的・物理的・技術的な措置を講じます。
"""
EXPECTED_STATUSES = {"R01": "partial", "R02": "present", "R03": "present", "R13": "missing"}


@pytest.fixture
def target(make_record):
    return make_record(
        TARGET_TEXT, path="sakura_v2.txt",
        purposes=[("service_provision", "ご注文商品の発送"), ("marketing", "新商品・キャンペーンに関するご案内"),
                  ("inquiry_response", "お問い合わせへのご回答")],
        data_items=[("name", "氏名"), ("address", "住所"), ("phone", "電話番号"), ("birth_date", "生年月日")],
        exceptions=[("consent", "ご本人の同意がある場合"), ("law", "法令に基づく場合")],
        parties=["株式会社さくら物流"], responsible={"name": "さくら通販株式会社"},
        organization={"name": "さくら通販株式会社"},
        compliance=[("R01", "partial"), ("R02", "present"), ("R03", "present"), ("R13", "missing")],
    )


@pytest.fixture
def reference(make_record):
    return make_record(
        REFERENCE_TEXT, path="momiji.txt",
        purposes=[("service_provision", "ご注文商品の発送"), ("marketing", "新商品のご案内")],
        data_items=[("name", "氏名"), ("address", "住所"), ("email", "メールアドレス")],
        exceptions=[("law", "法令に基づく場合"), ("outsourcing", "委託先へ提供する場合")],
        compliance=[("R01", "present"), ("R02", "present"), ("R03", "present"), ("R13", "present")],
    )


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_report(browser, html: str, name: str):
    """Load ``html`` from a file with every non-file request blocked; returns the
    page, its console errors and the URLs of the blocked requests."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, blocked = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith("file:"), block)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, blocked


def print_pdf(page, name: str) -> Path:
    """The page printed on A4 (the report's own @page rules), for a person to look at."""
    path = ARTIFACTS / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    return path


def test_reference_report(browser, target, reference):
    report = GapsReport(
        record=target.model_copy(update={"compliance": reference_compliance(target, reference)}),
        profile="momiji.txt", reference=reference, comparison=compare_with_reference(target, reference))
    page, errors, blocked = open_report(browser, render_html(report), "report")

    assert errors == [] and blocked == []
    assert page.evaluate("document.documentElement.lang") == "ja"
    for requirement, status in EXPECTED_STATUSES.items():
        cell = page.locator(f'#requirements tr[data-requirement="{requirement}"] td.status')
        assert cell.get_attribute("data-status") == status
        assert f"status-{status}" in cell.get_attribute("class")
    assert page.locator("#requirements td.status").all_inner_texts() == ["一部不足", "記載あり", "記載あり", "記載なし"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script, img").count() == 0
    target_text = page.locator("table.policy-text").first.inner_text()
    assert SCRIPT in target_text and IMAGE in target_text
    assert page.locator('table.policy-text mark[data-label="lacks data_item:email"]').inner_text() == "メールアドレス"
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    print_pdf(page, "report")


def test_gaps_report_links_evidence_and_prints(browser, target):
    target = target.model_copy(deep=True)
    start = TARGET_TEXT.index("ご本人の同意がある場合")
    target.compliance[2].evidence = [Evidence(span=(start, start + 11), text="ご本人の同意がある場合")]
    page, errors, blocked = open_report(browser, render_html(GapsReport(record=target)), "gaps")

    assert errors == [] and blocked == []
    sections = page.locator("main > section").evaluate_all("nodes => nodes.map(n => n.id)")
    assert sections == ["summary", "gaps", "requirements", "legend", "text"]
    assert page.locator("#gaps tr[data-requirement]").evaluate_all("rows => rows.map(r => r.dataset.requirement)") \
        == ["R13", "R01"]  # same severity: missing before partial
    link = page.locator('#requirements tr[data-requirement="R03"] a.quote')
    assert link.inner_text() == "当社は、ご本人の同意がある場合又は法令に基づく場合のほかは、個人情報を第三者へ提供いたしません。"
    link.click()
    line = page.locator("tr:target")
    assert "ご本人の同意がある場合" in line.inner_text()
    assert line.evaluate("row => getComputedStyle(row.cells[1]).backgroundColor") == "rgb(255, 243, 176)"
    assert "/" not in page.locator("header dd").nth(3).inner_text()
    page.screenshot(path=str(ARTIFACTS / "gaps.png"), full_page=True)
    assert print_pdf(page, "gaps").read_bytes().startswith(b"%PDF")


def test_diff_report(browser, target, make_record):
    baseline = make_record(
        "さくら通販株式会社\n新商品やキャンペーンのご案内\n氏名、住所、電話番号", path="sakura_v1.txt",
        purposes=[("marketing", "新商品やキャンペーンのご案内")],
        data_items=[("name", "氏名"), ("address", "住所"), ("phone", "電話番号")],
        compliance=[("R01", "partial"), ("R02", "present"), ("R03", "missing"), ("R13", "missing")],
    )
    report = DiffReport(baseline=baseline, target=target, diff=diff_records(baseline, target))
    page, errors, blocked = open_report(browser, render_html(report), "diff")

    assert errors == [] and blocked == []
    assert page.evaluate("document.documentElement.lang") == "ja"
    sections = page.locator("main > section").evaluate_all("nodes => nodes.map(n => n.id)")
    assert sections.index("changes") < sections.index("requirements")
    row = page.locator('#requirements tr[data-requirement="R03"]')
    assert (row.locator("td.baseline-status").get_attribute("data-status"),
            row.locator("td.status").get_attribute("data-status")) == ("missing", "present")
    assert row.locator("td.status").inner_text() == "記載あり"
    unchanged = page.locator('#requirements details tr[data-requirement="R13"]')
    assert not unchanged.is_visible()
    page.locator("#requirements details summary").click()
    assert unchanged.is_visible()
    changed = page.locator("#changes tr.change-changed").first
    assert "新商品やキャンペーンのご案内" in changed.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    aligned = page.locator("table.aligned")
    assert SCRIPT in aligned.inner_text()
    equal_rows = aligned.locator("tr.equal")
    paired = aligned.locator("tr.changed", has_text="新商品やキャンペーンのご案内")
    assert "新商品・キャンペーンに関するご案内" in paired.inner_text()
    assert paired.locator("td.line").count() == 2
    visible_before = equal_rows.first.is_visible() if equal_rows.count() else True
    page.locator("label[for=only-changed-lines]").click()
    assert visible_before and (equal_rows.count() == 0 or not equal_rows.first.is_visible())
    page.locator("label[for=only-changed-lines]").click()
    page.screenshot(path=str(ARTIFACTS / "diff.png"), full_page=True)
    assert print_pdf(page, "diff").read_bytes().startswith(b"%PDF")
