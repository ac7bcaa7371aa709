"""``jpolicy report``: a corpus dashboard over a scan's output (JSONL or Parquet)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from nlp.cli._app import app
from nlp.errors import JPolicyError

#: ``nlp.report.dashboard.TOP``, repeated here so that the command starts without pandas (tests/cli check they agree).
TOP = 15


@app.command()
def report(
    results: Annotated[Path, typer.Argument(help="A scan's output (.jsonl or .parquet, from jpolicy scan --out).",
                                            show_default=False)],
    html: Annotated[Optional[Path], typer.Option(help="Write the dashboard as one HTML page.", dir_okay=False)] = None,
    markdown: Annotated[Optional[Path], typer.Option(help="Write the tables as Markdown.", dir_okay=False)] = None,
    csv: Annotated[Optional[Path], typer.Option(help="Write one CSV file per table into this folder.",
                                                file_okay=False)] = None,
    reports_dir: Annotated[Optional[Path], typer.Option(
        help="Write a gaps report (HTML) for each of the weakest documents here and link to it.",
        file_okay=False)] = None,
    top: Annotated[int, typer.Option(min=1, help="Rows in the frequency and weakest-documents tables.")] = TOP,
) -> None:
    """Summarise a scan: documents by kind, requirement status rates, frequent
    purposes, items and exceptions, joint use and foreign transfer, the weakest
    documents. Without --html, --markdown or --csv the Markdown is printed."""
    from nlp.report import dashboard as dash

    try:
        counts = dash.tally(dash.read_results(results), top=top)
    except JPolicyError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    base = (html or markdown or Path("out")).absolute().parent
    if reports_dir is not None:
        links = dash.write_reports(counts.weakest, reports_dir, base)
    else:
        links = dash.document_links(counts.weakest, base)
    board = counts.dashboard(links)
    try:
        for page in (html, markdown):
            if page:
                page.parent.mkdir(parents=True, exist_ok=True)
        if html:
            html.write_text(dash.render_html(board), encoding="utf-8")
        if markdown:
            markdown.write_text(dash.render_markdown(board), encoding="utf-8")
        if csv:
            dash.write_csv(board, csv)
    except OSError as error:
        typer.echo(f"error: {error.filename}: cannot write ({error.strerror})", err=True)
        raise typer.Exit(2) from error
    if not (html or markdown or csv):
        typer.echo(dash.render_markdown(board), nl=False)
    written = [str(p) for p in (html, markdown, csv, reports_dir) if p]
    typer.echo(f"{board.documents} documents ({len(board.failed)} failed)"
               + (f" -> {', '.join(written)}" if written else ""), err=True)
