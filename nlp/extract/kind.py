"""The kind of document: web form, consent form, privacy policy or other.

Cues and their weights are in ``kind.yaml``: a web form asks for personal data
in fields, a consent form asks its reader to agree, a policy states how data
is handled. The explanation names the entries that decided.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from nlp.extract.base import DocumentView, Extractor, Finding
from nlp.structure import Line
from nlp.vocab import Cue

#: a field line is short; a line this long is prose that mentions field names
FIELD_LINE_CHARS = 40
#: a consent cue in the first or last lines (title, closing 同意する box) counts twice
CONSENT_HEAD_LINES, CONSENT_FOOT_LINES = 3, 3
#: last lines searched for a form's office-use box (【代理店記入欄】 and the rows under it)
OFFICE_BOX_REACH = 10
#: a web form needs at least this much form weight, and a marked field or a control
MIN_FORM = 3.0
#: a consent form's consent weight reaches at least this share of the policy weight
CONSENT_SHARE = 0.5
#: lines at the head of a text that hold its title
TITLE_LINES = 2
#: below this policy weight (titles, statements, mentions of personal data) a text is "other"
MIN_POLICY = 0.5


@dataclass
class Tally:
    """Weight gathered for one kind and the entries that gave it."""

    weight: float = 0.0
    entries: dict[str, int] = field(default_factory=dict)
    first: int | None = None
    at_head: bool = False  # a cue in the first lines (a 同意書 title)
    at_foot: bool = False  # a cue in the last lines (a closing 同意する box, a signature)

    @property
    def at_edge(self) -> bool:
        return self.at_head or self.at_foot

    def add(self, key: str, score: float, pos: int, times: int = 1) -> None:
        self.weight += score * times
        self.entries[key] = self.entries.get(key, 0) + times
        self.first = pos if self.first is None else min(self.first, pos)

    def explain(self) -> str:
        return " + ".join(f"kind.yaml#{key} ×{n}" for key, n in self.entries.items()) or "no cue"


def form_foot_start(lines: list[Line], cues: dict[str, Cue]) -> int:
    """Where a paper form's foot starts: the blanks, rule lines, notes and revision
    dates it ends with, or the office-use box (``kind.yaml#office_box``) in its
    last lines, with all that follows; the end of the text when there is none."""
    start = len(lines)
    while start > 0 and any(cues[key].search(lines[start - 1].text) for key in ("form_foot", "dated_line", "foot_note")):
        start -= 1
    office = next((k for k in range(len(lines) - 1, max(-1, len(lines) - 1 - OFFICE_BOX_REACH), -1)
                   if cues["office_box"].search(lines[k].text)), None)
    if office is not None:
        return min(start, office)
    if not any(cues["form_foot"].search(line.text) for line in lines[start:]):
        return len(lines)  # only dates: a policy's foot, not a form's
    return start


def tallies(view: DocumentView) -> dict[str, Tally]:
    """The form, consent and policy weights of a document."""
    cues = view.resources.cues("kind")
    form, consent, policy, topic = Tally(), Tally(), Tally(), Tally()
    lines = view.lines
    field_lines = {line.start for line in view.lines_with(cues["form_field"], cues["form_field_label"])}
    statement = cues["consent_statement"]
    statement_lines = {line.start for line in view.lines_with(statement)}
    foot_start = form_foot_start(lines, cues)
    for index, line in enumerate(lines):
        if len(line.text) <= FIELD_LINE_CHARS and line.start in field_lines:
            key = next((k for k in ("form_field", "form_field_label") if cues[k].accepts(line.text)), None)
            if key:
                form.add(key, cues[key].score, line.start)
        if line.start not in statement_lines or statement.excluded(line.text):
            continue
        head, foot = index < CONSENT_HEAD_LINES, index >= foot_start - CONSENT_FOOT_LINES
        for m in statement.finditer(line.text):
            consent.add("consent_statement", statement.score, line.start + m.start(), 2 if head or foot else 1)
            consent.at_head, consent.at_foot = consent.at_head or head, consent.at_foot or foot
    for key, tally in (("form_control", form), ("policy_title", policy), ("policy_statement", policy),
                       ("policy_topic", topic)):
        for m in view.scan("kind").matches(key):
            tally.add(key, cues[key].score, m.start())
    return {"web_form": form, "consent_form": consent, "privacy_policy": policy, "topic": topic}


class KindExtractor(Extractor):
    """A web form when its fields outweigh the policy text; a consent form when
    it asks for agreement in its title or closing lines; a policy when it is
    about personal data."""

    name = "kind"
    field = "kind"

    def extract(self, view: DocumentView) -> list[Finding]:
        t = tallies(view)
        form, consent, policy, topic = t["web_form"], t["consent_form"], t["privacy_policy"], t["topic"]
        marked = form.entries.keys() & {"form_field", "form_control"}
        signed = consent.at_head and consent.at_foot  # a 同意書 title and a signature: a paper form, fields or not
        if marked and form.weight >= MIN_FORM and form.weight >= policy.weight and not signed:
            label, decided = "web_form", form
        elif consent.at_edge and consent.weight >= CONSENT_SHARE * policy.weight:
            label, decided = "consent_form", consent
        elif self._other_title(view):
            label, decided = "other", self._other_title(view)
        elif policy.weight + topic.weight >= MIN_POLICY:
            label, decided = "privacy_policy", policy if policy.entries else topic
        else:
            label, decided = "other", Tally()
        start = decided.first or 0
        line = view.line_at(start)
        end = line.end if line and line.end > start else min(len(view.text), start + 40)
        score = min(0.95, 0.5 + 0.05 * decided.weight)
        return [self.finding(label, start, end, view, score, decided.explain())]

    @staticmethod
    def _other_title(view: DocumentView) -> Tally | None:
        """The title of a page that is neither a policy nor a form (利用規約 …) in
        the first lines, when they hold no policy title."""
        cue, policy = view.resources.cue("kind", "other_title"), view.resources.cue("kind", "policy_title")
        head = view.lines[:TITLE_LINES]
        if any(policy.search(line.text) for line in head):
            return None
        for line in head:
            m = cue.search(line.text)
            if m:
                tally = Tally()
                tally.add("other_title", cue.score, line.start + m.start())
                return tally
        return None
