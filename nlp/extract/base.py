"""The extractor contract: findings with offsets, a label, a score and an
explanation, produced by registered components from a shared ``DocumentView``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, wraps
from heapq import merge
from typing import Any, Callable, ClassVar, Iterable, Iterator

from nlp.structure import Block, Line, SpanIndex, build_blocks, sentences, split_lines
from nlp.tokens import TokenBoundaries
from nlp.vocab import Cue, Resources
from nlp.vocab.prefilter import DocumentScan, TextScan


_CLAUSE_OPENER = re.compile(r"[、。\n,，;；:：\t]")
_CLAUSE_CLOSER = re.compile(r"[、。\n,，;；\t]")
CLAUSE_LEAD = " 　・"  # characters a clause does not start with



def skip_over(text: str, pos: int, characters: str) -> int:
    """The first position at or after ``pos`` whose character is not one of ``characters``."""
    while pos < len(text) and text[pos] in characters:
        pos += 1
    return pos


def cache_per_view(method: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Cache a one-argument method of ``DocumentView`` (or a function of a
    view and one argument) on the view itself."""
    name = f"_cache_{method.__module__}.{method.__qualname__}"

    @wraps(method)
    def cached(view: Any, key: Any) -> Any:
        try:
            return view.__dict__[name][key]
        except KeyError:
            value = view.__dict__.setdefault(name, {})[key] = method(view, key)
            return value

    return cached

@dataclass(frozen=True)
class Finding:
    """One extracted value: ``text[start:end]`` is its evidence."""

    field: str
    label: str
    start: int
    end: int
    text: str
    score: float
    explanation: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


class DocumentView:
    """The normalised text with its lines, sections and token boundaries,
    computed once and shared by every extractor."""

    def __init__(self, text: str, resources: Resources | None = None):
        self.text = text
        self.resources = resources or Resources.default()

    @cached_property
    def lines(self) -> list[Line]:
        return split_lines(self.text)

    @cached_property
    def blocks(self) -> list[Block]:
        return build_blocks(self.text, self.lines, self.resources)

    @cached_property
    def boundaries(self) -> TokenBoundaries:
        return TokenBoundaries(self.text)

    @cached_property
    def _scan(self) -> DocumentScan:
        return self.resources.scan(self.text)

    @cache_per_view
    def scan(self, name: str) -> TextScan:
        """Where the entries of resource file ``name`` can match, found in one
        pass over the text with the other files (``Resources.scan``)."""
        return self.resources.file_scan(self._scan, name)

    def search(self, cue: Cue, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        """``cue.search(self.text, start, end)``, skipped where the cue's heads are absent."""
        return self.scan(cue.file).search(cue.key, start, end)

    def search_in(self, cue: Cue, start: int, end: int) -> re.Match[str] | None:
        """``cue.search(self.text[start:end])``: the span read alone (offsets
        into it), skipped where the cue's heads are absent."""
        return self.scan(cue.file).search_alone(cue.key, start, end)

    def accepts_in(self, cue: Cue, start: int, end: int) -> bool:
        """``cue.accepts(self.text[start:end])``, skipped where the cue's heads are absent."""
        return self.scan(cue.file).may_match(cue.key, start, end) and cue.accepts(self.text[start:end])

    def line_has(self, cue: Cue, line: Line) -> bool:
        """``bool(cue.search(line.text))`` for a line of this view, from one
        search per line that the cue's heads occur in."""
        return line.start in self._lines_matching((cue.file, cue.key))

    @cache_per_view
    def _lines_matching(self, entry: tuple[str, str]) -> frozenset[int]:
        cue = self.resources.cue(*entry)
        return frozenset(line.start for line in self.lines_with(cue) if cue.search(line.text))

    def sentences_at(self, positions: Iterable[int]) -> list[tuple[int, int]]:
        """The sentence spans that contain one of ``positions``, in order."""
        spans = self.sentence_spans
        chosen = {index for pos in positions if (index := bisect_right(self._sentence_starts, pos) - 1) >= 0
                  and pos < spans[index][1]}
        return [spans[index] for index in sorted(chosen)]

    def sentences_between(self, start: int, end: int) -> list[tuple[int, int]]:
        """The sentence spans that start at or after ``start`` and end by ``end``, in order."""
        spans = self.sentence_spans
        first = bisect_left(self._sentence_starts, start)
        return [span for span in spans[first:bisect_right(self._sentence_starts, end)] if span[1] <= end]

    def sentences_with(self, *cues: Cue) -> list[tuple[int, int]]:
        """The sentence spans in which one of ``cues`` may match, in order (a
        sentence left out has no match of any)."""
        return self._units_with(self.sentence_spans, self._sentence_starts, self._sentence_ends, cues)

    def lines_with(self, *cues: Cue) -> list[Line]:
        """The lines in which one of ``cues`` may match, in order."""
        return self._units_with(self.lines, self._line_starts, self._line_ends, cues)

    def _units_with(self, units: list[Any], starts: list[int], ends: list[int], cues: tuple[Cue, ...]) -> list[Any]:
        """Units holding a head or factor of one of ``cues`` whole."""
        chosen: set[int] = set()
        if not all(self.resources.matcher(cue.file).gated(cue.file, cue.key) for cue in cues):
            return list(units)  # no literal to look for: every unit may hold a match
        found = [self.scan(cue.file).positions(cue.key) for cue in cues]  # each cue asked, for the next pass
        if None in found:  # not looked for in this document's pass
            return list(units)
        for cue, positions in zip(cues, found):
            shortest = self.scan(cue.file).shortest[cue.key]
            for pos in positions:
                index = bisect_right(starts, pos) - 1
                if index >= 0 and pos + shortest <= ends[index]:
                    chosen.add(index)
        return [units[index] for index in sorted(chosen)]

    @cached_property
    def organization_match(self) -> tuple[int, int, str, float] | None:
        """The organisation's own name (start, end, explanation, score), found once
        and shared by the organisation extractor and those that must tell it from others."""
        from nlp.extract.organization import find_organization_name

        return find_organization_name(self)

    @cached_property
    def organization_names(self) -> list[tuple[int, int, Cue, int]]:
        """Every organisation name in the text (``organization.organization_names``), found once."""
        from nlp.extract.organization import organization_names

        return list(organization_names(self))

    @cached_property
    def _organization_name_index(self) -> SpanIndex:
        return SpanIndex([(start, end - 1) for start, end, _, _ in self.organization_names])

    def in_organization_name(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside an organisation's name («…リゾート開発»)."""
        found = self._organization_name_index.innermost(start)
        return found is not None and end <= self.organization_names[found][1]

    @property
    def organization_name(self) -> str | None:
        found = self.organization_match
        return self.text[found[0]:found[1]] if found else None

    @cached_property
    def is_form(self) -> bool:
        """A web form (or a page that is partly one): three or more marked
        fields or controls (``kind.yaml#form_field``, ``#form_control``); its
        field labels are items."""
        kind = self.resources.cues("kind")
        fields = sum(1 for line in self.lines_with(kind["form_field"]) if kind["form_field"].accepts(line.text))
        return fields + len(self.scan("kind").matches("form_control")) >= 3

    @cached_property
    def _blocks_by_title_line(self) -> dict[int, Block]:
        return {b.title_span[0]: b for b in self.blocks if b.lines}

    def titled_block(self, pos: int) -> Block | None:
        """The section whose title line contains ``pos`` (sections with lines under them)."""
        line = self.line_at(pos)
        return self._blocks_by_title_line.get(line.start) if line is not None else None

    def blocks_with(self, *categories: str) -> list[Block]:
        """The blocks with one of ``categories`` (any known topic when none is given), in order."""
        return self._topic_blocks(frozenset(categories))[0]

    def in_blocks(self, pos: int, *categories: str) -> bool:
        return pos in self._topic_blocks(frozenset(categories))[1]

    def innermost_with(self, pos: int, *categories: str) -> Block | None:
        """The block with one of ``categories`` (any known topic when none is
        given) that contains ``pos`` and starts last, by bisection."""
        blocks, index = self._topic_blocks(frozenset(categories))
        found = index.innermost(pos)
        return blocks[found] if found is not None else None

    def next_line(self, line: Line) -> Line | None:
        """The line after ``line``, if any."""
        index = self.line_index(line.start)
        return self.lines[index + 1] if index is not None and index + 1 < len(self.lines) else None

    @cache_per_view
    def _topic_blocks(self, categories: frozenset[str]) -> tuple[list[Block], SpanIndex]:
        blocks = [b for b in self.blocks if (b.categories & categories if categories else b.categories)]
        return blocks, SpanIndex([(b.start, b.end) for b in blocks])

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentence_spans]

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [end for _, end in self.sentence_spans]

    @cached_property
    def _line_ends(self) -> list[int]:
        return [line.end for line in self.lines]

    def line_index(self, pos: int) -> int | None:
        """Index of the line containing ``pos`` (its end included), by bisection."""
        index = bisect_right(self._line_starts, pos) - 1
        return index if index >= 0 and pos <= self.lines[index].end else None

    def line_at(self, pos: int) -> Line | None:
        index = self.line_index(pos)
        return self.lines[index] if index is not None and pos < self.lines[index].end else None

    @cached_property
    def sentence_spans(self) -> list[tuple[int, int]]:
        return sentences(self.text, 0, len(self.text))

    def sentence_at(self, pos: int) -> tuple[int, int]:
        index = bisect_right(self._sentence_starts, pos) - 1
        if index >= 0 and pos < self.sentence_spans[index][1]:
            return self.sentence_spans[index]
        return pos, pos

    def statement_span(self, start: int, end: int, limit: int = 400) -> tuple[int, int]:
        """The sentence or list item containing ``[start, end)``: what a
        value's evidence shows; the span itself when that is longer than ``limit``."""
        s, e = self.sentence_at(start)
        return (s, e) if s <= start and end <= e and e - s <= limit else (start, end)

    def list_intro(self, pos: int) -> str:
        """The sentence introducing the list that the line at ``pos`` belongs to
        (the nearest earlier line without an enumeration marker, within 12 lines),
        with the numbered line the list hangs from when its numbering starts again."""
        index = self.line_index(pos)
        if index is None or self.lines[index].marker is None:
            return ""
        parent = self._numbered_parent(index)
        intro = next((ln.text for ln in reversed(self.lines[max(0, index - 12):index])
                      if ln.marker is None or ln.marker in ("article", "chapter", "bracket_heading")), "")
        return f"{intro}\n{parent.text}" if parent is not None else intro

    def _numbered_parent(self, index: int) -> Line | None:
        """The numbered line that a list numbered again from 1 hangs from, in the
        same marker family («2. 院外への情報提供» above «1. …», «2. …»)."""
        lines, family = self.lines, self.lines[index].marker
        number = lines[index].number
        while number is not None and number > 1 and index > 0 and lines[index - 1].marker == family \
                and lines[index - 1].number == number - 1:
            index, number = index - 1, number - 1
        if number == 1 and index > 0 and lines[index - 1].marker == family and lines[index - 1].number:
            return lines[index - 1]
        return None

    def list_parent(self, pos: int) -> str:
        """The line a list item at ``pos`` hangs from: the nearest earlier line
        (within 12) without the item's marker family."""
        index = self.line_index(pos)
        if index is None or self.lines[index].marker is None:
            return ""
        family = self.lines[index].marker
        for ln in reversed(self.lines[max(0, index - 12):index]):
            if ln.marker != family:
                return ln.text
        return ""

    @cached_property
    def _clause_delimiters(self) -> tuple[list[int], list[int], list[int]]:
        """Where clauses may start (0 and after each opening delimiter), where each
        such clause's text starts (leading blanks and ・ skipped) and where closing
        delimiters stand, in order; a blank before an item marker inside a line
        (lexicons.yaml#inline_item) both closes and opens a clause."""
        inline = [m.start() for m in self.resources.pattern("lexicons", "inline_item").finditer(self.text)]
        openers = [0, *merge((m.end() for m in _CLAUSE_OPENER.finditer(self.text)), (pos + 1 for pos in inline))]
        starts = [skip_over(self.text, pos, CLAUSE_LEAD) for pos in openers]
        return openers, starts, list(merge((m.start() for m in _CLAUSE_CLOSER.finditer(self.text)), inline))

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The phrase around a match: bounded by 、。 line ends and list delimiters
        (found by bisection, so that many matches in one long clause stay linear)."""
        openers, starts, closers = self._clause_delimiters
        s = starts[bisect_right(openers, start) - 1]
        index = bisect_left(closers, end)
        e = closers[index] if index < len(closers) else len(self.text)
        return min(s, e), e

    def at_token_boundary(self, pos: int) -> bool:
        return pos in self.boundaries


class Extractor:
    """Base class of extractors. Subclasses set ``name`` and ``field`` and
    implement ``extract``; ``Registry`` instantiates them from registry.yaml."""

    name: ClassVar[str] = ""
    field: ClassVar[str] = ""

    def extract(self, view: DocumentView) -> list[Finding]:
        raise NotImplementedError

    def finding(self, label: str, start: int, end: int, view: DocumentView, score: float,
                explanation: str, **attrs: Any) -> Finding:
        return Finding(self.field, label, start, end, view.text[start:end], score, explanation, attrs)


def finditer(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """Non-empty matches of ``pattern`` in ``text[start:end]`` (offsets into ``text``)."""
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        if m.end() > m.start():
            yield m


def open_bracket(text: str, start: int, end: int) -> int | None:
    """Where the bracket still open at ``end`` opens, looking back to ``start``
    (inner pairs, «(株主名簿(電子)の作成、…», are passed over)."""
    depth = 0
    for at in range(end - 1, start - 1, -1):
        if text[at] in ")）":
            depth += 1
        elif text[at] in "(（":
            if depth == 0:
                return at
            depth -= 1
    return None
