"""Markdown to plain text: the markup a reader does not see is dropped, so
that emphasised labels and table rows read like plain text; headings are
bracketed (【…】) so that they stay headings above numbered lists."""
from __future__ import annotations

import re

HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`")
TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)
TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)
LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown document: table cells joined by tabs, link texts kept."""
    text = TABLE_RULE.sub("", markdown)
    text = TABLE_ROW.sub(lambda m: "\t".join(cell.strip() for cell in m.group(1).split("|")), text)
    text = LINK.sub(r"\1", text)
    text = HEADING.sub(r"【\1】", text)
    return EMPHASIS.sub("", text)
