"""Provision to third parties in foreign countries (外国にある第三者への提供)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from nlp.extract.base import DocumentView, Extractor, Finding
from nlp.structure import is_heading

class ForeignTransferExtractor(Extractor):
    """A clause saying data goes abroad, with the countries and system
    information given in it or in the lines that follow, up to the next section."""

    name = "foreign_transfer"
    field = "foreign_transfer"

    def region_end(self, view: DocumentView, end: int, block_starts: list[int] | None = None) -> int:
        """Where the lines after a clause stop: 1200 characters on, or the next
        section of another topic. ``block_starts`` (the blocks' starts, in order)
        lets the blocks in reach be found by bisection."""
        limit = min(len(view.text), end + 1200)
        starts = block_starts if block_starts is not None else [block.start for block in view.blocks]
        for block in view.blocks[bisect_right(starts, end):]:
            if block.start >= limit:
                break
            if block.categories and "foreign" not in block.categories and block.level <= 2:
                return block.start
        return limit

    def extract(self, view: DocumentView) -> list[Finding]:
        findings: list[Finding] = []
        cues = view.resources.cues("foreign_cues")
        block_starts = [block.start for block in view.blocks]
        named = view.resources.cues("countries")
        for start, end in view.sentences_with(cues["foreign"], *named.values()):
            line = view.line_at(start)
            if line is not None and (line.start, line.end) == (start, end) and is_heading(line):
                continue  # «第8条(外国にある第三者への提供)»: what the section is about, not what it says
            sentence = view.text[start:end]
            countries = [(label, m) for label, cue in named.items()
                         for m in cue.finditer(view.text, start, end)]
            if not (cues["foreign"].search(sentence) or countries):
                continue
            why = "foreign-transfer clause" + (" naming countries" if countries else "")
            transferred = bool(cues["transfer"].search(sentence))
            if not transferred and (going_on := self._going_on(view, end, cues)):
                end, transferred = going_on, True  # «米国の事業者…。同社に提供され…»
                sentence = view.text[start:end]
            elif not transferred and countries and self._listed_under_provision(view, start, end, cues):
                transferred, why = True, f"{why}, listed under a provision (foreign_cues.yaml#provision)"
            elif not transferred and countries and self._in_provision_section(view, start, cues):
                transferred, why = True, f"{why}, in a section on provision abroad (foreign_cues.yaml#provision)"
            if not transferred or cues["negated"].search(sentence) or self._not_handled(view, start, end, cues):
                continue
            if cues["restatement"].accepts(sentence) and not countries:
                continue
            region_end = self.region_end(view, end, block_starts)
            countries += [(label, m) for label, cue in named.items()
                          for m in cue.finditer(view.text, end, region_end)
                          if not view.search(cues["same_country"], *view.sentence_at(m.start()))]
            findings.append(self.finding("present", start, end, view, 0.8 if countries else 0.6, why,
                                         countries=sorted({label for label, _ in countries}),
                                         system_info=self._system_info(view, start, region_end, cues,
                                                                       {label for label, _ in countries})))
        return findings

    @staticmethod
    def _system_info(view: DocumentView, start: int, end: int, cues, countries: set[str]) -> bool:
        """Whether ``text[start:end]`` gives information on the system of every
        country named: a sentence about systems that names no country covers
        them all (a pointer to the PPC survey, «同国の制度»); one naming
        countries covers those. An offer to give it on request gives none."""
        named = view.resources.cues("countries")
        described: set[str] = set()
        for m in view.scan("foreign_cues").finditer("system_info", start, end):
            sentence = view.sentence_at(m.start())
            if view.search(cues["system_on_request"], *sentence):
                continue
            here = {label for label, cue in named.items() if view.search(cue, *sentence)}
            if not here:
                return True
            described |= here
        return bool(described) and described >= countries

    @staticmethod
    def _listed_under_provision(view: DocumentView, start: int, end: int, cues) -> bool:
        """Whether the sentence is a short list item (a recipient «・…(所在国:米国)»)
        under a line that provides data (``foreign_cues.yaml#provision``)."""
        line = view.line_at(start)
        if line is None or not line.marker or end > line.end + 1 or line.end - line.start > 80:
            return False
        parent = view.list_parent(start)
        return bool(cues["provision"].search(parent)) and not cues["negated"].search(parent)

    @staticmethod
    def _in_provision_section(view: DocumentView, start: int, cues) -> bool:
        """Whether the sentence stands in a section whose title gives data
        abroad («5. 外国にある第三者への提供») and which denies none: a
        recipient's country named there («広告配信事業者はアイルランドに所在します»)
        is where the data goes."""
        block = view.innermost_with(start, "foreign")
        return block is not None and bool(cues["provision"].search(block.title)) \
            and not view.search(cues["negated"], block.start, block.end)  # «…提供していません。なお、親会社は米国に…»

    @staticmethod
    def _not_handled(view: DocumentView, start: int, end: int, cues) -> bool:
        """Whether the sentence or the rest of its line (a list item) says the
        provider abroad does not handle the data (``foreign_cues.yaml#not_handled``)."""
        line = view.line_at(start)
        return view.accepts_in(cues["not_handled"], start, max(end, line.end) if line is not None else end)

    @staticmethod
    def _going_on(view: DocumentView, end: int, cues) -> int | None:
        """The end of the sentence right after the one ending at ``end`` when it
        refers back to it (同社, 同国) and says where the data goes."""
        spans = view.sentence_spans
        index = bisect_left(view._sentence_starts, end)  # the view's own index of sentence starts
        if index >= len(spans):
            return None
        nxt_start, nxt_end = spans[index]
        following = view.text[nxt_start:nxt_end]
        if nxt_start - end > 2 or not cues["back_reference"].search(following) or not cues["transfer"].search(following):
            return None
        return nxt_end
