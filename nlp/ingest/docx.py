"""Text of a Word document (python-docx): paragraphs and table rows in order."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml.etree import XMLSyntaxError

from nlp.errors import MalformedDocument


def _row_text(row: docx.table._Row) -> str:
    """Cells joined by TAB; a merged cell is written once."""
    cells: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is not previous:
            cells.append(cell.text.replace("\n", " "))
        previous = cell._tc
    return "\t".join(cells)


def docx_to_text(data: bytes, path: Path) -> str:
    """Body paragraphs and table rows of the DOCX ``data`` (read from ``path``), one per line, in document order."""
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_row_text(row) for row in block.rows)
            else:
                lines.append(block.text)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise MalformedDocument(path, f"cannot read the DOCX ({type(exc).__name__}: {exc})") from exc
    return "\n".join(lines)
