"""The notebooks run top to bottom in a kernel of this environment (nbclient),
each draws its plots and shows what it is about. Outputs stay in memory: the
committed notebooks have none."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebooks need the 'notebooks' extra")
nbclient = pytest.importorskip("nbclient", reason="the notebooks need the 'notebooks' extra")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = "jpolicy-test"
KERNEL_CHECK = "import sys; print(sys.executable)"

# notebook -> (plots it must draw at least, text its outputs must contain)
EXPECTED = {
    "01_one_policy.ipynb": (3, ["株式会社モデル商事", "purposes.yaml#", 'class="span"', "R01"]),
    "02_corpus_study.ipynb": (4, ["documents from", "privacy_policy", "gap_rate", "describe joint use",
                                  "joint users named"]),
    "03_purpose_classifier.ipynb": (3, ["640 phrases", "macro-F1", "predicted", "classifier"]),
    "04_policy_versions.ipynb": (2, ["targeted_advertising", "fax", "モデルデジタル株式会社", "added"]),
}


def test_every_notebook_is_tested():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_notebook_has_no_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernel spec that runs this interpreter, found first on JUPYTER_PATH."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "jpolicy tests", "language": "python"}), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(folder))
        yield KERNEL


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_top_to_bottom(name, kernel):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(KERNEL_CHECK))
    nbclient.NotebookClient(notebook, timeout=300, kernel_name=kernel,
                            resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert outputs[-1].text.strip() == sys.executable  # the kernel is this environment's Python
    plots = [o for o in outputs if "image/png" in o.get("data", {})]
    minimum, phrases = EXPECTED[name]
    assert len(plots) >= minimum
    shown = "\n".join(o.get("text", "") + "".join(map(str, o.get("data", {}).values())) for o in outputs)
    for phrase in phrases:
        assert phrase in shown, f"{name}: {phrase!r} not in the outputs"
