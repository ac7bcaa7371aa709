"""Statements the requirement checks judge: security measures, the contact
point, the rights procedure, the no-provision rule, My Number limits … Each is
a sentence (or a list item) of the document matching an entry of
``statements.yaml``; the label is the entry's key.

Most entries are read sentence by sentence as they are. A few statements need
more than one entry and are composed here:

- ``security_<kind>``: a sentence naming one kind of measure (one naming
  several kinds at once is only a pledge);
- ``security_action_<kind>``: a list item about security (in a security
  section or under a ``security_context`` intro) that does what one kind of
  measure does, or a sentence about security that names what is done;
  ``security_itemised`` when such measures of three kinds or more stand in three
  sentences or items or more;
- ``rights_request`` / ``rights_stop``: a request the person can make, in a
  sentence (a list item: with its intro) that also says how or who asks
  (``rights_how``, ``rights_asker``);
  ``rights_channel`` when that sentence or the next says how to make it,
  ``rights_pointer`` when the request is only referred to another page;
  ``rights_bare`` when the request sentence only promises to follow the law;
- ``contact_point`` (a phrase, or a ``contact_name``) with a way to reach it
  (phone, e-mail, postal address from ``lexicons.yaml``, a ``contact_detail``
  or ``contact_desk``; no ``placeholder``), else ``contact_pointer`` (points
  elsewhere) or ``contact_promise`` (a contact point without details);
  ``contact_section``: such details in a contact section (``privacy_contact_section``
  when its title is about personal information, ``statements.yaml#privacy_contact_title``);
- ``my_number_limited``: a limitation sentence about My Number (naming it or in
  a My Number section).
"""
from __future__ import annotations

from typing import Iterator

from nlp.extract.base import DocumentView, Extractor, Finding, open_bracket
from nlp.structure import SpanIndex, is_heading
from nlp.vocab import Cue

#: findings kept per label (the first ones in the text)
PER_LABEL = 3
#: how far after a contact point its details may follow
DETAIL_REACH = 300
NEAR_REACH = 60
KINDS = ("organizational", "human", "physical", "technical")
#: entries that are only parts of composed statements
PARTS = {"security_context", "rights_how", "rights_asker", "rights_channel", "contact_name", "contact_detail",
         "contact_desk", "contact_pointer", "desk_above", "placeholder", "privacy_contact_title", "my_number_limited"}
COMPOSED = {"rights_request", "rights_stop", "rights_bare", "contact_point", *(f"security_{kind}" for kind in KINDS),
            *(f"security_action_{kind}" for kind in KINDS)}
#: labels this extractor emits beyond the keys of statements.yaml
DERIVED_LABELS = frozenset({"contact_promise", "contact_section", "privacy_contact_section", "contact_pointer",
                            "rights_channel", "rights_pointer", "my_number_limited", "security_itemised"})
#: list markers that head sections rather than items
HEADING_MARKERS = {"article", "chapter", "bracket_heading"}


class StatementExtractor(Extractor):
    """Sentences and list items that state what the requirement checks look for."""

    name = "statements"
    field = "statements"

    def extract(self, view: DocumentView) -> list[Finding]:
        cues = view.resources.cues("statements")
        found: list[Finding] = []
        for key, cue in cues.items():
            if key not in PARTS and key not in COMPOSED:
                found += self._plain(view, key, cue)
        found += self._security_kinds(view, cues)
        found += self._security_actions(view, cues)
        found += self._rights(view, cues)
        found += self._contact(view, cues)
        found += self._my_number_limited(view, cues)
        if any(f.label == "my_number_limited" for f in found):  # handled, whatever it is not collected for
            found = [f for f in found if f.label != "my_number_not_handled"]
        return self._first(found, view)

    @staticmethod
    def _first(findings: list[Finding], view: DocumentView) -> list[Finding]:
        """The first few findings of each label; headings only where no sentence
        states it (a heading names a topic, the sentences under it state it)."""
        titles = {b.title_span[0] for b in view.blocks}
        by_label: dict[str, list[Finding]] = {}
        for f in sorted(findings, key=lambda f: f.start):
            by_label.setdefault(f.label, []).append(f)
        kept = []
        for group in by_label.values():
            sentences = [f for f in group if f.start not in titles or "。" in f.text]
            kept += (sentences or group)[:PER_LABEL]
        return sorted(kept, key=lambda f: (f.start, f.label))

    def _sentence_finding(self, label: str, span: tuple[int, int], cue: Cue, view: DocumentView) -> Finding | None:
        start, end = span
        m = view.search(cue, start, end)
        if m is None or cue.excluded(view.text[start:end]):
            return None
        return self.finding(label, start, end, view, cue.score, cue.explain(view.text, m.start()))

    def _plain(self, view: DocumentView, label: str, cue: Cue) -> Iterator[Finding]:
        for span in view.sentences_with(cue):
            f = self._sentence_finding(label, span, cue, view)
            if f is not None:
                yield f

    def _security_kinds(self, view: DocumentView, cues: dict[str, Cue]) -> Iterator[Finding]:
        """Sentences setting out one kind of measure by name (a sentence naming
        several kinds at once is a pledge, not a measure set out)."""
        for span in view.sentences_with(*(cues[f"security_{kind}"] for kind in KINDS)):
            named = [f for kind in KINDS
                     if (f := self._sentence_finding(f"security_{kind}", span, cues[f"security_{kind}"], view))]
            if len(named) == 1:
                yield named[0]

    def _security_actions(self, view: DocumentView, cues: dict[str, Cue]) -> list[Finding]:
        """List items each doing what exactly one kind of measure does, and
        measures enumerated in a sentence about security (in a security section
        or a pledge), each kind they name."""
        found: dict[str, Finding] = {}
        stating: set[tuple[int, int]] = set()  # the sentences and items that state a measure
        pledge, context = cues["security_pledge"], cues["security_context"]
        for start, end in view.sentence_spans:
            line = view.line_at(start)
            pledged = (view.line_has(pledge, line) and not pledge.excluded(line.text)) if line else \
                pledge.accepts(view.text[start:end])
            if not (view.in_blocks(start, "security") or pledged):
                continue
            for kind in KINDS:
                label = f"security_action_{kind}"
                f = self._sentence_finding(label, (start, end), cues[label], view)
                if f is not None:
                    stating.add((start, end))
                    found.setdefault(kind, f)
        for line in view.lines:
            if line.marker is None or line.marker in HEADING_MARKERS or len(line.text.strip()) < 8:
                continue
            if not (view.in_blocks(line.start, "security") or context.accepts(view.list_intro(line.start))):
                continue
            kinds = [kind for kind in KINDS if cues[f"security_action_{kind}"].accepts(line.text)]
            if len(kinds) == 1 and not any(line.start <= s < line.end for s, _ in stating):
                stating.add((line.start, line.end))  # an item counted once, not again for its sentence
            if len(kinds) == 1 and kinds[0] not in found:
                cue = cues[f"security_action_{kinds[0]}"]
                m = view.search(cue, line.start, line.end)
                found[kinds[0]] = self.finding(f"security_action_{kinds[0]}", line.start, line.end, view, cue.score,
                                               cue.explain(view.text, m.start()))
        actions = list(found.values())
        if len(found) >= 3 and len(stating) >= 3:  # item by item, not a few measures named in a sentence or two
            first = min(actions, key=lambda f: f.start)
            actions.append(self.finding("security_itemised", first.start, first.end, view, first.score,
                                        f"statements.yaml#security_action_* ({len(found)} kinds in {len(stating)} sentences or items)"))
        return actions

    def _rights(self, view: DocumentView, cues: dict[str, Cue]) -> list[Finding]:
        how, asker = cues["rights_how"], cues["rights_asker"]
        findings = []
        spans = view.sentence_spans
        stated = set(view.sentences_with(cues["rights_request"], cues["rights_stop"]))  # the others state neither
        for index, (start, end) in enumerate(spans):
            if (start, end) not in stated:
                continue
            sentence = view.list_intro(start) + view.text[start:end]  # a list item is read with its intro
            if not how.accepts(sentence):
                continue
            line = view.line_at(start)
            if line is not None and (line.start, line.end) == (start, end) and is_heading(line):
                # «■ 開示等のご請求»: what the section is about, not how to ask, unless the
                # section opens with its desk («…の窓口は下記のとおりです»)
                following = spans[index + 1] if index + 1 < len(spans) else None
                request = self._sentence_finding("rights_request", (start, end), cues["rights_request"], view)
                if following is not None and request is not None and asker.accepts(sentence) \
                        and view.search(cues["contact_point"], *following) is not None:
                    findings.append(self.finding("rights_request", start, following[1], view, request.score,
                                                 f"{request.explanation} + the section's desk"))
                continue
            request = self._sentence_finding("rights_request", (start, end), cues["rights_request"], view)
            if request is not None and asker.accepts(sentence) and cues["contact_pointer"].accepts(request.text) \
                    and not cues["rights_channel"].accepts(request.text):  # «マイページ…または下記窓口で»: a way here too
                findings.append(self.finding("rights_pointer", start, end, view, request.score * 0.8,
                                             request.explanation))
                continue
            if request is not None and asker.accepts(sentence):
                findings.append(request)
                if (bare := self._sentence_finding("rights_bare", (start, end), cues["rights_bare"], view)) is not None:
                    findings.append(bare)  # a way to ask in the next sentence is a rights_channel
                for span in spans[index:index + 2]:  # said in the request or the sentence after it
                    channel = self._sentence_finding("rights_channel", span, cues["rights_channel"], view)
                    if channel is not None:
                        findings.append(channel)
                        break
                continue
            stop = self._sentence_finding("rights_stop", (start, end), cues["rights_stop"], view)
            if stop is not None:
                findings.append(stop)
        return findings

    def _detail(self, view: DocumentView, cues: list[Cue], start: int, end: int) -> tuple[Cue, int] | None:
        """The first way to reach a contact point in ``text[start:end]``: a cue and where it matched."""
        found = [(cue, m.start()) for cue in cues for m in [view.search(cue, start, end)] if m is not None]
        return min(found, key=lambda pair: pair[1], default=None)

    def _desk_details(self, view: DocumentView, hard: list[Cue], desk: str, before: int) -> tuple[Cue, int] | None:
        """The way to reach ``desk`` given on the nearest line before ``before`` that names it with one."""
        while (before := view.text.rfind(desk, 0, before)) >= 0:
            line = view.line_at(before)
            if line is not None and (detail := self._detail(view, hard, line.start, line.end)) is not None:
                return detail
        return None

    def _contact(self, view: DocumentView, cues: dict[str, Cue]) -> list[Finding]:
        """Contact points: reachable (a phone, e-mail or postal address, a named
        desk or form) unless the text only points elsewhere or leaves a blank."""
        point, name = cues["contact_point"], cues["contact_name"]
        pointer, desk = cues["contact_pointer"], cues["contact_desk"]
        lexicons = view.resources.cues("lexicons")
        hard = [lexicons["phone"], lexicons["email"], lexicons["postal_code"]]
        findings = []
        sections = [(b.start, b.end - 1) for b in view.blocks if b.end > b.start]
        first_to_end = SpanIndex(sections, rank=[end for _, end in sections])
        for start, end in view.sentences_with(point, name):
            sentence = view.text[start:end]
            phrase = view.search(point, start, end)
            m = phrase or view.search(name, start, end)
            if m is None or (point if phrase else name).excluded(sentence):
                continue
            reach = min(len(view.text), m.start() + DETAIL_REACH)
            section = first_to_end.innermost(m.start())
            section_end = sections[section][1] + 1 if section is not None else len(view.text)
            explanation = (point if phrase else name).explain(view.text, m.start())
            points_elsewhere = pointer.accepts(sentence)
            near = min(reach, end + NEAR_REACH)  # a desk, form, link or pointer: in the sentence or just after it
            detail = self._detail(view, hard, m.start(), reach)
            line = view.line_at(m.start())
            if detail is None and line is not None and (opened := open_bracket(view.text, line.start, m.start())) is not None:
                detail = self._detail(view, hard, line.start, opened)  # «TEL …(…お問い合わせもこちらへ)»
            if detail is None and view.search(cues["contact_above"], start, end):
                detail = self._detail(view, hard, max(0, start - DETAIL_REACH), start)  # «上記で承ります»
            if detail is None and (named := view.search(cues["desk_above"], start, end)) is not None:
                detail = self._desk_details(view, hard, named.group("desk"), start)  # «上記の○○センターまで»
            if detail is None and not view.search(cues["placeholder"], m.start(), reach) and not points_elsewhere:
                detail = self._detail(view, [cues["contact_detail"], desk], m.start(), near)
            if detail is not None:
                line = view.line_at(detail[1])
                # the evidence runs on to the details when they are in the same section
                stop = max(end, line.end) if line is not None and line.end <= section_end else end
                findings.append(self.finding("contact_point", start, stop, view, point.score,
                                             f"{explanation} + {detail[0].explain(view.text, detail[1])}"))
            elif phrase and (points_elsewhere or view.search(pointer, m.start(), near)):
                findings.append(self.finding("contact_pointer", start, end, view, pointer.score, explanation))
            elif phrase:
                findings.append(self.finding("contact_promise", start, end, view, point.score * 0.8, explanation))
        for block in view.blocks_with("contact"):
            detail = self._detail(view, hard + [cues["contact_detail"]], block.start, block.end)
            if detail is not None and not view.search(cues["placeholder"], block.start, block.end):
                line = view.line_at(detail[1])
                if line is not None:
                    label = "privacy_contact_section" if cues["privacy_contact_title"].search(block.title) \
                        else "contact_section"
                    findings.append(self.finding(label, line.start, line.end, view, detail[0].score,
                                                 detail[0].explain(view.text, detail[1])))
        return findings

    def _my_number_limited(self, view: DocumentView, cues: dict[str, Cue]) -> Iterator[Finding]:
        mention, limited = cues["my_number"], cues["my_number_limited"]
        for start, end in view.sentence_spans:
            if view.search(mention, start, end) or view.in_blocks(start, "my_number"):
                f = self._sentence_finding("my_number_limited", (start, end), limited, view)
                if f is not None:
                    yield f
