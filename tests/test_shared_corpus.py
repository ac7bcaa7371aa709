"""Quality floors, measured by the contract's own scorer.

The annotated corpus of ``../shared`` (beside the repository) is scanned with
the real ``Analyzer`` and scored with ``../shared/tools/score.py --json``; the
same is done for the project's own ``corpora/`` with its gold. The floors fail
the suite when extraction or requirement checking regresses.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.ingest import SUPPORTED_SUFFIXES
from nlp.pipeline import Analyzer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
CORPORA = ROOT / "corpora"

FIELDS = ("purposes", "data_items", "third_party_exceptions", "joint_use_parties")

# metric -> floor. Field F1s are per field; "extraction" is the mean of the four.
# Floors sit a little below what is measured (README), so a regression fails
# the suite while small, deliberate trade-offs between documents do not.
SHARED_FLOORS = {"extraction": 0.94, **dict.fromkeys(FIELDS, 0.91), "gaps": 0.95, "requirement_status": 0.95,
                 "foreign_transfer": 0.97, "joint_use_present": 0.97, "kind": 0.96, "organization": 0.93}
CORPORA_FLOORS = {"extraction": 0.88, **dict.fromkeys(FIELDS, 0.86), "gaps": 0.93, "requirement_status": 0.95,
                  "foreign_transfer": 0.90, "joint_use_present": 0.90, "kind": 0.95, "organization": 0.90}
#: corpora/holdout: written without sight of the rules, in six rounds of six; cold, 0.847, 0.810, 0.895,
#: 0.919, 0.897 and 0.679 extraction F1 and 0.581, 0.769, 0.640, 0.667, 0.800 and 0.552 gap F1 (see its
#: README); round 6's gaps are not all fixed, hence the lower gap floor; rounds 38 and 39 left three
#: organisations unfound (a name in a paragraph, a facility behind its operator, a kana «…の会»), hence 0.96
HOLDOUT_FLOORS = {"extraction": 0.965, **dict.fromkeys(FIELDS, 0.94), "gaps": 0.93, "requirement_status": 0.975,
                  "foreign_transfer": 0.97, "joint_use_present": 0.97, "kind": 0.97, "organization": 0.96}


def documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                  and not p.name.startswith(".") and p.name not in {"README.md", "CHANGES.md"})


def metric(scores: dict, name: str) -> float:
    if name == "extraction":
        return scores["extraction_f1_mean"]
    if name in scores and "f1" in scores[name]:
        return scores[name]["f1"]
    return scores[name]["accuracy"]


def scan_and_score(paths: list[Path], gold: Path, tmp_path: Path) -> dict:
    analyzer = Analyzer()
    out = tmp_path / "records.jsonl"
    with out.open("w", encoding="utf-8") as stream:
        for path in paths:
            stream.write(analyzer.analyze_file(path).model_dump_json() + "\n")
    done = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(out), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def check_floors(scores: dict, floors: dict[str, float]) -> None:
    assert scores["documents_without_record"] == [], "gold documents that were not analysed"
    below = {name: (metric(scores, name), floor) for name, floor in floors.items() if metric(scores, name) < floor}
    report = json.dumps({k: v for k, v in scores.items() if k != "documents_without_record"}, indent=1)
    assert not below, f"below the floor (got, floor): {below}\nall metrics:\n{report}"


needs_shared = pytest.mark.skipif(not ((SHARED / "corpus").is_dir() and (SHARED / "gold").is_dir()
                                       and SCORER.is_file()),
                                  reason=f"{SHARED} (corpus, gold, tools/score.py) is not available")


@pytest.mark.shared
@needs_shared
def test_shared_corpus_floors(tmp_path):
    paths = documents(SHARED / "corpus")
    assert len(paths) >= len(list((SHARED / "gold").glob("*.json")))
    check_floors(scan_and_score(paths, SHARED / "gold", tmp_path), SHARED_FLOORS)


@pytest.mark.shared
@needs_shared
def test_project_corpora_floors(tmp_path):
    """corpora/docs with corpora/gold, plus the reference policies with their gold beside them."""
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in [*(CORPORA / "gold").glob("*.json"), *(CORPORA / "reference").glob("*.txt.json")]:
        shutil.copy(path, gold / path.name)
    paths = [*documents(CORPORA / "docs"), *sorted((CORPORA / "reference").glob("*.txt"))]
    assert len(paths) == len(list(gold.glob("*.json")))
    check_floors(scan_and_score(paths, gold, tmp_path), CORPORA_FLOORS)


@pytest.mark.shared
@needs_shared
def test_holdout_corpus_floors(tmp_path):
    paths = documents(CORPORA / "holdout" / "docs")
    assert len(paths) == len(list((CORPORA / "holdout" / "gold").glob("*.json")))
    check_floors(scan_and_score(paths, CORPORA / "holdout" / "gold", tmp_path), HOLDOUT_FLOORS)
