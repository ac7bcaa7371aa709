"""Finding structure: lines, enumeration markers, headings and a section tree.

Pure functions over the normalised text. Every unit keeps its character span,
so extractors can report evidence offsets.
"""
from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from nlp.vocab import Resources

SENTENCE_END = re.compile(r"[。！？!?]")


@dataclass
class Line:
    """One line of the normalised text with its enumeration marker, if any."""

    start: int
    end: int
    text: str
    marker: str | None = None
    marker_text: str = ""

    @cached_property
    def body(self) -> str:
        return self.text[len(self.marker_text):].strip()

    @cached_property
    def number(self) -> int | None:
        """The number of a numbered marker («2.», «(３)», «②»), else None."""
        digits = [unicodedata.digit(ch, None) for ch in self.marker_text]
        digits = [d for d in digits if d is not None]
        return int("".join(map(str, digits))) if digits else None

    @cached_property
    def heading(self) -> bool:
        """Whether the line is a heading (``is_heading``)."""
        return _names_a_topic(self)

    @cached_property
    def body_start(self) -> int:
        after_marker = self.text[len(self.marker_text):]
        return self.start + len(self.marker_text) + len(after_marker) - len(after_marker.lstrip())


@dataclass
class Block:
    """A heading with the lines under it, up to the next heading of the same or higher rank."""

    title: str
    start: int
    end: int
    title_span: tuple[int, int]
    level: int
    categories: set[str] = field(default_factory=set)
    lines: Sequence[Line] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of ``text`` with their markers (leading spaces stripped)."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            marker, marker_text = detect_marker(stripped)
            lines.append(Line(start, start + len(stripped), stripped, marker, marker_text))
        pos += len(raw) + 1
    return lines


def detect_marker(line: str) -> tuple[str | None, str]:
    """The enumeration marker a line starts with (``markers.yaml``, most
    specific first): its family and its text."""
    resources = Resources.default()
    any_marker = resources.any_entry("markers")
    if any_marker is not None and not any_marker.match(line):
        return None, ""
    for family, cue in resources.cues("markers").items():
        m = cue.pattern.match(line)
        if m:
            return family, m.group(0)
    return None, ""


def is_heading(line: Line) -> bool:
    """A short line that names a topic rather than saying something (decided once per line)."""
    return line.heading


def _names_a_topic(line: Line) -> bool:
    body = line.body if line.marker not in ("bracket_heading",) else line.text
    if line.marker in ("article", "chapter"):
        return True
    if line.marker == "bullet" and line.text[0] in "●■◆◇□" and len(body) <= 40 and "。" not in body:
        # a known topic, even with a 、 («■1. お預かりする情報と、その…»), or any numbered title («■5．通話録音について»)
        return bool(categorize_title(body)) or bool(_lexicon("numbered_title").match(body)) and "、" not in body
    if line.marker == "decimal" and 0 < len(body) <= 30 and "。" not in body and "、" not in body and body[0] not in "のがはをに" \
            and not re.search(r"(ます|です|ません|ください|場合|とき|等|など|ように|する|した|もの)[)）]?$", body) \
            and categorize_title(body):
        return True  # a numbered title of a known topic in plain words («2．何のために使うか», «5．…に渡すこと»)
    if "\t" in line.text or len(body) > 40 or len(body) < 2 or not any(ch.isalnum() for ch in body) \
            or _lexicon("dated_line").match(body):
        return False  # a rule line («━━━━») names no topic
    if SENTENCE_END.search(body) or body.endswith(("、", "，", ",")) or ("、" in body and line.marker is None):
        return False
    if re.search(r"(ます|です|ません|ください|場合|こと|等|など|ため|ように|する|した|もの)[)）]?$", body) \
            or "ため" in body and not body.endswith("措置"):  # «安全管理のために講じている措置» is the statutory heading
        return False
    if re.search(r"[0-9]{2,}-[0-9]{2,}|@|https?:", body) or re.search(r"^[^:：]{1,20}[:：].{4,}", body):
        return False
    if body.endswith(("者", "名")) and not categorize_title(body):
        return False
    return line.marker in (None, "bracket_heading", "decimal", "paren_num", "circled", "decimal2", "angle")


def _lexicon(key: str) -> re.Pattern[str]:
    return Resources.default().pattern("lexicons", key)


def categorize_title(title: str, resources: Resources | None = None) -> set[str]:
    """Section categories (purposes, data_items, joint_use …) a heading names
    (``sections.yaml``). Remembered per title: extractors ask about the same
    lines again and again."""
    return set(_categories(title, resources or Resources.default()))


@lru_cache(maxsize=8192)
def _categories(title: str, resources: Resources) -> frozenset[str]:
    cues = resources.cues("sections")
    return frozenset(category for category, cue in cues.items() if cue.accepts(title))


MARKER_RANK = {"article": 1, "chapter": 0, "bracket_heading": 1, None: 1, "decimal": 2, "decimal2": 3,
               "angle": 2, "paren_num": 3, "half_paren_num": 3, "circled": 4, "kana": 5, "paren_kana": 5}


def introduces_text(lines: list[Line], index: int) -> bool:
    """Whether a heading candidate is followed (within two lines) by prose or a
    list, as a section title is; a run of short lines is a list of items."""
    line = lines[index]
    if line.marker is not None or re.search(r"(について|に関して|に関する事項|の取り?扱いについて)$", line.text):
        return True
    return any("。" in following.text or len(following.text) > 40 or following.marker is not None
               or "\t" in following.text for following in lines[index + 1:index + 3])


# Headings that always close the blocks of lower or equal rank; an unmarked
# heading that names no known topic does not (it is often a short list item).
STRONG_MARKERS = {"article", "chapter", "bracket_heading"}


class LineRange(Sequence[Line]):
    """``lines[start:stop]`` without a copy: blocks nest, and copying every
    block's lines would take time and memory quadratic in the document."""

    __slots__ = ("_lines", "_range")

    def __init__(self, lines: list[Line], start: int, stop: int):
        self._lines = lines
        self._range = range(start, max(start, stop))

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._lines[i] for i in self._range[index]]
        return self._lines[self._range[index]]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"LineRange({list(self)!r})"


class SpanIndex:
    """Closed spans ``[start, end]`` asked which of them contain a position, in
    logarithmic time: ``innermost(pos)`` is the index of the containing span
    with the greatest start (the first listed on ties), what ``max`` over all
    spans would give, so that a question per sentence or match stays linear.
    With ``rank`` (one sort key per span), it is the containing span of the
    least rank instead (e.g. ``rank=ends`` for the one that ends first)."""

    def __init__(self, spans: Sequence[tuple[int, int]], rank: Sequence[int] | None = None):
        ranks = rank if rank is not None else [-start for start, _ in spans]
        order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self._points = sorted({start for start, _ in spans} | {end + 1 for _, end in spans})
        self._answers: list[int | None] = []
        open_spans: list[tuple[int, int, int]] = []  # (rank, index, end): the least rank on top
        next_span = 0
        for point in self._points:
            while next_span < len(order) and spans[order[next_span]][0] <= point:
                index = order[next_span]
                heapq.heappush(open_spans, (ranks[index], index, spans[index][1]))
                next_span += 1
            while open_spans and open_spans[0][2] < point:
                heapq.heappop(open_spans)  # ended before this point, and before every later one
            self._answers.append(open_spans[0][1] if open_spans else None)

    def innermost(self, pos: int) -> int | None:
        k = bisect_right(self._points, pos) - 1
        return self._answers[k] if k >= 0 else None

    def __contains__(self, pos: int) -> bool:
        return self.innermost(pos) is not None


#: headings a bracketed heading right under them («■1．…» then «【…】») may hang from
BRACKET_PARENTS = ("decimal", "decimal2", "angle", "paren_num", "half_paren_num", "bullet")


def _ranks(heads: list[tuple[int, Line, set[str]]]) -> dict[str | None, float]:
    """The rank of each marker family in this document: ``MARKER_RANK``,
    except that bracketed headings whose first one comes right under a
    numbered or bulleted heading («■1．お預かりする個人情報と利用目的» then «【お二人の情報】»)
    rank just below that heading's family: they are its sub-sections."""
    ranks: dict[str | None, float] = dict(MARKER_RANK)
    for (i, line, _), (j, following, _) in zip(heads, heads[1:]):
        if following.marker == "bracket_heading":
            if j == i + 1 and line.marker in BRACKET_PARENTS:
                ranks["bracket_heading"] = ranks.get(line.marker, 2) + 0.5
            break
    return ranks


def _block_ends(heads: list[tuple[int, Line, set[str]]], line_count: int) -> list[int]:
    """For each heading, the index of the line where its block ends: the next
    heading of the same or a higher rank (a lower rank number) that has a known
    topic or a strong marker, or the next heading with the same marker. One pass
    from the end, remembering the nearest such heading per rank and per marker."""
    nearest_closer: dict[float, int] = {}  # rank -> line index of the nearest later closing heading
    nearest_same: dict[str, int] = {}  # marker -> line index of the nearest later heading with it
    ends = [line_count] * len(heads)
    ranks = _ranks(heads)
    for n in range(len(heads) - 1, -1, -1):
        i, line, categories = heads[n]
        rank = ranks.get(line.marker, 2)
        candidates = [index for r, index in nearest_closer.items() if r <= rank]
        if line.marker and line.marker in nearest_same:
            candidates.append(nearest_same[line.marker])
        ends[n] = min(candidates, default=line_count)
        if categories or line.marker in STRONG_MARKERS:
            nearest_closer[rank] = i
        if line.marker:
            nearest_same[line.marker] = i
    return ends


#: how far back a list item mistaken for a heading looks for the item it hangs from
PARENT_REACH = 40


def _parent_sibling_ends(lines: list[Line], heads: list[tuple[int, Line, set[str]]], ends: list[int]) -> list[int]:
    """``ends``, each cut at the next item of the list its heading hangs from:
    «（7）…の内容、通話の録音» under «1．…次の個人情報を取得します。» ends
    at «2．…», which no heading closes, being a sentence."""
    by_marker: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.marker:
            by_marker.setdefault(line.marker, []).append(index)
    cut = list(ends)
    for n, (i, line, _) in enumerate(heads):
        if line.marker is None or line.marker not in MARKER_RANK or line.marker in STRONG_MARKERS:
            continue
        rank = MARKER_RANK[line.marker]
        parent = next((ln.marker for ln in reversed(lines[max(0, i - PARENT_REACH):i]) if ln.marker is not None
                       and ln.marker in MARKER_RANK and ln.marker not in STRONG_MARKERS and MARKER_RANK[ln.marker] < rank),
                      None)
        if parent is None:
            continue
        siblings = by_marker[parent]
        after = bisect_right(siblings, i)
        if after < len(siblings) and siblings[after] < cut[n]:
            cut[n] = siblings[after]
    return cut


def build_blocks(text: str, lines: list[Line] | None = None, resources: Resources | None = None) -> list[Block]:
    """Sections of the document: each heading with the lines it governs.

    A heading's block ends at the next heading of the same or a higher rank
    (rank from its marker family), so nested headings give nested blocks.
    """
    lines = lines if lines is not None else split_lines(text)
    heads = [(i, ln, categorize_title(ln.text, resources) if introduces_text(lines, i) else set())
             for i, ln in enumerate(lines) if is_heading(ln)]
    blocks: list[Block] = []
    for (i, ln, categories), end_index in zip(heads, _parent_sibling_ends(lines, heads, _block_ends(heads, len(lines)))):
        rank = MARKER_RANK.get(ln.marker, 2)
        body_lines = LineRange(lines, i + 1, end_index)
        end = lines[end_index - 1].end if body_lines else ln.end
        title = ln.text if ln.marker in (None, "bracket_heading") else ln.body or ln.text
        blocks.append(Block(title=title, start=ln.start, end=end, title_span=(ln.start, ln.end), level=rank,
                            categories=categories, lines=body_lines))
    return blocks


#: a 。 right before one of these ends a sentence quoted or in brackets, not the one around it
_CLOSING_BRACKETS = "）)」』】〕"
#: particles a hard-wrapped line of running text may end with mid-sentence
WRAP_PARTICLES = "とのをにがはでやもへて"
#: a line this long (holding a 。 of its own) is running text, not a label
WRAPPED_LINE_CHARS = 30
#: characters a list item or a new block starts with
ITEM_STARTS = "・●○■□◆◇※(（【「[0123456789①②③④⑤⑥⑦⑧⑨⑩"


def _runs_on(text: str, newline: int, end: int) -> bool:
    """Whether the sentence goes on past the line end at ``newline``: the line
    ends in 、, or it is a long line of running text hard-wrapped after a
    particle («…ご本人の了解を得てお名前と» / «連絡先をお伝えします。») and the
    next line is no list item (a form's short field labels end in particles too)."""
    before = text[newline - 1] if newline else ""
    if before in "、,，":
        return True
    line_start = text.rfind("\n", 0, newline) + 1
    if before not in WRAP_PARTICLES or newline - line_start < WRAPPED_LINE_CHARS or "。" not in text[line_start:newline]:
        return False
    following = newline + 1
    while following < end and text[following] in " \t":
        following += 1  # no copy of the rest of the text for each line end
    return following < end and text[following] not in ITEM_STARTS


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within [start, end): split at 。 and at line ends, except
    where a line ends in 、 (a sentence broken across lines) or a 。 closes a
    bracket's or quotation's own sentence («（…を含みます。）については»)."""
    cuts = []
    for mark in ("。", "\n"):
        i = text.find(mark, start, end)
        while i != -1:
            following, before = text[i + 1:i + 2], text[max(i - 1, 0)]
            if (not following or following not in _CLOSING_BRACKETS) if mark == "。" else not _runs_on(text, i, end):
                cuts.append(i)
            i = text.find(mark, i + 1, end)
    cuts.sort()
    if end > start and (not cuts or cuts[-1] != end - 1):
        cuts.append(end - 1)
    spans: list[tuple[int, int]] = []
    s = start
    for i in cuts:
        e = i + 1
        seg = text[s:e]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((s + lead, s + len(seg.rstrip())))
        s = e
    return spans
