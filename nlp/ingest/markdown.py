"""Markdown to plain text: the markup a reader does not see is dropped, so
that emphasised labels and table rows read like plain text; headings are
bracketed (【…】) so that they stay headings above numbered lists."""
from __future__ import annotations

import re

# The closing "#"s are stripped in code: a lazy group before "[ \t#]*$" is quadratic on a line of "# # # …".
HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+)$", re.MULTILINE)
CLOSING_HASHES = " \t#"
EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`")
TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)
TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)
# The text may not hold "[" and the target holds parentheses only in pairs
# (…/wiki/X_(Y)), so that a run of "[" or "](" is scanned once, not once per bracket.
LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")


def _bracketed_heading(match: re.Match[str]) -> str:
    title = match.group(1)
    return "【" + (title.rstrip(CLOSING_HASHES) or title[:1]) + "】"


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown document: table cells joined by tabs, link texts kept."""
    text = TABLE_RULE.sub("", markdown)
    text = TABLE_ROW.sub(lambda m: "\t".join(cell.strip() for cell in m.group(1).split("|")), text)
    text = LINK.sub(r"\1", text)
    text = HEADING.sub(_bracketed_heading, text)
    return EMPHASIS.sub("", text)
