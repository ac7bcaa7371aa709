"""Third-party provision grounds: statutory exceptions, non-third-party cases
(委託, 事業承継, 共同利用) and non-statutory grounds, wherever stated."""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

from nlp.extract.base import DocumentView, Finding
from nlp.extract.vocabulary import VocabularyExtractor
from nlp.vocab import Cue

JOINT_USE_SECTIONS = frozenset({"joint_use", "joint_parties", "joint_items", "joint_purposes", "joint_responsible"})


class ExceptionExtractor(VocabularyExtractor):
    """Grounds stated in provision clauses, in lists they introduce and in
    provision sections; inside a joint-use section only joint use itself is one (the parties'
    names and purposes there are not grounds of this organisation)."""

    name = "third_party_exceptions"
    field = "third_party_exceptions"
    vocabulary = "exceptions"

    def keep(self, view: DocumentView, label: str, start: int, end: int) -> bool:
        if label in ("joint_use", "industry_exchange"):
            return True  # a 共同利用 section counts even when its details are deferred, and an industry scheme run as one
        section = view.innermost_with(start)
        if section is None or not (section.categories <= JOINT_USE_SECTIONS):
            return True
        # a heading of its level or above between the joint-use title and ``start`` ends that section («緊急時の対応»)
        return any(section.start < block.start <= start and block.level <= section.level and block.lines
                   for block in view.blocks)

    def extract(self, view: DocumentView) -> list[Finding]:
        """A section title (「(3)委託先の管理」) is evidence only when the section
        itself does not state the same ground."""
        findings = super().extract(view)
        positions: dict[str, list[int]] = {}
        for f in findings:
            positions.setdefault(f.label, []).append(f.start)
        for starts in positions.values():
            starts.sort()

        def restated(f: Finding) -> bool:
            block = view.titled_block(f.start)
            if block is None:
                return False
            starts = positions[f.label]
            index = bisect_right(starts, block.title_span[1] - 1)
            return index < len(starts) and starts[index] <= block.end

        kept = [f for f in findings if not restated(f)]
        kept += self._listed_recipients(view, kept)
        return kept + self._agreed_provision(view, kept)

    def _listed_recipients(self, view: DocumentView, findings: list[Finding]) -> list[Finding]:
        """``service_partners`` where a section titled as a list of recipients
        («個人情報の提供先») or a sentence announcing them («次の者に…提供します»)
        lists them, one per item, without a verb
        (``exception_cues.yaml#recipient_list_title``, ``#recipient_list_intro``, ``#listed_recipient``)."""
        if any(f.label == "service_partners" for f in findings):
            return []
        cues = view.resources.cues("exception_cues")
        title, intro, recipient = cues["recipient_list_title"], cues["recipient_list_intro"], cues["listed_recipient"]
        items = [line for line in view.lines if line.marker and recipient.accepts(line.text)]
        if not items:
            return []
        listed = [(line, block.title) for block in view.blocks if title.accepts(block.title)
                  for line in items if block.title_span[1] < line.start < block.end]
        listed += [(line, announced) for line in items
                   if (announced := view.list_intro(line.start)) and intro.accepts(announced)]
        if not listed:
            return []
        line, heading = listed[0]
        return [self.finding("service_partners", line.start, line.end, view, 0.7,
                             f"{recipient.explain(line.text, recipient.search(line.text).start())}"
                             f" (a recipient listed under «{heading.splitlines()[-1][:40]}»)")]

    def _agreed_provision(self, view: DocumentView, findings: list[Finding]) -> list[Finding]:
        """``consent`` where the reader agrees to a provision: to the text when
        it states a provision to partners (``exception_cues.yaml#agreement``),
        or to a provision the agreement names itself (``#agreed_provision``)."""
        labels = {f.label for f in findings}
        if "consent" in labels:
            return []
        cues = view.resources.cues("exception_cues")
        agreement, agreed_provision = cues["agreement"], cues["agreed_provision"]
        for start, end in view.sentences_with(agreement):
            if not view.accepts_in(agreement, start, end):
                continue
            if "service_partners" in labels:
                return [self.finding("consent", start, end, view, 0.7,
                                     "exception_cues.yaml#agreement (the reader agrees to a stated provision)")]
            if view.accepts_in(agreed_provision, start, end):
                return [self.finding("consent", start, end, view, 0.7,
                                     "exception_cues.yaml#agreed_provision (the reader agrees to the provision it names)")]
        return []

    def zones(self, view: DocumentView, sentences: list[tuple[int, int]]) -> Iterable[tuple[int, int, str]]:
        provision = view.resources.cue("exception_cues", "provision_cue")
        proviso = view.resources.cue("exception_cues", "proviso")
        inline_items = view.resources.cue("exception_cues", "inline_items")
        for start, end in sentences:
            intro = view.list_intro(start)
            if view.search_in(provision, start, end):
                yield start, end, "provision clause"
            elif view.search_in(proviso, start, end) and self._follows_provision(view, start, provision):
                yield start, end, "proviso to a provision clause"
            elif view.search_in(inline_items, start, end) and self._follows_provision(view, start, provision):
                yield start, end, "items after a provision clause"
            elif intro and provision.search(intro):
                yield start, end, "item of a provision list"
            elif view.in_blocks(start, "third_party", "outsourcing", "joint_use", "my_number"):
                yield start, end, "provision section"

    @staticmethod
    def _follows_provision(view: DocumentView, start: int, provision: Cue) -> bool:
        """Whether the sentence before ``start`` is a provision clause."""
        if start == 0:
            return False
        before_start, before_end = view.sentence_at(start - 1)
        return bool(provision.search(view.text[before_start:before_end]))
