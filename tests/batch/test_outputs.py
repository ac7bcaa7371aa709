"""Scan outputs load cleanly: pandas keeps every status, Parquet has real list and struct
columns, CSV cells are inert in spreadsheets, and records read back."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nlp.batch import scan
from nlp.errors import InvalidStoredRecord
from nlp.records import read_errors, read_records
from nlp.schema import (ComplianceResult, Evidence, JointUse, Organization, Party, PolicyRecord, Purpose, Source)

STATUSES = ["present", "partial", "missing", "n/a"]


class TextAnalyzer:
    """A record whose organisation and joint user are the file's text; one
    requirement per status; fails on files named ``bad*``."""

    def analyze_file(self, path, *, with_text=False):
        text = Path(path).read_text(encoding="utf-8").strip()
        if Path(path).name.startswith("bad"):
            raise ValueError("cannot read this one")
        evidence = Evidence(span=(0, 2), text=text[:2], score=0.5, explanation="test#rule")
        return PolicyRecord(
            source=Source(path=str(path), sha256="0" * 64, format="txt", chars=len(text)),
            kind="privacy_policy", organization=Organization(name=text),
            purposes=[Purpose(text="発送", category="shipping", evidence=evidence)],
            joint_use=[JointUse(parties=[Party(name=text, evidence=evidence)], evidence=evidence)],
            compliance=[ComplianceResult(requirement=f"R0{n}", status=status) for n, status in enumerate(STATUSES, 1)],
        )


@pytest.fixture
def outputs(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("株式会社みなと商会", encoding="utf-8")
    (docs / "bad.txt").write_text("x", encoding="utf-8")

    def make(suffix: str) -> Path:
        out = tmp_path / f"out{suffix}"
        scan([docs, tmp_path / "missing.txt"], out=out, analyzer=TextAnalyzer)
        return out
    return make


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_statuses_survive_pandas_and_error_codes_are_text(outputs, suffix: str) -> None:
    out = outputs(suffix)
    table = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    ok = table[table["status"] == "ok"]
    assert list(ok[["R01", "R02", "R03", "R04"]].iloc[0]) == ["present", "partial", "missing", "not_applicable"]
    assert not table["status"].isna().any()
    errors = table[table["status"] == "error"]
    assert sorted(errors["error_code"]) == ["E001", "E022"]
    assert all(isinstance(code, str) for code in errors["error_code"])


def test_parquet_has_list_and_struct_columns(outputs) -> None:
    out = outputs(".parquet")
    schema = pq.read_schema(out)
    for column in ("purposes", "data_items", "exceptions", "joint_use_parties"):
        assert pa.types.is_list(schema.field(column).type) and schema.field(column).type.value_type == pa.string()
    evidence = schema.field("evidence").type
    assert pa.types.is_list(evidence) and pa.types.is_struct(evidence.value_type)
    assert {evidence.value_type.field(i).name for i in range(evidence.value_type.num_fields)} >= {
        "span", "text", "score", "explanation"}
    row = pq.read_table(out).to_pylist()[0]
    assert row["purposes"] == ["shipping"] and row["joint_use_parties"] == ["株式会社みなと商会"]
    assert row["evidence"][0] == {"field": "purposes", "label": "shipping", "span": [0, 2], "text": "株式",
                                  "score": 0.5, "explanation": "test#rule"}


def test_an_all_error_parquet_keeps_its_column_types(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    scan([tmp_path / "missing.txt"], out=out, analyzer=TextAnalyzer)
    assert pa.types.is_list(pq.read_schema(out).field("purposes").type)
    assert read_records(out) == [] and [e.error_code for e in read_errors(out)] == ["E001"]


# (text the document gives as a name, the CSV cell expected)
INJECTIONS = [
    ("=cmd|' /C calc'!A0株式会社", "'=cmd|' /C calc'!A0株式会社"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("株式会社\u202eエヌ", "株式会社<U+202E>エヌ"),
    ("株式会社みなと商会", "株式会社みなと商会"),
]


@pytest.mark.parametrize(("name", "cell"), INJECTIONS)
def test_csv_cells_from_the_document_are_inert(tmp_path: Path, name: str, cell: str) -> None:
    (tmp_path / "a.txt").write_text(name, encoding="utf-8")
    out = tmp_path / "out.csv"
    scan([tmp_path / "a.txt"], out=out, analyzer=TextAnalyzer)
    row = pd.read_csv(out).iloc[0]
    assert row["organization"] == cell and row["joint_use_parties"] == cell


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_records_read_back_equal_the_analysed_ones(outputs, suffix: str, tmp_path: Path) -> None:
    out = outputs(suffix)
    [record] = read_records(out)
    assert record == TextAnalyzer().analyze_file(tmp_path / "docs" / "a.txt")
    assert sorted((Path(e.path).name, e.error_code) for e in read_errors(out)) == [("bad.txt", "E022"),
                                                                                    ("missing.txt", "E001")]


def test_jsonl_error_rows_are_harmless_to_a_reader_of_records(outputs) -> None:
    lines = [json.loads(line) for line in outputs(".jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [line for line in lines if line.get("status") == "error"]
    assert {Path(line["source"]["path"]).name for line in errors} == {"bad.txt", "missing.txt"}
    assert all(line["error"]["code"] and line["error"]["reason"] for line in errors)
    assert all(line.get("purposes") is None and line.get("compliance") is None for line in errors)


@pytest.mark.parametrize(("content", "words"), [('{"kind": "novel"}\n', "line 1: not a valid PolicyRecord"),
                                                ("\n{oops\n", "line 2: not JSON")])
def test_a_broken_line_is_named(tmp_path: Path, content: str, words: str) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidStoredRecord, match=words):
        read_records(out)


SCORER = Path(__file__).parents[3] / "shared" / "tools" / "score.py"


@pytest.mark.shared
@pytest.mark.skipif(not SCORER.is_file(), reason="../shared is absent")
def test_the_shared_scorer_reads_a_jsonl_output_with_error_rows(outputs, tmp_path: Path) -> None:
    import subprocess
    import sys

    gold = tmp_path / "gold"
    gold.mkdir()
    done = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(outputs(".jsonl"))],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
