"""Random regular expressions against the literal prefilter: whatever a
pattern is, the one-pass scan answers exactly as the pattern itself does.

Patterns are drawn from a grammar over a small alphabet (literals, classes,
groups, alternation with empty branches, greedy/lazy/possessive repeats,
anchors, look-arounds, scoped and global flags, backreferences, conditional
groups); those that do not compile are skipped. Several patterns go into one
``CueMatcher`` (so that entries share heads), and every answer of ``TextScan``
is compared with the pattern's: ``matches``, ``search`` and ``finditer`` in
random spans, ``may_match``, and the positions ``DocumentView`` relies on.
"""
from __future__ import annotations

import re
import warnings

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from nlp.extract.base import DocumentView
from nlp.vocab import Cue, Resources
from nlp.vocab.prefilter import CueMatcher, TextScan, match_factors, match_heads

CHARS = "あいう個人情報、。ab1 \n"
TEXT_CHARS = CHARS + "AB"  # upper case for the case-folded patterns
CLASSES = ["[ab]", "[個人]", "[あ-う]", "[a-b1]", "[^個人]", "[^\\n]", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S",
           "[\\d、]", "[\\s。]", "[a-z]", "[一-龥]", "[、。]", "[情報]", "."]
ANCHORS = ["^", "$", "\\A", "\\Z", "\\b", "\\B"]
#: repeats with an upper bound; unbounded ones are kept few and simple, or re itself backtracks for ever
BOUNDED = ["?", "{2}", "{0,2}", "{1,3}", "{,2}", "{0}", "{0,1}"]
UNBOUNDED = ["*", "+", "{2,}"]
WORDS = ["個人情報", "個人", "情報", "ab", "あい", "、個人"]
SCOPED = ["(?i:", "(?s:", "(?m:", "(?x:", "(?-i:", "(?ms:", "(?is:"]
GLOBAL = ["", "", "", "(?i)", "(?m)", "(?s)", "(?ms)", "(?x)", "(?a)"]


@st.composite
def _fixed(draw: st.DrawFn, depth: int = 0) -> str:
    """A pattern of fixed width, for look-behinds."""
    kind = draw(st.integers(0, 5 if depth < 2 else 2))
    if kind == 0:
        return draw(st.sampled_from(CHARS))
    if kind == 1:
        return draw(st.sampled_from(CLASSES))
    if kind == 2:
        return draw(st.sampled_from(ANCHORS[4:]))  # \b \B
    if kind == 3:
        width = draw(st.integers(1, 2))
        branches = draw(st.lists(st.text(CHARS, min_size=width, max_size=width), min_size=1, max_size=3))
        return "(?:" + "|".join(map(re.escape, branches)) + ")"
    if kind == 4:
        return "(?:" + draw(_fixed(depth + 1)) + "){" + str(draw(st.integers(0, 2))) + "}"
    return "".join(draw(st.lists(_fixed(depth + 1), min_size=1, max_size=3)))


class _Groups:
    """Groups opened and closed so far in the pattern being drawn, and its unbounded repeats."""

    def __init__(self) -> None:
        self.count, self.closed, self.names, self.unbounded = 0, [], [], 0


@st.composite
def _simple(draw: st.DrawFn, groups: _Groups) -> str:
    """The body of an unbounded repeat: one atom, maybe optional, grouped,
    looked around or an alternation of distinct literals (with an empty
    branch): parts that can be empty, without ambiguous splits that would
    make ``re`` backtrack exponentially."""
    atom = draw(_node(groups, 3, True))
    kind = draw(st.sampled_from(["atom", "optional", "group", "capture", "atomic", "look", "alt"]))
    if kind == "optional":
        return f"(?:{atom})?"
    if kind == "group":
        return f"(?:{atom})"
    if kind == "capture":
        groups.count += 1
        groups.closed.append(groups.count)
        return f"({atom})"
    if kind == "atomic":
        return f"(?>{atom})"
    if kind == "look":
        return draw(st.sampled_from(["(?=", "(?!"])) + atom + ")"
    if kind == "alt":
        branches = draw(st.lists(st.sampled_from(list(CHARS) + WORDS), min_size=1, max_size=3, unique=True))
        return "(?:" + "|".join(map(re.escape, branches)) + ("|" if draw(st.booleans()) else "") + ")"
    return atom


@st.composite
def _node(draw: st.DrawFn, groups: _Groups, depth: int, in_repeat: bool = False) -> str:
    leaf = depth >= 3
    kind = draw(st.sampled_from(
        ["lit", "lit", "lit", "word", "class", "anchor", "ref"] if leaf else
        ["lit", "lit", "word", "class", "anchor", "ref", "seq", "group", "alt", "repeat", "repeat", "look",
         "behind", "cond", "scoped"]))

    def inner() -> str:
        return draw(_node(groups, depth + 1, in_repeat))

    if kind == "lit":
        return re.escape(draw(st.sampled_from(CHARS)))
    if kind == "word":
        return re.escape(draw(st.sampled_from(WORDS)))
    if kind == "class":
        return draw(st.sampled_from(CLASSES))
    if kind == "anchor":
        return draw(st.sampled_from(ANCHORS))
    if kind == "ref":
        if not groups.closed:
            return re.escape(draw(st.sampled_from(CHARS)))
        number = draw(st.sampled_from(groups.closed))
        named = [name for n, name in groups.names if n == number]
        if named and draw(st.booleans()):
            return f"(?P={named[0]})"
        return f"\\{number}" if number < 10 else f"(?:\\{number})"
    if kind == "seq":
        return "".join(inner() for _ in range(draw(st.integers(2, 4))))
    if kind == "group":
        style = draw(st.sampled_from(["(", "(?:", "(?P<", "(?>"]))
        if style in ("(", "(?P<"):
            groups.count += 1
            number = groups.count
            body = inner()
            groups.closed.append(number)
            if style == "(?P<":
                groups.names.append((number, f"g{number}"))
                return f"(?P<g{number}>{body})"
            return f"({body})"
        return style + inner() + ")"
    if kind == "alt":
        branches = [draw(st.one_of(st.just(""), _node(groups, depth + 1, in_repeat)))
                    for _ in range(draw(st.integers(2, 3)))]
        return "(?:" + "|".join(branches) + ")"
    if kind == "repeat":
        mode = draw(st.sampled_from(["", "", "?", "+"]))  # greedy, lazy, possessive
        if not in_repeat and groups.unbounded < 2 and draw(st.booleans()):
            groups.unbounded += 1
            return "(?:" + draw(_simple(groups)) + ")" + draw(st.sampled_from(UNBOUNDED)) + mode
        return "(?:" + draw(_node(groups, depth + 1, True)) + ")" + draw(st.sampled_from(BOUNDED)) + mode
    if kind == "look":
        return draw(st.sampled_from(["(?=", "(?!"])) + inner() + ")"
    if kind == "behind":
        return draw(st.sampled_from(["(?<=", "(?<!"])) + draw(_fixed()) + ")"
    if kind == "cond":
        if not groups.closed:
            return inner()
        number = draw(st.sampled_from(groups.closed))
        yes = inner()
        no = draw(st.one_of(st.none(), st.just(""), _node(groups, depth + 1, in_repeat)))
        return f"(?({number}){yes}" + ("" if no is None else "|" + no) + ")"
    return draw(st.sampled_from(SCOPED)) + inner() + ")"


@st.composite
def patterns(draw: st.DrawFn) -> str:
    """A random pattern that compiles."""
    groups = _Groups()
    body = "".join(draw(_node(groups, 0)) for _ in range(draw(st.integers(1, 3))))
    pattern = draw(st.sampled_from(GLOBAL)) + body
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        assume(False)
    return pattern


def _joined(sources: list[str]) -> str:
    """What ``Resources`` compiles an entry of several patterns to."""
    return "|".join(f"(?:{p})" for p in sources)


def _cue(key: str, sources: list[str]) -> Cue | None:
    pattern = sources[0] if len(sources) == 1 else _joined(sources)
    try:
        compiled = re.compile(pattern)
    except re.error:  # a global flag inside the alternation
        return None
    return Cue("test", key, compiled, None, 0.9, tuple(("test", p) for p in sources))


def _same(found: re.Match[str] | None, expected: re.Match[str] | None) -> bool:
    if found is None or expected is None:
        return found is expected
    return found.regs == expected.regs and found.lastindex == expected.lastindex


def _spans(matches) -> list[tuple[tuple[int, int], ...]]:
    return [m.regs for m in matches]


def _covered(starts: list[int], shortest: int, m_start: int, m_end: int) -> bool:
    """A head or factor lies whole inside ``[m_start, m_end)``."""
    return any(m_start <= p and p + shortest <= m_end for p in starts)


def _cues(entries: list[list[str]]) -> dict[str, Cue]:
    cues = {}
    for number, sources in enumerate(entries):
        cue = _cue(f"p{number}", sources)
        if cue is not None:
            cues[cue.key] = cue
    return cues


def check(entries: list[list[str]], text: str, spans: list[tuple[int, int | None]]) -> None:
    cues = _cues(entries)
    if not cues:
        return
    # another file first (entry numbers do not start at 0), some entries left out of the pass
    keys = list(cues)
    wanted = {"other": set(keys[::2]), "test": {key for number, key in enumerate(keys) if number % 3 != 2}}
    matcher = CueMatcher({"other": {key: cues[key] for key in keys[::2]}, "test": cues}, wanted)
    asked: list[str] = []
    scan = TextScan(matcher.scan(text), "test", cues, lambda name, key: asked.append(key))
    for key, cue in cues.items():
        pattern = cue.pattern
        where = (pattern.pattern, text)
        assert _spans(scan.matches(key)) == _spans(cue.finditer(text)), where
        starts = scan.positions(key)
        heads = match_heads(pattern.pattern)
        if heads is not None:
            for m in pattern.finditer(text):
                assert any(text.startswith(h, m.start()) for h in heads), (*where, m.span(), heads)
        factors = match_factors(pattern.pattern)
        if factors is not None:
            for m in pattern.finditer(text):
                assert any(f in m.group(0) for f in factors), (*where, m.span(), factors)
        for start, end in spans:
            endpos = len(text) if end is None else end
            expected = pattern.search(text, start, endpos)
            assert _same(scan.search(key, start, end), expected), (*where, start, end)
            if end is not None and 0 <= start <= end:  # the span read alone (DocumentView.search_in)
                assert _same(scan.search_alone(key, start, end), pattern.search(text[start:end])), (*where, start, end)
            assert _spans(scan.finditer(key, start, end)) == _spans(cue.finditer(text, start, end)), \
                (*where, start, end)
            if expected is not None:
                assert scan.may_match(key, start, end), (*where, start, end)
            if starts is not None:
                # every match in a span, of the document or of the span cut out
                # alone, holds a head or factor whole (DocumentView.lines_with)
                shortest = scan.shortest[key]
                for m in pattern.finditer(text, start, endpos):
                    assert _covered(starts, shortest, m.start(), m.end()), (*where, start, end, m.span())
                lo, hi = max(start, 0), max(min(endpos, len(text)), 0)
                for m in pattern.finditer(text[lo:hi]):
                    assert _covered(starts, shortest, lo + m.start(), lo + m.end()), (*where, lo, hi, m.span())
    assert set(asked) <= set(keys) - wanted["test"]


def check_view(entries: list[list[str]], text: str) -> None:
    """``DocumentView.line_has``, ``lines_with`` and ``sentences_with`` with the
    entries covered by the one pass."""
    resources = Resources()
    cues = _cues(entries)
    if not cues:
        return
    resources._cues["test"] = cues
    resources.asked = {"test": set(cues)}
    view = DocumentView(text, resources)
    for cue in cues.values():
        for line in view.lines:
            assert view.line_has(cue, line) == bool(cue.search(line.text)), (cue.pattern.pattern, text, line)
        kept = {line.start for line in view.lines_with(cue)}
        for line in view.lines:
            if cue.pattern.search(line.text) or cue.search(text, line.start, line.end):
                assert line.start in kept, (cue.pattern.pattern, text, line)
        kept_sentences = set(view.sentences_with(cue))
        for s, e in view.sentence_spans:
            if cue.search(text, s, e) or cue.pattern.search(text[s:e]):
                assert (s, e) in kept_sentences, (cue.pattern.pattern, text, (s, e))


entries = st.lists(st.lists(patterns(), min_size=1, max_size=2), min_size=1, max_size=4)


@st.composite
def _sample(draw: st.DrawFn, pattern: str) -> str:
    """A string holding a match of ``pattern``, when Hypothesis can make one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return draw(st.from_regex(pattern, alphabet=TEXT_CHARS))[:24]
    except Exception:  # a construct from_regex does not support, or a literal outside the alphabet
        return ""


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[list[str]], str, list[tuple[int, int | None]]]:
    """Entries, a text made of random pieces and of strings their patterns
    match, and spans in it (some reversed, some out of range)."""
    chosen = draw(entries)
    sources = [p for sources in chosen for p in sources]
    pieces = [draw(_sample(p)) for p in sources if draw(st.integers(0, 3))]
    pieces = [piece.swapcase() if draw(st.integers(0, 3)) == 0 else piece for piece in pieces]  # for (?i)
    pieces += draw(st.lists(st.one_of(st.text(TEXT_CHARS, max_size=12),
                                      st.sampled_from(["個人情報", "個人", "、", "\n", "ab"])), max_size=3))
    text = "".join(draw(st.permutations(pieces)))[:64]  # short: some patterns backtrack a lot
    limit = len(text) + 2
    spans: list[tuple[int, int | None]] = draw(st.lists(st.tuples(st.integers(-2, limit), st.integers(-2, limit)),
                                                        max_size=4))
    spans += [(0, len(text)), (0, None), (draw(st.integers(0, limit)), None)]
    pos = 0
    for raw in text.split("\n"):  # the lines too
        spans.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return chosen, text, spans


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                        HealthCheck.too_slow])


@FUZZ
@given(case=cases())
def test_scan_answers_as_random_patterns_do(case: tuple[list[list[str]], str, list[tuple[int, int | None]]]) -> None:
    check(*case)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                   HealthCheck.too_slow])
@given(case=cases())
def test_document_view_keeps_every_line_and_sentence_a_random_pattern_matches_in(
        case: tuple[list[list[str]], str, list[tuple[int, int | None]]]) -> None:
    check_view(case[0], case[1])


def test_a_few_tricky_patterns() -> None:
    """Zero-width starts, empty branches, possessive and atomic parts, lookbehinds at the span start."""
    text = "個人情報、個人の情報。\nab個人 1a情報\n個人個人情報 AB人 b Ab"
    spans = [(0, None), (2, 9), (1, 4), (13, 15), (15, 20), (6, 6), (9, 3), (-1, 100)]
    for pattern in ["(?<=個)人", "(?<!個)人情報", "\\b個人", "^個人", "個人$", "(?m)^個人", "(?m)個人$", "(?=個人)個",
                    "(?:個人)*+情報", "(?>個人|個)人", "(?:|個)人", "(?:個?)*人", "(個)(?(1)人|情)", "(個)\\1",
                    "(?:a|)+b", "情報\\Z", "\\A個人", "\\B人", "(?i:個)人", "(?:(?:個|)*)*人", "(?:|a)b", "(?:a|)b",
                    "(?i)ab", "(?i:a)b", "(?i)[ab]人", "a(?i:b)", "(?i)(?-i:a)b"]:
        check([[pattern], [pattern, "個人"]], text, spans)
