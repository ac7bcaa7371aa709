"""Start-up of the ``jpolicy`` command in one run (issue 8): how long the
command takes when it does next to nothing, against the interpreter alone.

    python -m benchmarks.bench_startup [--runs 5] [--document corpora/docs/c05_dental_clinic_notice.txt]

Each command runs ``--runs`` times (default 5) in a fresh process
(``subprocess.run``, output captured) and the median wall time is printed:

1. ``python -c pass``: the interpreter's own start-up, the floor.
2. ``jpolicy --version``: the command's start-up: typer and the command
   modules, and nothing the commands need only when they run (sklearn,
   scipy, pandas, pyarrow, spaCy/GiNZA, dask, fugashi, the pipeline).
3. ``jpolicy analyze DOCUMENT``: the same plus the pipeline's imports, the
   analyzer's resources, one small document and its appi-2022 checks.

The ratio printed is ``jpolicy --version`` over ``python -c pass``. The
``jpolicy`` script beside this interpreter is used (the venv's), so run it
with the venv's Python. Not a test: nothing is asserted. Times are wall time
on this machine, whatever else runs on it; run ``uptime`` alongside.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "corpora" / "docs" / "c05_dental_clinic_notice.txt"
JPOLICY = Path(sys.executable).with_name("jpolicy")


def median_wall(command: list[str], runs: int) -> float:
    """The median wall time of ``command`` over ``runs`` fresh processes (each must exit 0)."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per command; the median is printed")
    parser.add_argument("--document", type=Path, default=DOCUMENT, help="the document of jpolicy analyze")
    args = parser.parse_args()
    jpolicy = [str(JPOLICY)] if JPOLICY.exists() else [sys.executable, "-m", "nlp.cli"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "jpolicy --version": [*jpolicy, "--version"],
        f"jpolicy analyze {args.document.name}": [*jpolicy, "analyze", str(args.document)],
    }
    print(f"Start-up: median wall time of {args.runs} runs each ({' '.join(jpolicy)})")
    times = {name: median_wall(command, args.runs) for name, command in commands.items()}
    for name, seconds in times.items():
        print(f"   {name:<45} {seconds:7.3f} s")
    print(f"   jpolicy --version / python -c pass: {times['jpolicy --version'] / times['python -c pass']:.1f}x")


if __name__ == "__main__":
    main()
