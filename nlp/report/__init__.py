"""Reporting: a gaps report (one record against a profile or a reference
policy) or a diff report (two versions), rendered for the terminal
(``terminal``), as Markdown (``markdown``), as one HTML page (``html``), or
for CI as SARIF (``sarif``) and JUnit XML (``junit``).

The rows every renderer shows are built here, in Japanese (default) or
English, so the renderers only format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath
from typing import Optional, Union

from pydantic import Field

from nlp.compare.baseline import GapOutcome
from nlp.compare.diff import Change, PolicyDiff
from nlp.compare.reference import ReferenceComparison
from nlp.compare.requirements import load_profile
from nlp.report.messages import Lang, load_messages
from nlp.schema import ComplianceResult, Evidence, PolicyRecord, Record

STATUSES = ("present", "partial", "missing", "n/a")
GAP_STATUSES = ("partial", "missing")
SEVERITIES = ("high", "medium", "low")
REQUIREMENTS_PROFILE = "appi-2022"  # where requirement titles and laws are looked up
SENTENCE_END = "。！？!?\n"
MAX_QUOTE_CHARS = 200
SIMILAR_LINE = 0.5  # lines at least this similar are shown side by side as one changed pair
MAX_LINE_PAIRS = 40_000  # larger replaced blocks are shown as removed then added lines
# The requirement whose legal basis covers each element a diff can change.
ELEMENT_REQUIREMENTS = {
    "purpose": "R02", "data_item": "R15", "exception": "R03", "joint_use_party": "R06",
    "responsible_party": "R08", "foreign_transfer": "R10", "foreign_transfer_country": "R10",
    "organization": "R01",
}


class GapsReport(Record):
    """A record and its compliance against ``profile`` (``appi-2022`` or a
    reference policy's path); ``reference`` and ``comparison`` when a policy is the reference."""

    record: PolicyRecord
    profile: str = "appi-2022"
    reference: Optional[PolicyRecord] = None
    comparison: Optional[ReferenceComparison] = None


class DiffReport(Record):
    """The changes from ``baseline`` to ``target``."""

    baseline: PolicyRecord
    target: PolicyRecord
    diff: PolicyDiff


Report = Union[GapsReport, DiffReport]


@dataclass(frozen=True)
class ReportOptions:
    """How to render: the language, the generation time, and the gate's verdict per gap."""

    lang: Lang = "ja"
    generated: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    outcomes: tuple[GapOutcome, ...] = ()

    def outcome(self, requirement: str) -> Optional[GapOutcome]:
        return next((o for o in self.outcomes if o.result.requirement == requirement), None)


@dataclass(frozen=True)
class Quote:
    """Evidence widened to its sentence: ``span`` is the sentence in the text,
    ``mark`` the evidence inside it; ``text`` the sentence as shown."""

    span: tuple[int, int]
    mark: tuple[int, int]
    text: str


@dataclass(frozen=True)
class RequirementRow:
    requirement: str
    title: str
    law: str
    severity: str
    status: str
    detail: str
    quotes: list[Quote]
    gap: str = ""
    action: str = ""
    baseline_status: Optional[str] = None
    outcome: Optional[str] = None  # accepted / ignored / below_threshold / fails, when gated
    outcome_reason: str = ""

    @property
    def is_gap(self) -> bool:
        return self.status in GAP_STATUSES

    @property
    def evidence(self) -> str:
        """The first quote, or nothing."""
        return self.quotes[0].text if self.quotes else ""


@dataclass(frozen=True)
class FindingRow:
    """A change or a lack/addition; ``left``/``right`` are the texts of the two sides."""

    change: str
    element: str
    label: str
    left: str
    right: str
    severity: str = ""
    law: str = ""
    left_offset: Optional[int] = None  # where the left/right text is in its document, when known
    right_offset: Optional[int] = None


class ChangeEntry(Record):
    """One change of a diff as ``diff --json`` prints it."""

    kind: str
    field: str
    label: str
    before: Optional[str] = None
    after: Optional[str] = None
    requirement: str
    severity: str
    legal_basis: str
    worse: bool  # a requirement status got worse, or an element was removed
    evidence: dict[str, list[str]]
    offsets: dict[str, Optional[int]] = Field(default_factory=dict, exclude=True)  # first evidence, per side


def gap_results(results: list[ComplianceResult]) -> list[ComplianceResult]:
    """The requirements found missing or partial."""
    return [r for r in results if r.status in GAP_STATUSES]


def subject(report: Report) -> PolicyRecord:
    """The record whose compliance the report shows (the target of a diff)."""
    return report.record if isinstance(report, GapsReport) else report.target


def display_path(path: str) -> str:
    """A path as a report shows it: relative as given, an absolute path made
    relative to the working directory when inside it, else only the file name."""
    pure = PurePath(path)
    if not pure.is_absolute():
        return pure.as_posix()
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return pure.name


def tool_version() -> str:
    try:
        return f"jpolicy {version('jpolicy')}"
    except PackageNotFoundError:
        return "jpolicy"


def title(report: Report, lang: Lang = "ja") -> str:
    words = load_messages()
    if isinstance(report, GapsReport):
        return f"{words.label('gaps_title', lang)}: {display_path(report.record.source.path)}"
    return (f"{words.label('diff_title', lang)}: {display_path(report.baseline.source.path)} → "
            f"{display_path(report.target.source.path)}")


def header_fields(report: Report, options: ReportOptions) -> list[tuple[str, str]]:
    """Who and what the report is about, and how it was made."""
    words, lang = load_messages(), options.lang
    record = subject(report)
    unknown = words.label("unknown", lang)
    files = ([(words.label("file", lang), display_path(report.record.source.path)),
              (words.label("reference", lang), display_path(report.profile))]
             if isinstance(report, GapsReport) else
             [(words.label("baseline_file", lang), display_path(report.baseline.source.path)),
              (words.label("target_file", lang), display_path(report.target.source.path)),
              (words.label("reference", lang), REQUIREMENTS_PROFILE)])
    return [
        (words.label("organization", lang), record.organization.name or unknown),
        (words.label("established", lang), record.dates.established or unknown),
        (words.label("revised", lang), record.dates.revised or unknown),
        *files,
        (words.label("tool", lang), tool_version()),
        (words.label("generated", lang), options.generated.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
    ]


def summary(report: Report, lang: Lang = "ja") -> list[tuple[str, str, int]]:
    """Counts shown at the top of every report: (key, name, count)."""
    words = load_messages()
    compliance = subject(report).compliance
    gaps = gap_results(compliance)
    counts = [("gaps", words.label("gap_count", lang), len(gaps)),
              ("high", words.label("high_gap_count", lang), sum(r.severity == "high" for r in gaps))]
    if isinstance(report, DiffReport):
        changes = report.diff.changes
        return [*((kind, words.label(kind, lang), sum(c.change == kind for c in changes))
                  for kind in ("added", "removed", "changed")), *counts]
    counts += [(status, words.status(status, lang), sum(r.status == status for r in compliance))
               for status in STATUSES]
    if report.comparison:
        counts += [("lacks", words.label("lacks", lang), len(report.comparison.lacks)),
                   ("adds", words.label("adds", lang), len(report.comparison.adds))]
    return counts


def legend(lang: Lang = "ja") -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(key, name, meaning) of each status and each severity."""
    words = load_messages()
    return ([(key, entry.name(lang), entry.meaning(lang)) for key, entry in words.statuses.items()],
            [(key, entry.name(lang), entry.meaning(lang)) for key, entry in words.severities.items()])


def requirement_rows(report: Report, options: Optional[ReportOptions] = None) -> list[RequirementRow]:
    """One row per requirement of the subject, with its law from the built-in
    profile, its evidence as sentences and, for a gap, what is missing and
    what to do; a diff adds the baseline status."""
    options = options or ReportOptions()  # generated now, not at import
    words, lang = load_messages(), options.lang
    baseline = ({r.requirement: r.status for r in report.baseline.compliance}
                if isinstance(report, DiffReport) else {})
    specs = load_profile(REQUIREMENTS_PROFILE)
    record = subject(report)
    rows = []
    for r in record.compliance:
        advice = words.advice(r.requirement, r.status)
        outcome = options.outcome(r.requirement)
        rows.append(RequirementRow(
            requirement=r.requirement,
            title=r.title or (specs[r.requirement].title if r.requirement in specs else ""),
            law=specs[r.requirement].law if r.requirement in specs else "",
            severity=r.severity,
            status=r.status,
            detail=r.detail,
            quotes=quotes(record.text, r.evidence),
            gap=advice.gap(lang) if advice else "",
            action=advice.action(lang) if advice else "",
            baseline_status=baseline.get(r.requirement, "—") if isinstance(report, DiffReport) else None,
            outcome=outcome.outcome if outcome else None,
            outcome_reason=outcome.reason if outcome else "",
        ))
    return rows


def gaps_first(rows: list[RequirementRow]) -> list[RequirementRow]:
    """Gaps by severity (high first), missing before partial, then the rest in profile order."""
    def key(row: RequirementRow) -> tuple[int, int, int]:
        if not row.is_gap:
            return (1, 0, 0)
        severity = SEVERITIES.index(row.severity) if row.severity in SEVERITIES else 1
        return (0, severity, GAP_STATUSES.index(row.status) * -1)
    return sorted(rows, key=key)


def finding_headers(report: Report, lang: Lang = "ja") -> tuple[str, str]:
    """Names of the ``left``/``right`` columns of the finding rows."""
    words = load_messages()
    if isinstance(report, DiffReport):
        return words.label("before", lang), words.label("after", lang)
    return words.label("file", lang), words.label("reference", lang)


def finding_rows(report: Report, lang: Lang = "ja") -> list[FindingRow]:
    """The changes of a diff (worse first, requirement statuses in ``lang``), or what
    the target lacks and adds against a reference policy."""
    if isinstance(report, DiffReport):
        words = load_messages()
        entries = sorted(change_entries(report), key=lambda e: (not e.worse, _severity_rank(e.severity)))

        def shown(entry: ChangeEntry, value: Optional[str]) -> str:
            return words.status(value, lang) if value and entry.field == "requirement" else value or ""
        return [FindingRow(e.kind, e.field, e.label, shown(e, e.before), shown(e, e.after), e.severity,
                           e.legal_basis, e.offsets.get("before"), e.offsets.get("after")) for e in entries]
    if report.comparison is None:
        return []
    return [*(FindingRow("lacks", f.kind, f.key, "", f.text) for f in report.comparison.lacks),
            *(FindingRow("adds", f.kind, f.key, f.text, "") for f in report.comparison.adds)]


def change_entries(report: DiffReport) -> list[ChangeEntry]:
    """One entry per change, with the severity and legal basis of the
    requirement it touches and its evidence as sentences of each side."""
    specs = load_profile(REQUIREMENTS_PROFILE)
    severities = {r.requirement: r.severity for r in [*report.baseline.compliance, *report.target.compliance]}
    entries = []
    for change in report.diff.changes:
        requirement = change.label if change.element == "requirement" else ELEMENT_REQUIREMENTS[change.element]
        spec = specs.get(requirement)
        entries.append(ChangeEntry(
            kind=change.change,
            field=change.element,
            label=change.label,
            before=change.baseline,
            after=change.target,
            requirement=requirement,
            severity=severities.get(requirement) or (spec.severity if spec else "medium"),
            legal_basis=spec.law if spec else "",
            worse=_is_worse(change),
            evidence={"before": [q.text for q in quotes(report.baseline.text, change.baseline_evidence)],
                      "after": [q.text for q in quotes(report.target.text, change.target_evidence)]},
            offsets={"before": change.baseline_evidence[0].span[0] if change.baseline_evidence else None,
                     "after": change.target_evidence[0].span[0] if change.target_evidence else None},
        ))
    return entries


def quotes(text: Optional[str], evidence: list[Evidence]) -> list[Quote]:
    """Each evidence as the sentence or list item that contains it (one quote per sentence)."""
    seen: dict[tuple[int, int], Quote] = {}
    for item in evidence:
        quote = sentence_of(text, item)
        seen.setdefault(quote.span, quote)
    return list(seen.values())


def sentence_of(text: Optional[str], evidence: Evidence) -> Quote:
    """``evidence`` widened to the sentence (up to 。！？ or the end of the line)
    containing it (evidence running across sentences: the sentence at its
    middle, where the finding is when the span is padded); a sentence longer than ``MAX_QUOTE_CHARS`` is cut at the
    clause marks (、) nearest the evidence. Without the text, the evidence itself."""
    start, end = evidence.span
    if text is None or not 0 <= start < end <= len(text):
        return Quote(evidence.span, evidence.span, _one_line(evidence.text))
    core = (start, end)
    if any(mark in text[start:end - 1] for mark in SENTENCE_END):  # across sentences: the middle one
        middle = (start + end) // 2
        core = (middle, middle + 1)
    left = max(text.rfind(mark, 0, core[0]) for mark in SENTENCE_END) + 1
    right = min((i + 1 for mark in SENTENCE_END if (i := text.find(mark, core[1] - 1)) >= 0), default=len(text))
    start, end = max(start, left), min(end, right)
    left, right = _trim(text, left, start), _trim_end(text, end, right)
    cut_left = cut_right = False
    if right - left > MAX_QUOTE_CHARS:
        reach = MAX_QUOTE_CHARS // 2
        if start - left > reach and (cut := text.find("、", start - reach, start)) >= 0:
            left, cut_left = cut + 1, True
        if right - end > reach and (cut := text.rfind("、", end, end + reach)) >= 0:
            right, cut_right = cut + 1, True
    shown = "…" * cut_left + _one_line(text[left:right]) + "…" * cut_right
    return Quote((left, right), (start, end), shown)


def aligned_lines(baseline: str, target: str) -> list[tuple[str, Optional[int], Optional[int]]]:
    """The two texts line by line, aligned: (tag, baseline line index, target line
    index) where tag is equal, changed, removed or added (difflib over lines;
    inside a replaced block, similar lines are paired in order)."""
    left, right = baseline.splitlines(), target.splitlines()
    rows: list[tuple[str, Optional[int], Optional[int]]] = []
    matcher = SequenceMatcher(None, [_squash(x) for x in left], [_squash(x) for x in right], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        pairs = _similar_pairs(left[i1:i2], right[j1:j2])
        i, j = i1, j1
        for pi, pj in [*pairs, (i2 - i1, j2 - j1)]:
            rows += [("removed", k, None) for k in range(i, i1 + pi)]
            rows += [("added", None, k) for k in range(j, j1 + pj)]
            if pi < i2 - i1:
                rows.append(("changed", i1 + pi, j1 + pj))
            i, j = i1 + pi + 1, j1 + pj + 1
    return rows


def _similar_pairs(left: list[str], right: list[str]) -> list[tuple[int, int]]:
    """The in-order pairs of similar lines (ratio ≥ ``SIMILAR_LINE``) with the
    greatest total similarity (dynamic programming); none for blocks too large to compare."""
    if len(left) * len(right) > MAX_LINE_PAIRS:
        return []
    similarity = [[_line_similarity(_squash(a), _squash(b)) for b in right] for a in left]
    best = [[0.0] * (len(right) + 1) for _ in range(len(left) + 1)]
    for i in range(len(left) - 1, -1, -1):
        for j in range(len(right) - 1, -1, -1):
            paired = best[i + 1][j + 1] + similarity[i][j] if similarity[i][j] >= SIMILAR_LINE else 0.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    pairs, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if similarity[i][j] >= SIMILAR_LINE and best[i][j] == best[i + 1][j + 1] + similarity[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _line_similarity(a: str, b: str) -> float:
    """difflib's ratio; a line mostly contained in a longer one (a clause added) counts as similar."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    ratio = matcher.ratio()
    shorter = min(len(a), len(b))
    if ratio < SIMILAR_LINE and shorter >= 6:
        matched = sum(block.size for block in matcher.get_matching_blocks())
        return SIMILAR_LINE if matched >= 0.8 * shorter else ratio
    return ratio


def _is_worse(change: Change) -> bool:
    if change.element == "requirement":
        rank = {"present": 0, "n/a": 0, "partial": 1, "missing": 2}
        return rank.get(change.target or "missing", 2) > rank.get(change.baseline or "present", 0)
    return change.change == "removed"


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else 1


def _squash(line: str) -> str:
    return "".join(line.split())


def _trim(text: str, left: int, limit: int) -> int:
    while left < limit and text[left].isspace():
        left += 1
    return left


def _trim_end(text: str, limit: int, right: int) -> int:
    while right > limit and text[right - 1].isspace():
        right -= 1
    return right


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
