"""Vocabularies and patterns: YAML data files beside this module, validated on load.

Each file maps a label ID to an entry with regular-expression ``patterns``
(matched on the normalised text) and optional ``exclude`` patterns (a match
whose surrounding clause also matches one of them is dropped). Adding a
surface form never needs a Python change.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from nlp.errors import InvalidDataFile

LABEL_SETS = {"purposes": "purpose_categories", "data_items": "data_items",
              "exceptions": "third_party_exceptions"}


class VocabEntry(BaseModel):
    """One label's surface forms."""

    model_config = ConfigDict(extra="forbid")
    patterns: list[str]
    exclude: list[str] = []
    score: float = 0.9
    note: str = ""

    @field_validator("patterns", "exclude")
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
        return values


@lru_cache(maxsize=None)
def labels() -> dict[str, Any]:
    """The canonical label sets (a copy of the contract's labels.yaml)."""
    return yaml.safe_load(resources.files("nlp.data").joinpath("labels.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_vocab(name: str) -> dict[str, dict[str, Any]]:
    """Load and validate ``nlp/vocab/<name>.yaml``; label IDs are checked against labels.yaml."""
    resource = resources.files("nlp.vocab").joinpath(f"{name}.yaml")
    try:
        raw = yaml.safe_load(resource.read_text(encoding="utf-8"))
        entries = {label: VocabEntry.model_validate(entry).model_dump() for label, entry in raw.items()}
    except (OSError, yaml.YAMLError, ValidationError, re.error, AttributeError) as exc:
        raise InvalidDataFile(str(resource), f"invalid vocabulary: {exc}") from exc
    known = labels().get(LABEL_SETS.get(name, ""), None)
    if known is not None:
        unknown = set(entries) - set(known)
        if unknown:
            raise InvalidDataFile(str(resource), f"label IDs not in labels.yaml: {sorted(unknown)}")
    return entries


@lru_cache(maxsize=None)
def compiled(name: str) -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None, float]]:
    """``(label, pattern, exclude-or-None, score)`` for every entry of a vocabulary."""
    out = []
    for label, entry in load_vocab(name).items():
        pattern = re.compile("|".join(f"(?:{p})" for p in entry["patterns"]))
        exclude = re.compile("|".join(f"(?:{p})" for p in entry["exclude"])) if entry["exclude"] else None
        out.append((label, pattern, exclude, entry["score"]))
    return out
