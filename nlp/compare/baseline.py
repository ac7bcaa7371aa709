"""Gating for CI: which gaps fail a run.

A gap (a requirement ``partial`` or ``missing``) fails when its severity
reaches the ``--fail-on`` threshold, its requirement is not ignored, and no
accepted-gaps baseline lists it at the same or a worse status (a gap whose
status got worse counts as new). A baseline file (YAML, or JSON by suffix)
records today's gaps with a ``reason`` people edit.
"""
from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.errors import InvalidBaseline
from nlp.schema import ComplianceResult, PolicyRecord

SEVERITIES = ("low", "medium", "high")
GAP_STATUSES = ("partial", "missing")
FAIL_ON_ALIASES = {"gaps": "low"}  # the older ``--fail-on gaps`` is every gap
DEFAULT_REASON = "accepted when the baseline was written; say why"
# fails: fails the run; not_gated: a gap, but --fail-on never (or changes) gates nothing.
Outcome = Literal["fails", "accepted", "ignored", "below_threshold", "not_gated"]
BASELINE_HEADER = (
    "# Accepted gaps for jpolicy gaps --baseline: a gap listed here (at this status or better)\n"
    "# does not fail the run; edit each reason. Written by jpolicy gaps --write-baseline.\n"
)


class AcceptedGap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    requirement: str
    status: Literal["partial", "missing"]
    reason: str = DEFAULT_REASON
    title: str = ""


class Baseline(BaseModel):
    """Accepted gaps of one policy; ``file`` and ``sha256`` say which version it was written for."""

    model_config = ConfigDict(extra="forbid")
    file: Optional[str] = None
    sha256: Optional[str] = None
    accepted: list[AcceptedGap] = Field(default_factory=list)


@dataclass(frozen=True)
class GapOutcome:
    """One gap and what the gate makes of it; ``reason`` says why it does not fail."""

    result: ComplianceResult
    outcome: Outcome
    reason: str = ""


def threshold_of(fail_on: str) -> Optional[str]:
    """The lowest failing severity for ``--fail-on`` (``never`` and ``changes``: none)."""
    fail_on = FAIL_ON_ALIASES.get(fail_on, fail_on)
    return fail_on if fail_on in SEVERITIES else None


def at_least(severity: str, threshold: Optional[str]) -> bool:
    """Whether ``severity`` reaches ``threshold`` (unknown severities count as medium)."""
    if threshold is None:
        return False
    rank = SEVERITIES.index(severity) if severity in SEVERITIES else SEVERITIES.index("medium")
    return rank >= SEVERITIES.index(threshold)


def judge_gaps(results: Iterable[ComplianceResult], *, fail_on: str = "never", ignore: Collection[str] = (),
               baseline: Optional[Baseline] = None) -> list[GapOutcome]:
    """Every gap of ``results`` with its outcome under the gate."""
    threshold = threshold_of(fail_on)
    accepted = {gap.requirement: gap for gap in (baseline.accepted if baseline else [])}
    outcomes = []
    for result in results:
        if result.status not in GAP_STATUSES:
            continue
        known = accepted.get(result.requirement)
        if result.requirement in ignore:
            outcomes.append(GapOutcome(result, "ignored", "--ignore"))
        elif known and GAP_STATUSES.index(result.status) <= GAP_STATUSES.index(known.status):
            outcomes.append(GapOutcome(result, "accepted", known.reason))
        elif threshold is None:
            outcomes.append(GapOutcome(result, "not_gated", f"--fail-on {fail_on}"))
        elif not at_least(result.severity, threshold):
            outcomes.append(GapOutcome(result, "below_threshold", f"--fail-on {fail_on}"))
        else:
            outcomes.append(GapOutcome(result, "fails"))
    return outcomes


def failing(outcomes: Iterable[GapOutcome]) -> list[GapOutcome]:
    return [o for o in outcomes if o.outcome == "fails"]


def baseline_for(record: PolicyRecord, *, file: Optional[str] = None, ignore: Collection[str] = ()) -> Baseline:
    """Today's gaps of ``record`` as accepted (ignored requirements left out)."""
    return Baseline(
        file=file or Path(record.source.path).name,
        sha256=record.source.sha256,
        accepted=[AcceptedGap(requirement=r.requirement, status=r.status, title=r.title)
                  for r in record.compliance if r.status in GAP_STATUSES and r.requirement not in ignore],
    )


def write_baseline(baseline: Baseline, path: Path) -> None:
    """Write ``baseline`` as JSON (``.json``) or YAML with an explaining header."""
    data = baseline.model_dump()
    if path.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = BASELINE_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidBaseline(path, f"cannot write the baseline ({error.strerror})") from error


def read_baseline(path: Path) -> Baseline:
    """A baseline file, validated; JSON or YAML (JSON is YAML too)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidBaseline(path, f"cannot read the baseline ({error.strerror})") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InvalidBaseline(path, f"not YAML or JSON ({error})") from error
    try:
        return Baseline.model_validate(data or {})
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise InvalidBaseline(path, f"not a baseline file ({problems})") from error
