"""Scans of an S3 bucket (moto's server on loopback, fake credentials) on a
dask.distributed cluster: the same records as a local scan of the same files,
written by the workers to the bucket, and resumed by content hash."""
from __future__ import annotations

import json
import shutil
import socket
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")

from nlp.batch import scan  # noqa: E402
from nlp.distributed import read_results, scan_on_cluster  # noqa: E402
from nlp.pipeline import Analyzer  # noqa: E402
from nlp.records import result_line  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from test_warc import write_crawl  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "corpora" / "docs"
NAMES = ["c07_saas_app_privacy.txt", "c13_consent_rental_application.txt", "c16_resort_group_policy.html"]
BUCKET = "policies"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """An S3-compatible server on loopback, for this module only."""
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def options(endpoint: str) -> dict:
    return {"key": "testing", "secret": "testing", "skip_instance_cache": True,
            "client_kwargs": {"endpoint_url": endpoint, "region_name": "us-east-1"}}


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    """One worker in this process (threads): the S3 server is reached from there too."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def local(tmp_path: Path) -> Path:
    """The files put in the bucket: three documents, a web crawl, a file that is not a document."""
    folder = tmp_path / "local"
    folder.mkdir()
    for name in NAMES:
        shutil.copy(DOCS / name, folder / name)
    write_crawl(folder / "crawl.warc.gz")
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    return folder


@pytest.fixture
def bucket(local: Path, options: dict, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    import boto3
    import s3fs

    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    boto3.client("s3", aws_access_key_id="testing", aws_secret_access_key="testing",
                 **options["client_kwargs"]).create_bucket(Bucket=BUCKET)
    fs = s3fs.S3FileSystem(**options)
    fs.put([str(path) for path in sorted(local.iterdir())], f"{BUCKET}/2026/")
    yield f"s3://{BUCKET}/2026"
    fs.rm(BUCKET, recursive=True)


def local_lines(local: Path, url: str, tmp_path: Path) -> list[dict]:
    """A local scan's JSON lines, with the bucket's names in place of the local ones."""
    out = tmp_path / "local.jsonl"
    scan([local], out=out, analyzer=partial(Analyzer, reference=None))
    text = out.read_text(encoding="utf-8").replace(json.dumps(str(local))[1:-1], url)
    return sorted((json.loads(line) for line in text.splitlines()), key=lambda line: line["source"]["path"])


def test_a_bucket_scan_gives_the_records_of_a_local_scan(address: str, bucket: str, options: dict, local: Path,
                                                         tmp_path: Path) -> None:
    out = f"{bucket}-scan"
    summary = scan_on_cluster([bucket], out=out, address=address, reference=None, storage_options=options)
    assert (summary.total, summary.ok, summary.failed) == (4, 3 + 4, 0)  # the crawl counts once, has four pages
    assert [result.path for result in summary.passed_over] == [f"{bucket}/notes.csv"]
    assert summary.notes == ["6 archive records skipped (1 warcinfo record, 1 request record, 1 HTTP 301 redirect, "
                             "1 HTTP 404, 1 content type image/png, 1 metadata record)"]
    rows = [json.loads(result_line(result)) for result in read_results(out, storage_options=options)]
    assert sorted(rows, key=lambda row: row["source"]["path"]) == local_lines(local, bucket, tmp_path)
    pages = [row["source"] for row in rows if "#" in row["source"]["path"]]
    assert [page["url"] for page in pages] == ["https://example.jp/water/privacy.html",
                                               "https://example.jp/resort/policy.html",
                                               "https://example.jp/policy.pdf", "https://example.jp/sjis.html"]

    again = scan_on_cluster([bucket], out=out, address=address, reference=None, resume=True,
                            storage_options=options)
    assert (again.ok, again.skipped, again.failed) == (0, 7, 0)
    assert [json.loads(result_line(result)) for result in read_results(out, storage_options=options)] == rows


def test_a_missing_prefix_is_named(address: str, bucket: str, options: dict, tmp_path: Path) -> None:
    from nlp.errors import DocumentNotFound

    with pytest.raises(DocumentNotFound) as info:
        scan_on_cluster([f"{bucket}/nothing-here"], out=tmp_path / "out", address=address, storage_options=options)
    assert "nothing-here" in str(info.value)


def test_a_failed_partition_stops_the_scan_and_keeps_what_was_written(
        address: str, local: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp import distributed as cluster_scan
    from nlp.errors import ClusterUnavailable

    write_part = cluster_scan._write_part
    calls = []

    def failing_after_one(*args: object) -> None:  # the worker shares this process
        calls.append(args)
        if len(calls) > 1:
            raise OSError("disk full")
        write_part(*args)

    monkeypatch.setattr(cluster_scan, "_write_part", failing_after_one)
    out = tmp_path / "out"
    with pytest.raises(ClusterUnavailable) as info:
        scan_on_cluster([local], out=out, address=address, reference=None, partition_size=1)
    assert "disk full" in str(info.value) and "--resume" in str(info.value)
    monkeypatch.setattr(cluster_scan, "_write_part", write_part)
    again = scan_on_cluster([local], out=out, address=address, reference=None, partition_size=1, resume=True)
    assert again.skipped >= 1
    assert sorted(json.loads(result_line(r))["source"]["path"] for r in read_results(out)) == \
        sorted(line["source"]["path"] for line in local_lines(local, str(local), tmp_path))


def test_the_command_takes_storage_options(address: str, bucket: str, options: dict, endpoint: str) -> None:
    """`jpolicy scan s3://… --dask ADDRESS --storage-option …`: the options reach the client and the workers."""
    from typer.testing import CliRunner

    from nlp.cli import app

    out = f"{bucket}-cli"
    given = ["key=testing", "secret=testing", "skip_instance_cache=true",
             'client_kwargs={"endpoint_url": "%s", "region_name": "us-east-1"}' % endpoint]
    result = CliRunner().invoke(app, ["scan", bucket, "--out", out, "--dask", address, "--reference", "none",
                                      *[arg for option in given for arg in ("--storage-option", option)]])
    assert result.exit_code == 0, result.output
    rows = list(read_results(out, storage_options=options))
    assert len(rows) == 7 and all(row.ok for row in rows)
    without = CliRunner().invoke(app, ["scan", bucket, "--out", out, "--storage-option", "key=testing"])
    assert without.exit_code == 2 and "only with --dask" in without.output
    malformed = CliRunner().invoke(app, ["scan", bucket, "--out", out, "--dask", address, "--storage-option", "key"])
    assert malformed.exit_code == 2 and "KEY=VALUE" in malformed.output
