"""Provision to third parties in foreign countries (外国にある第三者への提供)."""
from __future__ import annotations

import re

from nlp.extract.base import DocumentView, Extractor, Finding

FOREIGN = re.compile(r"外国(にある|の|に所在する|に設置|に所在)|海外(の|にある|に所在|に設置|へ|に)|国外|越境|日本国外|日本以外")
TRANSFER = re.compile(r"提供|移転|保管|保存|委託|預託|送信|転送|取り?扱|サーバ|クラウド|処理")
NEGATED = re.compile(r"(提供|移転|保管|委託)(する|いたす)?こと(は|も)?(ありません|いたしません|しません)|(提供|移転)(いた)?しません|行いません")
# Security-measure statements (外的環境の把握) and conditional provisions of
# the statute only restate the rule; they do not say data goes abroad.
RESTATEMENT = re.compile(r"外的環境|第28条|28条|場合には、?(当該国|あらかじめ)|外国にある第三者に(個人データを)?提供する場合には")


SYSTEM_INFO = re.compile(r"制度|十分性|GDPR|PDPA|個人情報保護委員会|(個人情報|データ)(の)?保護に関する法(律|令)|法律はありません|規制|措置")


class ForeignTransferExtractor(Extractor):
    """A clause saying data goes abroad, with the countries and system
    information given in it or in the lines that follow, up to the next section."""

    name = "foreign_transfer"
    field = "foreign_transfer"

    def region_end(self, view: DocumentView, end: int) -> int:
        limit = min(len(view.text), end + 1200)
        for block in view.blocks:
            if end < block.start < limit and block.categories and "foreign" not in block.categories and block.level <= 2:
                return block.start
        return limit

    def extract(self, view: DocumentView) -> list[Finding]:
        findings: list[Finding] = []
        for start, end in view.sentence_spans:
            sentence = view.text[start:end]
            countries = [(label, m) for label, cue in view.resources.cues("countries").items()
                         for m in cue.finditer(view.text, start, end)]
            foreign = FOREIGN.search(sentence)
            if not (foreign or countries) or not TRANSFER.search(sentence) or NEGATED.search(sentence):
                continue
            if RESTATEMENT.search(sentence) and not countries:
                continue
            region_end = self.region_end(view, end)
            countries += [(label, m) for label, cue in view.resources.cues("countries").items()
                          for m in cue.finditer(view.text, end, region_end)]
            findings.append(self.finding("present", start, end, view, 0.8 if countries else 0.6,
                                         "foreign-transfer clause" + (" naming countries" if countries else ""),
                                         countries=sorted({label for label, _ in countries}),
                                         system_info=bool(SYSTEM_INFO.search(view.text, start, region_end))))
        return findings
