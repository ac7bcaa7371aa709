"""Data items (個人情報の項目): collected, held, jointly used or asked for by a form."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Iterable

from nlp.extract.base import DocumentView, Finding
from nlp.extract.vocabulary import VocabularyExtractor
from nlp.vocab import Cue

Cues = dict[str, Cue]

NAME_LIKE = {"name", "employer"}
CONTACT_REACH = 40
LABEL_LINE_MAX = 16
HEADING_MAX = 40
DENIAL_REACH = 400  # characters after an item searched for its denial (「…は保持しません」)
PROFILE_REACH = 200  # a profile row (「社名\t架空不動産」) is no longer than this on either side of its label
# A free-text message box of a form (お問い合わせ内容, ご相談内容) is not an item.
FREE_TEXT = {"inquiry_history"}
HANDLING_SECTIONS = ("data_items", "purposes", "joint_items", "joint_use", "third_party", "sensitive")


class DataItemExtractor(VocabularyExtractor):
    """Items anywhere in the document but the organisation's own contact and
    profile details and sentences that only define terms."""

    name = "data_items"
    field = "data_items"
    vocabulary = "data_items"

    def zones(self, view: DocumentView, sentences: list[tuple[int, int]]) -> Iterable[tuple[int, int, str]]:
        cues = view.resources.cues("data_item_cues")
        for start, end in sentences:
            if view.in_blocks(start, "organization") and not view.in_blocks(start, *HANDLING_SECTIONS):
                continue
            if view.search_in(cues["not_handled"], start, end) and not view.search_in(cues["says_collected"], start, end):
                continue
            yield start, end, "item named in the text"

    def keep(self, view: DocumentView, label: str, start: int, end: int) -> bool:
        """Veto items that are only denied, free-text form boxes, and labels of
        the organisation's own contact and profile details."""
        line = view.line_at(start)
        if line is None:
            return True
        cues = view.resources.cues("data_item_cues")
        form = view.is_form
        if self._denied(view, cues, start, end):
            return False
        short_line = len(line.text) <= LABEL_LINE_MAX and "。" not in line.text  # line texts are stripped
        if label in FREE_TEXT and short_line and form:
            return False
        rest = view.text[end:line.end]
        if self._contact_value(view, cues, rest[:CONTACT_REACH]):
            return False
        following = view.next_line(line)
        if short_line and following is not None and self._contact_value(view, cues, following.text):
            return False
        if not form and self._profile_row(view, cues, line, label, start, rest, following):
            return False
        return True

    @staticmethod
    def _denied(view: DocumentView, cues: Cues, start: int, end: int) -> bool:
        denial = view.search_in(cues["denial"], end, min(view.sentence_at(start)[1], end + DENIAL_REACH))
        return bool(denial) and not view.search_in(cues["concession"], end, end + denial.start())

    @staticmethod
    def _contact_value(view: DocumentView, cues: Cues, text: str) -> bool:
        """「: 03-1234-5678」「〒100-0001 東京都…」「info@…」 right after a label."""
        cut = min((i for i in (text.find("、"), text.find("。")) if i >= 0), default=len(text))
        value = text[:cut].lstrip(" \t　:：.．")
        if not value or cues["example_value"].search(value):
            return False
        lexicons = view.resources.cues("lexicons")
        return (any(lexicons[key].search(value) for key in ("phone", "email", "postal_code"))
                or bool(lexicons["prefecture"].pattern.match(value)) or bool(cues["template_value"].search(value)))

    @staticmethod
    def _profile_row(view: DocumentView, cues: Cues, line, label: str, start: int, rest: str, following) -> bool:
        """「法人名:株式会社…」「社名\t架空不動産」「E-mail :」(value lost): a row of the
        organisation's profile table, not a statement about collected data."""
        if start - line.start > PROFILE_REACH or line.end - start > PROFILE_REACH:
            return False  # a profile row is short; the checks below read the whole line
        if view.text[line.start:start].strip(" 　・*-•") not in ("", line.marker_text.strip()):
            return False
        row = cues["profile_value"].pattern.match(rest)
        if row is None:
            return False
        value = (row.group("value") or row.group("spaced") or "").strip()
        if not value:
            return following is not None and bool(cues["profile_label"].pattern.match(following.text))
        lexicons = view.resources.cues("lexicons")
        if any(lexicons[key].search(value) for key in ("corporate_form", "latin_corporate_form", "organization_type")):
            return True
        return label in NAME_LIKE and len(value) <= 30 and not cues["statement"].search(value)

    @staticmethod
    def _drop_bare_headings(view: DocumentView, findings: list[Finding]) -> list[Finding]:
        """A heading (「第5条(Cookieについて)」) names a topic; keep its
        item only when the section under it names the same item too."""
        topic = view.resources.cue("data_item_cues", "topic_heading")
        headings = [ln for ln in view.lines
                    if "。" not in ln.text and len(ln.text) <= HEADING_MAX and topic.search(ln.text)]
        heading_starts = [ln.start for ln in headings]
        starts_by_label: dict[str, list[int]] = {}
        for finding in sorted(findings, key=lambda f: f.start):
            starts_by_label.setdefault(finding.label, []).append(finding.start)
        kept = []
        for finding in findings:
            index = bisect_right(heading_starts, finding.start) - 1
            if index >= 0 and finding.start < headings[index].end:
                body_start = headings[index].end
                body_end = headings[index + 1].start if index + 1 < len(headings) else len(view.text)
                starts = starts_by_label[finding.label]
                first = bisect_left(starts, body_start)
                if not (first < len(starts) and starts[first] < body_end):
                    continue
            kept.append(finding)
        return kept

    def extract(self, view: DocumentView) -> list[Finding]:
        findings = self._drop_bare_headings(view, super().extract(view))
        form = view.is_form
        sensitive_cue = view.resources.cue("data_item_cues", "sensitive_cue")
        sensitive_sentences: dict[tuple[int, int], bool] = {}  # searched once per sentence, not per item
        out = []
        for finding in findings:
            line = view.line_at(finding.start)
            span = view.sentence_at(finding.start)
            if span not in sensitive_sentences:
                sensitive_sentences[span] = bool(view.search(sensitive_cue, *span))
            if view.in_blocks(finding.start, "joint_items", "joint_use"):
                context = "joint_use"
            elif view.in_blocks(finding.start, "sensitive") or sensitive_sentences[span]:
                context = "sensitive"
            elif form and line is not None and len(line.text) <= 24 and "。" not in line.text:
                context = "form_field"
            else:
                context = "collected"
            out.append(replace(finding, attrs={**finding.attrs, "context": context}))
        return out
