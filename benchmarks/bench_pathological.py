"""Pathological inputs against a normal policy of the same size. Prints, for
each input, its analysis time divided by the time of the normal policy, in one run.

    python -m benchmarks.bench_pathological [--kb 300] [--scale-mb 5]

Every input is about ``--kb`` kilobytes of UTF-8; the normal policy repeats the
text of ``corpora/docs``. ``Analyzer().analyze_text`` (structure, every
extractor, the appi-2022 checks; models loaded before timing) is timed; then, for files that only a reader
finds hard, ``load_document`` against reading the normal policy as a .txt file. With
``--scale-mb`` the normal policy is also timed at that size, and the time per
kilobyte is compared with the time per kilobyte at ``--kb`` (linear time gives
a ratio near 1).
"""
from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from pathlib import Path

from nlp.batch import iter_documents
from nlp.ginza_ner import pipeline as ginza_pipeline
from nlp.ingest import load_document
from nlp.pipeline import Analyzer

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "docs"


def fit(unit: str, size: int) -> str:
    """``unit`` repeated and cut to ``size`` bytes of UTF-8 (on a character boundary)."""
    repeats = size // len(unit.encode("utf-8")) + 1
    return (unit * repeats).encode("utf-8")[:size].decode("utf-8", errors="ignore")


def inputs(size: int) -> dict[str, str]:
    """The pathological inputs of issue 7, each about ``size`` bytes."""
    policy = "\n\n".join(load_document(path).text for path in iter_documents([CORPUS]))
    letters = random.Random(7)
    return {
        "one line of ASCII letters": "".join(letters.choice(string.ascii_letters) for _ in range(size)),
        "full-width digits": fit("０１２３４５６７８９", size),
        "「共同利用」 repeated": fit("共同利用", size),
        "the policy without 、": fit(policy.replace("、", ""), size),
        "the policy without 、 and line breaks": fit(policy.replace("、", "").replace("\n", ""), size),
        "one line of the policy's clauses": fit(policy.replace("\n", "、"), size),
        "one numbered line of the policy": "1." + fit(policy.replace("\n", ""), size - 2),
        "short heading-like lines": fit("氏名の取扱い\n住所\n", size),
        "one line of items and 、": fit("氏名、住所、Cookie、位置情報、", size),
        "one line of tab-separated items": fit("氏名\t住所\t", size),
    }


def files(size: int) -> dict[str, tuple[str, bytes]]:
    """Files that are hard for a reader, each about ``size`` bytes: (suffix, bytes)."""
    policy = normal(size)
    return {
        "Markdown: a line of [": (".md", fit("[", size).encode()),
        "Markdown: a heading of # # #": (".md", ("# " + fit("# ", size - 3) + "a").encode()),
        "Markdown: a run of [x](": (".md", fit("[x](", size).encode()),
        "HTML: the policy in nested <div>s": (".html", ("<div>" * 5000 + policy[: size // 3] + "</div>" * 5000).encode()),
        "UTF-16 without a byte-order mark": (".txt", policy[: size // 2].encode("utf-16-le")),
        "cp932": (".txt", policy.encode("cp932", errors="ignore")[:size]),
    }


def read_seconds(folder: Path, name: str, data: bytes) -> float:
    path = folder / name
    path.write_bytes(data)
    start = time.perf_counter()
    load_document(path)
    return time.perf_counter() - start


def normal(size: int) -> str:
    policy = "\n\n".join(load_document(path).text for path in iter_documents([CORPUS]))
    return fit(policy, size)


def seconds(analyzer: Analyzer, text: str) -> float:
    start = time.perf_counter()
    analyzer.analyze_text(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=300, help="size of every input in kilobytes")
    parser.add_argument("--scale-mb", type=float, default=0, help="also time the normal policy at this size")
    args = parser.parse_args()
    size = args.kb * 1000
    analyzer = Analyzer(reference="appi-2022")
    analyzer.analyze_text(normal(20_000))  # load the tagger and the resources before timing
    ginza_pipeline()("準備")  # and GiNZA, which the joint-use extractor loads on first use
    baseline = seconds(analyzer, normal(size))
    print(f"normal policy, {args.kb} KB: {baseline:.2f} s")
    for name, text in inputs(size).items():
        took = seconds(analyzer, text)
        print(f"{name:40s} {took:7.2f} s   ratio {took / baseline:5.2f}")
    with tempfile.TemporaryDirectory() as folder:
        read_baseline = read_seconds(Path(folder), "normal.txt", normal(size).encode())
        print(f"reading the normal policy as .txt, {args.kb} KB: {read_baseline:.3f} s")
        for number, (name, (suffix, data)) in enumerate(files(size).items()):
            took = read_seconds(Path(folder), f"{number}{suffix}", data)
            print(f"{name:40s} {took:7.3f} s   ratio {took / read_baseline:5.2f}")
    if args.scale_mb:
        big = int(args.scale_mb * 1_000_000)
        took = seconds(analyzer, normal(big))
        per_kb = (took / big) / (baseline / size)
        print(f"normal policy, {args.scale_mb:g} MB: {took:.2f} s; time per KB against {args.kb} KB: ratio {per_kb:.2f}")


if __name__ == "__main__":
    main()
