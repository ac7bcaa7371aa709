"""Reading files: bytes on disk to normalised text with a map back to the source.

``load_document(path)`` is the stage's one entry point. ``raw_text`` is the
decoded text before normalisation: the decoded file for plain text, the
extracted text for Markdown (markup dropped), HTML, PDF and DOCX.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import DocumentNotFound, DocumentTooLarge, EmptyDocument, MalformedDocument, UnsupportedFormat
from nlp.ingest.encoding import decode_bytes
from nlp.ingest.normalize import cluster_end, normalize

SUPPORTED_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class LoadedDocument:
    """A document read from disk. ``text`` is the normalised text that every
    evidence span points into; ``offsets[i]`` is the index in ``raw_text`` of
    ``text[i]`` (one extra entry maps the end). ``warnings`` notes recoverable
    problems (e.g. a few undecodable bytes)."""

    path: Path
    text: str
    raw_text: str
    offsets: tuple[int, ...]
    format: str
    encoding: str | None
    sha256: str
    warnings: tuple[str, ...] = ()


def _extract(path: Path, fmt: str, data: bytes) -> tuple[str, str | None, tuple[str, ...]]:
    """Raw text, encoding and warnings for one file of format ``fmt``.
    The format modules are imported on demand: pdfplumber and python-docx are slow to import."""
    if fmt == "pdf":
        from nlp.ingest.pdf import pdf_to_text

        return pdf_to_text(data, path), None, ()
    if fmt == "docx":
        from nlp.ingest.docx import docx_to_text

        return docx_to_text(data, path), None, ()
    if fmt == "html":
        from nlp.ingest.html import declared_charset, html_to_text

        markup, encoding, warnings = decode_bytes(data, path, declared_charset(data))
        try:
            text = html_to_text(markup)
        except RecursionError as exc:  # tables nested hundreds deep
            raise MalformedDocument(path, "the HTML is nested too deeply to read") from exc
        if not text.strip():
            raise EmptyDocument(path, "the HTML page has no visible text")
        return text, encoding, warnings
    text, encoding, warnings = decode_bytes(data, path)
    if fmt == "md":
        from nlp.ingest.markdown import markdown_to_text

        text = markdown_to_text(text)
    return text, encoding, warnings


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Read, decode and normalise one file (.txt/.text/.md, .html/.htm, .pdf, .docx).

    Raises the ``nlp.errors`` classes: ``DocumentNotFound``, ``UnsupportedFormat``,
    ``DocumentTooLarge``, ``EmptyDocument``, ``BinaryContent``, ``UndecodableText``,
    ``MalformedDocument``.
    """
    path = Path(path)
    if path.is_dir():
        raise DocumentNotFound(path, "is a directory, not a file")
    if not path.is_file():
        raise DocumentNotFound(path, "no such file")
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        kind = f"unsupported file type {path.suffix!r}" if path.suffix else "the file name has no suffix"
        raise UnsupportedFormat(path, f"{kind}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentTooLarge(path, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentNotFound(path, f"cannot read the file ({exc.strerror})") from exc
    if not data:
        raise EmptyDocument(path, "the file is empty (0 bytes)")
    raw, encoding, warnings = _extract(path, fmt, data)
    text, offsets = normalize(raw)
    if not text.strip():
        raise EmptyDocument(path, "the document contains only whitespace")
    return LoadedDocument(
        path, text, raw, tuple(offsets), fmt, encoding, hashlib.sha256(data).hexdigest(), warnings
    )


def raw_span(doc: LoadedDocument, start: int, end: int) -> tuple[int, int]:
    """Map the span ``[start, end)`` of ``doc.text`` to the span of ``doc.raw_text`` it came from."""
    if not 0 <= start <= end <= len(doc.text):
        raise ValueError(f"span ({start}, {end}) is outside the text (length {len(doc.text)})")
    if start == end:
        return doc.offsets[start], doc.offsets[start]
    return doc.offsets[start], cluster_end(doc.raw_text, doc.offsets[end - 1])
