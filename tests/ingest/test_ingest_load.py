"""load_document on plain-text files: encodings, format dispatch and bad input."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from nlp.errors import (
    BinaryContent,
    DocumentNotFound,
    DocumentTooLarge,
    EmptyDocument,
    JPolicyError,
    UndecodableText,
    UnsupportedFormat,
)
from nlp.ingest import LoadedDocument, load_document
from nlp.ingest.normalize import normalize

SAMPLES = [
    "氏名",
    "個人情報保護方針",
    "当社は、お客様からお預かりした個人情報を適切に管理し、目的外の利用はいたしません。",
    "第1条（利用目的）\r\n当社は、次の目的で個人情報を利用します。\r\n（１）サービスの提供\r\n（２）お問い合わせへの回答\r\n",
    "ｶﾀｶﾅ混じりのﾃｷｽﾄです。",
    "受付時間：10時～18時　①電話　②メール",
    "Cookie、IPアドレス及び端末IDを取得します。",
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp932", "euc_jp", "iso2022_jp"]


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


ENCODING_CASES = [(t, e) for t in SAMPLES for e in ENCODINGS if _encodable(t, e)]


@pytest.mark.parametrize(("sample", "encoding"), ENCODING_CASES)
def test_decodes_japanese_encodings(tmp_path: Path, sample: str, encoding: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(sample.encode(encoding))
    doc = load_document(path)
    assert doc.encoding == encoding
    assert doc.raw_text == sample.encode(encoding).decode(encoding).removeprefix("\ufeff")
    assert doc.text == normalize(doc.raw_text)[0]


def test_cp932_and_euc_jp_give_the_same_text(tmp_path: Path) -> None:
    # the JIS wave dash decodes to U+FF5E from cp932 and to U+301C from EUC-JP
    samples = {"cp932": "お問い合わせ：平日9時～17時", "euc_jp": "お問い合わせ：平日9時〜17時"}
    texts = []
    for encoding, sample in samples.items():
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(sample.encode(encoding))
        texts.append(load_document(path).text)
    assert texts[0] == texts[1] == "お問い合わせ:平日9時〜17時"


def test_loaded_document_fields(tmp_path: Path) -> None:
    data = "プライバシーポリシー\n\n１．取得する情報\n".encode()
    path = tmp_path / "policy.md"
    path.write_bytes(data)
    doc = load_document(str(path))
    assert isinstance(doc, LoadedDocument)
    assert doc.path == path
    assert doc.format == "md"
    assert doc.encoding == "utf-8"
    assert doc.text == "プライバシーポリシー\n\n1.取得する情報\n"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert len(doc.offsets) == len(doc.text) + 1
    assert doc.warnings == ()
    with pytest.raises(AttributeError):
        doc.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize(("suffix", "fmt"), [(".txt", "txt"), (".TEXT", "txt"), (".md", "md")])
def test_text_suffixes(tmp_path: Path, suffix: str, fmt: str) -> None:
    path = tmp_path / f"policy{suffix}"
    path.write_text("利用目的", encoding="utf-8")
    assert load_document(path).format == fmt


def test_a_few_bad_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    data = ("当社は個人情報を適切に取り扱います。" * 20).encode("utf-8")[:-1]
    path = tmp_path / "truncated.txt"
    path.write_bytes(data)
    doc = load_document(path)
    assert doc.encoding == "utf-8"
    assert doc.text.endswith("\ufffd")
    assert len(doc.warnings) == 1 and "U+FFFD" in doc.warnings[0]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

BAD_INPUT_CASES = [
    # (file name, bytes or None for "do not create", error class, words the reason must contain)
    ("missing.txt", None, DocumentNotFound, "no such file"),
    ("policy.xlsx", b"data", UnsupportedFormat, "'.xlsx'"),
    ("policy", "個人情報".encode(), UnsupportedFormat, "no suffix"),
    ("policy.doc", b"data", UnsupportedFormat, ".docx"),
    ("empty.txt", b"", EmptyDocument, "empty"),
    ("blank.txt", " \r\n\t\n\u3000\u200b\n".encode(), EmptyDocument, "whitespace"),
    ("nul.txt", "個人情報".encode() + b"\x00\x00", BinaryContent, "NUL"),
    ("image.txt", PNG, BinaryContent, "PNG"),
    ("image.html", PNG, BinaryContent, "PNG"),
    ("garbage.txt", b"\x80\x81\xfe\xfd\xff" * 20, UndecodableText, "encoding"),
    ("latin1.txt", "données personnelles, sécurité".encode("latin-1"), UndecodableText, "encoding"),
    ("bad-bom.txt", b"\xef\xbb\xbf\xff\xfe\xfa", UndecodableText, "byte-order mark"),
]


@pytest.mark.parametrize(("name", "data", "error", "reason"), BAD_INPUT_CASES)
def test_bad_input(tmp_path: Path, name: str, data: bytes | None, error: type[JPolicyError], reason: str) -> None:
    path = tmp_path / name if data is None else _write(tmp_path, name, data)
    with pytest.raises(error) as info:
        load_document(path)
    assert name in str(info.value)
    assert reason in info.value.reason


def test_unsupported_format_lists_supported_suffixes(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat) as info:
        load_document(_write(tmp_path, "form.xlsx", b"data"))
    for suffix in (".txt", ".md", ".html", ".pdf", ".docx"):
        assert suffix in info.value.reason


def test_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "large.txt", "個人情報".encode())  # 12 bytes
    assert load_document(path, max_bytes=12).text == "個人情報"
    with pytest.raises(DocumentTooLarge) as info:
        load_document(path, max_bytes=11)
    assert "large.txt" in str(info.value)
    assert "11" in info.value.reason
