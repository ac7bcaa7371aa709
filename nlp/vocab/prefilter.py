"""Literal prefilters: the strings a regular expression's matches must start
with, so that one Aho-Corasick pass over a document tells where each entry of
a vocabulary can match at all.

``match_heads`` reads a pattern with the standard library's own parser
(``re._parser``, ``sre_parse`` before Python 3.11) and returns the set of
literal heads, or ``None`` when a match could start with anything (``.``,
``\\w``, a negated or large character class, an empty match, a case-folded
part) or when finding out takes more than a fixed budget of work and nesting
(``MAX_WORK``, ``MAX_DEPTH``). An entry with ``None`` is matched the ordinary
way, over the whole text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

import ahocorasick

if TYPE_CHECKING:
    from nlp.vocab import Cue

try:
    from re import _constants as sre, _parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

#: characters of a head; longer heads are more selective, more of them cost more
HEAD_LENGTH = 3
#: a pattern with more heads than this is matched the ordinary way
MAX_HEADS = 400
#: a character class with more characters than this stops a head
MAX_CLASS = 12
#: work (parts read, heads built) the heads of one pattern may take; past it the pattern has none
MAX_WORK = 20_000
#: steps inside or after one another the analysis follows; past them the pattern has no heads
MAX_DEPTH = 150
#: characters of a factor (a string every match contains)
MAX_FACTOR = 16
#: more heads than this in a span: one search from the first beats a match at each
HEADS_TRIED_ONE_BY_ONE = 8

_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT} | ({sre.POSSESSIVE_REPEAT} if hasattr(sre, "POSSESSIVE_REPEAT") else set())


class _Unknown(Exception):
    """A match could start with something that is not a short list of literals."""


class _GaveUp(Exception):
    """The analysis of a pattern ran past its budget."""


class _Budget:
    """The work left to the analysis of one pattern (``MAX_WORK``): it gives
    up past it, or past ``MAX_DEPTH`` nested steps, whatever stack the
    interpreter has left."""

    def __init__(self) -> None:
        self.left = MAX_WORK

    def spend(self, work: int, depth: int = 0) -> None:
        self.left -= work
        if self.left < 0 or depth > MAX_DEPTH:
            raise _GaveUp


#: parts read one after another: the first and the sequence after it (``None``: the end)
_Sequence = Optional[tuple[tuple[Any, Any], "_Sequence"]]


def _then(nodes: list[tuple[Any, Any]], rest: _Sequence, budget: _Budget) -> _Sequence:
    """The parts ``nodes`` followed by the sequence ``rest``."""
    budget.spend(len(nodes))
    for node in reversed(nodes):
        rest = (node, rest)
    return rest


def _parsed(pattern: str, flags: int = 0) -> list[tuple[Any, Any]] | None:
    """The parsed pattern's top-level nodes; ``None`` if it does not parse (or
    nests too deeply for the parser) or folds case."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    return None if parsed.state.flags & re.IGNORECASE else list(parsed.data)


@lru_cache(maxsize=None)
def match_heads(pattern: str, length: int = HEAD_LENGTH, flags: int = 0) -> frozenset[str] | None:
    """Strings of at most ``length`` characters such that every match of
    ``pattern`` (compiled with ``flags``) starts with one of them (shorter ones
    when longer ones would be too many); ``None`` when there is no such set or
    finding it would take more than the budget."""
    nodes = _parsed(pattern, flags)
    if nodes is None:
        return None
    budget = _Budget()
    for size in range(length, 0, -1):
        try:
            heads = _heads(_then(nodes, None, budget), size, 0, budget, 0)
        except _Unknown:
            continue
        except (_GaveUp, RecursionError):  # RecursionError: the caller left less stack than MAX_DEPTH needs
            return None
        if not heads or "" in heads:
            return None
        return frozenset(head for head in heads if not any(head[:n] in heads for n in range(1, len(head))))
    return None


def _class_characters(items: list[tuple[Any, Any]]) -> list[str]:
    characters: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            characters.append(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            characters.extend(chr(code) for code in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a wide range
            raise _Unknown
    if len(characters) > MAX_CLASS:
        raise _Unknown
    return characters


def _prefixed(characters: list[str], rest: set[str], budget: _Budget) -> set[str]:
    heads = {ch + tail for ch in characters for tail in rest}
    budget.spend(len(heads))
    if len(heads) > MAX_HEADS:
        raise _Unknown
    return heads


def _heads(sequence: _Sequence, length: int, taken: int, budget: _Budget, depth: int) -> set[str]:
    """Heads of ``sequence``: strings of up to ``length`` more characters
    after the ``taken`` already read ("" where the sequence may end there).
    Where the next part is not a short list of literals, a head read so far
    ends there; at the very start that leaves no head (``_Unknown``)."""
    if length == 0 or sequence is None:
        return {""}
    budget.spend(1, depth)
    try:
        return _next_heads(sequence, length, taken, budget, depth + 1)
    except _Unknown:
        if taken:
            return {""}
        raise


def _next_heads(sequence: tuple[tuple[Any, Any], _Sequence], length: int, taken: int, budget: _Budget,
                depth: int) -> set[str]:
    (op, av), rest = sequence
    if op in _ZERO_WIDTH:
        return _heads(rest, length, taken, budget, depth)
    if op is sre.LITERAL:
        return _prefixed([chr(av)], _heads(rest, length - 1, taken + 1, budget, depth), budget)
    if op is sre.IN:
        return _prefixed(_class_characters(av), _heads(rest, length - 1, taken + 1, budget, depth), budget)
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        if add_flags & re.IGNORECASE:
            raise _Unknown
        return _heads(_then(inner.data, rest, budget), length, taken, budget, depth)
    if op is sre.BRANCH:
        heads: set[str] = set()
        for alternative in av[1]:
            heads |= _heads(_then(alternative.data, rest, budget), length, taken, budget, depth)
            if len(heads) > MAX_HEADS:
                raise _Unknown
        return heads
    if op in _REPEATS:
        low, high, item = av
        if high == 0:
            return _heads(rest, length, taken, budget, depth)
        fewer = ((op, (max(low - 1, 0), high - 1 if high != sre.MAXREPEAT else high, item)), rest)
        once = _heads(_then(item.data, fewer, budget), length, taken, budget, depth)
        return once if low > 0 else once | _heads(rest, length, taken, budget, depth)
    raise _Unknown  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, atomic groups, ...


@lru_cache(maxsize=None)
def match_factors(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` (compiled with ``flags``)
    contains one (not necessarily at its start): the most selective of its
    mandatory parts; ``None`` when no part is mandatory and literal."""
    nodes = _parsed(pattern, flags)
    if nodes is None:
        return None
    try:
        found = _factors(nodes)
    except RecursionError:  # the caller left less stack than MAX_DEPTH needs
        return None
    return frozenset(found) if found else None


def _factors(nodes: list[tuple[Any, Any]], depth: int = 0) -> set[str] | None:
    """The factors of the sequence ``nodes``; parts nested deeper than
    ``MAX_DEPTH`` offer none. Characters read one after another (literals,
    short classes, the first of a repeated one) give the strings of their
    windows: ``[./][0-9]`` gives the 20 strings ./0 … /9 would start."""
    if depth > MAX_DEPTH:
        return None
    candidates: list[set[str]] = []
    run: list[list[str]] = []  # the characters each place of a run of single characters may hold
    for op, av in [*nodes, (None, None)]:
        place = _place(op, av)
        if place is not None:
            characters, times, more = place
            run.extend([characters] * times)
            if not more:
                continue
        candidates.extend(_windows(run))
        run = []
        if place is not None:  # a repeat read once: what follows may be more of it
            continue
        found = None
        if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            found = _factors(list(av[3].data), depth + 1)
        elif op is sre.BRANCH:
            alternatives = [_factors(list(alternative.data), depth + 1) for alternative in av[1]]
            if all(alternatives):
                found = set().union(*alternatives)
        elif op in _REPEATS and av[0] >= 1:
            found = _factors(list(av[2].data), depth + 1)
        if found and len(found) <= MAX_HEADS:
            candidates.append(found)
    return max(candidates, key=lambda found: (min(map(len, found)), -len(found)), default=None)


def _place(op: Any, av: Any) -> tuple[list[str], int, bool] | None:
    """For a part that reads one character (a literal or a short class),
    possibly repeated or in a group: the characters it may be, how many
    times at least (at most ``MAX_CLASS``), and whether it may read more."""
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE and len(av[3].data) == 1:
        return _place(*av[3].data[0])
    if op in _REPEATS and 1 <= av[0] <= MAX_CLASS and len(av[2].data) == 1:
        inner = _place(*av[2].data[0])
        return inner and (inner[0], av[0] * inner[1], inner[2] or av[1] != av[0])
    try:
        characters = [chr(av)] if op is sre.LITERAL else _class_characters(av) if op is sre.IN else None
    except _Unknown:
        return None
    return characters and (characters, 1, False)


def _windows(run: list[list[str]]) -> list[set[str]]:
    """The strings of each longest window of ``run`` with at most ``MAX_HEADS``
    of them and ``MAX_FACTOR`` characters."""
    windows = []
    for start in range(len(run)):
        strings = {""}
        for place in run[start:start + MAX_FACTOR]:
            longer = {head + ch for head in strings for ch in place}
            if len(longer) > MAX_HEADS:
                break
            strings = longer
        windows.append(strings)
    return [w for w in windows if "" not in w]


def _selective(literal: str) -> bool:
    """Two characters or more, or one that is not frequent in Japanese text:
    not hiragana (particles), a Latin letter or digit, a blank or 、。. A
    kanji, katakana or a mark such as @ : / [ is as rare as a word."""
    return len(literal) > 1 or not ("\u3040" <= literal <= "\u309f" or literal.isascii() and literal.isalnum()
                                    or literal.isspace() or literal in "、。")


class CueMatcher:
    """Entries of resource files located in a text in one pass: an
    Aho-Corasick automaton finds where each entry's heads occur, and the
    entry's pattern is tried only there (``TextScan``). ``wanted`` limits it
    to some entries of each file (all by default)."""

    def __init__(self, files: dict[str, dict[str, Cue]], wanted: dict[str, set[str]] | None = None):
        self.covered = {name: set(cues) if wanted is None else set(wanted.get(name, ())) & set(cues)
                        for name, cues in files.items()}
        #: entries without heads: their matches are found the ordinary way
        self.unanchored: dict[str, set[str]] = {name: set() for name in files}
        self.shortest: dict[str, dict[str, int]] = {name: {} for name in files}  # its shortest head or factor
        self.ids: dict[str, dict[str, int]] = {name: {} for name in files}  # entry -> its number
        self.in_order: set[int] = set()  # entries whose literals are all as long: no sort needed
        owners: dict[str, list[int]] = {}
        for name, cues in files.items():
            for key in sorted(self.covered[name], key=list(cues).index):
                pattern = cues[key].pattern
                literals = match_heads(pattern.pattern, flags=pattern.flags)
                if literals is None:
                    self.unanchored[name].add(key)
                    literals = match_factors(pattern.pattern, pattern.flags)
                    if literals is None or not all(map(_selective, literals)):
                        continue  # a factor like の or . rules out little and costs a lot
                number = self.ids[name][key] = sum(map(len, self.ids.values()))
                self.shortest[name][key] = min(map(len, literals))
                if len(set(map(len, literals))) == 1:  # found in the order they start, each start once
                    self.in_order.add(number)
                for literal in literals:
                    owners.setdefault(literal, []).append(number)
        self.entries = sum(map(len, self.ids.values()))
        self.automaton = ahocorasick.Automaton()
        for head, numbers in owners.items():
            self.automaton.add_word(head, (len(head) - 1, tuple(numbers)))
        if owners:
            self.automaton.make_automaton()

    def scan(self, text: str) -> DocumentScan:
        return DocumentScan(self, text)

    def gated(self, name: str, key: str) -> bool:
        """Whether entry ``key`` of file ``name`` has heads or factors to look for."""
        return key in self.ids.get(name, {})


class DocumentScan:
    """Where the heads of every entry of a matcher start in one text."""

    def __init__(self, matcher: CueMatcher, text: str):
        self.matcher, self.text = matcher, text
        found: list[list[int]] = [[] for _ in range(matcher.entries)]  # by entry number
        if matcher.automaton.kind == ahocorasick.AHOCORASICK:
            for last, (back, numbers) in matcher.automaton.iter(text):
                for number in numbers:
                    found[number].append(last - back)
        self.found = found


class TextScan:
    """Where the entries of one resource file can match in one text. Its
    answers are exactly those of the entries' own patterns: ``matches`` is
    ``Cue.finditer`` over the whole text, ``search`` is ``Cue.search`` in a
    span of it. An entry the scan does not cover is matched the ordinary way
    and handed to ``asked`` (so that later scans cover it)."""

    def __init__(self, scan: DocumentScan, name: str, cues: dict[str, Cue],
                 asked: Callable[[str, str], None] = lambda name, key: None):
        matcher = scan.matcher
        self.name, self.text, self.cues, self.found, self.asked = name, scan.text, cues, scan.found, asked
        self.in_order = matcher.in_order
        self.covered = matcher.covered.get(name, set())
        self.ids, self.shortest = matcher.ids.get(name, {}), matcher.shortest.get(name, {})
        self.anchored = set(self.ids) - matcher.unanchored.get(name, set())
        self._starts: dict[str, list[int]] = {}
        self._matches: dict[str, list[re.Match[str]]] = {}

    def positions(self, key: str) -> list[int] | None:
        """Where entry ``key``'s heads (or, for an entry without heads, its
        factors) start, in order; ``None`` when it has neither: then anywhere.
        A match contains one of them: a line or sentence without any has none."""
        if key not in self.ids:
            if key not in self.covered:
                self.asked(self.name, key)
            return None
        if key not in self._starts:
            number = self.ids[key]
            self._starts[key] = self.found[number] if number in self.in_order else sorted(set(self.found[number]))
        return self._starts[key]

    def may_match(self, key: str, start: int = 0, end: int | None = None) -> bool:
        """False when no match of entry ``key`` lies inside ``text[start:end]``."""
        starts = self.positions(key)
        if starts is None:
            return True
        end = len(self.text) if end is None else end
        index = bisect_left(starts, start)
        return index < len(starts) and starts[index] + self.shortest[key] <= end

    def search(self, key: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        """The first match of entry ``key`` inside ``text[start:end]``: searched
        from the first place its heads start (none can start before it)."""
        if not self.may_match(key, start, end):
            return None
        if key in self.anchored:
            return self._match_at_heads(key, self.text, 0, start, len(self.text) if end is None else end)
        return self.cues[key].search(self.text, start, end)

    def search_alone(self, key: str, start: int, end: int) -> re.Match[str] | None:
        """``Cue.search(text[start:end])`` of entry ``key``: the span read
        alone, offsets into it."""
        if not self.may_match(key, start, end):
            return None
        if key in self.anchored:
            return self._match_at_heads(key, self.text[start:end], start, start, end)
        return self.cues[key].search(self.text[start:end])

    def _match_at_heads(self, key: str, text: str, shift: int, start: int, end: int) -> re.Match[str] | None:
        """The first match of anchored entry ``key`` in ``[start, end)`` of
        this scan's text, matched in ``text`` (that text from offset
        ``shift`` on): tried where the entry's heads start, since every
        match starts at one."""
        starts = self._starts[key]
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        pattern = self.cues[key].pattern
        if last - first > HEADS_TRIED_ONE_BY_ONE:
            return pattern.search(text, starts[first] - shift, end - shift)
        for position in starts[first:last]:
            if m := pattern.match(text, position - shift, end - shift):
                return m
        return None

    def finditer(self, key: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """``Cue.finditer(text, start, end)`` of entry ``key``: tried only where its heads start."""
        end = len(self.text) if end is None else end
        if not self.may_match(key, start, end):
            return
        cue = self.cues[key]
        if key not in self.anchored:
            yield from cue.finditer(self.text, start, end)
            return
        starts = self.positions(key) or []
        last_end = start
        for position in starts[bisect_left(starts, start):bisect_left(starts, end)]:
            if position < last_end:
                continue
            m = cue.pattern.match(self.text, position, end)
            if m and m.end() > m.start():
                yield m
                last_end = m.end()

    def matches(self, key: str) -> list[re.Match[str]]:
        """Non-empty matches of entry ``key`` over the whole text, in order."""
        if key not in self._matches:
            self._matches[key] = self._find(key)
        return self._matches[key]

    def _find(self, key: str) -> list[re.Match[str]]:
        cue = self.cues[key]
        if key not in self.anchored:
            return list(cue.finditer(self.text)) if self.may_match(key) else []
        found, last_end = [], 0
        for position in self.positions(key) or ():
            if position < last_end:
                continue
            m = cue.pattern.match(self.text, position)
            if m:
                found.append(m)
                last_end = m.end()
        return found
