"""Batch scanning: finding documents, recording every result, resuming, outputs, workers."""
from __future__ import annotations

import json
import os
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from nlp.batch import ScanProgress, analyse_one, iter_documents, list_documents, scan
from nlp.errors import DocumentNotFound, EmptyDocument, UnsupportedFormat
from nlp.records import read_errors, read_records
from nlp.pipeline import Analyzer

REAL = partial(Analyzer, reference=None)

GOOD_TEXT = (
    "個人情報の取扱いについて\n"
    "株式会社みなと商会（以下「当社」）は、お客様の氏名、住所及びメールアドレスを取得します。\n"
    "取得した情報は、ご注文の品の発送と、お問い合わせへの回答のために利用します。\n"
)
SECOND_TEXT = (
    "# プライバシーポリシー\n\n"
    "さくら保育園は、園児の生年月日と保護者の連絡先を、入園手続のためにのみ利用します。\n"
)
SHIFT_JIS_TEXT = "当店は、会員登録の際に電話番号をお預かりし、予約の確認に使います。\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"

# the corpus fixture: name -> bytes of the documents a scan of the folder finds
DOCUMENTS = {
    "good.txt": GOOD_TEXT.encode("utf-8"),
    "notes/second.md": SECOND_TEXT.encode("utf-8"),
    "sjis.txt": SHIFT_JIS_TEXT.encode("shift_jis"),
    "empty.txt": b"",
    "image.txt": PNG_BYTES,
}
EXPLICIT_UNSUPPORTED = "table.xyz"

# (files to create, paths to pass relative to the folder, names expected in order)
ITER_CASES = [
    (["b.txt", "a.md", "c.xyz", "sub/d.TXT"], ["."], ["a.md", "b.txt", "sub/d.TXT"]),
    (["a.txt", ".hidden/b.txt", ".c.txt", "sub/.git/d.txt"], ["."], ["a.txt"]),
    (["a.txt", "c.xyz"], ["c.xyz"], ["c.xyz"]),
    (["a.txt", "sub/b.txt"], ["sub", "."], ["sub/b.txt", "a.txt"]),
    (["a.txt"], ["a.txt", "."], ["a.txt"]),
    ([".secret.txt"], [".secret.txt"], [".secret.txt"]),
]

# (what the analyzer raises for "doc.txt", the error code and reason recorded)
ERROR_CASES = [
    (EmptyDocument("doc.txt", "the file is empty"), "E003", "the file is empty"),
    (DocumentNotFound("ref/policy.txt", "no such file"), "E001", "ref/policy.txt: no such file"),
    (ValueError("unexpected value"), "E022", "unexpected ValueError: unexpected value"),
    (RecursionError(), "E022", "unexpected RecursionError"),
]

# the documents of the corpus fixture, as scanned, and the code each failure gives
EXPECTED_FAILURES = {"empty.txt": "E003", "image.txt": "E004", EXPLICIT_UNSUPPORTED: "E002"}
EXPECTED_OK = {"good.txt", "second.md", "sjis.txt"}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with the ``DOCUMENTS``, a hidden folder and an unsupported file."""
    folder = tmp_path / "corpus"
    for name, data in {**DOCUMENTS, EXPLICIT_UNSUPPORTED: b"a,b\n1,2\n", ".cache/skip.txt": b"x"}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def _names(paths: list[str]) -> set[str]:
    return {Path(path).name for path in paths}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _scan_corpus(corpus: Path, out: Path, **options):
    return scan([corpus, corpus / EXPLICIT_UNSUPPORTED], out=out, **options)


@pytest.mark.parametrize(("files", "given", "expected"), ITER_CASES)
def test_iter_documents(tmp_path: Path, files: list[str], given: list[str], expected: list[str]) -> None:
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("本文", encoding="utf-8")
    found = list(iter_documents([tmp_path / name for name in given]))
    assert [path.relative_to(tmp_path.absolute()).as_posix() for path in found] == expected


# (files and folders to create, the documents listed, the files passed over with their code)
LISTING_CASES = [
    (["a.txt", "b.png", "c"], ["a.txt"], {"b.png": "E002", "c": "E002"}),
    (["a.txt", "z.txt/", "z.txt/inner.txt"], ["a.txt", "z.txt"], {}),
    (["sub/a.txt", "link->sub"], ["sub/a.txt"], {"link": "E020"}),
    ([".hidden.png", ".dir/x.png"], [], {}),
]


@pytest.mark.parametrize(("entries", "documents", "passed_over"), LISTING_CASES)
def test_list_documents_names_what_it_passes_over(tmp_path: Path, entries: list[str], documents: list[str],
                                                  passed_over: dict[str, str]) -> None:
    for entry in entries:
        if "->" in entry:
            name, target = entry.split("->")
            (tmp_path / name).symlink_to(tmp_path / target)
        elif entry.endswith("/"):
            (tmp_path / entry).mkdir(parents=True)
        else:
            (tmp_path / entry).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / entry).write_text("本文", encoding="utf-8")
    listing = list_documents([tmp_path])
    assert [Path(path).relative_to(tmp_path).as_posix() for path in listing.documents] == documents
    assert {Path(r.path).relative_to(tmp_path).as_posix(): r.error_code for r in listing.passed_over} == passed_over
    assert all(r.error_reason for r in listing.passed_over)


def test_a_missing_path_named_explicitly_is_listed_to_become_an_error_row(tmp_path: Path) -> None:
    assert list(iter_documents([tmp_path / "nowhere.txt"])) == [tmp_path / "nowhere.txt"]


def test_every_document_is_either_in_the_output_or_an_error(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    summary = _scan_corpus(corpus, out, analyzer=REAL)
    assert _names([r.source.path for r in read_records(out)]) == EXPECTED_OK
    assert {Path(e.path).name: e.error_code for e in read_errors(out)} == EXPECTED_FAILURES
    assert {Path(e.path).name: e.error_code for e in summary.errors} == EXPECTED_FAILURES
    assert len(_jsonl(out)) == len(EXPECTED_OK) + len(EXPECTED_FAILURES)
    assert all(e.error_reason for e in summary.errors)
    assert (summary.total, summary.ok, summary.failed, summary.skipped) == (6, 3, 3, 0)


def test_the_analyzer_reads_each_document_once_and_every_row_keeps_its_sha256(corpus: Path, tmp_path: Path,
                                                                              monkeypatch) -> None:
    """With ``Analyzer``, a readable document is not hashed apart from being
    read: the record's sha256 is the stored one; a document that fails is
    hashed for its error row, and one that cannot be read has none."""
    import hashlib

    import nlp.batch

    hashed: list[str] = []
    hash_file = nlp.batch.document_sha256
    monkeypatch.setattr(nlp.batch, "document_sha256", lambda path, **kw: hashed.append(Path(path).name) or
                        hash_file(path, **kw))
    out = tmp_path / "out.jsonl"
    _scan_corpus(corpus, out, analyzer=REAL)
    assert sorted(hashed) == ["empty.txt", "image.txt"]
    rows = {Path(row["source"]["path"]).name: row["source"]["sha256"] for row in _jsonl(out)}
    for name, data in DOCUMENTS.items():
        assert rows[Path(name).name] == hashlib.sha256(data).hexdigest(), name
    assert rows[EXPLICIT_UNSUPPORTED] is None


def test_shift_jis_text_is_decoded(corpus: Path, tmp_path: Path) -> None:
    _scan_corpus(corpus, tmp_path / "out.jsonl", analyzer=REAL)
    [record] = [r for r in _jsonl(tmp_path / "out.jsonl") if r["source"]["path"].endswith("sjis.txt")]
    assert record["source"]["encoding"].lower().replace("-", "_") in {"shift_jis", "cp932"}


class RaisingAnalyzer:
    def __init__(self, error: Exception):
        self.error = error

    def analyze_file(self, path, *, with_text=False):
        raise self.error


@pytest.mark.parametrize(("error", "code", "reason"), ERROR_CASES)
def test_an_error_becomes_a_failed_result(error: Exception, code: str, reason: str) -> None:
    result = analyse_one(RaisingAnalyzer(error), "doc.txt", "0" * 64)
    assert (result.ok, result.path, result.error_code, result.error_reason) == (False, "doc.txt", code, reason)


class ExplodingAnalyzer(Analyzer):
    def analyze_file(self, path, *, with_text=False):
        if Path(path).name == "good.txt":
            raise RuntimeError("boom")
        return super().analyze_file(path, with_text=with_text)


def test_an_unexpected_exception_is_recorded_and_the_batch_goes_on(corpus: Path, tmp_path: Path) -> None:
    summary = scan([corpus], out=tmp_path / "out.jsonl", analyzer=partial(ExplodingAnalyzer, reference=None))
    failures = {Path(e.path).name: (e.error_code, e.error_reason) for e in summary.errors}
    assert failures["good.txt"] == ("E022", "unexpected RuntimeError: boom")
    assert summary.ok == 2


def test_resume_skips_done_documents_and_redoes_changed_and_failed_ones(corpus: Path, tmp_path: Path,
                                                                         counting) -> None:
    out = tmp_path / "out.jsonl"
    _scan_corpus(corpus, out, analyzer=lambda: counting)
    assert sorted(counting.calls) == sorted(Path(name).name for name in DOCUMENTS)  # table.xyz is never read

    counting.calls.clear()
    (corpus / "good.txt").write_text("当社は、取得したメールアドレスを新商品のご案内に利用します。", encoding="utf-8")
    summary = _scan_corpus(corpus, out, analyzer=lambda: counting, resume=True)
    assert sorted(counting.calls) == ["empty.txt", "good.txt", "image.txt"]
    assert (summary.ok, summary.skipped, summary.failed) == (1, 2, 3)
    records = read_records(out)
    assert sorted(_names([r.source.path for r in records])) == sorted(EXPECTED_OK)
    assert len(records) == len(EXPECTED_OK) and len(read_errors(out)) == len(EXPECTED_FAILURES)


def test_without_resume_everything_is_analysed_again(corpus: Path, tmp_path: Path, counting) -> None:
    _scan_corpus(corpus, tmp_path / "out.jsonl", analyzer=lambda: counting)
    _scan_corpus(corpus, tmp_path / "out.jsonl", analyzer=lambda: counting)
    assert len(counting.calls) == 2 * len(DOCUMENTS)


def test_resume_with_nothing_to_do_builds_no_analyzer(corpus: Path, tmp_path: Path) -> None:
    built: list[Analyzer] = []

    def factory() -> Analyzer:
        built.append(Analyzer(reference=None))
        return built[-1]

    scan([corpus / "good.txt"], out=tmp_path / "out.jsonl", analyzer=factory)
    scan([corpus / "good.txt"], out=tmp_path / "out.jsonl", analyzer=factory, resume=True)
    assert len(built) == 1


def test_jsonl_records_are_streamed_to_a_partial_file_and_the_output_replaced_at_the_end(
        corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    partial_out = tmp_path / "out.jsonl.partial"
    seen: list[tuple[int, str]] = []

    class Watching(Analyzer):
        def analyze_file(self, path, *, with_text=False):
            seen.append((len(partial_out.read_text(encoding="utf-8").splitlines()), out.read_text(encoding="utf-8")))
            return super().analyze_file(path, with_text=with_text)

    scan([corpus / "good.txt", corpus / "notes", corpus / "sjis.txt"], out=out,
         analyzer=partial(Watching, reference=None))
    assert seen == [(0, "previous\n"), (1, "previous\n"), (2, "previous\n")]
    assert len(read_records(out)) == 3 and not partial_out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.jsonl", "out.jsonl.jpolicy.sqlite"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_jsonl_output_is_in_document_order_and_moved_into_place_when_streamed_so(corpus: Path, tmp_path: Path,
                                                                                  monkeypatch, workers: int) -> None:
    """One worker streams the results in document order: the partial file is
    the output, moved into place, not written again from the store. Workers
    finish in any order; the output is in document order all the same."""
    import nlp.batch

    rewritten: list[Path] = []
    write_output = nlp.batch.write_output
    monkeypatch.setattr(nlp.batch, "write_output", lambda results, out: rewritten.append(out) or
                        write_output(results, out))
    out = tmp_path / "out.jsonl"
    summary = _scan_corpus(corpus, out, analyzer=REAL, workers=workers)
    listed = list_documents([corpus, corpus / EXPLICIT_UNSUPPORTED]).documents
    assert [row["source"]["path"] for row in _jsonl(out)] == listed
    assert summary.total == len(listed)
    if workers == 1:
        assert rewritten == []
        resumed = _scan_corpus(corpus, out, analyzer=REAL, resume=True)
        assert resumed.skipped == 3 and rewritten == []
        assert [row["source"]["path"] for row in _jsonl(out)] == listed
    assert not (tmp_path / "out.jsonl.partial").exists()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_table_outputs_have_a_row_per_document(corpus: Path, tmp_path: Path, suffix: str, labelled_analyzer) -> None:
    out = tmp_path / f"out{suffix}"
    scan([corpus / "good.txt", corpus / "empty.txt"], out=out, analyzer=labelled_analyzer)
    table = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert list(table.columns[:5]) == ["path", "sha256", "status", "error_code", "error_reason"]
    expected_columns = {"purposes", "data_items", "exceptions", "foreign_transfer", "joint_use_parties", "R01", "R02"}
    assert expected_columns <= set(table.columns)
    good, empty = (row for _, row in table.iterrows())
    assert Path(good["path"]).name == "good.txt" and good["status"] == "ok"
    expected_purposes = "P_INQUIRY;P_SHIPPING" if suffix == ".csv" else ["P_INQUIRY", "P_SHIPPING"]
    assert list(good["purposes"]) == list(expected_purposes) and good["purposes_count"] == 2
    assert "".join(good["exceptions"]) == "consent" and bool(good["foreign_transfer"]) is True
    assert "".join(good["joint_use_parties"]) == "みなと物流株式会社" and good["organization"] == "株式会社みなと商会"
    assert (good["R01"], good["R02"]) == ("present", "missing")
    assert Path(empty["path"]).name == "empty.txt" and empty["status"] == "error"
    assert (empty["error_code"], empty["error_reason"]) == ("E022", "unexpected ValueError: nothing to read")


def test_two_workers_give_the_same_records_as_one(corpus: Path, tmp_path: Path) -> None:
    one = _scan_corpus(corpus, tmp_path / "one.jsonl", analyzer=REAL, workers=1)
    two = _scan_corpus(corpus, tmp_path / "two.jsonl", analyzer=REAL, workers=2)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert sorted(one.errors, key=str) == sorted(two.errors, key=str)


def _broken_factory() -> Analyzer:
    raise RuntimeError("cannot build the analyzer")


def test_a_worker_that_cannot_start_stops_the_scan_with_broken_pool(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(BrokenProcessPool):
        scan([corpus], out=tmp_path / "out.jsonl", analyzer=_broken_factory, workers=2)


def test_progress_counts_documents_and_failures(corpus: Path, tmp_path: Path) -> None:
    updates: list[ScanProgress] = []
    _scan_corpus(corpus, tmp_path / "out.jsonl", analyzer=REAL, progress=updates.append)
    assert updates[0] == ScanProgress(0, 6, 0)
    assert updates[-1] == ScanProgress(6, 6, 3)
    assert [u.done for u in updates] == list(range(7))


def test_an_unknown_output_suffix_is_refused_before_scanning(corpus: Path, tmp_path: Path,
                                                             counting) -> None:
    with pytest.raises(UnsupportedFormat, match="out.xlsx"):
        scan([corpus], out=tmp_path / "out.xlsx", analyzer=lambda: counting)
    assert counting.calls == []


def test_the_store_defaults_to_beside_the_output(corpus: Path, tmp_path: Path) -> None:
    summary = scan([corpus / "good.txt"], out=tmp_path / "runs" / "out.jsonl", analyzer=REAL)
    assert summary.store == tmp_path / "runs" / "out.jsonl.jpolicy.sqlite"
    assert summary.store.is_file()


def test_output_to_stdout_streams_every_row_and_keeps_no_store(corpus: Path, capsys) -> None:
    summary = scan([corpus / "good.txt", corpus / "empty.txt"], out="-", analyzer=REAL)
    good, empty = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert Path(good["source"]["path"]).name == "good.txt" and good["kind"]
    assert (Path(empty["source"]["path"]).name, empty["status"], empty["error"]["code"]) == ("empty.txt", "error", "E003")
    assert summary.store is None and summary.out == Path("-")


def test_a_folder_that_cannot_be_listed_is_passed_over_with_the_reason(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("本文", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    listing = list_documents([tmp_path])
    assert [Path(p).name for p in listing.documents] == ["a.txt"]
    [locked] = listing.passed_over
    assert (Path(locked.path).name, locked.error_code) == ("locked", "E001")
    assert locked.error_reason == "cannot list the folder (Permission denied)"
