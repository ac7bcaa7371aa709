"""Token boundaries: MeCab's surfaces (-Owakati) give the same cuts as its
token objects, lines are tokenised only when asked about."""
from __future__ import annotations

import pytest

from nlp import tokens
from nlp.tokens import TokenBoundaries, _word_boundaries, line_boundaries

LINES = ["当社は、お客様の氏名・住所を取得します。", "  Example Asia Co., Ltd.  (東京都)", "　全角　空白と\tタブ",
         "😀 絵文字とＡＢＣ１２３", "e\u0301 と ｱｲｳ", "a" * 3000, ""]


@pytest.mark.parametrize("line", LINES)
def test_surfaces_give_the_cuts_of_the_tokens(line: str) -> None:
    expected = {0, len(line)}
    for start, piece in tokens._pieces(line):
        expected |= {start, *_word_boundaries(piece, start)}
    assert line_boundaries(line) == expected


def test_a_surface_not_found_in_the_text_falls_back_to_the_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    line = "個人情報を取得します"

    class Garbled:
        def parse(self, text: str) -> str:
            return "個人 情報 を 取得 しま す X"

    expected = line_boundaries(line)
    monkeypatch.setattr(tokens, "splitter", lambda: Garbled())
    assert line_boundaries(line) == expected


def test_lines_are_tokenised_when_asked_about() -> None:
    text = "氏名を取得します。\n住所を取得します。\n電話番号を取得します。"
    cuts = TokenBoundaries(text)
    second = text.index("住所")
    assert second in cuts and second + 2 in cuts and second + 1 not in cuts
    assert set(cuts._lines) == {1}  # only the second line was read
    assert 0 in cuts and len(text) in cuts and len(text) + 1 not in cuts
    assert text.index("番号") in cuts or text.index("電話") in cuts
