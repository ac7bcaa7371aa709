"""Reading scan outputs back: ``read_records(path)`` gives the PolicyRecords of
a ``.jsonl`` or ``.parquet`` output, ``read_errors(path)`` its error rows.

A JSONL output holds one PolicyRecord per line, and for a document that failed
an error row ``{"source": {"path": ..., "sha256": ...}, "status": "error",
"error": {"code": "E004", "reason": ...}}``. A Parquet output holds a row per
document with a ``status`` column and the record as JSON in ``record``.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from nlp.errors import DocumentNotFound, InvalidStoredRecord, PathLike, UnsupportedFormat
from nlp.schema import PolicyRecord
from nlp.store import DocumentResult


def result_line(result: DocumentResult) -> str:
    """One JSONL line for a result: the record itself, or an error row."""
    if result.ok:
        return result.record_json
    return json.dumps({"source": {"path": result.path, "sha256": result.sha256}, "status": "error",
                       "error": {"code": result.error_code, "reason": result.error_reason}}, ensure_ascii=False)


def checked_result(result: DocumentResult) -> DocumentResult:
    """``result`` if its record validates as a PolicyRecord (or it is an error
    row); otherwise an error row (``E023``) saying what is wrong."""
    if not result.ok:
        return result
    try:
        PolicyRecord.model_validate_json(result.record_json)
    except ValidationError as error:
        return replace(result, record_json=None, error_code=InvalidStoredRecord.code,
                       error_reason=f"the stored record is not a valid PolicyRecord ({_first_problem(error)}); "
                                    "scan the document again")
    return result


def read_records(path: PathLike) -> list[PolicyRecord]:
    """The PolicyRecords of a scan output, in its order. Error rows (documents
    that failed) are skipped: ``read_errors`` returns them. A record that does
    not validate raises ``InvalidStoredRecord`` naming the file and line."""
    return [record for record in _read(path) if isinstance(record, PolicyRecord)]


def read_errors(path: PathLike) -> list[DocumentResult]:
    """The error rows of a scan output: path, sha256, error code and reason."""
    return [row for row in _read(path) if isinstance(row, DocumentResult)]


def _read(path: PathLike) -> Iterator[PolicyRecord | DocumentResult]:
    path = Path(path)
    if not path.is_file():
        raise DocumentNotFound(path, "no such scan output")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
    elif suffix == ".parquet":
        yield from _read_parquet(path)
    else:
        raise UnsupportedFormat(path, "records are read back from .jsonl or .parquet outputs")


def _read_jsonl(path: Path) -> Iterator[PolicyRecord | DocumentResult]:
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InvalidStoredRecord(path, f"line {number}: not JSON ({error.msg})") from error
            if isinstance(row, dict) and row.get("status") == "error":
                yield _error_row(row)
            else:
                yield _validated(row, path, f"line {number}")


def _read_parquet(path: Path) -> Iterator[PolicyRecord | DocumentResult]:
    import pyarrow.parquet as pq

    columns = ["path", "sha256", "status", "error_code", "error_reason", "record"]
    try:
        table = pq.read_table(path, columns=columns)
    except Exception as error:  # pyarrow raises several types for unreadable or foreign files
        raise InvalidStoredRecord(path, f"not a scan output in Parquet ({error})") from error
    for number, row in enumerate(table.to_pylist(), start=1):
        if row["status"] == "ok":
            yield _validated(row["record"], path, f"row {number}")
        else:
            yield DocumentResult(row["path"], row["sha256"], error_code=row["error_code"],
                                 error_reason=row["error_reason"])


def _validated(data: object, path: Path, where: str) -> PolicyRecord:
    try:
        if isinstance(data, str):
            return PolicyRecord.model_validate_json(data)
        return PolicyRecord.model_validate(data)
    except ValidationError as error:
        raise InvalidStoredRecord(path, f"{where}: not a valid PolicyRecord ({_first_problem(error)})") from error


def _error_row(row: dict) -> DocumentResult:
    source, error = row.get("source") or {}, row.get("error") or {}
    return DocumentResult(str(source.get("path")), source.get("sha256"), error_code=error.get("code"),
                          error_reason=error.get("reason"))


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(map(str, first["loc"])) or "record"
    return f"{where}: {first['msg']}" + (f" and {error.error_count() - 1} more" if error.error_count() > 1 else "")
