"""Records in notebooks: DataFrames, highlighted HTML with overlapping spans, ``Analyzer.pipe``."""
import re
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path

import pytest

from nlp.errors import DocumentNotFound
from nlp.frames import compliance_frame, findings_frame, highlight_html
from nlp.pipeline import Analyzer

ROOT = Path(__file__).resolve().parents[1]
MODEL_POLICY = ROOT / "corpora" / "reference" / "model_policy.txt"
POLICY = (
    "株式会社架空商店(以下「当社」といいます。)は、お客様の氏名、住所及びメールアドレスを取得し、"
    "商品の発送のために利用します。\n法令に基づく場合を除き、第三者に提供しません。\n"
    "<script>alert(1)</script>"
)


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


@pytest.fixture(scope="module")
def record(analyzer):
    return analyzer.analyze_text(POLICY, name="shop.txt", with_text=True)


def test_to_frame_rows_point_at_their_evidence(record):
    frame = record.to_frame()
    assert list(frame.columns) == ["field", "label", "context", "text", "evidence", "start", "end", "score",
                                   "explanation"]
    assert set(frame["field"]) >= {"organization", "purposes", "data_items", "third_party_exceptions"}
    assert {"name", "address", "email"} <= set(frame.loc[frame["field"] == "data_items", "label"])
    assert frame.loc[frame["field"] == "organization", "label"].tolist()[0] == "name"
    for row in frame.itertuples():
        assert record.text[row.start:row.end] == row.evidence
        assert row.text in row.evidence or row.field == "joint_use_parties"
    purposes = frame[frame["field"] == "purposes"]
    assert purposes["explanation"].str.startswith("purposes.yaml#").all()
    assert purposes["score"].between(0, 1).all()


def test_findings_frame_puts_the_path_first(record):
    frame = findings_frame([record, record])
    assert frame.columns[0] == "path" and set(frame["path"]) == {"shop.txt"}
    assert len(frame) == 2 * len(record.to_frame())


def test_compliance_frame_has_one_row_per_document(record):
    frame = compliance_frame([record])
    assert list(frame.index) == ["shop.txt"]
    assert frame.loc["shop.txt", "R02"] == "present"


def test_highlight_html_marks_values_and_escapes_markup(record):
    html = highlight_html(record)
    assert re.search(r'data-fields="[^"]*data_items[^"]*"', html) and ">name</span>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_highlight_html_needs_the_text():
    bare = Analyzer(reference=None).analyze_text("氏名を取得します。")
    with pytest.raises(ValueError):
        highlight_html(bare)


OVERLAP_TEXT = "当社は<b>お客様</b>の氏名を商品の発送のために利用します。"


@pytest.fixture
def overlapping(make_record):
    """A purpose whose evidence contains a data item's, and a second purpose inside the first."""
    return make_record(OVERLAP_TEXT, purposes=[("service_provision", "氏名を商品の発送"), ("marketing", "商品")],
                       data_items=[("name", "氏名")], organization={"name": "当社"})


def segments(html: str) -> list[tuple[str, str]]:
    """(fields, text) of each highlighted segment of ``_repr_html_``."""
    return [(fields, re.sub(r"<span[^>]*>[^<]*</span>", "", inner))
            for fields, inner in re.findall(r'<span class="span" data-fields="([^"]*)"[^>]*>([^<]*(?:<span[^>]*>[^<]*</span>)*)</span>', html)]


def test_repr_html_stacks_overlapping_spans(overlapping):
    html = overlapping._repr_html_()
    assert segments(html) == [("organization", "当社"), ("data_items purposes", "氏名"), ("purposes", "を"),
                              ("purposes", "商品"), ("purposes", "の発送")]
    nested = re.search(r'data-fields="purposes"[^>]*>商品(.*?)</span></span>', html).group(1)
    assert nested.count("height: 4px") == 2  # two bars: the outer and the inner purpose
    assert ">marketing</span>" in html and ">service_provision</span>" in html and ">name</span>" in html


def test_repr_html_escapes_the_text(overlapping):
    html = overlapping._repr_html_()
    assert "<b>お客様" not in html and "&lt;b&gt;お客様&lt;/b&gt;" in html


def test_repr_html_without_text_is_a_table(make_record):
    record = make_record("<i>当社</i>の氏名", data_items=[("name", "氏名")], organization={"name": "<i>当社</i>"})
    record.text = None
    html = record._repr_html_()
    assert "<table" in html and "with_text=True" in html
    assert "<i>当社" not in html and "&lt;i&gt;当社&lt;/i&gt;" in html


def test_pipe_streams_paths_and_texts(analyzer, tmp_path):
    records = analyzer.pipe([MODEL_POLICY, str(MODEL_POLICY), POLICY], with_text=True)
    assert isinstance(records, Iterator)
    first, second, third = records
    assert first.source.path == second.source.path == str(MODEL_POLICY)
    assert first.organization.name == "株式会社モデル商事"
    assert third.source.path == "<text 3>" and third.text.startswith("株式会社架空商店")


def test_pipe_is_lazy(analyzer):
    assert next(analyzer.pipe(repeat(POLICY))).source.format == "txt"


@pytest.mark.parametrize("text", ["no/such/file.txt", "x" * 5000, "氏名\x00"])
def test_pipe_treats_other_strings_as_text(analyzer, text):
    [record] = analyzer.pipe([text])
    assert record.source.path == "<text 1>"


def test_pipe_refuses_a_missing_path(analyzer, tmp_path):
    with pytest.raises(DocumentNotFound):
        list(analyzer.pipe([tmp_path / "missing.txt"]))
