"""Requirement checks of the built-in profile appi-2022: short snippets
analysed end to end, the profile interpreter (``nlp/compare/requirements.py``)
on hand-made records, and the profile's validation."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import nlp.compare
from nlp.compare.requirements import Criterion, evaluate, load_profile, run, validate_requirement
from nlp.errors import InvalidDataFile, UnknownReference
from nlp.pipeline import Analyzer
from nlp.schema import (DataItem, Evidence, JointUse, Organization, Party, PolicyRecord, ResponsibleParty, Source,
                        Statement, ThirdParty, ThirdPartyException)

ANALYZER = Analyzer()  # appi-2022
PLAIN = Analyzer(reference=None)


def status(text: str, requirement: str) -> str:
    found = {c.requirement: c.status for c in ANALYZER.analyze_text(text).compliance}
    return found[requirement]


COMPANY = "株式会社架空商事(以下「当社」といいます。)は、個人情報を適切に取り扱います。\n"
NOTHING = "当社は、お客様の個人情報を大切に取り扱います。"

SECURITY_FOUR_KINDS = """当社は、次の安全管理措置を講じます。
・組織的安全管理措置: 個人情報の取扱いに関する責任者を設置し、漏えい等の事案に対応する体制を整備しています。
・人的安全管理措置: 従業者に個人情報の取扱いに関する研修を定期的に行っています。
・物理的安全管理措置: 個人情報を取り扱う区域への入退室を管理し、機器の盗難を防止しています。
・技術的安全管理措置: アクセス制御を行い、外部からの不正アクセスを防ぐ仕組みを導入しています。"""

# (requirement, text, status)
CASES = [
    # R01 name, address, representative
    pytest.param("R01", COMPANY + "株式会社架空商事\n〒100-0000 東京都千代田区架空町1-2-3\n代表取締役社長 山田 太郎", "present",
                 id="R01-present"),
    pytest.param("R01", COMPANY + "〒100-0000 東京都千代田区架空町1-2-3", "partial", id="R01-no-representative"),
    pytest.param("R01", COMPANY, "partial", id="R01-name-only"),
    pytest.param("R01", NOTHING, "missing", id="R01-missing"),
    # R02 purposes
    pytest.param("R02", "当社は、お客様の個人情報を商品の発送及び料金のご請求のために利用します。", "present", id="R02-present"),
    pytest.param("R02", "個人情報の利用目的は、別表をご覧ください。", "partial", id="R02-referred-to"),
    pytest.param("R02", "取得した情報は、サービスの向上のために利用します。", "partial", id="R02-only-service-improvement"),
    pytest.param("R02", "取得した情報は、商品の発送及びサービスの向上のために利用します。", "present",
                 id="R02-improvement-and-more"),
    pytest.param("R02", NOTHING, "missing", id="R02-missing"),
    # R04 outsourcing
    pytest.param("R04", "業務を外部に委託するときは、委託先に対して必要かつ適切な監督をいたします。", "present", id="R04-supervision"),
    pytest.param("R04", "業務の一部を委託することがあります。", "partial", id="R04-outsourcing-only"),
    # R03 rule and grounds
    pytest.param("R03", "当社は、次の場合を除き、あらかじめ本人の同意を得ないで、個人データを第三者に提供しません。\n"
                 "(1) 法令に基づく場合\n(2) 人の生命、身体又は財産の保護のために必要がある場合", "present",
                 id="R03-rule-and-grounds"),
    pytest.param("R03", "当社は、お客様の個人情報を第三者に提供することはありません。", "partial", id="R03-rule-only"),
    pytest.param("R03", "法令に基づく場合や業務を委託する場合には、お客様の個人情報を提供することがあります。", "partial",
                 id="R03-grounds-only"),
    pytest.param("R03", "当社は、法令に基づく場合を除き、当社の事業と無関係な第三者への個人情報の提供を行いません。", "present",
                 id="R03-teikyou-wo-okonaimasen"),
    pytest.param("R03", NOTHING, "missing", id="R03-missing"),
    # R10 foreign transfer
    pytest.param("R10", "当社は、米国にあるクラウドサービス事業者に個人データを提供します。米国の個人情報の保護に関する制度については、"
                 "個人情報保護委員会のウェブサイトをご確認ください。提供先は、当社と同等の安全管理措置を講じています。", "present",
                 id="R10-countries-system-measures"),
    pytest.param("R10", "当社は、フィリピンにある委託先にお客様の個人データを提供します。", "partial", id="R10-countries-only"),
    pytest.param("R10", NOTHING, "n/a", id="R10-no-foreign-transfer"),
    # R11 rights procedure
    pytest.param("R11", "保有個人データの開示、訂正、利用停止等のご請求は、下記の窓口までお申し出ください。"
                 "ご本人であることを確認のうえ対応いたします。", "present", id="R11-disclosure-procedure"),
    pytest.param("R11", "開示等のご請求は、所定の請求書を当社お客様相談室に郵送してください。", "present", id="R11-kaiji-tou"),
    pytest.param("R11", "ご本人から個人情報の利用停止のお申し出があったときは、速やかに対応いたします。", "partial",
                 id="R11-stop-only"),
    pytest.param("R11", "メールマガジンの配信停止をご希望の場合は、配信停止フォームからお手続きください。", "partial",
                 id="R11-opt-out-only"),
    pytest.param("R11", "保有個人データの利用停止又は消去をご希望の場合は、お客様相談室までご連絡ください。", "partial",
                 id="R11-stop-or-erase-only"),
    pytest.param("R11", "お客様は、当社に対し、個人データの第三者提供の停止(オプトアウト)を求めることができます。", "partial",
                 id="R11-opt-out"),
    pytest.param("R11", "第三者への提供の停止(オプトアウト)をご希望の方は、お客様相談室までお申し出ください。", "partial",
                 id="R11-opt-out-of-provision"),
    pytest.param("R11", "当社は、法令に基づき開示を求められた場合には、個人情報を開示することがあります。", "missing",
                 id="R11-disclosure-to-authorities-is-not-a-right"),
    pytest.param("R11", "お客様はご自身の個人情報の開示、訂正を請求できます。本人確認の上で対応します。", "partial",
                 id="R11-no-way-to-ask"),
    pytest.param("R11", "お客様は開示、訂正を請求できます。請求の際は、下記のお問い合わせ先へご連絡をお願いします。", "present",
                 id="R11-channel-in-the-next-sentence"),
    pytest.param("R11", "保有個人データの開示のご請求ができます。\n個人情報に関するお問い合わせ: 電話 03-0000-1234", "present",
                 id="R11-with-a-contact-point"),
    pytest.param("R11", "開示等のご請求の手続は、プライバシーポリシーをご覧ください。\n個人情報に関するお問い合わせ: 電話 03-0000-1234",
                 "partial", id="R11-only-a-pointer"),
    pytest.param("R11", "広告表示を止めたい(オプトアウトしたい)ときは、各広告事業者のサイトに記載の方法で設定してください。", "missing",
                 id="R11-ad-opt-out-is-not-a-right"),
    pytest.param("R11", NOTHING, "missing", id="R11-missing"),
    # R13 security measures
    pytest.param("R13", SECURITY_FOUR_KINDS, "present", id="R13-four-kinds"),
    pytest.param("R13", "\n".join(SECURITY_FOUR_KINDS.split("\n")[:4]), "present", id="R13-three-kinds"),
    pytest.param("R13", "当社は、次の措置を講じます。\n・物理的安全管理措置: 入退室を管理しています。\n"
                 "・技術的安全管理措置: アクセス制御を行っています。", "partial", id="R13-two-kinds"),
    pytest.param("R13", "当社は、個人情報の漏えい、滅失又は毀損を防ぐため、社内体制の整備や従業員への教育など"
                 "必要な措置を講じます。", "partial", id="R13-general-pledge"),
    pytest.param("R13", "当社は次の措置を講じます。\n・取扱規程を策定しています。\n・従業者に研修を実施しています。\n"
                 "・書類は施錠できる書庫に保管しています。", "present", id="R13-items-by-what-they-do"),
    pytest.param("R13", "当社は、組織的安全管理措置、人的安全管理措置、物理的安全管理措置及び技術的安全管理措置を講じます。", "partial",
                 id="R13-kinds-named-but-not-set-out"),
    pytest.param("R13", "当社はお客様の個人情報を利用目的の範囲内で利用します。", "missing", id="R13-missing"),
    # R14 complaints contact
    pytest.param("R14", "個人情報の取扱いに関する苦情・お問い合わせは、下記の窓口までご連絡ください。\n"
                 "お客様相談室 電話 03-0000-1234", "present", id="R14-desk-and-phone"),
    pytest.param("R14", "5. お問い合わせ窓口\n個人情報の取扱いに関するご相談は、お客様相談室(電話 03-0000-1234)で承ります。",
                 "present", id="R14-section"),
    pytest.param("R14", "個人情報に関するお問い合わせ: 電話 03-0000-1234(平日10時〜17時)", "present", id="R14-phone-line"),
    pytest.param("R14", "個人情報の取扱いに関するお問い合わせ先は、当社ウェブサイトの「会社概要」ページをご覧ください。",
                 "partial", id="R14-pointer-only"),
    pytest.param("R14", "個人情報についてのご意見は、架空学園事務室までお願いします。", "present", id="R14-named-desk"),
    pytest.param("R14", "本方針についてのお問い合わせは、次の連絡先までお願いします。\nTEL\nEmail", "partial", id="R14-blank-details"),
    pytest.param("R14", "お問い合わせは【ここに窓口の名称と連絡先を入れてください】で承ります。", "partial",
                 id="R14-template-placeholder"),
    pytest.param("R14", "個人情報の取扱いについて苦情を受けたときは、誠実かつ迅速に対応いたします。", "partial",
                 id="R14-complaints-promise-only"),
    pytest.param("R14", NOTHING, "missing", id="R14-missing"),
    # R17 My Number
    pytest.param("R17", NOTHING, "n/a", id="R17-no-my-number"),
    pytest.param("R17", "当社は、個人番号を、源泉徴収票作成事務の目的以外には利用しません。", "present", id="R17-limited"),
    pytest.param("R17", "当社は、特定個人情報を、番号法で定められた利用目的の範囲内でのみ取り扱います。", "present",
                 id="R17-limited-by-law"),
    pytest.param("R17", "当社は、お客様から個人番号を取得します。", "partial", id="R17-not-limited"),
    pytest.param("R17", "当社は、個人番号を法律が認める範囲内でのみ扱います。", "partial", id="R17-only-as-the-law-allows"),
    pytest.param("R17", "当社は、マイナンバーを取得しておりません。", "n/a", id="R17-not-handled"),
    # joint use: conditions
    pytest.param("R05", NOTHING, "n/a", id="R05-no-joint-use"),
    # R16 sensitive information (insurers and banks), R20 cookies (online)
    pytest.param("R16", NOTHING, "n/a", id="R16-not-an-insurer"),
    pytest.param("R16", "当社は保険会社の代理店です。要配慮個人情報は取得しません。", "present", id="R16-insurer"),
    pytest.param("R20", "当社ウェブサイトではCookieを使用しています。", "present", id="R20-cookies"),
    pytest.param("R20", "当社ウェブサイトをご利用いただきありがとうございます。", "missing", id="R20-online-no-cookies"),
    pytest.param("R20", NOTHING, "n/a", id="R20-offline"),
    pytest.param("R09", NOTHING, "n/a", id="R09-no-joint-use"),
]


@pytest.mark.parametrize(("requirement", "text", "expected"), CASES)
def test_status(requirement, text, expected):
    assert status(text, requirement) == expected


def test_conditions_give_na():
    """Without joint use, foreign transfer or My Number, their requirements do not apply."""
    found = {c.requirement: c for c in ANALYZER.analyze_text(NOTHING).compliance}
    for requirement in ("R05", "R06", "R07", "R08", "R09", "R10", "R17"):
        assert found[requirement].status == "n/a"
        assert found[requirement].detail.startswith("condition not met")


def test_evaluate_directly():
    text = "当社は、お客様の個人情報を第三者に提供することはありません。"
    record = PLAIN.analyze_text(text)
    assert record.compliance == []
    results = evaluate(record)
    assert [r.requirement for r in results] == list(load_profile("appi-2022"))
    r03 = next(r for r in results if r.requirement == "R03")
    assert (r03.status, r03.title, r03.severity) == ("partial", "第三者提供の制限とその例外", "high")
    assert r03.detail == "rule stated without any ground"
    assert [e.text for e in r03.evidence] == [text]


def test_details_name_what_satisfied_the_rule():
    text = "当社は、次の場合を除き、個人データを第三者に提供しません。\n(1) 法令に基づく場合"
    r03 = next(c for c in ANALYZER.analyze_text(text).compliance if c.requirement == "R03")
    assert (r03.status, r03.detail) == ("present", "rule stated with grounds: law")


def test_a_partial_my_number_result_shows_the_mention():
    text = "当社は、お客様から個人番号を取得します。"
    r17 = next(c for c in ANALYZER.analyze_text(text).compliance if c.requirement == "R17")
    assert r17.status == "partial"
    assert [e.text for e in r17.evidence] == [text]
    assert r17.evidence[0].explanation.startswith("statements.yaml#my_number/")


def test_results_carry_the_evidence_that_satisfied_them():
    record = ANALYZER.analyze_text(SECURITY_FOUR_KINDS, with_text=True)
    r13 = next(c for c in record.compliance if c.requirement == "R13")
    assert r13.status == "present"
    assert r13.detail == "measures set out by kind: security_organizational, security_human, security_physical, security_technical"
    assert len(r13.evidence) == 4
    for e in r13.evidence:
        assert record.text[e.span[0]:e.span[1]] == e.text
        assert e.explanation.startswith("statements.yaml#security_") and e.score


# ---------------------------------------------------------------- the interpreter on hand-made records

def _evidence(text: str) -> Evidence:
    return Evidence(span=(0, len(text)), text=text, score=0.9, explanation="test")


RECORD = PolicyRecord(
    source=Source(path="x.txt", sha256="0", format="txt", chars=0),
    organization=Organization(name="架空商事株式会社", evidence=[_evidence("架空商事株式会社")]),
    data_items=[DataItem(text="氏名", item="name", context="joint_use", evidence=_evidence("氏名")),
                DataItem(text="電話番号", item="phone", evidence=_evidence("電話番号"))],
    third_party=ThirdParty(exceptions=[ThirdPartyException(category="consent", text="同意", evidence=_evidence("同意")),
                                       ThirdPartyException(category="public_interest", text="公益", evidence=_evidence("公益"))]),
    joint_use=[JointUse(parties=[Party(name="架空物産", evidence=_evidence("架空物産")),
                                 Party(name="関連会社", evidence=_evidence("関連会社"), score=0.3)],
                        responsible=ResponsibleParty(name="架空商事株式会社", address="東京都千代田区架空町1-2-3",
                                                     evidence=_evidence("管理責任者: 架空商事株式会社")),
                        evidence=_evidence("共同利用"))],
    statements=[Statement(field="statements", label="cookie", text="Cookie", evidence=_evidence("Cookie")),
                Statement(field="statements", label="security_human", text="人的", evidence=_evidence("人的"))],
)

# (test, holds, values counted)
TESTS = [
    ({"statements": ["cookie"]}, True, ["cookie"]),
    ({"statements": ["provision_rule"]}, False, []),
    ({"statements": ["security_human", "security_physical"], "at_least": 2}, False, []),
    ({"statements": ["cookie", "security_human"], "at_least": 2}, True, ["cookie", "security_human"]),
    ({"statements": ["provision_rule"], "negate": True}, True, []),
    ({"field": "organization.name"}, True, ["架空商事株式会社"]),
    ({"field": "organization.address"}, False, []),
    ({"field": "data_items.item"}, True, ["name", "phone"]),
    ({"field": "data_items.item", "where": {"context": ["joint_use"]}}, True, ["name"]),
    ({"field": "third_party.exceptions.category", "values": ["public_interest", "industry_exchange"]}, True, ["public_interest"]),
    ({"field": "third_party.exceptions.category", "except_values": ["consent", "public_interest"]}, False, []),
    ({"field": "joint_use.parties.name", "min_score": 0.5}, True, ["架空物産"]),
    ({"field": "joint_use"}, True, ["yes"]),
    ({"field": "third_party.foreign_transfer.present"}, False, []),
]


@pytest.mark.parametrize(("test", "holds", "values"), TESTS, ids=[str(t[0]) for t in TESTS])
def test_interpreter_tests(test, holds, values):
    outcome = run(Criterion.model_validate(test), RECORD)
    assert outcome.holds is holds
    assert outcome.values == values
    assert len(outcome.evidence) == (len(values) if holds and not test.get("negate") else 0)


def test_results_on_a_hand_made_record():
    results = {r.requirement: r for r in evaluate(RECORD)}
    assert results["R01"].status == "partial"
    assert results["R01"].detail == "name found; no address, representative"
    assert results["F01"].status == "partial"
    assert [e.text for e in results["F01"].evidence] == ["公益"]
    assert results["R06"].status == "present" and results["R06"].detail == "joint users: 架空物産"
    assert results["R05"].detail == "1 jointly used items listed: name"
    assert results["R07"].status == "missing"
    assert (results["R08"].status, results["R08"].detail) == ("present", "responsible party: 架空商事株式会社")
    assert results["R09"].status == "partial"
    assert results["R09"].detail == "the responsible party's address given, no representative"
    assert results["R13"].status == "partial"
    assert results["R10"].status == "n/a"
    assert results["R17"].status == "n/a"


# ---------------------------------------------------------------- the profile

R01_R20 = [f"R{n:02d}" for n in range(1, 21)]


def test_profile_has_every_requirement():
    """R01–R20 of labels.yaml, each once, with a title, a law and rules; F01 besides."""
    profile = load_profile("appi-2022")
    assert sorted(rid for rid in profile if rid.startswith("R")) == R01_R20
    assert "F01" in profile
    assert all(spec.title and spec.law and spec.otherwise.detail for spec in profile.values())
    joint = {rid for rid, spec in profile.items() if [t.field for t in spec.applies_if] == ["joint_use"]}
    assert joint == {"R05", "R06", "R07", "R08", "R09"}


@pytest.mark.parametrize(("entry", "reason"), [
    ({"title": "t", "law": "l", "otherwise": {"detail": "d"}, "check": "patterns"}, "check"),
    ({"title": "t", "law": "l", "otherwise": {"detail": "d"}, "severity": "urgent"}, "severity"),
    ({"title": "t", "law": "l", "otherwise": {"detail": "d"},
      "rules": [{"status": "present", "all": [{"statements": ["no_such_statement"]}], "detail": "d"}]}, "no_such_statement"),
    ({"title": "t", "law": "l", "otherwise": {"detail": "d"},
      "rules": [{"status": "present", "all": [{"field": "organization.nickname"}], "detail": "d"}]}, "organization.nickname"),
    ({"title": "t", "law": "l", "otherwise": {"detail": "d"},
      "rules": [{"status": "present", "all": [{"field": "kind", "statements": ["cookie"]}], "detail": "d"}]}, "either"),
    ({"title": "t", "law": "l", "otherwise": {"detail": "d"}, "rules": [{"status": "present", "detail": "d"}]}, "all: or any:"),
    ({"title": "t", "law": "l", "otherwise": {"detail": "d"},
      "rules": [{"status": "present", "all": [{"field": "kind"}], "detail": "kind {knd}"}]}, "cannot be filled"),
])
def test_invalid_profile_entries_are_refused_naming_file_and_entry(entry, reason):
    with pytest.raises(InvalidDataFile, match=reason) as info:
        validate_requirement("appi_2022.yaml", "R99", entry)
    assert "appi_2022.yaml" in str(info.value) and "R99" in str(info.value)


def test_no_check_reads_the_raw_text():
    """The checks judge the record: the interpreter uses no regular expressions."""
    path = Path(nlp.compare.__file__).parent / "requirements.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names} | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "re" not in imported


def test_unknown_profile():
    with pytest.raises(UnknownReference, match="nope"):
        load_profile("nope")


@pytest.mark.parametrize(("title", "expected"), [("■開示等・お問い合わせ", "present"), ("■お問い合わせ", "missing")])
def test_a_forms_contact_section_counts_for_complaints_when_it_is_about_personal_information(title, expected):
    form = ("入会申込フォーム\nお名前 *\n電話番号 *\nメールアドレス *\nご住所 *\n生年月日 *\n"
            "ご入力いただいた情報は、入会の手続きに利用します。\n"
            f"{title}\n架空みなと生活協同組合 組合員センター\nTEL:03-0000-6210(平日10:00〜17:00)\n"
            "上記に同意する *\n確認画面へ進む\n")
    record = ANALYZER.analyze_text(form)
    assert record.kind == "web_form"
    assert next(c.status for c in record.compliance if c.requirement == "R14") == expected


@pytest.mark.parametrize(("rights", "expected"), [
    ("ご本人からの開示・訂正等のご請求には、法令に従い対応いたします。", "partial"),
    ("ご本人からの開示・訂正等のご請求には、ご本人であることを確認のうえ、法令に従い対応いたします。", "present"),
])
def test_a_form_that_only_promises_to_follow_the_law_on_requests_says_nothing_of_how(rights, expected):
    form = ("入会申込フォーム\nお名前 *\n電話番号 *\nメールアドレス *\nご住所 *\n生年月日 *\n"
            f"ご入力いただいた情報は、入会の手続きに利用します。{rights}\n"
            "個人情報の取扱いに関するお問い合わせ:架空みなと生活協同組合 電話 03-0000-6210\n"
            "上記に同意する *\n確認画面へ進む\n")
    record = ANALYZER.analyze_text(form)
    assert record.kind == "web_form"
    assert next(c.status for c in record.compliance if c.requirement == "R11") == expected


@pytest.mark.parametrize(("security", "expected"), [
    ("個人情報は施錠できる保管庫及びアクセス制限を設けたシステムで管理し、従業員には守秘義務を課して定期的に研修を行います。\n",
     "partial"),
    ("当社は、個人情報を次のとおり管理します。\n・個人情報は施錠できる保管庫で保管します。\n"
     "・システムにはアクセス制限を設け、通信を暗号化します。\n・従業員には守秘義務を課し、年1回研修を行います。\n", "present"),
])
def test_a_consent_sets_out_security_item_by_item_or_only_names_measures_in_passing(security, expected):
    consent = ("入会申込書兼個人情報の取扱いに関する同意書\n当社は、お預かりする個人情報を入会の手続きに利用します。\n"
               + security + "上記に同意します。\n申込日　　年　　月　　日\nお名前(署名)＿＿＿＿\n")
    record = ANALYZER.analyze_text(consent)
    assert record.kind == "consent_form"
    assert next(c.status for c in record.compliance if c.requirement == "R13") == expected


def test_a_contact_phrase_in_brackets_after_a_phone_number_is_reachable():
    text = "架空すみれ坂クリニック\nTEL 03-0000-4172(個人情報に関するお問い合わせ・苦情もこちらへ)\n"
    assert status(text, "R14") == "present"


def test_a_bare_promise_followed_by_where_to_ask_is_no_bare_promise():
    form = ("入会申込フォーム\nお名前 *\n電話番号 *\nメールアドレス *\nご住所 *\n生年月日 *\n"
            "ご入力いただいた情報は、入会の手続きに利用します。開示等のご請求には、法令に従い対応いたします。"
            "下記までお申し出ください。\n個人情報の取扱いに関するお問い合わせ:架空みなと生活協同組合 電話 03-0000-6210\n"
            "上記に同意する *\n確認画面へ進む\n")
    assert next(c.status for c in ANALYZER.analyze_text(form).compliance if c.requirement == "R11") == "present"


def test_a_contact_phrase_in_nested_brackets_after_a_phone_number_is_reachable():
    text = "架空すみれ坂クリニック\nTEL 03-0000-4172(個人情報(カルテ開示を含む)に関するお問い合わせ・苦情もこちらへ)\n"
    assert status(text, "R14") == "present"
