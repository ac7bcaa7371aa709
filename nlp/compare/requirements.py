"""Checking a PolicyRecord against a requirements profile (built-in: appi-2022).

A profile is data (``appi_2022.yaml``): for each requirement its title, law
and severity, when it applies (``applies_if``, else ``n/a``) and ordered
``rules``: the first rule whose tests hold gives the status and the detail,
``otherwise`` gives them when none does (with the evidence of ``applies_if``
unless the status is missing). A test looks at the record only: the
statements found by ``nlp/extract/statements.py`` or a record field given as
a dotted path. The evidence of a result is the evidence of the findings that
satisfied its rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nlp.errors import InvalidDataFile, UnknownReference
from nlp.schema import ComplianceResult, Evidence, PolicyRecord, Record, Statement

PROFILES = {"appi-2022": "appi_2022.yaml"}


class Criterion(BaseModel):
    """One test over the record: statements with one of ``statements`` as their
    label, or the values of ``field`` (a dotted path such as
    ``third_party.exceptions.category``; empty values do not count)."""

    model_config = ConfigDict(extra="forbid")
    statements: list[str] = []
    field: str | None = None
    where: dict[str, list[str]] = {}  # keep list elements whose attribute has one of these values
    values: list[str] = []  # count only these values
    except_values: list[str] = []  # count every value but these
    min_score: float | None = None  # keep list elements scored at least this
    at_least: int = Field(1, ge=1)  # distinct labels or values needed
    negate: bool = False  # holds when the statements or values are not found
    name: str | None = None  # how details name this test ({found}, {missing}); {<name>}: its values

    @model_validator(mode="after")
    def _one_subject(self) -> "Criterion":
        if bool(self.statements) == bool(self.field):
            raise ValueError("a test names either statements or a field")
        return self

    @property
    def label(self) -> str:
        return self.name or (self.field.rsplit(".", 1)[-1] if self.field else "/".join(self.statements))


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["present", "partial", "missing"]
    all: list[Criterion] = []
    any: list[Criterion] = []
    detail: str

    @model_validator(mode="after")
    def _has_tests(self) -> "Rule":
        if bool(self.all) == bool(self.any):
            raise ValueError("a rule has either all: or any: tests")
        return self


class Otherwise(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["present", "partial", "missing"] = "missing"
    detail: str


class RequirementSpec(BaseModel):
    """One requirement of a profile, as written in its YAML file."""

    model_config = ConfigDict(extra="forbid")
    title: str
    law: str
    severity: Literal["high", "medium", "low"] = "medium"
    applies_if: list[Criterion] = []
    condition: str | None = None  # how the n/a detail names applies_if
    rules: list[Rule] = []
    otherwise: Otherwise


@dataclass(frozen=True)
class Outcome:
    """What one test saw: whether it holds, the values it counted and their evidence."""

    holds: bool
    values: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@lru_cache(maxsize=None)
def load_profile(profile: str) -> dict[str, RequirementSpec]:
    """The requirements of a built-in profile, validated (errors name the file and the entry)."""
    if profile not in PROFILES:
        raise UnknownReference(None, f"unknown reference profile {profile!r} (built-in: {', '.join(PROFILES)})")
    where = f"nlp/compare/{PROFILES[profile]}"
    try:
        raw = yaml.safe_load(resources.files("nlp.compare").joinpath(PROFILES[profile]).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidDataFile(where, f"cannot read requirements profile: {exc}") from exc
    if not isinstance(raw, dict):
        raise InvalidDataFile(where, "a profile maps requirement IDs to requirements")
    return {str(rid): validate_requirement(where, str(rid), entry) for rid, entry in raw.items()}


def validate_requirement(where: str, rid: str, entry: Any) -> RequirementSpec:
    """One profile entry, validated: its tests name known statements and record fields."""
    try:
        spec = RequirementSpec.model_validate(entry)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())
        raise InvalidDataFile(where, f"requirement {rid!r}: {reasons}") from exc
    for rule in spec.rules:
        names = {t.name: "" for t in (*rule.all, *rule.any) if t.name}
        try:
            rule.detail.format(**names, values="", count=0, found="", missing="")
        except (KeyError, IndexError, ValueError) as exc:
            reason = f"requirement {rid!r}: detail {rule.detail!r} cannot be filled: {exc!r}"
            raise InvalidDataFile(where, reason) from exc
    known = known_statements()
    for test in [*spec.applies_if, *(t for rule in spec.rules for t in (*rule.all, *rule.any))]:
        unknown = sorted(set(test.statements) - known)
        if unknown:
            raise InvalidDataFile(where, f"requirement {rid!r}: unknown statements {unknown}")
        if test.field and not field_exists(test.field):
            raise InvalidDataFile(where, f"requirement {rid!r}: no record field {test.field!r}")
    return spec


def known_statements() -> set[str]:
    """Statement labels the built-in extractor can produce."""
    from nlp.extract.statements import DERIVED_LABELS
    from nlp.vocab import load_vocab

    return set(load_vocab("statements")) | DERIVED_LABELS


def field_exists(path: str) -> bool:
    """Whether ``path`` names a field of PolicyRecord (through nested records and lists)."""
    model: Any = PolicyRecord
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, Record)) or part not in model.model_fields:
            return False
        model = model.model_fields[part].annotation
        while get_origin(model) is not None:  # list[X], Optional[X]
            model = next((a for a in get_args(model) if a is not type(None)), None)
    return True


def evaluate(record: PolicyRecord, profile: str = "appi-2022") -> list[ComplianceResult]:
    """One ComplianceResult per requirement of ``profile`` for ``record``."""
    facts = Facts(record)
    return [judge(rid, spec, facts, PROFILES[profile]) for rid, spec in load_profile(profile).items()]


class Facts:
    """What the tests read from one record, each looked up once: its
    statements by label, and the values at each field path (requirements
    share many tests)."""

    def __init__(self, record: PolicyRecord):
        self.record = record
        self.statements: dict[str, list[tuple[int, Statement]]] = {}  # label -> (place in the record, statement)
        for place, statement in enumerate(record.statements):
            self.statements.setdefault(statement.label, []).append((place, statement))
        self._values: dict[tuple[Any, ...], list[tuple[str, list[Evidence]]]] = {}

    def pairs(self, test: Criterion) -> list[tuple[str, list[Evidence]]]:
        """(value, evidence) for every finding or field value ``test`` counts."""
        if test.statements:
            found = sorted(pair for label in test.statements for pair in self.statements.get(label, ()))
            return [(s.label, [s.evidence]) for _, s in found]
        key = (test.field, tuple((attr, tuple(allowed)) for attr, allowed in test.where.items()), test.min_score)
        if key not in self._values:
            self._values[key] = field_values(self.record, test)
        return [(value, evidence) for value, evidence in self._values[key]
                if (not test.values or value in test.values) and value not in test.except_values]


def judge(rid: str, spec: RequirementSpec, facts: Facts | PolicyRecord, source: str = "profile") -> ComplianceResult:
    """The status of one requirement; ``explanation`` names the rule of ``source`` that decided it."""
    facts = facts if isinstance(facts, Facts) else Facts(facts)

    def result(status: str, detail: str, evidence: list[Evidence], rule: str) -> ComplianceResult:
        return ComplianceResult(requirement=rid, status=status, title=spec.title, severity=spec.severity,
                                detail=detail, evidence=evidence, explanation=f"{source}#{rid}/{rule}")

    conditions = [run(test, facts) for test in spec.applies_if]
    if not all(o.holds for o in conditions):
        return result("n/a", f"condition not met: {spec.condition or ' and '.join(t.label for t in spec.applies_if)}",
                      [], "applies_if")
    for number, rule in enumerate(spec.rules, 1):
        outcomes = [(test, run(test, facts)) for test in (rule.all or rule.any)]
        held = [(test, o) for test, o in outcomes if o.holds]
        if (len(held) == len(outcomes)) if rule.all else held:
            values = list(dict.fromkeys(v for _, o in held for v in o.values))
            named = {t.name: ", ".join(o.values) for t, o in outcomes if t.name}
            detail = rule.detail.format(
                **named, values=", ".join(values), count=len(values), found=", ".join(t.label for t, _ in held),
                missing=", ".join(t.label for t, o in outcomes if not o.holds))
            return result(rule.status, detail, list({e.span: e for _, o in held for e in o.evidence}.values()),
                          f"rules[{number}]")
    status = spec.otherwise.status
    evidence = list({e.span: e for o in conditions for e in o.evidence}.values()) if status != "missing" else []
    return result(status, spec.otherwise.detail, evidence, "otherwise")  # evidence: what made it apply


def run(test: Criterion, facts: Facts | PolicyRecord) -> Outcome:
    """Apply one test to the record."""
    pairs = (facts if isinstance(facts, Facts) else Facts(facts)).pairs(test)
    values = list(dict.fromkeys(v for v, _ in pairs))
    holds = len(values) >= test.at_least
    if test.negate:
        return Outcome(holds=not holds)
    return Outcome(holds=holds, values=values if holds else [],
                   evidence=[e for _, ev in pairs for e in ev] if holds else [])


def field_values(record: PolicyRecord, test: Criterion) -> list[tuple[str, list[Evidence]]]:
    """The non-empty values at ``test.field`` (of the elements ``test.where``
    and ``test.min_score`` keep) with the evidence of the records holding them."""
    found: list[tuple[str, list[Evidence]]] = []

    def walk(node: Any, parts: list[str], evidence: list[Evidence]) -> None:
        if isinstance(node, list):
            for element in node:
                walk(element, parts, evidence)
            return
        if isinstance(node, Record):
            names = _field_names(type(node))
            if any(str(getattr(node, attr, None)) not in allowed for attr, allowed in test.where.items()
                   if attr in names):
                return
            if test.min_score is not None and getattr(node, "score", 1.0) < test.min_score:
                return
            own = node.evidence if "evidence" in names else None
            evidence = own if isinstance(own, list) else [own] if isinstance(own, Evidence) else evidence
            if parts:
                walk(getattr(node, parts[0]), parts[1:], evidence)
                return
        if node in (None, "", False) or parts:
            return
        found.append(("yes" if node is True or isinstance(node, Record) else str(node), evidence))

    walk(record, (test.field or "").split("."), [])
    return found


@lru_cache(maxsize=None)
def _field_names(model: type[Record]) -> frozenset[str]:
    return frozenset(model.model_fields)
