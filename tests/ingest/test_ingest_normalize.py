"""Normalisation rules and the offset map back to the raw text."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from nlp.ingest import load_document, raw_span
from nlp.ingest.normalize import _needs_layout, _relayout_lines, cluster_end, normalize

NORMALIZE_CASES = [
    ("（１）個人情報", "(1)個人情報"),
    ("１２３", "123"),
    ("ＡＢＣｘｙｚ", "ABCxyz"),
    ("電話：０３－１２３４", "電話:03-1234"),
    ("①氏名②住所⑳", "①氏名②住所⑳"),
    ("㉑と㊿", "㉑と㊿"),
    ("⑴と⒈", "⑴と⒈"),
    ("ｶﾀｶﾅ", "カタカナ"),
    ("ﾃﾞｰﾀ", "データ"),
    ("ﾊﾟｽﾎﾟｰﾄ番号", "パスポート番号"),
    ("｢ｸｯｷｰ｣･", "「クッキー」・"),
    ("「」『』【】〈〉《》〔〕・ー〜", "「」『』【】〈〉《》〔〕・ー〜"),
    ("10時～18時", "10時〜18時"),
    ("㈱サンプル", "(株)サンプル"),
    ("か゛", "か゛"),
    ("e\u0301", "é"),
    ("氏名\u00a0住所", "氏名 住所"),
    ("氏名\u3000住所", "氏名 住所"),
    ("氏名\u2002住所", "氏名 住所"),
    ("ゼロ\u200b幅\u200d文字", "ゼロ幅文字"),
    ("\ufeff先頭のBOM", "先頭のBOM"),
    ("ソフト\u00adハイフン", "ソフトハイフン"),
    ("行1\r\n行2\r行3\u2028行4", "行1\n行2\n行3\n行4"),
    ("改\x0cページ\x07", "改\nページ"),
    ("末尾の空白  \t\n次の行\u3000", "末尾の空白\n次の行"),
    ("段落1\n\n\n\n\n段落2", "段落1\n\n段落2"),
    ("段落1\n \n\u3000\n\t\n段落2", "段落1\n\n段落2"),
    ("(4)\n \n \n提携会社と共同利用", "(4)提携会社と共同利用"),
    ("（４）\n業務提携先", "(4)業務提携先"),
    ("（４）\r\n\r\n\u3000業務提携先", "(4)業務提携先"),
    ("4.\n利用目的", "4.利用目的"),
    ("４．\n\n利用目的", "4.利用目的"),
    ("①\n\n氏名", "①氏名"),
    ("ア.\n氏名", "ア.氏名"),
    ("(イ)\n住所", "(イ)住所"),
    ("(あ)\n\n生年月日", "(あ)生年月日"),
    ("(ii)\n電話番号", "(ii)電話番号"),
    ("・\n  メールアドレス", "・メールアドレス"),
    ("  ・\nメールアドレス", "  ・メールアドレス"),
    ("(1)\n(2)\n氏名", "(1)\n(2)氏名"),
    ("(1)\n\n", "(1)\n\n"),
    ("(1)氏名\n住所", "(1)氏名\n住所"),
    ("第3条\n目的", "第3条\n目的"),
    ("2024.\n年度", "2024.\n年度"),
    ("plain ASCII text\n", "plain ASCII text\n"),
    ("", ""),
]

OFFSET_SAMPLES = [raw for raw, _ in NORMALIZE_CASES] + [
    "\u3000（１）当社は、お客様の個人情報を\r\n\r\n\r\n\r\n(4)\r\n \r\n業務提携先\u200b等㈱ﾃﾞｰﾀ①～\n",
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize(raw)[0] == expected


@pytest.mark.parametrize("raw", OFFSET_SAMPLES)
def test_offsets_point_at_the_source_character(raw: str) -> None:
    text, offsets = normalize(raw)
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw)
    assert offsets == sorted(offsets)
    for i, ch in enumerate(text):
        # the source cluster (a character with its combining marks, or a CRLF),
        # normalised on its own, yields the output character ("x" keeps a space from being trimmed)
        source = raw[offsets[i] : cluster_end(raw, offsets[i])]
        assert ch in normalize(source + "x")[0], (i, ch, source)


def test_ascii_offsets_are_identity() -> None:
    raw = "Privacy Policy\n1. Purpose\n"
    text, offsets = normalize(raw)
    assert text == raw
    assert offsets == list(range(len(raw) + 1))


def test_joined_marker_maps_to_both_lines() -> None:
    raw = "（４）\n \n業務提携先"
    text, offsets = normalize(raw)
    assert text == "(4)業務提携先"
    assert [raw[offsets[i]] for i in range(len(text))] == list("（４）業務提携先")


RAW_SPAN_CASES = [
    # (raw file text, normalised substring, raw substring it must map back to)
    ("氏名\r\n住所", "氏名\n住所", "氏名\r\n住所"),
    ("項目：ﾃﾞｰﾀ利用", "データ", "ﾃﾞｰﾀ"),
    ("（４）\n\n業務提携先", "(4)", "（４）"),
    ("（４）\n\n業務提携先", "(4)業務", "（４）\n\n業務"),
    ("㈱サンプル", "(株)", "㈱"),
    ("当社は\u200b個人情報を", "は個人", "は\u200b個人"),
]


@pytest.mark.parametrize(("raw", "needle", "source"), RAW_SPAN_CASES)
def test_raw_span(tmp_path: Path, raw: str, needle: str, source: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = load_document(path)
    start = doc.text.index(needle)
    begin, end = raw_span(doc, start, start + len(needle))
    assert doc.raw_text[begin:end] == source


def test_raw_span_rejects_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("個人情報", encoding="utf-8")
    doc = load_document(path)
    assert raw_span(doc, 2, 2) == (2, 2)
    with pytest.raises(ValueError):
        raw_span(doc, 3, 10)



PIECES = ["(1)", "1.", "・", "①", "ア.", " ", "\t", "\n", "本文です。", "a", "ア", "(a)"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_text_left_alone_by_the_layout_is_text_the_layout_would_not_change(text: str) -> None:
    """``_layout_lines`` returns a text as it is when ``_needs_layout`` says it
    may: the full pass would give it back unchanged."""
    offsets = list(range(len(text)))
    if not _needs_layout(text):
        assert _relayout_lines(text, offsets) == (text, offsets)
