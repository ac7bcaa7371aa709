"""The rows every renderer shows: evidence as sentences, paths, aligned texts, diff entries."""
import pytest

from nlp.compare.diff import diff_records
from nlp.report import DiffReport, aligned_lines, change_entries, display_path, sentence_of
from nlp.schema import Evidence

TEXT = ("第3条 第三者提供\n当社は、お客様の個人情報を、決済代理店等に提供します。ご不明な点はお問い合わせください。\n"
        "・氏名、住所\n")

# (phrase, expected quote): the mid-word windows become whole sentences or list items
SENTENCE_CASES = [
    pytest.param("済代理店等に", "当社は、お客様の個人情報を、決済代理店等に提供します。", id="mid-word start"),
    pytest.param("い合わせ", "ご不明な点はお問い合わせください。", id="second sentence of a line"),
    pytest.param("住所", "・氏名、住所", id="list item"),
    pytest.param("第三者提供", "第3条 第三者提供", id="heading line"),
]


@pytest.mark.parametrize(("phrase", "expected"), SENTENCE_CASES)
def test_evidence_is_widened_to_its_sentence(phrase, expected):
    start = TEXT.index(phrase)
    quote = sentence_of(TEXT, Evidence(span=(start, start + len(phrase)), text=phrase))
    assert quote.text == expected
    assert TEXT[quote.span[0]:quote.span[1]].strip() == expected
    assert quote.mark == (start, start + len(phrase))


def test_padded_evidence_across_sentences_quotes_the_middle_sentence():
    start = TEXT.index("済代理店") - 3
    end = TEXT.index("ご不明") + 2
    quote = sentence_of(TEXT, Evidence(span=(start, end), text=TEXT[start:end]))
    assert quote.text == "当社は、お客様の個人情報を、決済代理店等に提供します。"


def test_long_sentence_is_cut_at_clause_marks_around_the_evidence():
    text = "あ" * 150 + "、" + "い" * 40 + "、安全管理措置を講じ、" + "う" * 40 + "、" + "え" * 150 + "。"
    start = text.index("安全管理措置")
    quote = sentence_of(text, Evidence(span=(start, start + 6), text="安全管理措置"))
    assert quote.text.startswith("…い") and quote.text.endswith("、…")
    assert "安全管理措置を講じ" in quote.text and "あ" not in quote.text and "え" not in quote.text


def test_without_the_text_the_evidence_itself_is_quoted():
    assert sentence_of(None, Evidence(span=(3, 9), text="決済代理店\n等")).text == "決済代理店 等"


@pytest.mark.parametrize(("path", "shown"), [
    ("corpora/docs/a.txt", "corpora/docs/a.txt"),
    ("/somewhere/else/policy.txt", "policy.txt"),
])
def test_reports_never_show_an_absolute_path(path, shown):
    assert display_path(path) == shown


def test_absolute_path_inside_the_working_directory_is_made_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(str(tmp_path / "docs" / "p.txt")) == "docs/p.txt"


def test_aligned_lines_pair_changed_lines_and_keep_equal_ones():
    before = "第1条 目的\n氏名を取得します。\n第2条 提供\n提供しません。"
    after = "第1条 目的\n氏名と住所を取得します。\n第2条 提供\n提供しません。\n第3条 窓口"
    assert aligned_lines(before, after) == [
        ("equal", 0, 0), ("changed", 1, 1), ("equal", 2, 2), ("equal", 3, 3), ("added", None, 4)]


def test_aligned_lines_pair_similar_lines_inside_a_replaced_block():
    before = "さくら通販株式会社\n新商品やキャンペーンのご案内\n氏名、住所"
    after = "個人情報保護方針\nさくら通販株式会社(以下「当社」)\n新商品・キャンペーンに関するご案内\n氏名、住所"
    assert aligned_lines(before, after) == [
        ("added", None, 0), ("changed", 0, 1), ("changed", 1, 2), ("equal", 2, 3)]


def test_change_entries_carry_severity_legal_basis_and_sentences(make_record):
    baseline = make_record("当社は、氏名を取得します。\n第三者に提供しません。", path="v1.txt",
                           data_items=[("name", "氏名")], compliance=[("R13", "present")])
    target = make_record("当社は、氏名と電話番号を取得します。\n第三者に提供しません。", path="v2.txt",
                         data_items=[("name", "氏名"), ("phone", "電話番号")], compliance=[("R13", "missing")])
    report = DiffReport(baseline=baseline, target=target, diff=diff_records(baseline, target))
    entries = {(e.kind, e.field, e.label): e for e in change_entries(report)}
    phone = entries["added", "data_item", "phone"]
    assert (phone.before, phone.after, phone.requirement, phone.severity) == (None, "電話番号", "R15", "low")
    assert phone.evidence == {"before": [], "after": ["当社は、氏名と電話番号を取得します。"]}
    r13 = entries["changed", "requirement", "R13"]
    assert (r13.before, r13.after, r13.legal_basis, r13.worse) == ("present", "missing", "32条1項4号・施行令10条1号", True)
    assert len(entries) == 2  # 氏名 moved within the line: not a change
