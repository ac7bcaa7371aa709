"""Property tests (Hypothesis): whatever the bytes of a file or the text of a
document, only the library's own errors (``JPolicyError``) escape, and every
record's evidence points into the text."""
from __future__ import annotations

import io
import tempfile
from functools import lru_cache
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nlp.errors import JPolicyError
from nlp.ingest import LoadedDocument, load_document
from nlp.pipeline import Analyzer
from nlp.structure import SpanIndex
from pdf_bytes import pdf_from_objects  # tests/pdf_bytes.py

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".txt", ".html", ".md", ".pdf", ".docx"]
FRAGMENTS = [
    "個人情報保護方針", "第1条(利用目的)", "【共同利用】", "当社は、", "共同利用", "株式会社サンプル", "(以下「当社」)",
    "氏名、住所、電話番号", "を取得します。", "外国にある第三者", "米国", "委託", "法令に基づく場合", "(1)", "①", "1.",
    "・", "■", "ア.", "〒100-0000 東京都千代田区架空町1-2-3", "代表取締役 山田太郎", "info@example.co.jp",
    "03-0000-0000", "令和5年4月1日制定", "2024/04/01改定", "お問い合わせ窓口", "必須", "同意します", "\n", "\n\n",
    "\t", "、", "。", ":", " ", "\u3000", "<p>", "</p>", "# ", "**", "|", "\r\n", "\u202e", "\x1b[31m", "\ufeff",
]
japanese_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=60).map("".join)


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    return Analyzer()


@lru_cache(maxsize=None)
def seed(suffix: str) -> bytes:
    """A valid small file of each format, for the mutation tests."""
    text = "個人情報保護方針\n当社は、氏名及び住所を取得します。\n(1)商品の発送\n"
    if suffix == ".pdf":
        return _one_page_pdf("BT /F1 12 Tf 72 760 Td (Privacy Policy) Tj 0 -20 Td (1. Purpose of use) Tj ET")
    if suffix == ".docx":
        document = docx.Document()
        document.add_paragraph(text)
        document.add_table(rows=2, cols=2).cell(0, 0).text = "氏名"
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    if suffix == ".html":
        return f"<html><head><meta charset='utf-8'></head><body><p>{text}</p></body></html>".encode()
    return text.encode("cp932")


def _one_page_pdf(content: str) -> bytes:
    """A one-page PDF drawing the content stream ``content`` with Helvetica."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    return pdf_from_objects(objects)


def _load(suffix: str, data: bytes) -> LoadedDocument | None:
    """``load_document`` on ``data`` written under ``suffix``; None when it raised a library error."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            doc = load_document(path)
        except JPolicyError as error:
            assert error.path == str(path)
            assert error.reason
            return None
    assert len(doc.offsets) == len(doc.text) + 1
    return doc


@pytest.mark.parametrize("suffix", SUFFIXES)
@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_only_raise_library_errors(suffix: str, data: bytes) -> None:
    _load(suffix, data)


@pytest.mark.parametrize("suffix", SUFFIXES)
@SETTINGS
@given(edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=8)), max_size=6),
       keep=st.floats(0.05, 1))
def test_damaged_files_only_raise_library_errors(suffix: str, edits: list[tuple[float, bytes]], keep: float) -> None:
    data = bytearray(seed(suffix))
    for where, replacement in edits:
        at = int(where * len(data))
        data[at:at + len(replacement)] = replacement
    _load(suffix, bytes(data[: max(1, int(keep * len(data)))]))


@pytest.mark.parametrize("encoding", ["utf-8", "cp932", "euc_jp", "utf-16-le"])
@SETTINGS
@given(text=japanese_text)
def test_any_text_in_any_encoding_only_raises_library_errors(encoding: str, text: str) -> None:
    _load(".txt", text.encode(encoding, errors="ignore"))


@SETTINGS
@given(text=st.one_of(japanese_text, st.text(max_size=300)))
@example(text="1.")  # a numbered line with nothing after its marker
def test_any_text_gives_a_record_whose_evidence_points_into_it(text: str) -> None:
    record = analyzer().analyze_text(text, with_text=True)
    assert record.source.chars == len(record.text)
    for element in [*record.purposes, *record.data_items, *record.third_party.exceptions]:
        start, end = element.evidence.span
        assert record.text[start:end] == element.evidence.text


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 25)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


@settings(max_examples=200, deadline=None)
@given(spans=spans, ranked_by_end=st.booleans())
def test_span_index_answers_as_a_scan_of_every_span_would(spans: list[tuple[int, int]], ranked_by_end: bool) -> None:
    """SpanIndex replaces per-position scans of every section (quadratic on long documents)."""
    rank = [end for _, end in spans] if ranked_by_end else None
    index = SpanIndex(spans, rank=rank)
    for pos in range(-1, 90):
        containing = [i for i, (start, end) in enumerate(spans) if start <= pos <= end]
        key = (lambda i: (spans[i][1], i)) if ranked_by_end else (lambda i: (-spans[i][0], i))
        assert index.innermost(pos) == min(containing, key=key, default=None)
        assert (pos in index) == bool(containing)
