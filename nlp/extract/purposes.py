"""Purposes of use (利用目的): the organisation's own, per data subject."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

from nlp.extract.base import DocumentView, Finding, open_bracket
from nlp.extract.vocabulary import VocabularyExtractor
from nlp.structure import Line, SpanIndex, categorize_title, is_heading
from nlp.vocab import Cue

Cues = dict[str, Cue]

STRONG = {"article", "chapter", "bracket_heading"}
# Sections that describe how data is kept, not what it is used for.
MEASURE_SECTIONS = {"security", "foreign", "retention", "revision"}
MAX_REGION_LINES = 60
# Section topics that close a purposes region even on an unmarked line that
# names a purpose; the weaker ones (委託 → outsourcing) do not.
TOPICS_THAT_END_PURPOSES = {"third_party", "joint_use", "joint_parties", "joint_items", "joint_purposes", "foreign",
                            "security", "disclosure", "contact", "retention", "revision", "my_number", "cookie",
                            "sensitive"}
# Markers of section titles (enumerated lines are more often list items).
TITLE_MARKERS = {None, "article", "chapter", "bracket_heading", "bullet"}


def _heading_like(line: Line) -> bool:
    body = line.body if line.marker not in (None, "bracket_heading") else line.text
    return 2 <= len(body) <= 45 and "。" not in body and not body.endswith(("、", ",", "，"))


def _closed(intro: str, cues: Cues, labels: Cues) -> bool:
    """Whether an introducing line is a finished statement of purposes
    («…のために利用します。»: it names purposes itself, ends in 。 and points
    to nothing below) rather than one announcing the list under it."""
    sentence = intro.split("\n")[0].rstrip()
    return sentence.endswith("。") and not cues["list_ahead"].search(sentence) \
        and any(label.accepts(sentence) for label in labels.values())


def _is_title(line: Line, cues: Cues) -> bool:
    """A line that reads as a section title rather than a list item of purposes."""
    body = line.body if line.marker not in (None, "bracket_heading") else line.text
    if not (is_heading(line) or line.marker == "bullet" and _heading_like(line)):
        return False
    body = body.lstrip("、,，.． 　")  # 「第5条、目的の変更」
    return "、" not in body and not cues["list_item_end"].search(body)


def _same_marker(a: Line | None, b: Line | None) -> bool:
    """Markers of one family and, for bullets, the same symbol."""
    return (a is not None and b is not None and a.marker is not None and a.marker == b.marker
            and (a.marker != "bullet" or a.marker_text[:1] == b.marker_text[:1]))


def _marker_kind(line: Line) -> tuple[str, str] | None:
    """A line's kind of list marker: its family and, for bullets, the symbol."""
    if line.marker is None:
        return None
    return line.marker, line.marker_text[:1] if line.marker == "bullet" else ""


def _goes_on_a_list(line: Line, kind: tuple[str, str] | None, before: Line,
                    numbers: dict[tuple[str, str], int]) -> bool:
    """Whether a line numbered as a sub-item («⑥», «ア») goes on a kind of
    list met before in a region: the next number, or a first item right under
    an item of another kind met before (a sublist under the next parent)."""
    if kind is None or kind[0] not in SUBITEM_MARKERS or line.number is None or kind not in numbers:
        return False
    if line.number == numbers[kind] + 1:
        return True
    before_kind = _marker_kind(before)
    return line.number == 1 and before_kind != kind and before_kind in numbers


def _purpose_item(line: Line, categories: set[str], cues: Cues) -> bool:
    """An unmarked line that ends like a purpose item and names no topic that
    would close a purposes list."""
    return line.marker is None and not categories & TOPICS_THAT_END_PURPOSES and bool(cues["purpose_item"].search(line.text))


def _ends_region(heading: Line | None, line: Line, item: Line | None, view: DocumentView) -> bool:
    """Whether ``line`` closes the purposes region opened by ``heading`` (None
    when it was opened by an introducing sentence); ``item`` is the first list
    item of the region."""
    cues = view.resources.cues("purpose_cues")
    if view.is_form and view.resources.cue("kind", "form_field").accepts(line.text):
        return True  # a form's field: the purposes stated above it end there
    if heading is None and line.marker is None and "。" in line.text \
            and view.search_in(view.resources.cue("statements", "provision_rule"), line.start, line.end):
        return True  # «…ご本人の同意なく第三者に提供しません。» after the purposes an introducing sentence listed
    if not _is_title(line, cues):
        return False
    categories = categorize_title(line.text, view.resources)
    about_purposes = not view.line_has(cues["purpose_title_not"], line)
    purposes_only = categories == {"purposes"} and about_purposes
    if view.line_has(cues["use_subtitle"], line) and about_purposes:
        return False  # 〔当法人の内部での利用〕: a kind of use within the purposes
    if (line.marker == "bracket_heading" and heading is not None and heading.marker == "bracket_heading"
            and line.text[0] != heading.text[0] and not categories):
        return False  # a sub-heading in another kind of bracket
    if line.marker in STRONG:
        return not purposes_only
    if _same_marker(line, heading):
        return not purposes_only
    if view.line_has(cues["subject_title"], line):
        return False
    if _purpose_item(line, categories, cues):
        return False  # 「受託した業務の遂行」: a purpose item, not a new topic
    if _same_marker(line, item) and not _same_marker(item, heading):
        return False  # a sibling of the items listed so far
    return bool(categories) and not purposes_only


def _next_item(lines: list[Line], index: int) -> bool:
    """Whether line ``index`` goes on the numbered list of the line before it
    («(11)前各号に付随する目的» after «(10)…»): an item, not a heading."""
    line = lines[index]
    return index > 0 and line.number is not None and lines[index - 1].marker == line.marker \
        and lines[index - 1].number == line.number - 1


#: markers of items under an item («① …» under «(1) …»)
SUBITEM_MARKERS = frozenset({"circled", "paren_kana", "kana", "paren_iroha", "alpha", "bullet"})


def _sublist_intro(view: DocumentView, pos: int) -> str:
    """The sentence introducing the list that the line at ``pos`` belongs to,
    when that sentence is itself an item of a list of another kind
    («(1) …番号法により認められた次の事務に限って利用いたします。» above «① …»)."""
    line = view.line_at(pos)
    if line is None or line.marker not in SUBITEM_MARKERS:
        return ""
    parent = view.list_parent(pos)
    return parent if parent.rstrip().endswith(("。", ":", "：")) else ""


#: how far before a match the brackets of entrusted work and the phrase before them are looked for
ENTRUSTED_REACH = 160


def _in_entrusted_tasks(view: DocumentView, pos: int) -> bool:
    """Whether ``pos`` lies in brackets, still open on its line, that spell
    out the tasks of work done for a client (``entrusted_work``)."""
    line = view.line_at(pos)
    if line is None:
        return False
    window = max(line.start, pos - ENTRUSTED_REACH)
    opening = open_bracket(view.text, window, pos)
    return opening is not None and bool(view.search_in(view.resources.cue("purpose_cues", "entrusted_work"),
                                                        window, opening + 1))


class PurposeExtractor(VocabularyExtractor):
    """Purposes stated in purposes sections, or by purpose sentences elsewhere;
    joint users' purposes are left to the joint-use extractor."""

    name = "purposes"
    field = "purposes"
    vocabulary = "purposes"
    context_margin = 0  # a neighbouring phrase of the same list must not veto a purpose

    def regions(self, view: DocumentView) -> list[tuple[int, int]]:
        """Spans of text under a purposes heading or after a sentence that
        announces a list of purposes, found from the lines themselves so that
        list items mistaken for headings do not cut a purposes section short."""
        lines = view.lines
        cues = view.resources.cues("purpose_cues")
        out: list[tuple[int, int]] = []
        for i, line in enumerate(lines):
            if view.in_blocks(line.start, "joint_use", "joint_purposes", "joint_items", "joint_parties"):
                continue  # the joint users' purposes
            column = cues["purpose_column"]
            if "\t" in line.text and any(column.accepts(cell) for cell in line.text.split("\t")) \
                    and not column.excluded(line.text):
                last = next((k for k in range(i + 1, len(lines)) if "\t" not in lines[k].text), len(lines)) - 1
                if last > i:  # the rows of a table with a column of purposes
                    out.append((lines[i + 1].start, lines[last].end))
                continue
            heading = bool(_heading_like(line) and "\t" not in line.text and view.line_has(cues["purpose_title"], line)
                           and not view.line_has(cues["purpose_title_not"], line) and not _next_item(lines, i))
            if not heading and not view.line_has(cues["list_intro"], line):
                continue
            end_index = min(len(lines), i + 1 + MAX_REGION_LINES)
            # Under a numbered heading with a numbered sibling ahead, unmarked and bracketed
            # lines before that sibling are sub-headings of the purposes.
            numbered = heading and line.marker not in (None, "bullet", "bracket_heading")
            sibling = next((k for k in range(i + 1, end_index) if _same_marker(lines[k], line)), None) \
                if numbered else None
            # An introducing sentence right under a numbered title: the title's next sibling ends the list.
            title = lines[i - 1] if not heading and i > 0 and lines[i - 1].marker not in (None, "bullet") \
                and _is_title(lines[i - 1], cues) else None
            item: Line | None = None
            numbers: dict[tuple[str, str], int] = {}  # the last number of each kind of numbered item in the region
            for j in range(i + 1, end_index):
                other = lines[j]
                if title is not None and _same_marker(other, title):
                    end_index = j
                    break
                if sibling is not None and j < sibling and other.marker in (None, "bracket_heading"):
                    continue
                kind = _marker_kind(other)
                if _goes_on_a_list(other, kind, lines[j - 1], numbers):
                    numbers[kind] = other.number
                    continue  # «⑥…安全管理» after «⑤…», «①…» under «(4)…» after «①»–«⑥» under «(2)…»
                if kind is not None and other.number is not None and other.marker not in STRONG:
                    numbers[kind] = other.number
                first_item = not heading and j == i + 1 and other.marker not in (None, *STRONG)
                if not first_item and _ends_region(line if heading else None, other, item, view):
                    end_index = j
                    break
                if item is None and other.marker not in (None, *STRONG) and not (
                        _is_title(other, cues) and categorize_title(other.text, view.resources)):
                    item = other  # the first list item (a titled section is none)
            if end_index > i + 1:
                out.append((lines[i + 1].start if heading else line.start, lines[end_index - 1].end))
        return out

    @staticmethod
    def purpose_line_runs(view: DocumentView, least: int = 2) -> list[tuple[int, int]]:
        """Spans of ``least`` or more lines in a row that each read as a purpose
        phrase (「…のため」): a list of purposes whose markers were lost."""
        cue = view.resources.cue("purpose_cues", "purpose_line")
        runs: list[tuple[int, int]] = []
        run: list = []
        for line in [*view.lines, None]:
            if line is not None and len(line.text) <= 120 and view.line_has(cue, line):
                run.append(line)
                continue
            if len(run) >= least:
                runs.append((run[0].start, run[-1].end))
            run = []
        return runs

    def zones(self, view: DocumentView, sentences: list[tuple[int, int]]) -> Iterable[tuple[int, int, str]]:
        excluded_categories = {"joint_use", "joint_purposes", "joint_items", "joint_parties", "disclosure", "contact", "third_party"}
        purpose_blocks = SpanIndex([(b.start, b.end) for b in view.blocks_with("purposes")
                                    if not b.categories & {"joint_use", "joint_purposes", "revision"}])
        regions = SpanIndex([(s, e - 1) for s, e in self.regions(view) if e > s])
        line_runs = SpanIndex([(s, e - 1) for s, e in self.purpose_line_runs(view) if e > s])

        def in_my_number(pos: int) -> bool:
            return view.in_blocks(pos, "my_number")

        def in_joint(pos: int) -> bool:
            return view.in_blocks(pos, "joint_use", "joint_purposes", "joint_items", "joint_parties")

        cues = view.resources.cues("purpose_cues")
        provision = view.resources.cue("exception_cues", "provision_cue")
        intro_checked: dict[str, bool] = {}  # one long introducing line is searched once, not per item
        for start, end in sentences:
            if view.accepts_in(cues["not_a_purpose"], start, end):
                continue
            line = view.line_at(start)
            categories = categorize_title(line.text, view.resources) if line is not None else set()
            if line is not None and line.marker in TITLE_MARKERS and _is_title(line, cues) \
                    and categories - {"purposes"} and not _purpose_item(line, categories, cues) \
                    and not (start in regions and cues["purpose_item"].search(line.text)):
                continue  # the title of another section (not an item of a purposes list: «・…へのお返事»)
            if start in regions:
                yield start, end, "purposes region"
                continue
            if start in line_runs and not in_joint(start):
                yield start, end, "run of purpose lines"
                continue
            if view.is_form and view.search_in(cues["form_purpose"], start, end) and not in_joint(start):
                yield start, end, "note in a form"
                continue
            # The innermost section with a known topic decides.
            inner = view.innermost_with(start)
            if inner is not None and inner.start <= view.lines[0].start and inner.end >= view.lines[-1].end:
                inner = None  # the document's own title (「…相談会 来場予約フォーム」) is no section topic
            if inner is not None and inner.categories & MEASURE_SECTIONS and not inner.categories & {"purposes", "cookie"}:
                continue  # security measures, foreign systems, retention: no purposes stated there (a tag sending data abroad states its own)
            if inner is not None and inner.categories == {"outsourcing"}:
                continue  # a section on work given out: what the contractor may do is no purpose of the organisation
            if inner is not None and "third_party" in inner.categories and not inner.categories & {"purposes"} \
                    and provision.search(view.list_intro(start)):
                continue  # a case of the provision rule's list («次の場合を除き…»: «…に提供する場合»), not a purpose
            if inner is not None and "cookie" in inner.categories and line is not None and "\t" in line.text:
                continue  # a row of a table of cookie vendors: their purposes, not the organisation's
            if view.search_in(cues["stated_purpose"], start, end) and not in_joint(start):
                yield start, end, "purpose sentence"
                continue
            if inner is not None and inner.categories & excluded_categories and not inner.categories & {"purposes"}:
                continue
            if inner is not None and inner.categories & {"joint_use", "joint_purposes"}:
                continue
            intro = (in_my_number(start) and _sublist_intro(view, start)) or view.list_intro(start)
            if intro and intro not in intro_checked:
                intro_checked[intro] = bool(cues["purpose_cue"].search(intro) or cues["stated_purpose"].search(intro)) \
                    and not cues["not_a_purpose"].accepts(intro) and not _closed(intro, cues, view.resources.cues("purposes"))
            if start in purpose_blocks:
                yield start, end, "purposes section"
            elif view.search_in(cues["purpose_cue"], start, end):
                yield start, end, "purpose sentence"
            elif intro and intro_checked[intro] and not (categories - {"purposes"} and view.titled_block(start)):
                yield start, end, "item of a purpose list"  # not the title of the next section («3. 第三者への提供»)

    def keep(self, view: DocumentView, label: str, start: int, end: int) -> bool:
        """Not a word inside an organisation's name («…リゾート開発»), nor one
        of the tasks of work done for a client («…委託を受けて行う事務(…)»)."""
        return not view.in_organization_name(start, end) and (
            label == "outsourced_business" or not _in_entrusted_tasks(view, start))

    def extract(self, view: DocumentView) -> list[Finding]:
        subject = self.subjects(view)
        return [replace(f, attrs={**f.attrs, "subject": found}) if (found := subject(f.start)) else f
                for f in super().extract(view)]

    @staticmethod
    def subjects(view: DocumentView) -> Callable[[int], str | None]:
        """For a position, the data subject named by its sentence, its list intro
        or the title of the innermost section naming one; each sentence, intro
        and title is searched once."""
        subjects = view.resources.cue("purpose_cues", "subject")
        named: dict[object, str | None] = {}

        def search(key: object, text: str) -> str | None:
            if key not in named:
                m = subjects.search(text)
                named[key] = m.group(0) if m else None
            return named[key]

        titled = [b for b in view.blocks if subjects.search(b.title)]
        titles = SpanIndex([(b.start, b.end) for b in titled])

        def subject(pos: int) -> str | None:
            sentence = view.sentence_at(pos)
            if sentence not in named:
                search(sentence, view.text[slice(*sentence)])
            intro = view.list_intro(pos)
            block = titles.innermost(pos)
            return (named[sentence] or (search(intro, intro) if intro else None)
                    or (search(titled[block].title, titled[block].title) if block is not None else None))

        return subject
