"""Japanese knowledge lives in resource files, not in Python: the package's
modules keep only structural regular expressions (issue: at most 30)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "nlp"
LIMIT = 30


def compile_calls(path: Path) -> int:
    """``re.compile(...)`` calls in one module (comments and strings don't count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(1 for node in ast.walk(tree)
               if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compile"
               and isinstance(node.func.value, ast.Name) and node.func.value.id == "re")


def test_python_modules_hold_few_regular_expressions():
    counts = {str(p.relative_to(PACKAGE)): compile_calls(p) for p in PACKAGE.rglob("*.py")}
    assert sum(counts.values()) <= LIMIT, sorted(((n, f) for f, n in counts.items() if n), reverse=True)


def test_extractors_and_checks_compile_no_patterns_of_their_own():
    """Cues of extractors and statements of checks come from nlp/vocab through Resources."""
    for folder in ("extract", "compare"):
        for path in (PACKAGE / folder).glob("*.py"):
            if path.name != "base.py":
                assert compile_calls(path) == 0 or path.name == "reference.py", path.name
