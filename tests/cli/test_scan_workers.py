"""``scan --workers N``: forked workers inherit an analyzer warmed once in the
scanning process instead of each repeating its first-use set-up (issue 8)."""
from __future__ import annotations

import gc
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from nlp.batch import scan
from nlp.pipeline import Analyzer

POLICY = "当社は、お客様の氏名とメールアドレスを、商品の発送のために利用します。\n"

pytestmark = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                                reason="workers inherit the warmed analyzer only when they are forked")


class SetUpOnce(Analyzer):
    """An analyzer whose first use in a process does an expensive set-up,
    which it records (the process id) in the file ``SetUpOnce.log``."""

    log: Path
    done = False

    def analyze_text(self, text, **options):
        self._set_up()
        return super().analyze_text(text, **options)

    def analyze_file(self, path, *, with_text=False):
        self._set_up()
        return super().analyze_file(path, with_text=with_text)

    def _set_up(self) -> None:
        if not SetUpOnce.done:
            SetUpOnce.done = True
            with SetUpOnce.log.open("a", encoding="utf-8") as log:
                log.write(f"{os.getpid()}\n")


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(count):
        (folder / f"{number}.txt").write_text(POLICY + f"({number})\n", encoding="utf-8")
    return folder


@pytest.fixture
def set_up_log(tmp_path: Path):
    SetUpOnce.log, SetUpOnce.done = tmp_path / "set-up.log", False
    SetUpOnce.log.touch()
    yield SetUpOnce.log
    SetUpOnce.done = False


def test_two_workers_share_one_set_up_done_before_the_fork(tmp_path: Path, set_up_log: Path) -> None:
    folder = _folder(tmp_path, 6)
    summary = scan([folder], out=tmp_path / "out.jsonl", analyzer=lambda: SetUpOnce(reference=None), workers=2)
    assert summary.ok == 6
    assert set_up_log.read_text(encoding="utf-8").split() == [str(os.getpid())]
    paths = [json.loads(line)["source"]["path"] for line in (tmp_path / "out.jsonl").open(encoding="utf-8")]
    assert [Path(path).name for path in paths] == [f"{number}.txt" for number in range(6)]


def test_a_resume_with_nothing_to_analyse_sets_nothing_up(tmp_path: Path, set_up_log: Path) -> None:
    folder = _folder(tmp_path, 3)
    out = tmp_path / "out.jsonl"
    assert scan([folder], out=out, analyzer=lambda: SetUpOnce(reference=None)).ok == 3
    set_up_log.write_text("", encoding="utf-8")
    SetUpOnce.done = False
    summary = scan([folder], out=out, analyzer=lambda: SetUpOnce(reference=None), workers=2, resume=True)
    assert (summary.ok, summary.skipped) == (0, 3)
    assert set_up_log.read_text(encoding="utf-8") == ""


def test_the_heap_is_frozen_only_while_the_workers_run(tmp_path: Path) -> None:
    assert gc.get_freeze_count() == 0
    folder = _folder(tmp_path, 2)
    assert scan([folder], out=tmp_path / "out.jsonl", analyzer=lambda: Analyzer(reference=None), workers=2).ok == 2
    assert gc.get_freeze_count() == 0
