"""The SQLite store of scan results."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nlp.errors import OutputBusy, StoreUnusable
from nlp.store import DocumentResult, Store, default_store_path, exclusive_lock

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
        store.commit()
        [(created, _)] = sqlite3.connect(path).execute(when).fetchall()
        store.save(DocumentResult("/docs/b.txt", "c" * 64, record_json="{}"))
        assert store.get("/docs/b.txt") == DocumentResult("/docs/b.txt", "c" * 64, record_json="{}")
    [(created_again, updated)] = sqlite3.connect(path).execute(when).fetchall()
    assert created_again == created <= updated


def test_rows_are_committed_within_the_interval_and_on_close(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "s.sqlite"
    now = [0.0]
    monkeypatch.setattr("nlp.store.time.monotonic", lambda: now[0])
    count = "SELECT count(*) FROM documents"
    with Store(path) as store:
        store.save(RESULTS[0])
        now[0] = 0.1
        store.save(RESULTS[1])
        assert sqlite3.connect(path).execute(count).fetchone() == (0,)  # within the interval: not yet committed
        now[0] = 10.0
        store.save(RESULTS[2])
        assert sqlite3.connect(path).execute(count).fetchone() == (3,)
        now[0] = 10.1
        store.save(DocumentResult("/docs/d.txt", "d" * 64, record_json="{}"))
        assert sqlite3.connect(path).execute(count).fetchone() == (3,)
    assert sqlite3.connect(path).execute(count).fetchone() == (4,)  # committed on close


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


def _random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _wrong_schema(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE documents (path TEXT, sha256 TEXT)")
    db.commit()
    db.close()


def _another_database(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (number INTEGER)")
    db.commit()
    db.close()


# (how the store is damaged, words of the damage description)
DAMAGE_CASES = [(_random_bytes, "not a readable SQLite database"), (_cut_in_half, "SQLite"),
                (_wrong_schema, "not a jpolicy scan store"), (_another_database, "tables invoices")]


def _filled_store(path: Path) -> None:
    with Store(path) as store:
        for number in range(400):
            store.save(DocumentResult(f"/docs/{number}.txt", "a" * 64, record_json='{"k": "' + "x" * 400 + '"}'))


@pytest.mark.parametrize(("damage", "words"), DAMAGE_CASES, ids=lambda case: getattr(case, "__name__", ""))
def test_a_damaged_store_is_moved_aside_unchanged_and_a_new_one_started(tmp_path: Path, damage, words: str) -> None:
    path = tmp_path / "s.sqlite"
    _filled_store(path)
    damage(path)
    damaged_bytes = path.read_bytes()
    with Store(path) as store:
        assert words in store.damage
        assert store.moved_aside.read_bytes() == damaged_bytes
        assert store.moved_aside.name.startswith("s.sqlite.damaged-")
        assert store.get("/docs/1.txt") is None
        store.save(RESULTS[0])
        assert store.get(RESULTS[0].path) == RESULTS[0]


def test_a_directory_at_the_store_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s.sqlite").mkdir()
    with pytest.raises(StoreUnusable, match="is a directory"):
        Store(tmp_path / "s.sqlite")
    assert (tmp_path / "s.sqlite").is_dir()


def test_the_fingerprint_is_stored(tmp_path: Path) -> None:
    result = DocumentResult("/docs/a.txt", "a" * 64, record_json="{}", fingerprint="f1")
    with Store(tmp_path / "s.sqlite") as store:
        store.save(result)
        assert store.get("/docs/a.txt").fingerprint == "f1"


def test_a_held_lock_refuses_a_second_holder_at_once_and_is_removed_after(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with exclusive_lock(target) as held:
        assert held == tmp_path / "out.jsonl.lock"
        with pytest.raises(OutputBusy, match="another scan"):
            with exclusive_lock(target):
                pass
    assert not held.exists()
    with exclusive_lock(target):
        pass
