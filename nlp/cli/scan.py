"""``jpolicy scan``: analyse every document under some paths into one table."""
from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from nlp import batch
from nlp.cli._app import app
from nlp.errors import JPolicyError
from nlp.pipeline import Analyzer

MAX_LISTED_FAILURES = 50


@app.command("scan")
def scan_command(
    paths: list[Path] = typer.Argument(..., help="Files and folders to scan (folders are walked)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file: .jsonl, .csv or .parquet."),
    reference: str = typer.Option("appi-2022",
                                  help="appi-2022, none (no compliance check) or a reference policy file."),
    resume: bool = typer.Option(False, help="Skip documents already done and unchanged since the last run."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    store: Optional[Path] = typer.Option(None, help="SQLite store of results [default: <out>.jpolicy.sqlite]."),
    with_text: bool = typer.Option(False, help="Include the normalised text in each record."),
    errors: Optional[Path] = typer.Option(None, help="Also write the failures here, one JSON object per line."),
    dask: Optional[str] = typer.Option(None, help="Run on dask: 'local' or a dask.distributed scheduler address "
                                                  "(no store, no --resume)."),
) -> None:
    """Scan many documents; write one record (JSONL) or row (CSV, Parquet) per document.

    Exit status: 0 all documents ok, 1 some failed, 2 nothing could be scanned.
    """
    stderr = Console(stderr=True)
    reference_arg = None if reference.lower() == "none" else reference
    if dask and (resume or store or workers > 1):
        raise typer.BadParameter("cannot be combined with --resume, --store or --workers", param_hint="--dask")
    try:
        if dask:
            summary = batch.scan_with_dask(paths, reference_arg, dask, out=out, with_text=with_text)
        else:
            with _ProgressBar(stderr) as show:
                summary = batch.scan(paths, out=out, analyzer=partial(Analyzer, reference=reference_arg),
                                     store=store, resume=resume, workers=workers, with_text=with_text,
                                     progress=show)
    except (JPolicyError, ImportError) as error:
        stderr.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    except BrokenProcessPool as error:
        stderr.print(f"error: a worker process died ({error}). Results so far are in the store; "
                     "rerun with --resume to continue.", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    if summary.total == 0:
        stderr.print("error: no documents to scan in " + ", ".join(map(str, paths)),
                     markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if errors:
        batch.write_errors(summary.errors, errors)
    _report(summary, stderr)
    raise typer.Exit(1 if summary.failed else 0)


class _ProgressBar:
    """A rich progress bar on stderr, fed by ``batch.ScanProgress`` updates. It
    redraws on each update rather than from a thread, so that worker processes
    are never forked from a multi-threaded process."""

    def __init__(self, console: Console):
        self._bar = Progress(TextColumn("Scanning"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(),
                             TimeRemainingColumn(), console=console, auto_refresh=False)
        self._task = self._bar.add_task("scan", total=None, failed=0)

    def __enter__(self) -> _ProgressBar:
        self._bar.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._bar.stop()

    def __call__(self, update: batch.ScanProgress) -> None:
        self._bar.update(self._task, completed=update.done, total=update.total, failed=update.failed, refresh=True)


def _report(summary: batch.ScanSummary, stderr: Console) -> None:
    reused = f" ({summary.skipped} unchanged, not re-analysed)" if summary.skipped else ""
    typer.echo(f"{summary.total} documents: {summary.ok + summary.skipped} ok{reused}, {summary.failed} failed"
               f" -> {summary.out}")
    for error in summary.errors[:MAX_LISTED_FAILURES]:
        stderr.print(f"  {error.path}: [{error.error_code}] {error.error_reason}",
                     markup=False, highlight=False, soft_wrap=True)
    if summary.failed > MAX_LISTED_FAILURES:
        stderr.print(f"  … and {summary.failed - MAX_LISTED_FAILURES} more (--errors FILE lists them all)",
                     markup=False, highlight=False, soft_wrap=True)
