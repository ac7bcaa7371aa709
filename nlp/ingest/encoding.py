"""Bytes to text for plain-text and HTML files, tuned for Japanese encodings."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from nlp.errors import BinaryContent, UndecodableText

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\xd0\xcf\x11\xe0": "an MS Office (OLE) file",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CANONICAL = {"shift_jis": "cp932"}  # Shift_JIS is decoded as its superset cp932
_ALIASES = {"windows-31j": "cp932", "x-sjis": "cp932", "x-euc-jp": "euc_jp"}  # labels Python lacks
_KANJI_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_KANJI = re.compile(_KANJI_CLASS)
_FULLWIDTH = re.compile(r"[\u2460-\u24ff\u3001-\u30ff\u3200-\u33ff\uff01-\uff60]")
_KANJI_PAIR = re.compile(_KANJI_CLASS * 2)
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_MAX_REPLACED_RATIO = 0.001
_NOT_PAGE_ENCODINGS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "mbcs", "oem"})
_KANA = re.compile(r"[\u3041-\u30ff]")
_UTF16_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u3000-\u30ff\u4e00-\u9fff\uff01-\uff9f]")
_MIN_KANA_SHARE = 0.05
_MIN_PLAUSIBLE_SHARE = 0.9


def canonical_codec(label: str) -> str | None:
    """The codec for a charset label (``Shift_JIS`` -> ``cp932``), or None if
    unknown or not a text encoding (``rot13``, ``base64``, ``zlib``, ``hex`` are
    byte transforms; ``idna``, ``punycode`` and the escape codecs are not page encodings)."""
    try:
        info = codecs.lookup(_ALIASES.get(label.lower(), label))
    except LookupError:
        return None
    codec = info.name
    if not getattr(info, "_is_text_encoding", True) or codec in _NOT_PAGE_ENCODINGS:
        return None  # what bytes.decode refuses with LookupError
    return _CANONICAL.get(codec, codec)


def _check_not_binary(data: bytes, path: Path) -> None:
    """Raise ``BinaryContent`` for known binary signatures or NUL bytes."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryContent(path, f"this is {kind}, not a text file")
    if b"\x00" in data:
        raise BinaryContent(path, "contains NUL bytes; this looks like a binary file, not text")


def _valid_utf8(data: bytes) -> bool:
    return _decode_strict(data, "utf-8") is not None


def _looks_japanese(text: str) -> bool:
    """True if ``text`` has kana, Japanese punctuation or full-width forms, or
    two kanji in a row (cp932 misreadings of Latin-1 give isolated kanji)."""
    return bool(_FULLWIDTH.search(text) or _HALFWIDTH_KANA.search(text) or _KANJI_PAIR.search(text))


def _score(text: str) -> int:
    """How plausible a decoding is. Reading EUC-JP as cp932 gives half-width kana
    and private-use characters; reading cp932 as EUC-JP gives no kana or punctuation."""
    return (
        2 * len(_FULLWIDTH.findall(text))
        + len(_KANJI.findall(text))
        - len(_HALFWIDTH_KANA.findall(text))
        - 4 * len(_PRIVATE_USE.findall(text))
    )


def _decode_strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError):  # idna and punycode raise UnicodeError, not UnicodeDecodeError
        return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, codec)`` if ``data`` reads as Japanese UTF-16 without a byte-order
    mark: kana make up a few percent of the characters and nearly all of them
    are ASCII, kana, kanji or full-width forms (cp932 read as UTF-16 gives kanji
    soup without kana; binary data gives neither)."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _decode_strict(data, codec)
        if not text or "\x00" in text:
            continue
        if (len(_KANA.findall(text)) >= _MIN_KANA_SHARE * len(text)
                and len(_UTF16_PLAUSIBLE.findall(text)) >= _MIN_PLAUSIBLE_SHARE * len(text)):
            return text, codec
    return None


def decode_bytes(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode ``data``; return ``(text, encoding, warnings)``.

    Order: byte-order mark; UTF-16 without one (named in a warning); UTF-8, or ISO-2022-JP if its escapes are present;
    the ``declared`` charset (e.g. an HTML ``<meta charset>``) if its text
    looks Japanese; the more plausible of cp932 and EUC-JP; the declared
    charset anyway; finally UTF-8/cp932/EUC-JP with a few
    undecodable bytes replaced (with a warning). Raises ``BinaryContent`` or
    ``UndecodableText``.

    A score is used rather than charset-normalizer: on short Japanese strings
    the latter, even restricted to Japanese codecs, often takes EUC-JP for cp932.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode_strict(data, codec)
            if text is None:
                raise UndecodableText(path, f"starts with a {codec} byte-order mark but is not valid {codec}")
            if "\x00" in text:
                raise BinaryContent(path, "contains NUL characters; this looks like a binary file, not text")
            return text, codec, ()
    utf16 = None if _valid_utf8(data) else _utf16_without_bom(data)
    if utf16 is not None:
        text, codec = utf16
        return text, codec, (f"no byte-order mark: the text was recognised as {codec.upper()}",)
    _check_not_binary(data, path)
    escaped = b"\x1b$" in data or b"\x1b(" in data
    text = None if escaped else _decode_strict(data, "utf-8")
    if text is not None:
        return text, "utf-8", ()
    text = _decode_strict(data, "iso2022_jp") if escaped else None
    if text is not None:
        return text, "iso2022_jp", ()
    declared_codec = canonical_codec(declared) if declared else None
    declared_text = _decode_strict(data, declared_codec) if declared_codec else None
    if declared_text is not None and _looks_japanese(declared_text):
        return declared_text, declared_codec, ()
    decoded = [(text, codec) for codec in ("cp932", "euc_jp") if (text := _decode_strict(data, codec)) is not None]
    plausible = [(_score(text), text, codec) for text, codec in decoded if _looks_japanese(text)]
    if plausible:
        _, text, codec = max(plausible, key=lambda item: item[0])
        return text, codec, ()
    if declared_text is not None:
        return declared_text, declared_codec, ()
    best: tuple[int, str, str] | None = None
    for codec in ("utf-8", "cp932", "euc_jp"):
        text = data.decode(codec, errors="replace")
        replaced = text.count("\ufffd")
        if _looks_japanese(text) and 0 < replaced <= max(1, len(text) * _MAX_REPLACED_RATIO):
            if best is None or replaced < best[0]:
                best = (replaced, text, codec)
    if best is not None:
        replaced, text, codec = best
        return text, codec, (f"{replaced} undecodable byte sequence(s) replaced with U+FFFD (decoded as {codec})",)
    raise UndecodableText(
        path, "cannot determine the text encoding (tried utf-8, cp932/Shift_JIS, euc_jp and iso2022_jp)"
    )
