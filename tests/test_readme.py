"""The README's worked example is the tool's real output: each ``$ jpolicy …``
line of its console blocks is run again (in a scratch directory that sees
``corpora/``) and the lines shown must appear in the output, in order, with
``...`` standing for any lines left out. The Python example runs too."""
from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
from nlp.cli._app import app

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## A worked example"
ELLIPSIS = "..."

pytestmark = pytest.mark.ginza


def worked_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start:end if end >= 0 else None]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", worked_example(), re.DOTALL)


def sessions() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of every console block, in order."""
    steps: list[tuple[str, list[str]]] = []
    for block in blocks("console"):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line.rstrip())
    return steps


def shows(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` shows ``expected``: runs of lines between ``...`` appear
    consecutively and in order; without a leading/trailing ``...`` the output starts/ends there."""
    runs, run = [], []
    for line in expected:
        if line == ELLIPSIS:
            runs.append(run)
            run = []
        else:
            run.append(line)
    runs.append(run)
    if ELLIPSIS not in expected:
        return actual == expected
    if actual[:len(runs[0])] != runs[0] or (runs[-1] and actual[len(actual) - len(runs[-1]):] != runs[-1]):
        return False
    position = len(runs[0])
    for middle in runs[1:-1]:
        found = next((i for i in range(position, len(actual) - len(middle) + 1)
                      if actual[i:i + len(middle)] == middle), None)
        if found is None:
            return False
        position = found + len(middle)
    return position <= len(actual) - len(runs[-1])


def run(command: str, state: dict) -> list[str]:
    """Run one README command; ``state`` keeps the last exit code for ``echo $?``."""
    words = shlex.split(command)
    if words == ["echo", "$?"]:
        return [str(state["code"])]
    if words[0] == "cat":
        return Path(words[1]).read_text(encoding="utf-8").splitlines()
    assert words[0] == "jpolicy", f"the README shows a command the test cannot run: {command}"
    redirect = words.index(">") if ">" in words else None
    arguments = words[1:redirect]
    result = CliRunner().invoke(app, arguments, env={"COLUMNS": "80"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    state["code"] = result.exit_code
    if redirect is not None:
        if words[redirect + 1] != "/dev/null":
            Path(words[redirect + 1]).write_text(result.stdout, encoding="utf-8")
        shown = result.stderr
    else:
        shown = result.output
    return [line.rstrip() for line in shown.splitlines()]


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_has_a_worked_example():
    commands = [command for command, _ in sessions()]
    assert sum(command.startswith("jpolicy gaps") for command in commands) >= 3
    assert any("--baseline" in command for command in commands)
    assert any(command.startswith("jpolicy diff") for command in commands)


def test_console_examples_show_the_real_output(scratch):
    state = {"code": 0}
    for command, expected in sessions():
        actual = run(command, state)
        assert shows(expected, actual), f"$ {command}\n--- README shows:\n" + "\n".join(expected) + \
            "\n--- the tool prints:\n" + "\n".join(actual)
    assert (scratch / "diff.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_python_example_runs_and_shows_what_it_says(monkeypatch):
    monkeypatch.chdir(ROOT)
    [code] = blocks("python")
    namespace: dict = {}
    for statement in ast.parse(code).body:
        source = ast.get_source_segment(code, statement)
        line = code.splitlines()[statement.end_lineno - 1]
        if isinstance(statement, ast.Expr) and "# {" in line:
            value = eval(compile(ast.Expression(statement.value), "README", "eval"), namespace)
            claimed = line.split("# ", 1)[1].replace(", ...", "")
            assert ast.literal_eval(claimed) <= value, f"{source} gives {value}"
        else:
            exec(compile(ast.Module([statement], []), "README", "exec"), namespace)


SHOWS_CASES = [
    (["a", "...", "c"], ["a", "b", "c"], True),
    (["a", "...", "c", "..."], ["a", "b", "c", "d"], True),
    (["a", "c"], ["a", "b", "c"], False),
    (["a", "...", "d"], ["a", "b", "c"], False),
    (["b", "..."], ["a", "b"], False),
    (["...", "x", "..."], ["a", "b"], False),
]


@pytest.mark.parametrize(("expected", "actual", "result"), SHOWS_CASES)
def test_shows(expected, actual, result):
    assert shows(expected, actual) is result
