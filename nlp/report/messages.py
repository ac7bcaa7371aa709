"""The words of the reports in Japanese and English (``messages.yaml``):
labels, the legend of statuses and severities, and per requirement and gap
status what is missing and the recommended action."""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from nlp.errors import InvalidDataFile

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")
MESSAGES_FILE = "messages.yaml"


class Text(BaseModel):
    """One text in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ja: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return getattr(self, lang)


class LegendEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text
    meaning: Text


class GapAdvice(BaseModel):
    """What is missing, and what to do about it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    gap: Text
    action: Text


class RequirementMessages(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    missing: GapAdvice
    partial: GapAdvice


class Messages(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    statuses: dict[Literal["present", "partial", "missing", "n/a"], LegendEntry]
    severities: dict[Literal["high", "medium", "low"], LegendEntry]
    requirements: dict[str, RequirementMessages]
    labels: dict[str, Text]

    def label(self, key: str, lang: Lang) -> str:
        """A label of the reports; an unknown key is shown as itself."""
        return self.labels[key](lang) if key in self.labels else key

    def status(self, status: str, lang: Lang) -> str:
        return self.statuses[status].name(lang) if status in self.statuses else status

    def severity(self, severity: str, lang: Lang) -> str:
        return self.severities[severity].name(lang) if severity in self.severities else severity

    def advice(self, requirement: str, status: str) -> GapAdvice | None:
        """What is missing and the recommended action for a gap, if written."""
        entry = self.requirements.get(requirement)
        return getattr(entry, status) if entry is not None and status in ("missing", "partial") else None


@lru_cache(maxsize=1)
def load_messages() -> Messages:
    """The package's messages, validated."""
    resource = files("nlp.report").joinpath(MESSAGES_FILE)
    try:
        return Messages.model_validate(yaml.safe_load(resource.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as error:
        raise InvalidDataFile(f"nlp/report/{MESSAGES_FILE}", str(error)) from error
