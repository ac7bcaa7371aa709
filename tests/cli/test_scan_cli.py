"""``jpolicy scan``: exit codes, messages and options."""
from __future__ import annotations

import json
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
import nlp.cli.scan as scan_cli
from nlp.cli._app import app
from nlp.pipeline import Analyzer
from nlp.records import read_errors, read_records

GOOD = "当社は、ご登録いただいた氏名とメールアドレスを、会員サービスの提供のために利用します。\n"
OTHER = "本サイトでは、閲覧履歴を広告配信の最適化に用いることがあります。\n"

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "member.txt").write_text(GOOD, encoding="utf-8")
    (docs / "site.md").write_text(OTHER, encoding="utf-8")
    return docs


def _scan(*args: str | Path):
    return runner.invoke(app, ["scan", *map(str, args)])


# (extra files, --out name, expected exit code, text expected in the output)
EXIT_CASES = [
    ({}, "out.jsonl", 0, "2 documents: 2 ok, 0 failed"),
    ({"blank.txt": b""}, "out.jsonl", 1, "3 documents: 2 ok, 1 failed"),
    ({"blank.txt": b""}, "out.csv", 1, "blank.txt: [E003]"),
    ({}, "out.xlsx", 2, "out.xlsx"),
]


@pytest.mark.parametrize(("extra", "out_name", "code", "expected"), EXIT_CASES)
def test_exit_codes(folder: Path, tmp_path: Path, extra: dict[str, bytes], out_name: str, code: int,
                    expected: str) -> None:
    for name, data in extra.items():
        (folder / name).write_bytes(data)
    result = _scan(folder, "--out", tmp_path / out_name, "--reference", "none")
    assert result.exit_code == code, result.output
    assert expected in result.output


def test_failures_leave_the_other_records_in_the_output(folder: Path, tmp_path: Path) -> None:
    (folder / "blank.txt").write_bytes(b"")
    result = _scan(folder, "--out", tmp_path / "out.jsonl", "--errors", tmp_path / "errors.jsonl")
    assert result.exit_code == 1
    records = read_records(tmp_path / "out.jsonl")
    assert sorted(Path(r.source.path).name for r in records) == ["member.txt", "site.md"]
    [error_row] = read_errors(tmp_path / "out.jsonl")
    assert (Path(error_row.path).name, error_row.error_code) == ("blank.txt", "E003")
    [error] = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (Path(error["path"]).name, error["code"], error["status"]) == ("blank.txt", "E003", "error")


def test_a_missing_input_is_an_error_row_and_the_rest_is_scanned(folder: Path, tmp_path: Path) -> None:
    result = _scan(folder, tmp_path / "missing.txt", "--out", tmp_path / "out.jsonl")
    assert result.exit_code == 1
    assert "missing.txt: [E001]" in result.output
    assert len(read_records(tmp_path / "out.jsonl")) == 2
    assert [(Path(e.path).name, e.error_code) for e in read_errors(tmp_path / "out.jsonl")] == [("missing.txt", "E001")]


def test_a_folder_without_documents_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _scan(tmp_path / "empty", "--out", tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert "no documents" in result.output


def test_no_paths_is_a_usage_error(tmp_path: Path) -> None:
    assert _scan("--out", tmp_path / "out.jsonl").exit_code == 2


@pytest.mark.parametrize(("option", "expected"), [((), "appi-2022"), (("--reference", "none"), None),
                                                  (("--reference", "ref/policy.txt"), "ref/policy.txt")])
def test_the_reference_reaches_the_analyzer(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            option: tuple[str, ...], expected: str | None) -> None:
    references: list[str | None] = []

    class Recording(Analyzer):
        def __init__(self, *, reference, resources=None):
            references.append(reference)
            super().__init__(reference=None, resources=resources)

    monkeypatch.setattr(scan_cli, "Analyzer", Recording)
    assert _scan(folder, "--out", tmp_path / "out.jsonl", *option).exit_code == 0
    assert references == [expected]


def test_resume_reports_unchanged_documents(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    assert _scan(folder, "--out", out, "--reference", "none").exit_code == 0
    result = _scan(folder, "--out", out, "--reference", "none", "--resume", "--store", f"{out}.jpolicy.sqlite")
    assert result.exit_code == 0
    assert "2 documents: 2 ok (2 unchanged, not re-analysed), 0 failed" in result.output
    assert len(pd.read_parquet(out)) == 2


@pytest.mark.parametrize("option", [["--store", "s.sqlite"], ["--workers", "2"]])
def test_dask_refuses_store_options(folder: Path, tmp_path: Path, option: list[str]) -> None:
    result = _scan(folder, "--out", tmp_path / "out", "--dask", "tcp://127.0.0.1:1", *option)
    assert result.exit_code == 2
    assert "--dask" in result.output


def test_dask_local_scans(folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = _scan(folder, "--out", tmp_path / "out", "--reference", "none", "--dask", "local")
    assert result.exit_code == 0, result.output
    assert sorted(pd.read_parquet(tmp_path / "out")["status"]) == ["ok", "ok"]


def test_with_text_keeps_the_text(folder: Path, tmp_path: Path) -> None:
    assert _scan(folder / "member.txt", "--out", tmp_path / "out.jsonl", "--with-text").exit_code == 0
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert "会員サービス" in record["text"]


def test_a_dead_worker_pool_exits_2_and_points_to_resume(folder: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def dead_pool(*args, **kwargs):
        raise BrokenProcessPool("a child process terminated abruptly")

    monkeypatch.setattr(scan_cli.batch, "scan", dead_pool)
    result = _scan(folder, "--out", tmp_path / "out.jsonl", "--workers", "2")
    assert result.exit_code == 2
    assert "--resume" in result.output


CORPORA_DOCS = Path(__file__).parents[2] / "corpora" / "docs"


def test_bad_paths_on_the_command_line_never_lose_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = _scan("missing.txt", "image.png", CORPORA_DOCS, "--out", "o.csv", "--errors", "e.jsonl")
    assert result.exit_code == 1, result.output
    table = pd.read_csv("o.csv")
    documents = sorted(p.name for p in CORPORA_DOCS.iterdir() if p.suffix in {".txt", ".md", ".html"})
    assert sorted(Path(p).name for p in table[table["status"] == "ok"]["path"]) == documents
    errors = table[table["status"] == "error"].set_index("path")["error_code"]
    assert {Path(p).name: code for p, code in errors.items()} == {"missing.txt": "E001", "image.png": "E002"}
    named = [json.loads(line) for line in Path("e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {Path(e["path"]).name for e in named} == {"missing.txt", "image.png"}
    assert "missing.txt: [E001]" in result.output and "image.png: [E002]" in result.output


def test_files_passed_over_in_folders_are_counted_and_listed(folder: Path, tmp_path: Path) -> None:
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / "README").write_text("read me", encoding="utf-8")
    result = _scan(folder, "--out", tmp_path / "out.jsonl", "--reference", "none", "--errors", tmp_path / "e.jsonl")
    assert result.exit_code == 0, result.output
    assert "2 documents: 2 ok, 0 failed; 2 other files passed over" in result.output
    assert "photo.png: [E002]" in result.output
    listed = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(Path(e["path"]).name, e["status"]) for e in listed} == {("photo.png", "skipped"), ("README", "skipped")}


def test_a_damaged_store_is_reported_and_the_scan_completes(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.jpolicy.sqlite").write_bytes(b"not sqlite at all" * 100)
    result = _scan(folder, "--out", out, "--reference", "none", "--resume")
    assert result.exit_code == 0, result.output
    assert "note: the store" in result.output and "damaged" in result.output and "moved to" in result.output
    assert len(read_records(out)) == 2


@pytest.mark.parametrize("blocker", ["store is a directory", "another scan holds the lock"])
def test_a_scan_that_cannot_start_exits_2_with_a_message_and_keeps_the_output(folder: Path, tmp_path: Path,
                                                                              blocker: str) -> None:
    from nlp.store import exclusive_lock

    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    if blocker == "store is a directory":
        (tmp_path / "out.jsonl.jpolicy.sqlite").mkdir()
        result = _scan(folder, "--out", out, "--reference", "none")
        expected = "[E024]"
    else:
        with exclusive_lock(out):
            result = _scan(folder, "--out", out, "--reference", "none")
        expected = "[E025]"
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_the_timeout_and_resources_reach_the_scan(folder: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def recording_scan(paths, **options):
        seen.update(options)
        raise scan_cli.JPolicyError(None, "stop here")

    monkeypatch.setattr(scan_cli.batch, "scan", recording_scan)
    (tmp_path / "res").mkdir()
    (tmp_path / "res" / "purposes.yaml").write_text("{}\n", encoding="utf-8")
    result = _scan(folder, "--out", tmp_path / "out.jsonl", "--timeout", "7.5", "--resources", tmp_path / "res")
    assert result.exit_code == 2
    assert seen["timeout"] == 7.5 and seen["analyzer"].keywords["resources"] == [tmp_path / "res"]
    assert seen["fingerprint"] != scan_cli.batch.analysis_fingerprint("appi-2022")


def test_file_names_reach_the_terminal_without_escape_sequences(folder: Path, tmp_path: Path) -> None:
    (folder / "\x1b]0;pwned\x07\u202e.txt").write_bytes(b"")
    result = _scan(folder, "--out", tmp_path / "out.jsonl", "--reference", "none")
    assert result.exit_code == 1
    assert "docs/<U+202E>.txt: [E003]" in result.output and "pwned" not in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output


def test_a_store_in_a_new_folder_is_created(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "stores" / "run1" / "scan.sqlite"
    result = _scan(folder, "--out", tmp_path / "out.jsonl", "--reference", "none", "--store", store)
    assert result.exit_code == 0, result.output
    assert store.is_file() and not (tmp_path / "stores" / "run1" / "scan.sqlite.lock").exists()


@pytest.mark.parametrize(("second_reference", "reused"), [("none", True), ("appi-2022", False)])
def test_resume_reanalyses_after_a_change_of_reference(folder: Path, tmp_path: Path, second_reference: str,
                                                       reused: bool) -> None:
    out = tmp_path / "out.jsonl"
    assert _scan(folder, "--out", out, "--reference", "none").exit_code == 0
    result = _scan(folder, "--out", out, "--reference", second_reference, "--resume")
    assert result.exit_code == 0, result.output
    assert ("(2 unchanged, not re-analysed)" in result.output) is reused
    assert {r.reference for r in read_records(out)} == {None if reused else "appi-2022"}
