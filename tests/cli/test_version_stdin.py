"""``--version`` and ``-`` for standard input and output."""
from __future__ import annotations

import json
from importlib.metadata import version

from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
from nlp.cli._app import app

POLICY = "株式会社みなと商会は、お客様の氏名とメールアドレスを、ご注文の品の発送のために利用します。\n"
runner = CliRunner()


def test_version_prints_the_installed_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"jpolicy {version('jpolicy')}"


def test_analyze_reads_standard_input() -> None:
    result = runner.invoke(app, ["analyze", "-", "--json", "--reference", "none"], input=POLICY.encode("shift_jis"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"]["path"] == "-" and record["source"]["encoding"].lower() in {"shift_jis", "cp932"}
    assert any("発送" in p["text"] for p in record["purposes"])


def test_scan_reads_standard_input_and_writes_json_lines_to_standard_output(tmp_path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["scan", "-", str(missing), "--out", "-", "--reference", "none"],
                           input=POLICY.encode("utf-8"))
    assert result.exit_code == 1, result.output
    record, error = (json.loads(line) for line in result.stdout.splitlines())
    assert record["source"]["path"] == "-" and any("発送" in p["text"] for p in record["purposes"])
    assert error["status"] == "error" and error["error"]["code"] == "E001"
    assert "2 documents: 1 ok, 1 failed" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_resume_to_standard_output_needs_a_store() -> None:
    result = runner.invoke(app, ["scan", "-", "--out", "-", "--resume"], input=POLICY)
    assert result.exit_code == 2 and "--store" in result.output
