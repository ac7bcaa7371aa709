"""Text layer of a PDF (pdfplumber), with lines that the layout wrapped joined again."""
from __future__ import annotations

import io
import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from nlp.errors import EmptyDocument, MalformedDocument, UndecodableText
from nlp.structure import detect_marker

_CID = re.compile(r"\(cid:\d+\)")
_LOGGERS = ("pdfminer", "pdfplumber")
# A line ending in one of these ends a sentence, a label or an item: never a wrap.
_LINE_END = tuple("。．.！？!?：:」』)）】〕>＞")
_SAME_EDGE = 3.0  # points between right edges that count as one margin


_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_levels: list[int] = []


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence pdfminer's and pdfplumber's log records and warnings while PDFs
    are read (damaged files make them chatter). The levels are set by the first
    reader and restored by the last, so that readers in threads cannot leave
    them silenced."""
    global _quiet_depth
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    with _quiet_lock:
        if _quiet_depth == 0:
            _saved_levels[:] = [logger.level for logger in loggers]
            for logger in loggers:
                logger.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for logger, level in zip(loggers, _saved_levels):
                    logger.setLevel(level)


def _wrapped(line: dict[str, Any], following: dict[str, Any], margin: float) -> bool:
    """Whether ``line`` was broken by the layout and ``following`` continues it:
    ``line`` reaches the right margin, does not end a sentence or item, and
    ``following`` starts right below without a list marker."""
    text, next_text = line["text"], following["text"]
    height = line["bottom"] - line["top"]
    last_width = line["chars"][-1]["x1"] - line["chars"][-1]["x0"] if line["chars"] else height
    return (margin - line["x1"] <= max(1.5 * last_width, 2.0)
            and not text.endswith(_LINE_END)
            and 0 <= following["top"] - line["bottom"] <= 0.8 * height
            and detect_marker(unicodedata.normalize("NFKC", next_text[:8]))[0] is None)


def _right_margin(edges: list[float]) -> float:
    """The rightmost right edge that at least two lines share (within
    ``_SAME_EDGE`` points): where the text column ends. Infinite if none do."""
    edges = sorted(edges)
    shared = [right for left, right in zip(edges, edges[1:]) if right - left <= _SAME_EDGE]
    return shared[-1] if shared else float("inf")


def _join(left: str, right: str) -> str:
    """Two halves of a wrapped line: Latin words keep a space between them."""
    separator = " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum() else ""
    return left + separator + right


def page_text(lines: list[dict[str, Any]]) -> str:
    """The text of one page from its lines (``Page.extract_text_lines``),
    lines wrapped by the layout joined into one."""
    if not lines:
        return ""
    margin = _right_margin([line["x1"] for line in lines])
    out = [lines[0]["text"]]
    for line, following in zip(lines, lines[1:]):
        if _wrapped(line, following, margin):
            out[-1] = _join(out[-1], following["text"])
        else:
            out.append(following["text"])
    return "\n".join(out)


def _reason(exc: Exception) -> str:
    """The reason for a PDF that cannot be opened; pdfplumber wraps pdfminer's exceptions."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return "encrypted PDF: needs a password"
    if isinstance(inner, PDFEncryptionError):
        return f"encrypted PDF: the encryption is not supported ({inner})"
    return f"cannot parse the PDF ({type(inner).__name__}: {inner})"


def pdf_to_text(data: bytes, path: Path) -> str:
    """Text of every page of the PDF ``data`` (read from ``path``), pages separated by a blank line."""
    pages: list[str] = []
    try:
        with _quiet(), pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page_text(page.extract_text_lines(return_chars=True)))
                page.close()
    except Exception as exc:  # pdfminer raises many exception types on damaged files
        raise MalformedDocument(path, _reason(exc)) from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise EmptyDocument(path, "no text layer (scanned PDF?)")
    cid_chars = sum(len(m) for m in _CID.findall(text))
    if cid_chars * 2 > len(re.sub(r"\s", "", text)):
        raise UndecodableText(path, "the PDF's fonts have no Unicode mapping (text comes out as (cid:N) codes)")
    return text
