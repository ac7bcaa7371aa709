"""Hostile and broken input (issue 7): special files, bogus charsets, encrypted
PDFs, DOCX bombs and text that is not Japanese each give a clear error naming the
file, or a warning, never a hang or a traceback."""
from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

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
