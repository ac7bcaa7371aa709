"""Joint-use arrangements (共同利用): presence, parties, responsible party, and
the R05–R09 statuses that follow from them."""
from __future__ import annotations

import pytest

from nlp.pipeline import Analyzer

ANALYZER = Analyzer(reference=None)
CHECKER = Analyzer()  # appi-2022


def arrangements(text: str):
    return ANALYZER.analyze_text(text).joint_use


def party_names(text: str) -> list[str]:
    return [p.name for j in arrangements(text) for p in j.parties]


# ---------------------------------------------------------------- presence

DETAILED = """5. 個人データの共同利用
当社は、次のとおり個人データを共同して利用します。
(1) 共同して利用される個人データの項目
氏名、住所、電話番号、購入履歴
(2) 共同して利用する者の範囲
1. 架空物流株式会社
2. 架空カード株式会社
3. 架空保険サービス株式会社
(3) 利用する者の利用目的
商品の配送及びアフターサービスのため
(4) 当該個人データの管理について責任を有する者の名称
株式会社架空商事
〒100-0000 東京都千代田区架空町1-2-3
代表取締役 山田 太郎
"""

STATUTORY_LIST = ("当社は、次の場合を除き、個人データを第三者に提供しません。\n(1) 法令に基づく場合\n"
                  "(2) 特定の者との間で共同して利用する場合であって、その旨並びに共同して利用される個人データの項目、"
                  "共同して利用する者の範囲、利用する者の利用目的及び当該個人データの管理について責任を有する者の氏名又は名称を"
                  "あらかじめ本人に通知し、又は本人が容易に知り得る状態に置いているとき")

# (text, joint use present?)
PRESENCE = [
    pytest.param("当社は、お客様の個人データを以下のとおり共同利用します。\n共同して利用する者の範囲: 架空物流株式会社",
                 True, id="declaration"),
    pytest.param(DETAILED, True, id="section-with-details"),
    pytest.param("当社グループ各社が共同利用する場合は、利用目的、共同利用者の範囲等をあらかじめ公表します。", True,
                 id="conditional-naming-a-group"),
    pytest.param("当組合は、架空生活協同組合連合会及び架空農業協同組合との間で、組合員の氏名及び住所を共同して利用します。",
                 True, id="running-text"),
    pytest.param("1. 個人情報の取扱い\n当社は個人情報を適切に管理します。\n2. 従業員情報のグループ内共同利用について\n"
                 "3. お問い合わせ\n窓口までご連絡ください。", True, id="a-joint-use-heading-alone"),
    pytest.param("1. 個人情報の取扱い\n当社は個人情報を適切に管理します。\n2. 第三者提供・共同利用\n"
                 "当社は、法令に基づく場合を除き、本人の同意なく第三者に提供しません。", False,
                 id="a-heading-about-more-than-joint-use"),
    pytest.param("なお、会員への連絡に必要な限度で共同利用するときは、第三者への提供には当たりません。", True,
                 id="hypothetical-that-is-not-provision"),
    pytest.param("4. 共同利用\n当社は、以下のとおり特定の者との間で共同利用を行うことがあります。\n・共同利用する者の範囲\n"
                 "当社の協力会社", True, id="statutory-wording-in-its-own-section"),
    pytest.param("個人情報を他の事業者と共同利用したり、その取扱いを委託したりするときは、適切に監督します。", False,
                 id="hypothetical-with-third-parties"),
    pytest.param("1. 第三者提供・共同利用について\n当社は、以下に掲げる場合のほかは、個人情報を第三者へ提供し、又は共同利用することはいたしません。",
                 False, id="negated-under-a-joint-use-heading"),
    pytest.param("【同意事項】ご記入いただいた個人情報を、当社及び架空物流株式会社で共同利用することに同意します。", True,
                 id="consent-form-wording"),
    pytest.param("お預かりした情報は、架空グループ各社と共同して利用されます。", True, id="passive"),
    pytest.param("当社は、お客様の個人情報の共同利用は行っておりません。", False, id="negated-politely"),
    pytest.param(STATUTORY_LIST, False, id="statutory-restatement"),
    pytest.param("3. 第三者提供\n当社は、次の場合を除き、個人データを第三者に提供しません。\n(1) 法令に基づく場合\n"
                 "(2) 個人データを特定の者との間で共同して利用する場合で、以下の事項をあらかじめ本人に通知しているとき\n"
                 "ア.共同利用する旨\nイ.共同して利用される個人データの項目\nウ.共同して利用する者の範囲\n"
                 "エ.利用する者の利用目的\n4. 安全管理\n当社は適切に管理します。", False, id="statutory-notice-items-as-a-list"),
    pytest.param("当社は、お客様の個人データを他の事業者と共同利用することはありません。", False, id="negated"),
    pytest.param("当社は、お客様の個人情報を大切に取り扱います。", False, id="nothing-said"),
]


@pytest.mark.parametrize(("text", "present"), PRESENCE)
def test_presence(text, present):
    assert bool(arrangements(text)) is present


def test_statutory_restatement_still_gives_the_exception():
    record = ANALYZER.analyze_text(STATUTORY_LIST)
    assert record.joint_use == []
    assert "joint_use" in record.labels("third_party_exceptions")


def test_negated_joint_use_gives_no_exception():
    record = ANALYZER.analyze_text("当社は、お客様の個人データを他の事業者と共同利用することはありません。")
    assert "joint_use" not in record.labels("third_party_exceptions")


# ---------------------------------------------------------------- parties

RESPONSIBLE_TAIL = "\n(3) 管理責任者の名称\n株式会社架空商事\n"
# Running text names the organisation first, as a policy does (otherwise the
# first organisation named may be taken for the organisation itself).
COMPANY = "株式会社架空商事(以下「当社」といいます。)は、個人情報を次のとおり取り扱います。\n"
COOP = "架空みなと生活協同組合(以下「当組合」といいます。)は、個人情報を次のとおり取り扱います。\n"

# (text, the parties as written, in order)
PARTIES = [
    pytest.param(DETAILED, ["架空物流株式会社", "架空カード株式会社", "架空保険サービス株式会社"], id="numbered-list"),
    pytest.param("当社は、次のとおり共同利用します。\n(1) 共同して利用する者の範囲\n① 架空物流株式会社\n② 架空カード株式会社"
                 + RESPONSIBLE_TAIL, ["架空物流株式会社", "架空カード株式会社"], id="circled-list"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲: 架空物流株式会社、架空カード株式会社",
                 ["架空物流株式会社", "架空カード株式会社"], id="inline-after-heading"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲\n会社名\t所在地\t主な事業\n"
                 "架空物流株式会社\t東京都千代田区架空町1-1\t物流業\n架空リース株式会社\t東京都港区架空2-2\tリース業",
                 ["架空物流株式会社", "架空リース株式会社"], id="table-rows"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲\n"
                 "架空物流株式会社\t東京都千代田区架空町1-1\t物流業\n架空リース株式会社\t東京都港区架空2-2\tリース業",
                 ["架空物流株式会社", "架空リース株式会社"], id="table-rows-without-header"),
    pytest.param(COOP + "当組合は、架空生活協同組合連合会及び架空農業協同組合との間で、組合員の氏名及び住所を共同して利用します。",
                 ["架空生活協同組合連合会", "架空農業協同組合"], id="running-text"),
    pytest.param(COMPANY + "当社は、架空物産株式会社及び架空みなと協同組合との間で、お客様の氏名及び住所を共同して利用します。",
                 ["架空物産株式会社", "架空みなと協同組合"], id="running-text-company-and-coop"),
    pytest.param(COMPANY + "当社は、お客様の氏名及び住所を、架空物流株式会社及び架空カード株式会社と共同して利用します。",
                 ["架空物流株式会社", "架空カード株式会社"], id="running-text-to-kyodo"),
    pytest.param("当社グループ各社が共同利用する場合は、利用目的、共同利用者の範囲等をあらかじめ公表します。",
                 ["当社グループ各社"], id="group-conditional"),
    pytest.param(COMPANY + "お客様の個人データは、当社グループ各社において共同して利用します。", ["当社グループ各社"],
                 id="group-running-text"),
    pytest.param(COMPANY + "当社は、当社グループ各社との間で、お客様の個人データを共同して利用します。", ["当社グループ各社"],
                 id="group-to-no-aida-de"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲\n"
                 "・架空ホールディングス株式会社(東京都、大阪府及び福岡県に拠点を有する持株会社)\n・架空リース株式会社"
                 + RESPONSIBLE_TAIL,
                 ["架空ホールディングス株式会社", "架空リース株式会社"],
                 id="parenthesis-with-commas-is-a-description"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲: 架空労働組合連合会(架空労連)、架空信用組合",
                 ["架空労働組合連合会(架空労連)", "架空信用組合"], id="alias-in-parentheses"),
    pytest.param(COMPANY + "5. 共同利用\n当社は、当社グループ各社と個人データを共同利用します。\n管理責任者\n架空ホールディングス株式会社\n",
                 ["当社グループ各社"], id="the-responsible-party-is-no-joint-user"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲: Example Asia Co., Ltd.、架空物流株式会社",
                 ["Example Asia Co., Ltd.", "架空物流株式会社"], id="latin-name-in-a-list"),
    pytest.param(COMPANY + "当社は、Example Asia Co., Ltd.との間で、お客様の氏名を共同して利用します。",
                 ["Example Asia Co., Ltd."], id="latin-name-in-running-text"),
    pytest.param("当社は、次のとおり共同利用します。\n(1)共同して利用する者の範囲\n"
                 "【目的1・2】架空物流株式会社(当社の子会社で配送を担う会社)/架空カード株式会社\n【目的3】架空リース株式会社\n"
                 "(2)共同して利用される個人データの項目\n氏名、住所", ["架空物流株式会社", "架空カード株式会社", "架空リース株式会社"],
                 id="tagged-lines-with-slashes"),
    pytest.param("3. 共同利用について\n当社は、個人情報を次の会社と共同して利用します。\n【共同利用先】 架空物流株式会社/有限会社架空測量",
                 ["架空物流株式会社", "有限会社架空測量"], id="bracketed-label-on-the-line"),
    pytest.param(COMPANY + "お客様の個人データは、架空グループの各社との間で共同して利用します。", ["架空グループの各社"],
                 id="group-of-a-named-group"),
    pytest.param("当社は、次のとおり共同利用します。\n(2) 共同して利用する者の範囲\n以下に掲げる架空グループ各社(PDF 120KB)\n"
                 "(3) 利用する者の利用目的\nサービスの提供", ["架空グループ各社"], id="pointer-to-a-list-elsewhere"),
    pytest.param("4. 共同利用\n当社は、下記の内容で共同利用をすることがあります。\n・共同利用する者の範囲\n当社と当社の協力会社・個人\n"
                 "・共同利用する目的\nサービスの提供", ["当社の協力会社・個人"], id="description-with-a-middle-dot"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲: 架空生活協同組合連合会・架空農業協同組合",
                 ["架空生活協同組合連合会", "架空農業協同組合"], id="middle-dot-between-two-names"),
    pytest.param(COOP + "当組合は、再共済を引き受ける架空共済生活協同組合連合会と、組合員の氏名を共同して利用します。",
                 ["架空共済生活協同組合連合会"], id="verb-before-the-name-is-not-part-of-it"),
    pytest.param(COMPANY + "当社は、当社の関連会社であるしんきん架空保証株式会社との間で、お客様の氏名を共同して利用します。",
                 ["しんきん架空保証株式会社"], id="hiragana-name-after-an-apposition"),
    pytest.param(COMPANY + "当社は、お客様の情報をグループ会社である架空物流株式会社及び架空カード株式会社と共同で利用いたします。",
                 ["架空物流株式会社", "架空カード株式会社"], id="group-word-before-the-names"),
    pytest.param(COMPANY + "共同利用する者の範囲:当社及び当社の子会社(架空物流株式会社、架空カード株式会社)",
                 ["当社の子会社", "架空物流株式会社", "架空カード株式会社"], id="names-in-brackets-after-a-group"),
    pytest.param(COMPANY + "当社は、以下の会社と個人情報を共同利用します。\n架空物流株式会社\n架空カード株式会社\n\n2. 安全管理\n"
                 "当社は適切に管理します。", ["架空物流株式会社", "架空カード株式会社"], id="one-name-a-line-after-the-declaration"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲\n架空ホールディングス株式会社\n"
                 "現時点で、当社と個人データを共同利用している会社はありません。\n(3) 共同して利用する者の利用目的\n商品の案内",
                 ["架空ホールディングス株式会社"], id="a-line-saying-there-are-none"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲\t架空ネット株式会社(架空ショップ運営会社)",
                 ["架空ネット株式会社(架空ショップ運営会社)"], id="an-alias-in-brackets-is-not-another-party"),
    pytest.param("当社は、次のとおり共同利用します。\n(2)共同して利用する者の範囲:\n会社名\t所在地\n"
                 "架空ホールディングス株式会社\t東京都千代田区架空町1-2-3\n架空リース株式会社\t大阪府大阪市北区架空1-1\n",
                 ["架空ホールディングス株式会社", "架空リース株式会社"], id="a-table-under-a-label-ending-in-a-colon"),
    pytest.param("当社は、次のとおり共同利用します。\n共同して利用する者の範囲:架空本部株式会社及び全国の「架空ホーム」加盟店"
                 "(加盟店の一覧は本部のウェブサイト https://example.jp/shops/ に掲載しています)",
                 ["架空本部株式会社", "全国の「架空ホーム」加盟店"], id="a-long-note-in-brackets-after-the-names"),
    pytest.param(COMPANY + "お客様の氏名と学年は、当社グループの「架空個別指導塾」(運営:架空スクール)と、教室のご案内のために"
                 "共同利用することがあります。", ["架空個別指導塾"], id="a-group-member-named-in-quotes"),
    pytest.param("当社は、次のとおり共同利用します。\n共同利用する者の範囲\t当社（本院・分院）、架空ベテリナリー株式会社",
                 ["架空ベテリナリー株式会社"], id="the-organisation-itself-with-its-branches-in-brackets"),
    pytest.param("当社は、架空ケーブル株式会社および架空みなとでんき株式会社との間で、お客様の氏名を共同して利用します。",
                 ["架空ケーブル株式会社", "架空みなとでんき株式会社"], id="a-kana-name-holding-a-particle-pair"),
    pytest.param("当組合は、次のとおり共同利用します。\n共同利用する者の範囲\t架空生活協同組合連合会（架空生協連） 架空うみかぜ生活協同組合 当組合",
                 ["架空生活協同組合連合会(架空生協連)", "架空うみかぜ生活協同組合"], id="names-on-the-lines-of-one-table-cell"),
    pytest.param("当社は、次のとおり共同利用します。\n共同利用する者の範囲\t医療法人社団 架空会",
                 ["医療法人社団 架空会"], id="a-blank-after-a-legal-form-is-part-of-the-name"),
    pytest.param("当社は、次のとおり共同利用します。\n（2）共同して利用する者の範囲\n　①親会社\n　　架空ホールディングス株式会社\n"
                 "　②子会社\n　　架空サービス株式会社\n（3）利用目的\n商品のご案内",
                 ["架空ホールディングス株式会社", "架空サービス株式会社"], id="relation-labels-over-the-names"),
    pytest.param("当JAは、次のとおり共同して利用します。\n共同して利用する者の範囲\n当JA及び架空共済連（同連合会県本部を含みます。）\n"
                 "利用する者の利用目的\n資料の送付", ["架空共済連"], id="a-sentence-inside-brackets-after-a-name"),
    pytest.param("　当社は、下表の会社との間で、お客さまの氏名と住所を共同して利用します。\n　会社名\t所在地\n"
                 "　架空ホールディングス株式会社\t東京都架空区1番\n　架空損害保険株式会社\t東京都架空区2番\n",
                 ["架空ホールディングス株式会社", "架空損害保険株式会社"], id="a-declaration-pointing-to-an-indented-table"),
    pytest.param("第1条\n当会は、次の会員生活協同組合（以下、総称して「会員生協」といいます。）とともに事業を行います。\n"
                 "（１）架空ほくと生活協同組合\n（２）架空なんかい生活協同組合\n２．当会は架空労働組合協議会と協力します。\n"
                 "第10条（共同利用）\n当会は、会員生協との間で、組合員の氏名を共同して利用します。",
                 ["会員生協", "架空ほくと生活協同組合", "架空なんかい生活協同組合"], id="a-collective-alias-stands-for-its-members"),
    pytest.param("架空ひだまり共済生活協同組合（以下「当組合」といいます。）は、元受団体である架空ひだまり共済生活協同組合連合会と"
                 "個人データを共同利用しています。",
                 ["架空ひだまり共済生活協同組合連合会"], id="a-federation-named-after-the-publisher-is-another-body"),
]


@pytest.mark.parametrize(("text", "expected"), PARTIES)
def test_parties(text, expected):
    assert party_names(text) == expected


def test_party_evidence_is_the_name_in_the_text():
    record = ANALYZER.analyze_text(DETAILED, with_text=True)
    parties = [p for j in record.joint_use for p in j.parties]
    assert parties
    for party in parties:
        start, end = party.evidence.span
        assert record.text[start:end] == party.evidence.text
        assert party.name in party.evidence.text


# ---------------------------------------------------------------- responsible party

HEAD = "当社は、次のとおり個人データを共同して利用します。\n(1) 共同して利用する者の範囲\n架空物流株式会社、架空カード株式会社\n"

# (text, (name, address, representative))
RESPONSIBLE = [
    pytest.param(DETAILED, ("株式会社架空商事", "〒100-0000 東京都千代田区架空町1-2-3", "代表取締役 山田 太郎"),
                 id="heading-then-lines"),
    pytest.param(HEAD + "(2) 管理責任者\n架空ホールディングス株式会社\n", ("架空ホールディングス株式会社", None, None),
                 id="heading-then-name"),
    pytest.param(HEAD + "(2) 管理責任者\n架空ホールディングス株式会社\n〒530-0000 大阪府大阪市北区架空1-1\n",
                 ("架空ホールディングス株式会社", "〒530-0000 大阪府大阪市北区架空1-1", None), id="with-address"),
    pytest.param(HEAD + "(2) 管理責任者\n架空ホールディングス株式会社\n〒530-0000 大阪市北区架空1-1\n",
                 ("架空ホールディングス株式会社", "〒530-0000 大阪市北区架空1-1", None), id="a-city-after-a-postal-code"),
    pytest.param(HEAD + "(2) 管理責任者\n架空ホールディングス株式会社 代表取締役 山田 太郎\n",
                 ("架空ホールディングス株式会社", None, "代表取締役 山田 太郎"), id="name-and-representative-on-one-line"),
    pytest.param(HEAD + "(2) 管理責任者: 架空ホールディングス株式会社\n", ("架空ホールディングス株式会社", None, None),
                 id="inline"),
    pytest.param(HEAD + "(2) 管理責任者：架空ホールディングス株式会社\n", ("架空ホールディングス株式会社", None, None),
                 id="inline-full-width-colon"),
    pytest.param(HEAD + "(2) 管理責任者: 架空ホールディングス株式会社\n所在地: 東京都千代田区架空町1-2-3\n"
                 "代表者: 代表取締役 山田 太郎\n",
                 ("架空ホールディングス株式会社", "東京都千代田区架空町1-2-3", "代表取締役 山田 太郎"),
                 id="inline-then-address-and-representative"),
    pytest.param(HEAD + "(2) 共同利用する個人データの管理責任者の名称、住所及び代表者の氏名\n"
                 "責任を有する者: 架空ホールディングス株式会社 個人情報保護管理者\n住所: 大阪府大阪市北区架空1-1\n"
                 "架空ビル5階\n代表者の氏名: 山田 太郎\n",
                 ("架空ホールディングス株式会社 個人情報保護管理者", "大阪府大阪市北区架空1-1", "山田 太郎"),
                 id="labelled-lines-with-an-address-continued"),
    pytest.param(COMPANY + HEAD + "(2) 管理責任者\n当社\n\n会社概要\n〒100-0000 東京都千代田区架空町1-2-3\n代表取締役 山田 太郎\n",
                 ("株式会社架空商事", "東京都千代田区架空町1-2-3", "代表取締役 山田 太郎"), id="the-organisation-itself"),
    pytest.param(HEAD + "(2) 管理責任者\t架空ホールディングス株式会社\t東京都千代田区架空町1-1\t代表取締役 山田太郎\n",
                 ("架空ホールディングス株式会社", "東京都千代田区架空町1-1", "代表取締役 山田太郎"), id="a-table-row"),
    pytest.param(HEAD + "(2) 管理について責任を有する者:架空ホールディングス株式会社(〒100-0001 東京都千代田区架空町1-1 "
                 "代表取締役 山田太郎)\n", ("架空ホールディングス株式会社", "〒100-0001 東京都千代田区架空町1-1", "代表取締役 山田太郎"),
                 id="details-in-brackets"),
    pytest.param(HEAD + "共同利用する個人データの管理については、架空ホールディングス株式会社が責任を負います。\n",
                 ("架空ホールディングス株式会社", None, None), id="in-a-sentence"),
    pytest.param(HEAD + "(2) 管理責任者: 架空ホールディングス株式会社(所在地は上の表のとおり)\n\n会社一覧\n"
                 "架空ホールディングス株式会社\t東京都千代田区架空町1-2-3\t持株会社\n",
                 ("架空ホールディングス株式会社", "東京都千代田区架空町1-2-3", None), id="address-in-a-row-naming-it"),
    pytest.param("架空こども園\n当園は、架空第二保育園と園児の氏名を共同で利用します。この情報の管理について責任を負うのは"
                 "社会福祉法人架空会です。\n\n架空こども園 東京都千代田区架空町5-6-7\n"
                 "設置者 社会福祉法人架空会 理事長 架空 一郎(所在地は当園と同じ)\n",
                 ("社会福祉法人架空会", "東京都千代田区架空町5-6-7", "理事長 架空 一郎"), id="details-after-its-name-elsewhere"),
    pytest.param(HEAD + "6. 個人情報保護管理責任者\n総務部長 架空 一郎\n", (None, None, None),
                 id="the-privacy-officer-in-the-next-section"),
    pytest.param(HEAD + "\n9. 個人情報管理の窓口と管理者\n架空協会 事務局長\n", (None, None, None),
                 id="the-privacy-officer-is-not-the-responsible-party"),
]


@pytest.mark.parametrize(("text", "expected"), RESPONSIBLE)
def test_responsible(text, expected):
    found = arrangements(text)
    assert len(found) == 1
    responsible = found[0].responsible
    name, address, representative = expected
    assert responsible.name == name
    for got, want in ((responsible.address, address), (responsible.representative, representative)):
        if want is None:
            assert got is None
        else:
            assert want in (got or "")


HTML_TABLE = """<html><head><meta charset="utf-8"></head><body>
<p>架空テクノ株式会社(以下「当社」)は、個人情報を次のとおり取り扱います。</p>
<h2>5. 個人データの共同利用</h2><p>当社は、以下のとおり個人データを共同利用いたします。</p>
<table>
<tr><th>共同して利用される個人データの項目</th><td>氏名、住所、電話番号、購入履歴</td></tr>
<tr><th>共同して利用する者の範囲</th><td>架空テクノホールディングス株式会社、Example Asia Pte. Ltd.、架空サポート合同会社</td></tr>
<tr><th>利用する者の利用目的</th><td>製品の保守及びサポートのため</td></tr>
<tr><th>管理について責任を有する者</th><td>架空テクノ株式会社<br>〒105-0000 東京都港区架空1-2-3<br>代表取締役 田中 次郎</td></tr>
</table><h2>6. お問い合わせ</h2><p>窓口までご連絡ください。</p></body></html>"""

HTML_DEFINITIONS = """<html><head><meta charset="utf-8"></head><body>
<p>かもめ協同組合(以下「当組合」)は、個人情報を適切に取り扱います。</p>
<h3>共同利用について</h3>
<dl><dt>共同利用者</dt><dd><ul><li>かもめ協同組合連合会</li><li>架空共済株式会社</li></ul></dd>
<dt>共同利用の目的</dt><dd>共済事業の運営のため</dd><dt>管理責任者</dt><dd>当組合</dd></dl>
<h3>お問い合わせ</h3><p>〒900-0000 沖縄県架空市港町1-1 かもめ協同組合 組合長 比嘉 太郎</p></body></html>"""

# (HTML page, parties, (responsible name, address, representative), purposes)
HTML_PAGES = [
    pytest.param(HTML_TABLE, ["架空テクノホールディングス株式会社", "Example Asia Pte. Ltd.", "架空サポート合同会社"],
                 ("架空テクノ株式会社", "〒105-0000 東京都港区架空1-2-3", "代表取締役 田中 次郎"), ["製品の保守及びサポートのため"],
                 id="table-of-details"),
    pytest.param(HTML_DEFINITIONS, ["かもめ協同組合連合会", "架空共済株式会社"],
                 ("かもめ協同組合", "〒900-0000 沖縄県架空市港町1-1", "組合長 比嘉 太郎"), ["共済事業の運営のため"],
                 id="definition-list-and-the-organisation-itself"),
]


@pytest.mark.parametrize(("page", "parties", "responsible", "purposes"), HTML_PAGES)
def test_html_pages(tmp_path, page, parties, responsible, purposes):
    path = tmp_path / "policy.html"
    path.write_text(page, encoding="utf-8")
    [arrangement] = ANALYZER.analyze_file(path).joint_use
    assert [p.name for p in arrangement.parties] == parties
    got = arrangement.responsible
    assert (got.name, got.address, got.representative) == responsible
    assert arrangement.purposes == purposes


def test_negated_items_are_not_jointly_used():
    record = ANALYZER.analyze_text("5. 共同利用\n当社は、架空物流株式会社との間で、お客様の氏名及び住所を共同して利用します。\n"
                                   "なお、マイナンバーは共同利用いたしません。")
    [arrangement] = record.joint_use
    assert arrangement.items == ["address", "name"]
    assert all(d.context != "joint_use" for d in record.data_items if d.item == "my_number")


def test_every_joint_use_value_names_its_rule():
    record = ANALYZER.analyze_text(DETAILED)
    [arrangement] = record.joint_use
    evidence = [p.evidence for p in arrangement.parties] + [arrangement.responsible.evidence, arrangement.evidence]
    assert evidence and all(e.explanation and ".yaml#" in e.explanation for e in evidence)


# ---------------------------------------------------------------- R05–R09

# (text, R09 status)
R09 = [
    pytest.param(DETAILED, "present", id="address-and-representative"),
    pytest.param(HEAD + "(2) 管理責任者\n架空ホールディングス株式会社\n〒530-0000 大阪府大阪市北区架空1-1\n", "partial",
                 id="address-only"),
    pytest.param(HEAD + "(2) 管理責任者\n架空ホールディングス株式会社 代表取締役 山田 太郎\n", "partial",
                 id="representative-only"),
    pytest.param(HEAD + "(2) 管理責任者\n架空ホールディングス株式会社\n", "missing", id="name-only"),
    pytest.param(HEAD, "missing", id="no-responsible-party"),
    pytest.param("株式会社架空商事(以下「当社」といいます。)は、個人情報を適切に取り扱います。\n\n1. 共同利用\n" + HEAD
                 + "(2) 管理責任者\n当社\n\n会社概要\n株式会社架空商事\n〒100-0000 東京都千代田区架空町1-2-3\n"
                 "代表取締役 山田 太郎\n", "present", id="self-with-details-elsewhere"),
    pytest.param("当社は、お客様の個人データを他の事業者と共同利用することはありません。", "n/a", id="no-joint-use"),
    pytest.param("社会福祉法人 架空福祉会\n会長 山田 太郎 様\n\n4. 市との共同利用\n社会福祉法人架空福祉会は、"
                 "ボランティアのお名前と電話番号を、架空市と共同で利用します。共同で利用する名簿の管理に責任を持つのは、"
                 "社会福祉法人架空福祉会です。\n\n問い合わせ先\n〒100-0000 東京都千代田区架空町1-2-3\n", "present",
                 id="self-written-with-a-space"),
    pytest.param("当社は、建物の管理を株式会社架空ビル管理に任せています。当社と同社は、入居者のお名前を、設備の点検のために、"
                 "共同で利用しています。この共同利用における個人データの管理については、株式会社架空ビル管理"
                 "(東京都渋谷区架空町2-3-4)が責任を負います。\n", "partial", id="address-in-brackets"),
    pytest.param(HEAD + "(2) 管理責任者\n医療法人社団架空会(住所および代表者は末尾に記載のとおりです。)\n\n"
                 "医療法人社団架空会\n理事長 山田 太郎\n架空健診センター\nセンター長 森 花子\n"
                 "〒100-0000 東京都千代田区架空町1-2-3\n", "present", id="footer-with-a-facility-under-the-name"),
]


def statuses(text: str) -> dict[str, str]:
    return {c.requirement: c.status for c in CHECKER.analyze_text(text).compliance}


@pytest.mark.parametrize(("text", "status"), R09)
def test_r09_follows_the_responsible_party(text, status):
    assert statuses(text)["R09"] == status


def test_joint_use_requirements_all_present_for_a_complete_section():
    found = statuses(DETAILED)
    assert {rid: found[rid] for rid in ("R05", "R06", "R07", "R08", "R09")} == dict.fromkeys(
        ("R05", "R06", "R07", "R08", "R09"), "present")


def test_joint_use_requirements_without_details():
    found = statuses("当社は、お客様の個人データを以下のとおり共同利用します。\n"
                     "共同して利用する者の範囲: 架空物流株式会社")
    assert found["R06"] == "present"
    assert found["R08"] == "missing"
    assert found["R09"] == "missing"


# ---------------------------------------------------------------- all in one paragraph of prose

PROSE = ("当会は、会員の個人データを、当会の支部(東北支部、四国支部及び北陸・信越支部)並びに当会と提携協定を結んでいる"
         "一般財団法人架空文化振興財団と共同して利用します。共同して利用するのは、氏名、会員番号及び電子メールアドレスです。"
         "利用の目的は、支部の講演会のご案内です。"
         "この共同利用について責任を負うのは当会(一般社団法人架空文芸協会)で、所在地は末尾に記載しています。\n")


def test_names_listed_in_brackets_are_parties_and_a_lead_ends_at_its_last_phrase():
    assert party_names(PROSE) == ["東北支部", "四国支部", "北陸・信越支部", "一般財団法人架空文化振興財団"]


def test_items_and_purposes_follow_the_declaration_in_its_paragraph():
    record = ANALYZER.analyze_text(PROSE)
    [arrangement] = record.joint_use
    assert {"name", "member_id", "email"} <= set(arrangement.items)
    assert arrangement.purposes == ["支部の講演会のご案内"]
    assert {d.item for d in record.data_items if d.context == "joint_use"} >= {"name", "member_id", "email"}


def test_a_self_reference_named_responsible_in_prose_is_the_organisation():
    text = "一般社団法人架空文芸協会(以下「当会」)の個人情報保護方針\n" + PROSE
    [arrangement] = ANALYZER.analyze_text(text).joint_use
    assert arrangement.responsible.name == "一般社団法人架空文芸協会"


def test_a_name_written_after_its_legal_form_ends_before_the_joint_use_phrase():
    text = "当社は、会員情報を株式会社架空ウェルネスと共同で利用します。\n"
    assert party_names(text) == ["株式会社架空ウェルネス"]


UNION = """第5条 共済に関する共同利用
組合は、組合員の氏名、住所、電話番号、共済の加入内容を、架空運輸労働組合連合会(以下「運輸労連」といいます。)および架空運輸共済生活協同組合(以下「運輸共済」といいます。)と共同して利用しています。三者がこの情報を使うのは、共済の加入手続きと掛金の管理のためです。

第9条 お問い合わせ先
【共済の共同利用についての管理責任者】
架空運輸共済生活協同組合
〒105-0000 東京都港区架空浜2-3-4
理事長 架空 太郎

附則
2006年4月1日制定
架空かもめ労働組合
中央執行委員長 架空 次郎
"""


def test_a_responsible_party_block_at_the_foot_gives_the_responsible_party_not_joint_users():
    [arrangement] = arrangements(UNION)
    assert arrangement.responsible.name == "架空運輸共済生活協同組合"
    assert arrangement.responsible.representative == "理事長 架空 太郎"
    assert "架空かもめ労働組合" not in [p.name for p in arrangement.parties]


def test_a_responsible_party_block_ends_at_its_blank_line():
    [arrangement] = arrangements(UNION.replace("理事長 架空 太郎\n", ""))
    assert arrangement.responsible.representative is None  # not the union's own signature below the block


def test_joint_users_saying_what_they_use_the_data_for():
    [arrangement] = arrangements(UNION)
    assert arrangement.purposes == ["共済の加入手続きと掛金の管理のため"]


def test_a_purpose_after_the_declaration_in_its_sentence():
    [arrangement] = arrangements("氏名と参加日は、架空市(スポーツ課)と共同で利用し、活動証明書の発行と登録のご案内に使わせていただきます。")
    assert arrangement.purposes == ["活動証明書の発行と登録のご案内"]


def test_member_bodies_beside_a_named_party_are_parties_of_their_own():
    text = ("当会は、会員の氏名と所属を、一般社団法人架空競技連盟および本会の加盟団体である県内の各競技団体との間で"
            "共同して利用しています。\n")
    names = party_names(text)
    assert "一般社団法人架空競技連盟" in names
    assert any("各競技団体" in name for name in names)


def test_group_companies_beside_a_named_party_stay_out():
    text = "当社は、氏名と住所を、架空物流株式会社および当社グループ各社と共同して利用します。\n"
    assert party_names(text) == ["架空物流株式会社"]


TABLE_BELOW = ("6. 共同利用\n当院グループの3院の間で、次のとおり個人データを共同利用しています。\n\n"
               "共同して利用する個人データの項目\t氏名、住所、施術の内容\n"
               "共同して利用する者の範囲\t下表の3院を運営する医療法人\n"
               "利用する者の利用目的\t他院でのアフターケア\n\n"
               "院名\t運営法人\t所在地\n"
               "架空クリニック 銀座院\t医療法人社団架空会\t東京都中央区架空銀座1-2-3\n"
               "架空クリニック 梅田院\t医療法人みなと会\t大阪府架空市みなと町4-5-6\n\n"
               "7. 安全管理措置\n当院は、必要な措置を講じます。\n")


def test_a_party_row_pointing_to_a_table_below_takes_the_organisations_of_its_rows():
    assert party_names(TABLE_BELOW) == ["医療法人社団架空会", "医療法人みなと会"]


def test_a_party_line_pointing_to_the_table_right_under_it_takes_its_rows():
    text = ("当社は、次のとおり共同利用します。\n(1)共同利用する項目:お名前、ご住所\n"
            "(2)共同利用する者の範囲:当社および下表のグループ会社\n会社名\t所在地\n"
            "架空ホールディングス株式会社\t東京都千代田区架空町1-2-3\n架空リフォーム株式会社\t東京都港区架空台2-8-1\n"
            "(3)利用目的:リフォームのご提案\n")
    assert party_names(text) == ["架空ホールディングス株式会社", "架空リフォーム株式会社"]


def test_a_joint_user_referred_to_as_the_company_named_before():
    text = ("当社は、建物の管理を株式会社架空ビル管理に任せています。当社と同社は、入居者のお名前を、"
            "設備の点検のために、共同で利用しています。\n")
    assert party_names(text) == ["株式会社架空ビル管理"]


def test_a_party_cell_naming_the_organisation_and_the_companies_below_takes_the_rows():
    text = ("第7条(共同利用)\n当行は、次のとおり共同利用いたします。\n項目\t内容\n"
            "共同利用する個人データの項目\t氏名、住所、お取引の内容\n"
            "共同利用する者の範囲\t当行および次の連結子会社\n"
            "\t架空カード株式会社(クレジットカード業務)\n"
            "\tみなと信用保証株式会社\n"
            "利用する者の利用目的\t与信の判断\n"
            "管理について責任を有する者\t株式会社架空銀行\n")
    names = party_names(text)
    assert "連結子会社" not in names
    assert [n.split("(")[0] for n in names] == ["架空カード株式会社", "みなと信用保証株式会社"]


def test_a_word_pointing_back_to_a_named_company_is_no_party():
    text = ("第5条(共同利用)\n食事は、当社のグループ会社である架空ひかりフードサービス株式会社が提供しています。"
            "このため当社は、同社との間で、入館生の氏名及び食物アレルギーの有無を共同して利用します。"
            "共同して利用する者の範囲は当社及び架空ひかりフードサービス株式会社です。"
            "管理について責任を有する者は当社です。\n")
    names = party_names(text)
    assert "同社" not in names
    assert any("架空ひかりフードサービス" in name for name in names)


def test_a_defined_alias_in_a_list_of_joint_users_neither_ends_it_nor_stands_as_a_name():
    text = ("第8条(共同利用)\n本組合は、次のとおり個人データを共同して利用します。\n(1)共同して利用する者の範囲\n"
            "本組合、架空県医療福祉生活協同組合連合会(以下「県連」といいます。)及び架空日本医療福祉生活協同組合連合会\n"
            "(2)管理について責任を有する者\n県連\n")
    names = party_names(text)
    assert "架空日本医療福祉生活協同組合連合会" in names
    assert "架空県医療福祉生活協同組合連合会" in names


def test_a_collective_alias_stands_for_the_organisations_listed_before_it_in_its_sentence():
    text = ("当社は、一般社団法人架空生命保険協会(以下「協会」といいます。)、架空全国共済農業協同組合連合会及び"
            "架空日本コープ共済生活協同組合連合会(以下あわせて「各生命保険会社等」といいます。)とともに、"
            "下記の登録事項を共同して利用しています。\n■共同して利用する者の範囲\n協会及び各生命保険会社等\n")
    names = party_names(text)
    assert {"一般社団法人架空生命保険協会", "架空全国共済農業協同組合連合会",
            "架空日本コープ共済生活協同組合連合会"} <= set(names)
    assert "協会" not in names  # the alias stands for the association



def test_a_second_arrangement_after_the_labelled_one_adds_the_joint_users_its_sentence_names():
    text = ("7. 個人データの共同利用\n(1) グループ内での共同利用\n"
            "・共同利用する者の範囲:当社、架空ひばりホールディングス株式会社、架空ひばり損害保険株式会社\n"
            "・共同利用する項目:氏名、住所、電話番号\n・利用目的:グループ各社の商品のご案内\n"
            "・管理責任者:当社\n(2) 契約内容登録制度\n"
            "当社は、一般社団法人架空生命保険協会および架空全国つどい共済生活協同組合連合会とともに、"
            "保険契約のお引受けの判断の参考とするため、被保険者の氏名・生年月日を協会に登録し、共同して利用します。\n"
            "8. 安全管理措置\n当社は、必要な措置を講じます。\n")
    names = party_names(text)
    assert {"架空ひばりホールディングス株式会社", "一般社団法人架空生命保険協会", "架空全国つどい共済生活協同組合連合会"} <= set(names)


def test_each_arrangement_keeps_its_own_parties_and_responsible_party():
    text = ("第8条(共同利用)\n1 グループ会社との共同利用\n・共同利用する者:架空いろはホールディングス株式会社、架空いろは損害保険株式会社\n"
            "・項目:氏名、住所\n・利用目的:グループ各社の商品のご案内\n・管理責任者:架空いろはホールディングス株式会社\n"
            "2 契約内容登録制度\n当社は、不正な保険金請求の防止のため、一般社団法人架空損害保険協会および協会加盟の各損害保険会社とともに、"
            "契約者の氏名、証券番号を登録し、共同して利用します。\n"
            "・管理責任者:一般社団法人架空損害保険協会(〒000-0003 架空県みなと市ほたる町5番6号)\n"
            "第9条(安全管理措置)\n当社は、必要な措置を講じます。\n")
    first, second = arrangements(text)
    assert [p.name for p in first.parties] == ["架空いろはホールディングス株式会社", "架空いろは損害保険株式会社"]
    assert first.responsible.name == "架空いろはホールディングス株式会社"
    assert "一般社団法人架空損害保険協会" in [p.name for p in second.parties]
    assert second.responsible.name == "一般社団法人架空損害保険協会"
    assert second.responsible.address.startswith("〒000-0003")


def test_a_declaration_before_the_labelled_parties_adds_no_group_word():
    text = ("5. グループ会社との共同利用\n当社は、グループのホテルを横断したサービスをご提供するため、次のとおり個人データを共同利用します。\n"
            "(1) 共同して利用する者の範囲\n架空ホテルズ株式会社\n株式会社架空リゾート\n(2) 共同して利用する項目\n氏名、住所\n")
    assert "グループ" not in party_names(text)


def test_a_declaration_pointing_to_a_table_below_takes_the_organisations_in_its_rows():
    text = ("4.会員生協との共同利用\n当事業連合は、当事業連合及び下表の会員生協(3生協)との間で、次のとおり個人データを共同利用します。\n"
            "共同利用する項目\n氏名、住所、電話番号\n管理責任者\n架空ひだまり生活協同組合事業連合\n"
            "名称\t所在地\n生活協同組合架空あさひコープ\t架空県あさひ市本町1-5-8\n"
            "架空かわせみ生活協同組合\t架空県かわせみ市東3-2-1\n架空いなほ生活協同組合\t架空県いなほ町大字田中55-2\n"
            "5.安全管理措置\n必要な措置を講じます。\n")
    assert {"生活協同組合架空あさひコープ", "架空かわせみ生活協同組合", "架空いなほ生活協同組合"} <= set(party_names(text))


def test_a_bare_items_label_beside_labelled_joint_users_gives_the_jointly_used_items():
    text = ("■共同利用 共通ポイントの運営のため、次のとおり共同利用します。\n"
            "・項目:会員番号、氏名、住所、電話番号\n・共同利用者:架空県農業協同組合連合会及び当組合\n"
            "・利用目的:ポイントの管理\n・管理責任者:架空県農業協同組合連合会\n")
    [arrangement] = arrangements(text)
    assert {"member_id", "name", "address", "phone"} <= set(arrangement.items)


def test_a_bare_items_label_of_a_provision_after_the_joint_use_details_is_not_joint():
    text = ("当社は次のとおり個人データを共同利用します。\n共同利用者:架空物流株式会社\n管理責任者:当社\n\n"
            "当社は次のとおり第三者に提供します。\n項目:電話番号、メールアドレス\n提供先:架空商事株式会社\n")
    assert all(not arrangement.items for arrangement in arrangements(text))


def test_members_listed_in_brackets_after_a_group_are_parties_too():
    text = ("架空あおば野生活協同組合(以下「当組合」といいます。)は、個人情報を次のとおり取り扱います。\n"
            "5.共同利用\n当組合は、架空東北生活協同組合事業連合(以下「事業連合」といいます。)と、次のとおり個人データを"
            "共同利用します。\n■共同利用する項目:氏名、住所\n■共同して利用する者の範囲:事業連合及びその会員生協"
            "(架空あおば野生活協同組合、架空みなと生活協同組合、架空やまびこ生活協同組合)\n"
            "■利用目的:商品の供給\n■管理責任者:架空東北生活協同組合事業連合\n")
    names = {p.name for arrangement in ANALYZER.analyze_text(text).joint_use for p in arrangement.parties}
    assert {"架空みなと生活協同組合", "架空やまびこ生活協同組合"} <= names
