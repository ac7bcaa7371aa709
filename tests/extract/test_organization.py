"""The organisation (name, address, representative), its contact point, the
policy's dates and the kind of document."""
from __future__ import annotations

import pytest

from nlp.extract.organization import DATE, iso_date
from nlp.ingest.normalize import normalize
from nlp.pipeline import Analyzer

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
    pytest.param("学校法人架空学園(以下「本学」といいます。)は、学生の個人情報を適切に管理します。", "学校法人架空学園",
                 id="school"),
    pytest.param("個人情報保護方針\n\n架空みなと信用金庫は、お客様の個人情報を大切にします。\n"
                 "架空みなと信用金庫は、法令を遵守します。", "架空みなと信用金庫", id="most-frequent-name"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_organization_name(text, name):
    record = analyze(text)
    assert record.organization.name == name
    assert any(record.text[e.span[0]:e.span[1]] == name for e in record.organization.evidence)


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


def test_contact_desk_name():
    contact = analyze("5. お問い合わせ窓口\nお客様相談室\n電話: 03-0000-1234").contact
    assert contact.name == "お客様相談室"


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
    m = DATE.search(normalize(written)[0])
    assert m is not None
    assert iso_date(m) == iso


# ---------------------------------------------------------------- kind

WEB_FORM = """資料請求フォーム
お名前(必須)
入力してください
フリガナ(必須)
メールアドレス(必須)
電話番号
郵便番号
ご住所(必須)
お問い合わせ内容
個人情報の取扱いに同意する
確認画面へ
"""
CONSENT_FORM = """個人情報の取扱いに関する同意書

架空不動産株式会社 御中

私は、貴社が下記の目的で私の個人情報を取得・利用することに同意します。
<1> 入居審査のため
<2> 賃貸借契約の締結のため
私は、貴社が家賃債務保証会社に私の氏名、住所、勤務先を提供することに同意します。

署名欄
日付    年  月  日
氏名
"""
POLICY = """個人情報保護方針

株式会社架空商事(以下「当社」といいます。)は、お客様の個人情報を次のとおり取り扱います。

1. 利用目的
当社は、お客様の個人情報を商品の発送、料金のご請求及び新商品のご案内のために利用します。

2. 第三者提供
当社は、法令に基づく場合を除き、ご本人の同意なく個人データを第三者に提供しません。
"""
KINDS = [
    pytest.param(WEB_FORM, "web_form", id="web-form"),
    pytest.param(CONSENT_FORM, "consent_form", id="consent-form"),
    pytest.param(POLICY, "privacy_policy", id="policy"),
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_kind(text, kind):
    assert analyze(text).kind == kind
