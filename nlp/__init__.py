"""jpolicy: read Japanese privacy policies into PolicyRecords and report their gaps.

``nlp.read_records(path)`` reads the records of a scan output back; it is
imported on first use, so ``import nlp`` stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["read_records"]

if TYPE_CHECKING:
    from nlp.records import read_records


def __getattr__(name: str) -> Any:
    if name == "read_records":
        from nlp.records import read_records

        return read_records
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
