"""The library's exceptions. Each names the file and the reason; the CLI
translates them to messages and exit codes. Codes (``[E001]``) make a message
easy to search for."""
from __future__ import annotations

from pathlib import Path
from typing import Union

PathLike = Union[str, Path]


class JPolicyError(Exception):
    """Base class of every error the library raises on purpose."""

    code = "E000"

    def __init__(self, path: PathLike | None, reason: str):
        self.path = str(path) if path is not None else None
        self.reason = reason
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"[{self.code}] {where}{reason}")


class DocumentNotFound(JPolicyError):
    code = "E001"


class UnsupportedFormat(JPolicyError):
    code = "E002"


class EmptyDocument(JPolicyError):
    code = "E003"


class BinaryContent(JPolicyError):
    code = "E004"


class UndecodableText(JPolicyError):
    code = "E005"


class DocumentTooLarge(JPolicyError):
    code = "E006"


class MalformedDocument(JPolicyError):
    code = "E007"


class InvalidDataFile(JPolicyError):
    """A vocabulary, pattern or reference file of the package failed validation."""

    code = "E010"


class UnknownReference(JPolicyError):
    code = "E011"


class ModelNotFound(JPolicyError):
    code = "E012"


class NotARegularFile(JPolicyError):
    """A FIFO, device, socket, directory or broken link where a document file was expected."""

    code = "E020"


class AnalysisTimeout(JPolicyError):
    """The analysis of one document ran past the scan's time budget."""

    code = "E021"


class AnalysisFailed(JPolicyError):
    """An unexpected exception while analysing one document (a bug: please report it)."""

    code = "E022"


class InvalidStoredRecord(JPolicyError):
    """A record read back from a scan store or output does not validate as a PolicyRecord."""

    code = "E023"


class StoreUnusable(JPolicyError):
    """A scan store that cannot be opened or written (a directory at its path, a read-only folder)."""

    code = "E024"


class OutputBusy(JPolicyError):
    """Another scan holds the lock of the same output or store."""

    code = "E025"


class InvalidBaseline(JPolicyError):
    """An accepted-gaps baseline file cannot be read or fails validation."""

    code = "E030"


class ArchiveUnreadable(JPolicyError):
    """A web crawl archive (WARC) or one of its records that warcio cannot read."""

    code = "E040"


class ClusterUnavailable(JPolicyError):
    """The dask.distributed scheduler cannot be reached, or a partition failed on
    it (a worker died, a part could not be written); ``path`` is its address."""

    code = "E041"


class OutputExists(JPolicyError):
    """An output folder already holds results that would be overwritten (pass ``--force`` to replace them)."""

    code = "E026"
