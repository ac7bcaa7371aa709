"""The exploration notebook runs: each code cell is executed in order (the
display cell is checked for the HTML it would show)."""
import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def code_cells():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_notebook_cells_run(monkeypatch):
    monkeypatch.chdir(NOTEBOOK.parents[1])
    namespace: dict = {}
    for source in code_cells():
        if "IPython.display" in source:
            html = eval("highlight_html(record)", namespace)
            assert 'class="span"' in html
            continue
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    assert namespace["record"].organization.name
    assert not namespace["compliance_frame"](namespace["records"]).empty
    assert len(namespace["classifier"].predict(["保険金のお支払い"])) == 1
