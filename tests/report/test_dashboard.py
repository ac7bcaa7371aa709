"""The corpus dashboard: tables from a scan's records, HTML, Markdown, CSV and ``jpolicy report``."""
from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
from nlp.cli._app import app
from nlp.errors import DocumentNotFound, InvalidStoredRecord
from nlp.records import result_line
from nlp.report.html import CONTENT_SECURITY_POLICY
from nlp.batch import write_output
from nlp.report.dashboard import (LISTED_FAILURES, _clip, build_dashboard, read_results, render_html, render_markdown,
                                  tally, write_csv)
from nlp.schema import PolicyRecord
from nlp.store import DocumentResult

PAYLOAD = '=HYPERLINK("http://x")<script>window.__pwned=1</script>'


def corpus(make_record):
    """Three analysed documents (one with a hostile organisation name) as a scan would write them."""
    shop = make_record(path="/data/shop policy.txt", purposes=[("marketing", "新商品のご案内")],
                       data_items=[("name", "氏名"), ("email", "メールアドレス")],
                       exceptions=[("law", "法令に基づく場合")], parties=["株式会社さくら物流"],
                       responsible={"name": "さくら通販株式会社"}, countries=["米国"],
                       compliance=[("R01", "missing"), ("R02", "present"), ("R13", "partial"), ("R17", "n/a")])
    clinic = make_record(path="/data/clinic.txt", purposes=[("marketing", "ご案内"), ("billing_payment", "診療費の請求")],
                         data_items=[("name", "氏名")], organization={"name": PAYLOAD},
                         compliance=[("R01", "missing"), ("R02", "missing"), ("R13", "present"), ("R17", "n/a")])
    form = make_record(path="/data/form.txt", data_items=[("phone", "電話番号")],
                       compliance=[("R01", "present"), ("R02", "present"), ("R13", "present"), ("R17", "n/a")])
    form.kind = "web_form"
    return [shop, clinic, form]


ERROR_ROWS = [DocumentResult("/data/scan.png", None, error_code="E002", error_reason="unsupported format .png"),
              DocumentResult("/data/missing.txt", None, error_code="E001", error_reason="no such file or directory")]


@pytest.fixture
def results_file(tmp_path, make_record):
    lines = [r.model_dump_json() for r in corpus(make_record)] + [result_line(row) for row in ERROR_ROWS]
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(lines[:2] + [""] + lines[2:]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def board(results_file):
    return build_dashboard(read_results(results_file))


def test_read_results_streams_records_and_error_rows(results_file):
    items = read_results(results_file)
    assert isinstance(items, Iterator)
    items = list(items)
    assert [r.source.path for r in items if isinstance(r, PolicyRecord)] == [
        "/data/shop policy.txt", "/data/clinic.txt", "/data/form.txt"]
    assert [(f.path, f.error_code) for f in items if isinstance(f, DocumentResult)] == [
        ("/data/scan.png", "E002"), ("/data/missing.txt", "E001")]


@pytest.mark.parametrize(("content", "error"), [
    (None, DocumentNotFound),
    ("{not json\n", InvalidStoredRecord),
    ('{"kind": "privacy_policy"}\n', InvalidStoredRecord),
])
def test_read_results_refuses_what_is_not_a_scan(tmp_path, content, error):
    path = tmp_path / "out.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(error, match="out.jsonl"):
        list(read_results(path))


def test_parquet_output_reads_the_same(tmp_path, make_record):
    results = [DocumentResult(r.source.path, r.source.sha256, record_json=r.model_dump_json())
               for r in corpus(make_record)] + ERROR_ROWS
    write_output(results, tmp_path / "out.parquet")
    board = build_dashboard(read_results(tmp_path / "out.parquet"))
    assert (board.documents, len(board.failed)) == (5, 2)
    assert list(board.weakest["path"]) == ["/data/clinic.txt", "/data/shop policy.txt"]


@pytest.mark.parametrize(("label", "shown"), [
    ("R02 利用目的の特定・公表", "R02 利用目的の特定・公表"),
    ("R10 外国にある第三者への提供(国名・制度・措置の情報)", "R10 外国にある第三者への提供(国名・…"),
    ("service_provision " + "x" * 30, "service_provision " + "x" * 19 + "…"),
])
def test_chart_labels_are_cut_to_the_label_column(label, shown):
    assert _clip(label) == shown


def test_documents_and_kinds(board):
    assert board.documents == 5
    assert len(board.failed) == 2
    assert board.kinds.set_index("kind")["documents"].to_dict() == {"privacy_policy": 2, "web_form": 1}


def test_requirement_rates_put_the_most_missing_first(board):
    rates = board.requirements.set_index("requirement")
    assert list(board.requirements["requirement"][:2]) == ["R01", "R02"]
    assert rates.loc["R01", ["present", "partial", "missing"]].tolist() == [1, 0, 2]
    assert rates.loc["R01", "gap_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert rates.loc["R13", "gap_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert (rates.loc["R17", "n/a"], rates.loc["R17", "gap_rate"]) == (3, 0.0)


@pytest.mark.parametrize(("table", "expected"), [
    ("purposes", {"marketing": 2, "billing_payment": 1}),
    ("data_items", {"name": 2, "email": 1, "phone": 1}),
    ("exceptions", {"law": 1}),
])
def test_labels_are_counted_once_per_document(board, table, expected):
    frame = getattr(board, table)
    assert frame.set_index("label")["documents"].to_dict() == expected
    assert frame["documents"].is_monotonic_decreasing


def test_purposes_carry_their_japanese_names(board):
    assert board.purposes.set_index("label").loc["marketing", "name"] == "商品・サービスの案内・販売促進"


def test_shares_of_joint_use_and_foreign_transfer(board):
    shares = board.shares.set_index("measure")
    assert shares.loc["joint use", "documents"] == 1
    assert shares.loc["foreign transfer", "share"] == pytest.approx(1 / 3, abs=1e-3)


def test_only_the_weakest_records_are_kept(make_record):
    records = [make_record(path=f"/data/{n}.txt", compliance=[("R01", "missing")] * n + [("R02", "present")])
               for n in range(10)]
    counts = tally(records, top=3)
    assert [r.source.path for r in counts.weakest] == ["/data/9.txt", "/data/8.txt", "/data/7.txt"]
    assert counts.records == 10 and counts.kinds["privacy_policy"] == 10


def test_weakest_documents_have_the_most_high_severity_gaps(board):
    weakest = board.weakest
    assert list(weakest["path"]) == ["/data/clinic.txt", "/data/shop policy.txt"]
    assert weakest.iloc[0][["high_missing", "high_gaps", "high_gap_requirements"]].tolist() == [2, 2, "R01 R02"]
    assert "/data/form.txt" not in set(weakest["path"])  # no gap at all


def test_html_is_self_contained_and_escaped(board):
    page = render_html(board)
    assert f'http-equiv="Content-Security-Policy" content="{escape(CONTENT_SECURITY_POLICY)}"' in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "<link" not in page and "src=" not in page
    assert page.count("<svg") == 6  # kinds, requirements, shares, purposes, items, exceptions
    assert 'href="/data/shop%20policy.txt"' in page
    assert "/data/scan.png" in page and "E002" in page


def test_markdown_renders_the_same_tables_as_literal_text(board):
    page = render_markdown(board)
    assert "5 documents: 3 analysed, 2 failed." in page and page.endswith("|\n")
    assert "| R01 | R01の要件 | high | 1 | 0 | 2 | 0 | 66\\.7% |" in page
    assert "[/data/shop policy\\.txt](</data/shop%20policy.txt>)" in page
    rendered = MarkdownIt("commonmark").enable("table").render(page)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert rendered.count("<table>") == len(board.tables())


def test_csv_tables_load_cleanly_and_are_not_formulas(board, tmp_path):
    written = write_csv(board, tmp_path / "csv")
    assert sorted(p.name for p in written) == sorted(f"{name}.csv" for name in board.tables())
    requirements = pd.read_csv(tmp_path / "csv" / "requirements.csv")
    assert not requirements[["present", "partial", "missing", "n/a"]].isna().any().any()
    weakest = pd.read_csv(tmp_path / "csv" / "weakest.csv")
    assert weakest.set_index("path").loc["/data/clinic.txt", "organization"] == "'" + PAYLOAD


runner = CliRunner()


def test_report_command_writes_every_output(results_file, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    result = runner.invoke(app, ["report", str(results_file), "--html", str(out / "dashboard.html"),
                                 "--markdown", str(out / "dashboard.md"), "--csv", str(out / "csv"),
                                 "--reports-dir", str(out / "reports")])
    assert result.exit_code == 0, result.output
    assert "5 documents (2 failed)" in result.stderr
    page = (out / "dashboard.html").read_text(encoding="utf-8")
    reports = sorted(p.name for p in (out / "reports").iterdir())
    assert len(reports) == 2 and reports[0].startswith("clinic-")
    assert f'href="reports/{reports[0]}"' in page
    assert "&lt;script&gt;" in (out / "reports" / reports[0]).read_text(encoding="utf-8")
    assert (out / "csv" / "kinds.csv").exists() and "## Documents by kind" in (out / "dashboard.md").read_text()


def test_report_command_makes_the_page_folder(results_file, tmp_path):
    result = runner.invoke(app, ["report", str(results_file), "--html", str(tmp_path / "new" / "d.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "d.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_command_prints_markdown_without_outputs(results_file):
    result = runner.invoke(app, ["report", str(results_file)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Corpus dashboard")


def test_report_command_names_a_missing_file(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "nothing.jsonl"), "--html", str(tmp_path / "d.html")])
    assert result.exit_code == 2
    assert "nothing.jsonl" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "d.html").exists()


@pytest.mark.parametrize("path", ["javascript:alert(1)", "/data/a\"><script>x</script>.txt", "https://example.com/x"])
def test_document_links_stay_relative_and_inert(make_record, path):
    record = make_record(path=path, compliance=[("R01", "missing")])
    page = render_html(build_dashboard([record]))
    href = re.search(r'<a href="([^"]*)"', page).group(1)
    assert ":" not in href and "<" not in href and '"' not in href
    assert "<script>x" not in page


def test_pages_list_the_first_failures_and_the_csv_all(tmp_path):
    failures = [DocumentResult(f"/data/{n}.png", None, error_code="E002", error_reason="unsupported")
                for n in range(LISTED_FAILURES + 5)]
    board = build_dashboard(failures)
    assert board.documents == LISTED_FAILURES + 5
    note = f"The first {LISTED_FAILURES} of {LISTED_FAILURES + 5} are listed"
    html, markdown = render_html(board), render_markdown(board)
    assert note in html and html.count(">E002<") == LISTED_FAILURES
    assert note in markdown and markdown.count("| E002 |") == LISTED_FAILURES
    write_csv(board, tmp_path)
    assert len(pd.read_csv(tmp_path / "failed.csv")) == LISTED_FAILURES + 5


def test_an_empty_scan_gives_empty_tables(tmp_path):
    (tmp_path / "out.jsonl").write_text("", encoding="utf-8")
    board = build_dashboard(read_results(tmp_path / "out.jsonl"))
    assert board.documents == 0 and all(table.empty for table in board.tables().values() if table is not board.shares)
    assert render_markdown(board).count("None.") == 6 and "<svg" in render_html(board)  # the shares chart, at 0%


def test_report_command_refuses_a_csv_output(tmp_path):
    (tmp_path / "o.csv").write_text("path,status\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(tmp_path / "o.csv")])
    assert result.exit_code == 2 and "o.csv" in result.stderr and "Traceback" not in result.output
