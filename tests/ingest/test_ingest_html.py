"""HTML pages: visible text, layout, forms, charset declarations."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.errors import EmptyDocument
from nlp.ingest import load_document
from nlp.ingest.html import html_to_text

PAGE = """<!DOCTYPE html>
<html><head><title>タイトルは本文ではない</title>
<style>.secret { content: "スタイル"; }</style>
<script>var token = "スクリプトの中身";</script></head>
<body>
<nav><a href="/">ホーム</a> | <a href="/company">会社概要</a></nav>
<header><h1>個人情報保護方針</h1></header>
<noscript>JavaScriptを有効にしてください</noscript>
<main>
<p>当社は、お客様の
  個人情報を <b>適切に</b>取り扱います。</p>
<h2>1. 取得する情報</h2>
<ul><li>氏名</li><li>住所<br>電話番号</li></ul>
<table>
  <thead><tr><th>項目</th><th>利用目的</th></tr></thead>
  <tbody><tr><td>メールアドレス</td><td><p>ご連絡</p><p>本人確認</p></td></tr></tbody>
</table>
<svg><text>図の文字</text></svg>
<template><p>テンプレート</p></template>
<div hidden>隠し要素</div>
<div style="display: none">非表示の要素</div>
<!-- コメントは出ない -->
</main>
<footer><p>株式会社サンプル</p></footer>
<script>document.write("後ろのスクリプト");</script>
</body></html>
"""

FORM = """<html><body><form action="/send" method="post">
<label for="name">お名前</label><input id="name" name="name" placeholder="山田 太郎">
<label>電話番号 <input type="tel" name="tel"></label>
<input type="hidden" name="csrf" value="HIDDEN_TOKEN_123">
<select name="pref"><option value="">都道府県を選択</option><option>東京都</option><option>大阪府</option></select>
<textarea name="body" placeholder="お問い合わせ内容"></textarea>
<label><input type="checkbox" name="agree"> 個人情報の取扱いに同意する</label>
<input type="submit" value="送信する">
</form></body></html>
"""


@pytest.fixture(scope="module")
def page_lines() -> list[str]:
    return html_to_text(PAGE).split("\n")


@pytest.mark.parametrize(
    "absent", ["タイトルは本文ではない", "スタイル", "スクリプトの中身", "後ろのスクリプト", "ホーム", "会社概要",
               "JavaScript", "図の文字", "テンプレート", "隠し要素", "非表示の要素", "コメント"]
)
def test_invisible_text_is_dropped(page_lines: list[str], absent: str) -> None:
    assert not any(absent in line for line in page_lines)


@pytest.mark.parametrize(
    "line",
    [
        "個人情報保護方針",
        "当社は、お客様の個人情報を 適切に取り扱います。",
        "1. 取得する情報",
        "・氏名",  # a list item reads as one
        "・住所",
        "電話番号",
        "項目\t利用目的",
        "メールアドレス\tご連絡 本人確認",
        "株式会社サンプル",
    ],
)
def test_blocks_become_lines(page_lines: list[str], line: str) -> None:
    assert line in page_lines


def test_reading_order(page_lines: list[str]) -> None:
    order = ["個人情報保護方針", "・氏名", "項目\t利用目的", "株式会社サンプル"]
    assert [page_lines.index(line) for line in order] == sorted(page_lines.index(line) for line in order)


@pytest.mark.parametrize(
    "line", ["お名前", "山田 太郎", "電話番号", "都道府県を選択", "東京都", "大阪府", "お問い合わせ内容",
             "個人情報の取扱いに同意する", "送信する"]
)
def test_form_fields_survive(line: str) -> None:
    assert line in html_to_text(FORM).split("\n")


def test_hidden_inputs_are_dropped() -> None:
    assert "HIDDEN_TOKEN_123" not in html_to_text(FORM)


def test_pre_keeps_its_lines() -> None:
    assert html_to_text("<p>前</p><pre>第1条\n  第2条</pre>") == "前\n第1条\n  第2条"
    assert html_to_text("<pre><pre>第1条\n\n\n第2条</pre></pre>") == "第1条\n第2条"  # no blank lines, as elsewhere


def test_malformed_html_still_gives_text() -> None:
    assert html_to_text("<p>閉じない段落<div><table><td>セル<li>項目</b></i>") == "閉じない段落\nセル\n・項目"


def test_deeply_nested_html() -> None:
    assert html_to_text("<div>" * 3000 + "深い" + "</div>" * 3000) == "深い"


CHARSET_CASES = [
    # (bytes encoding, declared charset, expected reported encoding)
    ("cp932", '<meta charset="Shift_JIS">', "cp932"),
    ("euc_jp", '<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">', "euc_jp"),
    ("iso2022_jp", "<meta charset='iso-2022-jp'>", "iso2022_jp"),
    ("cp932", "", "cp932"),
    ("euc_jp", '<meta charset="x-bogus-charset">', "euc_jp"),
    ("utf-8", '<meta charset="Shift_JIS">', "utf-8"),  # the declaration is stale: bytes win
    ("utf-8-sig", '<meta charset="EUC-JP">', "utf-8-sig"),
]


@pytest.mark.parametrize(("encoding", "meta", "expected"), CHARSET_CASES)
def test_html_charset(tmp_path: Path, encoding: str, meta: str, expected: str) -> None:
    markup = f"<html><head>{meta}</head><body><h1>個人情報の利用目的</h1><p>氏名（フリガナ）</p></body></html>"
    path = tmp_path / "policy.html"
    path.write_bytes(markup.encode(encoding))
    doc = load_document(path)
    assert doc.encoding == expected
    assert doc.format == "html"
    assert doc.text == "個人情報の利用目的\n氏名(フリガナ)"
    assert doc.raw_text == "個人情報の利用目的\n氏名（フリガナ）"


def test_xhtml_with_xml_declaration(tmp_path: Path) -> None:
    markup = '<?xml version="1.0" encoding="Shift_JIS"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>同意事項</p></body></html>'
    path = tmp_path / "policy.htm"
    path.write_bytes(markup.encode("cp932"))
    doc = load_document(path)
    assert (doc.text, doc.encoding) == ("同意事項", "cp932")


@pytest.mark.parametrize(
    "markup",
    ["<html><head><title>題名</title><script>var a = 1;</script></head><body> <!-- 空 --> </body></html>",
     "<nav>メニュー</nav><div hidden>隠し</div>"],
)
def test_html_without_visible_text(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "blank.html"
    path.write_text(markup, encoding="utf-8")
    with pytest.raises(EmptyDocument) as info:
        load_document(path)
    assert "blank.html" in str(info.value)


@pytest.mark.parametrize(("markup", "expected"), [
    ("<ul><li>氏名</li><li><strong>住所</strong></li></ul>", "・氏名\n・住所"),
    ("<ol><li>1. 受付</li><li>（2）発送</li><li>③連絡</li></ol>", "1. 受付\n（2）発送\n③連絡"),  # numbered already
    ("<ul><li>・会員情報</li></ul>", "・会員情報"),
    # ordered lists are numbered as the browser shows them, a nested one in a family of its own
    ("<ol><li>取得する情報</li><li>利用目的<ol><li>選考</li><li>合否通知</li></ol></li><li>第三者提供</li></ol>",
     "(1)取得する情報\n(2)利用目的\n①選考\n②合否通知\n(3)第三者提供"),
    ('<ol start="4"><li>委託</li></ol><ol><li>開示</li></ol>', "(4)委託\n(1)開示"),
    ('<ol start="²"><li>委託</li><li style="display:none">隠れ</li><li>開示</li></ol>', "(1)委託\n(2)開示"),
    ('<ol start="3x"><li>委託</li></ol>', "(3)委託"),
    ("<ol><li>a<ol><li>b<ol><li>c</li></ol></li></ol></li></ol>", "(1)a\n①b\n・c"),
])
def test_list_items_read_as_items(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected
