"""Third-party provision grounds: statutory exceptions, non-third-party cases
(委託, 事業承継, 共同利用) and non-statutory grounds, wherever stated."""
from __future__ import annotations

import re
from typing import Iterable

from nlp.extract.base import DocumentView
from nlp.extract.vocabulary import VocabularyExtractor

# A clause about data leaving the organisation (or being used beyond purpose).
PROVISION_CUE = re.compile(
    r"提供|開示|第三者|委託|預託|共同(して|で)?利用|移転|外部|承継|除き|除いて|除く|場合を除|"
    r"目的(外|を超え)|同意なく|同意を得ずに|同意を得ないで|再保険|再共済"
)


class ExceptionExtractor(VocabularyExtractor):
    name = "third_party_exceptions"
    field = "third_party_exceptions"
    vocabulary = "exceptions"

    def zones(self, view: DocumentView) -> Iterable[tuple[int, int, str]]:
        blocks = view.blocks_with("third_party", "outsourcing", "joint_use", "my_number")
        for start, end in view.sentence_spans:
            sentence = view.text[start:end]
            intro = view.list_intro(start)
            if PROVISION_CUE.search(sentence):
                yield start, end, "provision clause"
            elif intro and PROVISION_CUE.search(intro):
                yield start, end, "item of a provision list"
            elif any(b.start <= start <= b.end for b in blocks):
                yield start, end, "provision section"
