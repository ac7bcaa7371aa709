"""The ``jpolicy`` command: a thin typer layer over the library.

Each command module parses options, calls a library function and formats its
result; library errors (``nlp.errors``) become messages and exit codes here.
"""
from nlp.cli import analyze, compare, report, scan, train  # noqa: F401  (registers the commands)
from nlp.cli._app import app


def main() -> None:
    app()
