"""Hostile and broken input (issue 7): special files, bogus charsets, encrypted
PDFs, DOCX bombs and text that is not Japanese each give a clear error naming the
file, or a warning, never a hang or a traceback."""
from __future__ import annotations

import io
import os
import re
import socket
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from nlp.ingest import docx as ingest_docx
from nlp.errors import DocumentNotFound, DocumentTooLarge, JPolicyError, NotARegularFile, UndecodableText
from nlp.ingest import NOT_JAPANESE, load_document
from nlp.pipeline import Analyzer


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _directory(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def _broken_link(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.txt")


SPECIAL_FILES = [
    # (how to make it, error class, words the reason must contain)
    (_fifo, NotARegularFile, "not a regular file: FIFO"),
    (_link_to_dev_zero, NotARegularFile, "not a regular file: character device (a symbolic link to /dev/zero)"),
    (_directory, NotARegularFile, "not a regular file: directory"),
    (_socket, NotARegularFile, "not a regular file: socket"),
    (_broken_link, DocumentNotFound, "broken symbolic link"),
]


@pytest.mark.parametrize(("make", "error", "reason"), SPECIAL_FILES, ids=lambda v: getattr(v, "__name__", None))
@pytest.mark.parametrize("name", ["z.txt", "z.pdf", "z.xlsx"])
def test_special_files_are_named_and_never_read(
    tmp_path: Path, make: Callable[[Path], None], error: type[JPolicyError], reason: str, name: str
) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(error) as info:
        load_document(path)  # a FIFO or /dev/zero that were opened would block or never end
    assert info.value.path == str(path)
    assert reason in info.value.reason


def test_size_limit_applies_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: nothing is written, reading it would take 50 MB
    with pytest.raises(DocumentTooLarge) as info:
        load_document(path)
    assert "52,428,800 bytes" in info.value.reason


NOT_JAPANESE_TEXTS = [
    "We collect your name and e-mail address to answer your questions. " * 20,
    "qZkfJwpXbE mRvTcLh UoaYsgNdi " * 40,
    "0123456789 ,.-+ " * 20,
]


@pytest.mark.parametrize("text", NOT_JAPANESE_TEXTS)
def test_text_that_is_not_japanese_is_flagged_and_gets_no_verdicts(tmp_path: Path, text: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    assert [w for w in doc.warnings if w.startswith(f"{NOT_JAPANESE}: ")]
    record = Analyzer().analyze_document(doc)
    assert record.kind == "other"
    assert record.compliance == []
    assert any(w.startswith(NOT_JAPANESE) for w in record.warnings)


def test_japanese_text_with_english_is_not_flagged() -> None:
    text = ("当社は、お客様の個人情報を次の目的で利用します。Cookie and IP address are also collected. "
            "お問い合わせ窓口:privacy@example.co.jp\n") * 5
    record = Analyzer().analyze_text(text)
    assert not [w for w in record.warnings if w.startswith(NOT_JAPANESE)]
    assert record.compliance


POLICY = "個人情報保護方針\n当社は、お客様の個人情報を次の目的で利用いたします。\n(1)商品の発送\n"


@pytest.mark.parametrize("charset", ["rot13", "base64", "zlib", "hex", "idna", "unicode_escape", "no-such-charset"])
def test_bogus_charsets_fall_back_to_detection(tmp_path: Path, charset: str) -> None:
    page = f'<html><head><meta charset="{charset}"></head><body><p>{POLICY}</p></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp932"))  # not UTF-8, so the declared charset is consulted
    doc = load_document(path)
    assert doc.encoding == "cp932"
    assert "当社は、お客様の個人情報" in doc.text
    assert any(charset in warning and "not a text encoding" in warning for warning in doc.warnings)


def test_bogus_charset_on_undecodable_bytes_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b'<meta charset="rot13"><p>' + b"\x80\x81\xfe\xfd\xff" * 20)
    with pytest.raises(UndecodableText) as info:
        load_document(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [POLICY, "個人情報の取扱いについて、ご本人の同意を得ます。" * 3])
def test_utf16_without_a_byte_order_mark_is_recognised(tmp_path: Path, codec: str, text: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(text.encode(codec))
    doc = load_document(path)
    assert doc.encoding == codec
    assert doc.raw_text == text
    assert any("no byte-order mark" in warning and codec.upper() in warning for warning in doc.warnings)


def _docx_bytes(rows: int = 2, cols: int = 3) -> bytes:
    document = docx.Document()
    document.add_paragraph("個人情報の取扱いに関する同意書")
    table = document.add_table(rows=rows, cols=cols)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"項目{r}-{c}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _repack(data: bytes, edit_xml: Callable[[str], str] = lambda xml: xml, extra: dict[str, bytes] | None = None) -> bytes:
    """The DOCX ``data`` with ``word/document.xml`` edited and ``extra`` members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "word/document.xml":
                body = edit_xml(body.decode("utf-8")).encode("utf-8")
            target.writestr(item, body)
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = _repack(_docx_bytes(), extra={"word/media/image1.png": bytes(16 * 1024 * 1024)})  # 16 MB of zeros
    assert len(bomb) < 100_000
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    with pytest.raises(DocumentTooLarge) as info:
        load_document(path)
    assert info.value.path == str(path)
    assert "zip bomb" in info.value.reason and "word/media/image1.png" in info.value.reason


def test_docx_members_are_summed_against_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_docx, "MAX_TOTAL_BYTES", 10_000)
    path = tmp_path / "big.docx"
    path.write_bytes(_docx_bytes())
    with pytest.raises(DocumentTooLarge) as info:
        load_document(path)
    assert "the limit is 10,000" in info.value.reason


def test_huge_grid_span_is_not_expanded(tmp_path: Path) -> None:
    def span(xml: str) -> str:
        return xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="100000000"/>', 1)

    path = tmp_path / "span.docx"
    path.write_bytes(_repack(_docx_bytes(), span))
    assert load_document(path).text.split("\n")[1:] == ["項目0-0\t項目0-1\t項目0-2", "項目1-0\t項目1-1\t項目1-2"]


def test_a_long_vertical_merge_is_read_without_walking_up_the_table(tmp_path: Path) -> None:
    rows = 3000  # python-docx resolves each continued cell recursively, one level per row above
    def merge(xml: str) -> str:
        first = xml.index("<w:tcPr>", xml.index("<w:tr"))
        xml = xml[:first] + '<w:tcPr><w:vMerge w:val="restart"/>' + xml[first + len("<w:tcPr>"):]
        head, _, rest = xml.partition("</w:tr>")
        return head + "</w:tr>" + re.sub(r"(<w:tr[^>]*>.*?<w:tc>)<w:tcPr>(.*?)<w:t>[^<]*</w:t>",
                                         r"\1<w:tcPr><w:vMerge/>\2<w:t></w:t>", rest, flags=re.S)

    path = tmp_path / "merged.docx"
    path.write_bytes(_repack(_docx_bytes(rows=rows, cols=2), merge))
    lines = load_document(path).text.split("\n")
    assert len(lines) == rows + 1
    assert lines[1] == "項目0-0\t項目0-1"
    assert lines[-1] == f"項目0-0\t項目{rows - 1}-1"


def test_docx_needing_a_newer_zip_version_is_a_malformed_document(tmp_path: Path) -> None:
    """zipfile raises NotImplementedError for a member that needs zip version 6.4
    (found by the property tests): it is a library error naming the file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 6:central + 8] = (64).to_bytes(2, "little")  # version needed to extract: 6.4
    path = tmp_path / "new-zip.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(JPolicyError) as caught:
        load_document(path)
    assert caught.value.code == "E007" and "new-zip.docx" in str(caught.value)
