import json

import pytest
from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
from nlp.cli import compare
from nlp.cli._app import app
from nlp.errors import DocumentNotFound, UnsupportedFormat

runner = CliRunner()


@pytest.fixture
def records(make_record):
    """Hand-built records by file name."""
    return {
        "v1.txt": make_record(path="v1.txt", purposes=[("marketing", "新商品のご案内")],
                              compliance=[("R02", "present"), ("R13", "present")]),
        "v1_copy.txt": make_record(path="v1_copy.txt", purposes=[("marketing", "新商品のご案内")],
                                   compliance=[("R02", "present"), ("R13", "present")]),
        "v2.txt": make_record(path="v2.txt", purposes=[("marketing", "新商品・セールのご案内")],
                              compliance=[("R02", "present"), ("R13", "present")]),
        "gappy.txt": make_record(path="gappy.txt", purposes=[("marketing", "新商品のご案内")],
                                 compliance=[("R02", "present"), ("R13", "missing")]),
        "reference.txt": make_record(path="reference.txt", data_items=[("email", "メールアドレス")],
                                     compliance=[("R02", "present"), ("R13", "present")]),
    }


@pytest.fixture
def files(tmp_path, monkeypatch, records):
    """The records' files in ``tmp_path``; analysis returns the hand-built records."""
    def analyze(paths, *, with_text):
        for path in paths:
            if path.name not in records:
                raise DocumentNotFound(path, "no such file")
        return [records[path.name] for path in paths]

    monkeypatch.setattr(compare, "analyze", analyze)
    for name in records:
        (tmp_path / name).write_text("ダミー", encoding="utf-8")
    return tmp_path


DIFF_EXIT_CODES = [
    pytest.param("v1.txt", "v1_copy.txt", [], 0, id="same"),
    pytest.param("v1.txt", "v2.txt", [], 1, id="different"),
    pytest.param("v1.txt", "v2.txt", ["--fail-on", "never"], 0, id="different, never"),
    pytest.param("v1.txt", "v2.txt", ["--fail-on", "gaps"], 0, id="different, no gaps"),
    pytest.param("v1.txt", "gappy.txt", ["--fail-on", "gaps"], 1, id="gaps in target"),
    pytest.param("gappy.txt", "v1.txt", ["--fail-on", "gaps"], 0, id="gaps in baseline only"),
]


@pytest.mark.parametrize(("baseline", "target", "options", "code"), DIFF_EXIT_CODES)
def test_diff_exit_codes(files, baseline, target, options, code):
    result = runner.invoke(app, ["diff", str(files / baseline), str(files / target), *options])
    assert result.exit_code == code, result.output


@pytest.mark.parametrize("missing", ["baseline", "target"])
def test_diff_of_a_missing_file_names_it(tmp_path, missing):
    present = tmp_path / "present.txt"
    present.write_text("個人情報保護方針", encoding="utf-8")
    absent = tmp_path / "absent.txt"
    paths = [absent, present] if missing == "baseline" else [present, absent]
    result = runner.invoke(app, ["diff", *map(str, paths)])
    assert result.exit_code == 2
    assert str(absent) in result.stderr
    assert "Traceback" not in result.output


def test_library_errors_become_one_line(files, monkeypatch):
    def refuse(paths, *, with_text):
        raise UnsupportedFormat(paths[0], "unsupported file type '.xls'")

    monkeypatch.setattr(compare, "analyze", refuse)
    result = runner.invoke(app, ["gaps", str(files / "v1.txt")])
    assert result.exit_code == 2
    assert result.stderr == f"error: [E002] {files / 'v1.txt'}: unsupported file type '.xls'\n"


GAPS_EXIT_CODES = [
    pytest.param("v1.txt", [], 0, id="no gaps"),
    pytest.param("gappy.txt", [], 0, id="gaps, default never"),
    pytest.param("v1.txt", ["--fail-on", "gaps"], 0, id="no gaps, fail on gaps"),
    pytest.param("gappy.txt", ["--fail-on", "gaps"], 1, id="gaps, fail on gaps"),
]


@pytest.mark.parametrize(("name", "options", "code"), GAPS_EXIT_CODES)
def test_gaps_exit_codes(files, name, options, code):
    result = runner.invoke(app, ["gaps", str(files / name), *options])
    assert result.exit_code == code, result.output
    assert "R13" in result.stdout


def test_gaps_as_json(files):
    result = runner.invoke(app, ["gaps", str(files / "gappy.txt"), "--json"])
    report = json.loads(result.stdout)
    assert report["profile"] == "appi-2022"
    assert [(r["requirement"], r["status"]) for r in report["record"]["compliance"]] == \
        [("R02", "present"), ("R13", "missing")]


def test_gaps_as_markdown(files):
    result = runner.invoke(app, ["gaps", str(files / "gappy.txt"), "--format", "markdown"])
    assert result.exit_code == 0
    assert "| R13 | R13の要件 | 32条1項4号・施行令10条1号 | high | **missing** |" in result.stdout


def test_gaps_against_a_reference_policy(files):
    result = runner.invoke(app, ["gaps", str(files / "gappy.txt"), "--reference", str(files / "reference.txt"),
                                 "--json", "--fail-on", "gaps"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(f["kind"], f["key"]) for f in report["comparison"]["lacks"]] == \
        [("data_item", "email"), ("requirement", "R13")]
    assert [(r["requirement"], r["status"]) for r in report["record"]["compliance"]] == \
        [("R02", "present"), ("R13", "missing")]


@pytest.mark.parametrize("reference", ["absent.txt", "appi-2099"])
def test_unknown_reference_is_named(files, reference):
    result = runner.invoke(app, ["gaps", str(files / "v1.txt"), "--reference", reference])
    assert result.exit_code == 2
    assert result.stderr == f"error: [E011] {reference}: no such file, and not the built-in profile appi-2022\n"


@pytest.mark.parametrize("command", [["gaps", "gappy.txt"], ["diff", "v1.txt", "gappy.txt"]])
def test_html_report_is_written(files, command):
    out = files / "report.html"
    args = [command[0], *(str(files / name) for name in command[1:]), "--html", str(out), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)
    assert '<td class="status status-missing">missing</td>' in out.read_text(encoding="utf-8")
    assert result.stderr == f"wrote {out}\n"


def test_unwritable_html_path_is_trouble(files):
    out = files / "no_such_dir" / "report.html"
    result = runner.invoke(app, ["gaps", str(files / "v1.txt"), "--html", str(out)])
    assert result.exit_code == 2
    assert str(out) in result.stderr
