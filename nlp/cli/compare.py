"""``jpolicy gaps`` and ``jpolicy diff``: what a policy lacks against APPI or a
reference policy, and what changed between two versions of a policy.

Exit codes follow diff(1): 0 nothing to report, 1 something to report
(as chosen by ``--fail-on``), 2 trouble.
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from nlp.cli._app import app
from nlp.compare.diff import diff_records
from nlp.compare.reference import compare_with_reference, reference_compliance
from nlp.errors import DocumentNotFound, JPolicyError, UnknownReference
from nlp.pipeline import Analyzer
from nlp.report import DiffReport, GapsReport, Report, gap_results
from nlp.report.html import render_html
from nlp.report.markdown import render_markdown
from nlp.report.terminal import render_terminal
from nlp.schema import PolicyRecord

DEFAULT_PROFILE = "appi-2022"


class OutputFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"


class GapsFailOn(str, Enum):
    gaps = "gaps"
    never = "never"


class DiffFailOn(str, Enum):
    changes = "changes"
    gaps = "gaps"
    never = "never"


AsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON instead.")]
Format = Annotated[OutputFormat, typer.Option("--format", help="How to print the report.")]
HtmlOut = Annotated[Optional[Path], typer.Option("--html", help="Also write the report as one HTML page.",
                                                 dir_okay=False)]


@app.command()
def gaps(
    file: Annotated[Path, typer.Argument(help="The policy to check.", show_default=False)],
    reference: Annotated[str, typer.Option(
        help="The built-in profile (appi-2022) or a policy file used as reference.")] = DEFAULT_PROFILE,
    as_json: AsJson = False,
    output_format: Format = OutputFormat.terminal,
    html: HtmlOut = None,
    fail_on: Annotated[GapsFailOn, typer.Option(
        help="Exit 1 when a requirement is missing or partial (gaps), or never.")] = GapsFailOn.never,
) -> None:
    """Report the requirements FILE misses against APPI or a reference policy."""
    try:
        report = gaps_report(file, reference, with_text=html is not None)
    except JPolicyError as error:
        _fail(str(error))
    _emit(report, as_json, output_format, html)
    if fail_on is GapsFailOn.gaps and gap_results(report.record.compliance):
        raise typer.Exit(1)


@app.command()
def diff(
    baseline: Annotated[Path, typer.Argument(help="The earlier version.", show_default=False)],
    target: Annotated[Path, typer.Argument(help="The later version.", show_default=False)],
    as_json: AsJson = False,
    output_format: Format = OutputFormat.terminal,
    html: HtmlOut = None,
    fail_on: Annotated[DiffFailOn, typer.Option(
        help="Exit 1 when the versions differ (changes), when TARGET has gaps, or never.")] = DiffFailOn.changes,
) -> None:
    """Report what changed from BASELINE to TARGET, element by element."""
    try:
        report = diff_report(baseline, target, with_text=html is not None)
    except JPolicyError as error:
        _fail(str(error))
    _emit(report, as_json, output_format, html)
    if (fail_on is DiffFailOn.changes and report.diff.has_changes
            or fail_on is DiffFailOn.gaps and gap_results(report.target.compliance)):
        raise typer.Exit(1)


def gaps_report(path: Path, reference: str, *, with_text: bool = False) -> GapsReport:
    """``path`` against the built-in profile, or against the policy file ``reference``."""
    if reference == DEFAULT_PROFILE:
        [record] = analyze([path], with_text=with_text)
        return GapsReport(record=record, profile=reference)
    if not Path(reference).is_file():
        raise UnknownReference(reference, f"no such file, and not the built-in profile {DEFAULT_PROFILE}")
    target, policy = analyze([path, Path(reference)], with_text=with_text)
    return GapsReport(
        record=target.model_copy(update={"compliance": reference_compliance(target, policy), "reference": reference}),
        profile=reference,
        reference=policy,
        comparison=compare_with_reference(target, policy),
    )


def diff_report(baseline: Path, target: Path, *, with_text: bool = False) -> DiffReport:
    """Both versions with their compliance against the built-in profile, and their diff."""
    before, after = analyze([baseline, target], with_text=with_text)
    return DiffReport(baseline=before, target=after, diff=diff_records(before, after))


def analyze(paths: list[Path], *, with_text: bool) -> list[PolicyRecord]:
    """Records of ``paths`` with their compliance against the built-in profile,
    from one analyzer; every file is checked before any is analysed."""
    for path in paths:
        if not path.is_file():
            raise DocumentNotFound(path, "no such file")
    analyzer = Analyzer(reference=DEFAULT_PROFILE)
    return [analyzer.analyze_file(path, with_text=with_text) for path in paths]


def _emit(report: Report, as_json: bool, output_format: OutputFormat, html: Optional[Path]) -> None:
    if html is not None:
        try:
            html.write_text(render_html(report), encoding="utf-8")
        except OSError as error:
            _fail(f"{html}: cannot write the HTML report ({error.strerror})")
        typer.echo(f"wrote {html}", err=True)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    elif output_format is OutputFormat.markdown:
        typer.echo(render_markdown(report), nl=False)
    else:
        render_terminal(report)


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)
