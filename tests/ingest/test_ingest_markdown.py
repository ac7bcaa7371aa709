"""Markdown markup is dropped; table rows become tab-separated lines."""
import pytest

from nlp.ingest import load_document
from nlp.ingest.markdown import markdown_to_text

CASES = [
    ("## 4. 共同利用", "【4. 共同利用】"),
    ("# 個人情報保護方針 #", "【個人情報保護方針】"),
    ("- **共同利用する者の範囲**：当社グループ各社", "- 共同利用する者の範囲：当社グループ各社"),
    ("| 項目 | 内容 |\n|---|---|\n| 氏名 | 必須 |", "項目\t内容\n\n氏名\t必須"),
    ("詳しくは[こちら](https://example.jp/privacy)をご覧ください", "詳しくはこちらをご覧ください"),
    ("`Cookie` を使用します", "Cookie を使用します"),
    ("5 * 3 = 15", "5 * 3 = 15"),
    ("# C# ##", "【C】"),
    ("#    ", "【 】"),
    ("[解説](https://ja.wikipedia.org/wiki/X_(Y))と[a](b)", "解説とa"),
    ("[[x](u)", "[x"),
    ("[" * 5 + "](" * 5, "[" * 5 + "](" * 5),
]


@pytest.mark.parametrize("markdown, expected", CASES)
def test_markdown_to_text(markdown, expected):
    assert markdown_to_text(markdown) == expected


def test_markdown_file_is_read_as_text(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text("# 個人情報保護方針\n\n**利用目的**：商品の発送\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.format == "md"
    assert "**" not in doc.text and "#" not in doc.text and "【個人情報保護方針】" in doc.text
    assert "利用目的:商品の発送" in doc.text
