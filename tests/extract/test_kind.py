"""The kind of document: web form, consent form, privacy policy or other,
recognised by the fields and wording of kind.yaml; the explanation names them."""
from __future__ import annotations

import pytest

from nlp.extract import DocumentView
from nlp.extract.kind import KindExtractor
from nlp.pipeline import Analyzer

ANALYZER = Analyzer(reference=None)

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
# A notice shown before a form is sent, closed by a consent box, without fields.
CONSENT_NOTICE = """お問い合わせで取得する個人情報の取扱いについて
1. 事業者の名称
架空システム株式会社
2. 利用目的
お問い合わせへの回答のために利用します。
3. 個人情報提供の任意性
情報の提供は任意ですが、いただけない場合はお答えできないことがあります。
上記の内容にご同意いただける方は、「同意する」にチェックしてください。
同意する
"""
POLICY = """個人情報保護方針

株式会社架空商事(以下「当社」といいます。)は、お客様の個人情報を次のとおり取り扱います。

1. 利用目的
当社は、お客様の個人情報を商品の発送、料金のご請求及び新商品のご案内のために利用します。

2. 第三者への提供
当社は、法令に基づく場合のほかは、ご本人の同意を得ずに個人データを第三者へ提供しません。
"""
# A policy that lists the items it collects, one a line: items are not fields.
POLICY_WITH_ITEM_LINES = POLICY + """
3. 取得する情報
氏名
住所
電話番号
制定 2020年4月1日
"""
# A policy page with a contact form below it: the fields make it a form.
FORM_AFTER_POLICY = POLICY + """
お問い合わせフォーム
お名前 *
メールアドレス *
電話番号
お問い合わせ内容 *
プライバシーポリシーに同意する
送信する
"""
UNTITLED_NOTICE = """当店では、お客さまから頂いた個人情報を、商品の発送にのみ利用します。
個人情報は、法令に基づく場合を除き、第三者に提供しません。
"""
OTHER = """営業時間のご案内
平日 9:00〜18:00
土日祝日は休業いたします。
"""
TERMS = """サービス利用規約
第1条 本規約は、架空サービスの利用条件を定めます。
第2条 個人情報の取扱いは、別に定めるプライバシーポリシーによります。
第3条 利用者は、個人情報の登録内容に変更があったときは届け出るものとします。
"""
# A policy that mentions a consent form in passing is still a policy.
POLICY_MENTIONING_CONSENT = POLICY + """
3. 同意書
診療情報の提供には、ご本人の同意書を頂きます。
4. 改定
本方針は必要に応じて見直します。
2020年4月1日 制定
"""
# (text, kind, the kind.yaml entry the explanation names)
KINDS = [
    pytest.param(WEB_FORM, "web_form", "form_field", id="web-form"),
    pytest.param(CONSENT_FORM, "consent_form", "consent_statement", id="consent-form"),
    pytest.param(CONSENT_NOTICE, "consent_form", "consent_statement", id="consent-notice-with-box"),
    pytest.param(POLICY, "privacy_policy", "policy_title", id="policy"),
    pytest.param(POLICY_WITH_ITEM_LINES, "privacy_policy", "policy_title", id="policy-listing-items"),
    pytest.param(FORM_AFTER_POLICY, "web_form", "form_field", id="form-after-policy"),
    pytest.param(UNTITLED_NOTICE, "privacy_policy", "policy_topic", id="untitled-notice"),
    pytest.param(POLICY_MENTIONING_CONSENT, "privacy_policy", "policy_title", id="policy-mentioning-consent-form"),
    pytest.param(OTHER, "other", "", id="other"),
    pytest.param(TERMS, "other", "other_title", id="terms-of-service"),
]


@pytest.mark.parametrize(("text", "kind", "entry"), KINDS)
def test_kind(text, kind, entry):
    assert ANALYZER.analyze_text(text).kind == kind
    (finding,) = KindExtractor().extract(DocumentView(text))
    assert finding.label == kind
    assert f"kind.yaml#{entry}" in finding.explanation if entry else finding.explanation == "no cue"
    assert 0 < finding.score <= 1


# A paper application that is also a consent form: fields to fill in, a 同意書
# title and signature lines.
SIGNED_APPLICATION = """受講申込書 兼 個人情報の取扱いに関する同意書
架空スクール株式会社 御中
申込者氏名\t
生年月日\t　　年　　月　　日
ご住所\t〒
電話番号\t
メールアドレス\t
緊急連絡先\t
当社は、お預かりした個人情報を受講のご案内と授業料のご請求に利用します。

　　　　年　　月　　日
申込者署名　　　　　　　　　　印
"""


def test_a_signed_paper_form_with_fields_is_a_consent_form():
    [kind] = KindExtractor().extract(DocumentView(SIGNED_APPLICATION))
    assert kind.label == "consent_form", kind.explanation
    unsigned = SIGNED_APPLICATION.replace(" 兼 個人情報の取扱いに関する同意書", "").replace("申込者署名", "")
    assert KindExtractor().extract(DocumentView(unsigned))[0].label == "web_form"


SIGNED_FORM_FEET = [
    pytest.param("サロン 入会申込書 兼 同意書\n町内会\nお名前\n生年月日\t年 月 日\nご住所\n電話番号\n"
                 "書いていただいたことは、会員名簿を作るためだけに使います。\n"
                 "上のことを読み、入会を申し込みます。書いたことを上のとおり使うことに同意します。\n"
                 "令和 年 月 日\nご本人のお名前____\n代わりに書いた方のお名前____\n受付欄 受付日 受付者\n令和6年4月 改訂\n",
                 id="blanks-office-line-and-revision-date"),
    pytest.param("保険契約申込書兼個人情報の取扱いに関する同意書\n引受保険会社 架空損害保険株式会社\nお名前\n生年月日\nご住所\n"
                 "電話番号\nお預かりした個人情報は、保険のお引受けに利用します。\n上記の内容に同意のうえ申し込みます。\n"
                 "ご契約者署名(自署) ________\n【代理店記入欄】\n取扱者氏名\t____\n重要事項説明書の交付\t□済\n"
                 "本人確認\t□運転免許証 □その他\n※本人確認書類は提示を受けて確認するのみとします。\n",
                 id="office-use-box-and-its-rows"),
    pytest.param("医療法人社団架空みどり会\n架空みどり病院\n院長 架空 正義 殿\n\n入院時の個人情報の取扱いに関する同意書\n"
                 "当院は、患者さんの個人情報を医療の提供に利用します。\n"
                 "私は、上記の内容について説明を受け、同意します。\n令和  年  月  日\n患者氏名(自署) ________\n"
                 "生年月日 昭和・平成・令和  年  月  日\n※ご本人が署名できない場合は、代理人の方がご署名ください。\n"
                 "【病状説明を受ける方】\n氏名____ 続柄( ) 電話番号____\n様式 入院-07(2023年4月改訂) 【病院保管用】\n",
                 id="notes-headings-blank-dates-and-form-number"),
]


@pytest.mark.parametrize("text", SIGNED_FORM_FEET)
def test_a_consent_above_a_forms_foot_closes_the_form(text):
    """Blanks, an office-use box and dates after the signature do not push the consent out of the foot."""
    [kind] = KindExtractor().extract(DocumentView(text))
    assert kind.label == "consent_form", kind.explanation
