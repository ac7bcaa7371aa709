"""Data items (個人情報の項目): a table of short Japanese snippets and the item IDs
a careful analyst reads out of them (GOLD.md, data_items and forms rules)."""
from __future__ import annotations

import pytest

from nlp.pipeline import Analyzer

CASES: list[tuple[str, set[str]]] = [
    # Items the text says are collected or held.
    ("当社は、お客様の氏名、住所、電話番号、メールアドレスを取得します。",
     {"name", "address", "phone", "email"}),
    ("ご契約の際に、生年月日、性別、年齢及びご職業をお伺いします。",
     {"birth_date", "gender", "age", "occupation"}),
    ("お客様の勤務先、FAX番号をお預かりすることがあります。", {"employer", "fax"}),
    ("会員番号、ログインIDを管理します。", {"member_id"}),
    ("給与の支払いに際し、従業員の個人番号(マイナンバー)を取得します。", {"my_number"}),
    ("代金の引落しのため、お客様の銀行口座情報を取得します。", {"bank_account"}),
    ("クレジットカード番号及び有効期限をお預かりします。", {"credit_card"}),
    ("保険契約の内容及びお支払い状況を記録します。", {"contract_details", "payment_info"}),
    ("当社ウェブサイトの閲覧履歴、Cookie及びIPアドレスを取得します。",
     {"browsing_history", "device_id"}),
    ("アプリの利用履歴と位置情報を取得します。", {"service_usage", "location"}),
    ("お客様の購買履歴を分析に利用します。", {"purchase_history"}),
    ("お問い合わせの内容及びアンケートの回答を保存します。", {"inquiry_history", "survey_responses"}),
    ("ご家族の氏名、続柄を伺います。", {"family", "name"}),
    ("健康状態、既往歴をお伺いします。", {"health"}),
    ("応募者の履歴書、職務経歴書、顔写真をお預かりします。", {"resume", "photo"}),
    ("ご本人確認のため運転免許証の写しをご提出いただきます。", {"id_document"}),
    ("年末調整のため源泉徴収票を取得します。", {"tax_info"}),
    ("駐車場のご契約にあたり車両番号を伺います。", {"vehicle"}),
    ("ローンのお申し込みに際して年収を伺います。", {"income"}),
    ("取得する情報：成約情報(契約年月日、成約価格)", {"contract_details"}),
    # Sensitive-information sections.
    ("当社は、人種、信条、門地、本籍地、病歴に関する情報を、法令に基づく場合を除き取得しません。",
     {"sensitive", "health"}),
    # Hard negatives: the organisation's own contact lines.
    ("個人情報お問合せ窓口\n電話番号: 03-0000-0000\nFAX: 03-0000-0001\nE-mail: privacy@sample.co.jp", set()),
    ("所在地\n〒100-0001 東京都千代田区千代田1-1", set()),
    ("法人名:株式会社サンプル", set()),
    # Statutory phrases and the definition of personal information.
    ("事業者の氏名又は名称、住所並びに法人にあっては、その代表者の氏名", set()),
    ("「個人情報」とは、生存する個人に関する情報であって、氏名、生年月日その他の記述等により特定の個人を識別することができるものをいいます。",
     set()),
    # A definition that also says the items are collected counts.
    ("この方針で「個人情報」とは、本アプリが取得するメールアドレスその他の記述等により特定の個人を識別することができるものをいいます。",
     {"email"}),
    # Catch-alls, purposes and look-alike words.
    ("その他当社の業務遂行に必要な情報を取得します。", set()),
    ("有料職業紹介事業の許可を受けています。", set()),
    ("役職員への研修を定期的に実施します。", set()),
    ("アンケート調査の実施のため、ご連絡することがあります。", set()),
    ("マイナンバー制度に対応します。情報資産の機密性を確保します。", set()),
    ("本人の生命、健康、財産を保護するために必要な場合", set()),
    ("当サイトでは、Cookieを用いたアクセス解析の仕組みは現在利用しておりません。", set()),
    ("申請書を以下の住所までご郵送ください。", set()),
]

FORM = """お問い合わせフォーム
お名前
必須
ふりがな
必須
メールアドレス
必須
電話番号
例）090-1234-5678
郵便番号
都道府県
お問い合わせ内容
必須
入力内容を確認して送信してください。
"""


def items(text: str) -> set[str]:
    return Analyzer(reference=None).analyze_text(text).labels("data_items")


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_data_items(text: str, expected: set[str]) -> None:
    assert items(text) == expected


def test_web_form_fields_are_items_but_not_the_message_box() -> None:
    assert items(FORM) == {"name", "email", "phone", "address"}


@pytest.mark.parametrize(("text", "item", "found"), [
    ("当社は、カード番号は当社では保持せず、決済会社が管理します。", "credit_card", False),
    ("位置情報は取得しません。", "location", False),
    ("思想および信条に関する情報は、法令に定めがあるときを除き、収集しません。", "sensitive", True),
    ("氏名、住所を取得します。", "name", True),
])
def test_an_item_named_only_to_deny_it_is_not_collected(text, item, found):
    record = Analyzer(reference=None).analyze_text("取得する個人情報\n" + text + "\n")
    assert (item in record.labels("data_items")) is found
