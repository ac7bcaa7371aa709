"""Scans on a dask.distributed cluster: the workers read, analyse and write.

``scan_on_cluster`` lists the inputs (local paths, or fsspec URLs such as
``s3://bucket/prefix``), sends partitions of them to the cluster and only
counts what comes back, so the client never holds the records. Each partition
becomes one Parquet file of the output folder (local, or an fsspec URL)::

    <out>/part-<run>-<n>.parquet   path, sha256, status, error_code, error_reason, record

with a row per document (failures included) and the ``PolicyRecord`` as the
JSON a local scan writes. ``pandas.read_parquet(out)`` or ``read_results(out)``
read the whole dataset. With ``resume``, documents whose path and sha256
already have an ok row are not analysed again, and the rows of documents
analysed again or no longer among the inputs are removed from their old parts
at the end. Without it, the parts of earlier runs are removed first.
"""
from __future__ import annotations

import hashlib
import io
import tempfile
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

try:
    import fsspec
    from fsspec.core import url_to_fs
    from fsspec.utils import get_protocol
except ImportError as missing:
    raise ImportError("scanning on a cluster needs fsspec and dask.distributed: pip install 'jpolicy[dask]'") \
        from missing

from nlp.batch import (DocumentList, ScanProgress, ScanSummary, analyse_one, analyse_path, analysis_fingerprint,
                       document_sha256, list_documents)
from nlp.errors import (ClusterUnavailable, DocumentNotFound, DocumentTooLarge, JPolicyError, PathLike,
                        UnsupportedFormat)
from nlp.ingest import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES
from nlp.ingest.warc import PageAnalyzer, is_archive, iter_pages, skipped_summary
from nlp.pipeline import Analyzer, default_analyzer
from nlp.schema import PolicyRecord
from nlp.store import DocumentResult

if TYPE_CHECKING:
    from distributed import Client
    from fsspec import AbstractFileSystem

PARTITION_SIZE = 16
COLUMNS = ("path", "sha256", "status", "error_code", "error_reason", "fingerprint", "record")
_IN_FLIGHT_PER_THREAD = 2
CONNECT_TIMEOUT = "20s"

Previous = dict[str, tuple[str | None, str]]
"""Earlier rows: path -> (sha256 if it was ok, else None; the part holding the row)."""


@dataclass(frozen=True)
class _Job:
    """What every partition of one scan shares."""

    out: str
    reference: str | None
    fingerprint: str
    with_text: bool
    timeout: float
    storage_options: dict[str, Any]


@dataclass(frozen=True)
class _Partition:
    """``documents`` to analyse into the part ``name``, with the ``previous``
    rows of their paths (an archive's: of its pages)."""

    name: str
    documents: tuple[str, ...]
    previous: Previous


@dataclass
class _PartitionReport:
    """What a worker sends back: counts, failures, and the earlier rows
    (path, part) that this run replaced."""

    ok: int = 0
    skipped: int = 0
    errors: list[DocumentResult] = field(default_factory=list)
    skipped_records: Counter[str] = field(default_factory=Counter)
    replaced: list[tuple[str, str]] = field(default_factory=list)


def scan_on_cluster(
    inputs: Iterable[PathLike],
    *,
    out: str | Path,
    address: str = "local",
    reference: str | None = "appi-2022",
    resume: bool = False,
    with_text: bool = False,
    workers: int | None = None,
    timeout: float = 0,
    storage_options: dict[str, Any] | None = None,
    partition_size: int = PARTITION_SIZE,
    progress: Callable[[ScanProgress], None] | None = None,
) -> ScanSummary:
    """Analyse every document under ``inputs`` on a dask.distributed cluster
    into the Parquet dataset folder ``out`` (see the module docstring).

    ``address`` is a scheduler address (``tcp://host:8786``) or ``local`` for
    a ``LocalCluster`` of ``workers`` processes on this machine. The workers
    need jpolicy installed and must reach the inputs and ``out`` under the same
    names; ``storage_options`` go to fsspec on the client and the workers.
    ``progress`` is called as files are done (a remote archive counts once).
    ``timeout`` limits each document (in dask's task threads it cuts work
    short at its next Python instruction, see ``batch.time_limit``). Rows of an earlier run count
    for ``resume`` if they have the same ``analysis_fingerprint(reference)``.
    """
    options = dict(storage_options or {})
    out = _checked_folder(out)
    fs, root = _filesystem(out, options)
    fs.makedirs(root, exist_ok=True)
    listing = list_inputs(inputs, options)
    summary = ScanSummary(out=out, store=None, total=len(listing.documents), passed_over=listing.passed_over)
    job = _Job(out, reference, analysis_fingerprint(reference), with_text, timeout, options)
    previous, stale = _previous_rows(fs, root, job.fingerprint) if resume else ({}, defaultdict(set))
    if not resume:
        _remove(fs, _part_files(fs, root))
    _remove(fs, fs.glob(f"{root}/.*.partial"))
    skipped_records = Counter(listing.skipped_records)
    with _client(address, workers) as client:
        partitions = _partitions(listing.documents, previous, partition_size)
        for report in _run(client, partitions, job, summary.total, progress):
            summary.ok += report.ok
            summary.skipped += report.skipped
            summary.errors.extend(report.errors)
            skipped_records.update(report.skipped_records)
            for path, part in report.replaced:
                stale[part].add(path)
        for path, (_, part) in previous.items():  # documents no longer among the inputs
            stale[part].add(path)
        client.gather(client.map(_drop_rows, list(stale), [frozenset(paths) for paths in stale.values()],
                                 job=job, pure=False))
    if skipped_records:
        summary.notes.append(skipped_summary(skipped_records))
    return summary


def list_inputs(inputs: Iterable[PathLike], storage_options: dict[str, Any] | None = None) -> DocumentList:
    """Every document under ``inputs``, once each: local paths as a local scan
    lists them (``nlp.batch.list_documents``); fsspec URLs walked in sorted
    order, skipping hidden names, with the files that are not documents passed
    over (an archive stays one entry, read on a worker). A missing URL raises
    ``DocumentNotFound``."""
    inputs = [str(given) for given in inputs]
    local = list_documents([given for given in inputs if _is_local(given)])
    documents = dict.fromkeys(local.documents)
    passed_over = list(local.passed_over)
    for given in inputs:
        if not _is_local(given):
            for url, wanted in _remote_documents(given, dict(storage_options or {})):
                if wanted:
                    documents.setdefault(url)
                else:
                    passed_over.append(DocumentResult(url, None, error_code=UnsupportedFormat.code,
                                                      error_reason="not a document: unsupported file type"))
    return DocumentList(list(documents), passed_over, local.skipped_records)


def read_results(out: str | Path, *, storage_options: dict[str, Any] | None = None) -> Iterator[DocumentResult]:
    """Every row of a cluster scan's output folder, part by part in order."""
    fs, root = _filesystem(str(out), dict(storage_options or {}))
    for part in _part_files(fs, root):
        for row in _read_part(fs, part).to_pylist():
            yield DocumentResult(row["path"], row["sha256"], row["record"], row["error_code"], row["error_reason"],
                                 row["fingerprint"])


# -- the client ---------------------------------------------------------------------------------------------


def _checked_folder(out: str | Path) -> str:
    out = str(out)
    if PurePosixPath(out).suffix.lower() in (".jsonl", ".csv", ".parquet"):
        raise UnsupportedFormat(out, "a cluster scan writes a folder of Parquet parts: give a folder name")
    return out


def _remote_documents(url: str, storage_options: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """The objects under ``url`` and whether each is a document (or archive)."""
    fs, root = _filesystem(url, storage_options)
    root = root.rstrip("/")
    if fs.isfile(root):
        yield url, True
        return
    if not fs.isdir(root):
        raise DocumentNotFound(url, "no such object or prefix")
    for path in sorted(fs.find(root)):
        if not any(part.startswith(".") for part in PurePosixPath(path).relative_to(root).parts):
            yield fs.unstrip_protocol(path), _wanted(path)


def _wanted(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in SUPPORTED_SUFFIXES or is_archive(name)


def _previous_rows(fs: AbstractFileSystem, root: str, fingerprint: str) -> tuple[Previous, defaultdict[str, set[str]]]:
    """The rows of earlier runs (a row of another ``fingerprint`` counts as
    not ok), and the stale ones by part: a path found in two parts (a run
    killed before it removed the older row) keeps the newer."""
    previous: Previous = {}
    stale: defaultdict[str, set[str]] = defaultdict(set)
    names = ["path", "sha256", "status", "fingerprint"]
    for part in _part_files(fs, root):
        table = _read_part(fs, part, columns=names)
        for path, sha256, status, made_by in zip(*(table.column(name).to_pylist() for name in names)):
            if path in previous:
                stale[previous[path][1]].add(path)
            previous[path] = (sha256 if status == "ok" and made_by == fingerprint else None, part)
    return previous, stale


def _partitions(documents: list[str], previous: Previous, size: int) -> Iterator[_Partition]:
    """Partitions of ``size`` files in listing order; an archive read on a
    worker has its own. The earlier rows they take are removed from ``previous``."""
    run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]  # sorts by start
    pages = defaultdict(list)
    for path in previous:
        if _container(path) != path:
            pages[_container(path)].append(path)
    batch: list[str] = []
    number = 0

    def partition() -> _Partition:
        nonlocal number
        number += 1
        paths = [path for document in batch for path in [document, *pages.pop(document, [])] if path in previous]
        rows = {path: previous.pop(path) for path in paths}
        return _Partition(f"part-{run}-{number:06d}.parquet", tuple(batch), rows)

    for document in documents:
        if is_archive(document) and batch:
            yield partition()
            batch = []
        batch.append(document)
        if len(batch) >= size or is_archive(document):
            yield partition()
            batch = []
    if batch:
        yield partition()


@contextmanager
def _client(address: str, workers: int | None) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a new LocalCluster on
    the loopback interface for ``local``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ImportError("scanning on a cluster needs dask.distributed: pip install 'jpolicy[dask]'") from error
    if address == "local":
        with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterUnavailable(address, f"cannot reach the dask scheduler ({error})") from error
    with client:
        yield client


def _run(client: Client, partitions: Iterator[_Partition], job: _Job, total: int,
         progress: Callable[[ScanProgress], None] | None) -> Iterator[_PartitionReport]:
    """Reports in the order partitions finish, with a bounded number in flight.
    If one fails, the others in flight are let finish (so that no part is
    written after the scan returns) before ``ClusterUnavailable`` is raised."""
    from distributed import as_completed, wait

    in_flight = max(2, _IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    pending: dict[Any, int] = {}  # future -> documents
    done = failed = 0
    if progress:
        progress(ScanProgress(0, total, 0))

    def submit(partition: _Partition) -> Any:
        future = client.submit(_analyse_partition, partition, job, key=f"jpolicy-{partition.name}", pure=False)
        pending[future] = len(partition.documents)
        return future

    running = as_completed([submit(partition) for partition in islice(partitions, in_flight)])
    for future in running:
        done += pending.pop(future)
        try:
            report = future.result()
        except Exception as error:  # a worker died, the scheduler left, a part could not be written
            wait(list(pending))
            raise ClusterUnavailable(client.scheduler.address, f"a partition failed ({type(error).__name__}: {error}); "
                                     "the parts written so far are kept: rerun with --resume to go on") from error
        failed += len(report.errors)
        if progress:
            progress(ScanProgress(done, total, failed))
        yield report
        following = next(partitions, None)
        if following:
            running.add(submit(following))


# -- the workers --------------------------------------------------------------------------------------------


def _analyse_partition(partition: _Partition, job: _Job) -> _PartitionReport:
    """Analyse a partition with this process's analyzer (built once) and
    write its part; return the counts."""
    analyzer = default_analyzer(job.reference)
    report = _PartitionReport()
    results: list[DocumentResult] = []
    for document in partition.documents:
        for result in _document_results(document, analyzer, partition.previous, report, job):
            results.append(result)
            if result.ok:
                report.ok += 1
            else:
                report.errors.append(result)
            if result.path in partition.previous:
                report.replaced.append((result.path, partition.previous[result.path][1]))
    if results:
        fs, root = _filesystem(job.out, job.storage_options)
        _write_part(fs, f"{root}/{partition.name}", _table(results, job.fingerprint))
    return report


def _document_results(document: str, analyzer: Analyzer, previous: Previous, report: _PartitionReport,
                      job: _Job) -> Iterator[DocumentResult]:
    """The results of the documents of one file (the pages of an archive),
    skipping those unchanged since their ok row in ``previous``."""
    if is_archive(document):
        yield from _archive_results(document, analyzer, previous, report, job)
        return
    if _is_local(document):
        try:
            sha256 = document_sha256(document)
        except JPolicyError:
            sha256 = None  # analyse_path reports why
        if not _unchanged(previous, document, sha256, report):
            yield analyse_path(analyzer, document, with_text=job.with_text, timeout=job.timeout)
        return
    try:
        data = _fetch(document, job.storage_options)
    except JPolicyError as error:
        yield DocumentResult(document, None, error_code=error.code, error_reason=error.reason)
        return
    sha256 = hashlib.sha256(data).hexdigest()
    if not _unchanged(previous, document, sha256, report):
        yield analyse_one(_Fetched(analyzer, data), document, sha256, with_text=job.with_text, timeout=job.timeout)


def _unchanged(previous: Previous, path: str, sha256: str | None, report: _PartitionReport) -> bool:
    """True (and counted as skipped) if ``path`` has an ok row with this sha256."""
    unchanged = sha256 is not None and previous.get(path, (None,))[0] == sha256
    report.skipped += unchanged
    return unchanged


def _archive_results(archive: str, analyzer: Analyzer, previous: Previous, report: _PartitionReport,
                     job: _Job) -> Iterator[DocumentResult]:
    seen: set[str] = set()
    try:
        with fsspec.open(archive, "rb", **job.storage_options) as stream:
            for page in iter_pages(stream, archive, report.skipped_records):
                seen.add(page.ref)
                if not _unchanged(previous, page.ref, page.sha256, report):
                    yield analyse_one(PageAnalyzer(analyzer, page), page.ref, page.sha256, with_text=job.with_text,
                                      timeout=job.timeout)
    except JPolicyError as error:
        yield DocumentResult(archive, None, error_code=error.code, error_reason=error.reason)
    except OSError as error:
        yield DocumentResult(archive, None, error_code=DocumentNotFound.code, error_reason=f"cannot read ({error})")
    report.replaced.extend((path, part) for path, (_, part) in previous.items()
                           if path.startswith(f"{archive}#") and path not in seen)


@dataclass(frozen=True)
class _Fetched:
    """The analyzer of one remote object's bytes, in the shape ``analyse_one``
    takes: the bytes are read from a temporary copy with the same suffix."""

    analyzer: Analyzer
    data: bytes

    def analyze_file(self, path: str | Path, *, with_text: bool = False) -> PolicyRecord:
        with tempfile.TemporaryDirectory(prefix="jpolicy-remote-") as folder:
            copy = Path(folder, "document" + PurePosixPath(str(path)).suffix)
            copy.write_bytes(self.data)
            try:
                record = self.analyzer.analyze_file(copy, with_text=with_text)
            except JPolicyError as error:
                raise type(error)(path, error.reason) from error
        record.source = record.source.model_copy(update={"path": str(path)})
        return record


def _fetch(url: str, storage_options: dict[str, Any]) -> bytes:
    fs, path = _filesystem(url, storage_options)
    try:
        size = fs.size(path)
        if size is not None and size > DEFAULT_MAX_BYTES:
            raise DocumentTooLarge(url, f"the file is {size:,} bytes; the limit is {DEFAULT_MAX_BYTES:,} bytes")
        return fs.cat_file(path)
    except (OSError, ValueError) as error:
        raise DocumentNotFound(url, f"cannot read the object ({error})") from error


def _drop_rows(part: str, paths: frozenset[str], *, job: _Job) -> None:
    """Rewrite ``part`` without the rows of ``paths`` (remove it if none is left)."""
    fs, _ = _filesystem(job.out, job.storage_options)
    table = _read_part(fs, part)
    kept = table.filter(pc.invert(pc.is_in(table.column("path"), value_set=pa.array(sorted(paths), pa.string()))))
    if kept.num_rows:
        _write_part(fs, part, kept)
    else:
        fs.rm(part)


# -- the output folder --------------------------------------------------------------------------------------


SCHEMA = pa.schema([(name, pa.string()) for name in COLUMNS])


def _table(results: list[DocumentResult], fingerprint: str) -> pa.Table:
    rows = [{"path": r.path, "sha256": r.sha256, "status": "ok" if r.ok else "error", "error_code": r.error_code,
             "error_reason": r.error_reason, "fingerprint": fingerprint, "record": r.record_json} for r in results]
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _write_part(fs: AbstractFileSystem, path: str, table: pa.Table) -> None:
    """Write ``path`` whole or not at all: through a hidden ``.partial`` file."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    folder, name = path.rsplit("/", 1)
    partial = f"{folder}/.{name}.partial"
    fs.pipe_file(partial, buffer.getvalue())
    fs.mv(partial, path)


def _read_part(fs: AbstractFileSystem, path: str, columns: list[str] | None = None) -> pa.Table:
    with fs.open(path, "rb") as file:
        return pq.read_table(file, columns=columns)


def _part_files(fs: AbstractFileSystem, root: str) -> list[str]:
    return sorted(fs.glob(f"{root.rstrip('/')}/part-*.parquet"))


def _remove(fs: AbstractFileSystem, paths: list[str]) -> None:
    if paths:
        fs.rm(paths)


def _filesystem(url: str, storage_options: dict[str, Any]) -> tuple[AbstractFileSystem, str]:
    return url_to_fs(url, **storage_options)


def _is_local(url: str) -> bool:
    return get_protocol(url) in ("file", "local")


def _container(path: str) -> str:
    """The file a row's document comes from: its archive for an archived page."""
    archive, hash_sign, _ = path.rpartition("#")
    return archive if hash_sign and is_archive(archive) else path
