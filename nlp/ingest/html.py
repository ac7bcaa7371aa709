"""Visible text of an HTML page, one block per line, in reading order."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

_DROPPED = frozenset({"head", "script", "style", "noscript", "svg", "template", "nav", "iframe", "object", "canvas"})
_BLOCKS = frozenset(
    "address article aside blockquote body button caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html label legend li main ol optgroup option p pre section select summary table "
    "tbody textarea tfoot thead ul".split()
)
_CELLS = frozenset({"td", "th"})
_BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_WIDE = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_WIDE}])")


def declared_charset(data: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag or XML declaration in the first 4 KiB, if any."""
    match = _DECLARED_CHARSET.search(data[:4096])
    return (match.group(1) or match.group(2)).decode("ascii") if match else None


def _collapse(text: str) -> str:
    """HTML white-space collapsing; a line break between two Japanese
    characters disappears instead of becoming a space."""
    return _HTML_SPACE.sub(" ", _BREAK_BETWEEN_WIDE.sub("", text)).strip()


def _hidden(tag: Tag) -> bool:
    return (
        tag.name in _DROPPED
        or tag.has_attr("hidden")
        or (tag.name == "input" and str(tag.get("type", "")).lower() == "hidden")
        or bool(_HIDDEN_STYLE.search(str(tag.get("style", ""))))
    )


class _Lines:
    """Collects inline text and turns block boundaries into lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._inline: list[str] = []

    def add(self, text: str) -> None:
        self._inline.append(text)

    def add_line(self, text: str) -> None:
        """Add text that already has its final layout (``<pre>``, table rows)."""
        self.brk()
        if text.strip():
            self.lines.append(text)

    def brk(self) -> None:
        line = _collapse("".join(self._inline))
        if line:
            self.lines.append(line)
        self._inline.clear()


def _walk(root: Tag, out: _Lines) -> None:
    """Depth-first walk with an explicit stack (pages can nest thousands deep)."""
    stack: list[PageElement | None] = list(reversed(root.contents))  # None closes a block
    while stack:
        node = stack.pop()
        if node is None:
            out.brk()
        elif type(node) is NavigableString:  # comments, doctypes and CDATA are subclasses
            out.add(str(node))
        elif isinstance(node, Tag) and not _hidden(node):
            children = _element(node, out)
            if node.name in _BLOCKS:
                out.brk()
                stack.append(None)
            stack.extend(reversed(children))


def _element(tag: Tag, out: _Lines) -> list[PageElement]:
    """Handle elements with their own layout; return the children still to walk."""
    name = tag.name
    if name == "br":
        out.brk()
    elif name == "input":
        kind = str(tag.get("type", "text")).lower()
        label = tag.get("value") if kind in _BUTTON_INPUTS else tag.get("placeholder")
        if label:
            out.add_line(str(label))
    elif name == "textarea" and tag.get("placeholder") and not tag.get_text().strip():
        out.add_line(str(tag["placeholder"]))
    elif name == "pre":
        out.add_line(tag.get_text().strip("\n"))
    elif name == "tr":
        cells = [_cell_text(cell) for cell in tag.find_all(_CELLS, recursive=False) if not _hidden(cell)]
        out.add_line("\t".join(cells))
    else:
        return tag.contents
    return []


def _cell_text(cell: Tag) -> str:
    inner = _Lines()
    _walk(cell, inner)
    inner.brk()
    return " ".join(inner.lines)


def html_to_text(markup: str) -> str:
    """Visible text of ``markup``: blocks, list items, table rows (cells joined
    by TAB), headings and form labels, placeholders, options and button
    captions each on their own lines; scripts, styles, navigation and hidden
    elements dropped."""
    out = _Lines()
    _walk(BeautifulSoup(markup, "lxml"), out)
    out.brk()
    return "\n".join(out.lines)
