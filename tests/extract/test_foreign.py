"""Provision to third parties abroad (``record.third_party.foreign_transfer``):
a clause naming a foreign country or 外国, and whether it informs about that
country's system."""
from __future__ import annotations

import pytest

from nlp.pipeline import Analyzer

ANALYZER = Analyzer(reference=None)


def transfer(text: str):
    return ANALYZER.analyze_text(text).third_party.foreign_transfer


@pytest.mark.parametrize(("text", "countries", "systems"), [
    ("当社は、お客様の氏名を米国の事業者に提供します。", ["米国"], False),
    ("会報は米国に所在する事業者の配信サービスでお届けしています。配信に使う氏名とメールアドレスは同社に提供され、"
     "同国内にあるサーバーに保存されます。", ["米国"], False),
    ("当社は、シンガポールの事業者に顧客管理システムの運用を委託しています。同社との契約で安全管理措置の実施を定めています。",
     ["シンガポール"], False),
    ("当社は、EUの事業者に個人データを提供します。EUにはGDPRが適用され、十分性認定を受けています。", ["EU"], True),
    # two countries, the system of one described: not every country's system is given
    ("当社は、米国とシンガポールの事業者にデータの保管を委託しています。シンガポールには個人データ保護法(PDPA)があります。",
     ["シンガポール", "米国"], False),
    # a sentence about systems naming no country covers every country named
    ("当社は、米国とシンガポールの事業者にデータの保管を委託しています。各国の個人情報の保護に関する制度は、"
     "個人情報保護委員会のウェブサイトでご確認いただけます。", ["シンガポール", "米国"], True),
    # the system offered on request is not given
    ("当社は、ドイツの再保険会社に個人データを提供します。ドイツにおける個人情報の保護に関する制度の内容は、"
     "ご希望の方に書面でお知らせします。", ["ドイツ"], False),
    # a recipient abroad listed under the line that provides the data
    ("(2) 再保険会社への提供：引受保険会社は、性別、生年月日を再保険会社に提供します。\n"
     "　・架空再保険株式会社(日本)\n　・Kamome Re Ltd.(所在国:アメリカ合衆国)\n"
     "　　同国の個人情報の保護に関する制度は、個人情報保護委員会のウェブサイトでご確認いただけます。", ["米国"], True),
    # the sentence after a foreign request says where the data goes
    ("海外の骨髄バンクから依頼がくることがあります。そのときは、登録番号と性別を、依頼のあった国の骨髄バンクにお伝えします。"
     "これまでに依頼があった国は、アメリカとドイツです。", ["ドイツ", "米国"], False),
])
def test_a_country_named_with_where_the_data_goes(text: str, countries: list[str], systems: bool) -> None:
    found = transfer(text)
    assert found.present and found.countries == countries
    assert found.systems_described is systems


def test_recipients_abroad_stated_as_a_fact_before_citing_the_statute() -> None:
    """Who the recipients are is a transfer, though the sentence goes on to
    cite the statute (a bare citation only restates the rule)."""
    found = transfer("再保険の引受先には外国にある再保険会社が含まれることがありますが、この場合は、当該再保険会社が"
                     "個人情報保護法第28条第1項に規定する体制を整備していることを確認します。")
    assert found.present and found.countries == []
    assert not transfer("外国にある第三者に提供する場合には、個人情報保護法第28条に従います。").present


@pytest.mark.parametrize("text", [
    "米国の事業者のサービスを利用しています。お問い合わせは当社の窓口で受け付けます。",  # the next sentence is about something else
    "当社は、お客様の個人データを外国にある第三者に提供することはありません。",
    # a provider abroad that only hosts the data (it does not handle it)
    "お申込みのデータは、米国の事業者が提供するクラウドサービスで管理しています。データは日本国内に保存され、"
    "同事業者は契約上データの中身を取り扱いません。",
    # a recipient listed under a heading that provides nothing
    "(2) 当社の拠点\n　・東京本社\n　・シンガポール事務所(所在国:シンガポール)",
])
def test_no_transfer_without_data_going_there(text: str) -> None:
    assert not transfer(text).present


def test_a_recipients_country_named_in_a_section_on_provision_abroad() -> None:
    section = "5. 外国にある第三者への提供\n広告配信事業者はアイルランドに所在します。\n6. お問い合わせ\n窓口までご連絡ください。\n"
    found = transfer("1. 利用目的\n広告の配信のために利用します。\n" + section)
    assert found.present and found.countries == ["アイルランド"]
    denied = "5. 外国にある第三者への提供\n当社は、個人データを外国にある第三者に提供していません。なお、当社の親会社は米国に所在します。\n"
    assert not transfer(denied).present
