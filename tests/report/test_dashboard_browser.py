"""The corpus dashboard in headless Chromium: charts drawn, no errors, no request
beyond the page itself, hostile names inert. The screenshot goes to
``tests/report/artifacts/dashboard.png`` for a person to look at."""
from types import SimpleNamespace

import pytest

from nlp.records import result_line
from nlp.report.dashboard import build_dashboard, read_results, render_html
from nlp.store import DocumentResult

from chromium import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM  # tests/report/chromium.py
from test_dashboard import PAYLOAD, corpus  # the same three documents as the unit tests


pytestmark = NEEDS_CHROMIUM
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def dashboard(tmp_path, make_record):
    results = tmp_path / "out.jsonl"
    results.write_text("".join(r.model_dump_json() + "\n" for r in corpus(make_record))
                       + result_line(DocumentResult("/data/scan.png", None, error_code="E002", error_reason="unsupported")) + "\n",
                       encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "dashboard.html"
    path.write_text(render_html(build_dashboard(read_results(results))), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        seen = SimpleNamespace(page=page, errors=[], requests=[])
        page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.route("**/*", lambda route: (seen.requests.append(route.request.url), route.continue_()))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        yield seen
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        browser.close()


def test_charts_render(dashboard):
    page = dashboard.page
    charts = page.locator("svg.chart")
    assert charts.count() == 6
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box["width"] > 100 and box["height"] > 10
    bar = page.locator("#purposes svg.chart rect").first.bounding_box()
    assert bar["width"] > 0 and bar["height"] > 0
    statuses = page.locator("#requirements svg.chart rect.status-missing")
    assert statuses.count() == 2  # R01 and R02 are missing somewhere


def test_no_errors_and_no_request_beyond_the_page(dashboard):
    assert dashboard.errors == []
    assert dashboard.requests == [(ARTIFACTS / "dashboard.html").as_uri()]


def test_hostile_names_stay_text(dashboard):
    page = dashboard.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 0
    assert PAYLOAD in page.locator("#weakest").inner_text()
    assert page.locator("#summary .count.missing .value").inner_text() == "1"
