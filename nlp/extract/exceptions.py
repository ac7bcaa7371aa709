"""Third-party provision grounds: statutory exceptions, non-third-party cases
(委託, 事業承継, 共同利用) and non-statutory grounds, wherever stated."""
from __future__ import annotations

from typing import Iterable

from nlp.extract.base import DocumentView
from nlp.extract.vocabulary import VocabularyExtractor

class ExceptionExtractor(VocabularyExtractor):
    name = "third_party_exceptions"
    field = "third_party_exceptions"
    vocabulary = "exceptions"

    def zones(self, view: DocumentView) -> Iterable[tuple[int, int, str]]:
        blocks = view.blocks_with("third_party", "outsourcing", "joint_use", "my_number")
        provision = view.resources.cue("exception_cues", "provision_cue")
        for start, end in view.sentence_spans:
            sentence = view.text[start:end]
            intro = view.list_intro(start)
            if provision.search(sentence):
                yield start, end, "provision clause"
            elif intro and provision.search(intro):
                yield start, end, "item of a provision list"
            elif any(b.start <= start <= b.end for b in blocks):
                yield start, end, "provision section"
