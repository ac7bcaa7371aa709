import pytest

from nlp.compare.reference import compare_with_reference, reference_compliance, same_party

PARTY_NAMES = [
    ("株式会社さくら物流", "さくら物流(株)", True),
    ("㈱さくら物流", "さくら物流", True),
    ("さくら物流株式会社", "さくら物流", True),
    ("ＳＡＫＵＲＡ　ロジ", "SAKURAロジ", True),
    ("みなと生協(みなと生活協同組合)", "みなと生活協同組合", True),
    ("さくらグループ各社", "さくらグループ", True),
    ("さくら物流", "もみじ決済", False),
    ("さくらグループ各社", "さくら物流", False),
    ("株式会社", "有限会社", False),
]


@pytest.mark.parametrize(("first", "second", "expected"), PARTY_NAMES)
def test_same_party(first, second, expected):
    assert same_party(first, second) is expected
    assert same_party(second, first) is expected


@pytest.fixture
def reference(make_record):
    return make_record(
        path="reference.txt",
        purposes=[("service_provision", "ご注文商品の発送"), ("marketing", "新商品のご案内")],
        data_items=[("name", "氏名"), ("address", "住所"), ("email", "メールアドレス")],
        exceptions=[("consent", "ご本人の同意がある場合"), ("law", "法令に基づく場合")],
        parties=["株式会社さくら物流"],
        compliance=[("R01", "present"), ("R02", "present"), ("R05", "n/a"), ("R13", "present"), ("R20", "missing")],
    )


@pytest.fixture
def target(make_record):
    return make_record(
        path="target.txt",
        purposes=[("service_provision", "商品のお届け"), ("survey", "アンケートの実施")],
        data_items=[("name", "お名前"), ("address", "ご住所"), ("phone", "電話番号")],
        exceptions=[("consent", "同意なく第三者に提供しません")],
        parties=["さくら物流(株)", "もみじ決済"],
        compliance=[("R01", "partial"), ("R02", "present"), ("R05", "present"), ("R20", "present")],
    )


def test_lacks_and_adds(target, reference):
    comparison = compare_with_reference(target, reference)
    assert (comparison.target, comparison.reference) == ("target.txt", "reference.txt")
    assert [(f.kind, f.key) for f in comparison.lacks] == [
        ("purpose", "marketing"), ("data_item", "email"), ("exception", "law"),
        ("requirement", "R01"), ("requirement", "R13"),
    ]
    assert [(f.kind, f.key) for f in comparison.adds] == [
        ("purpose", "survey"), ("data_item", "phone"), ("joint_use_party", "もみじ決済"),
        ("requirement", "R05"), ("requirement", "R20"),
    ]


def test_findings_carry_evidence_of_the_side_that_has_them(target, reference):
    comparison = compare_with_reference(target, reference)
    for findings, record in ((comparison.lacks, reference), (comparison.adds, target)):
        for finding in findings:
            for evidence in finding.evidence:
                assert record.text[evidence.span[0]:evidence.span[1]] == evidence.text


def test_one_finding_per_label_with_all_evidence(make_record):
    reference = make_record(purposes=[("marketing", "新商品のご案内"), ("marketing", "セールのお知らせ")])
    [finding] = compare_with_reference(make_record(), reference).lacks
    assert finding.text == "新商品のご案内"
    assert [e.text for e in finding.evidence] == ["新商品のご案内", "セールのお知らせ"]


def test_identical_policies_lack_and_add_nothing(reference):
    comparison = compare_with_reference(reference, reference)
    assert comparison.lacks == comparison.adds == []


def test_reference_compliance_gives_the_target_status_where_the_reference_is_present(target, reference):
    results = reference_compliance(target, reference)
    assert [(r.requirement, r.status) for r in results] == [("R01", "partial"), ("R02", "present"), ("R13", "missing")]
    assert results[2].detail == "not found in the target"
    assert all(r.title and r.severity == "high" for r in results)
