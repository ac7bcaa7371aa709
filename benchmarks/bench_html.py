"""HTML ingest speed in one run (issue 8): BeautifulSoup tree building, which
``html_to_text`` paid on every page before, against today's ``html_to_text``
on an lxml tree.

    python -m benchmarks.bench_html [--shared ../shared/corpus] [--pages 200] [--rounds 3]

The pages are the .html/.htm files of ../shared/corpus and corpora/, decoded
as ``load_document`` decodes them (declared charset, detection), repeated
until there are ``--pages`` of them. Two timings over the same pages:

1. ``BeautifulSoup(markup, "lxml")``: building the tree only, with no text
   extracted: a floor for the old implementation, which walked that tree.
2. ``html_to_text(markup)``: parsing with lxml, walking the tree and laying
   out the text, all of it.

Each is run ``--rounds`` times and the best round is kept. Printed: pages/s,
milliseconds per page, and the ratio of the two rates. Not a test: nothing is
asserted. Times are wall time on this machine, whatever else runs on it.
"""
from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from nlp.ingest.encoding import decode_bytes
from nlp.ingest.html import declared_charset, html_to_text

ROOT = Path(__file__).resolve().parents[1]


def load_pages(folders: list[Path]) -> list[str]:
    """The HTML files under ``folders``, decoded as ``load_document`` decodes them."""
    pages = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".html", ".htm") and path.is_file():
                data = path.read_bytes()
                text, _, _ = decode_bytes(data, path, declared_charset(data))
                pages.append(text)
    return pages


def best_rate(work: Callable[[str], object], pages: list[str], rounds: int) -> float:
    """Pages per second of the fastest of ``rounds`` passes over ``pages``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            work(page)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="HTML pages besides corpora/ (default ../shared/corpus)")
    parser.add_argument("--pages", type=int, default=200, help="pages timed: the files repeated (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the pages; the best is kept (default 3)")
    args = parser.parse_args()

    files = load_pages([folder for folder in (args.shared, ROOT / "corpora") if folder.is_dir()])
    if not files:
        raise SystemExit("no .html files found")
    pages = (files * (args.pages // len(files) + 1))[:args.pages]
    chars = sum(map(len, pages))
    print(f"{len(pages)} pages ({len(files)} files repeated), {chars:,} characters, {chars / len(pages):,.0f} per page")

    warnings.simplefilter("ignore")  # bs4's guesses about the markup are not what is measured
    rates = {
        'BeautifulSoup(markup, "lxml"), tree only': best_rate(lambda page: BeautifulSoup(page, "lxml"), pages, args.rounds),
        "html_to_text (lxml tree), text included": best_rate(html_to_text, pages, args.rounds),
    }
    for name, rate in rates.items():
        print(f"   {name:<42} {rate:8.1f} pages/s {1000 / rate:7.2f} ms/page")
    old, new = rates.values()
    print(f"   ratio html_to_text / BeautifulSoup: {new / old:.1f}x")


if __name__ == "__main__":
    main()
