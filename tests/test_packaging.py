"""The built distribution carries everything the package loads at run time:
resource files, the report assets and the shipped classifier (models/)."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_build():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "nlp").rglob("__init__.py")}
    assert found | {"nlp.models"} == listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("jpolicy-*.whl"))


def test_wheel_holds_resources_and_the_classifier(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in (ROOT / "nlp").rglob("*.yaml"):
        assert str(resource.relative_to(ROOT)) in names
    assert "nlp/models/purpose-classifier/model.joblib" in names
    assert "nlp/models/purpose-classifier/MODEL_CARD.md" in names


def test_installed_wheel_works_outside_the_repository(wheel, tmp_path):
    """Installed anywhere (here: a target folder, run from another folder), the
    command analyses a document and the classifier loads from the package."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    policy = tmp_path / "policy.txt"
    policy.write_text("個人情報保護方針\n株式会社テスト商会\n当社は、商品の発送のために個人情報を利用します。\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = ("import nlp, nlp.classify as c; print(nlp.__file__); "
             "print(c.load_default().predict(['メールマガジンの配信'])[0])")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert out[0].startswith(str(target))
    assert out[1] == "marketing"
    analysed = subprocess.run([sys.executable, "-m", "nlp.cli", "analyze", str(policy), "--json", "--reference", "none"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert analysed.returncode == 0, analysed.stderr
    assert '"service_provision"' in analysed.stdout
