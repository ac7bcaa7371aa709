"""Japanese tokenisation with fugashi (UniDic-lite), loaded once per process.

Extractors use token boundaries to keep vocabulary matches from starting in
the middle of a word (e.g. 名 inside 会社名).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

import fugashi

# MeCab's time grows with the square of an unbroken run of letters or digits
# (each position can start an unknown word spanning the whole run), so long
# lines are tokenised in pieces: cut after 。、 or a blank near the end of each
# piece, or, in a run without any, at the piece's length.
MAX_PIECE = 1024
_SOFT_CUT = re.compile(r"[。、，,．.！？!?\s]")


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


def token_boundaries(text: str) -> frozenset[int]:
    """Character offsets at which a token starts or ends (line starts included)."""
    cuts = {0, len(text)}
    pos = 0
    for line in text.split("\n"):
        for piece_start, piece in _pieces(line):
            offset = pos + piece_start
            cuts.add(offset)
            for word in tagger()(piece):
                offset += len(word.white_space)
                cuts.add(offset)
                offset += len(word.surface)
                cuts.add(offset)
        pos += len(line) + 1
        cuts.add(pos)
    return frozenset(cuts)
