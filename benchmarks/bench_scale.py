"""Speed and scale in one run (issue 8): the analyzer against fugashi alone and
whole-document ja_ginza, ``scan`` with one and two workers, peak memory of a
scan at growing corpus sizes, and WARC throughput.

    python -m benchmarks.bench_scale [--shared ../shared/corpus] [--quick]

1. The analyzer (full record and appi-2022 checks, models loaded) over the
   normalised texts of the ../shared documents, against ``fugashi.Tagger()``
   over the same texts and ``spacy.load("ja_ginza")`` over every one of them
   (``--ginza-sample N``: N middle-sized ones, for a quicker estimate);
   and ``scan`` (one worker, store and JSONL output) over the same files.
   Each is warmed first (a full pass for fugashi and the analyzer) and the
   set-up is frozen out of garbage collection as in a scan. Three rounds,
   each timing all four one after the other; a ratio is taken within each
   round, so that the machine's drift over minutes (this VM's speed moves
   by 10-20%) weighs on both sides alike, and the median round is reported.
2. ``scan`` of a few hundred documents (variants of corpora/docs) with
   ``workers=1`` and ``workers=2``, start-up included.
3. Peak RSS of ``jpolicy scan`` in a grandchild process at 1,000 and 10,000
   documents (``--quick``: 250 and 1,000): a small launcher process starts
   the scan and reads its ``ru_maxrss`` from ``os.wait4``. (A child forked
   straight from this process would report this process's own peak: Linux
   carries the high-water mark over fork and exec.)
4. ``scan`` of a WARC file of HTML pages (one document per response record),
   and reading its pages alone.
5. ``scan_on_cluster`` of the documents of part 2 on a LocalCluster of one
   and of two worker processes (cluster start-up excluded, the workers'
   analyzers included), writing Parquet parts.

Not a test: nothing is asserted. Rates are characters or documents per
second of wall time on this machine, whatever else runs on it.
"""
from __future__ import annotations

import argparse
import gc
import html
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from io import BytesIO
from pathlib import Path

from nlp.batch import list_documents, scan
from nlp.ingest import load_document
from nlp.ingest.warc import archive_pages
from nlp.pipeline import Analyzer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpora" / "docs"
LAUNCHER = ("import os, subprocess, sys; child = subprocess.Popen(sys.argv[1:]); "
            "_, status, usage = os.wait4(child.pid, 0); print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))")


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def make_corpus(folder: Path, count: int) -> Path:
    """``count`` documents: corpora/docs again and again, each copy made
    distinct by an ASCII line or comment at its end (valid in every encoding)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(path for path in DOCS.iterdir() if path.is_file())
    for number in range(count):
        source = sources[number % len(sources)]
        extra = f"\n<!-- copy {number} -->\n" if source.suffix == ".html" else f"\n({number})\n"
        (folder / f"{number:05d}_{source.name}").write_bytes(source.read_bytes() + extra.encode("ascii"))
    return folder


def write_warc(path: Path, count: int) -> Path:
    """A crawl of ``count`` HTML pages made from corpora/docs (text documents
    wrapped in paragraphs), each after its request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = []
    for source in sorted(path for path in DOCS.iterdir() if path.is_file()):
        if source.suffix == ".html":
            pages.append(source.read_bytes())
        else:
            text = load_document(source).text
            body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
            pages.append(f"<!DOCTYPE html><html lang=ja><meta charset=utf-8><body>{body}</body></html>".encode())
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number in range(count):
            url = f"https://example.jp/site{number}/privacy.html"
            request = StatusAndHeaders(f"GET /site{number}/privacy.html HTTP/1.1", [("Host", "example.jp")],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b""),
                                                          http_headers=request))
            body = pages[number % len(pages)] + f"<!-- {number} -->".encode()
            response = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                          http_headers=response))
    return path


def speed(shared: Path, ginza_sample: int, work: Path, rounds: int = 3) -> None:
    import fugashi
    import spacy

    paths = list_documents([shared]).documents
    docs = [load_document(path) for path in paths]
    texts = [doc.text for doc in docs]
    chars = sum(map(len, texts))
    print(f"\n1. Speed: {len(docs)} documents of {shared}, {chars:,} characters, {rounds} rounds")
    analyzer = Analyzer(reference="appi-2022")
    for doc in docs:  # a first pass loads what the analyzer loads on demand (GiNZA for a few documents)
        analyzer.analyze_document(doc)
    tagger = fugashi.Tagger()
    for text in texts:  # a first pass pages MeCab's dictionary in
        tagger(text)
    ginza = spacy.load("ja_ginza")
    sample = (sorted(texts, key=len)[len(texts) // 2 - ginza_sample // 2:][:ginza_sample]  # middle-sized
              if ginza_sample else texts)
    ginza(sample[0][:100])
    sample_chars = sum(map(len, sample))

    gc.freeze()  # the set-up of all of them out of garbage collections, as in a scan
    measured = []  # per round: characters/s of each, measured one after another in the same minute or two
    for run in range(rounds):
        fugashi_s = timed(lambda: [list(tagger(text)) for text in texts])
        analyzer_s = timed(lambda: [analyzer.analyze_document(doc) for doc in docs])
        scan_s = timed(lambda: scan([shared], out=work / f"shared{run}.jsonl", store=work / f"shared{run}.sqlite",
                                    analyzer=partial(Analyzer, reference="appi-2022")))
        ginza_s = timed(lambda: [ginza(text) for text in sample])
        measured.append({"fugashi only": chars / fugashi_s, "analyzer": chars / analyzer_s,
                         "scan, 1 worker": chars / scan_s, "ja_ginza": sample_chars / ginza_s})
    gc.unfreeze()
    for name in measured[0]:
        print(f"   {name:<15} " + "  ".join(f"{m[name]:>10,.0f}" for m in measured) + "  chars/s")
    print(f"   ja_ginza on {'all ' if sample is texts else ''}{len(sample)} {'' if sample is texts else 'middle-sized '}"
          f"documents ({sample_chars:,} characters) in each round")
    for label, ours, base, unit in (("analyzer / fugashi", "analyzer", "fugashi only", "%"),
                                    ("analyzer / ja_ginza", "analyzer", "ja_ginza", "x"),
                                    ("scan / ja_ginza", "scan, 1 worker", "ja_ginza", "x")):
        ratios = [m[ours] / m[base] for m in measured]
        shown = [f"{r:.1%}" if unit == "%" else f"{r:.1f}x" for r in ratios]
        middle = sorted(ratios)[len(ratios) // 2]
        print(f"   {label + ':':<21}median {f'{middle:.1%}' if unit == '%' else f'{middle:.1f}x'}"
              f"  (rounds: {', '.join(shown)})")


def workers(count: int, work: Path) -> None:
    corpus = make_corpus(work / "workers", count)
    print(f"\n2. Workers: scan of {count} documents (variants of corpora/docs), start-up included")
    Analyzer(reference="appi-2022").analyze_file(next(corpus.iterdir()))  # imports done before either run
    base = None
    for number in (1, 2):
        seconds = timed(lambda: scan([corpus], out=work / f"workers{number}.jsonl", workers=number,
                                     analyzer=partial(Analyzer, reference="appi-2022")))
        base = base or seconds
        print(f"   workers={number}: {count / seconds:7.1f} documents/s ({seconds:.1f} s), "
              f"speed-up {base / seconds:.2f}x")


def memory(sizes: list[int], work: Path) -> None:
    print(f"\n3. Peak RSS of `jpolicy scan --out x.jsonl` in its own process ({os.cpu_count()} cores)")
    for size in sizes:
        corpus = make_corpus(work / f"rss{size}", size)
        out = work / f"rss{size}.jsonl"
        start = time.perf_counter()
        scan_command = [sys.executable, "-m", "nlp.cli", "scan", str(corpus), "--out", str(out)]
        launched = subprocess.run([sys.executable, "-c", LAUNCHER, *scan_command], capture_output=True, text=True,
                                  check=True)
        seconds = time.perf_counter() - start
        peak_kib, status = launched.stdout.split()[-2:]
        print(f"   {size:>6} documents: peak RSS {int(peak_kib) / 1024:7.1f} MiB, {seconds:6.1f} s, "
              f"{size / seconds:5.1f} documents/s, exit {status}")


def warc(count: int, work: Path) -> None:
    archive = write_warc(work / "crawl.warc.gz", count)
    print(f"\n4. WARC: {archive.stat().st_size:,} bytes, {count} HTML responses and {count} requests")
    read_s = timed(lambda: list(archive_pages(archive)))
    scan_s = timed(lambda: scan([archive], out=work / "crawl.jsonl", analyzer=partial(Analyzer, reference="appi-2022")))
    print(f"   reading the pages:      {count / read_s:8.1f} documents/s")
    print(f"   scan, 1 worker:         {count / scan_s:8.1f} documents/s ({scan_s:.1f} s, start-up included)")


def cluster(count: int, work: Path) -> None:
    from distributed import LocalCluster

    from nlp.distributed import scan_on_cluster

    corpus = make_corpus(work / "cluster", count)
    print(f"\n5. Cluster: scan_on_cluster of {count} documents on a LocalCluster, cluster start-up excluded")
    base = None
    for number in (1, 2):
        with LocalCluster(n_workers=number, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address="127.0.0.1:0") as local:
            address = local.scheduler_address
            seconds = timed(lambda: scan_on_cluster([corpus], out=work / f"cluster{number}", address=address))
        base = base or seconds
        print(f"   {number} worker(s): {count / seconds:7.1f} documents/s ({seconds:.1f} s), "
              f"speed-up {base / seconds:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="the documents of part 1 (default ../shared/corpus)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes: RSS at 250 and 1,000 documents")
    parser.add_argument("--ginza-sample", type=int, default=0,
                        help="middle-sized documents parsed by ja_ginza (0: every document, about 90 s)")
    parser.add_argument("--scan-documents", type=int, default=300, help="documents of part 2")
    parser.add_argument("--warc-documents", type=int, default=200, help="pages of part 4")
    parser.add_argument("--only", choices=["speed", "workers", "memory", "warc", "cluster"], action="append",
                        help="run these parts only (repeatable)")
    args = parser.parse_args()
    parts = args.only or ["speed", "workers", "memory", "warc", "cluster"]
    sizes = [250, 1000] if args.quick else [1000, 10000]
    with tempfile.TemporaryDirectory(prefix="jpolicy-bench-") as folder:
        work = Path(folder)
        if "speed" in parts:
            if args.shared.is_dir():
                speed(args.shared, args.ginza_sample, work)
            else:
                print(f"\n1. Speed: skipped, {args.shared} is not there")
        if "workers" in parts:
            workers(args.scan_documents, work)
        if "memory" in parts:
            memory(sizes, work)
        if "warc" in parts:
            warc(args.warc_documents, work)
        if "cluster" in parts:
            cluster(args.scan_documents, work)


if __name__ == "__main__":
    main()
