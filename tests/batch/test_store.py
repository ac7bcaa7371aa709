"""The SQLite store of scan results."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nlp.store import DocumentResult, Store, default_store_path

RESULTS = [
    DocumentResult("/docs/a.txt", "a" * 64, record_json='{"kind": "privacy_policy"}'),
    DocumentResult("/docs/b.txt", "b" * 64, error_code="E003", error_reason="the file is empty"),
    DocumentResult("/docs/c.txt", None, error_code="PermissionError", error_reason="denied"),
]


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: Path(r.path).name)
def test_a_saved_result_reads_back_unchanged(tmp_path: Path, result: DocumentResult) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save(result)
        assert store.get(result.path) == result


def test_an_unknown_path_has_no_result(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        assert store.get("/docs/never.txt") is None


def test_saving_again_replaces_the_row_and_keeps_its_creation_time(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    when = "SELECT created_at, updated_at FROM documents"
    with Store(path) as store:
        store.save(RESULTS[1])
        [(created, _)] = sqlite3.connect(path).execute(when).fetchall()
        store.save(DocumentResult("/docs/b.txt", "c" * 64, record_json="{}"))
        assert store.get("/docs/b.txt") == DocumentResult("/docs/b.txt", "c" * 64, record_json="{}")
    [(created_again, updated)] = sqlite3.connect(path).execute(when).fetchall()
    assert created_again == created <= updated


def test_results_survive_reopening_and_the_journal_is_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        for result in RESULTS:
            store.save(result)
    with Store(path) as store:
        assert [store.get(r.path) for r in RESULTS] == RESULTS
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_default_store_sits_beside_the_output() -> None:
    assert default_store_path(Path("runs/out.csv")) == Path("runs/out.csv.jpolicy.sqlite")
