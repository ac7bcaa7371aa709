"""Extracting: registered components that turn a ``DocumentView`` into findings.

``Registry.default()`` builds the extractors named in ``registry.yaml``.
"""
from __future__ import annotations

import importlib
from importlib import resources

import yaml

from nlp.errors import InvalidDataFile
from nlp.extract.base import DocumentView, Extractor, Finding


class Registry:
    """An ordered set of extractors, built from a YAML file of ``name: module:Class``."""

    def __init__(self, extractors: list[Extractor]):
        self.extractors = extractors

    @classmethod
    def default(cls) -> "Registry":
        resource = resources.files("nlp.extract").joinpath("registry.yaml")
        entries = yaml.safe_load(resource.read_text(encoding="utf-8"))
        extractors = []
        for name, target in entries.items():
            module_name, _, class_name = target.partition(":")
            try:
                extractor_class = getattr(importlib.import_module(module_name), class_name)
            except (ImportError, AttributeError) as exc:
                raise InvalidDataFile(str(resource), f"extractor {name!r}: cannot load {target!r}: {exc}") from exc
            if not (isinstance(extractor_class, type) and issubclass(extractor_class, Extractor)):
                raise InvalidDataFile(str(resource), f"extractor {name!r}: {target!r} is not an Extractor")
            extractors.append(extractor_class())
        return cls(extractors)

    def run(self, view: DocumentView) -> dict[str, list[Finding]]:
        """Findings of every extractor, keyed by the field they fill."""
        return {extractor.field: extractor.extract(view) for extractor in self.extractors}
