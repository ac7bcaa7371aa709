"""Text layer of a PDF (pdfplumber)."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber

from nlp.errors import EmptyDocument, MalformedDocument, UndecodableText

_CID = re.compile(r"\(cid:\d+\)")


def pdf_to_text(data: bytes, path: Path) -> str:
    """Text of every page of the PDF ``data`` (read from ``path``), pages separated by a blank line."""
    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()
    except Exception as exc:  # pdfminer raises many exception types on damaged files
        raise MalformedDocument(path, f"cannot parse the PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise EmptyDocument(path, "no text layer (scanned PDF?)")
    cid_chars = sum(len(m) for m in _CID.findall(text))
    if cid_chars * 2 > len(re.sub(r"\s", "", text)):
        raise UndecodableText(path, "the PDF's fonts have no Unicode mapping (text comes out as (cid:N) codes)")
    return text
