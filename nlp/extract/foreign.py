"""Provision to third parties in foreign countries (外国にある第三者への提供)."""
from __future__ import annotations

import re

from nlp.extract.base import DocumentView, Extractor, Finding, finditer
from nlp.vocab import compiled

FOREIGN = re.compile(r"外国(にある|の|に所在する|に設置|に所在)|海外(の|にある|に所在|に設置|へ|に)|国外|越境|日本国外|日本以外")
TRANSFER = re.compile(r"提供|移転|保管|保存|委託|預託|送信|転送|取り?扱|サーバ|クラウド|処理")
NEGATED = re.compile(r"(提供|移転|保管|委託)(する|いたす)?こと(は|も)?(ありません|いたしません|しません)|(提供|移転)(いた)?しません|行いません")
# Security-measure statements (外的環境の把握) and conditional provisions of
# the statute only restate the rule; they do not say data goes abroad.
RESTATEMENT = re.compile(r"外的環境|第28条|28条|場合には、?(当該国|あらかじめ)|外国にある第三者に(個人データを)?提供する場合には")


class ForeignTransferExtractor(Extractor):
    name = "foreign_transfer"
    field = "foreign_transfer"

    def extract(self, view: DocumentView) -> list[Finding]:
        findings: list[Finding] = []
        for start, end in view.sentence_spans:
            sentence = view.text[start:end]
            countries = [(label, m) for label, pattern, _, _ in compiled("countries")
                         for m in finditer(pattern, view.text, start, end)]
            foreign = FOREIGN.search(sentence)
            if not (foreign or countries) or not TRANSFER.search(sentence) or NEGATED.search(sentence):
                continue
            if RESTATEMENT.search(sentence) and not countries:
                continue
            findings.append(self.finding("present", start, end, view, 0.8 if countries else 0.6,
                                         "foreign-transfer clause" + (" naming countries" if countries else ""),
                                         countries=sorted({label for label, _ in countries})))
        return findings
