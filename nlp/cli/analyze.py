"""``jpolicy analyze``: one document to a PolicyRecord, as a summary or JSON."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from nlp.cli._app import app
from nlp.errors import JPolicyError
from nlp.sanitize import for_terminal

if TYPE_CHECKING:  # the pipeline, rich and pydantic are imported when the command runs
    from rich.console import Console

    from nlp.schema import Evidence, PolicyRecord

STATUS_STYLE = {"present": "green", "partial": "yellow", "missing": "bold red", "n/a": "dim"}


@app.command("analyze")
def analyze_command(
    path: Path = typer.Argument(..., help="A policy, consent form or web form (.txt .md .html .pdf .docx); "
                                          "- reads the text from standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print the PolicyRecord as JSON."),
    with_text: bool = typer.Option(False, "--with-text", help="Include the normalised text in the JSON."),
    reference: str = typer.Option("appi-2022", help="appi-2022, none, or a reference policy file."),
    explain: bool = typer.Option(False, "--explain", help="Show each value's score and the rule or model that found it."),
    resources: list[Path] = typer.Option([], "--resources", help="A folder of resource files laid over the built-in ones "
                                         "(same layout as nlp/vocab); may be repeated."),
) -> None:
    """Extract what one document promises: purposes, data items, third-party
    grounds, joint use, foreign transfer, organisation and contact."""
    from rich.console import Console

    from nlp.batch import STDIO, stdin_as_file
    from nlp.pipeline import Analyzer

    try:
        analyzer = Analyzer(reference=None if reference.lower() == "none" else reference, resources=resources)
        if str(path) == STDIO:
            with stdin_as_file() as saved:
                record = analyzer.analyze_file(saved, with_text=with_text)
            record.source.path = STDIO
        else:
            record = analyzer.analyze_file(path, with_text=with_text)
    except JPolicyError as error:
        Console(stderr=True).print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    if as_json:
        typer.echo(record.model_dump_json(indent=1))
        return
    print_summary(record, Console(), explain=explain)


def print_summary(record: PolicyRecord, console: Console, *, explain: bool = False) -> None:
    """A readable summary of one record; every value is printed as text, never as markup."""
    from rich.table import Table

    org = record.organization
    console.print(f"[bold]{escape(record.source.path)}[/bold]  ({record.kind}, {record.source.chars} chars, "
                  f"{record.source.encoding or record.source.format})")
    console.print(f"organisation: {escape(org.name or '—')} / {escape(org.address or '—')} / "
                  f"{escape(org.representative or '—')}")
    if record.dates.established or record.dates.revised:
        console.print(f"dates: established {record.dates.established or '—'}, revised {record.dates.revised or '—'}")
    table = Table("field", "label", "evidence", show_lines=False, expand=True)
    explained: list[str] = []

    def row(field: str, label: str, text: str, evidence: Evidence | None = None) -> None:
        table.add_row(field, label, escape(text[:70]))
        if evidence is not None:
            score = f"{evidence.score:.2f}" if evidence.score is not None else "—"
            explained.append(f"[bold]{escape(field)}[/bold] {escape(label)}  score {score}\n"
                             f"  「{escape(text[:120])}」 at {evidence.span[0]}–{evidence.span[1]}\n"
                             f"  [dim]why:[/dim] {escape(evidence.explanation or '—')}")

    for purpose in record.purposes:
        row("purpose", purpose.category, purpose.text, purpose.evidence)
    for item in record.data_items:
        row(f"item ({item.context})", item.item, item.text, item.evidence)
    for exception in record.third_party.exceptions:
        row("provision ground", exception.category, exception.text, exception.evidence)
    ft = record.third_party.foreign_transfer
    if ft.present:
        row("foreign transfer", "、".join(ft.countries) or "(countries not named)",
            ft.evidence[0].text if ft.evidence else "", ft.evidence[0] if ft.evidence else None)
    for arrangement in record.joint_use:
        for party in arrangement.parties:
            row("joint user", "party", party.name, party.evidence)
        r = arrangement.responsible
        row("joint use", "responsible", " / ".join(v for v in (r.name, r.address, r.representative) if v) or "—",
            r.evidence)
    console.print("\n".join(explained) if explain else table)
    if record.compliance:
        gaps = Table("requirement", "status", "detail", title=f"against {record.reference}", expand=True)
        for result in record.compliance:
            style = STATUS_STYLE.get(result.status, "")
            gaps.add_row(f"{result.requirement} {result.title}", f"[{style}]{result.status}[/{style}]",
                         escape(result.detail))
        console.print(gaps)
    for warning in record.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")


def escape(text: str) -> str:
    """Text from a document as inert terminal text: no markup, no control characters."""
    from rich.markup import escape as rich_escape

    return rich_escape(for_terminal(text))
