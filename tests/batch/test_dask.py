"""Scans on a dask.distributed cluster (a LocalCluster of two worker processes
on loopback, reached by its scheduler address) give the rows of a local scan,
written by the workers as Parquet parts, and resume after a killed run."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from nlp import distributed as cluster_scan  # noqa: E402
from nlp.batch import scan  # noqa: E402
from nlp.distributed import read_results, scan_on_cluster  # noqa: E402
from nlp.errors import ClusterUnavailable, UnsupportedFormat  # noqa: E402
from nlp.pipeline import Analyzer  # noqa: E402
from nlp.records import result_line  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "corpora" / "docs"
NAMES = ["c01_coop_kyosai_policy.txt", "c06_ec_shop_policy.md", "c07_saas_app_privacy.txt",
         "c13_consent_rental_application.txt", "c14_webform_water_server.html", "c16_resort_group_policy.html"]


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Six documents of corpora/, an empty one (an error row) and a file that is not a document."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    for number, name in enumerate(NAMES):
        shutil.copy(DOCS / name, folder / ("sub" if number % 2 else "") / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    return folder


def local_lines(inputs: list[Path], tmp_path: Path) -> list[dict]:
    """The JSON lines of a local scan of ``inputs``."""
    out = tmp_path / "local.jsonl"
    scan(inputs, out=out, analyzer=partial(Analyzer, reference=None))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def cluster_lines(out: Path | str, **storage_options: object) -> list[dict]:
    return [json.loads(result_line(result)) for result in read_results(out, storage_options=storage_options)]


def parts_of(out: Path) -> dict[str, str]:
    """The part file holding each document's row."""
    return {path: part.name for part in sorted(out.glob("part-*.parquet"))
            for path in pd.read_parquet(part, columns=["path"])["path"]}


def test_a_folder_scan_gives_the_rows_of_a_local_scan(address: str, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = scan_on_cluster([corpus], out=out, address=address, reference=None, partition_size=2)
    assert (summary.total, summary.ok, summary.failed) == (7, 6, 1)
    assert [result.path for result in summary.passed_over] == [str(corpus / "notes.csv")]
    expected = local_lines([corpus], tmp_path)
    assert cluster_lines(out) == expected
    assert [line["source"].get("format") for line in expected].count("html") == 2
    assert len(list(out.glob("part-*.parquet"))) == 4
    table = pd.read_parquet(out)
    assert list(table.columns) == list(cluster_scan.COLUMNS)
    assert sorted(table["status"]) == ["error"] + ["ok"] * 6


def test_a_second_run_without_resume_replaces_the_first(address: str, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    scan_on_cluster([corpus], out=out, address=address, reference=None)
    (corpus / "empty.txt").unlink()
    summary = scan_on_cluster([corpus], out=out, address=address, reference=None)
    assert (summary.ok, summary.skipped, summary.failed) == (6, 0, 0)
    assert cluster_lines(out) == local_lines([corpus], tmp_path)


def test_a_killed_run_resumes(address: str, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    documents = sorted(path for path in corpus.rglob("*.*") if path.suffix != ".csv")
    half = documents[:4]
    first = scan_on_cluster(half, out=out, address=address, reference=None, partition_size=2)
    assert (first.ok, first.failed) == (3, 1)  # empty.txt is among them
    first_parts = parts_of(out)
    # The run was killed: a part half written, and one written twice (before the older copy was removed).
    (out / ".part-unfinished.parquet.partial").write_bytes(b"PAR1")
    oldest = sorted(out.glob("part-*.parquet"))[0]
    shutil.copy(oldest, out / "part-99990101T000000-killed-000001.parquet")
    changed = half[0]
    changed.write_bytes(changed.read_bytes() + b"\n")

    second = scan_on_cluster([corpus], out=out, address=address, reference=None, resume=True, partition_size=2)

    unchanged = [str(path) for path in half if path != changed and path.name != "empty.txt"]
    assert second.skipped == len(unchanged) == 2
    assert (second.ok, second.failed) == (4, 1)  # the three new, the changed one; empty.txt again
    rows = cluster_lines(out)
    paths = [row["source"]["path"] for row in rows]
    assert len(paths) == len(set(paths)) == 7
    by_path = {row["source"]["path"]: row for row in rows}
    assert by_path == {row["source"]["path"]: row for row in local_lines([corpus], tmp_path)}
    now = parts_of(out)
    for path in unchanged:  # not analysed again: still in the first run's parts (or their copy)
        assert now[path] in {*first_parts.values(), "part-99990101T000000-killed-000001.parquet"}
    assert now[str(changed)] not in first_parts.values()
    assert not list(out.glob(".*.partial"))


def test_the_output_is_a_folder(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat) as info:
        scan_on_cluster([corpus], out=tmp_path / "out.parquet", address="tcp://127.0.0.1:1")
    assert "out.parquet" in str(info.value)


def test_an_unreachable_scheduler_is_named(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(cluster_scan, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterUnavailable) as info:
        scan_on_cluster([corpus], out=tmp_path / "out", address=f"tcp://127.0.0.1:{port}")
    assert f"127.0.0.1:{port}" in str(info.value)


def test_cli_scan_through_a_scheduler_address(address: str, corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nlp.cli import app

    out = tmp_path / "out"
    args = ["scan", str(corpus), "--out", str(out), "--reference", "none", "--dask", address]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output  # empty.txt failed
    assert "7 documents: 6 ok, 1 failed" in result.output
    again = CliRunner().invoke(app, [*args, "--resume"])
    assert "7 documents: 6 ok (6 unchanged, not re-analysed), 1 failed" in again.output

    def by_path(lines: list[dict]) -> list[dict]:  # the failed one was tried again: its row is now last
        return sorted(lines, key=lambda line: line["source"]["path"])

    assert by_path(cluster_lines(out)) == by_path(local_lines([corpus], tmp_path))
