"""Inputs that used to stall or break a scan: special files and slow documents."""
from __future__ import annotations

import os
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from nlp.batch import analyse_path, document_sha256, scan
from nlp.errors import DocumentNotFound, NotARegularFile
from nlp.pipeline import Analyzer
from nlp.records import read_errors, read_records

CORPORA_DOC = Path(__file__).parents[2] / "corpora" / "docs" / "c06_ec_shop_policy.md"
POLICY = "当社は、お客様の氏名とメールアドレスを、ご注文の品の発送のために利用します。\n"


def _special_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / CORPORA_DOC.name).write_bytes(CORPORA_DOC.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "z.txt").mkdir()
    (folder / "z.txt" / "inside.txt").write_text(POLICY, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    return folder


# (name in the folder, error code, words the reason must contain)
SPECIAL_ROWS = [
    ("pipe.txt", "E020", "FIFO"),
    ("zero.txt", "E020", "/dev/zero"),
    ("z.txt", "E020", "directory"),
    ("gone.txt", "E001", "broken symbolic link"),
]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_folder_with_special_files_is_scanned_and_each_is_named(tmp_path: Path, workers: int) -> None:
    folder = _special_folder(tmp_path)
    out = tmp_path / "out.jsonl"
    summary = scan([folder], out=out, analyzer=partial(Analyzer, reference=None), workers=workers)
    assert [Path(r.source.path).name for r in read_records(out)] == [CORPORA_DOC.name]
    rows = {Path(e.path).name: e for e in read_errors(out)}
    assert set(rows) == {name for name, _, _ in SPECIAL_ROWS}
    for name, code, words in SPECIAL_ROWS:
        assert rows[name].error_code == code and words in rows[name].error_reason
    assert summary.failed == len(SPECIAL_ROWS)


@pytest.mark.parametrize(("name", "error", "words"), [
    ("pipe.txt", NotARegularFile, "FIFO"), ("zero.txt", NotARegularFile, "character device"),
    ("z.txt", NotARegularFile, "directory"), ("gone.txt", DocumentNotFound, "broken"),
    ("missing.txt", DocumentNotFound, "no such file"),
])
def test_special_paths_are_refused_before_any_read(tmp_path: Path, name: str, error: type, words: str) -> None:
    folder = _special_folder(tmp_path)
    with pytest.raises(error, match=words):
        document_sha256(folder / name)


class SlowAnalyzer:
    """Sleeps on documents whose name starts with ``slow``; reads the others for real."""

    def __init__(self) -> None:
        self.inner = Analyzer(reference=None)

    def analyze_file(self, path, *, with_text=False):
        if Path(path).name.startswith("slow"):
            time.sleep(60)
        return self.inner.analyze_file(path, with_text=with_text)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_the_time_budget_becomes_an_error_row(tmp_path: Path, workers: int) -> None:
    for name in ("a.txt", "slow.txt", "b.txt"):
        (tmp_path / name).write_text(POLICY, encoding="utf-8")
    out = tmp_path / "out.csv"
    summary = scan([tmp_path], out=out, analyzer=SlowAnalyzer, workers=workers, timeout=0.5)
    [error] = summary.errors
    assert Path(error.path).name == "slow.txt" and error.error_code == "E021"
    assert "timeout" in error.error_reason and "0.5 s" in error.error_reason
    assert summary.ok == 2


class PausingAnalyzer(Analyzer):
    def analyze_file(self, path, *, with_text=False):
        time.sleep(0.3)
        return super().analyze_file(path, with_text=with_text)


@pytest.mark.parametrize(("timeout", "code"), [(0.05, "E021"), (0, None)])
def test_zero_means_no_time_budget(tmp_path: Path, timeout: float, code: str | None) -> None:
    (tmp_path / "a.txt").write_text(POLICY, encoding="utf-8")
    result = analyse_path(PausingAnalyzer(reference=None), str(tmp_path / "a.txt"), timeout=timeout)
    assert result.error_code == code


class SlowToWarmAnalyzer(Analyzer):
    """Loads its resources on first use, slowly: the first analysis of anything takes a second."""

    warm = False

    def analyze_text(self, text, **options):
        self._warm_up()
        return super().analyze_text(text, **options)

    def analyze_file(self, path, *, with_text=False):
        self._warm_up()
        return super().analyze_file(path, with_text=with_text)

    def _warm_up(self) -> None:
        if not SlowToWarmAnalyzer.warm:
            time.sleep(1)
            SlowToWarmAnalyzer.warm = True


@pytest.mark.parametrize("workers", [1, 2])
def test_loading_the_analyzer_is_not_charged_to_the_first_document(tmp_path: Path, workers: int) -> None:
    SlowToWarmAnalyzer.warm = False
    (tmp_path / "a.txt").write_text(POLICY, encoding="utf-8")
    summary = scan([tmp_path / "a.txt"], out=tmp_path / "out.jsonl", workers=workers, timeout=0.5,
                   analyzer=partial(SlowToWarmAnalyzer, reference=None))
    assert summary.errors == [] and summary.ok == 1


class BusyAnalyzer(Analyzer):
    """Works (in Python) for a minute on every document: only a time limit stops it."""

    def analyze_file(self, path, *, with_text=False):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pass
        return super().analyze_file(path, with_text=with_text)


def test_the_time_budget_holds_in_a_thread_too(tmp_path: Path) -> None:
    """As in a dask worker's task pool, where no SIGALRM reaches the analysis."""
    (tmp_path / "a.txt").write_text(POLICY, encoding="utf-8")
    results = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: results.append(
        analyse_path(BusyAnalyzer(reference=None), str(tmp_path / "a.txt"), timeout=0.3)))
    worker.start()
    worker.join(30)
    assert not worker.is_alive() and time.monotonic() - started < 30
    [result] = results
    assert result.error_code == "E021" and "0.3 s" in result.error_reason


def test_a_thread_finishing_in_time_is_never_interrupted_afterwards(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(POLICY, encoding="utf-8")
    analyzer, results = Analyzer(reference=None), []
    analyzer.analyze_file(tmp_path / "a.txt")  # loaded: the timed reading takes milliseconds

    def analyse_then_wait() -> None:
        results.append(analyse_path(analyzer, str(tmp_path / "a.txt"), timeout=0.2))
        deadline = time.monotonic() + 0.6  # past the budget, outside the limit: nothing may be raised here
        while time.monotonic() < deadline:
            pass
        results.append("after")

    worker = threading.Thread(target=analyse_then_wait)
    worker.start()
    worker.join(30)
    assert results[0].ok and results[1] == "after"
