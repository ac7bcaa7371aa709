"""The literal prefilter on patterns from user files: nested too deeply for
the parser, repeats of parts that may match empty, long runs of optional
parts, flags given to ``re.compile``. The analysis answers right or gives up
(no heads: the entry is matched the ordinary way), the same whatever stack is
left, and the one-pass scan answers as the patterns do."""
from __future__ import annotations

import re
import sys
from typing import Callable, TypeVar

import pytest

from nlp.vocab import Cue
from nlp.vocab import prefilter
from nlp.vocab.prefilter import CueMatcher, TextScan, match_factors, match_heads

T = TypeVar("T")


@pytest.fixture(autouse=True)
def _fresh_analyses():
    """Heads and factors are cached per pattern: each test analyses anew, and leaves no answer behind."""
    match_heads.cache_clear()
    match_factors.cache_clear()
    yield
    match_heads.cache_clear()
    match_factors.cache_clear()


def _with_stack_left(frames: int, call: Callable[[], T]) -> T:
    """``call()`` with only ``frames`` Python frames left before the recursion limit."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + frames)
    try:
        return call()
    finally:
        sys.setrecursionlimit(limit)


def _scan_answers_as_the_pattern(pattern: re.Pattern[str], text: str) -> None:
    cue = Cue("test", "p", pattern, None, 0.9, (("test", pattern.pattern),))
    scan = TextScan(CueMatcher({"test": {"p": cue}}).scan(text), "test", {"p": cue})
    assert [m.span() for m in scan.matches("p")] == [m.span() for m in cue.finditer(text)] != []
    assert [m.span() for m in scan.finditer("p", 1)] == [m.span() for m in cue.finditer(text, 1)]


def test_a_pattern_nested_too_deeply_for_the_parser_has_neither_heads_nor_factors() -> None:
    nested = "(" * 2000 + "個人" + ")" * 2000
    assert match_heads(nested) is None
    assert match_factors(nested) is None


def test_the_matcher_builds_with_little_stack_left() -> None:
    """A pattern ``re`` compiled, analysed where the parser runs out of stack:
    the entry is matched the ordinary way."""
    pattern = re.compile("(" * 150 + "個人" + ")" * 150 + "情報")
    cue = Cue("test", "p", pattern, None, 0.9, (("test", pattern.pattern),))
    matcher = _with_stack_left(200, lambda: CueMatcher({"test": {"p": cue}}))
    assert not matcher.gated("test", "p")
    text = "個人の情報、個人情報"
    assert [m.span() for m in TextScan(matcher.scan(text), "test", {"p": cue}).matches("p")] == [(6, 10)]


@pytest.mark.parametrize("pattern, heads", [
    ("(?:a?){100}b", {"aaa", "aab", "ab", "b"}),
    ("(?:(?:a|)*)*b", {"aaa", "aab", "ab", "b"}),
    ("(?:(?:(?:a|b|){9}){9}){9}c", None),
    ("(?:a|b|){30}c", None),
    ("(?:a|b|){5}c", {x + y + z for x in "ab" for y in "ab" for z in "abc"} | {"ac", "bc", "c"}),
])
def test_heads_are_the_same_whatever_stack_is_left(pattern: str, heads: set[str] | None) -> None:
    """Repeats of parts that may match empty, nested groups: the analysis has
    a budget of its own, not the interpreter's recursion limit (it either
    gives up or answers right, ``heads`` being the right answer)."""
    found = match_heads(pattern)
    assert found is None or found == heads
    match_heads.cache_clear()
    assert _with_stack_left(350, lambda: match_heads(pattern)) == found


def test_parts_nested_past_the_depth_budget_offer_no_factor() -> None:
    assert match_factors("(" * 100 + "個人" + ")" * 100 + "\\w") == {"個人"}
    assert match_factors("(" * 200 + "個人" + ")" * 200 + "\\w") is None


ADVERSARIAL = [  # patterns of up to 2,000 characters, and their heads (None: the analysis gives up)
    ("(?:a|b|){100}c", None),
    ("(?:a|b|c|d|)" * 160, None),
    ("(?:a|b|c|d|)" * 30 + "x", None),
    ("(?:[abcdefghijkl]|[mnopqrstuvwx]|)" * 55 + "y", None),
    ("(?:[abcdefghijkl]?)" * 100 + "z", None),
    ("(?:a|b|)*?" * 180 + "c", None),
    ("(" * 300 + "a?" + ")?" * 300 + "b", None),
    ("\\b" * 900 + "x", None),
    ("[abcdefghijkl]" * 140, {a + b for a in "abcdefghijkl" for b in "abcdefghijkl"}),
    ("(?:" + "|".join(a + b + c for a in "abcdefgh" for b in "abcdefgh" for c in "abcd") + ")",
     {a + b + c for a in "abcdefgh" for b in "abcdefgh" for c in "abcd"}),
]


def test_adversarial_patterns_are_analysed_within_the_budget() -> None:
    """Each is read in a bounded amount of work (a few milliseconds): it
    gives up, or finds the right heads."""
    for pattern, heads in ADVERSARIAL:
        assert len(pattern) <= 2000
        assert match_heads(pattern) == heads, pattern[:40]


def test_past_the_work_budget_a_pattern_has_no_heads(monkeypatch: pytest.MonkeyPatch) -> None:
    assert match_heads("(お客様|利用者)の") == {"お客様", "利用者"}
    match_heads.cache_clear()
    monkeypatch.setattr(prefilter, "MAX_WORK", 5)
    assert match_heads("(お客様|利用者)の") is None


@pytest.mark.parametrize("pattern, text", [
    (re.compile("abc", re.IGNORECASE), "xx ABC abc Abc"),
    (re.compile("ab個人", re.IGNORECASE), "AB個人 aB個人"),
    (re.compile("a b c  # three letters", re.VERBOSE), "abc a b c"),
    (re.compile("\\w+ 株式 会社", re.VERBOSE), "ABC株式会社"),
    (re.compile("個人情報", re.ASCII), "個人情報"),
], ids=["ignorecase", "ignorecase-kanji", "verbose-heads", "verbose-factors", "ascii"])
def test_scan_answers_as_patterns_compiled_with_flags(pattern: re.Pattern[str], text: str) -> None:
    _scan_answers_as_the_pattern(pattern, text)


def test_heads_and_factors_read_the_flags_given() -> None:
    assert match_heads("abc", flags=re.IGNORECASE) is None
    assert match_factors("\\w+abc", re.IGNORECASE) is None
    assert match_heads("a b c  # three letters", flags=re.VERBOSE) == {"abc"}
    assert match_factors("\\w+ 株式 会社", re.VERBOSE) == {"株式会社"}
    assert match_heads("個人情報", flags=re.ASCII) == {"個人情"}
