"""The scan and its store: nothing already written is lost, whatever happens to the run or the store."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlp.batch import analysis_fingerprint, scan
from nlp.errors import OutputBusy, StoreUnusable
from nlp.records import checked_result, read_errors, read_records
from nlp.store import DocumentResult, exclusive_lock

NAMES = [f"d{number}.txt" for number in range(6)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for number, name in enumerate(NAMES):
        (docs / name).write_text(f"当社は、会員番号{number}の氏名とメールアドレスを、商品の発送のために利用します。\n",
                                 encoding="utf-8")
    return docs


def _names(out: Path) -> list[str]:
    return [Path(record.source.path).name for record in read_records(out)]


def test_a_damaged_store_is_moved_aside_and_the_resumed_scan_is_complete(folder: Path, tmp_path: Path,
                                                                          counting) -> None:
    out = tmp_path / "out.jsonl"
    scan([folder], out=out, analyzer=lambda: counting)
    store = tmp_path / "out.jsonl.jpolicy.sqlite"
    store.write_bytes(b"\x00garbage" * 1000)
    counting.calls.clear()
    summary = scan([folder], out=out, analyzer=lambda: counting, resume=True)
    assert _names(out) == NAMES and sorted(counting.calls) == NAMES
    [note] = summary.notes
    assert "damaged" in note and str(store) in note
    assert list(tmp_path.glob("out.jsonl.jpolicy.sqlite.damaged-*"))[0].read_bytes() == b"\x00garbage" * 1000


@pytest.mark.parametrize("blocker", ["directory store", "held lock"])
def test_a_scan_that_cannot_start_leaves_the_previous_output_intact(folder: Path, tmp_path: Path, counting,
                                                                    blocker: str) -> None:
    out = tmp_path / "out.csv"
    scan([folder], out=out, analyzer=lambda: counting)
    before = out.read_bytes()
    (folder / "new.txt").write_text("当社は、電話番号を本人確認に利用します。\n", encoding="utf-8")
    counting.calls.clear()
    if blocker == "directory store":
        (tmp_path / "other.sqlite").mkdir()
        with pytest.raises(StoreUnusable, match="directory"):
            scan([folder], out=out, analyzer=lambda: counting, store=tmp_path / "other.sqlite")
    else:
        with exclusive_lock(out), pytest.raises(OutputBusy, match="another scan"):
            scan([folder], out=out, analyzer=lambda: counting)
    assert out.read_bytes() == before and counting.calls == []


class Interrupted(BaseException):
    pass


def test_an_interrupted_scan_keeps_the_previous_output_and_resume_completes_it(folder: Path, tmp_path: Path,
                                                                               counting) -> None:
    out = tmp_path / "out.parquet"
    scan([folder / NAMES[0]], out=out, analyzer=lambda: counting)
    before = out.read_bytes()

    class StopsAtTheThird:
        def analyze_file(self, path, *, with_text=False):
            if Path(path).name == NAMES[2]:
                raise Interrupted
            return counting.analyze_file(path, with_text=with_text)

    counting.calls.clear()
    with pytest.raises(Interrupted):
        scan([folder], out=out, analyzer=StopsAtTheThird)
    assert out.read_bytes() == before
    assert not (tmp_path / "out.parquet.lock").exists()
    counting.calls.clear()
    summary = scan([folder], out=out, analyzer=lambda: counting, resume=True)
    assert counting.calls == NAMES[2:] and summary.skipped == 2
    assert _names(out) == NAMES


def test_resume_redoes_documents_stored_with_another_fingerprint(folder: Path, tmp_path: Path, counting) -> None:
    out = tmp_path / "out.jsonl"
    scan([folder], out=out, analyzer=lambda: counting, fingerprint="one")
    counting.calls.clear()
    scan([folder], out=out, analyzer=lambda: counting, fingerprint="one", resume=True)
    assert counting.calls == []
    scan([folder], out=out, analyzer=lambda: counting, fingerprint="two", resume=True)
    assert counting.calls == NAMES


def test_resume_redoes_a_stored_record_that_does_not_validate(folder: Path, tmp_path: Path, counting) -> None:
    out = tmp_path / "out.jsonl"
    scan([folder], out=out, analyzer=lambda: counting)
    with sqlite3.connect(tmp_path / "out.jsonl.jpolicy.sqlite") as db:
        db.execute("UPDATE documents SET record = '{\"broken' WHERE path LIKE '%d1.txt'")
        db.execute("UPDATE documents SET record = '{\"kind\": \"novel\"}' WHERE path LIKE '%d4.txt'")
    counting.calls.clear()
    scan([folder], out=out, analyzer=lambda: counting, resume=True)
    assert counting.calls == ["d1.txt", "d4.txt"]
    assert _names(out) == NAMES and read_errors(out) == []


# (stored record JSON, the error code checked_result gives)
STORED_RECORDS = [('{"broken', "E023"), ('{"kind": "novel"}', "E023"), ("[]", "E023")]


@pytest.mark.parametrize(("record_json", "code"), STORED_RECORDS)
def test_a_stored_record_that_does_not_validate_becomes_an_error_row(record_json: str, code: str) -> None:
    checked = checked_result(DocumentResult("/docs/a.txt", "a" * 64, record_json=record_json))
    assert (checked.ok, checked.error_code) == (False, code)
    assert "not a valid PolicyRecord" in checked.error_reason


def test_the_fingerprint_follows_the_reference_and_resources(tmp_path: Path) -> None:
    reference = tmp_path / "ref.txt"
    reference.write_text("当社は氏名を利用します。", encoding="utf-8")
    resources = tmp_path / "res"
    resources.mkdir()
    (resources / "purposes.yaml").write_text("a: 1\n", encoding="utf-8")
    first = {analysis_fingerprint(None), analysis_fingerprint("appi-2022"), analysis_fingerprint(reference),
             analysis_fingerprint("appi-2022", [resources])}
    assert len(first) == 4
    assert analysis_fingerprint("appi-2022", [resources]) in first
    (resources / "purposes.yaml").write_text("a: 2\n", encoding="utf-8")
    reference.write_text("当社は住所を利用します。", encoding="utf-8")
    assert analysis_fingerprint("appi-2022", [resources]) not in first
    assert analysis_fingerprint(reference) not in first


KILLED_SCAN = """
import sys, time
from pathlib import Path
from nlp.batch import scan
from nlp.pipeline import Analyzer

class Slow(Analyzer):
    def analyze_file(self, path, *, with_text=False):
        time.sleep(0.3)
        return super().analyze_file(path, with_text=with_text)

scan([sys.argv[1]], out=sys.argv[2], analyzer=lambda: Slow(reference=None))
"""


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_kill_9_then_resume_gives_complete_duplicate_free_output(folder: Path, tmp_path: Path, counting,
                                                                 suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    store = tmp_path / f"out{suffix}.jpolicy.sqlite"
    child = subprocess.Popen([sys.executable, "-c", KILLED_SCAN, str(folder), str(out)])
    try:
        while child.poll() is None and _stored(store) < 2:
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert 2 <= _stored(store) < len(NAMES) and not out.exists()
    summary = scan([folder], out=out, analyzer=lambda: counting, resume=True)
    assert summary.skipped >= 2 and len(counting.calls) == len(NAMES) - summary.skipped
    assert not (tmp_path / f"out{suffix}.lock").exists()
    if suffix == ".jsonl":
        assert _names(out) == NAMES
    else:
        import pandas as pd

        assert [Path(path).name for path in pd.read_csv(out)["path"]] == NAMES


def _stored(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(store) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0
