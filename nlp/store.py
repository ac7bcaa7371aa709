"""The scan store: one SQLite file that remembers what every scanned document gave.

A row per document path holds the sha256 of the bytes that were analysed, the
status (``ok`` or ``error``), the record as JSON or the error code and reason,
and when the row was first and last written. The scan writes it from one
process (WAL mode, a commit per document), so a crash loses nothing already
done and ``--resume`` can skip documents whose bytes have not changed.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    path         TEXT PRIMARY KEY,
    sha256       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error_code   TEXT,
    error_reason TEXT,
    record       TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
)
"""

_UPSERT = """
INSERT INTO documents (path, sha256, status, error_code, error_reason, record, created_at, updated_at)
VALUES (:path, :sha256, :status, :error_code, :error_reason, :record, :now, :now)
ON CONFLICT (path) DO UPDATE SET
    sha256 = excluded.sha256, status = excluded.status, error_code = excluded.error_code,
    error_reason = excluded.error_reason, record = excluded.record, updated_at = excluded.updated_at
"""


@dataclass(frozen=True)
class DocumentResult:
    """What scanning one document gave: its ``PolicyRecord`` as JSON, or an
    error code (``E003``, or the exception's type name) and reason."""

    path: str
    sha256: str | None
    record_json: str | None = None
    error_code: str | None = None
    error_reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.record_json is not None


def default_store_path(out: Path) -> Path:
    """The store that goes with an output file: ``<out>.jpolicy.sqlite`` beside it."""
    return out.with_name(out.name + ".jpolicy.sqlite")


class Store:
    """The documents table of one SQLite file; use it from one process."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def save(self, result: DocumentResult) -> None:
        """Insert or replace the row of ``result.path`` and commit."""
        with self._db:
            self._db.execute(_UPSERT, {
                "path": result.path, "sha256": result.sha256,
                "status": "ok" if result.ok else "error",
                "error_code": result.error_code, "error_reason": result.error_reason,
                "record": result.record_json, "now": datetime.now(timezone.utc).isoformat(),
            })

    def get(self, path: str) -> DocumentResult | None:
        """The stored result of ``path``, or None if it was never scanned."""
        row = self._db.execute(
            "SELECT path, sha256, record, error_code, error_reason FROM documents WHERE path = ?", (path,)
        ).fetchone()
        return DocumentResult(*row) if row else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
