"""Typed records of the common schema (v1): see ``PolicyRecord``.

Every extracted value carries ``Evidence``: character offsets into the
normalised text of the document, so that it can be traced and highlighted.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

DocumentKind = Literal["privacy_policy", "consent_form", "web_form", "other"]
ItemContext = Literal["collected", "joint_use", "sensitive", "form_field", "other"]
RequirementStatus = Literal["present", "partial", "missing", "n/a"]


class Record(BaseModel):
    """Base for all records: unknown fields are refused, values are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Evidence(Record):
    """Where a value is stated: ``span`` into the normalised text, the ``text``
    there, how sure the extractor is (``score``, 0–1) and what produced it
    (``explanation``: a resource entry such as ``purposes.yaml#marketing/…``,
    a rule, or a model and its version)."""

    span: tuple[int, int]
    text: str
    score: Optional[float] = None
    explanation: Optional[str] = None


class Source(Record):
    """The document a record was read from. A page of a web crawl archive has
    ``path`` ``<archive>#<offset>``, its ``url`` (WARC-Target-URI) and the date
    it was ``captured`` (WARC-Date, ISO 8601)."""

    path: str
    sha256: str
    format: str
    encoding: Optional[str] = None
    chars: int
    url: Optional[str] = None
    captured: Optional[str] = None


class Organization(Record):
    name: Optional[str] = None
    address: Optional[str] = None
    representative: Optional[str] = None
    evidence: list[Evidence] = Field(default_factory=list)


class Dates(Record):
    established: Optional[str] = None
    revised: Optional[str] = None


class Section(Record):
    title: str
    category: Optional[str] = None
    level: int = 1
    span: tuple[int, int]


class Purpose(Record):
    text: str
    category: str
    subject: Optional[str] = None
    evidence: Evidence


class DataItem(Record):
    text: str
    item: str
    context: ItemContext = "collected"
    evidence: Evidence


class ThirdPartyException(Record):
    category: str
    text: str
    evidence: Evidence


class ForeignTransfer(Record):
    present: bool = False
    countries: list[str] = Field(default_factory=list)
    systems_described: bool = False  # the countries' data-protection systems are described
    evidence: list[Evidence] = Field(default_factory=list)


class ThirdParty(Record):
    exceptions: list[ThirdPartyException] = Field(default_factory=list)
    foreign_transfer: ForeignTransfer = Field(default_factory=ForeignTransfer)


class Party(Record):
    name: str
    evidence: Evidence
    score: float = 1.0  # below 0.5: named only in a conditional statement («…と共同利用する場合は»)


class ResponsibleParty(Record):
    name: Optional[str] = None
    address: Optional[str] = None
    representative: Optional[str] = None
    evidence: Optional[Evidence] = None


class JointUse(Record):
    parties: list[Party] = Field(default_factory=list)
    scope_text: Optional[str] = None
    items: list[str] = Field(default_factory=list)
    items_text: list[str] = Field(default_factory=list)  # the jointly used items as written
    purposes: list[str] = Field(default_factory=list)
    responsible: ResponsibleParty = Field(default_factory=ResponsibleParty)
    evidence: Evidence


class Contact(Record):
    name: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    address: Optional[str] = None
    evidence: list[Evidence] = Field(default_factory=list)


class Statement(Record):
    """A statement the requirement checks judge (security measures, a contact
    point, the rights procedure …): any finding of an extractor whose field
    the record has no place of its own for."""

    field: str
    label: str
    text: str
    evidence: Evidence


class ComplianceResult(Record):
    requirement: str
    status: RequirementStatus
    title: str = ""
    severity: str = "medium"
    detail: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    explanation: Optional[str] = None  # the profile rule that decided the status (appi_2022.yaml#R13/rules[2])


class PolicyRecord(Record):
    schema_version: str = SCHEMA_VERSION
    source: Source
    kind: DocumentKind = "other"
    organization: Organization = Field(default_factory=Organization)
    dates: Dates = Field(default_factory=Dates)
    text: Optional[str] = None
    sections: list[Section] = Field(default_factory=list)
    purposes: list[Purpose] = Field(default_factory=list)
    data_items: list[DataItem] = Field(default_factory=list)
    third_party: ThirdParty = Field(default_factory=ThirdParty)
    joint_use: list[JointUse] = Field(default_factory=list)
    contact: Contact = Field(default_factory=Contact)
    statements: list[Statement] = Field(default_factory=list)
    compliance: list[ComplianceResult] = Field(default_factory=list)
    reference: Optional[str] = None
    warnings: list[str] = Field(default_factory=list)

    def labels(self, field: str) -> set[str]:
        """The set of label IDs a scored field holds (purposes, data_items, exceptions)."""
        if field == "purposes":
            return {p.category for p in self.purposes}
        if field == "data_items":
            return {d.item for d in self.data_items}
        if field == "third_party_exceptions":
            return {e.category for e in self.third_party.exceptions}
        raise KeyError(field)

    def to_frame(self) -> "pd.DataFrame":  # noqa: F821  (pandas is imported when called)
        """One row per extracted value: field, label, context, text, evidence,
        start, end, score, explanation (see ``nlp.frames.record_frame``)."""
        from nlp.frames import record_frame

        return record_frame(self)

    def _repr_html_(self) -> str:
        """Notebooks: the text with evidence highlighted by field (overlapping
        spans stacked), or the table of values when the record has no text."""
        from nlp.frames import record_html

        return record_html(self)
