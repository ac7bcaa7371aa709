"""Golden records: a compact, reviewable projection of the PolicyRecord of every
document in ``corpora/docs/`` and ``corpora/reference/*.txt``.

    .venv/bin/python tests/golden/update.py            # rewrite every golden file
    .venv/bin/python tests/golden/update.py --check    # exit 1 if any would change

``tests/test_golden.py`` compares a fresh analysis with these files. After a
deliberate change in output, rerun this script and review ``git diff
tests/golden`` like any other change.
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path

from nlp.pipeline import Analyzer
from nlp.schema import PolicyRecord

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPORA = ROOT / "corpora"


def documents() -> list[Path]:
    """The documents that have golden records, in a stable order."""
    docs = sorted(p for p in (CORPORA / "docs").iterdir() if p.is_file() and not p.name.startswith("."))
    return docs + sorted((CORPORA / "reference").glob("*.txt"))


def golden_path(document: Path) -> Path:
    return HERE / f"{document.name}.json"


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    return Analyzer()  # appi-2022


def project(record: PolicyRecord, document: Path) -> dict:
    """The reviewable part of a record: labels as sorted sets, names as written, statuses by requirement."""
    org = record.organization
    ft = record.third_party.foreign_transfer
    return {
        "document": document.relative_to(ROOT).as_posix(),
        "source": {"encoding": record.source.encoding, "format": record.source.format},
        "kind": record.kind,
        "organization": {"name": org.name, "address": org.address, "representative": org.representative},
        "dates": {"established": record.dates.established, "revised": record.dates.revised},
        "purposes": sorted(record.labels("purposes")),
        "data_items": sorted(record.labels("data_items")),
        "third_party_exceptions": sorted(record.labels("third_party_exceptions")),
        "foreign_transfer": {"present": ft.present, "countries": sorted(ft.countries)},
        "joint_use": [
            {"parties": [p.name for p in arrangement.parties],
             "responsible": {"name": arrangement.responsible.name, "address": arrangement.responsible.address,
                             "representative": arrangement.responsible.representative}}
            for arrangement in record.joint_use
        ],
        "compliance": {c.requirement: c.status for c in record.compliance},
        "explanations": explanations(record),
    }


def explanations(record: PolicyRecord) -> dict[str, list[str]]:
    """Which rules produced each field's values (``label <- file#entry/pattern``),
    so that a changed rule shows up in the golden diff."""
    fields = {
        "purposes": [(p.category, p.evidence) for p in record.purposes],
        "data_items": [(d.item, d.evidence) for d in record.data_items],
        "third_party_exceptions": [(e.category, e.evidence) for e in record.third_party.exceptions],
        "joint_use_parties": [(p.name, p.evidence) for j in record.joint_use for p in j.parties],
        "statements": [(s.label, s.evidence) for s in record.statements],
    }
    return {field: sorted({f"{label} <- {evidence.explanation}" for label, evidence in values})
            for field, values in fields.items() if values}


def render(projection: dict) -> str:
    return json.dumps(projection, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def current(document: Path) -> str:
    """The golden text a fresh analysis of ``document`` gives."""
    return render(project(analyzer().analyze_file(document), document))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report which golden files would change")
    args = parser.parse_args(argv)
    changed = []
    wanted = {golden_path(d) for d in documents()}
    for document in documents():
        path = golden_path(document)
        text = current(document)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    stale = sorted(p for p in HERE.glob("*.json") if p not in wanted)
    for path in stale:
        changed.append(f"{path.name} (no such document)")
        if not args.check:
            path.unlink()
    verb = "would change" if args.check else "updated"
    print(f"{len(changed)} golden file(s) {verb}" + "".join(f"\n  {name}" for name in changed))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
