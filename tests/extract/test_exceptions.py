"""Grounds on which personal data may leave the organisation
(``record.third_party.exceptions``): the statutory list, the non-third-party
cases (委託, 事業承継, 共同利用) and sector-specific grounds, wherever stated."""
from __future__ import annotations

import pytest

from nlp.pipeline import Analyzer

ANALYZER = Analyzer(reference=None)

RULE = "当社は、次の場合を除き、個人データを第三者に提供しません。\n"


def exceptions(text: str) -> set[str]:
    return {e.category for e in ANALYZER.analyze_text(text).third_party.exceptions}


def listed(*items: str, marker: str = "(1)") -> str:
    """The statutory rule followed by a list of grounds."""
    return RULE + "\n".join(f"{marker} {item}" for item in items)


# (text, the ground it must give)
GROUNDS = [
    # statutory list, each item on its own
    pytest.param(listed("法令に基づく場合"), "law", id="law"),
    pytest.param(listed("法令等により開示を求められた場合", marker="・"), "law", id="law-disclosure-request"),
    pytest.param("当社は、法令等により開示を求められた場合を除き、お客様の個人情報を外部に開示しません。", "law",
                 id="law-inline"),
    pytest.param("当社は、裁判所、警察等の公的機関から法令に基づく照会を受けた場合には、個人情報を提供することがあります。",
                 "law", id="law-police"),
    pytest.param(listed("ご本人の同意がある場合"), "consent", id="consent-list"),
    pytest.param(listed("あらかじめ本人の同意を得た場合", marker="①"), "consent", id="consent-beforehand"),
    pytest.param("当社は、お客様の個人情報を、お客様の同意なく第三者に提供しません。", "consent", id="consent-no-provision"),
    pytest.param("当社は、個人情報を同意なく第三者に提供しません。", "consent", id="consent-bare"),
    pytest.param(listed("人の生命、身体又は財産の保護のために必要がある場合であって、本人の同意を得ることが困難であるとき"),
                 "life_property", id="life-property"),
    pytest.param(listed("人の生命・身体・財産の保護のために必要な場合", marker="ア."), "life_property",
                 id="life-property-dots"),
    pytest.param(listed("公衆衛生の向上又は児童の健全な育成の推進のために特に必要がある場合であって、"
                        "本人の同意を得ることが困難であるとき"), "public_health", id="public-health"),
    pytest.param(listed("国の機関若しくは地方公共団体又はその委託を受けた者が法令の定める事務を遂行することに対して"
                        "協力する必要がある場合"), "government", id="government"),
    pytest.param(listed("学術研究機関等に個人データを提供する場合であって、当該学術研究機関等が当該個人データを"
                        "学術研究目的で取り扱う必要があるとき"), "academic", id="academic"),
    # non-third-party cases
    pytest.param("5. 安全管理措置\n当社は、個人情報の漏えいを防ぐため必要な措置を講じます。"
                 "印刷や発送の業務を外部に委託する場合は、委託先を適切に監督します。", "outsourcing",
                 id="outsourcing-in-security-section"),
    pytest.param(listed("利用目的の達成に必要な範囲内において、個人データの取扱いの全部又は一部を委託する場合"),
                 "outsourcing", id="outsourcing-statutory"),
    pytest.param(listed("合併その他の事由による事業の承継に伴って個人データが提供される場合"), "business_succession",
                 id="business-succession"),
    pytest.param("当社は、お客様の個人データを以下のとおり共同利用します。\n共同して利用する者の範囲: 架空物流株式会社",
                 "joint_use", id="joint-use"),
    pytest.param(listed("特定の者との間で共同して利用する場合であって、その旨をあらかじめ本人に通知しているとき"),
                 "joint_use", id="joint-use-statutory"),
    # sector-specific and non-statutory grounds
    pytest.param("当社は、再保険契約の締結及び再保険金の請求のため、再保険会社に個人データを提供することがあります。",
                 "reinsurance", id="reinsurance"),
    pytest.param("当組合は、再共済の手続のため、連合会に個人データを提供します。", "reinsurance", id="reinsurance-kyosai"),
    pytest.param("当組合は、公共の利益のために必要な場合を除き、個人情報を第三者に提供しません。", "public_interest",
                 id="public-interest"),
    pytest.param("4. 特定個人情報の取扱い\n当組合は、激甚災害時に共済金を支払うために必要な限度で個人番号を利用することがあります。",
                 "disaster", id="disaster-my-number-section"),
    pytest.param("当社は、個人番号を第三者に提供しません。ただし、激甚災害時の金銭の支払のために必要な場合を除きます。",
                 "disaster", id="disaster-provision"),
]


@pytest.mark.parametrize(("text", "ground"), GROUNDS)
def test_ground_is_found(text, ground):
    assert ground in exceptions(text)


def test_full_statutory_list():
    text = listed(
        "ご本人の同意がある場合",
        "法令に基づく場合",
        "人の生命、身体又は財産の保護のために必要がある場合であって、本人の同意を得ることが困難であるとき",
        "公衆衛生の向上又は児童の健全な育成の推進のために特に必要がある場合であって、本人の同意を得ることが困難であるとき",
        "国の機関若しくは地方公共団体又はその委託を受けた者が法令の定める事務を遂行することに対して協力する必要がある場合",
        "学術研究機関等に提供する場合であって、学術研究目的で取り扱う必要があるとき",
    )
    assert {"consent", "law", "life_property", "public_health", "government", "academic"} <= exceptions(text)


def test_evidence_points_into_the_text():
    text = listed("法令に基づく場合", "ご本人の同意がある場合")
    record = ANALYZER.analyze_text(text, with_text=True)
    assert record.third_party.exceptions
    for exception in record.third_party.exceptions:
        start, end = exception.evidence.span
        assert record.text[start:end] == exception.evidence.text == exception.text


# (text, a ground it must NOT give)
NOT_GROUNDS = [
    pytest.param("当社は、業務を委託することはありません。", "outsourcing", id="no-outsourcing"),
    pytest.param("当社は、お客様の個人情報の取扱いを委託することはありません。", "outsourcing", id="no-outsourcing-handling"),
    pytest.param("当社は、他の保険会社から委託を受けた業務を遂行するため、個人情報を利用し、第三者には提供しません。",
                 "outsourcing", id="entrusted-by-another-insurer"),
    pytest.param("当社は、他の保険会社から委託を受けた業務の遂行のために個人情報を利用します。", "outsourcing",
                 id="entrusted-business-as-purpose"),
    pytest.param("当社は、お客様の個人データを他の事業者と共同利用することはありません。", "joint_use", id="no-joint-use"),
    pytest.param("当社は、お客様の個人情報を大切に取り扱います。", "consent", id="nothing-said"),
    pytest.param("当社は、法令を遵守し、個人情報を適切に取り扱います。", "law", id="compliance-pledge-is-not-law"),
    pytest.param("緊急時の連絡先として、ご家族の電話番号をお伺いします。", "life_property", id="emergency-contact"),
    pytest.param("当社は、お客様の個人情報を第三者に提供することはなく、業務を委託することもありません。", "outsourcing",
                 id="no-outsourcing-mo"),
    pytest.param(listed("国の機関若しくは地方公共団体又はその委託を受けた者が法令の定める事務を遂行することに対して"
                        "協力する必要がある場合"), "outsourcing", id="government-entrustee-is-not-outsourcing"),
]


@pytest.mark.parametrize(("text", "ground"), NOT_GROUNDS)
def test_ground_is_not_found(text, ground):
    assert ground not in exceptions(text)


def test_outsourcing_that_is_denied_is_no_ground():
    record = Analyzer(reference=None).analyze_text(
        "第三者提供\nご請求時にいただいた情報は、外部に提供または委託することはございません。\n")
    assert "outsourcing" not in record.labels("third_party_exceptions")


def test_a_list_numbered_again_under_a_numbered_provision_heading_is_a_provision_list():
    text = ("当院の個人情報の利用目的\n1. 院内での利用\n1. 患者さんに提供する医療サービス\n2. 医療保険事務\n"
            "2. 院外への情報提供としての利用\n1. 他の病院、診療所、薬局等との連携\n2. 他の医療機関等からの照会への回答\n")
    assert "service_partners" in exceptions(text)
    assert "service_partners" not in exceptions(text.replace("院外への情報提供としての利用", "院内の教育"))


def test_a_proviso_after_a_provision_clause_states_its_grounds():
    text = ("【5】お約束\n・ご本人の了解なしに、ほかの人に名簿を渡しません。ただし、警察などから法律にもとづいて"
            "問い合わせがあったときは別です。\n")
    assert "law" in exceptions(text)
    assert "law" not in exceptions(text.replace("ご本人の了解なしに、ほかの人に名簿を渡しません", "名簿を大切に扱います"))


def test_a_heading_after_a_joint_use_section_ends_it():
    text = ("個人情報の取扱いについて\nお預かりした情報は、大会の運営に利用します。\n架空市との共同利用\n"
            "氏名と参加日は、架空市と共同で利用します。\n緊急時の対応\n"
            "上記のほか、法令に基づく場合を除き、ご本人の同意なく個人情報を第三者に提供することはありません。\n")
    assert {"law", "consent", "joint_use"} <= exceptions(text)


@pytest.mark.parametrize(("text", "consent"), [
    pytest.param("2. ローン会社への提供\n審査のため、お名前とご年収を提携ローン会社に提供します。\n"
                 "「個人情報の取扱いについて」に同意し、ローン会社への提供に同意します。", True, id="agreed-on-a-form"),
    pytest.param("審査のため、お名前とご年収を提携ローン会社に提供します。", False, id="no-agreement"),
    pytest.param("当社は、本フォームの内容を、お客様の同意を得て提携ローン会社に提供します。\n上記内容に同意する", True,
                 id="consent-stated-anyway"),
    pytest.param("ご入力いただいた内容は、当社からのご連絡にのみ利用します。\n上記内容に同意する", False,
                 id="agreement-without-a-provision"),
    pytest.param("名簿は会の運営に使います。\n□ 名簿の写しを架空小学校に渡すことに同意します。", True,
                 id="agreement-naming-its-provision"),
    pytest.param("名簿は会の運営に使います。\n□ 名簿の作成に同意します。", False, id="agreement-naming-no-provision"),
])
def test_a_readers_agreement_is_the_ground_of_a_stated_provision(text: str, consent: bool) -> None:
    assert ("consent" in exceptions(text)) is consent


def test_grounds_numbered_on_the_provision_rules_own_line_are_its_list() -> None:
    text = ("お客さまの個人情報は、次の場合を除き、第三者に提供することはありません。①法令に基づく場合 "
            "②人の生命、身体又は財産の保護のために必要な場合\n")
    assert {"law", "life_property"} <= exceptions(text)
    assert not {"law", "life_property"} & exceptions("①法令に基づく場合 ②人の生命、身体又は財産の保護のために必要な場合\n")


@pytest.mark.parametrize(("text", "partners"), [
    pytest.param("【１】利用目的\n福祉用具の貸与のため\n【２】個人情報の提供先\n・居宅介護支援事業者（担当の介護支援専門員）\n"
                 "・主治医及び医療機関\n【３】お問い合わせ\n下記窓口までご連絡ください。\n", True, id="recipients-listed"),
    pytest.param("【１】利用目的\n福祉用具の貸与のため\n【２】個人情報の委託先\n・配送業務の委託先事業者\n", False,
                 id="processors-listed"),
    pytest.param("【１】利用目的\n福祉用具の貸与のため\n【２】個人情報の提供先\n"
                 "※提供先は別紙に記載しています。\n", False, id="only-a-note"),
])
def test_recipients_listed_under_a_recipients_title_are_partners(text: str, partners: bool) -> None:
    record = ANALYZER.analyze_text(text)
    found = [e for e in record.third_party.exceptions if e.category == "service_partners"]
    assert bool(found) is partners
    if partners:
        assert found[0].text == "・居宅介護支援事業者(担当の介護支援専門員)"
        assert "listed_recipient" in found[0].evidence.explanation


def test_recipients_listed_under_a_sentence_announcing_them_are_partners() -> None:
    text = (RULE + "2 共済金のお支払いおよび示談交渉のため、次の者に必要な範囲で個人データを提供します。\n"
            "・事故車両の修理工場、レッカー事業者\n・治療を受けられた医療機関\n")
    assert "service_partners" in exceptions(text)
    assert "service_partners" not in exceptions(RULE + "2 次の者に業務を委託し、個人データを提供します。\n"
                                                       "・配送業務の委託先事業者\n")


def test_an_industry_scheme_run_as_joint_use_is_also_an_industry_exchange() -> None:
    text = ("第8条(共同利用)\n2 損害保険会社等との共同利用\n当社は、不正な保険金請求の防止のため、一般社団法人架空損害保険協会が"
            "運営する契約内容登録制度に基づき、契約者の氏名、住所を、同協会及び同協会加盟の損害保険会社等との間で共同利用しています。\n")
    assert {"joint_use", "industry_exchange"} <= exceptions(text)
