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
