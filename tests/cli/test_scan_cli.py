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


def test_dask_refuses_store_options(folder: Path, tmp_path: Path) -> None:
    result = _scan(folder, "--out", tmp_path / "out.jsonl", "--dask", "local", "--resume")
    assert result.exit_code == 2
    assert "--dask" in result.output


def test_dask_local_scans(folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    result = _scan(folder, "--out", tmp_path / "out.csv", "--reference", "none", "--dask", "local")
    assert result.exit_code == 0, result.output
    assert sorted(pd.read_csv(tmp_path / "out.csv")["status"]) == ["ok", "ok"]


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
