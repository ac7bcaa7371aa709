"""The literal prefilter: heads read off patterns, and one-pass scans that
answer exactly as the entries' own patterns do."""
from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from nlp.extract.base import DocumentView
from nlp.ingest import load_document
from nlp.vocab import Cue, Resources, builtin_names
from nlp.vocab.prefilter import CueMatcher, TextScan, match_factors, match_heads

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


@pytest.mark.parametrize("pattern, heads", [
    ("個人情報", {"個人情"}),
    ("氏\\s*名", {"氏"}),
    ("(お客様|利用者)の", {"お客様", "利用者"}),
    ("[個法]人", {"個人", "法人"}),
    ("(?<!第)三者", {"三者"}),
    ("(ご)?案内", {"ご案内", "案内"}),
    ("メ?ール", {"メール", "ール"}),
    ("(商品|サービス)[^、。]{0,12}情報", {"商品", "サービ"}),
])
def test_heads_of_a_pattern(pattern: str, heads: set[str]) -> None:
    assert match_heads(pattern) == heads


@pytest.mark.parametrize("pattern", [".{0,3}情報", "\\w+様", "[^、]情報", "(?i:mail)", "a*", "(?:個人)?",
                                     "[一-龥]{1,8}市"])
def test_no_heads_when_a_match_may_start_anywhere(pattern: str) -> None:
    assert match_heads(pattern) is None


@pytest.mark.parametrize("pattern, factors", [
    ("^\\s*[□☐]?\\s*上記に同意", {"上記に同意"}),
    ("\\w+(株式会社|有限会社)", {"株式会社", "有限会社"}),
    ("[一-龥]{1,8}[市区]", {"市", "区"}),
    (".{0,5}(?:個人|お客様)?情報", {"情報"}),
])
def test_factors_of_a_pattern_without_heads(pattern: str, factors: set[str]) -> None:
    assert match_heads(pattern) is None
    assert match_factors(pattern) == factors


def test_factors_of_characters_read_one_after_another() -> None:
    """Short classes side by side give the strings of a window (a date 4/1, 2024.04.01)."""
    digits = "0123456789"
    assert match_factors("\\w*[./](?P<month>[0-9]{1,2})") == {mark + d for mark in "./" for d in digits}
    assert match_factors("\\w*[0-9][./][0-9]") == {a + mark + b for a in digits for mark in "./" for b in digits}


def test_a_rare_mark_gates_an_entry_but_a_particle_does_not() -> None:
    cues = {key: Cue("f", key, re.compile(p), None, 0.9, (("f", p),))
            for key, p in {"email": "\\w+@\\w+", "date": "\\w*[0-9]/[0-9]", "particle": "\\w+の"}.items()}
    matcher = CueMatcher({"f": cues})
    assert matcher.gated("f", "email") and matcher.gated("f", "date")
    assert not matcher.gated("f", "particle")


def test_no_factors_when_nothing_literal_is_mandatory() -> None:
    assert match_factors("\\w+") is None
    assert match_factors("(?:個人)?\\d+") is None


@lru_cache(maxsize=1)
def _documents() -> list[str]:
    """The project's documents, and every third of ../shared's when present."""
    folders = [ROOT / "corpora" / "docs", SHARED / "seeds", SHARED / "real"]
    paths = [path for folder in folders if folder.is_dir() for path in sorted(folder.iterdir()) if path.is_file()]
    return [load_document(path).text for number, path in enumerate(paths) if "shared" not in path.parts
            or number % 3 == 0]


@pytest.mark.parametrize("name", builtin_names())
def test_scan_answers_as_the_patterns_do(name: str) -> None:
    """Every entry of every built-in file, over the project's documents (and
    ../shared's when present): whole-text matches and searches in lines,
    sentences and random spans are those of the entry's own pattern, and a
    span ruled out has no match read alone either (``DocumentView.search_in``)."""
    resources, rng = Resources.default(), random.Random(8)
    cues = resources.cues(name)
    matcher = CueMatcher({file: resources.cues(file) for file in builtin_names()})  # every file in one pass
    for text in _documents():
        scan, view = TextScan(matcher.scan(text), name, cues), DocumentView(text)
        units = [(line.start, line.end) for line in view.lines] + view.sentence_spans
        spans = rng.sample(units, min(len(units), 25))
        spans += [tuple(sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))) for _ in range(10)]
        for key, cue in cues.items():
            assert [m.span() for m in scan.matches(key)] == [m.span() for m in cue.finditer(text)], key
            for start, end in spans:
                found, expected = scan.search(key, start, end), cue.search(text, start, end)
                assert (found and found.span()) == (expected and expected.span()), (key, start, end)
                assert scan.may_match(key, start, end) or not cue.search(text[start:end]), (key, start, end)
                found, expected = scan.search_alone(key, start, end), cue.search(text[start:end])
                assert (found and found.span()) == (expected and expected.span()), (key, start, end)
                assert [m.span() for m in scan.finditer(key, start, end)] == \
                    [m.span() for m in cue.finditer(text, start, end)], (key, start, end)


ALPHABET = "個人情報の利用目的第三者提供お客様、。\n 　(（)）・0123456789abc./@"
PATTERNS = ["個人情報", "(個人|お客様)の?情報", "[第]?三者(への|に)提供", "情報[^。]{0,5}提供", "(?<!第)三者",
            "利用(目的)?$", "^個人", "^\\s*同意(する)?", "[0-9]+年", "(お|ご)?客様\\s*の", "0[0-9]{1,3}", "(?:a|ab)c",
            "(?<![0-9])\\w{0,2}[0-9](?P<mark>[./])[0-9]{1,2}(?![0-9])", "\\w*@\\w+"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=120), start=st.integers(0, 130), end=st.integers(0, 130))
def test_scan_of_any_text_matches_re(text: str, start: int, end: int) -> None:
    cues = {f"p{i}": Cue("test", f"p{i}", re.compile(p), None, 0.9, (("test", p),)) for i, p in enumerate(PATTERNS)}
    scan = TextScan(CueMatcher({"test": cues}).scan(text), "test", cues)
    for key, cue in cues.items():
        assert [m.span() for m in scan.matches(key)] == [m.span() for m in cue.finditer(text)]
        found, expected = scan.search(key, start, end), cue.search(text, start, end)
        assert (found and found.span()) == (expected and expected.span())
        assert scan.may_match(key, start, end) or not cue.search(text[start:end])
        found, expected = scan.search_alone(key, start, end), cue.search(text[start:end])  # DocumentView.search_in
        assert (found and found.span()) == (expected and expected.span())
        assert [m.span() for m in scan.finditer(key, start, end)] == [m.span() for m in cue.finditer(text, start, end)]


def test_lines_and_sentences_with_a_cue_are_those_it_matches_in() -> None:
    text = "個人情報保護方針\n1. お客様の氏名を取得します。住所も取得します。\n2. 第三者には提供しません。\n"
    resources = Resources()
    cue = resources.cue("data_items", "name")
    assert len(DocumentView(text, resources).lines_with(cue)) == 3  # not looked for yet: any line may match
    view = DocumentView(text, resources)
    assert [line.text for line in view.lines_with(cue)] == ["1. お客様の氏名を取得します。住所も取得します。"]
    assert [text[s:e] for s, e in view.sentences_with(cue)] == ["1. お客様の氏名を取得します。"]


def test_entries_asked_about_join_the_one_pass_from_the_next_document_on() -> None:
    resources = Resources()
    first = DocumentView("お客様の氏名を取得します。", resources)
    assert [m.group(0) for m in first.scan("data_items").matches("name")] == ["氏名"]  # matched the ordinary way
    assert first.scan("data_items").positions("name") is None
    assert resources.asked == {"data_items": {"name"}}
    second = DocumentView("氏名と住所", resources)
    assert second._scan.matcher.covered == {"data_items": {"name"}}
    assert 0 in (second.scan("data_items").positions("name") or [])
    assert [m.group(0) for m in second.scan("data_items").matches("name")] == ["氏名"]



@pytest.mark.parametrize("vocabulary", ["purposes", "data_items", "exceptions"])
def test_every_label_entry_has_literal_heads(vocabulary):
    """The label vocabularies run over every document: an entry whose pattern
    starts with a character class or a wildcard has no heads for the one pass
    and is tried at every sentence, which slows every document down (write
    the match from a literal word instead: «株式会社…に提供», not «…株式会社に提供»)."""
    cues = Resources.default().cues(vocabulary)
    assert [key for key, cue in cues.items() if match_heads(cue.pattern.pattern, flags=cue.pattern.flags) is None] == []
