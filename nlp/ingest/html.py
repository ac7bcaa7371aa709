"""Visible text of an HTML page, one block per line, in reading order.

The page is parsed by lxml (libxml2's HTML parser, fed the whole text at once)
and the lxml tree is walked directly. In lxml a string is an element's ``.text`` (before its first child)
or ``.tail`` (after its end tag, up to its next sibling); comments and
processing instructions are nodes whose ``.tag`` is not a string, and their
tails are text like any other. A page libxml2 would not build a whole tree
for (over 256 elements deep, or long enough for a text node to reach 10 MB)
is read from the parser's events instead, into ``_Node`` trees walked the
same way.

Readings in ruby annotations (``<rt>``, ``<rp>``: the furigana of 個人情報)
are not text, so a term reads as it is written; ``<pre>`` and ``<textarea>``
are read whole, hidden elements inside them included.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import takewhile
from typing import Any

from lxml import etree

_DROPPED = frozenset({"head", "script", "style", "noscript", "svg", "template", "nav", "iframe", "object", "canvas"})
_BLOCKS = frozenset(
    "address article aside blockquote body button caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html label legend li main ol optgroup option p pre section select summary table "
    "tbody textarea tfoot thead ul".split()
)
_CELLS = frozenset({"td", "th"})
_BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
# Ruby annotations (readings, fallback parentheses) are not running text: their
# strings, and those of every element inside them, are left out, while the
# elements inside still lay out lines (<br>, blocks, placeholders).
_RUBY = frozenset({"rt", "rp"})
# Elements whose strings are not text when a <pre> or <textarea> is read whole.
_NOT_TEXT = _RUBY | {"script", "style", "template"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_WIDE = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_WIDE}])")
#: bullets a list item's text may already start with (①–⑳ included)
_BULLETS = frozenset("・●○◆◇■□▪►‐-*※" + "".join(map(chr, range(0x2460, 0x2474))))
_UNMUTE = object()  # stack marker: the end of a ruby annotation's content
_LIST_END = object()  # stack marker: the end of an ordered list's content


def _ordinal(depth: int, number: int) -> str:
    """The marker of item ``number`` of an ordered list nested ``depth`` deep
    in ordered lists: «(1)», then «①» (to ㉟): list items as Japanese
    documents number them, so that the lines keep the list's nesting; a
    bullet deeper down or past ㉟."""
    if depth <= 1:
        return f"({number})"
    if depth == 2 and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if depth == 2 and 21 <= number <= 35:
        return chr(0x3251 + number - 21)
    return "・"


def _list_start(ordered_list: Any) -> int:
    """The number of an ordered list's first item (its ``start``, as a browser reads it)."""
    value = (ordered_list.get("start") or "").strip()
    digits = "".join(takewhile("0123456789".__contains__, value.lstrip("+-")[:9]))
    return (-1 if value.startswith("-") else 1) * int(digits) if digits else 1


def _numbered_items(kids: list[Any], depth: int, first: int) -> list[Any]:
    """An ordered list's children, each shown item paired with its marker."""
    out: list[Any] = []
    number = first
    for kid in kids:
        if kid.tag == "li" and not _hidden(kid):
            out.append((kid, _ordinal(depth, number)))
            number += 1
        else:
            out.append(kid)
    return out


def declared_charset(data: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag or XML declaration in the first 4 KiB, if any."""
    match = _DECLARED_CHARSET.search(data[:4096])
    return (match.group(1) or match.group(2)).decode("ascii") if match else None


def _collapse(text: str) -> str:
    """HTML white-space collapsing; a line break between two Japanese
    characters disappears instead of becoming a space."""
    if "\n" in text:
        text = _BREAK_BETWEEN_WIDE.sub("", text)
    return _HTML_SPACE.sub(" ", text).strip()


def _hidden(element: Any) -> bool:
    tag = element.tag
    if tag in _DROPPED:
        return True
    get = element.get
    if get("hidden") is not None:
        return True
    if tag == "input" and get("type", "").lower() == "hidden":
        return True
    style = get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


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
        if self._inline:
            text = "".join(self._inline)
            self._inline.clear()
            if not text.isspace():  # white space alone collapses to nothing
                line = _collapse(text)
                if line:
                    self.lines.append(line)


def _walk(text: str | None, children: Iterable[Any], out: _Lines, muted: int) -> None:
    """Depth-first walk of the content of one element (its ``text`` and its
    ``children``: lxml elements or ``_Node``) with an explicit stack (pages can
    nest thousands deep). ``muted`` counts the ruby annotations the content is
    inside: their strings are left out. Stack items: an element, an ordered
    list's item with its marker, a string (a tail), None (closes a block),
    _UNMUTE (leaves a ruby annotation) or _LIST_END (leaves an ordered list)."""
    add = out.add
    if text and not muted:
        add(text)
    stack: list[Any] = list(children)
    stack.reverse()
    pop, push, extend = stack.pop, stack.append, stack.extend
    ordered = 0  # ordered lists open around the node
    while stack:
        node = pop()
        if node is None:
            out.brk()
        elif isinstance(node, str):
            if not muted:
                add(node)
        elif node is _UNMUTE:
            muted -= 1
        elif node is _LIST_END:
            ordered -= 1
        else:
            marker = "・"
            if isinstance(node, tuple):  # an ordered list's item and its number
                node, marker = node
            tail = node.tail
            if tail:
                push(tail)  # read after the element's content
            tag = node.tag
            if not isinstance(tag, str) or _hidden(node):
                continue  # comments, processing instructions, hidden elements: only their tails count
            laid_out = _element(node, tag, out, muted)
            if tag in _BLOCKS:
                out.brk()
                push(None)
            if tag == "li" and not muted and not _has_marker(_leading_text(node)):
                add(marker)  # a list item reads as one («・…», «(1)…»), so that lists keep their structure
            if laid_out:
                continue
            if tag in _RUBY:
                muted += 1
                push(_UNMUTE)
            if len(node):
                kids: list[Any] = list(node)
                if tag == "ol":
                    ordered += 1
                    push(_LIST_END)
                    kids = _numbered_items(kids, ordered, _list_start(node))
                extend(reversed(kids))
            if node.text and not muted:
                add(node.text)


def _leading_text(element: Any, reach: int = 32) -> str:
    """The first visible characters inside ``element``, looked for in at most
    ``reach`` nodes (a list item nested thousands deep is not read whole)."""
    stack: list[Any] = [element.text or "", *reversed(element)]
    for _ in range(reach):
        if not stack:
            break
        node = stack.pop()
        if isinstance(node, str):
            if node.strip():
                return node.lstrip()
            continue
        if node.tail:
            stack.append(node.tail)
        if isinstance(node.tag, str) and node.tag not in _NOT_TEXT and not _hidden(node):
            stack.extend(reversed(node))
            stack.append(node.text or "")
    return ""


def _has_marker(text: str) -> bool:
    """Whether a list item's text starts with a marker of its own: a bullet,
    a number («1.», «１）») or a bracketed one («（1）», «(一)»)."""
    first, second = text[:1], text[1:2]
    return bool(first) and (first in _BULLETS or first.isdigit()
                            or (first in "(（" and (second.isdigit() or second in "一二三四五六七八九十")))


def _element(element: Any, tag: str, out: _Lines, muted: int) -> bool:
    """Lay out an element with a layout of its own; False when its content is
    still to be walked."""
    if tag == "br":
        out.brk()
    elif tag == "input":
        kind = element.get("type", "text").lower()
        label = element.get("value") if kind in _BUTTON_INPUTS else element.get("placeholder")
        if label:
            out.add_line(label)
    elif tag == "textarea" and element.get("placeholder") and not _strings(element, muted).strip():
        out.add_line(element.get("placeholder", ""))
    elif tag == "pre":  # its lines as written; blank ones dropped, as between blocks
        out.add_line("\n".join(line for line in _strings(element, muted).split("\n") if line.strip()))
    elif tag == "tr":
        cells = [_cell_text(cell, muted) for cell in element if cell.tag in _CELLS and not _hidden(cell)]
        out.add_line("\t".join(cells))
    else:
        return False
    return True


def _strings(element: Any, muted: int) -> str:
    """All the text inside ``element``, hidden elements included, but not
    that of scripts, styles, templates and ruby annotations, nor comments."""
    if muted:
        return ""
    parts: list[str] = [element.text or ""]
    stack: list[Any] = list(element)
    stack.reverse()
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        if node.tail:
            stack.append(node.tail)
        if isinstance(node.tag, str) and node.tag not in _NOT_TEXT:
            stack.extend(reversed(node))
            if node.text:
                parts.append(node.text)
    return "".join(parts)


def _cell_text(cell: Any, muted: int) -> str:
    """The text of a table cell on one line. A cell's table is walked by a
    recursive call: tables nested hundreds deep raise RecursionError, which
    ``load_document`` reports as a malformed document."""
    inner = _Lines()
    _walk(cell.text, cell, inner, muted)
    inner.brk()
    return " ".join(inner.lines)


class _Node:
    """An element, comment or processing instruction of a page too deep for
    libxml2's tree (see ``_parse``), with the part of lxml's element interface
    that the walk uses."""

    __slots__ = ("tag", "attrib", "text", "tail", "children")

    def __init__(self, tag: object, attrib: dict[str, str]) -> None:
        self.tag = tag
        self.attrib = attrib
        self.text: str | None = None
        self.tail: str | None = None
        self.children: list[_Node] = []

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)

    def __len__(self) -> int:
        return len(self.children)

    def __iter__(self) -> Iterator[_Node]:
        return iter(self.children)

    def __reversed__(self) -> Iterator[_Node]:
        return reversed(self.children)


class _NodeBuilder:
    """An lxml parser target that builds ``_Node`` trees from the parser's
    events with no depth limit, as BeautifulSoup built its tree: an end tag
    closes the innermost open element of that name (none if none is open),
    strings at the top of the document belong to the document."""

    def __init__(self) -> None:
        self.document = _Node(None, {})
        self._open = [self.document]
        self._data: list[str] = []

    def _flush(self) -> None:
        if self._data:
            text = "".join(self._data)
            self._data.clear()
            parent = self._open[-1]
            if parent.children:
                last = parent.children[-1]
                last.tail = (last.tail or "") + text
            else:
                parent.text = (parent.text or "") + text

    def _append(self, node: _Node) -> None:
        self._flush()
        self._open[-1].children.append(node)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        node = _Node(tag, dict(attrib))
        self._append(node)
        self._open.append(node)

    def end(self, tag: str) -> None:
        self._flush()
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                break

    def data(self, data: str) -> None:
        self._data.append(data)

    def comment(self, text: str) -> None:
        self._append(_Node(etree.Comment, {}))

    def pi(self, target: str, data: str | None = None) -> None:
        self._append(_Node(etree.PI, {}))

    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        self._append(_Node(etree.Comment, {}))

    def close(self) -> _Node:
        self._flush()
        return self.document


# libxml2 builds a tree only so deep and with text nodes only so long (without
# its "huge" option, which would change the parse), and drops the rest of the
# page past either limit; the parser itself, reporting events, has neither.
_TREE_DEPTH_LIMIT = 256
_AT_TREE_DEPTH_LIMIT = etree.XPath(f"boolean({'/*' * _TREE_DEPTH_LIMIT})")
_TREE_TEXT_LIMIT = 10_000_000  # UTF-8 bytes of one text node
_UTF8_BYTES_PER_CHAR = 4  # at most, for a character of markup in a text node (NUL becomes U+FFFD: 3)


def _parse(markup: str) -> tuple[str | None, list[Any]]:
    """The text and the top-level nodes of ``markup``, parsed as BeautifulSoup's
    "lxml" builder parsed it (a leading byte order mark dropped, one feed,
    recovery on): an lxml tree, or ``_Node`` trees built from the parser's
    events for a page that could reach a limit of libxml2's tree."""
    if markup[:1] == "\ufeff":
        markup = markup[1:]
    if len(markup) * _UTF8_BYTES_PER_CHAR < _TREE_TEXT_LIMIT:
        parser = etree.HTMLParser(recover=True)
        try:
            parser.feed(markup)
            root = parser.close()
        except (etree.XMLSyntaxError, etree.ParserError):  # e.g. "Document is empty": the events will tell
            root = None
        if root is not None and not _AT_TREE_DEPTH_LIMIT(root):
            top = [*root.itersiblings(preceding=True)]
            top.reverse()
            top.append(root)
            top.extend(root.itersiblings())
            return None, top
    events = etree.HTMLParser(recover=True, target=_NodeBuilder())
    events.feed(markup)
    document = events.close()
    return document.text, document.children


def html_to_text(markup: str) -> str:
    """Visible text of ``markup``: blocks, list items, table rows (cells joined
    by TAB), headings and form labels, placeholders, options and button
    captions each on their own lines; scripts, styles, navigation and hidden
    elements dropped."""
    out = _Lines()
    text, top = _parse(markup)
    _walk(text, top, out, 0)
    out.brk()
    return "\n".join(out.lines)
