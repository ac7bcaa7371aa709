"""Character and line normalisation that keeps a map back to the raw text.

``normalize(raw)`` returns ``(text, offsets)`` where ``offsets[i]`` is the index
in ``raw`` of the character that produced ``text[i]`` and
``offsets[len(text)] == len(raw)``. Rules, in order:

* CRLF, CR and other line separators become LF;
* NFKC, applied per character cluster (a character and its combining marks),
  except for circled/parenthesised numbers (U+2460-U+24FF, ㉑-㊿) and the
  spacing sound marks ゛゜, which are kept; FULLWIDTH TILDE ～ becomes 〜, so
  that cp932 and EUC-JP files (which decode the same JIS character to these
  two) give the same text;
* zero-width characters, soft hyphens and stray control characters are removed;
* trailing spaces and tabs are removed from every line and 3+ newlines
  collapse to 2;
* a line holding only a list marker (``(4)``, ``4.``, ``①``, ``ア.``, ``・``)
  is joined with the next non-blank line when that line is text.
"""
from __future__ import annotations

import functools
import re
import unicodedata

_KEPT = frozenset(
    [chr(c) for c in range(0x2460, 0x2500)]
    + [chr(c) for c in range(0x3251, 0x3260)]
    + [chr(c) for c in range(0x32B1, 0x32C0)]
    + ["\u309b", "\u309c"]
)
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_REPLACED: dict[str, str] = {
    **{ch: "\n" for ch in _LINE_BREAKS},
    **{chr(c): "" for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n" + _LINE_BREAKS},
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff", ""),
    "\uff5e": "\u301c",
}


def _char_class(chars: list[int]) -> str:
    """A regex character class matching exactly the code points in ``chars`` (sorted)."""
    parts: list[str] = []
    start = prev = chars[0]
    for c in [*chars[1:], -1]:
        if c != prev + 1:
            parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
            start = c
        prev = c
    return "[" + "".join(parts) + "]"


def _scan_bmp() -> tuple[str, frozenset[str]]:
    """Characters of the Basic Multilingual Plane that NFKC or ``_REPLACED``
    may change, as a character class, and the combining marks."""
    changing: list[int] = []
    marks = {"\uff9e", "\uff9f"}  # half-width (semi-)voiced sound marks combine under NFKC
    for c in range(0x10000):
        ch = chr(c)
        if 0xD800 <= c < 0xE000:
            continue
        if unicodedata.category(ch).startswith("M"):
            marks.add(ch)
        if ch in _REPLACED or ch in marks or not unicodedata.is_normalized("NFKC", ch):
            changing.append(c)
    return _char_class(changing), frozenset(marks)


_CHANGING_BMP, _MARKS = _scan_bmp()
# A hit is a character that may change or a combining mark. The class is kept to
# the BMP, where ``re`` matches it with a bitmap; characters beyond it are all hits.
_HIT = re.compile(rf"{_CHANGING_BMP}|[\U00010000-\U0010ffff]")
# One source cluster: CRLF, or a character with the combining marks after it.
_CLUSTER = re.compile(rf"\r\n|[\s\S]{_char_class(sorted(map(ord, _MARKS)))}*")
# a line holding only a list marker (trailing blanks allowed); MULTILINE, to find one in a whole text
_MARKER_LINE = re.compile(
    r"^[ \t]*(?:\((?:\d{1,3}|[A-Za-zぁ-んァ-ン]|[ivxIVX]{1,4})\)|(?:\d{1,3}|[A-Za-zぁ-んァ-ン])[.)]"
    r"|[\u2460-\u24ff\u3251-\u325f\u32b1-\u32bf]|[・●○■□◆◇])[ \t]*$",
    re.MULTILINE,
)


@functools.lru_cache(maxsize=4096)
def _map_cluster(cluster: str) -> str:
    """Normalised form of one cluster matched by ``_CLUSTER``."""
    if cluster == "\r\n":
        return "\n"
    head, tail = cluster[0], cluster[1:]
    if head in _REPLACED:
        head = _REPLACED[head]
    elif head not in _KEPT:
        return unicodedata.normalize("NFKC", cluster)
    return head + unicodedata.normalize("NFKC", tail)


def cluster_end(raw: str, start: int) -> int:
    """End in ``raw`` of the source cluster beginning at ``start`` (an offset
    produced by ``normalize``)."""
    match = _CLUSTER.match(raw, start)
    return match.end() if match else start


def _map_chars(raw: str) -> tuple[str, list[int]]:
    """Apply the per-cluster rules; stretches without hits are copied whole."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for hit in _HIT.finditer(raw):
        start = hit.start()
        if start < pos:
            continue  # already part of the previous cluster
        if start > pos and raw[start] in _MARKS:
            start -= 1  # a combining mark belongs to the character before it
        end = _CLUSTER.match(raw, start).end()  # type: ignore[union-attr]  # always matches one character
        parts.append(raw[pos:start])
        offsets.extend(range(pos, start))
        out = _map_cluster(raw[start:end])
        parts.append(out)
        offsets.extend([start] * len(out))
        pos = end
    parts.append(raw[pos:])
    offsets.extend(range(pos, len(raw)))
    return "".join(parts), offsets


def _is_marker(line: str) -> bool:
    return _MARKER_LINE.fullmatch(line) is not None


def _needs_layout(text: str) -> bool:
    """Whether a line ends in blanks, three newlines or more follow each other, or a line holds only a marker."""
    return (" \n" in text or "\t\n" in text or text.endswith((" ", "\t")) or "\n\n\n" in text
            or _MARKER_LINE.search(text) is not None)


def _layout_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Strip trailing blanks, collapse blank runs and join list markers to their text."""
    if not _needs_layout(text):
        return text, offsets  # most text files: nothing to strip, collapse or join
    return _relayout_lines(text, offsets)


def _relayout_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    parts: list[str] = []
    out_offsets: list[int] = []

    def emit(start: int, end: int) -> None:
        parts.append(text[start:end])
        out_offsets.extend(offsets[start:end])

    newlines = 0  # consecutive newlines emitted since the last text
    i = 0
    while i < len(lines):
        line = lines[i].rstrip(" \t")
        if line:
            emit(starts[i], starts[i] + len(line))
            newlines = 0
            if _is_marker(line):
                j = i + 1
                while j < len(lines) and not lines[j].strip(" \t"):
                    j += 1
                if j < len(lines) and not _is_marker(lines[j].rstrip(" \t")):
                    body = lines[j].strip(" \t")
                    lead = len(lines[j]) - len(lines[j].lstrip(" \t"))
                    emit(starts[j] + lead, starts[j] + lead + len(body))
                    i = j
        if i < len(lines) - 1 and newlines < 2:
            emit(starts[i + 1] - 1, starts[i + 1])
            newlines += 1
        i += 1
    return "".join(parts), out_offsets


def normalize(raw: str) -> tuple[str, list[int]]:
    """Normalise ``raw``; return the text and, per character, its index in ``raw``
    (plus one final entry equal to ``len(raw)``)."""
    text, offsets = _map_chars(raw)
    text, offsets = _layout_lines(text, offsets)
    offsets.append(len(raw))
    return text, offsets
