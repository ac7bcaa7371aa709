"""Web crawl archives (WARC, ``.warc`` or ``.warc.gz``) read through warcio.

Each HTML or PDF ``response`` record with a 2xx status is one document, named
``<archive>#<offset>`` (the record's byte offset in the archive file), so that
it can be found again by seeking there. Every other record (requests,
metadata, redirects, errors, images …) is skipped and counted by reason.
warcio is imported only when an archive is read (it is slow to import).
"""
from __future__ import annotations

import hashlib
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from nlp.errors import ArchiveUnreadable, DocumentNotFound, JPolicyError, PathLike
from nlp.ingest import LoadedDocument, load_document

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

    from nlp.pipeline import Analyzer
    from nlp.schema import PolicyRecord

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
_MEMBER = re.compile(r"^(?P<archive>.+\.warc(?:\.gz)?)#(?P<offset>\d+)$", re.I)
_MEDIA_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf"}


@dataclass(frozen=True)
class ArchivedPage:
    """One HTML or PDF page of a crawl: ``ref`` is ``<archive>#<offset>``,
    ``url`` the WARC-Target-URI, ``captured`` the WARC-Date (ISO 8601) and
    ``payload`` the HTTP body (de-chunked and decompressed)."""

    ref: str
    url: str | None
    captured: str | None
    format: str
    payload: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


def is_archive(path: PathLike) -> bool:
    """True for a ``.warc`` or ``.warc.gz`` file name."""
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def is_member(path: PathLike) -> bool:
    """True for a page reference ``<archive>#<offset>``."""
    return _MEMBER.match(str(path)) is not None


def iter_pages(stream: IO[bytes], archive: str, skipped: Counter[str] | None = None) -> Iterator[ArchivedPage]:
    """The HTML and PDF pages of the archive read from ``stream``, in order;
    every other record adds one to ``skipped[reason]``. ``archive`` names the
    archive in the pages' refs and in errors."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    try:
        for record in records:
            page, reason = _page(record, lambda: f"{archive}#{records.get_record_offset()}")
            if page:
                yield page
            elif skipped is not None:
                skipped[reason] += 1
    except JPolicyError:
        raise
    except Exception as error:  # warcio raises assorted errors on malformed input
        raise ArchiveUnreadable(archive, f"not a readable WARC archive ({error})") from error


def archive_pages(path: PathLike, skipped: Counter[str] | None = None) -> Iterator[ArchivedPage]:
    """The pages of the archive file at ``path`` (see ``iter_pages``)."""
    try:
        with open(path, "rb") as stream:
            yield from iter_pages(stream, str(path), skipped)
    except FileNotFoundError as error:
        raise DocumentNotFound(path, "no such file") from error


def read_page(ref: str) -> ArchivedPage:
    """The page at ``<archive>#<offset>``, read by seeking to its record."""
    from warcio.archiveiterator import ArchiveIterator

    match = _MEMBER.match(ref)
    if match is None:
        if is_archive(ref):
            list(archive_pages(ref))  # raises why its pages could not be listed
        raise DocumentNotFound(ref, "not a WARC page reference (<archive>#<offset>)")
    archive = match["archive"]
    try:
        with open(archive, "rb") as stream:
            stream.seek(int(match["offset"]))
            record = next(iter(ArchiveIterator(stream)), None)
            page, reason = _page(record, lambda: ref) if record else (None, "no record at this offset")
    except FileNotFoundError as error:
        raise DocumentNotFound(archive, "no such file") from error
    except JPolicyError:
        raise
    except Exception as error:  # warcio raises assorted errors on malformed input
        raise ArchiveUnreadable(ref, f"no readable WARC record at this offset ({error})") from error
    if page is None:
        raise ArchiveUnreadable(ref, f"not an HTML or PDF page: {reason}")
    return page


def _page(record: ArcWarcRecord, ref: Callable[[], str]) -> tuple[ArchivedPage | None, str]:
    """The page a record holds, or None and why it is skipped. ``ref`` is
    called once the payload is read (warcio knows a record's offset only then)."""
    if record.format != "warc" or record.rec_type is None:
        raise ValueError(f"an {record.format or 'unknown'} record where a WARC record was expected")
    if record.rec_type != "response":
        return None, f"{record.rec_type} record"
    if record.http_headers is None:
        return None, "response without HTTP headers"
    status = record.http_headers.get_statuscode() or "?"
    if not status.startswith("2"):
        return None, f"HTTP {status}" + (" redirect" if status.startswith("3") else "")
    content_type = record.http_headers.get_header("Content-Type") or ""
    media_type = content_type.partition(";")[0].strip().lower()
    payload = record.content_stream().read()
    fmt = _MEDIA_FORMATS.get(media_type) or ("pdf" if payload.startswith(b"%PDF-") else None)
    if fmt is None:
        return None, f"content type {media_type or 'missing'}"
    return ArchivedPage(ref=ref(), url=record.rec_headers.get_header("WARC-Target-URI"),
                        captured=record.rec_headers.get_header("WARC-Date"), format=fmt, payload=payload), ""


def load_page(page: ArchivedPage) -> LoadedDocument:
    """Read a page as ``load_document`` reads a file of its format; the
    document's path is the page's ref and its sha256 that of the payload."""
    with tempfile.TemporaryDirectory(prefix="jpolicy-warc-") as folder:
        copy = Path(folder, f"page.{page.format}")
        copy.write_bytes(page.payload)
        try:
            doc = load_document(copy)
        except JPolicyError as error:
            raise type(error)(page.ref, error.reason) from error
    return replace(doc, path=Path(page.ref), sha256=page.sha256)


def analyze_page(analyzer: Analyzer, page: ArchivedPage, *, with_text: bool = False) -> PolicyRecord:
    """The record of one archived page, with its URL and capture date in ``source``."""
    record = analyzer.analyze_document(load_page(page), with_text=with_text)
    record.source = record.source.model_copy(update={"path": page.ref, "url": page.url, "captured": page.captured})
    return record


@dataclass(frozen=True)
class PageAnalyzer:
    """Analyses archived pages by ref (``analyze_file("crawl.warc.gz#1234")``),
    as the batch runners call an analyzer; ``page`` is the page if already read."""

    analyzer: Analyzer
    page: ArchivedPage | None = None

    def analyze_file(self, path: PathLike, *, with_text: bool = False) -> PolicyRecord:
        page = self.page if self.page and self.page.ref == str(path) else read_page(str(path))
        return analyze_page(self.analyzer, page, with_text=with_text)


def expand_archives(paths: Iterable[str], skipped: Counter[str]) -> Iterator[str]:
    """The paths, each archive replaced by the refs of its pages (its other
    records counted in ``skipped``); an archive that cannot be read stays, for
    the scan to report why."""
    for path in paths:
        if not is_archive(path):
            yield path
            continue
        try:
            refs = [page.ref for page in archive_pages(path, skipped)]
        except JPolicyError:
            refs = [path]
        yield from refs


def skipped_summary(skipped: Counter[str]) -> str:
    """``"3 records skipped (2 request record, 1 HTTP 404)"``, or "" when none were."""
    if not skipped:
        return ""
    reasons = ", ".join(f"{count} {reason}" for reason, count in skipped.most_common())
    return f"{sum(skipped.values())} archive records skipped ({reasons})"
