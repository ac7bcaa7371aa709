"""Making untrusted text safe for each output: terminal, Markdown, CSV cells.

Everything a document says is untrusted. HTML is escaped by the HTML report
itself (``html.escape``); this module covers the other outputs.
"""
from __future__ import annotations

import re
import unicodedata

#: Bidirectional controls (U+202A–U+202E, U+2066–U+2069, LRM/RLM/ALM) reorder
#: what a reader sees; they are shown as visible ``<U+202E>`` markers instead.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_ANSI_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|[@-Z\\-_])")
_MARKDOWN_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|<>~"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def visible_bidi(text: str) -> str:
    """Replace bidi controls with a visible ``<U+XXXX>`` marker."""
    if not any(ch in BIDI_CONTROLS for ch in text):
        return text
    return "".join(f"<U+{ord(ch):04X}>" if ch in BIDI_CONTROLS else ch for ch in text)


def for_terminal(text: str) -> str:
    """Text a terminal shows as text: escape sequences removed, other control
    characters (except newline and tab) dropped, bidi controls made visible."""
    text = _ANSI_SEQUENCE.sub("", text)
    text = "".join(ch for ch in text
                   if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf") or ch in BIDI_CONTROLS)
    return visible_bidi(text)


def for_markdown(text: str) -> str:
    """Inline Markdown that renders as the literal text: control characters
    dropped, markup characters backslash-escaped, ``&`` and ``<`` as entities."""
    text = visible_bidi(for_terminal(text)).replace("&", "&amp;")
    return " ".join(text.split()).translate(_MARKDOWN_ESCAPES)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run (OWASP CSV injection): text that
    starts with ``= + - @``, tab or carriage return gets a leading ``'``;
    bidi controls are made visible. Non-strings pass through unchanged."""
    if not isinstance(value, str):
        return value
    value = visible_bidi(value)
    return "'" + value if value.startswith(_FORMULA_START) else value
