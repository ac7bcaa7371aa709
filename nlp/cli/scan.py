"""``jpolicy scan``: analyse every document under some paths into one table."""
from __future__ import annotations

import importlib
import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from nlp.cli._app import app
from nlp.errors import JPolicyError
from nlp.sanitize import for_terminal

if TYPE_CHECKING:
    from rich.console import Console

    from nlp import batch

MAX_LISTED = 50
#: ``nlp.batch.DEFAULT_TIMEOUT``, repeated here so that the command starts without the pipeline (tests/cli check
#: they agree).
DEFAULT_TIMEOUT = 60.0
#: Module globals imported when a scan runs rather than when ``jpolicy`` starts: name -> (module, attribute).
_ON_FIRST_USE = {"batch": ("nlp.batch", None), "Analyzer": ("nlp.pipeline", "Analyzer")}


def __getattr__(name: str) -> Any:
    """``batch`` and ``Analyzer`` on first use (PEP 562). Once imported they are
    ordinary module globals, which the command reads and tests may replace."""
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _ON_FIRST_USE[name]
    value = importlib.import_module(module)
    if attribute:
        value = getattr(value, attribute)
    globals()[name] = value
    return value


def _imported(name: str) -> Any:
    """The module global ``name``, imported first if need be."""
    return globals()[name] if name in globals() else __getattr__(name)


@app.command("scan")
def scan_command(
    paths: list[str] = typer.Argument(..., help="Files and folders to scan (folders are walked); - reads one "
                                                "document from standard input."),
    out: str = typer.Option(..., "--out", "-o", help="Output file: .jsonl, .csv or .parquet; - writes JSON lines "
                                                     "to standard output."),
    reference: str = typer.Option("appi-2022",
                                  help="appi-2022, none (no compliance check) or a reference policy file."),
    resources: Optional[list[Path]] = typer.Option(None, "--resources",
                                                   help="Folder of resource files laid over the built-in ones "
                                                        "(repeatable)."),
    resume: bool = typer.Option(False, help="Skip documents already done and unchanged since the last run "
                                            "(same bytes, reference, resources and jpolicy version)."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, min=0,
                                  help="Seconds allowed per document; a slower one becomes an error row (0: none)."),
    store: Optional[Path] = typer.Option(None, help="SQLite store of results (default: <out>.jpolicy.sqlite)."),
    with_text: bool = typer.Option(False, help="Include the normalised text in each record."),
    errors: Optional[Path] = typer.Option(None, help="Also write the failures and the files passed over in "
                                                     "folders here, one JSON object per line."),
    dask: Optional[str] = typer.Option(None, help="Run on a dask.distributed cluster: 'local' (a LocalCluster of "
                                                  "--workers processes) or a scheduler address (tcp://host:8786). "
                                                  "--out is then a folder of Parquet parts the workers write; "
                                                  "inputs may be fsspec URLs (s3://bucket/prefix)."),
    storage_option: Optional[list[str]] = typer.Option(
        None, "--storage-option", metavar="KEY=VALUE",
        help="With --dask: an fsspec option for the inputs and the output, given to the client and the workers "
             "(repeatable): endpoint_url=http://127.0.0.1:9000, key=…, secret=…, anon=true; a JSON value is "
             "read as JSON (client_kwargs={\"region_name\": \"ap-northeast-1\"})."),
) -> None:
    """Scan many documents; write one record (JSONL) or row (CSV, Parquet) per
    document, failures included as error rows.

    Exit status: 0 all documents ok, 1 some failed, 2 nothing could be scanned.
    """
    from concurrent.futures.process import BrokenProcessPool

    from rich.console import Console

    batch, Analyzer = _imported("batch"), _imported("Analyzer")
    stderr = Console(stderr=True)
    reference_arg = None if reference.lower() == "none" else reference
    if dask and (store or resources or (workers > 1 and dask != "local")):
        raise typer.BadParameter("cannot be combined with --store or --resources, nor with --workers unless "
                                 "'local' (the cluster's workers are set where it runs)", param_hint="--dask")
    if storage_option and not dask:
        raise typer.BadParameter("only with --dask (local scans read local files)", param_hint="--storage-option")
    options = _storage_options(storage_option or [])
    if out == batch.STDIO and resume and not store:
        raise typer.BadParameter("--resume with --out - needs a --store to resume from", param_hint="--resume")
    try:
        if dask:
            from nlp.distributed import scan_on_cluster

            with _ProgressBar(stderr) as show:
                summary = scan_on_cluster(paths, out=out, address=dask, reference=reference_arg, resume=resume,
                                          with_text=with_text, workers=workers, timeout=timeout, progress=show,
                                          storage_options=options)
        else:
            analyzer = partial(Analyzer, reference=reference_arg, resources=resources or None)
            fingerprint = batch.analysis_fingerprint(reference_arg, resources or ())
            with _ProgressBar(stderr) as show:
                summary = batch.scan(paths, out=out, analyzer=analyzer, store=store, resume=resume,
                                     workers=workers, with_text=with_text, timeout=timeout,
                                     fingerprint=fingerprint, progress=show)
    except (JPolicyError, ImportError, OSError) as error:
        _say(stderr, f"error: {error}")
        raise typer.Exit(2) from error
    except BrokenProcessPool as error:
        _say(stderr, f"error: a worker process died ({error}). Results so far are in the store; "
                     "rerun with --resume to continue.")
        raise typer.Exit(2) from error
    if errors:
        batch.write_errors(summary.errors, errors)
        batch.write_errors(summary.passed_over, errors, status="skipped", append=True)
    _report(summary, stderr)
    if summary.total == 0:
        _say(stderr, "error: no documents to scan in " + ", ".join(paths))
        raise typer.Exit(2)
    raise typer.Exit(1 if summary.failed else 0)


def _storage_options(given: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as fsspec options; a value that is JSON is read as JSON."""
    options: dict[str, Any] = {}
    for pair in given:
        key, sign, value = pair.partition("=")
        if not sign or not key.strip():
            raise typer.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--storage-option")
        try:
            options[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            options[key.strip()] = value
    return options


class _ProgressBar:
    """A rich progress bar on stderr, fed by ``batch.ScanProgress`` updates. It
    redraws on each update rather than from a thread, so that worker processes
    are never forked from a multi-threaded process."""

    def __init__(self, console: Console):
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

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
    """The summary line, the failures and the files passed over, on stderr
    (standard output may be carrying the records)."""
    for note in summary.notes:
        _say(stderr, f"note: {note}")
    reused = f" ({summary.skipped} unchanged, not re-analysed)" if summary.skipped else ""
    count = len(summary.passed_over)
    passed = f"; {count} other file{'s' if count > 1 else ''} passed over" if count else ""
    _say(stderr, f"{summary.total} documents: {summary.ok + summary.skipped} ok{reused}, {summary.failed} failed"
                 f"{passed} -> {summary.out}")
    _list(stderr, "failed:", summary.errors)
    _list(stderr, "passed over (not documents):", summary.passed_over)


def _list(stderr: Console, title: str, results: list[batch.DocumentResult]) -> None:
    if not results:
        return
    _say(stderr, title)
    for result in results[:MAX_LISTED]:
        _say(stderr, f"  {result.path}: [{result.error_code}] {result.error_reason}")
    if len(results) > MAX_LISTED:
        _say(stderr, f"  … and {len(results) - MAX_LISTED} more (--errors FILE lists them all)")


def _say(stderr: Console, text: str) -> None:
    stderr.print(for_terminal(text), markup=False, highlight=False, soft_wrap=True)
