"""Japanese tokenisation with fugashi (UniDic-lite), loaded once per process.

Extractors use token boundaries to keep vocabulary matches from starting in
the middle of a word (e.g. 名 inside 会社名). MeCab reads only the clause
asked about: the text up to and including the next 、 or 。 of its line.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Iterator

import fugashi

# MeCab's time grows with the square of an unbroken run of letters or digits
# (each position can start an unknown word spanning the whole run), so long
# lines are tokenised in pieces: cut after 。、 or a blank near the end of each
# piece, or, in a run without any, at the piece's length.
MAX_PIECE = 1024
_SOFT_CUT = re.compile(r"[。、，,．.！？!?\s]")
#: marks a clause ends with: MeCab always cuts after them, so that the tokens
#: of a clause read alone are those of its line (``tests/test_tokens.py``)
CLAUSE_ENDS = "、。"


@lru_cache(maxsize=1)
def tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


def _pieces(line: str) -> Iterator[tuple[int, str]]:
    """``line`` cut into ``(offset, piece)`` of at most ``MAX_PIECE`` characters."""
    start = 0
    while len(line) - start > MAX_PIECE:
        limit = start + MAX_PIECE
        cut = limit
        for m in _SOFT_CUT.finditer(line, limit - MAX_PIECE // 4, limit):
            cut = m.end()
        yield start, line[start:cut]
        start = cut
    yield start, line[start:]


@lru_cache(maxsize=1)
def splitter() -> fugashi.Tagger:
    """MeCab writing surfaces only, separated by blanks (``-Owakati``): the
    same tokens as ``tagger``, without a Python object per token."""
    return fugashi.Tagger("-Owakati")


def _piece_boundaries(piece: str, offset: int) -> list[int]:
    """Token starts and ends of ``piece``, from the surfaces MeCab writes,
    each found in the piece after the one before."""
    surfaces = [surface for surface in splitter().parse(piece).rstrip("\n").split(" ") if surface]
    if "".join(surfaces) == piece:  # no blank MeCab skipped: the surfaces tile the piece
        return list(accumulate(map(len, surfaces), initial=offset))
    cuts, pos = [], 0
    for surface in surfaces:
        found = piece.find(surface, pos)
        if found < 0:  # a surface MeCab wrote otherwise than it reads: ask for the tokens
            return _word_boundaries(piece, offset)
        pos = found + len(surface)
        cuts += (offset + found, offset + pos)
    return cuts


def _word_boundaries(piece: str, offset: int) -> list[int]:
    cuts, pos = [], offset
    for word in tagger()(piece):
        pos += len(word.white_space)
        cuts.append(pos)
        pos += len(word.surface)
        cuts.append(pos)
    return cuts


def line_boundaries(line: str, offset: int = 0) -> set[int]:
    """Offsets (from ``offset``) at which a token of ``line`` starts or ends."""
    cuts = {offset, offset + len(line)}
    for piece_start, piece in _pieces(line):
        cuts.add(offset + piece_start)
        cuts.update(_piece_boundaries(piece, offset + piece_start))
    return cuts


class TokenBoundaries:
    """Token boundaries of a text, each clause (``CLAUSE_ENDS``) tokenised the
    first time a position in it is asked about (line and clause starts and
    ends are boundaries)."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]
        self._clause_starts: dict[int, list[int]] = {}  # by line index
        self._clauses: dict[int, set[int]] = {}  # by the clause's start

    def __contains__(self, pos: int) -> bool:
        index = bisect_right(self.line_starts, pos) - 1
        if index < 0 or pos > len(self.text):
            return False
        starts = self._clause_starts.get(index)
        if starts is None:
            starts = self._clause_starts[index] = self._starts_of_clauses(index)
        clause = bisect_right(starts, pos) - 1
        start = starts[clause]
        if pos == start:
            return True
        if start not in self._clauses:
            end = starts[clause + 1] if clause + 1 < len(starts) else self._line_end(index)
            self._clauses[start] = line_boundaries(self.text[start:end], start)
        return pos in self._clauses[start]

    def _line_end(self, index: int) -> int:
        return self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)

    def _starts_of_clauses(self, index: int) -> list[int]:
        """Where the clauses of line ``index`` start: the line's start and after each mark of ``CLAUSE_ENDS``."""
        line_start, line_end = self.line_starts[index], self._line_end(index)
        starts = [line_start]
        for mark in CLAUSE_ENDS:
            found = self.text.find(mark, line_start, line_end)
            while found >= 0:
                starts.append(found + 1)
                found = self.text.find(mark, found + 1, line_end)
        return sorted(starts)
