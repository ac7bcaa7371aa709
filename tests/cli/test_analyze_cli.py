"""``jpolicy analyze`` end to end, ``python -m nlp.cli``, and the README's
commands table (the docs are tested, like sqlite-utils' test_docs.py)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
from nlp.cli._app import app
from nlp.schema import PolicyRecord

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "corpora" / "docs" / "c09_school_policy.txt"
SJIS_DOC = ROOT / "corpora" / "docs" / "c05_dental_clinic_notice.txt"
README = ROOT / "README.md"

runner = CliRunner()


def registered_commands() -> set[str]:
    return {command.name or command.callback.__name__.replace("_", "-") for command in app.registered_commands}


def test_analyze_summary():
    result = runner.invoke(app, ["analyze", str(DOC)])
    assert result.exit_code == 0, result.output
    assert "学校法人架空学園" in result.stdout
    assert "privacy_policy" in result.stdout
    assert "R13" in result.stdout  # the compliance table against appi-2022


def test_analyze_json_is_a_policy_record():
    result = runner.invoke(app, ["analyze", str(DOC), "--json"])
    assert result.exit_code == 0, result.output
    record = PolicyRecord.model_validate_json(result.stdout)
    assert Path(record.source.path).name == DOC.name
    assert record.kind == "privacy_policy"
    assert record.text is None
    assert record.reference == "appi-2022"
    assert {f"R{n:02d}" for n in range(1, 21)} <= {c.requirement for c in record.compliance}
    assert record.purposes and record.data_items and record.joint_use


def test_analyze_json_with_text_and_no_reference():
    result = runner.invoke(app, ["analyze", str(SJIS_DOC), "--json", "--with-text", "--reference", "none"])
    assert result.exit_code == 0, result.output
    record = PolicyRecord.model_validate_json(result.stdout)
    assert record.compliance == []
    assert record.source.encoding == "cp932"
    assert record.text and "かもめ歯科" in record.text
    for purpose in record.purposes:
        start, end = purpose.evidence.span
        assert record.text[start:end] == purpose.evidence.text


def test_missing_file(tmp_path):
    missing = tmp_path / "no_such_policy.txt"
    result = runner.invoke(app, ["analyze", str(missing)])
    assert result.exit_code == 2
    assert "no_such_policy.txt" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("suffix", [".xls", ".jpg", ".zip"])
def test_unsupported_suffix(tmp_path, suffix):
    path = tmp_path / f"policy{suffix}"
    path.write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    assert f"policy{suffix}" in result.output
    assert "Traceback" not in result.output


def test_unknown_reference_profile(tmp_path):
    result = runner.invoke(app, ["analyze", str(DOC), "--reference", str(tmp_path / "no_reference.txt")])
    assert result.exit_code == 2
    assert "no_reference.txt" in result.output


def test_python_m_help():
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run([sys.executable, "-m", "nlp.cli", "--help"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    for command in ("analyze", "scan", "gaps", "diff"):
        assert re.search(rf"\b{command}\b", done.stdout), command


# ---------------------------------------------------------------- the README

def readme_commands() -> dict[str, str]:
    """``command -> description`` from the README's ``## Commands`` table."""
    section = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\|\s*`jpolicy ([a-z][a-z-]*)[^`]*`\s*\|\s*(.*?)\s*\|\s*$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def test_readme_lists_every_command():
    documented = readme_commands()
    assert documented, "no commands table in README.md"
    assert set(documented) == registered_commands()
    assert all(description for description in documented.values())


@pytest.mark.parametrize("command", sorted(registered_commands()))
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    callback = next(c.callback for c in app.registered_commands
                    if (c.name or c.callback.__name__.replace("_", "-")) == command)
    assert (callback.__doc__ or "").strip(), f"{command} has no help text"


def test_explain_shows_each_value_with_its_score_and_rule():
    result = runner.invoke(app, ["analyze", str(ROOT / "corpora" / "docs" / "c05_dental_clinic_notice.txt"),
                                 "--explain", "--reference", "none"], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "why: purposes.yaml#billing_payment/" in result.output
    assert "score 0.90" in result.output


def test_resources_folder_adds_wording_without_python_changes(tmp_path):
    """A team's own wording (a purpose and a provision ground) found through --resources."""
    policy = tmp_path / "policy.txt"
    policy.write_text("個人情報保護方針\n当社は、取得した個人情報を販路拡大の検討のために利用いたします。\n"
                      "当社は、組合内互助の場合を除き、個人情報を第三者に提供しません。\n", encoding="utf-8")
    folder = tmp_path / "sector"
    folder.mkdir()
    (folder / "purposes.yaml").write_text("marketing:\n  patterns: ['販路拡大']\n  examples: ['販路拡大の検討']\n",
                                          encoding="utf-8")
    (folder / "exceptions.yaml").write_text("industry_exchange:\n  patterns: ['組合内互助']\n", encoding="utf-8")
    args = ["analyze", str(policy), "--json", "--reference", "none"]
    before = json.loads(runner.invoke(app, args).output)
    after = json.loads(runner.invoke(app, [*args, "--resources", str(folder)]).output)
    assert "marketing" not in {p["category"] for p in before["purposes"]}
    assert "industry_exchange" not in {e["category"] for e in before["third_party"]["exceptions"]}
    marketing = next(p for p in after["purposes"] if p["category"] == "marketing")
    assert marketing["evidence"]["explanation"].startswith(f"{folder / 'purposes.yaml'}#marketing/販路拡大")
    assert "industry_exchange" in {e["category"] for e in after["third_party"]["exceptions"]}


@pytest.mark.parametrize("name", ["c05_dental_clinic_notice.txt", "c16_resort_group_policy.html",
                                  "c14_webform_water_server.html"])
def test_every_value_and_verdict_is_explained(name):
    """Every purpose, item, ground, party, statement and requirement result in the
    JSON says what produced it (a resource entry, or the profile rule that decided)."""
    result = runner.invoke(app, ["analyze", str(ROOT / "corpora" / "docs" / name), "--json"])
    record = json.loads(result.output)
    evidences = [v["evidence"] for v in record["purposes"] + record["data_items"] + record["statements"]
                 + record["third_party"]["exceptions"]]
    evidences += [p["evidence"] for j in record["joint_use"] for p in j["parties"]]
    evidences += [e for c in record["compliance"] for e in c["evidence"]]
    assert evidences and all(e["explanation"] and e["score"] is not None for e in evidences)
    assert all(c["explanation"] for c in record["compliance"])
