"""The pipeline: file -> LoadedDocument -> DocumentView -> extractors -> PolicyRecord
-> requirement checks.

``Analyzer`` builds the extractors once; ``analyze_file`` uses a process-wide
analyzer per reference.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from nlp.compare.reference import reference_compliance
from nlp.compare.requirements import PROFILES, evaluate
from nlp.errors import UnknownReference
from nlp.extract import DocumentView, Finding, Registry
from nlp.ingest import NOT_JAPANESE, LoadedDocument, language_warnings, load_document
from nlp.ingest.normalize import normalize
from nlp.schema import (Contact, DataItem, Dates, Evidence, ForeignTransfer, JointUse, Organization, Party,
                        PolicyRecord, Purpose, ResponsibleParty, Section, Source, Statement, ThirdParty,
                        ThirdPartyException)
from nlp.vocab import Resources

#: extractor fields that have a place of their own in the record; findings of
#: any other registered extractor become ``record.statements``
RECORD_FIELDS = frozenset({"kind", "organization", "contact", "dates", "purposes", "data_items",
                           "third_party_exceptions", "foreign_transfer", "joint_use"})


def evidence(finding: Finding, view: DocumentView | None = None) -> Evidence:
    """The finding's evidence: with ``view``, the whole sentence or list item
    that states the value (the finding itself when that is too long)."""
    start, end = view.statement_span(finding.start, finding.end) if view else (finding.start, finding.end)
    text = view.text[start:end] if view else finding.text
    return Evidence(span=(start, end), text=text, score=round(finding.score, 3), explanation=finding.explanation)


def assemble(findings: dict[str, list[Finding]], view: DocumentView, source: Source) -> PolicyRecord:
    """Turn the extractors' findings into a PolicyRecord (no compliance yet)."""
    kind = findings.get("kind") or []
    data_items = [DataItem(text=f.text, item=f.label, context=f.attrs.get("context", "collected"),
                           evidence=evidence(f, view)) for f in findings.get("data_items", [])]
    return PolicyRecord(
        source=source,
        **({"kind": kind[0].label} if kind else {}),
        organization=organization(findings.get("organization", [])),
        contact=contact(findings.get("contact", [])),
        dates=dates(findings.get("dates", [])),
        sections=[Section(title=b.title, category=",".join(sorted(b.categories)) or None, level=b.level,
                          span=(b.start, b.end)) for b in view.blocks],
        purposes=[Purpose(text=f.text, category=f.label, subject=f.attrs.get("subject"), evidence=evidence(f, view))
                  for f in findings.get("purposes", [])],
        third_party=ThirdParty(
            exceptions=[ThirdPartyException(category=f.label, text=f.text, evidence=evidence(f, view))
                        for f in findings.get("third_party_exceptions", [])],
            foreign_transfer=foreign_transfer(findings.get("foreign_transfer", [])),
        ),
        joint_use=joint_use(findings.get("joint_use", []), data_items, view),  # marks the jointly used items
        data_items=data_items,
        statements=[Statement(field=f.field, label=f.label, text=f.text, evidence=evidence(f, view))
                    for name, found in findings.items() if name not in RECORD_FIELDS for f in found],
    )


def organization(found: list[Finding]) -> Organization:
    first = {label: next((f for f in found if f.label == label), None) for label in ("name", "address", "representative")}
    return Organization(
        name=first["name"].text if first["name"] else None,
        address=first["address"].text if first["address"] else None,
        representative=first["representative"].text if first["representative"] else None,
        evidence=[evidence(f) for f in first.values() if f],
    )


def contact(found: list[Finding]) -> Contact:
    values = {f.label: f for f in reversed(found)}
    return Contact(name=values["name"].text if "name" in values else None,
                   phone=values["phone"].text if "phone" in values else None,
                   email=values["email"].text if "email" in values else None,
                   address=values["address"].text if "address" in values else None,
                   evidence=[evidence(f) for f in values.values()])


def dates(found: list[Finding]) -> Dates:
    established = [f.attrs["iso"] for f in found if f.label == "established"]
    revised = [f.attrs["iso"] for f in found if f.label == "revised"]
    return Dates(established=min(established) if established else None, revised=max(revised) if revised else None)


def foreign_transfer(found: list[Finding]) -> ForeignTransfer:
    countries = sorted({c for f in found for c in f.attrs.get("countries", [])})
    return ForeignTransfer(present=bool(found), countries=countries,
                           systems_described=any(f.attrs.get("system_info") for f in found),
                           evidence=[evidence(f) for f in found])


def joint_use(found: list[Finding], data_items: list[DataItem], view: DocumentView) -> list[JointUse]:
    """The joint-use extractor's findings as the record's arrangements (grouped
    by ``attrs["arrangement"]``, the first one unmarked); data items it names
    as jointly used get that context, and only those."""
    jointly_used = [(f.start, f.end) for f in found if f.label == "item"]
    for item in data_items:
        inside = any(s < item.evidence.span[1] and item.evidence.span[0] < e for s, e in jointly_used)
        if inside or item.context == "joint_use":
            item.context = "joint_use" if inside else "collected"
    groups: dict[int, list[Finding]] = {}
    for f in found:
        groups.setdefault(f.attrs.get("arrangement", 0), []).append(f)
    return [arrangement for _, group in sorted(groups.items()) if (arrangement := _arrangement(group, view))]


def _arrangement(found: list[Finding], view: DocumentView) -> JointUse | None:
    """One arrangement from its findings."""
    arrangement = next((f for f in found if f.label == "arrangement"), None)
    if arrangement is None:
        return None
    parties, seen = [], set()
    for f in found:
        if f.label == "party" and f.text not in seen:
            seen.add(f.text)
            parties.append(Party(name=f.text, evidence=evidence(f, view), score=f.score))
    first = {label: next((f for f in found if f.label == label), None)
             for label in ("responsible", "responsible_address", "responsible_representative")}
    name = first["responsible"]
    responsible = ResponsibleParty(
        name=name.attrs.get("name", name.text) if name else None,
        address=first["responsible_address"].text if first["responsible_address"] else None,
        representative=first["responsible_representative"].text if first["responsible_representative"] else None,
        evidence=evidence(name, view) if name else None)
    return JointUse(parties=parties, scope_text=arrangement.text[:200], purposes=[f.text for f in found if f.label == "purpose"],
                    items=sorted({f.attrs["item"] for f in found if f.label == "item"}),
                    items_text=[f.text for f in found if f.label == "item_line"],
                    responsible=responsible, evidence=evidence(arrangement))


class Analyzer:
    """Turns documents into PolicyRecords. ``reference`` is ``"appi-2022"``,
    a path to a reference policy, or ``None`` for no compliance check."""

    def __init__(self, *, reference: str | Path | None = "appi-2022", registry: Registry | None = None,
                 resources: Resources | Sequence[str | Path] | None = None):
        if reference is not None and str(reference) not in PROFILES and not Path(reference).is_file():
            raise UnknownReference(reference, f"not a built-in profile ({', '.join(PROFILES)}) nor a policy file")
        self.reference = reference
        self.registry = registry or Registry.default()
        self.resources = resources if isinstance(resources, Resources) else (
            Resources(resources) if resources else Resources.default())
        self._reference_record: PolicyRecord | None = None

    def analyze_document(self, doc: LoadedDocument, *, with_text: bool = False) -> PolicyRecord:
        view = DocumentView(doc.text, self.resources)
        source = Source(path=str(doc.path), sha256=doc.sha256, format=doc.format,
                        encoding=doc.encoding, chars=len(doc.text))
        record = assemble(self.registry.run(view), view, source)
        record.warnings.extend(getattr(doc, "warnings", ()))
        if any(warning.startswith(NOT_JAPANESE) for warning in record.warnings):
            record.kind = "other"  # no APPI verdicts on a text that is not Japanese
        else:
            self.apply_reference(record, view)
        if with_text:
            record.text = doc.text
        return record

    def apply_reference(self, record: PolicyRecord, view: DocumentView) -> None:
        """Fill ``record.compliance`` against the analyzer's reference."""
        if self.reference is None:
            return
        if str(self.reference) == "appi-2022":
            record.compliance = evaluate(record)
            record.reference = "appi-2022"
            return
        if self._reference_record is None:
            self._reference_record = Analyzer(reference="appi-2022", registry=self.registry, resources=self.resources).analyze_file(self.reference)
        own = evaluate(record)
        record.compliance = reference_compliance(record.model_copy(update={"compliance": own}), self._reference_record)
        record.reference = str(self.reference)

    def analyze_file(self, path: str | Path, *, with_text: bool = False) -> PolicyRecord:
        return self.analyze_document(load_document(path), with_text=with_text)

    def analyze_text(self, text: str, *, name: str = "<text>", with_text: bool = False) -> PolicyRecord:
        """Analyse a string (notebooks, tests) as if it were a UTF-8 text file."""
        normalised, offsets = normalize(text)
        doc = LoadedDocument(Path(name), normalised, text, tuple(offsets), "txt", None,
                             hashlib.sha256(text.encode("utf-8")).hexdigest(), language_warnings(normalised))
        return self.analyze_document(doc, with_text=with_text)

    def pipe(self, paths_or_texts: Iterable[str | Path], *, with_text: bool = False) -> Iterator[PolicyRecord]:
        """Records one at a time: a ``Path``, or a ``str`` naming an existing
        file, is read from disk; any other string is analysed as text."""
        for number, item in enumerate(paths_or_texts, 1):
            if isinstance(item, Path) or _is_file(item):
                yield self.analyze_file(item, with_text=with_text)
            else:
                yield self.analyze_text(item, name=f"<text {number}>", with_text=with_text)


def _is_file(name: str) -> bool:
    if "\n" in name:
        return False
    try:
        return Path(name).is_file()
    except (OSError, ValueError):  # a name too long for a path, a NUL character
        return False


@lru_cache(maxsize=4)
def default_analyzer(reference: str | None = "appi-2022") -> Analyzer:
    return Analyzer(reference=reference)


def analyze_file(path: str | Path, *, reference: str | None = "appi-2022", with_text: bool = False) -> PolicyRecord:
    """Analyse one file with the process-wide analyzer for ``reference``."""
    return default_analyzer(reference).analyze_file(path, with_text=with_text)
