import pytest

from nlp.compare.diff import diff_records

# (baseline elements, target elements, expected [(element, change, label)])
DIFF_CASES = [
    pytest.param(
        dict(purposes=[("marketing", "新商品やキャンペーンのご案内")]),
        dict(purposes=[("marketing", "新商品・キャンペーンに関するご案内")]),
        [("purpose", "changed", "marketing")],
        id="reworded purpose",
    ),
    pytest.param(
        dict(purposes=[("inquiry_response", "お問い合わせへの回答")]),
        dict(purposes=[("communication", "お問い合わせへのご回答")]),
        [("purpose", "changed", "inquiry_response → communication")],
        id="relabelled purpose",
    ),
    pytest.param(
        dict(purposes=[("survey", "アンケートの実施")]),
        dict(purposes=[("recruitment", "採用選考")]),
        [("purpose", "removed", "survey"), ("purpose", "added", "recruitment")],
        id="unrelated purposes",
    ),
    pytest.param(
        dict(data_items=[("name", "氏名")]),
        dict(data_items=[("name", "氏名"), ("birth_date", "生年月日")]),
        [("data_item", "added", "birth_date")],
        id="data item added",
    ),
    pytest.param(
        dict(data_items=[("name", "氏名"), ("phone", "電話番号")]),
        dict(data_items=[("name", "氏名")]),
        [("data_item", "removed", "phone")],
        id="data item removed",
    ),
    pytest.param(
        dict(exceptions=[("law", "法令に基づく場合")]),
        dict(exceptions=[("law", "法令に基づく場合"), ("consent", "ご本人の同意がある場合")]),
        [("exception", "added", "consent")],
        id="exception added",
    ),
    pytest.param(
        dict(parties=["株式会社さくら物流"]),
        dict(parties=["株式会社さくら物流", "もみじ決済株式会社"]),
        [("joint_use_party", "added", "もみじ決済株式会社")],
        id="party added",
    ),
    pytest.param(
        dict(parties=["株式会社さくら物流"]),
        dict(parties=["さくら物流(株)"]),
        [("joint_use_party", "changed", "株式会社さくら物流 → さくら物流(株)")],
        id="party renamed",
    ),
    pytest.param(
        dict(parties=["株式会社さくら物流"], responsible={"name": "さくら通販株式会社"}),
        dict(parties=["株式会社さくら物流"], responsible={"name": "株式会社さくら物流"}),
        [("responsible_party", "changed", "name")],
        id="responsible party changed",
    ),
    pytest.param(
        dict(parties=["株式会社さくら物流"], responsible={"name": "さくら通販株式会社"}),
        dict(parties=["株式会社さくら物流"],
             responsible={"name": "さくら通販株式会社", "address": "東京都千代田区一番町1-1"}),
        [("responsible_party", "added", "address")],
        id="responsible address added",
    ),
    pytest.param(
        dict(countries=["米国"]),
        dict(countries=["米国", "シンガポール"]),
        [("foreign_transfer_country", "added", "シンガポール")],
        id="country added",
    ),
    pytest.param(
        dict(countries=["米国"]),
        dict(countries=["インド"]),
        [("foreign_transfer_country", "removed", "米国"), ("foreign_transfer_country", "added", "インド")],
        id="country replaced",
    ),
    pytest.param(
        dict(),
        dict(countries=["米国"]),
        [("foreign_transfer", "changed", "present"), ("foreign_transfer_country", "added", "米国")],
        id="foreign transfer begins",
    ),
    pytest.param(
        dict(organization={"name": "さくら通販株式会社", "representative": "代表取締役 山田太郎"}),
        dict(organization={"name": "さくら通販株式会社", "representative": "代表取締役 佐藤花子"}),
        [("organization", "changed", "representative")],
        id="representative changed",
    ),
    pytest.param(
        dict(compliance=[("R02", "present"), ("R13", "partial")]),
        dict(compliance=[("R02", "present"), ("R13", "present"), ("R20", "missing")]),
        [("requirement", "changed", "R13"), ("requirement", "added", "R20")],
        id="requirement statuses",
    ),
]


@pytest.mark.parametrize(("before", "after", "expected"), DIFF_CASES)
def test_diff_lists_element_changes(make_record, before, after, expected):
    diff = diff_records(make_record(path="v1.txt", **before), make_record(path="v2.txt", **after))
    assert [(c.element, c.change, c.label) for c in diff.changes] == expected
    assert diff.has_changes


def test_reworded_purpose_keeps_both_texts_and_evidence(make_record):
    baseline = make_record("1. 新商品やキャンペーンのご案内", purposes=[("marketing", "新商品やキャンペーンのご案内")])
    target = make_record("利用目的: 新商品・キャンペーンに関するご案内", purposes=[("marketing", "新商品・キャンペーンに関するご案内")])
    [change] = diff_records(baseline, target).changes
    assert (change.baseline, change.target) == ("新商品やキャンペーンのご案内", "新商品・キャンペーンに関するご案内")
    assert change.baseline_evidence[0].span == (3, 17)
    assert change.target_evidence[0].span == (6, 23)


def test_texts_of_one_label_are_paired_best_first(make_record):
    baseline = make_record(purposes=[("marketing", "新商品のご案内"), ("marketing", "セールのお知らせ")])
    target = make_record(purposes=[("marketing", "セール情報のお知らせ"), ("marketing", "新商品のご案内メール")])
    pairs = [(c.baseline, c.target) for c in diff_records(baseline, target).changes]
    assert pairs == [("新商品のご案内", "新商品のご案内メール"), ("セールのお知らせ", "セール情報のお知らせ")]


IDENTICAL_CASES = [
    pytest.param(dict(purposes=[("marketing", "新商品のご案内"), ("survey", "アンケートの実施")],
                      data_items=[("name", "氏名"), ("email", "メールアドレス")],
                      exceptions=[("law", "法令に基づく場合")],
                      parties=["株式会社さくら物流"], responsible={"name": "さくら通販株式会社"},
                      countries=["米国"], organization={"name": "さくら通販株式会社"},
                      compliance=[("R01", "partial")]),
                 id="full record"),
    pytest.param(dict(), id="empty record"),
]


@pytest.mark.parametrize("elements", IDENTICAL_CASES)
def test_identical_records_have_no_changes(make_record, elements):
    diff = diff_records(make_record(path="a.txt", **elements), make_record(path="b.txt", **elements))
    assert diff.changes == []
    assert not diff.has_changes


def test_moved_and_respaced_text_is_unchanged(make_record):
    baseline = make_record("目的: 新商品のご案内、アンケートの実施",
                           purposes=[("marketing", "新商品のご案内"), ("survey", "アンケートの実施")])
    target = make_record("目的:\nアンケートの 実施\n新商品の ご案内",
                         purposes=[("survey", "アンケートの 実施"), ("marketing", "新商品の ご案内")])
    assert not diff_records(baseline, target).has_changes


def test_evidence_that_only_moved_is_not_a_change(make_record):
    """A line added above everything shifts every span; statuses, names and texts are the same."""
    elements = dict(purposes=[("marketing", "新商品のご案内")], data_items=[("name", "氏名")],
                    parties=["株式会社さくら物流"], responsible={"name": "さくら通販株式会社"},
                    organization={"name": "さくら通販株式会社"}, compliance=[("R13", "present"), ("R02", "partial")])
    baseline = make_record(path="v1.txt", **elements)
    target = make_record("個人情報保護方針(2024年改定)\n" + baseline.text, path="v2.txt", **elements)
    assert target.purposes[0].evidence.span != baseline.purposes[0].evidence.span
    assert diff_records(baseline, target).changes == []
