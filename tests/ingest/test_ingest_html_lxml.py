"""html_to_text on an lxml tree: tricky snippets give the texts the BeautifulSoup
walk gave (issue 8), and random tag soups never make it raise."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.ingest.html import _BLOCKS, _CELLS, _DROPPED, html_to_text

SNIPPETS = {
    # Ruby readings and parentheses are not running text; a <br> inside them still breaks the line.
    "ruby": ("<p>当社は<ruby>個人<rp>（</rp><rt>こじん</rt><rp>）</rp></ruby><ruby>情報<rt>じょうほう<br>ルビ</rt></ruby>"
             "を守ります。</p>",
             "当社は個人情報\nを守ります。"),
    # Comments, processing instructions and CDATA give no text, but the text after them (their tail) does.
    "comment tails": ("<p>利用<!-- 社内メモ：後で直す -->目的<?php echo '処理'; ?>の<![CDATA[隠れた]]>通知</p>",
                      "利用目的の通知"),
    "entities": ("<p>氏名&amp;住所&nbsp;電話&#12354;&#x30A2;&bogus;&lt;例&gt;</p>", "氏名&住所\xa0電話あア&bogus;<例>"),
    # A line break between Japanese characters disappears, between Latin words it is a space.
    "line breaks": ("<p>お客様の\n  個人情報を\n適切に<br>管理します。\nPrivacy\nPolicy</p>",
                    "お客様の個人情報を適切に\n管理します。 Privacy Policy"),
    # <pre> keeps its layout and its hidden elements, but not scripts, comments or ruby readings.
    "pre": ("<pre>\n第1条（目的）\n  <b>本規程</b>は<!-- 注 --><script>var x;</script>、<rt>よみ</rt>"
            "<span hidden>隠し</span>定める。\n\n</pre>",
            "第1条（目的）\n  本規程は、隠し定める。"),
    "tables": ("<table><caption>委託先一覧</caption><tr><th>委託先</th><th hidden>内部ID</th><th>業務</th></tr>"
               "<tr><td>株式会社配送<br>東京支店</td><td style='display:none'>X1</td><td><p>配送</p><p>返品受付</p></td></tr>"
               "<tr><td><table><tr><td>入れ子</td><td>表</td></tr></table></td></tr></table>",
               "委託先一覧\n委託先\t業務\n株式会社配送 東京支店\t配送 返品受付\n入れ子\t表"),
    "form": ("<form><label>お名前<input placeholder='山田 花子'></label><input type=HIDDEN value=秘密>"
             "<input type='Submit' value='同意して送信'><input type=reset value=''>"
             "<textarea placeholder='ご質問'>  \n </textarea><textarea placeholder='未使用'>入力済みの内容</textarea>"
             "<select><option>東京都</option><option>大阪府</option></select></form>",
             "お名前\n山田 花子\n同意して送信\nご質問\n入力済みの内容\n東京都\n大阪府"),
    "hidden elements": ("<div>表示<span style='DISPLAY : NONE'>非表示</span>する<p hidden>隠す</p>"
                        "<p style='visibility:hidden'>見えない</p><noscript>スクリプト無効</noscript><nav>メニュー</nav>末尾</div>",
                        "表示する末尾"),
    "dropped elements' tails": ("<p>前文<script>document.write('スクリプト')</script>本文<style>p{}</style>後文"
                                "<template>型</template>。</p>",
                                "前文本文後文。"),
    "malformed": ("<p>閉じない段落<div>区画<p>次の段落</b></i><li>項目一<li>項目二</ul></span>残り</p></p>",
                  "閉じない段落\n区画\n次の段落\n・項目一\n・項目二残り"),
    "doctype and byte order mark": ("\ufeff<!DOCTYPE html><html><head><title>題名</title></head>"
                                    "<body><h1>プライバシーポリシー</h1></body></html>",
                                    "プライバシーポリシー"),
    "after </html>": ("<html><body><p>本文</p></body></html>\n<p>閉じた後の段落</p>", "本文\n閉じた後の段落"),
    "before <html>": ("冒頭の文<html><body>本体</body></html>", "冒頭の文本体"),
    "stray <": ("<p>3 < 5 かつ a<b ですが、&は残ります</p>", "3 < 5 かつ a"),
    "NUL": ("<p>文字\x00化け</p>", "文字\ufffd化け"),
}


@pytest.mark.parametrize(("markup", "expected"), SNIPPETS.values(), ids=SNIPPETS.keys())
def test_tricky_snippets(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


@pytest.mark.parametrize("markup", ["", "   \n", "\ufeff", "<!-- 空のページ -->", "<!DOCTYPE html>", "<?xml version='1.0'?>",
                                    "<html><head><title>題名だけ</title></head></html>"])
def test_pages_without_text(markup: str) -> None:
    assert html_to_text(markup) == ""


@pytest.mark.parametrize("depth", [250, 254, 255, 256, 300, 2500])
def test_deeper_than_libxml2_builds_trees(depth: int) -> None:
    """libxml2 stops its tree 256 elements deep and drops the rest of the page."""
    markup = "<div>" * depth + "深い<b>階層</b><br>次行" + "</div>" * depth + "<p>後の段落</p>"
    assert html_to_text(markup) == "深い階層\n次行\n後の段落"


def test_text_longer_than_a_libxml2_text_node() -> None:
    """libxml2 stops its tree at a text node of 10 MB and drops the rest of the page."""
    body = "個人情報" * 900_000  # 10.8 MB in UTF-8
    assert html_to_text(f"<p>{body}</p><p>後の段落</p>") == f"{body}\n後の段落"


TAGS = sorted(_DROPPED | _BLOCKS | _CELLS) + ["br", "input", "tr", "b", "span", "a", "ruby", "rt", "rp", "img", "o:p",
                                              "frameset", "plaintext", "xmp", "math", "title", "meta", "P", "TD"]
ATTRIBUTES = ["", " hidden", ' style="display:none"', " style='VISIBILITY: hidden'", " type=hidden", " type=submit",
              ' value="送信"', ' placeholder="例：山田"', " placeholder", ' :class="x"', ' a="unterminated', " /"]
TEXT = ["個人情報", "取り扱い", "abc", " ", "\n", "\r\n", "\t", "\u3000", "\xa0", "&amp;", "&nbsp;", "&#12354;", "&bogus;",
        "&", "<", ">", "</", "<!-- 注 -->", "<!--", "-->", "<![CDATA[中]]>", "<?php ?>", "<!DOCTYPE html>", "\x00",
        "\ufeff", "\U0001f600", "</html>", "<html>", "</body>", "<body>"]


@st.composite
def tag_soups(draw: st.DrawFn) -> str:
    parts: list[str] = []
    open_tags: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 9))
        if kind <= 3:
            parts.append(draw(st.sampled_from(TEXT)))
        elif kind <= 6:
            tag = draw(st.sampled_from(TAGS))
            attributes = "".join(draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)))
            parts.append(f"<{tag}{attributes}{draw(st.sampled_from(['>', '/>', '']))}")
            open_tags.append(tag)
        elif kind <= 8 and open_tags:
            parts.append(f"</{open_tags.pop(draw(st.integers(0, len(open_tags) - 1)))}>")
        else:  # deep nesting, around libxml2's tree depth limit
            tag = draw(st.sampled_from(["div", "span", "b", "rt", "pre", "li"]))
            parts.append(f"<{tag}>" * draw(st.sampled_from([10, 254, 255, 300])))
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soups())
def test_tag_soups_never_raise(markup: str) -> None:
    text = html_to_text(markup)
    assert isinstance(text, str)
    assert all(line.strip() for line in text.split("\n")) or text == ""
