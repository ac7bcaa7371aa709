"""Golden records (``tests/golden/*.json``) of every document of ``corpora/``:
a change in output is a reviewed diff, never a silent update.

Regenerate with ``.venv/bin/python tests/golden/update.py`` and review
``git diff tests/golden``.
"""
from __future__ import annotations

import difflib
import importlib.util
import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def _load_update():
    spec = importlib.util.spec_from_file_location("golden_update", GOLDEN / "update.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


update = _load_update()
DOCUMENTS = update.documents()
HINT = "\nIf the change is intended: .venv/bin/python tests/golden/update.py, then review git diff tests/golden"


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_golden(document):
    path = update.golden_path(document)
    if not path.exists():
        pytest.fail(f"no golden file {path.name}{HINT}", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    actual = update.current(document)
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                    fromfile=f"golden/{path.name}", tofile="fresh analysis", lineterm="", n=2)
        pytest.fail("\n".join(diff) + HINT, pytrace=False)


def test_no_stale_golden_files():
    wanted = {update.golden_path(d).name for d in DOCUMENTS}
    assert sorted(p.name for p in GOLDEN.glob("*.json") if p.name not in wanted) == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_golden_file_is_canonical(document):
    """Golden files are exactly what update.py writes (sorted keys, UTF-8 Japanese, 2-space indent)."""
    path = update.golden_path(document)
    if not path.exists():
        pytest.skip("reported by test_golden")
    text = path.read_text(encoding="utf-8")
    assert update.render(json.loads(text)) == text
    assert set(json.loads(text)) == {"document", "source", "kind", "organization", "dates", "purposes", "data_items",
                                     "third_party_exceptions", "foreign_transfer", "joint_use", "compliance",
                                     "explanations"}
