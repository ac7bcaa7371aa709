"""GiNZA (ja_ginza), loaded lazily once per process and used only on the few
sentences where a rule cannot find the organisation names."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: GiNZA (ENE) labels of organisations; families, nationalities and ethnic groups are no joint users
ORGANIZATION_LABELS = {"Company", "Organization", "Organization_Other", "Political_Organization", "Political_Party",
                       "Public_Institution", "Corporation_Other", "School", "Government", "International_Organization",
                       "ORG"}


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """ja_ginza, imported and loaded the first time a sentence needs it."""
    import spacy

    return spacy.load("ja_ginza", disable=["compound_splitter"])


def organizations(sentence: str) -> list[tuple[int, int]]:
    """Character spans of organisation names GiNZA's NER finds in ``sentence``."""
    if not sentence.strip():
        return []
    doc = pipeline()(sentence[:500])
    return [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ORGANIZATION_LABELS and len(ent.text) >= 2]
