"""Statements the requirement checks judge (``nlp/extract/statements.py``):
short Japanese examples per statement kind, found or not."""
from __future__ import annotations

import pytest

from nlp.extract.base import DocumentView
from nlp.extract.statements import DERIVED_LABELS, StatementExtractor
from nlp.vocab import Resources, load_vocab

EXTRACTOR = StatementExtractor()


def labels(text: str, resources: Resources | None = None) -> set[str]:
    return {f.label for f in EXTRACTOR.extract(DocumentView(text, resources))}


# (label, text, whether the text states it)
CASES = [
    # security: by kind, by what is done (one list item each), a general pledge
    ("security_organizational", "組織的安全管理措置として、責任者を定めています。", True),
    ("security_technical", "技術的な対策: アクセス制御を実施します。", True),
    ("security_technical", "技術的なご質問はサポートまで。", False),
    ("security_organizational", "組織的安全管理措置、人的安全管理措置、物理的安全管理措置及び技術的安全管理措置を講じます。", False),
    ("security_pledge", "組織的安全管理措置、人的安全管理措置、物理的安全管理措置及び技術的安全管理措置を講じます。", True),
    ("security_technical", "上記のほか、物理的・技術的安全管理措置についても適切に講じます。", False),  # two kinds at once
    ("security_action_physical", "当社の措置:\n・書類は施錠できる書庫に保管しています。", True),
    ("security_action_human", "当社の措置:\n・従業者に定期的な研修を実施しています。", True),
    ("security_action_human", "従業者に定期的な研修を実施しています。", False),  # not a list item
    ("security_action_technical", "措置:\n・アクセス制御と研修を実施しています。", False),  # two kinds in one item
    ("security_action_physical", "取得する情報:\n・供給区域と契約電力", False),  # a list that is not about security
    ("security_action_human", "個人情報の漏えいを防ぐため、従業者への研修の実施、入退室管理を行っています。", True),
    ("security_action_physical", "個人情報の漏えいを防ぐため、従業者への研修の実施、入退室管理を行っています。", True),
    ("security_action_human", "新入社員の研修を実施します。", False),  # not about security
    ("security_pledge", "当社は個人情報の漏えい、滅失又は毀損の防止に努めます。", True),
    ("security_pledge", "当社はお客様の個人情報を商品の発送に利用します。", False),
    # contact point, reachable or not
    ("contact_point", "個人情報に関するお問い合わせは、下記までご連絡ください。\n電話 03-0000-1234", True),
    ("contact_point", "個人情報の苦情・相談窓口: info@example.jp", True),
    ("contact_point", "個人情報についてのご意見は、架空学園事務室までお願いします。", True),
    ("contact_point", "苦情やご相談は担当の窓口で承ります。", True),
    # a phrase pointing back to the details above it
    ("contact_point", "架空共済 加入センター\n電話 011-000-2345\n※個人情報に関するご相談・苦情も、上記で承ります。", True),
    ("contact_point", "※個人情報に関するご相談・苦情も、上記で承ります。", False),  # nothing above it
    # a desk named above with its way, however far up, in a form whose blanks follow
    ("contact_point", "架空共済\n支払センター　TEL 0120-000-615\n" + "本組合の支払センターで請求をお受けします。" * 20
     + "\nお問い合わせは、上記の支払センターまでご連絡ください。\nご住所・お名前をご記入ください。", True),
    ("contact_point", "架空共済\n支払センター\n" + "本組合の支払センターで請求をお受けします。" * 20
     + "\nお問い合わせは、上記の支払センターまでご連絡ください。\nご住所・お名前をご記入ください。", False),
    ("contact_point", "個人情報についてのお問い合わせは、以下の連絡先までお願いします。\nTEL\nEmail", False),
    ("contact_promise", "個人情報についてのお問い合わせは、以下の連絡先までお願いします。\nTEL\nEmail", True),
    ("contact_point", "お問い合わせは【ここに窓口の名称と連絡先を入れてください】で承ります。", False),
    ("contact_promise", "お問い合わせは【ここに窓口の名称と連絡先を入れてください】で承ります。", True),
    ("contact_pointer", "個人情報に関するお問い合わせ先は、会社概要ページをご覧ください。", True),
    ("contact_point", "個人情報に関するお問い合わせ先は、会社概要ページをご覧ください。", False),
    ("contact_point", "お問い合わせいただく際に入力していただいた情報は削除します。", False),
    ("contact_point", "ご希望の方は以下のフォームよりご連絡ください。", True),
    ("contact_point", "フォームから送信いただくと、受付完了のメールが自動で届きます。", False),
    ("contact_point", "予約の手配に必要な氏名、連絡先をホテルに提供します。", False),
    ("contact_promise", "予約の手配に必要な氏名、連絡先をホテルに提供します。", False),
    ("contact_pointer", "下記のお問い合わせ先へご連絡をお願いします。詳しくは会社概要ページをご覧ください。", True),
    ("contact_section", "5. お問い合わせ窓口\n架空商事株式会社 お客様相談室\n電話 03-0000-1234", True),
    # rights procedure
    # a section headed by the request that opens with its desk
    ("rights_request", "7. 個人情報の開示請求及び訂正、利用の停止等の申出\nお問合せ及びご相談の窓口は下記のとおりです。\nTEL 03-0000-1234", True),
    ("rights_request", "7. 個人情報の開示請求及び訂正、利用の停止等の申出\n当社は法令に従い対応します。", False),
    ("rights_request", "保有個人データの開示・訂正のご請求は、当社窓口までお申し出ください。", True),
    ("rights_channel", "保有個人データの開示・訂正のご請求は、当社窓口までお申し出ください。", True),
    ("rights_request", "お客様はご自身の個人情報の開示を請求できます。本人確認の上で対応します。", True),
    ("rights_channel", "お客様はご自身の個人情報の開示を請求できます。本人確認の上で対応します。", False),
    ("rights_channel", "お客様は開示を請求できます。請求の際は、下記のお問い合わせ先へご連絡をお願いします。", True),
    ("rights_request", "法令に基づき開示を求められた場合は、個人情報を開示することがあります。", False),
    ("rights_request", "個人情報を第三者に開示することはありません。", False),
    ("rights_pointer", "開示・訂正等のご請求の手続は、プライバシーポリシーをご覧ください。", True),
    ("rights_request", "開示・訂正等のご請求の手続は、プライバシーポリシーをご覧ください。", False),
    ("rights_request", "ご本人は、法令に基づき開示、訂正等を請求できます。", True),
    ("rights_request", "ご本人が開示及び第三者への提供の停止を求める場合は窓口にお問合せください。", True),
    ("rights_request", "利用者の承諾を得ずに第三者へ開示又は提供することはしません。", False),
    ("rights_request", "お知らせする事項:\n・個人情報の開示・訂正・停止等について", True),  # a list item with its intro
    ("rights_stop", "ご案内の停止をご希望のお客さまは、窓口にお申し出ください。", True),
    ("rights_stop", "利用者は、次の手順によりいつでもアカウントを削除することができます。", True),
    ("rights_stop", "広告表示を止めたい(オプトアウトしたい)ときは、各広告事業者のサイトに記載の方法で設定してください。", False),
    ("rights_stop", "保存期間を経過した情報は適切な方法で消去します。", False),
    ("rights_stop", "メールマガジンの配信停止をご希望の方はお手続きください。", True),
    ("rights_stop", "ご本人から利用停止のお申し出があった場合は対応します。", True),
    # the no-provision rule
    ("provision_rule", "次の場合を除き、あらかじめ本人の同意を得ないで個人データを第三者に提供しません。", True),
    ("provision_rule", "当社は、お客様の個人情報を外部に提供することは一切ありません。", True),
    ("provision_rule", "法令に基づく場合には、個人情報を提供することがあります。", False),
    ("provision_rule", "事業と関係のない第三者へは個人情報を提供いたしません。", True),
    ("provision_rule", "利用者の情報は第三者と共有いたしません。", True),
    # My Number
    ("my_number", "当社は従業者の個人番号を取り扱います。", True),
    ("my_number_limited", "個人番号は、源泉徴収事務の目的以外には利用しません。", True),
    ("my_number_limited", "8. 特定個人情報の取扱い\n源泉徴収票作成事務の目的で利用します。", True),  # in a My Number section
    ("my_number_limited", "個人番号は、法律が認める範囲内でのみ扱います。", False),
    ("my_number_limited", "当社は、源泉徴収票作成事務の目的以外には利用しません。", False),  # no My Number in sight
    ("my_number_not_handled", "当社は、マイナンバーを取得しておりません。", True),
    ("my_number_not_handled", "当社は、個人番号を利用目的以外に取得しません。", False),
    ("my_number_limited", "当社は、個人番号を源泉徴収票の作成など番号法で定められた事務に限って利用します。", True),
    # not collected for one purpose, limited for others: handled
    ("my_number_not_handled", "本学は、個人番号を次の事務に限って利用します。奨学金の申請に使う個人番号は、学生本人が直接提出するもので、"
                              "本学は取得しません。", False),
    ("my_number_not_handled", "個人番号(マイナンバー)の記載がないものをご用意ください。", True),
    # a limit on the card's use (マイナ保険証) is no limit on the number's: it is not handled
    ("my_number_limited", "4. マイナンバーカードの取扱い\nマイナンバーカードは、ご本人の確認のためにのみ使用します。", False),
    ("my_number_not_handled", "マイナンバーカードは、ご本人の確認のためにのみ使用します。"
                              "カードの個人番号(マイナンバー)を記録することはありません。", True),
    ("my_number_limited", "マイナンバーカードで本人確認を行い、個人番号は源泉徴収票作成事務の目的以外には利用しません。", True),
    # outsourcing, records, retention, revision, cookies
    ("outsourcing_supervision", "委託先に対しては必要かつ適切な監督を行います。", True),
    ("outsourcing_mention", "個人情報の取扱いを外部に委託することがあります。", True),
    ("retention", "保存期間を経過した個人情報は遅滞なく廃棄します。", True),
    ("revision", "本方針は、法令の改正に応じて変更することがあります。", True),
    ("revision", "2021年9月1日制定\n2023年7月1日改定", True),
    ("cookie", "当サイトはCookieを使用しています。", True),
    ("online", "当社ウェブサイトのご利用について", True),
    ("online", "店頭でのお申し込みについて", False),
]


@pytest.mark.parametrize(("label", "text", "stated"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_statement(label, text, stated):
    assert (label in labels(text)) is stated


def test_every_case_label_is_known():
    assert {label for label, _, _ in CASES} <= set(load_vocab("statements")) | DERIVED_LABELS


def test_findings_are_their_sentence_or_item_with_score_and_explanation():
    text = "1. 個人情報の管理\n当社は個人情報の漏えいの防止に努めます。\n・書類は施錠できる書庫に保管しています。\n"
    view = DocumentView(text)
    findings = EXTRACTOR.extract(view)
    assert {f.label for f in findings} >= {"security_pledge", "security_action_physical"}
    for f in findings:
        assert text[f.start:f.end] == f.text
        assert f.field == "statements"
        assert 0 < f.score <= 1
        assert f.explanation.startswith("statements.yaml#")
    pledge = next(f for f in findings if f.label == "security_pledge")
    assert pledge.text == "当社は個人情報の漏えいの防止に努めます。"
    item = next(f for f in findings if f.label == "security_action_physical")
    assert item.text == "・書類は施錠できる書庫に保管しています。"


def test_a_heading_is_evidence_only_when_no_sentence_states_it():
    text = "6. 安全管理措置\n当社は個人情報の漏えいの防止に努めます。\n"
    pledges = [f.text for f in EXTRACTOR.extract(DocumentView(text)) if f.label == "security_pledge"]
    assert pledges == ["当社は個人情報の漏えいの防止に努めます。"]
    assert [f.text for f in EXTRACTOR.extract(DocumentView("6. 安全管理措置\n")) if f.label == "security_pledge"] == [
        "6. 安全管理措置"]


def test_a_few_findings_per_label():
    text = "当サイトはCookieを使用します。\n" * 10
    assert [f.label for f in EXTRACTOR.extract(DocumentView(text))].count("cookie") == 3


def test_user_resources_add_a_wording(tmp_path):
    """A sector's wording is added without a Python change."""
    text = "会員の個人情報は金庫室に格納します。"
    assert "security_pledge" not in labels(text)
    (tmp_path / "statements.yaml").write_text(
        "security_pledge:\n  patterns: ['金庫室に格納']\n  examples: ['金庫室に格納します']\n", encoding="utf-8")
    assert "security_pledge" in labels(text, Resources([tmp_path]))
