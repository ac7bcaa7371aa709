"""Batch scanning: many documents in, one table out (JSONL, CSV or Parquet).

``scan`` analyses every document it finds, records each result in a ``Store``
as it finishes and never lets one bad file stop the batch: a failure becomes an
error row (path, code, reason). ``scan_with_dask`` runs the same analysis on a
dask bag.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from nlp.errors import DocumentNotFound, JPolicyError, PathLike, UnsupportedFormat
from nlp.ingest import SUPPORTED_SUFFIXES
from nlp.pipeline import Analyzer, default_analyzer
from nlp.schema import PolicyRecord
from nlp.store import DocumentResult, Store, default_store_path

if TYPE_CHECKING:
    import dask.bag
    import pandas as pd

OUTPUT_SUFFIXES = (".jsonl", ".csv", ".parquet")
TABLE_COLUMNS = (
    "path", "sha256", "status", "error_code", "error_reason", "format", "kind", "organization",
    "chars", "purposes_count", "data_items_count", "exceptions_count", "joint_use_count",
    "purposes", "data_items", "exceptions", "foreign_transfer", "joint_use_parties", "reference",
)
_IN_FLIGHT_PER_WORKER = 4


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
    previous run (``resume``), ``failed`` with their errors."""

    out: Path
    store: Path | None
    total: int = 0
    ok: int = 0
    skipped: int = 0
    errors: list[DocumentResult] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)

    def count(self, result: DocumentResult) -> None:
        if result.ok:
            self.ok += 1
        else:
            self.errors.append(result)


def iter_documents(paths: Iterable[PathLike]) -> Iterator[Path]:
    """Every document under ``paths``, once each, as absolute paths. Folders are
    walked in sorted order, skipping hidden entries and unsupported suffixes;
    files named explicitly are always yielded (an unsupported one then fails
    with its own error). A missing path raises ``DocumentNotFound``."""
    seen: set[Path] = set()
    for given in map(Path, paths):
        if not given.exists():
            raise DocumentNotFound(given, "no such file or directory")
        for path in _walk(given.absolute()) if given.is_dir() else [given.absolute()]:
            if path not in seen:
                seen.add(path)
                yield path


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root, name)


def file_sha256(path: PathLike) -> str | None:
    """The sha256 of the file's bytes, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for block in iter(partial(file.read, 1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def analyse_one(analyzer: DocumentAnalyzer, path: str, sha256: str | None, *,
                with_text: bool = False) -> DocumentResult:
    """Analyse one file; any error becomes a failed result instead of an exception.
    An error about another file (a reference policy, say) names that file."""
    try:
        record = analyzer.analyze_file(path, with_text=with_text)
    except JPolicyError as error:
        elsewhere = error.path is not None and Path(error.path) != Path(path)
        reason = f"{error.path}: {error.reason}" if elsewhere else error.reason
        return DocumentResult(path, sha256, error_code=error.code, error_reason=reason)
    except Exception as error:  # one bad file must never stop the batch
        return DocumentResult(path, sha256, error_code=type(error).__name__, error_reason=str(error))
    return DocumentResult(path, sha256, record_json=record.model_dump_json())


def scan(
    paths: Iterable[PathLike],
    *,
    out: PathLike,
    analyzer: AnalyzerFactory = Analyzer,
    store: PathLike | None = None,
    resume: bool = False,
    workers: int = 1,
    with_text: bool = False,
    progress: Callable[[ScanProgress], None] | None = None,
) -> ScanSummary:
    """Analyse every document under ``paths`` and write the results to ``out``.

    ``analyzer`` builds the analyzer: it is called once here, or once in each of
    ``workers`` processes (then it must be picklable, e.g.
    ``functools.partial(Analyzer, reference=None)``). Results go to ``store``
    (default ``<out>.jpolicy.sqlite``) as they finish; a ``.jsonl`` output is
    also streamed. At the end ``out`` is rewritten from the store in document
    order. With ``resume``, documents already ``ok`` with the same sha256 are
    not analysed again.
    """
    out = _checked_output(out)
    documents = [str(path) for path in iter_documents(paths)]
    summary = ScanSummary(out=out, store=Path(store) if store else default_store_path(out), total=len(documents))
    if progress:
        progress(ScanProgress(0, summary.total, 0))
    with Store(summary.store) as results:
        with _record_stream(out) as stream:
            def finished(result: DocumentResult) -> None:
                stream(result)
                if progress:
                    done = summary.ok + summary.skipped + summary.failed
                    progress(ScanProgress(done, summary.total, summary.failed))

            def reused(result: DocumentResult) -> None:
                summary.skipped += 1
                finished(result)

            queue = _to_analyse(documents, results if resume else None, reused)
            for result in _analyse(queue, analyzer, workers, with_text):
                results.save(result)
                summary.count(result)
                finished(result)
        write_output((stored for stored in map(results.get, documents) if stored), out)
    return summary


def _checked_output(out: PathLike) -> Path:
    out = Path(out)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UnsupportedFormat(out, f"the output must end in {', '.join(OUTPUT_SUFFIXES)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _to_analyse(documents: Iterable[str], previous: Store | None,
                reused: Callable[[DocumentResult], None]) -> Iterator[tuple[str, str | None]]:
    """The documents to analyse, with their sha256; those ``ok`` in ``previous``
    with the same sha256 go to ``reused`` instead."""
    for path in documents:
        sha256 = file_sha256(path)
        stored = previous.get(path) if previous and sha256 else None
        if stored and stored.ok and stored.sha256 == sha256:
            reused(stored)
        else:
            yield path, sha256


def _analyse(queue: Iterable[tuple[str, str | None]], analyzer: AnalyzerFactory, workers: int,
             with_text: bool) -> Iterator[DocumentResult]:
    """Results in the order they finish; a bounded number of documents in flight."""
    if workers <= 1:
        built: DocumentAnalyzer | None = None
        for path, sha256 in queue:
            if built is None:
                built = analyzer()
            yield analyse_one(built, path, sha256, with_text=with_text)
        return
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(analyzer,)) as pool:
        pending: set[Future[DocumentResult]] = set()
        for path, sha256 in queue:
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
            pending.add(pool.submit(_analyse_in_worker, path, sha256, with_text))
        yield from (future.result() for future in as_completed(pending))


_worker_analyzer: DocumentAnalyzer  # set in each pool process by _start_worker


def _start_worker(analyzer: AnalyzerFactory) -> None:
    global _worker_analyzer
    _worker_analyzer = analyzer()


def _analyse_in_worker(path: str, sha256: str | None, with_text: bool) -> DocumentResult:
    return analyse_one(_worker_analyzer, path, sha256, with_text=with_text)


@contextmanager
def _record_stream(out: Path) -> Iterator[Callable[[DocumentResult], None]]:
    """A writer that appends each ok record to a ``.jsonl`` output at once."""
    if out.suffix.lower() != ".jsonl":
        yield lambda result: None
        return
    with out.open("w", encoding="utf-8") as file:
        def write(result: DocumentResult) -> None:
            if result.ok:
                file.write(result.record_json + "\n")
                file.flush()
        yield write


def write_output(results: Iterable[DocumentResult], out: Path) -> None:
    """Replace ``out`` with the results: ok records one per line (``.jsonl``),
    or a table with a row per document, failures included (``.csv``, ``.parquet``)."""
    partial_out = out.with_name(out.name + ".partial")
    suffix = out.suffix.lower()
    if suffix == ".jsonl":
        with partial_out.open("w", encoding="utf-8") as file:
            file.writelines(result.record_json + "\n" for result in results if result.ok)
    elif suffix == ".csv":
        results_table(results).to_csv(partial_out, index=False, encoding="utf-8-sig")
    else:
        results_table(results).to_parquet(partial_out, index=False)
    os.replace(partial_out, out)


def write_errors(errors: Iterable[DocumentResult], path: PathLike) -> None:
    """One JSON object per failed document: path, sha256, code, reason."""
    with open(path, "w", encoding="utf-8") as file:
        for error in errors:
            line = {"path": error.path, "sha256": error.sha256, "code": error.error_code, "reason": error.error_reason}
            file.write(json.dumps(line, ensure_ascii=False) + "\n")


def results_table(results: Iterable[DocumentResult]) -> pd.DataFrame:
    """One row per document: the columns of ``TABLE_COLUMNS``, then one column
    per compliance requirement (``R01`` …) holding its status."""
    import pandas as pd  # only the table outputs need pandas

    rows = [_table_row(result) for result in results]
    requirements = sorted({key for row in rows for key in row} - set(TABLE_COLUMNS))
    table = pd.DataFrame(rows, columns=[*TABLE_COLUMNS, *requirements])
    counts = [column for column in TABLE_COLUMNS if column == "chars" or column.endswith("_count")]
    return table.astype({**dict.fromkeys(counts, "Int64"), "foreign_transfer": "boolean"})


def _table_row(result: DocumentResult) -> dict[str, object]:
    row: dict[str, object] = {
        "path": result.path, "sha256": result.sha256, "status": "ok" if result.ok else "error",
        "error_code": result.error_code, "error_reason": result.error_reason,
    }
    if not result.ok:
        return row
    record = json.loads(result.record_json)
    purposes = [p["category"] for p in record["purposes"]]
    items = [d["item"] for d in record["data_items"]]
    exceptions = [e["category"] for e in record["third_party"]["exceptions"]]
    row.update(
        format=record["source"]["format"], kind=record["kind"], organization=record["organization"]["name"],
        chars=record["source"]["chars"], purposes_count=len(purposes), data_items_count=len(items),
        exceptions_count=len(exceptions), joint_use_count=len(record["joint_use"]),
        purposes=_joined(purposes), data_items=_joined(items), exceptions=_joined(exceptions),
        foreign_transfer=record["third_party"]["foreign_transfer"]["present"],
        joint_use_parties=_joined(p["name"] for j in record["joint_use"] for p in j["parties"]),
        reference=record.get("reference"),
    )
    row.update({c["requirement"]: c["status"] for c in record["compliance"]})
    return row


def _joined(labels: Iterable[str]) -> str:
    return ";".join(sorted(set(labels)))


def scan_with_dask(
    paths: Iterable[PathLike],
    reference: str | Path | None = "appi-2022",
    scheduler: str = "local",
    *,
    out: PathLike,
    with_text: bool = False,
) -> ScanSummary:
    """Like ``scan`` on a dask bag, without store or resume. ``scheduler`` is
    ``local`` (processes), ``threads``, ``synchronous``, or the address of a
    ``dask.distributed`` scheduler (needs ``distributed`` installed)."""
    try:
        import dask.bag
    except ImportError as error:
        raise ImportError("scanning with dask needs dask: pip install 'jpolicy[dask]'") from error
    out = _checked_output(out)
    documents = [str(path) for path in iter_documents(paths)]
    summary = ScanSummary(out=out, store=None, total=len(documents))
    results: Sequence[DocumentResult] = []
    if documents:
        partitions = min(len(documents), 4 * (os.cpu_count() or 1))
        bag = dask.bag.from_sequence(documents, npartitions=partitions).map_partitions(
            _analyse_partition, reference, with_text)
        results = _compute(bag, scheduler)
    for result in results:
        summary.count(result)
    write_output(results, out)
    return summary


def _compute(bag: dask.bag.Bag, scheduler: str) -> list[DocumentResult]:
    if scheduler in ("local", "processes", "threads", "synchronous"):
        return bag.compute(scheduler="processes" if scheduler == "local" else scheduler)
    try:
        from distributed import Client
    except ImportError as error:
        raise ImportError(f"the dask scheduler {scheduler!r} needs dask.distributed: "
                          "pip install distributed") from error
    with Client(scheduler):
        return bag.compute()


def _analyse_partition(paths: list[str], reference: str | Path | None, with_text: bool) -> list[DocumentResult]:
    """Analyse one partition with the analyzer of this process (built once per process)."""
    analyzer = default_analyzer(reference)
    return [analyse_one(analyzer, path, file_sha256(path), with_text=with_text) for path in paths]
