"""Untrusted text made inert for terminals, Markdown and CSV (OWASP rules)."""
import pytest

from nlp.sanitize import csv_cell, for_markdown, for_terminal, visible_bidi

CSV_CASES = [
    ("=cmd|' /C calc'!A0株式会社", "'=cmd|' /C calc'!A0株式会社"),
    ("+81-3-0000", "'+81-3-0000"),
    ("-1+1", "'-1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("株式会社モデル商事", "株式会社モデル商事"),
    (3, 3),
]


@pytest.mark.parametrize("value, expected", CSV_CASES)
def test_csv_cells_never_start_a_formula(value, expected):
    assert csv_cell(value) == expected


@pytest.mark.parametrize("payload", ["\x1b]0;pwned\x07タイトル", "\x1b[31m赤\x1b[0m", "a\x00b\x07c", "x\x1bcy"])
def test_terminal_text_has_no_escape_or_control_characters(payload):
    out = for_terminal(payload)
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert "pwned" not in out or "]0;" not in out


def test_bidi_controls_are_made_visible():
    assert visible_bidi("abc\u202eexe.txt") == "abc<U+202E>exe.txt"
    assert "\u202e" not in for_terminal("a\u202eb") and "<U+202E>" in for_terminal("a\u202eb")
    assert "\u202e" not in str(csv_cell("a\u202eb"))


@pytest.mark.parametrize("payload, tag", [
    ("![x](//evil.example/t.png)", "<img"),
    ("[click](https://evil.example/)", "<a"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ("# 見出し", "<h1"),
    ("`code`", "<code"),
    ("**太字**", "<strong"),
    ("- 項目", "<li"),
])
def test_markdown_syntax_from_the_input_renders_as_text(payload, tag):
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(for_markdown(payload))
    assert tag not in rendered
    assert MarkdownIt("commonmark").render(payload).count(tag) >= 1  # the payload itself is markup
