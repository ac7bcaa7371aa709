"""DataFrames and highlighted HTML for notebooks."""
import pytest

from nlp.frames import compliance_frame, findings_frame, highlight_html
from nlp.pipeline import Analyzer

POLICY = (
    "株式会社架空商店(以下「当社」といいます。)は、お客様の氏名、住所及びメールアドレスを取得し、"
    "商品の発送のために利用します。\n法令に基づく場合を除き、第三者に提供しません。\n"
    "<script>alert(1)</script>"
)


@pytest.fixture(scope="module")
def record():
    return Analyzer().analyze_text(POLICY, name="shop.txt", with_text=True)


def test_findings_frame_rows_point_at_their_evidence(record):
    frame = findings_frame([record])
    assert set(frame["field"]) >= {"purposes", "data_items", "third_party_exceptions"}
    assert {"name", "address", "email"} <= set(frame.loc[frame["field"] == "data_items", "label"])
    for row in frame.itertuples():
        assert record.text[row.start:row.end] == row.text or row.field == "joint_use_parties"


def test_compliance_frame_has_one_row_per_document(record):
    frame = compliance_frame([record])
    assert list(frame.index) == ["shop.txt"]
    assert frame.loc["shop.txt", "R02"] == "present"


def test_highlight_html_marks_values_and_escapes_markup(record):
    html = highlight_html(record)
    assert '<mark class="data_item" data-label="data_item:name"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_highlight_html_needs_the_text():
    bare = Analyzer(reference=None).analyze_text("氏名を取得します。")
    with pytest.raises(ValueError):
        highlight_html(bare)
