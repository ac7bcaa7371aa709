"""``jpolicy gaps`` and ``jpolicy diff``: what a policy lacks against APPI or a
reference policy, and what changed between two versions of a policy.

Exit codes follow diff(1): 0 nothing to report, 1 something to report
(as chosen by ``--fail-on``, ``--ignore`` and ``--baseline``: see
``nlp.compare.baseline``), 2 trouble. Reports are Japanese unless ``--lang en``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from nlp.cli._app import app
from nlp.errors import DocumentNotFound, JPolicyError, UnknownReference

if TYPE_CHECKING:  # the pipeline, the reports and pydantic are imported when a command runs
    from nlp.compare.baseline import Baseline, GapOutcome
    from nlp.report import DiffReport, GapsReport, Report, ReportOptions
    from nlp.schema import PolicyRecord

DEFAULT_PROFILE = "appi-2022"
LINE_FORMATS = ("txt", "md")  # formats whose decoded text has the file's lines
MARKUP_FORMATS = ("html",)  # text files whose lines are found by searching the evidence


class GapsFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    sarif = "sarif"
    junit = "junit"


class DiffFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"


class Language(str, Enum):
    ja = "ja"
    en = "en"


class GapsFailOn(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"
    gaps = "gaps"
    never = "never"


class DiffFailOn(str, Enum):
    changes = "changes"
    high = "high"
    medium = "medium"
    low = "low"
    gaps = "gaps"
    never = "never"


AsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON instead.")]
HtmlOut = Annotated[Optional[Path], typer.Option("--html", help="Also write the report as one HTML page.",
                                                 dir_okay=False)]
Lang = Annotated[Language, typer.Option("--lang", help="Language of the report (Japanese or English).")]
Ignore = Annotated[Optional[list[str]], typer.Option(
    "--ignore", help="Requirement IDs that never fail the run, comma-separated (R12,R20); repeatable.")]
ResourceDirs = Annotated[Optional[list[Path]], typer.Option(
    "--resources", help="A folder of resource files laid over the built-in ones (same layout as nlp/vocab); "
                        "repeatable.", file_okay=False)]


@app.command()
def gaps(
    file: Annotated[Path, typer.Argument(help="The policy to check.", show_default=False)],
    reference: Annotated[str, typer.Option(
        help="The built-in profile (appi-2022) or a policy file used as reference.")] = DEFAULT_PROFILE,
    as_json: AsJson = False,
    output_format: Annotated[GapsFormat, typer.Option(
        "--format", help="How to print the report: terminal, markdown, or sarif / junit for CI.")] = GapsFormat.terminal,
    html: HtmlOut = None,
    lang: Lang = Language.ja,
    fail_on: Annotated[GapsFailOn, typer.Option(
        help="Exit 1 when a gap of this severity or higher fails (gaps = low: any gap), or never.")
    ] = GapsFailOn.never,
    ignore: Ignore = None,
    baseline: Annotated[Optional[Path], typer.Option(
        "--baseline", help="Accepted gaps (YAML/JSON): only gaps not in it, or worse than in it, fail.",
        dir_okay=False)] = None,
    write_baseline_to: Annotated[Optional[Path], typer.Option(
        "--write-baseline", help="Record today's gaps as accepted in this file (YAML, or JSON by suffix).",
        dir_okay=False)] = None,
    resources: ResourceDirs = None,
) -> None:
    """Report the requirements FILE misses against APPI or a reference policy."""
    from nlp.compare.baseline import baseline_for, failing, judge_gaps, read_baseline, write_baseline
    from nlp.report import ReportOptions, display_path
    from nlp.report.junit import render_junit
    from nlp.report.sarif import render_sarif

    ignored = _requirement_ids(ignore)
    try:
        report = gaps_report(file, reference, resources=resources or ())
        accepted = read_baseline(baseline) if baseline is not None else None
        if write_baseline_to is not None:
            accepted = baseline_for(report.record, file=display_path(str(file)), ignore=ignored)
            write_baseline(accepted, write_baseline_to)
            typer.echo(f"wrote {write_baseline_to} ({len(accepted.accepted)} accepted gaps)", err=True)
    except JPolicyError as error:
        _fail(str(error))
    _note_other_version(accepted, report.record, baseline)
    outcomes = judge_gaps(report.record.compliance, fail_on=fail_on.value, ignore=ignored, baseline=accepted)
    options = ReportOptions(lang=lang.value, outcomes=tuple(outcomes))
    _write_html(report, options, html)
    if as_json:
        typer.echo(_json(report, outcomes))
    elif output_format is GapsFormat.sarif:
        typer.echo(render_sarif(report, options, line_of=_line_of(file), with_baseline=accepted is not None),
                   nl=False)
    elif output_format is GapsFormat.junit:
        typer.echo(render_junit(report, options), nl=False)
    else:
        _print(report, options, output_format.value)
    if failed := failing(outcomes):
        _explain_failure(failed, fail_on.value, accepted is not None)
        raise typer.Exit(1)


@app.command()
def diff(
    baseline: Annotated[Path, typer.Argument(help="The earlier version.", show_default=False)],
    target: Annotated[Path, typer.Argument(help="The later version.", show_default=False)],
    as_json: AsJson = False,
    output_format: Annotated[DiffFormat, typer.Option("--format", help="How to print the report.")
                             ] = DiffFormat.terminal,
    html: HtmlOut = None,
    lang: Lang = Language.ja,
    fail_on: Annotated[DiffFailOn, typer.Option(
        help="Exit 1 when the versions differ (changes), on a change of this severity or higher "
             "(a requirement that improved does not count), when TARGET has gaps, or never.")
    ] = DiffFailOn.changes,
    ignore: Ignore = None,
    resources: ResourceDirs = None,
) -> None:
    """Report what changed from BASELINE to TARGET, element by element."""
    from nlp.compare.baseline import at_least, failing, judge_gaps, threshold_of
    from nlp.report import ReportOptions, change_entries

    ignored = _requirement_ids(ignore)
    try:
        report = diff_report(baseline, target, resources=resources or ())
    except JPolicyError as error:
        _fail(str(error))
    outcomes = judge_gaps(report.target.compliance, fail_on="low" if fail_on is DiffFailOn.gaps else "never",
                          ignore=ignored)
    options = ReportOptions(lang=lang.value, outcomes=tuple(outcomes))
    _write_html(report, options, html)
    entries = [e for e in change_entries(report) if e.requirement not in ignored]
    if as_json:
        typer.echo(json.dumps({"baseline": report.diff.baseline, "target": report.diff.target,
                               "changes": [e.model_dump(mode="json") for e in entries]},
                              ensure_ascii=False, indent=2))
    else:
        _print(report, options, output_format.value)
    threshold = threshold_of(fail_on.value) if fail_on is not DiffFailOn.gaps else None
    if (fail_on is DiffFailOn.changes and entries
            or fail_on is DiffFailOn.gaps and failing(outcomes)
            or any(at_least(e.severity, threshold) and (e.field != "requirement" or e.worse) for e in entries)):
        raise typer.Exit(1)


def gaps_report(path: Path, reference: str, *, with_text: bool = True,
                resources: Sequence[Path] = ()) -> GapsReport:
    """``path`` against the built-in profile, or against the policy file ``reference``
    (with the texts, so that reports quote whole sentences)."""
    from nlp.compare.reference import compare_with_reference, reference_compliance
    from nlp.report import GapsReport

    if reference == DEFAULT_PROFILE:
        [record] = analyze([path], with_text=with_text, resources=resources)
        return GapsReport(record=record, profile=reference)
    if not Path(reference).is_file():
        raise UnknownReference(reference, f"no such file, and not the built-in profile {DEFAULT_PROFILE}")
    target, policy = analyze([path, Path(reference)], with_text=with_text, resources=resources)
    return GapsReport(
        record=target.model_copy(update={"compliance": reference_compliance(target, policy), "reference": reference}),
        profile=reference,
        reference=policy,
        comparison=compare_with_reference(target, policy),
    )


def diff_report(baseline: Path, target: Path, *, with_text: bool = True,
                resources: Sequence[Path] = ()) -> DiffReport:
    """Both versions with their compliance against the built-in profile, and their diff."""
    from nlp.compare.diff import diff_records
    from nlp.report import DiffReport

    before, after = analyze([baseline, target], with_text=with_text, resources=resources)
    return DiffReport(baseline=before, target=after, diff=diff_records(before, after))


def analyze(paths: list[Path], *, with_text: bool, resources: Sequence[Path] = ()) -> list[PolicyRecord]:
    """Records of ``paths`` with their compliance against the built-in profile,
    from one analyzer; every file is checked before any is analysed."""
    from nlp.pipeline import Analyzer

    for path in paths:
        if not path.is_file():
            raise DocumentNotFound(path, "no such file")
    analyzer = Analyzer(reference=DEFAULT_PROFILE, resources=list(resources))
    return [analyzer.analyze_file(path, with_text=with_text) for path in paths]


def _requirement_ids(values: Optional[list[str]]) -> frozenset[str]:
    """``--ignore R12,R20 --ignore F01`` → {R12, R20, F01}."""
    return frozenset(part.strip().upper() for value in values or [] for part in value.split(",") if part.strip())


def _write_html(report: Report, options: ReportOptions, html: Optional[Path]) -> None:
    if html is None:
        return
    from nlp.report.html import render_html

    try:
        html.write_text(render_html(report, options), encoding="utf-8")
    except OSError as error:
        _fail(f"{html}: cannot write the HTML report ({error.strerror})")
    typer.echo(f"wrote {html}", err=True)


def _print(report: Report, options: ReportOptions, output_format: str) -> None:
    from nlp.report.markdown import render_markdown
    from nlp.report.terminal import render_terminal

    if output_format == "markdown":
        typer.echo(render_markdown(report, options), nl=False)
    else:
        render_terminal(report, options=options)


def _json(report: GapsReport, outcomes: list[GapOutcome]) -> str:
    """The report without the texts, and the gate's verdict on each gap with its evidence as sentences."""
    from nlp.report import quotes

    data = report.model_dump(mode="json", exclude={"record": {"text"}, "reference": {"text"}})
    data["gate"] = [{"requirement": o.result.requirement, "status": o.result.status, "severity": o.result.severity,
                     "outcome": o.outcome, "reason": o.reason,
                     "evidence": [q.text for q in quotes(report.record.text, o.result.evidence)]} for o in outcomes]
    return json.dumps(data, ensure_ascii=False, indent=2)


def _line_of(path: Path) -> Callable[[int], int]:
    """Offsets of the record's text → lines of ``path`` (line 1 where they cannot be mapped)."""
    from nlp.ingest import load_document
    from nlp.report.sarif import line_finder, snippet_finder

    try:
        document = load_document(path)
    except JPolicyError:
        return lambda offset: 1
    if document.format in LINE_FORMATS:
        return line_finder(document.offsets, document.raw_text)
    if document.format in MARKUP_FORMATS:
        source = path.read_bytes().decode(document.encoding or "utf-8", errors="replace")
        return snippet_finder(document.text, source)
    return lambda offset: 1


def _note_other_version(accepted: Optional[Baseline], record: PolicyRecord, path: Optional[Path]) -> None:
    from nlp.report import display_path

    if accepted is not None and path is not None and accepted.sha256 and accepted.sha256 != record.source.sha256:
        typer.echo(f"note: {path} was written for another version of {display_path(record.source.path)} "
                   "(sha256 differs); its accepted gaps still apply", err=True)


def _explain_failure(failed: list[GapOutcome], fail_on: str, with_baseline: bool) -> None:
    """One line per failing gap on standard error, naming the requirement."""
    since = " not in the baseline or worse than accepted" if with_baseline else ""
    typer.echo(f"{len(failed)} gap(s){since} fail --fail-on {fail_on}:", err=True)
    for outcome in failed:
        result = outcome.result
        typer.echo(f"  {result.requirement} {result.title} ({result.status}, severity {result.severity})", err=True)


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)
