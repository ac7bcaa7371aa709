"""Vocabulary matching shared by the label extractors."""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

from nlp.extract.base import DocumentView, Extractor, Finding


#: delimiters a match may end with that belong to no clause of its own
TRAILING_DELIMITERS = "、。,，"


class VocabularyExtractor(Extractor):
    """Matches a vocabulary (``nlp/vocab/<vocabulary>.yaml``) inside the spans
    that ``zones`` yields; a match is kept when it starts on a token boundary
    and its clause (with a few characters around it, within its table cell)
    does not match the entry's ``exclude`` patterns."""

    vocabulary = ""
    context_margin = 12  # characters around the clause that ``exclude`` patterns see

    def zones(self, view: DocumentView, sentences: list[tuple[int, int]]) -> Iterable[tuple[int, int, str]]:
        """Which of ``sentences`` (those a match of the vocabulary starts in)
        count, each with a note on why (used in explanations)."""
        raise NotImplementedError

    def keep(self, view: DocumentView, label: str, start: int, end: int) -> bool:
        """Extra per-extractor veto on a match."""
        return True

    def extract(self, view: DocumentView) -> list[Finding]:
        """The vocabulary is matched once over the whole text; a match counts
        in the zone it starts in (found by bisection), clipped to that zone."""
        scan = view.scan(self.vocabulary)
        cues = view.resources.cues(self.vocabulary)
        sentences = view.sentences_at(m.start() for label in cues for m in scan.matches(label))
        zones = sorted(self.zones(view, sentences))
        zone_starts = [zone[0] for zone in zones]
        found: list[tuple[int, int, int, Finding]] = []
        seen: set[tuple[str, int, int]] = set()
        excluded: set[tuple[str, int, int]] = set()  # a clause's context is tested once, not per match
        for order, (label, cue) in enumerate(cues.items()):
            for m in scan.matches(label):
                start = m.start()
                index = bisect_right(zone_starts, start) - 1
                if index < 0 or start >= zones[index][1]:
                    continue
                zone_end, why = zones[index][1], zones[index][2]
                end = min(m.end(), zone_end)
                while end > start + 1 and view.text[end - 1] in TRAILING_DELIMITERS:
                    end -= 1  # «ご連絡、» is the clause before its 、, not the one after
                c_start, c_end = view.clause(start, end)
                key = (label, c_start, c_end)
                if key in seen or key in excluded:
                    continue
                sentence_start, sentence_end = view.sentence_at(start)
                margin = self.context_margin
                left, right = max(c_start - margin, sentence_start), min(c_end + margin, sentence_end)
                cell_end = view.text.find("\t", c_end, right)  # a table's next cell is not this clause's context
                context = view.text[view.text.rfind("\t", left, c_start) + 1 or left:cell_end if cell_end >= 0 else right]
                if cue.excluded(context):
                    excluded.add(key)  # whatever the match: the context is the clause's
                    continue
                if not view.at_token_boundary(start) or not self.keep(view, label, start, end):
                    continue
                seen.add(key)
                found.append((index, order, start, self.finding(label, c_start, c_end, view, cue.score,
                                                                f"{cue.explain(view.text, start)} ({why})",
                                                                match=(start, end))))
        return [finding for *_, finding in sorted(found, key=lambda f: f[:3])]
