"""A short start-up for ``jpolicy`` (issue 8): the command modules import the
heavy libraries and the pipeline only when a command runs, so that
``jpolicy --version`` and ``--help`` load none of them."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sklearn", "pandas", "spacy", "pyarrow", "dask", "fugashi", "scipy")
#: Also never needed to print the version or the help.
NOT_FOR_HELP = (*HEAVY, "ginza", "distributed", "warcio", "pdfminer", "nlp.pipeline", "nlp.batch")


def _loaded(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_command_imports_no_heavy_library() -> None:
    code = (f"import json, nlp.cli, sys; print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    assert _loaded(code) == []


@pytest.mark.parametrize("arguments", [["--version"], ["--help"], ["analyze", "--help"], ["scan", "--help"],
                                       ["gaps", "--help"], ["diff", "--help"], ["report", "--help"],
                                       ["train-purposes", "--help"]])
def test_version_and_help_import_no_heavy_library(arguments: list[str]) -> None:
    code = (f"import json, sys\n"
            f"sys.argv = ['jpolicy', *{arguments!r}]\n"
            f"from nlp.cli import main\n"
            f"try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
            f"print(json.dumps(sorted(m for m in {NOT_FOR_HELP!r} if m in sys.modules)))")
    assert _loaded(code) == []


def test_defaults_repeated_in_the_commands_agree_with_the_library() -> None:
    from nlp import batch
    from nlp.cli import report, scan
    from nlp.report import dashboard

    assert scan.DEFAULT_TIMEOUT == batch.DEFAULT_TIMEOUT
    assert report.TOP == dashboard.TOP


def test_the_scan_command_module_names_its_lazily_imported_globals() -> None:
    import nlp.cli.scan as scan_cli
    from nlp import batch
    from nlp.pipeline import Analyzer

    assert scan_cli.batch is batch and scan_cli.Analyzer is Analyzer
    with pytest.raises(AttributeError):
        scan_cli.no_such_name  # noqa: B018
