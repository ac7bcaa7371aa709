"""Batch scanning: many documents in, one table out (JSONL, CSV or Parquet).

``scan`` analyses every document it finds, records each result in a ``Store``
as it finishes and never lets one bad file stop the batch: a failure (a
missing path, a FIFO, an unsupported or broken file, a document over the time
budget) becomes an error row (path, code, reason) in every output format.
Files inside folders that are not documents are passed over and listed.
Outputs are written to a temporary file beside them and moved into place only
when complete. ``nlp.distributed`` runs the same analysis on a dask.distributed cluster.

The pieces a distributed runner reuses: ``list_documents`` (what to scan),
``analyse_path`` (one path to one result row, never raising) and
``write_output``/``write_errors`` (the writers).
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import multiprocessing
import os
import signal
import stat
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from nlp.errors import (AnalysisFailed, AnalysisTimeout, DocumentNotFound, DocumentTooLarge, JPolicyError,
                        NotARegularFile, PathLike, UnsupportedFormat)
from nlp.ingest import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES
from nlp.ingest.warc import PageAnalyzer, expand_archives, is_archive, is_member, read_page, skipped_summary
from nlp.compare.requirements import load_profile
from nlp.pipeline import Analyzer
from nlp.records import checked_result, result_line
from nlp.sanitize import csv_cell
from nlp.schema import PolicyRecord
from nlp.store import DocumentResult, Store, default_store_path, exclusive_lock

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

STDIO = "-"
OUTPUT_SUFFIXES = (".jsonl", ".csv", ".parquet")
DEFAULT_TIMEOUT = 60.0
TABLE_COLUMNS = (
    "path", "sha256", "status", "error_code", "error_reason", "format", "kind", "organization",
    "chars", "purposes_count", "data_items_count", "exceptions_count", "joint_use_count",
    "purposes", "data_items", "exceptions", "foreign_transfer", "joint_use_parties", "reference",
)
LIST_COLUMNS = ("purposes", "data_items", "exceptions", "joint_use_parties")
#: Parquet only: the evidence of every label (list of structs) and the whole record as JSON.
PARQUET_ONLY_COLUMNS = ("evidence", "record")
#: Statuses as tables write them: pandas reads ``n/a`` as NaN.
TABLE_STATUS = {"n/a": "not_applicable"}
_IN_FLIGHT_PER_WORKER = 4
WARM_UP_TEXT = "当社は、お客様の氏名とメールアドレスを、商品の発送のために利用します。"


class DocumentAnalyzer(Protocol):
    def analyze_file(self, path: str | Path, *, with_text: bool = False) -> PolicyRecord: ...


AnalyzerFactory = Callable[[], DocumentAnalyzer]


@dataclass(frozen=True)
class ScanProgress:
    """Sent to the progress callback after each document (and once at the start)."""

    done: int
    total: int
    failed: int


@dataclass
class ScanSummary:
    """What a scan did: ``ok`` analysed now, ``skipped`` unchanged since a
    previous run (``resume``), ``errors`` the documents that failed,
    ``passed_over`` files inside folders that are not documents, ``notes``
    anything the user should know (a damaged store moved aside)."""

    out: Path
    store: Path | None
    total: int = 0
    ok: int = 0
    skipped: int = 0
    errors: list[DocumentResult] = field(default_factory=list)
    passed_over: list[DocumentResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)

    def count(self, result: DocumentResult) -> None:
        if result.ok:
            self.ok += 1
        else:
            self.errors.append(result)


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jpolicy")
    except PackageNotFoundError:
        from nlp import __version__

        return __version__


def analysis_fingerprint(reference: str | Path | None = None, resources: Sequence[PathLike] = ()) -> str:
    """What makes two runs' records comparable: the package version, the
    reference (and a reference file's bytes) and the resource files' bytes.
    ``scan(resume=True)`` re-analyses documents stored with another fingerprint."""
    parts = [f"jpolicy {package_version()}", f"reference {reference}"]
    files = [Path(reference)] if reference is not None and Path(reference).is_file() else []
    files += [path for folder in resources for path in sorted(Path(folder).glob("*.yaml"))]
    parts += [f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}" for path in files]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


# --- what to scan -----------------------------------------------------------

@dataclass(frozen=True)
class DocumentList:
    """``documents`` to analyse, in order (every path named explicitly is one,
    so that a missing or special file becomes an error row); ``passed_over``:
    files inside folders that are not documents, with the reason."""

    documents: list[str]
    passed_over: list[DocumentResult]
    skipped_records: Counter[str] = field(default_factory=Counter)


def list_documents(paths: Iterable[PathLike]) -> DocumentList:
    """Every document under ``paths``, once each, as absolute paths (``-``,
    standard input, stays ``-``). Folders are walked in sorted order, skipping
    hidden entries; inside them, files of unsupported types, links to
    folders and folders that cannot be listed are passed over (unless also
    named explicitly), and folders named
    like documents (``z.txt/``) are listed as documents so that the scan
    names them."""
    documents: dict[str, None] = {}
    passed_over: dict[str, DocumentResult] = {}
    for path, reason in _entries(paths):
        if reason is None:
            documents.setdefault(path)
        else:
            code, why = reason
            passed_over.setdefault(path, DocumentResult(path, None, error_code=code, error_reason=why))
    skipped_records: Counter[str] = Counter()
    pages = list(expand_archives(documents, skipped_records))  # a web crawl archive: one document per page
    return DocumentList(pages, [result for path, result in passed_over.items() if path not in documents],
                        skipped_records)


def iter_documents(paths: Iterable[PathLike]) -> Iterator[Path]:
    """The documents of ``list_documents`` as paths."""
    yield from map(Path, list_documents(paths).documents)


def _entries(paths: Iterable[PathLike]) -> Iterator[tuple[str, tuple[str, str] | None]]:
    for given in paths:
        if str(given) == STDIO:
            yield STDIO, None
            continue
        path = Path(given).absolute()
        if path.is_dir():
            yield from _walk(path)
        else:
            yield str(path), None


def _walk(folder: Path) -> Iterator[tuple[str, tuple[str, str] | None]]:
    unreadable: list[OSError] = []
    for root, dirnames, filenames in os.walk(folder, onerror=unreadable.append):
        while unreadable:
            error = unreadable.pop(0)
            yield str(error.filename), (DocumentNotFound.code, f"cannot list the folder ({error.strerror})")
        descend, odd = [], []
        for name in sorted(dirnames):
            full = Path(root, name)
            if name.startswith("."):
                continue
            if full.is_symlink():
                odd.append((str(full), (NotARegularFile.code, "a link to a folder; links are not followed")))
            elif _is_document_name(name):
                odd.append((str(full), None))  # the scan names it as a directory, not a document
            else:
                descend.append(name)
        dirnames[:] = descend
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = str(Path(root, name))
            yield full, None if _is_document_name(name) else (UnsupportedFormat.code, _unsupported(Path(name)))
        yield from odd
    for error in unreadable:
        yield str(error.filename), (DocumentNotFound.code, f"cannot list the folder ({error.strerror})")


def _is_document_name(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES or is_archive(name)


def _unsupported(path: Path) -> str:
    kind = f"unsupported file type {path.suffix!r}" if path.suffix else "the file name has no suffix"
    return f"not a document: {kind}; supported: {', '.join(SUPPORTED_SUFFIXES)}"


# --- one document -------------------------------------------------------------

def document_sha256(path: PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The sha256 of a document file, once it is known to be a regular file
    with a supported suffix within the size limit: FIFOs, devices, sockets,
    directories and links to them are refused before anything is opened for
    reading (``NotARegularFile``), as are missing paths (``DocumentNotFound``),
    other suffixes (``UnsupportedFormat``) and large files (``DocumentTooLarge``).
    A page of a web crawl archive (``crawl.warc.gz#1234``) has its payload's sha256."""
    if is_member(path) or is_archive(path):
        return read_page(str(path)).sha256
    path = Path(path)
    check_document(path, max_bytes=max_bytes)
    try:  # non-blocking: a FIFO swapped in since the stat must not hang the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise DocumentNotFound(path, f"cannot open the file ({error.strerror})") from error
    with os.fdopen(fd, "rb") as file:
        _check_regular(path, os.fstat(fd).st_mode)
        digest = hashlib.sha256()
        try:
            for block in iter(partial(file.read, 1 << 20), b""):
                digest.update(block)
        except OSError as error:
            raise DocumentNotFound(path, f"cannot read the file ({error.strerror})") from error
    return digest.hexdigest()


def check_document(path: PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse, from its metadata alone, what ``document_sha256`` refuses
    before reading: a missing path, a special file, another suffix, a large file."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError as error:
        raise DocumentNotFound(path, _missing(path, error)) from error
    _check_regular(path, info.st_mode)
    if not _is_document_name(path.name):
        raise UnsupportedFormat(path, _unsupported(path))
    if info.st_size > max_bytes:
        raise DocumentTooLarge(path, f"the file is {info.st_size:,} bytes; the limit is {max_bytes:,} bytes")


def _sha256_if_readable(path: str) -> str | None:
    try:
        return document_sha256(path)
    except JPolicyError:
        return None


def _missing(path: Path, error: OSError) -> str:
    if path.is_symlink():
        return f"a broken symbolic link (to {os.readlink(path)})"
    return "no such file or directory" if isinstance(error, FileNotFoundError) else \
        f"cannot read the file ({error.strerror})"


_FILE_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"))


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "a special file")
    link = f"a symbolic link to {os.readlink(path)}, which is " if path.is_symlink() else ""
    raise NotARegularFile(path, f"{link}{kind}, not a regular file; skipped without reading it")


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in an analyzer swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_OutOfTime`` inside the block after ``seconds`` (0: no limit).
    In a process's main thread (the scan's, or a worker's) SIGALRM raises it,
    interrupting a sleep or a long regular-expression search too. In any
    other thread (a dask worker's task pool) a timer thread raises it in this
    thread (``PyThreadState_SetAsyncExc``) at its next Python instruction, so
    a single call into C that never returns is not cut short there."""
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread():
        yield from _alarm(seconds)
    else:
        yield from _thread_alarm(seconds)


def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _thread_alarm(seconds: float) -> Iterator[None]:
    target, lock, state = threading.get_ident(), threading.Lock(), {"inside": True}

    def expire() -> None:
        with lock:  # never raised once the block is left
            if state["inside"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_OutOfTime))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        try:
            with lock:
                state["inside"] = False
        finally:
            timer.cancel()


def analyse_one(analyzer: DocumentAnalyzer, path: str, sha256: str | None, *,
                with_text: bool = False, timeout: float = 0) -> DocumentResult:
    """Analyse one file within ``timeout`` seconds; any error becomes a failed
    result instead of an exception. An error about another file (a reference
    policy, say) names that file. Without ``sha256``, the result has the
    record's (that of the bytes the analyzer read), or the file's if it fails."""
    try:
        with time_limit(timeout):
            record = analyzer.analyze_file(path, with_text=with_text)
    except _OutOfTime:
        return _failed(path, sha256 or _sha256_if_readable(path), AnalysisTimeout(
            path, f"timeout: the analysis took longer than {timeout:g} s (--timeout); skipped"))
    except JPolicyError as error:
        return _failed(path, sha256 or _sha256_if_readable(path), error)
    except Exception as error:  # one bad file must never stop the batch
        detail = f": {error}" if str(error) else ""
        return _failed(path, sha256 or _sha256_if_readable(path),
                       AnalysisFailed(path, f"unexpected {type(error).__name__}{detail}"))
    return DocumentResult(path, sha256 or record.source.sha256, record_json=record.model_dump_json())


def analyse_path(analyzer: DocumentAnalyzer, path: str, *, with_text: bool = False, timeout: float = 0,
                 read_from: str | None = None) -> DocumentResult:
    """One path to one result row, never raising: the file is checked and
    hashed (``document_sha256``), then analysed within ``timeout`` seconds.
    An ``Analyzer`` reads a file or archived page once: it is checked from
    its metadata only, and the record carries the sha256 of what was read.
    ``read_from`` is the file to read when it differs from the ``path`` to
    report (standard input saved to a temporary file)."""
    file = read_from or path
    reads_once = isinstance(analyzer, Analyzer) and not is_archive(file)
    try:
        if not reads_once:
            sha256 = document_sha256(file)
        else:
            sha256 = None
            if not is_member(file):
                check_document(file)
    except JPolicyError as error:
        return _failed(path, None, error)
    result = analyse_one(PageAnalyzer(analyzer) if is_member(file) else analyzer, file, sha256,
                         with_text=with_text, timeout=timeout)
    if read_from is None:
        return result
    renamed = _renamed_record(result.record_json, path) if result.ok else None
    return replace(result, path=path, record_json=renamed)


def _renamed_record(record_json: str, path: str) -> str:
    record = PolicyRecord.model_validate_json(record_json)
    return record.model_copy(update={"source": record.source.model_copy(update={"path": path})}).model_dump_json()


def _failed(path: str, sha256: str | None, error: JPolicyError) -> DocumentResult:
    elsewhere = error.path is not None and Path(error.path) != Path(path)
    reason = f"{error.path}: {error.reason}" if elsewhere else error.reason
    return DocumentResult(path, sha256, error_code=error.code, error_reason=reason)


# --- the scan -----------------------------------------------------------------

def scan(
    paths: Iterable[PathLike],
    *,
    out: PathLike,
    analyzer: AnalyzerFactory = Analyzer,
    store: PathLike | None = None,
    resume: bool = False,
    workers: int = 1,
    with_text: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    fingerprint: str | None = None,
    progress: Callable[[ScanProgress], None] | None = None,
) -> ScanSummary:
    """Analyse every document under ``paths`` and write the results to ``out``.

    ``analyzer`` builds the analyzer: it is called once here, or once in each of
    ``workers`` processes (then it must be picklable, e.g.
    ``functools.partial(Analyzer, reference=None)``; where the workers are
    forked it is also called once here first, so that they inherit what it
    loads). Each document gets
    ``timeout`` seconds (0: no limit). Results go to ``store`` (default
    ``<out>.jpolicy.sqlite``) as they finish; a ``.jsonl`` output is streamed
    to ``<out>.partial`` meanwhile. At the end ``out`` is replaced, in one
    move, by every result in document order. ``out`` ``-`` streams JSONL to
    standard output (the store is then temporary unless given); a path ``-``
    reads one document from standard input.

    With ``resume``, documents stored ``ok`` with the same sha256 and the same
    ``fingerprint`` (default: the package version; ``analysis_fingerprint``
    adds the reference and resources) are not analysed again. Another scan
    holding the output or store raises ``OutputBusy``.
    """
    to_stdout = str(out) == STDIO
    out = Path(out) if to_stdout else _checked_output(out)
    fingerprint = fingerprint or analysis_fingerprint()
    listing = list_documents(paths)
    with ExitStack() as stack:
        temporary_store = store is None and to_stdout
        if temporary_store:
            store = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jpolicy-"))) / "scan.sqlite"
        store = Path(store) if store else default_store_path(out)
        summary = ScanSummary(out=out, store=None if temporary_store else store, total=len(listing.documents),
                              passed_over=listing.passed_over)
        if listing.skipped_records:
            summary.notes.append(skipped_summary(listing.skipped_records))
        if not to_stdout:
            stack.enter_context(exclusive_lock(out))
        store.parent.mkdir(parents=True, exist_ok=True)
        stack.enter_context(exclusive_lock(store))
        results = stack.enter_context(Store(store))
        if results.moved_aside:
            summary.notes.append(f"the store {store} was damaged ({results.damage}); it was moved to "
                                 f"{results.moved_aside} and every document is analysed again")
        read_from = _stdin_file(stack) if STDIO in listing.documents else {}
        if progress:
            progress(ScanProgress(0, summary.total, 0))
        stream = stack.enter_context(_record_stream(out))

        checked: set[str] = set()  # rows analysed or checked in this run: not validated again at the end

        def finished(result: DocumentResult) -> None:
            checked.add(result.path)
            stream(result)
            if progress:
                progress(ScanProgress(summary.ok + summary.skipped + summary.failed, summary.total, summary.failed))

        def reused(result: DocumentResult) -> None:
            summary.skipped += 1
            finished(result)

        previous = results if resume else None
        queue = _to_analyse(listing.documents, previous, fingerprint, read_from, reused)
        for result in _analyse(queue, analyzer, workers, with_text, timeout, read_from):
            result = replace(result, fingerprint=fingerprint)
            results.save(result)
            summary.count(result)
            finished(result)
        if not to_stdout and not (stream.paths == listing.documents and stream.publish(out)):
            # written out of order (workers), or a table: the output is written again from the store
            write_output((row if (row := results.get(path)) and path in checked else checked_result(row or _lost(path))
                          for path in listing.documents), out)
            _partial(out).unlink(missing_ok=True)
    return summary


def _checked_output(out: PathLike) -> Path:
    out = Path(out)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UnsupportedFormat(out, f"the output must end in {', '.join(OUTPUT_SUFFIXES)} (or be - for stdout)")
    if out.is_dir():
        raise UnsupportedFormat(out, "the output is a directory; give a file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _stdin_file(stack: ExitStack) -> dict[str, str]:
    """Standard input saved to a temporary file, as the file to read for ``-``."""
    return {STDIO: str(stack.enter_context(stdin_as_file()))}


@contextmanager
def stdin_as_file() -> Iterator[Path]:
    """Standard input saved to a temporary ``.txt`` file (read like any text
    file: its encoding detected), removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="jpolicy-stdin-") as folder:
        saved = Path(folder) / "stdin.txt"
        saved.write_bytes(sys.stdin.buffer.read())
        yield saved


def _lost(path: str) -> DocumentResult:
    return DocumentResult(path, None, error_code=AnalysisFailed.code, error_reason="no result was stored")


def _to_analyse(documents: Iterable[str], previous: Store | None, fingerprint: str, read_from: dict[str, str],
                reused: Callable[[DocumentResult], None]) -> Iterator[str]:
    """The documents to analyse; those ``ok`` in ``previous`` with a valid
    record, the same fingerprint and the same sha256 go to ``reused`` instead."""
    for path in documents:
        stored = previous.get(path) if previous else None
        if stored and stored.ok and stored.fingerprint == fingerprint and checked_result(stored).ok:
            try:
                unchanged = document_sha256(read_from.get(path, path)) == stored.sha256
            except JPolicyError:
                unchanged = False
            if unchanged:
                reused(stored)
                continue
        yield path


def _analyse(queue: Iterable[str], analyzer: AnalyzerFactory, workers: int, with_text: bool, timeout: float,
             read_from: dict[str, str]) -> Iterator[DocumentResult]:
    """Results in the order they finish; a bounded number of documents in flight."""
    if workers <= 1:
        built: DocumentAnalyzer | None = None
        with ExitStack() as stack:
            for path in queue:
                if built is None:
                    built = _ready(analyzer)
                    stack.enter_context(_frozen_heap())  # the analyzer's set-up lives as long as the scan
                yield analyse_path(built, path, with_text=with_text, timeout=timeout, read_from=read_from.get(path))
        return
    queue = iter(queue)
    first = next(queue, None)
    if first is None:  # nothing to analyse (all reused): no analyzer, no pool
        return
    context = multiprocessing.get_context()
    with ExitStack() as stack:
        if context.get_start_method() == "fork":
            _warm_before_fork(analyzer)
            stack.enter_context(_frozen_heap())
        pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                                       initargs=(analyzer,)))
        pending: set[Future[DocumentResult]] = set()
        for path in chain([first], queue):
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
            pending.add(pool.submit(_analyse_in_worker, path, with_text, timeout, read_from.get(path)))
        yield from (future.result() for future in as_completed(pending))


def _warm_before_fork(factory: AnalyzerFactory) -> None:
    """Build and warm one analyzer in this process just before the pool forks,
    so that the workers inherit what an analyzer loads on first use (spaCy,
    the compiled vocabularies) rather than each loading it again: that set-up
    is done once instead of once per worker, in CPU time and in memory (the
    workers share those pages copy-on-write). Each worker still calls
    ``factory`` for its own analyzer, which then takes milliseconds. Best
    effort: a factory that fails here fails again in every worker, which
    reports it as a broken pool."""
    try:
        _ready(factory)
    except Exception:  # noqa: BLE001 (reported by the workers)
        pass


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """``gc.freeze()`` while a scan runs: the analyzer's set-up (and, with a
    pool, what the workers inherit) is left out of garbage collections, which
    would otherwise walk it all again and again (and copy its pages in the
    workers). Left alone if something else in this process has frozen objects."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


_worker_analyzer: DocumentAnalyzer  # set in each pool process by _start_worker


def _start_worker(analyzer: AnalyzerFactory) -> None:
    global _worker_analyzer
    _worker_analyzer = _ready(analyzer)


def _ready(factory: AnalyzerFactory) -> DocumentAnalyzer:
    """A new analyzer that has analysed one sentence, so that its resources
    are loaded before the first document's time budget starts."""
    analyzer = factory()
    warm_up = getattr(analyzer, "analyze_text", None)
    if callable(warm_up):
        warm_up(WARM_UP_TEXT)
    return analyzer


def _analyse_in_worker(path: str, with_text: bool, timeout: float, read_from: str | None) -> DocumentResult:
    return analyse_path(_worker_analyzer, path, with_text=with_text, timeout=timeout, read_from=read_from)


# --- outputs ------------------------------------------------------------------

def _partial(out: Path) -> Path:
    return out.with_name(out.name + ".partial")


class RecordStream:
    """Each result written as it finishes, as a JSONL line: to standard output
    for ``-``, to ``<out>.partial`` for a ``.jsonl`` output, nowhere for a
    table. ``paths`` are the documents written, in order."""

    def __init__(self, file: TextIO | None):
        self.file = file
        self.paths: list[str] = []

    def __call__(self, result: DocumentResult) -> None:
        self.paths.append(result.path)
        if self.file is not None:
            self.file.write(result_line(result) + "\n")
            self.file.flush()

    def publish(self, out: Path) -> bool:
        """Make the partial file ``out`` (durably, in one move); False when there is none."""
        if self.file is None or self.file is sys.stdout:
            return False
        self.file.flush()
        os.fsync(self.file.fileno())
        os.replace(_partial(out), out)
        return True


@contextmanager
def _record_stream(out: Path) -> Iterator[RecordStream]:
    if str(out) == STDIO:
        yield RecordStream(sys.stdout)
        return
    if out.suffix.lower() != ".jsonl":
        yield RecordStream(None)
        return
    with _partial(out).open("w", encoding="utf-8") as file:
        yield RecordStream(file)


def write_output(results: Iterable[DocumentResult], out: Path) -> None:
    """Replace ``out`` with the results, one per document, failures included:
    JSON lines (a record, or an error row), or a CSV or Parquet table. The
    file is written beside ``out`` and moved into place only when complete."""
    out = Path(out)
    suffix = out.suffix.lower()
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".jsonl":
            with temporary.open("w", encoding="utf-8") as file:
                file.writelines(result_line(result) + "\n" for result in results)
        elif suffix == ".csv":
            with temporary.open("w", encoding="utf-8-sig", newline="") as file:
                for number, chunk in enumerate(_chunks(results)):
                    csv_table(results_table(chunk)).to_csv(file, index=False, header=number == 0)
        else:
            import pyarrow.parquet as pq

            with pq.ParquetWriter(temporary, parquet_table([]).schema) as writer:
                for chunk in _chunks(results):
                    writer.write_table(parquet_table(chunk))
        with temporary.open("rb") as file:
            os.fsync(file.fileno())
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)


def write_errors(errors: Iterable[DocumentResult], path: PathLike, *, status: str = "error",
                 append: bool = False) -> None:
    """One JSON object per failed (or passed-over) file: path, sha256, status, code, reason."""
    with open(path, "a" if append else "w", encoding="utf-8") as file:
        for error in errors:
            line = {"path": error.path, "sha256": error.sha256, "status": status, "code": error.error_code,
                    "reason": error.error_reason}
            file.write(json.dumps(line, ensure_ascii=False) + "\n")


def results_table(results: Iterable[DocumentResult]) -> pd.DataFrame:
    """One row per document: the columns of ``TABLE_COLUMNS`` (label columns
    as lists), the ``PARQUET_ONLY_COLUMNS``, then one column per compliance
    requirement (``R01`` …) holding its status (``not_applicable`` for n/a)."""
    import pandas as pd  # only the table outputs need pandas

    rows, requirements = _table_rows(results)
    table = pd.DataFrame(rows, columns=[*TABLE_COLUMNS, *PARQUET_ONLY_COLUMNS, *requirements])
    counts = [column for column in TABLE_COLUMNS if column == "chars" or column.endswith("_count")]
    return table.astype({**dict.fromkeys(counts, "Int64"), "foreign_transfer": "boolean"})


def csv_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table for CSV: label lists joined with ``;``, no evidence or record
    column, every text cell made inert for spreadsheets (``csv_cell``)."""
    table = table.drop(columns=list(PARQUET_ONLY_COLUMNS))
    for column in LIST_COLUMNS:
        table[column] = [";".join(labels) if isinstance(labels, list) else None for labels in table[column]]
    text_columns = [column for column in table.columns if table[column].dtype == object]
    for column in text_columns:
        table[column] = table[column].map(csv_cell)
    return table


def parquet_table(results: Iterable[DocumentResult]) -> pa.Table:
    """The table for Parquet: typed columns, labels as ``list<string>``,
    evidence as a list of structs, the record as JSON, statuses as text."""
    import pyarrow as pa

    rows, requirements = _table_rows(results)
    schema = pa.schema([*_parquet_fields(pa), *(pa.field(name, pa.string()) for name in requirements)])
    return pa.Table.from_pylist(rows, schema=schema)


TABLE_CHUNK = 100  # rows built and written at a time, so memory stays flat in the number of documents
REQUIREMENT_COLUMNS = tuple(sorted(load_profile("appi-2022")))


def _chunks(results: Iterable[DocumentResult], size: int = TABLE_CHUNK) -> Iterator[list[DocumentResult]]:
    """``results`` in lists of ``size``; at least one (possibly empty) list."""
    chunk: list[DocumentResult] = []
    yielded = False
    for result in results:
        chunk.append(result)
        if len(chunk) == size:
            yield chunk
            chunk, yielded = [], True
    if chunk or not yielded:
        yield chunk


def _table_rows(results: Iterable[DocumentResult]) -> tuple[list[dict[str, object]], list[str]]:
    """Rows and the requirement columns: every requirement of the built-in
    profile, so that tables written in chunks share one set of columns."""
    return [_table_row(result) for result in results], list(REQUIREMENT_COLUMNS)


def _parquet_fields(pa) -> list[pa.Field]:
    text, count, labels = pa.string(), pa.int64(), pa.list_(pa.string())
    evidence = pa.list_(pa.struct([("field", text), ("label", text), ("span", pa.list_(count)), ("text", text),
                                   ("score", pa.float64()), ("explanation", text)]))
    types = {"chars": count, "purposes_count": count, "data_items_count": count, "exceptions_count": count,
             "joint_use_count": count, "foreign_transfer": pa.bool_(), "evidence": evidence,
             **dict.fromkeys(LIST_COLUMNS, labels)}
    return [pa.field(name, types.get(name, text)) for name in (*TABLE_COLUMNS, *PARQUET_ONLY_COLUMNS)]


def _table_row(result: DocumentResult) -> dict[str, object]:
    row: dict[str, object] = {
        "path": result.path, "sha256": result.sha256, "status": "ok" if result.ok else "error",
        "error_code": result.error_code, "error_reason": result.error_reason,
    }
    if not result.ok:
        return row
    record = json.loads(result.record_json)
    third_party = record["third_party"]
    found = {
        "purposes": [(p["category"], p["evidence"]) for p in record["purposes"]],
        "data_items": [(d["item"], d["evidence"]) for d in record["data_items"]],
        "exceptions": [(e["category"], e["evidence"]) for e in third_party["exceptions"]],
        "joint_use_parties": [(p["name"], p["evidence"]) for j in record["joint_use"] for p in j["parties"]],
    }
    row.update(
        format=record["source"]["format"], kind=record["kind"], organization=record["organization"]["name"],
        chars=record["source"]["chars"], purposes_count=len(found["purposes"]),
        data_items_count=len(found["data_items"]), exceptions_count=len(found["exceptions"]),
        joint_use_count=len(record["joint_use"]), foreign_transfer=third_party["foreign_transfer"]["present"],
        reference=record.get("reference"), record=result.record_json,
        evidence=[{"field": name, "label": label, "span": list(evidence["span"]), "text": evidence["text"],
                   "score": evidence.get("score"), "explanation": evidence.get("explanation")}
                  for name, values in found.items() for label, evidence in values],
        **{name: sorted({label for label, _ in values}) for name, values in found.items()},
    )
    row.update({c["requirement"]: TABLE_STATUS.get(c["status"], c["status"]) for c in record["compliance"]})
    return row
