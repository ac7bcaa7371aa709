"""Provision to third parties in foreign countries (外国にある第三者への提供)."""
from __future__ import annotations

from nlp.extract.base import DocumentView, Extractor, Finding

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
        cues = view.resources.cues("foreign_cues")
        for start, end in view.sentence_spans:
            sentence = view.text[start:end]
            countries = [(label, m) for label, cue in view.resources.cues("countries").items()
                         for m in cue.finditer(view.text, start, end)]
            foreign = cues["foreign"].search(sentence)
            if not (foreign or countries) or not cues["transfer"].search(sentence) or cues["negated"].search(sentence):
                continue
            if cues["restatement"].search(sentence) and not countries:
                continue
            region_end = self.region_end(view, end)
            countries += [(label, m) for label, cue in view.resources.cues("countries").items()
                          for m in cue.finditer(view.text, end, region_end)]
            findings.append(self.finding("present", start, end, view, 0.8 if countries else 0.6,
                                         "foreign-transfer clause" + (" naming countries" if countries else ""),
                                         countries=sorted({label for label, _ in countries}),
                                         system_info=bool(cues["system_info"].search(view.text, start, region_end))))
        return findings
