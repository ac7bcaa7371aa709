"""``jpolicy analyze``: one document to a PolicyRecord, as a summary or JSON."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from nlp.cli._app import app
from nlp.errors import JPolicyError
from nlp.pipeline import Analyzer
from nlp.schema import PolicyRecord

STATUS_STYLE = {"present": "green", "partial": "yellow", "missing": "bold red", "n/a": "dim"}


@app.command("analyze")
def analyze_command(
    path: Path = typer.Argument(..., help="A policy, consent form or web form (.txt .md .html .pdf .docx)."),
    as_json: bool = typer.Option(False, "--json", help="Print the PolicyRecord as JSON."),
    with_text: bool = typer.Option(False, "--with-text", help="Include the normalised text in the JSON."),
    reference: str = typer.Option("appi-2022", help="appi-2022, none, or a reference policy file."),
) -> None:
    """Extract what one document promises: purposes, data items, third-party
    grounds, joint use, foreign transfer, organisation and contact."""
    try:
        analyzer = Analyzer(reference=None if reference.lower() == "none" else reference)
        record = analyzer.analyze_file(path, with_text=with_text)
    except JPolicyError as error:
        Console(stderr=True).print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    if as_json:
        typer.echo(record.model_dump_json(indent=1))
        return
    print_summary(record, Console())


def print_summary(record: PolicyRecord, console: Console) -> None:
    """A readable summary of one record; every value is printed as text, never as markup."""
    org = record.organization
    console.print(f"[bold]{escape(record.source.path)}[/bold]  ({record.kind}, {record.source.chars} chars, "
                  f"{record.source.encoding or record.source.format})")
    console.print(f"organisation: {escape(org.name or '—')} / {escape(org.address or '—')} / "
                  f"{escape(org.representative or '—')}")
    if record.dates.established or record.dates.revised:
        console.print(f"dates: established {record.dates.established or '—'}, revised {record.dates.revised or '—'}")
    table = Table("field", "label", "evidence", show_lines=False, expand=True)
    for purpose in record.purposes:
        table.add_row("purpose", purpose.category, escape(purpose.text[:70]))
    for item in record.data_items:
        table.add_row(f"item ({item.context})", item.item, escape(item.text[:70]))
    for exception in record.third_party.exceptions:
        table.add_row("provision ground", exception.category, escape(exception.text[:70]))
    ft = record.third_party.foreign_transfer
    if ft.present:
        table.add_row("foreign transfer", "、".join(ft.countries) or "(countries not named)",
                      escape(ft.evidence[0].text[:70]) if ft.evidence else "")
    for arrangement in record.joint_use:
        for party in arrangement.parties:
            table.add_row("joint user", "party", escape(party.name))
        r = arrangement.responsible
        table.add_row("joint use", "responsible", escape(" / ".join(v for v in (r.name, r.address, r.representative) if v)
                                                         or "—"))
    console.print(table)
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
    from rich.markup import escape as rich_escape

    return rich_escape(text)
