"""PDF (hand-built files with a text layer) and DOCX (built with python-docx)."""
from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import docx
import pytest

from nlp.errors import EmptyDocument, MalformedDocument, UndecodableText
from nlp.ingest import load_document
from pdf_bytes import pdf_from_objects  # tests/pdf_bytes.py


LATIN_FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
# A CID font with the predefined UniJIS-UCS2-H CMap: string bytes are UTF-16BE,
# so pdfminer maps them back to Unicode without an embedded font.
JAPANESE_FONT = (
    "<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>"
)
CID_FONT = (
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiMin-W3"
    " /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R >>"
)
FONT_DESCRIPTOR = (
    "<< /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 6 /FontBBox [0 -141 1000 859]"
    " /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>"
)


def make_pdf(content: str, font: str = LATIN_FONT, cid_font: str = CID_FONT) -> bytes:
    """A one-page PDF whose page draws ``content`` (a content stream) with font /F1."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        font,
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        cid_font,
        FONT_DESCRIPTOR,
    ]
    return pdf_from_objects(objects)


def _utf16_hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pdf_latin_text_layer(tmp_path: Path) -> None:
    content = "BT /F1 12 Tf 72 760 Td (Privacy Policy) Tj 0 -20 Td (1. Purpose of use) Tj ET"
    doc = load_document(_write(tmp_path, "policy.pdf", make_pdf(content)))
    assert doc.format == "pdf"
    assert doc.encoding is None
    assert doc.text == "Privacy Policy\n1. Purpose of use"


def test_pdf_japanese_text_layer(tmp_path: Path) -> None:
    content = (
        f"BT /F1 12 Tf 72 760 Td {_utf16_hex('個人情報保護方針')} Tj"
        f" 0 -20 Td {_utf16_hex('（１）利用目的')} Tj ET"
    )
    doc = load_document(_write(tmp_path, "policy.pdf", make_pdf(content, JAPANESE_FONT)))
    assert doc.text == "個人情報保護方針\n(1)利用目的"
    assert doc.raw_text == "個人情報保護方針\n（１）利用目的"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = _write(tmp_path, "scan.pdf", make_pdf("0 0 m 100 100 l S"))
    with pytest.raises(EmptyDocument) as info:
        load_document(path)
    assert "scan.pdf" in str(info.value)
    assert info.value.reason == "no text layer (scanned PDF?)"


def test_pdf_fonts_without_unicode_mapping(tmp_path: Path) -> None:
    font = JAPANESE_FONT.replace("/UniJIS-UCS2-H", "/Identity-H")
    cid_font = CID_FONT.replace("(Japan1) /Supplement 2", "(Identity) /Supplement 0")
    content = "BT /F1 12 Tf 72 760 Td <0C4A0C4B0C4C0C4D> Tj ET"
    with pytest.raises(UndecodableText) as info:
        load_document(_write(tmp_path, "cid.pdf", make_pdf(content, font, cid_font)))
    assert "cid.pdf" in str(info.value)
    assert "Unicode" in info.value.reason


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer garbage", b"this is not a PDF at all", b"%PDF-1.7\n"],
)
def test_malformed_pdf(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(MalformedDocument) as info:
        load_document(_write(tmp_path, "broken.pdf", data))
    assert "broken.pdf" in str(info.value)


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("個人情報の取扱いに関する同意書", level=1)
    document.add_paragraph("当社は、以下の情報を取得します。")
    table = document.add_table(rows=3, cols=2)
    rows = [("項目", "利用目的"), ("氏名", "本人確認"), ("電話番号", "ご連絡\n緊急時の連絡")]
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "結合セル"
    merged.cell(0, 2).text = "右"
    document.add_paragraph("（１）上記に同意します。")
    path = tmp_path / "consent.docx"
    document.save(str(path))

    doc = load_document(path)
    assert doc.format == "docx"
    assert doc.encoding is None
    assert doc.text.split("\n") == [
        "個人情報の取扱いに関する同意書",
        "当社は、以下の情報を取得します。",
        "項目\t利用目的",
        "氏名\t本人確認",
        "電話番号\tご連絡 緊急時の連絡",
        "結合セル\t右",
        "(1)上記に同意します。",
    ]


@pytest.mark.parametrize("data", [b"not a zip file", b"PK\x03\x04broken zip"])
def test_malformed_docx(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(MalformedDocument) as info:
        load_document(_write(tmp_path, "broken.docx", data))
    assert "broken.docx" in str(info.value)


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyDocument) as info:
        load_document(path)
    assert "blank.docx" in str(info.value)


def _japanese_lines(lines: list[str], size: int = 12, top: int = 760) -> str:
    """A content stream drawing each line at x=72, one line height apart (every
    character of the CID font is 1 em wide, so equal lengths give equal right edges)."""
    body = " ".join(f"{_utf16_hex(line)} Tj 0 -{size + 4} Td" for line in lines)
    return f"BT /F1 {size} Tf 72 {top} Td {body} ET"


def test_pdf_lines_wrapped_by_the_layout_are_joined(tmp_path: Path) -> None:
    lines = [
        "個人情報保護方針",
        "当社は次の者と個人データを共同して利用いたします。共同",
        "して利用する者は、グループ会社である株式会社サンプル商",
        "事及び株式会社テスト物流とします。",
        "（１）氏名",
        "（２）住所",
    ]
    assert len(lines[1]) == len(lines[2])
    doc = load_document(_write(tmp_path, "joint.pdf", make_pdf(_japanese_lines(lines), JAPANESE_FONT)))
    assert doc.text.split("\n") == [
        "個人情報保護方針",
        "当社は次の者と個人データを共同して利用いたします。共同して利用する者は、"
        "グループ会社である株式会社サンプル商事及び株式会社テスト物流とします。",
        "(1)氏名",
        "(2)住所",
    ]


def test_pdf_lines_ending_a_sentence_or_followed_by_an_item_are_kept(tmp_path: Path) -> None:
    lines = ["当社は次の目的で利用します。個人情報の利用目的：", "（１）サービスの提供と本人確認のための連絡", "当社は次の目的で利用します。個人情報の利用目的は"]
    doc = load_document(_write(tmp_path, "list.pdf", make_pdf(_japanese_lines(lines), JAPANESE_FONT)))
    assert doc.text.split("\n") == [
        "当社は次の目的で利用します。個人情報の利用目的:",
        "(1)サービスの提供と本人確認のための連絡",
        "当社は次の目的で利用します。個人情報の利用目的は",
    ]


def test_encrypted_pdf_needs_a_password(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf("BT /F1 12 Tf 72 760 Td (Privacy Policy) Tj ET")))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(MalformedDocument) as info:
        load_document(_write(tmp_path, "locked.pdf", out.getvalue()))
    assert "locked.pdf" in str(info.value)
    assert info.value.reason == "encrypted PDF: needs a password"


def test_pdf_libraries_stay_quiet_and_their_log_levels_are_restored(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    damaged = make_pdf("BT /F1 12 Tf 72 760 Td (Privacy Policy) Tj ET").replace(b"startxref\n", b"startxref\n9")
    caplog.set_level(logging.DEBUG)
    levels = {name: logging.getLogger(name).level for name in ("pdfminer", "pdfplumber")}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = load_document(_write(tmp_path, "damaged.pdf", damaged))
    assert doc.text == "Privacy Policy"
    assert [r for r in caplog.records if r.name.startswith(("pdfminer", "pdfplumber"))] == []
    assert caught == []
    assert {name: logging.getLogger(name).level for name in levels} == levels


def test_pdf_whose_text_layer_is_random_ascii_is_not_read_as_a_policy(tmp_path: Path) -> None:
    from nlp.ingest import NOT_JAPANESE
    from nlp.pipeline import Analyzer

    content = "BT /F1 12 Tf 72 760 Td (xQ7kfZpLw0 mVbT3rN qjHs8YuEe KdW2oPaXc) Tj 0 -20 Td (Gh5tRzLmN yBv1QwEr) Tj ET"
    doc = load_document(_write(tmp_path, "scan.pdf", make_pdf(content)))
    assert [w for w in doc.warnings if w.startswith(f"{NOT_JAPANESE}: 0% of its")]
    record = Analyzer().analyze_document(doc)
    assert (record.kind, record.compliance) == ("other", [])


def test_pdf_log_levels_are_restored_after_reading_in_threads(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = _write(tmp_path, "policy.pdf", make_pdf("BT /F1 12 Tf 72 760 Td (Privacy Policy) Tj ET"))
    levels = {name: logging.getLogger(name).level for name in ("pdfminer", "pdfplumber")}
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda _: load_document(path).text, range(12)))
    assert texts == ["Privacy Policy"] * 12
    assert {name: logging.getLogger(name).level for name in levels} == levels
