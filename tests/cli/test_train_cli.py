"""``jpolicy train-purposes``: progress on stderr, a new folder by default, no overwrite without --force."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
from nlp.cli._app import app
from nlp.train import default_output_folder

PHRASES = [
    ("保険金のお支払い", "claims_handling"), ("共済金の請求の受付", "claims_handling"),
    ("事故の調査および保険金の査定", "claims_handling"), ("給付金の支払いのため", "claims_handling"),
    ("採用選考のため", "recruitment"), ("応募者の選考", "recruitment"), ("採用活動の実施", "recruitment"),
    ("面接日程のご連絡と採用選考", "recruitment"),
]
runner = CliRunner()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps({"text": t, "label": label}, ensure_ascii=False) + "\n"
                            for t, label in PHRASES), encoding="utf-8")
    return path


def _train(*args: str | Path):
    return runner.invoke(app, ["train-purposes", "--folds", "2", *map(str, args)])


def test_without_out_a_new_timestamped_folder_is_written_and_progress_shown(data: Path, tmp_path: Path,
                                                                            monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _train("--data", data)
    assert result.exit_code == 0, result.output
    [folder] = (tmp_path / "runs").iterdir()
    assert folder.name.startswith("purpose-classifier-") and (folder / "model.joblib").is_file()
    assert "fold 1/2: macro-F1" in result.stderr and "fold 2/2: macro-F1" in result.stderr
    assert "fitting the final model" in result.stderr and "fold 1/2" not in result.stdout


@pytest.mark.parametrize(("force", "code"), [((), 2), (("--force",), 0)])
def test_a_folder_holding_a_model_is_overwritten_only_with_force(data: Path, tmp_path: Path, force: tuple[str, ...],
                                                                 code: int) -> None:
    out = tmp_path / "shipped"
    out.mkdir()
    (out / "model.joblib").write_bytes(b"the shipped model")
    result = _train("--data", data, "--out", out, *force)
    assert result.exit_code == code, result.output
    if code:
        assert "[E026]" in result.output and "--force" in result.output
        assert (out / "model.joblib").read_bytes() == b"the shipped model" and not (out / "metrics.json").exists()
    else:
        assert (out / "model.joblib").read_bytes() != b"the shipped model"


def test_the_default_folder_is_named_by_the_utc_time() -> None:
    when = datetime(2026, 12, 6, 3, 4, 5, tzinfo=timezone.utc)
    assert default_output_folder(when) == Path("runs/purpose-classifier-20261206-030405")
