"""Token boundaries: MeCab's surfaces (-Owakati) give the same cuts as its
token objects, clauses are tokenised only when asked about, and reading a
clause alone gives (nearly always) the cuts of its whole line."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp import tokens
from nlp.ingest import load_document
from nlp.tokens import TokenBoundaries, _word_boundaries, line_boundaries

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

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
    assert set(cuts._clauses) == {second}  # only the second line was read
    assert 0 in cuts and len(text) in cuts and len(text) + 1 not in cuts
    assert text.index("番号") in cuts or text.index("電話") in cuts


def test_clauses_are_tokenised_when_asked_about() -> None:
    text = "当社は、氏名、住所及び電話番号を取得します。"
    cuts = TokenBoundaries(text)
    assert text.index("住所") in cuts and text.index("住所") + 1 not in cuts
    assert set(cuts._clauses) == {text.index("住所")}  # the clause 「住所及び電話番号を取得します。」 alone
    assert text.index("氏名") in cuts and text.index("当社") in cuts  # clause starts


def test_a_clause_read_alone_cuts_as_its_line() -> None:
    """MeCab reads a clause without the rest of its line: over the project's
    documents, it cuts where it cuts reading the whole line at all but a few
    positions in 10,000 (a compound split one way or the other: 助産|所 and 助|産所)."""
    differ = total = 0
    for path in sorted((CORPORA / "docs").iterdir()) + sorted((CORPORA / "holdout" / "docs").iterdir()):
        text = load_document(path).text
        cuts = TokenBoundaries(text)
        start = 0
        for line in text.split("\n"):
            whole = line_boundaries(line, start)
            differ += sum((pos in cuts) != (pos in whole) for pos in range(start, start + len(line) + 1))
            total += len(line) + 1
            start += len(line) + 1
    assert total > 30_000
    assert differ <= total / 10_000, (differ, total)
