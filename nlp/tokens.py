"""Japanese tokenisation with fugashi (UniDic-lite), loaded once per process.

Extractors use token boundaries to keep vocabulary matches from starting in
the middle of a word (e.g. 名 inside 会社名).
"""
from __future__ import annotations

from functools import lru_cache

import fugashi


@lru_cache(maxsize=1)
def tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


def token_boundaries(text: str) -> frozenset[int]:
    """Character offsets at which a token starts or ends (line starts included)."""
    cuts = {0, len(text)}
    pos = 0
    for line in text.split("\n"):
        offset = pos
        for word in tagger()(line):
            white = len(word.white_space)
            offset += white
            cuts.add(offset)
            offset += len(word.surface)
            cuts.add(offset)
        pos += len(line) + 1
        cuts.add(pos)
    return frozenset(cuts)
