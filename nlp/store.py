"""The scan store: one SQLite file that remembers what every scanned document gave.

A row per document path holds the sha256 of the bytes that were analysed, the
status (``ok`` or ``error``), the record as JSON or the error code and reason,
the fingerprint of the analysis (package version, reference, resources) and
when the row was first and last written. The scan writes it from one process
(WAL mode, rows committed at most ``COMMIT_INTERVAL`` seconds after they are
written, and on closing), so a crash loses at most that much work and
``--resume`` can skip documents whose bytes and analysis have not changed.

A store that is not a readable SQLite file of this layout (random bytes, cut
short, another schema) is renamed ``<store>.damaged-<time>`` and a new one is
started (``Store.moved_aside`` says so); nothing in it is ever lost or
overwritten. ``exclusive_lock`` keeps two scans off the same output or store.
"""
from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from nlp.errors import OutputBusy, StoreUnusable

STORE_VERSION = 2
#: seconds of written rows a store may hold uncommitted (a commit per document took 3-4% of a scan's time)
COMMIT_INTERVAL = 0.25
_COLUMNS = ("path", "sha256", "status", "error_code", "error_reason", "record", "fingerprint",
            "created_at", "updated_at")
_SCHEMA = f"""
CREATE TABLE documents (
    path         TEXT PRIMARY KEY,
    sha256       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error_code   TEXT,
    error_reason TEXT,
    record       TEXT,
    fingerprint  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
PRAGMA user_version = {STORE_VERSION};
"""

_UPSERT = """
INSERT INTO documents (path, sha256, status, error_code, error_reason, record, fingerprint, created_at, updated_at)
VALUES (:path, :sha256, :status, :error_code, :error_reason, :record, :fingerprint, :now, :now)
ON CONFLICT (path) DO UPDATE SET
    sha256 = excluded.sha256, status = excluded.status, error_code = excluded.error_code,
    error_reason = excluded.error_reason, record = excluded.record, fingerprint = excluded.fingerprint,
    updated_at = excluded.updated_at
"""
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class DocumentResult:
    """What scanning one document gave: its ``PolicyRecord`` as JSON, or an
    error code (``E003``) and reason. ``fingerprint`` identifies the analysis
    that made it (see ``nlp.batch.analysis_fingerprint``)."""

    path: str
    sha256: str | None
    record_json: str | None = None
    error_code: str | None = None
    error_reason: str | None = None
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return self.record_json is not None


class _Damaged(Exception):
    """The file at the store's path is not a store of this layout."""


def default_store_path(out: Path) -> Path:
    """The store that goes with an output file: ``<out>.jpolicy.sqlite`` beside it."""
    return out.with_name(out.name + ".jpolicy.sqlite")


class Store:
    """The documents table of one SQLite file; use it from one process.

    A damaged file at ``path`` is moved aside and a new store started:
    ``moved_aside`` is then where it went and ``damage`` what was wrong.
    A path that cannot hold a store (a directory, an unwritable folder)
    raises ``StoreUnusable``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.moved_aside: Path | None = None
        self.damage: str | None = None
        if self.path.is_dir():
            raise StoreUnusable(self.path, "is a directory, not a scan store; give another --store or remove it")
        try:
            self._db = self._open()
        except _Damaged as problem:
            self.damage = str(problem)
            self.moved_aside = _move_aside(self.path)
            self._db = self._open()
        self._committed = time.monotonic()

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path)
        except sqlite3.Error as error:
            raise StoreUnusable(self.path, f"cannot open the store ({error})") from error
        try:
            _check_layout(db)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.OperationalError as error:
            db.close()
            if _is_damage(error):
                raise _Damaged(f"not a readable SQLite database ({error})") from error
            raise StoreUnusable(self.path, f"cannot use the store ({error})") from error
        except sqlite3.DatabaseError as error:
            db.close()
            raise _Damaged(f"not a readable SQLite database ({error})") from error
        except _Damaged:
            db.close()
            raise
        return db

    def save(self, result: DocumentResult) -> None:
        """Insert or replace the row of ``result.path``; committed with the rows
        written in the last ``COMMIT_INTERVAL`` seconds (or on ``close``)."""
        try:
            self._db.execute(_UPSERT, {
                "path": result.path, "sha256": result.sha256,
                "status": "ok" if result.ok else "error",
                "error_code": result.error_code, "error_reason": result.error_reason,
                "record": result.record_json, "fingerprint": result.fingerprint,
                "now": datetime.now(timezone.utc).isoformat(),
            })
            if time.monotonic() - self._committed >= COMMIT_INTERVAL:
                self.commit()
        except sqlite3.Error as error:
            raise StoreUnusable(self.path, f"cannot write to the store ({error})") from error

    def commit(self) -> None:
        """Make every row written so far durable."""
        self._db.commit()
        self._committed = time.monotonic()

    def get(self, path: str) -> DocumentResult | None:
        """The stored result of ``path``, or None if it was never scanned."""
        try:
            row = self._db.execute(
                "SELECT path, sha256, record, error_code, error_reason, fingerprint FROM documents WHERE path = ?",
                (path,)).fetchone()
        except sqlite3.Error as error:
            raise StoreUnusable(self.path, f"cannot read the store ({error})") from error
        return DocumentResult(*row) if row else None

    def close(self) -> None:
        try:
            self._db.commit()
        except sqlite3.Error as error:
            raise StoreUnusable(self.path, f"cannot write to the store ({error})") from error
        finally:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _check_layout(db: sqlite3.Connection) -> None:
    """Create the table in an empty database; refuse one that is damaged or of another layout."""
    problems = [line for row in db.execute("PRAGMA quick_check") for line in str(row[0]).splitlines()]
    if problems != ["ok"]:
        raise _Damaged(f"the database is damaged ({'; '.join(problems[:2])})")
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    if not tables:
        db.executescript(_SCHEMA)
        return
    columns = tuple(row[1] for row in db.execute("PRAGMA table_info(documents)"))
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if columns != _COLUMNS or version != STORE_VERSION:
        found = f"tables {', '.join(sorted(tables))}, version {version}"
        raise _Damaged(f"not a jpolicy scan store of version {STORE_VERSION} ({found})")


def _is_damage(error: sqlite3.OperationalError) -> bool:
    """Errors that mean the file's content is wrong, not that it cannot be reached."""
    text = str(error)
    return "malformed" in text or "not a database" in text or "file is encrypted" in text


def _move_aside(path: Path) -> Path:
    """Rename a damaged store (and its WAL files) to ``<name>.damaged-<UTC time>``."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.replace(path, aside)
        for suffix in _SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreUnusable(path, f"the store is damaged and cannot be moved aside ({error.strerror})") from error
    return aside


def lock_path(target: Path) -> Path:
    """The lock file of an output or store: ``<target>.lock`` beside it."""
    return target.with_name(target.name + ".lock")


@contextmanager
def exclusive_lock(target: Path) -> Iterator[Path]:
    """Hold ``<target>.lock`` for as long as the block runs; if another process
    holds it, raise ``OutputBusy`` at once. The lock file is removed on exit."""
    path = lock_path(target)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreUnusable(path, f"cannot create the lock file ({error.strerror})") from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputBusy(target, f"another scan is writing it (lock {path}); "
                                         "wait for it to finish or choose another output") from error
            raise StoreUnusable(path, f"cannot lock ({error.strerror})") from error
        if _same_file(fd, path):
            break
        os.close(fd)  # the holder removed the file between our open and lock: lock the new one
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        try:
            path.unlink()
        except OSError:
            pass
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except OSError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
