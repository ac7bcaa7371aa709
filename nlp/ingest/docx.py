"""Text of a Word document (python-docx): paragraphs and table rows in order.

The ZIP container is checked before anything is unpacked (member sizes and
compression ratios, so that a bomb is refused, not expanded), and table rows
are read from their cells as written: a cell's ``gridSpan`` is never expanded
into one object per spanned column, and a vertically merged cell takes the
text of the cell it continues without walking up the table.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.table import Table, _Cell

from nlp.errors import DocumentTooLarge, MalformedDocument

MAX_MEMBER_BYTES = 64 * 1024 * 1024  # uncompressed size of one part
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # uncompressed size of the whole package
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # uncompressed / compressed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


def check_package(data: bytes, path: Path) -> None:
    """Refuse a DOCX whose ZIP members would unpack beyond the limits (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise MalformedDocument(path, f"cannot read the DOCX ({type(exc).__name__}: {exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise DocumentTooLarge(path, f"the DOCX holds {len(members):,} parts; the limit is {MAX_MEMBERS:,}")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES:
            raise DocumentTooLarge(path, f"the DOCX part {member.filename!r} unpacks to {member.file_size:,} bytes; "
                                         f"the limit is {MAX_MEMBER_BYTES:,} (a zip bomb?)")
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise DocumentTooLarge(path, f"the DOCX part {member.filename!r} is compressed "
                                         f"{member.file_size // max(member.compress_size, 1):,} to 1 "
                                         f"(a zip bomb?); the limit is {MAX_RATIO} to 1")
    if total > MAX_TOTAL_BYTES:
        raise DocumentTooLarge(path, f"the DOCX unpacks to {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,}")


def _rows(table: Table) -> Iterator[str]:
    """Each row's cells joined by TAB, one entry per written cell (a merged cell
    once); a cell continuing a vertical merge repeats the text it continues."""
    started: dict[int, str] = {}  # grid column -> text of the cell that starts a vertical merge there
    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        column = tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                text = started.get(column, "")
            else:
                text = _Cell(tc, table).text.replace("\n", " ")
                started[column] = text
            cells.append(text)
            column += tc.grid_span
        yield "\t".join(cells)


def docx_to_text(data: bytes, path: Path) -> str:
    """Body paragraphs and table rows of the DOCX ``data`` (read from ``path``), one per line, in document order."""
    check_package(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_rows(block))
            else:
                lines.append(block.text)
    except Exception as exc:  # python-docx, zipfile and lxml raise many exception types on damaged files
        raise MalformedDocument(path, f"cannot read the DOCX ({type(exc).__name__}: {exc})") from exc
    return "\n".join(lines)
