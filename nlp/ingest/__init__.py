"""Reading files: bytes on disk to normalised text with a map back to the source.

``load_document(path)`` is the stage's one entry point. ``raw_text`` is the
decoded text before normalisation: the decoded file for plain text, the
extracted text for Markdown (markup dropped), HTML, PDF and DOCX.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import (DocumentNotFound, DocumentTooLarge, EmptyDocument, MalformedDocument, NotARegularFile,
                        UnsupportedFormat)
from nlp.ingest.encoding import canonical_codec, decode_bytes
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

        declared = declared_charset(data)
        markup, encoding, warnings = decode_bytes(data, path, declared)
        if declared and canonical_codec(declared) is None:
            warnings = (*warnings, f"the page declares charset {declared!r}, which is not a text encoding; "
                                   f"the encoding was detected instead ({encoding})")
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


_SPECIAL_FILES = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9d]+")  # runs, counted by length
_LETTER = re.compile(r"[^\W\d_]+")
MIN_JAPANESE_SHARE = 0.1
NOT_JAPANESE = "not Japanese"


def _kind_of(mode: int) -> str:
    return next((name for test, name in _SPECIAL_FILES if test(mode)), "special file")


def _check_regular(path: Path, st: os.stat_result) -> None:
    """Raise ``NotARegularFile`` unless ``st`` is the status of a regular file."""
    if stat.S_ISREG(st.st_mode):
        return
    kind = _kind_of(st.st_mode)
    link = f" (a symbolic link to {os.path.realpath(path)})" if path.is_symlink() else ""
    raise NotARegularFile(path, f"not a regular file: {kind}{link}; only regular files are read")


def _stat_regular(path: Path) -> os.stat_result:
    """The status of ``path`` (links followed); ``NotARegularFile`` unless it is a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "no such file"
        raise DocumentNotFound(path, reason) from None
    except OSError as exc:
        raise DocumentNotFound(path, f"cannot read the file ({exc.strerror})") from exc
    _check_regular(path, st)
    return st


def _read_regular(path: Path, size: int, max_bytes: int) -> bytes:
    """At most ``max_bytes`` bytes of the regular file ``path`` of ``size`` bytes.
    The file is opened without blocking and checked again once open, in case it
    was replaced by a FIFO or device since its status was taken."""
    if size > max_bytes:
        raise DocumentTooLarge(path, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise DocumentNotFound(path, f"cannot read the file ({exc.strerror})") from exc
    with open(fd, "rb") as file:
        _check_regular(path, os.fstat(file.fileno()))
        try:
            data = file.read(max_bytes + 1)
        except OSError as exc:
            raise DocumentNotFound(path, f"cannot read the file ({exc.strerror})") from exc
    if len(data) > max_bytes:
        raise DocumentTooLarge(path, f"the file grew past the limit of {max_bytes:,} bytes while being read")
    return data


def language_warnings(text: str) -> tuple[str, ...]:
    """A ``not Japanese: …`` warning when few of the letters of ``text`` are kana or kanji."""
    letters = sum(map(len, _LETTER.findall(text)))
    japanese = sum(map(len, _JAPANESE.findall(text)))
    if letters and japanese / letters >= MIN_JAPANESE_SHARE:
        return ()
    share = f"{japanese / letters:.0%} of its {letters:,} letters are" if letters else "it has no letters, no"
    return (f"{NOT_JAPANESE}: {share} kana or kanji; not read as a Japanese policy",)


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Read, decode and normalise one regular file (.txt/.text/.md, .html/.htm, .pdf, .docx).

    Raises the ``nlp.errors`` classes: ``DocumentNotFound``, ``NotARegularFile``
    (directories, FIFOs, devices, sockets: checked before any read),
    ``UnsupportedFormat``, ``DocumentTooLarge``, ``EmptyDocument``,
    ``BinaryContent``, ``UndecodableText``, ``MalformedDocument``. A document
    whose text is not Japanese gets a ``not Japanese: …`` warning.
    """
    path = Path(path)
    st = _stat_regular(path)
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        kind = f"unsupported file type {path.suffix!r}" if path.suffix else "the file name has no suffix"
        raise UnsupportedFormat(path, f"{kind}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    data = _read_regular(path, st.st_size, max_bytes)
    if not data:
        raise EmptyDocument(path, "the file is empty (0 bytes)")
    raw, encoding, warnings = _extract(path, fmt, data)
    text, offsets = normalize(raw)
    if not text.strip():
        raise EmptyDocument(path, "the document contains only whitespace")
    return LoadedDocument(path, text, raw, tuple(offsets), fmt, encoding, hashlib.sha256(data).hexdigest(),
                          (*warnings, *language_warnings(text)))


def raw_span(doc: LoadedDocument, start: int, end: int) -> tuple[int, int]:
    """Map the span ``[start, end)`` of ``doc.text`` to the span of ``doc.raw_text`` it came from."""
    if not 0 <= start <= end <= len(doc.text):
        raise ValueError(f"span ({start}, {end}) is outside the text (length {len(doc.text)})")
    if start == end:
        return doc.offsets[start], doc.offsets[start]
    return doc.offsets[start], cluster_end(doc.raw_text, doc.offsets[end - 1])
