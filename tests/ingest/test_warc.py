"""Web crawl archives: a WARC written here with warcio (HTML pages from corpora/,
a PDF, a redirect, a 404, an image, requests and metadata) is read into one
document per HTML or PDF response, with its URL and capture date."""
from __future__ import annotations

import gzip
import json
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from test_ingest_pdf_docx import JAPANESE_FONT, make_pdf
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from nlp.errors import ArchiveUnreadable, DocumentNotFound
from nlp.ingest.warc import analyze_page, archive_pages, is_archive, is_member, load_page, read_page, skipped_summary
from nlp.pipeline import Analyzer

DOCS = Path(__file__).resolve().parents[2] / "corpora" / "docs"
SITE = "https://example.jp"
CAPTURED = "2026-01-05T10:00:00Z"
PDF_TEXT = "".join(f"{ord(c):04X}" for c in "個人情報保護方針")


def _response(writer: WARCWriter, url: str, status: str, content_type: str | None, body: bytes,
              extra: list[tuple[str, str]] = ()) -> None:
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, [*headers, *extra, ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http,
                                                  warc_headers_dict={"WARC-Date": CAPTURED}))


def _request(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders(f"GET {url.removeprefix(SITE)} HTTP/1.1", [("Host", "example.jp")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b""), http_headers=http))


def write_crawl(path: Path, *, gzip_records: bool = True) -> Path:
    """A crawl of example.jp: two HTML policies, a PDF policy, a Shift_JIS
    page, and records to skip."""
    pdf = make_pdf(f"BT /F1 12 Tf 72 760 Td <{PDF_TEXT}> Tj ET", JAPANESE_FONT)
    sjis = ("<html><body><h1>個人情報保護方針</h1>"
            "<p>当社は個人情報を適切に取り扱います。</p></body></html>")
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "jpolicy tests"}))
        _request(writer, f"{SITE}/water/privacy.html")
        _response(writer, f"{SITE}/water/privacy.html", "200 OK", "text/html; charset=utf-8",
                  (DOCS / "c14_webform_water_server.html").read_bytes())
        _response(writer, f"{SITE}/old-policy", "301 Moved Permanently", "text/html", b"<a href=/resort>moved</a>",
                  [("Location", f"{SITE}/resort/policy.html")])
        _response(writer, f"{SITE}/resort/policy.html", "200 OK", "text/html",
                  (DOCS / "c16_resort_group_policy.html").read_bytes())
        _response(writer, f"{SITE}/missing.html", "404 Not Found", "text/html", b"<p>not found</p>")
        _response(writer, f"{SITE}/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
        _response(writer, f"{SITE}/policy.pdf", "200 OK", "application/pdf", pdf)
        _response(writer, f"{SITE}/sjis.html", "200 OK", "text/html; charset=Shift_JIS", sjis.encode("shift_jis"))
        writer.write_record(writer.create_warc_record(f"{SITE}/water/privacy.html", "metadata",
                                                      payload=BytesIO(b"outlinks: 3"),
                                                      warc_content_type="application/warc-fields"))
    return path


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_crawl(tmp_path_factory.mktemp("warc") / "crawl.warc.gz")


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(reference=None)


EXPECTED_PAGES = [
    (f"{SITE}/water/privacy.html", "html"),
    (f"{SITE}/resort/policy.html", "html"),
    (f"{SITE}/policy.pdf", "pdf"),
    (f"{SITE}/sjis.html", "html"),
]
EXPECTED_SKIPPED = {"warcinfo record": 1, "request record": 1, "metadata record": 1, "HTTP 301 redirect": 1,
                    "HTTP 404": 1, "content type image/png": 1}


@pytest.mark.parametrize("gzip_records", [True, False], ids=["warc.gz", "warc"])
def test_pages_and_skipped_records(tmp_path: Path, gzip_records: bool) -> None:
    name = "crawl.warc.gz" if gzip_records else "crawl.warc"
    crawl = write_crawl(tmp_path / name, gzip_records=gzip_records)
    skipped: Counter[str] = Counter()
    pages = list(archive_pages(crawl, skipped))
    assert [(page.url, page.format) for page in pages] == EXPECTED_PAGES
    assert {page.captured for page in pages} == {CAPTURED}
    assert dict(skipped) == EXPECTED_SKIPPED
    assert all(page.ref.startswith(f"{crawl}#") and is_member(page.ref) for page in pages)
    assert len({page.ref for page in pages}) == len(pages)


def test_a_page_is_read_again_from_its_offset(crawl: Path) -> None:
    for page in archive_pages(crawl):
        assert read_page(page.ref) == page


@pytest.mark.parametrize("ref, error", [
    ("{crawl}#0", ArchiveUnreadable),  # the warcinfo record
    ("{crawl}#7", ArchiveUnreadable),  # inside a record
    ("{crawl}.missing.warc.gz#0", DocumentNotFound),
    ("{crawl}", DocumentNotFound),
])
def test_bad_page_references(crawl: Path, ref: str, error: type) -> None:
    with pytest.raises(error) as info:
        read_page(ref.format(crawl=crawl))
    assert str(crawl.name) in str(info.value)


def test_html_page_gives_the_record_of_the_same_file(crawl: Path, analyzer: Analyzer) -> None:
    page = next(archive_pages(crawl))
    from_archive = analyze_page(analyzer, page)
    from_file = analyzer.analyze_file(DOCS / "c14_webform_water_server.html")
    assert from_archive.source.path == page.ref
    assert from_archive.source.url == f"{SITE}/water/privacy.html"
    assert from_archive.source.captured == CAPTURED
    assert from_archive.source.sha256 == from_file.source.sha256
    without_source = {"source"}
    assert from_archive.model_dump(exclude=without_source) == from_file.model_dump(exclude=without_source)
    assert from_file.source.url is None and from_file.source.captured is None


def test_pdf_page(crawl: Path, analyzer: Analyzer) -> None:
    page = [p for p in archive_pages(crawl) if p.format == "pdf"][0]
    doc = load_page(page)
    assert doc.text == "個人情報保護方針"
    record = analyze_page(analyzer, page)
    assert (record.source.format, record.source.url) == ("pdf", f"{SITE}/policy.pdf")


def test_shift_jis_page(crawl: Path) -> None:
    page = [p for p in archive_pages(crawl) if p.url.endswith("sjis.html")][0]
    doc = load_page(page)
    assert doc.text == "個人情報保護方針\n当社は個人情報を適切に取り扱います。"
    assert doc.encoding == "cp932"


def test_a_page_that_cannot_be_read_names_its_reference(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    with path.open("wb") as stream:
        _response(WARCWriter(stream, gzip=True), f"{SITE}/blank.html", "200 OK", "text/html", b"<html></html>")
    page = next(archive_pages(path))
    with pytest.raises(Exception) as info:
        load_page(page)
    assert page.ref in str(info.value)
    assert "jpolicy-warc-" not in str(info.value)


@pytest.mark.parametrize("data", [
    b"not a warc at all\n" * 10,
    gzip.compress(b"WARC/1.0\r\nbroken"),
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 100\r\n\r\nabc",
], ids=["text", "gzip-garbage", "truncated"])
def test_unreadable_archive(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(data)
    with pytest.raises(ArchiveUnreadable) as info:
        list(archive_pages(path))
    assert "broken.warc.gz" in str(info.value)


@pytest.mark.parametrize("name, archive, member", [
    ("crawl.warc.gz", True, False), ("CRAWL.WARC", True, False), ("crawl.warc.gz#120", False, True),
    ("policy.html", False, False), ("policy.html#3", False, False), ("crawl.gz", False, False),
])
def test_names(name: str, archive: bool, member: bool) -> None:
    assert (is_archive(name), is_member(name)) == (archive, member)


def test_skipped_summary() -> None:
    assert skipped_summary(Counter()) == ""
    assert skipped_summary(Counter({"request record": 2, "HTTP 404": 1})) == \
        "3 archive records skipped (2 request record, 1 HTTP 404)"



@pytest.mark.parametrize("given", ["archive", "folder"])
def test_scan_gives_one_record_per_page_and_resumes(crawl: Path, tmp_path: Path, given: str) -> None:
    from functools import partial

    from nlp.batch import scan

    out = tmp_path / "out.jsonl"
    inputs = [crawl if given == "archive" else crawl.parent]
    summary = scan(inputs, out=out, analyzer=partial(Analyzer, reference=None))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(line["source"]["url"], line["source"]["format"]) for line in lines] == EXPECTED_PAGES
    assert [line["source"]["path"] for line in lines] == [page.ref for page in archive_pages(crawl)]
    assert (summary.total, summary.ok, summary.failed) == (4, 4, 0)
    assert summary.notes == ["6 archive records skipped (1 warcinfo record, 1 request record, 1 HTTP 301 redirect, "
                             "1 HTTP 404, 1 content type image/png, 1 metadata record)"]
    again = scan(inputs, out=out, analyzer=partial(Analyzer, reference=None), resume=True)
    assert (again.ok, again.skipped) == (0, 4)


def test_scan_reports_an_unreadable_archive(tmp_path: Path) -> None:
    from nlp.batch import scan

    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"not a warc at all\n")
    summary = scan([broken], out=tmp_path / "out.jsonl", analyzer=lambda: Analyzer(reference=None))
    assert [(error.path, error.error_code) for error in summary.errors] == [(str(broken), "E040")]
