"""The organisation (name, address, representative), its contact point and the
policy's dates."""
from __future__ import annotations

import pytest

from nlp.extract.organization import iso_date
from nlp.ingest.normalize import normalize
from nlp.pipeline import Analyzer
from nlp.vocab import Resources

ANALYZER = Analyzer(reference=None)


def analyze(text: str):
    return ANALYZER.analyze_text(text, with_text=True)


# ---------------------------------------------------------------- name

# (text, organisation name)
NAMES = [
    pytest.param("株式会社架空商事(以下「当社」といいます。)は、お客様の個人情報を適切に取り扱います。", "株式会社架空商事",
                 id="kabushiki-kaisha-first"),
    pytest.param("株式会社架空商事（以下「当社」といいます。）は、個人情報を適切に取り扱います。", "株式会社架空商事",
                 id="full-width-brackets"),
    pytest.param("架空物産株式会社(以下、「当社」という。)は、個人情報保護方針を定めます。", "架空物産株式会社",
                 id="kabushiki-kaisha-last"),
    pytest.param("架空みなと生活協同組合(以下「当組合」といいます。)は、組合員の個人情報を大切にします。",
                 "架空みなと生活協同組合", id="coop"),
    pytest.param("かもめ自動車教習所\n運営:株式会社かもめ自動車学園\n\nかもめ自動車教習所(以下「当校」といいます。)は、"
                 "個人情報を大切にします。", "株式会社かもめ自動車学園", id="operator-of-a-school"),
    pytest.param("ペットホテルかもめ ご予約フォーム\nご入力いただいた情報は、ご予約の受付に利用します。\n"
                 "ペットホテルかもめ(運営:株式会社モデルペットサービス)\n", "株式会社モデルペットサービス",
                 id="operator-in-the-footer"),
    pytest.param("車検のご予約フォーム\nご入力いただいた情報は、ご予約の受付に利用します。\n入力内容を確認する\n"
                 "有限会社かもめオートサービス みなと本店\n〒530-0000 大阪府架空市みなと町4-5-6 TEL 06-0000-2288\n",
                 "有限会社かもめオートサービス", id="branch-in-the-footer-above-its-address"),
    pytest.param("みなと商店(以下「当店」といいます。)は、お客様の個人情報を大切にします。\n施設の運営:架空市",
                 "みなと商店", id="operator-without-corporate-form"),
    pytest.param("学校法人架空学園(以下「本学」といいます。)は、学生の個人情報を適切に管理します。", "学校法人架空学園",
                 id="school"),
    pytest.param("個人情報保護方針\n\n架空みなと信用金庫は、お客様の個人情報を大切にします。\n"
                 "架空みなと信用金庫は、法令を遵守します。", "架空みなと信用金庫", id="opening-sentence"),
    pytest.param("サイト「カクウ」を運営する株式会社架空ネット（以下「当社」）は、個人情報を大切にします。",
                 "株式会社架空ネット", id="operator-clause-cut"),
    pytest.param("Example Asia Co., Ltd.（以下「当社」）は、お客様の個人情報を保護します。", "Example Asia Co., Ltd.",
                 id="latin-corporate-form"),
    pytest.param("Kakuu Works（以下「当チーム」といいます。）は、アプリの利用者の情報を取り扱います。", "Kakuu Works",
                 id="latin-name-without-form"),
    pytest.param("架空ベーカリー(以下当ショップ)は、ご注文者の個人情報を適切に管理します。", "架空ベーカリー",
                 id="shop-without-quotes"),
    pytest.param("架空アプリ開発室（以下「開発者」）は、本アプリのプライバシーポリシーを定めます。", "架空アプリ開発室",
                 id="developer"),
    pytest.param("個人情報の取扱いについて\n1. 事業者の名称\n架空電機株式会社\n2. 個人情報保護管理者\n総務部長",
                 "架空電機株式会社", id="label-then-next-line"),
    pytest.param("個人情報の取扱について\n住所\t架空県架空市1-1\n社名\t架空不動産\n当社は法令を遵守します。",
                 "架空不動産", id="label-and-tab"),
    pytest.param("当院は、患者様の個人情報を大切にします。\n当院は、法令を遵守します。\n\n医療法人社団架空会\n架空クリニック 院長 架空一郎",
                 "医療法人社団架空会", id="signature-line"),
    pytest.param("当代理店は、下記の各保険会社の委託を受けて個人情報を取り扱います。\n架空保険会社\n\n株式会社 KAKUU(カクウ)\nTEL:03-0000-0000",
                 "株式会社 KAKUU", id="signature-with-alias"),
    pytest.param("生活協同組合かくうコープ 個人情報保護方針\n生活協同組合かくうコープは、組合員の個人情報を大切にします。",
                 "生活協同組合かくうコープ", id="coop-form-first"),
    pytest.param("株式会社架空（Kakuu Inc.）（以下「当社」といいます。）は、個人情報を大切にします。", "株式会社架空",
                 id="alias-in-brackets"),
    pytest.param("架空の森保育園（以下「当園」）は、園児の個人情報を守ります。", "架空の森保育園", id="no-in-the-name"),
    pytest.param("当サイトを運営する架空の森株式会社(以下「当社」)は、個人情報を保護します。", "架空の森株式会社",
                 id="operator-clause-with-no"),
    pytest.param("個人情報の取扱いに関する同意書\n架空ホーム株式会社 御中\n私は、貴社が下記の目的で個人情報を利用することに同意します。",
                 "架空ホーム株式会社", id="consent-form-addressee"),
    pytest.param("架空市の個人情報保護制度\n架空市では、市が保有する個人情報を適正に取り扱います。", "架空市",
                 id="local-government"),
    pytest.param("個人情報の取扱い\n当社は、個人情報を適切に管理します。\nホーム\nCopyright © 2024 Kakuu Systems Inc. All Rights Reserved.",
                 "Kakuu Systems Inc.", id="copyright-line"),
    pytest.param("当社は、個人情報を大切にします。\n会社概要\n架空運輸株式会社 〒100-0000 東京都千代田区架空町1-2-3", "架空運輸株式会社",
                 id="signature-before-address"),
    pytest.param("当社は、個人情報を大切にします。\n2020年4月1日\n架空物産株式会社 代表取締役 架空太郎", "架空物産株式会社",
                 id="signature-with-representative"),
    pytest.param("1. 管理者\n架空電機株式会社 総務課長 TEL 03-0000-0000\n当社は、個人情報を大切にします。", "架空電機株式会社",
                 id="name-with-its-department"),
]

# Organisation words that are not the publisher's name: kinds of organisations,
# pointers, someone else's desk, a form's field label.
NOT_NAMES = [
    pytest.param("ご予約フォーム\nお名前\nご住所\n個人情報のお問い合わせは下記までメールでご連絡ください。\n"
                 "運営者 架空 次郎 メール info@example.jp 電話 0120-000-735", id="a-sole-proprietors-own-name-and-contact"),
    pytest.param("苦情は、次の機関にもお申し出いただけます。\n特定非営利活動法人 架空あっせん相談センター\n"
                 "電話 0120-000-111", id="another-bodys-desk-with-a-legal-form"),
    pytest.param("当院は、診療のため他の病院と連携します。\n当院は、他の病院に紹介状を送ります。", id="other-hospital"),
    pytest.param("当社は、決済代行会社に情報を提供します。決済代行会社は、カード情報を処理します。", id="payment-processor"),
    pytest.param("当社は、下記の各保険会社から委託を受けています。下記の各保険会社の一覧をご覧ください。", id="insurers"),
    pytest.param("当社は、現在依頼中の不動産会社へ連絡します。現在依頼中の不動産会社に限ります。", id="agency"),
    pytest.param("お問い合わせフォーム\nお名前\n会社名\n電話番号\nメールアドレス\n当社は、個人情報を大切にします。",
                 id="form-field-label"),
    pytest.param("当社は、苦情を受け付けます。\n[苦情・相談窓口]\n一般社団法人架空苦情相談センター\n03-0000-0000",
                 id="outside-complaint-desk"),
    pytest.param("弊社は、お客様の情報を大切にします。\n(以下「本サービス」といいます。)\n弊社は法令を守ります。",
                 id="defined-service-term"),
    pytest.param("当社は、個人情報を大切にします。\n\n1. 共同利用\n当社は次の者と共同利用します。\n共同利用する者の範囲\n"
                 "架空物流株式会社\n架空物流株式会社の子会社", id="joint-user-only"),
    pytest.param("当サイトは、クッキーを使用します。\n\nクッキーについて\nExample Analytics LLC のツールを使います。\n"
                 "Example Analytics LLC のポリシーをご覧ください。", id="cookie-vendor"),
]


# the organisation behind a shop's or brand's name, and labels heading a table of others
MORE_NAMES = [
    pytest.param("個人情報の利用についての同意書\n\n架空訪問看護ステーション　管理者　殿\n\n当ステーションは、ご本人の個人情報を看護に使います。\n\n"
                 "架空訪問看護ステーション（運営：株式会社架空ケアサービス）\n〒000-0000 架空県架空市1-2-3",
                 "株式会社架空ケアサービス", id="operator-label-in-brackets-is-not-part-of-the-name"),
    pytest.param("患者さまの個人情報の利用目的\n当院は、患者さまの個人情報を診療に利用します。\n\n令和6年4月1日\n"
                 "医療法人社団架空会　架空記念病院\n院長　架空 一郎", "医療法人社団架空会 架空記念病院",
                 id="corporation-and-facility-above-the-head"),
    pytest.param("予約フォーム\n合同会社架空さとやま（古民家の宿／架空県架空町1番地）は、ご記入いただいた情報を、ご予約の受付に利用します。",
                 "合同会社架空さとやま", id="kana-name-cut-by-the-tokeniser-with-an-aside"),
    pytest.param("予約フォーム\n合同会社架空さとやまは、ご記入いただいた情報を、ご予約の受付に利用します。",
                 "合同会社架空さとやま", id="kana-name-cut-by-the-tokeniser"),
    pytest.param("個人情報使用同意書\n\nデイサービス　架空キッズ\n（運営　合同会社架空みなとケア）\n\n"
                 "架空キッズは、ご利用者の個人情報を次のとおり取り扱います。\n給付費は架空県国民健康保険団体連合会に請求します。"
                 "国民健康保険団体連合会への請求のため利用します。", "合同会社架空みなとケア", id="operator-after-a-blank"),
    pytest.param("個人情報の取り扱いについて\n当店は、お客様の個人情報を大切にします。\n\n2025年4月1日\n"
                 "架空みなと薬局(株式会社架空ファーマ)", "株式会社架空ファーマ", id="shop-then-operator"),
    pytest.param("個人情報の取り扱いについて\n当店は、お客様の個人情報を大切にします。\n\n2025年4月1日\n架空みなと薬局(駅前店)",
                 "架空みなと薬局", id="shop-alias-kept"),
    pytest.param("同意書\n株式会社架空銀行 御中\n貴行は、次の機関に照会します。\n名称\t所在地\t電話番号\n"
                 "架空信用情報センター\t東京都千代田区架空町1-2-3\t03-000-0000\n", "株式会社架空銀行", id="table-header"),
    pytest.param("架空ひだまり共済生協\nログイン\n掛金引落口座の変更\n新しい口座をご入力ください。\n\n"
                 "架空ひだまり共済生活協同組合　代表理事 架空 花子", "架空ひだまり共済生活協同組合",
                 id="a-logo-in-short-form-then-the-name-in-full"),
    pytest.param("相談フォーム\n一般財団法人架空あんしん相談センター(以下「当センター」といいます。)は、"
                 "ご相談の内容を相談処理のために利用します。", "一般財団法人架空あんしん相談センター",
                 id="a-desk-with-a-legal-form-defined-as-the-writer"),
    pytest.param("相談フォーム\nご相談の内容を相談処理のために利用します。\n"
                 "一般財団法人架空あんしん相談センター 理事長 架空 和子", "一般財団法人架空あんしん相談センター",
                 id="a-desk-with-a-legal-form-signed-by-its-representative"),
    pytest.param("治験参加の同意書\n治験依頼者：架空ルミナ製薬株式会社\n架空ルミナ製薬株式会社の依頼を受けて行います。\n"
                 "架空みなと医科大学附属病院長　殿\n私は、上記の治験に参加することに同意します。", "架空みなと医科大学附属病院",
                 id="a-consent-addressed-to-the-head-of-the-organisation"),
]


@pytest.mark.parametrize(("text", "name"), MORE_NAMES)
def test_organization_name_behind_shops_and_tables(text, name):
    assert analyze(text).organization.name == name


@pytest.mark.parametrize("text", NOT_NAMES)
def test_no_organization_name(text):
    assert analyze(text).organization.name is None


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_organization_name(text, name):
    record = analyze(text)
    assert record.organization.name == name
    (evidence,) = [e for e in record.organization.evidence if record.text[e.span[0]:e.span[1]] == name]
    assert evidence.explanation.startswith(("organization.yaml#", "lexicons.yaml#")), evidence.explanation


# ---------------------------------------------------------------- address and representative

COMPANY = "株式会社架空商事(以下「当社」といいます。)は、個人情報を適切に取り扱います。\n\n"

# (text, address, representative)
DETAILS = [
    pytest.param(COMPANY + "株式会社架空商事\n〒100-0000 東京都千代田区架空町1-2-3\n代表取締役社長 山田 太郎",
                 "〒100-0000 東京都千代田区架空町1-2-3", "代表取締役社長 山田 太郎", id="company"),
    pytest.param(COMPANY + "〒１００－００００ 東京都千代田区架空町１－２－３\n代表取締役社長　山田　太郎",
                 "〒100-0000 東京都千代田区架空町1-2-3", "代表取締役社長 山田 太郎", id="full-width"),
    pytest.param("学校法人架空学園(以下「本学」といいます。)は、個人情報を大切にします。\n学校法人架空学園\n"
                 "理事長 桐生 一郎\n大阪府大阪市架空区中央1-1-1", "大阪府大阪市架空区中央1-1-1", "理事長 桐生 一郎",
                 id="chairman"),
    pytest.param(COMPANY + "当社の名称・住所・代表者\n名称: 株式会社架空商事\n住所: 〒530-0000 大阪府大阪市北区架空1-1\n"
                 "代表者：代表取締役 佐藤 花子", "〒530-0000 大阪府大阪市北区架空1-1", "代表取締役 佐藤 花子",
                 id="labelled-lines"),
    pytest.param(COMPANY + "所在地: 北海道札幌市架空区北1条西2-3\n代表取締役 鈴木 一郎", "北海道札幌市架空区北1条西2-3",
                 "代表取締役 鈴木 一郎", id="hokkaido"),
]

JOINT_TAIL = ("当社は、次のとおり共同利用します。\n(1) 共同して利用する者の範囲\n・株式会社架空商事\n・株式会社架空ホールディングス\n"
              "(2) 当該個人データの管理について責任を有する者\n株式会社架空ホールディングス\n"
              "住所　〒330-0000 埼玉県架空市本町2-9-9\n代表取締役　架空 一郎\n")


def test_another_responsible_partys_address_and_representative_are_not_the_publishers():
    organization = analyze(COMPANY + JOINT_TAIL + "\n株式会社架空商事\n〒100-0000 東京都千代田区架空町1-2-3").organization
    assert organization.address == "〒100-0000 東京都千代田区架空町1-2-3"
    assert organization.representative is None
    own = analyze(COMPANY + JOINT_TAIL.replace("株式会社架空ホールディングス\n住所", "株式会社架空商事\n住所")).organization
    assert own.address == "〒330-0000 埼玉県架空市本町2-9-9" and own.representative == "代表取締役 架空 一郎"


@pytest.mark.parametrize(("text", "address", "representative"), DETAILS)
def test_address_and_representative(text, address, representative):
    organization = analyze(text).organization
    assert organization.name in {"株式会社架空商事", "学校法人架空学園"}
    assert organization.address == address
    assert representative in (organization.representative or "")


# Statutory text that speaks of 「代表者の氏名」 names nobody.
NO_REPRESENTATIVE = [
    pytest.param(COMPANY + "当社の住所及び代表者の氏名は、当社ウェブサイトの会社概要に記載しています。", id="pointer"),
    pytest.param(COMPANY + "法人その他の団体にあっては、その代表者の氏名を通知します。", id="statute"),
    pytest.param(COMPANY + "代表者の氏名、住所その他の事項は、別途お知らせします。", id="list-of-things"),
    pytest.param(COMPANY + "代表電話 03-0000-0000", id="main-phone"),
    pytest.param("架空みのり農業協同組合\n代表理事組合長　殿\n私は、下記の事項に同意します。\n", id="title-addressed-without-a-name"),
]


@pytest.mark.parametrize("text", NO_REPRESENTATIVE)
def test_no_representative_in_statutory_text(text):
    assert analyze(text).organization.representative is None


# ---------------------------------------------------------------- contact

# (text, phone, email)
CONTACTS = [
    pytest.param("お問い合わせ窓口\nお客様相談室\n電話: 03-0000-1234\nメール: privacy@example.jp",
                 "03-0000-1234", "privacy@example.jp", id="section"),
    pytest.param("個人情報に関するお問い合わせは、電話 0120-000-123 またはメール info@kakuu.example.jp までご連絡ください。",
                 "0120-000-123", "info@kakuu.example.jp", id="sentence"),
    pytest.param("お問い合わせ\nＴＥＬ ０６－００００－５６７８", "06-0000-5678", None, id="full-width-digits"),
]


@pytest.mark.parametrize(("text", "phone", "email"), CONTACTS)
def test_contact(text, phone, email):
    contact = analyze(text).contact
    assert contact.phone == phone
    assert contact.email == email


# (text, desk name, contact address)
DESKS = [
    pytest.param("5. お問い合わせ窓口\nお客様相談室\n電話: 03-0000-1234", "お客様相談室", None, id="desk-line"),
    pytest.param("8. 個人情報に関する問合せ\n住所:〒100-0000 東京都千代田区架空町1-2-3\n窓口:架空生協 共済部\n電話:03-0000-1234",
                 "架空生協 共済部", "〒100-0000 東京都千代田区架空町1-2-3", id="labelled-desk-and-address"),
    pytest.param("お問い合わせ窓口\n下記の窓口までご連絡ください。\n架空商事株式会社 総務部\n〒100-0000\n東京都千代田区架空町1-2-3",
                 "総務部", "東京都千代田区架空町1-2-3", id="pointer-is-no-name-postal-code-alone"),
]


@pytest.mark.parametrize(("text", "name", "address"), DESKS)
def test_contact_desk_and_address(text, name, address):
    contact = analyze(text).contact
    assert contact.name == name
    assert contact.address == address


def test_postal_code_is_not_a_phone_number():
    contact = analyze("お問い合わせ窓口\n〒066-0000 北海道架空市1-2\nTEL 0123-00-0000").contact
    assert contact.phone == "0123-00-0000"


# ---------------------------------------------------------------- dates

# (text, established, revised)
DATES = [
    pytest.param("制定 2015年4月1日\n改定 令和4年4月1日", "2015-04-01", "2022-04-01", id="western-and-reiwa"),
    pytest.param("平成31年3月1日 制定", "2019-03-01", None, id="heisei-31"),
    pytest.param("令和元年5月1日制定", "2019-05-01", None, id="reiwa-gannen"),
    pytest.param("制定 ２０１５年４月１日\n改定 令和４年４月１日", "2015-04-01", "2022-04-01", id="full-width-digits"),
    pytest.param("2015年4月1日 制定\n2020年6月1日 改定\n令和4年4月1日 改定", "2015-04-01", "2022-04-01",
                 id="latest-revision"),
    pytest.param("制定日: 2018/10/01", "2018-10-01", None, id="slashes"),
    pytest.param("附則\nこの細則は、平成27年10月1日から施行する。", "2015-10-01", None, id="shikou"),
    pytest.param("2023年4月1日", None, None, id="date-without-a-cue"),
    pytest.param("平成18年 3月 6日 (制 定)\n平成27年 4月 1日 (改 訂)", "2006-03-06", "2015-04-01", id="blanks"),
    pytest.param("制定日: 2020年1月1日 最終改定日: 2023年5月1日", "2020-01-01", "2023-05-01", id="two-dates-on-a-line"),
    pytest.param("プライバシーマーク 更新認定年月日: 平成28年10月5日", None, None, id="certification-date"),
    pytest.param("2023年6月16日施行の改正法に基づき、外部送信について公表します。", None, None, id="date-of-a-law"),
]


@pytest.mark.parametrize(("text", "established", "revised"), DATES)
def test_dates(text, established, revised):
    dates = analyze(text).dates
    assert (dates.established, dates.revised) == (established, revised)


# (date as written, ISO) for iso_date on its own
ISO_DATES = [
    ("2015年4月1日", "2015-04-01"),
    ("令和4年4月1日", "2022-04-01"),
    ("令和元年5月1日", "2019-05-01"),
    ("平成31年4月30日", "2019-04-30"),
    ("平成元年1月8日", "1989-01-08"),
    ("平成15年5月30日", "2003-05-30"),
    ("昭和64年1月7日", "1989-01-07"),
    ("令和 5 年 10 月 1 日", "2023-10-01"),
    ("２０２２年１２月３１日", "2022-12-31"),
    ("2020/6/1", "2020-06-01"),
    ("2020.06.01", "2020-06-01"),
    ("2020年13月1日", None),
    ("2020年4月32日", None),
]


@pytest.mark.parametrize(("written", "iso"), ISO_DATES)
def test_iso_date(written, iso):
    m = Resources.default().cue("organization", "date").search(normalize(written)[0])
    assert m is not None
    assert iso_date(m) == iso


def test_a_contractors_operator_in_the_body_is_not_the_publisher():
    text = ("個人情報保護宣言\n架空みなと信用組合\n\n架空みなと信用組合(以下「当組合」といいます。)は、個人情報を大切にします。\n"
            + "第1条 当組合は、お客さまの情報を適切に管理します。\n" * 12
            + "第8条 当組合は、事務処理を架空信組共同システムセンター(運営:架空信組情報サービス株式会社)に委託しております。\n"
            + "第9条 当組合は、必要な措置を講じます。\n" * 16)
    assert analyze(text).organization.name == "架空みなと信用組合"


def test_a_labelled_name_ends_before_the_head_written_after_it():
    text = ("個人情報の使用に関する同意書\n私は、上記の内容について説明を受け、同意します。\n"
            "事業者　社会福祉法人　架空福祉会　理事長　山辺　和子\n")
    record = ANALYZER.analyze_text(text)
    assert record.organization.name.replace("　", " ") == "社会福祉法人 架空福祉会"


@pytest.mark.parametrize(("text", "name"), [
    pytest.param("様式 看護-07\n看護学生の臨床実習へのご協力のお願い\n社会医療法人架空会 架空総合病院\n看護部\n\n"
                 "当院は、学生の臨床実習を受け入れています。\n■実習を行う学校\n・架空県立こだま大学 看護学部\n",
                 "社会医療法人架空会 架空総合病院", id="corporation-and-facility-heading-the-document"),
    pytest.param("個人情報保護方針\n\n架空あさぎり生命保険相互会社\n\n当社は、個人情報を適切に取り扱います。\n"
                 "第7条(共同利用)\n2 個人データの管理について責任を有する者\n名称:一般社団法人架空生命保険業協会\n"
                 "住所:架空県みなと市中央三丁目4番5号\n",
                 "架空あさぎり生命保険相互会社", id="responsible-party-labelled-under-its-heading"),
    pytest.param("あさなぎグループ 個人情報保護方針\n\n医療法人社団架空あさなぎ会および株式会社架空あさなぎケアサービス"
                 "(以下あわせて「当グループ」といいます。)は、患者さまの個人情報を適切に取り扱います。\n",
                 "医療法人社団架空あさなぎ会", id="group-defined-together-named-by-its-first-member"),
    pytest.param("個人情報保護方針\n\n当法人は、個人情報を適切に取り扱います。\n第1条(適用範囲)\n本方針は、次の施設に適用します。\n"
                 "・特別養護老人ホーム架空ひばり荘(短期入所を併設)\n・架空ひばりデイサービスセンター\n"
                 + "第2条 当法人は、個人情報を適切に管理します。\n" * 16
                 + "社会福祉法人架空ひばり会\n理事長 架空 一郎\n",
                 "社会福祉法人架空ひばり会", id="facility-listed-in-the-first-section-is-not-the-title"),
])
def test_the_publisher_among_several_organisations(text, name):
    assert ANALYZER.analyze_text(text).organization.name == name


def test_a_vendor_opening_a_sentence_in_a_section_on_transfers_is_not_the_publisher():
    text = ("オンライン服薬指導に関する同意書\n\n架空ひかり薬局 みなと駅前店\n開設者 株式会社架空ひかりファーマシー\n\n"
            "【5】業務の委託及び外国にある第三者への提供\n当薬局は、システムの運用を架空メディリンク株式会社に委託しています。\n"
            "Minatolink Telehealth Inc.は、架空メディリンク株式会社との契約に基づき、個人情報を適切に取り扱います。\n")
    assert ANALYZER.analyze_text(text).organization.name != "Minatolink Telehealth Inc."


def test_a_representative_on_a_line_labelled_with_another_kind_of_organisation_is_not_the_publishers():
    text = ("架空みなと労働金庫(以下「当金庫」といいます。)は、次のとおり取り扱います。\n"
            "お問い合わせ先\n架空みなと労働金庫 お客様相談室 TEL 0120-000-563\n")
    other = "引受保険会社：架空ことぶき生命保険株式会社 代表取締役社長 架空 次郎\n"
    assert analyze(text + other).organization.representative is None
    assert analyze(text + "理事長 架空 一郎\n").organization.representative == "理事長 架空 一郎"
    assert analyze(text + "運営会社：架空みなと株式会社 代表取締役 架空 三郎\n").organization.representative \
        == "代表取締役 架空 三郎"


def test_the_publishers_representative_after_a_label_of_its_kind_is_kept():
    text = ("架空みなと大学(以下「本学」といいます。)は、次のとおり取り扱います。\n"
            "研究機関：架空みなと大学 学長 架空 次郎\n")
    assert analyze(text).organization.representative == "学長 架空 次郎"
