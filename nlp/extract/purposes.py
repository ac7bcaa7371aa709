"""Purposes of use (利用目的): the organisation's own, per data subject."""
from __future__ import annotations

import re
from typing import Iterable

from nlp.extract.base import DocumentView
from nlp.extract.vocabulary import VocabularyExtractor
from nlp.structure import Line, categorize_title, is_heading

# A sentence that states purposes even outside a purposes section.
PURPOSE_CUE = re.compile(
    r"(目的|ために|ため、|のため$|為に)[^。]{0,40}(利用|使用|取り?扱|用い|収集|取得)|"
    r"(利用|使用)(目的|の目的)|"
    r"に(必要|必要となる|必要な)(情報|範囲|個人情報)|"
    r"(を|に)(利用|使用)(させていただ|いたし|し)ます|"
    r"目的(は|として|で)"
)
# A sentence that plainly says what the information is used for; it counts
# wherever it stands (「…の求めに応じるために利用いたします」).
STATED_PURPOSE = re.compile(r"(ために|のため、?|目的で|目的として)(のみ)?(利用|使用)(いた|し|させ)")
# Sentences about purposes in general rather than stating one.
NOT_A_PURPOSE = re.compile(
    r"目的(外|の範囲を超え|以外|を超え|の達成に必要な範囲を超え|を変更|の変更|の通知|を通知)|"
    r"利用目的の達成に必要な範囲内において|利用目的(を|の)?(特定|明示|公表|お知らせ|通知)|"
    r"開示(等)?(の)?(請求|求め)(が|を受け|があった|については|に関して|の手続|手続)|"
    r"第三者に提供(する|いた)?こと(は|も)?(ありません|いたしません)|"
    r"共同(して|で)?利用|"
    r"(以外|他)の目的(で|に|のために)(利用|使用|取り?扱)|"
    r"(目的|ため)(に|で)?(は|も)?(一切)?(利用|使用|取り?扱|提供)(い|し|いたし|することは|されることは)?(ません|ない)"
)
SUBJECT = re.compile(
    r"(組合員|お客様|お客さま|顧客|会員|利用者|ユーザー|患者|応募者|求職者|採用応募者|役職員|従業員|従業者|職員|社員|"
    r"株主|取引先|入居者|保護者|生徒|学生|児童|利用者様|ご契約者|契約者|被保険者|被共済者|来訪者|登録者|スタッフ|派遣スタッフ)"
)

# A short line naming the purposes of use as its topic (「個人情報の利用目的」
# 「(個人情報を収集・利用する目的)」「●利用目的について」).
PURPOSE_TITLE = re.compile(
    r"(利用|使用|取り?扱う?|収集・利用する|取得・利用する|利用する|使用する)(の)?目的|"
    r"目的(について|に関して|等)?[)）】〕」\]]?$|"
    r"(個人)?情報の(利用|使用|利用について|使用について)[)）】〕」\]]?$"
)
# Titles about purposes in general or about someone else's purposes.
PURPOSE_TITLE_NOT = re.compile(r"共同|変更|通知|公表|範囲|目的以外|目的外|停止|開示")
# A sentence that announces a list of purposes (「利用目的は以下のとおりです」
# 「次の目的で利用します」「下記の利用目的の範囲内で利用します」).
LIST_INTRO = re.compile(
    r"(以下|下記|次|左記)(の|に掲げる|に定める|に記載の)?(各号の|いずれかの|ような|とおりの)?(利用)?目的|"
    r"目的(は|として)[、,]?(以下|下記|次)|"
    r"(以下|下記|次)(の|に掲げる)(業務|事項|範囲)(の|で|に|において)(ため|利用|使用|必要)"
)
# Lines that always end a purposes region: a new article, chapter or bracketed
# heading.
# Endings (or words) of a purpose phrase: a line with one is a list item, not a title.
LIST_ITEM_END = re.compile(r"ため|こと[)）]?$|(等|など|場合|業務|対応|回答|送付|連絡|案内)[)）]?$")
STRONG = {"article", "chapter", "bracket_heading"}
# Sections that describe how data is kept, not what it is used for.
MEASURE_SECTIONS = {"security", "foreign", "retention", "revision"}
MAX_REGION_LINES = 60
# Markers of section titles (enumerated lines are more often list items).
TITLE_MARKERS = {None, "article", "chapter", "bracket_heading", "bullet"}
# A sub-heading naming whose information the following purposes concern
# (「株主の皆様の個人情報」「当社へお問合せ頂いた方の個人情報」).
SUBJECT_TITLE = re.compile(r"(の|に関する|についての|する|した|いただいた|頂いた)(個人)?情報[)）】]?$")


USE_SUBTITLE = re.compile(r"(利用|使用)[)）】〕」\]]?$")


def _heading_like(line: Line) -> bool:
    body = line.body if line.marker not in (None, "bracket_heading") else line.text
    return 2 <= len(body) <= 45 and "。" not in body and not body.endswith(("、", ",", "，"))


def _is_title(line: Line) -> bool:
    """A line that reads as a section title rather than a list item of purposes."""
    body = line.body if line.marker not in (None, "bracket_heading") else line.text
    if not (is_heading(line) or line.marker == "bullet" and _heading_like(line)):
        return False
    return "、" not in body and not LIST_ITEM_END.search(body)


def _same_marker(a: Line | None, b: Line | None) -> bool:
    """Markers of one family and, for bullets, the same symbol."""
    return (a is not None and b is not None and a.marker is not None and a.marker == b.marker
            and (a.marker != "bullet" or a.marker_text[:1] == b.marker_text[:1]))


def _ends_region(heading: Line | None, line: Line, item: Line | None) -> bool:
    """Whether ``line`` closes the purposes region opened by ``heading`` (None
    when it was opened by an introducing sentence); ``item`` is the first list
    item of the region."""
    if not _is_title(line):
        return False
    categories = categorize_title(line.text)
    purposes_only = categories == {"purposes"} and not PURPOSE_TITLE_NOT.search(line.text)
    if USE_SUBTITLE.search(line.text) and not PURPOSE_TITLE_NOT.search(line.text):
        return False  # 〔当法人の内部での利用〕: a kind of use within the purposes
    if (line.marker == "bracket_heading" and heading is not None and heading.marker == "bracket_heading"
            and line.text[0] != heading.text[0] and not categories):
        return False  # a sub-heading in another kind of bracket
    if line.marker in STRONG:
        return not purposes_only
    if _same_marker(line, heading):
        return not purposes_only
    if SUBJECT_TITLE.search(line.text):
        return False
    if _same_marker(line, item) and not _same_marker(item, heading):
        return False  # a sibling of the items listed so far
    return bool(categories) and not purposes_only


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
        out: list[tuple[int, int]] = []
        for i, line in enumerate(lines):
            heading = bool(_heading_like(line) and PURPOSE_TITLE.search(line.text)
                           and not PURPOSE_TITLE_NOT.search(line.text))
            if not heading and not LIST_INTRO.search(line.text):
                continue
            end_index = min(len(lines), i + 1 + MAX_REGION_LINES)
            item: Line | None = None
            for j in range(i + 1, end_index):
                other = lines[j]
                if _ends_region(line if heading else None, other, item):
                    end_index = j
                    break
                if item is None and other.marker not in (None, *STRONG):
                    item = other
            if end_index > i + 1:
                out.append((lines[i + 1].start if heading else line.start, lines[end_index - 1].end))
        return out

    def zones(self, view: DocumentView) -> Iterable[tuple[int, int, str]]:
        excluded_categories = {"joint_use", "joint_purposes", "joint_items", "joint_parties", "disclosure", "contact"}
        categorized = [b for b in view.blocks if b.categories]
        purpose_blocks = [b for b in view.blocks_with("purposes") if not b.categories & {"joint_use", "joint_purposes"}]
        regions = self.regions(view)
        joint_blocks = view.blocks_with("joint_use", "joint_purposes", "joint_items", "joint_parties")

        def in_joint(pos: int) -> bool:
            return any(b.start <= pos <= b.end for b in joint_blocks)

        for start, end in view.sentence_spans:
            sentence = view.text[start:end]
            if NOT_A_PURPOSE.search(sentence):
                continue
            line = view.line_at(start)
            if line is not None and line.marker in TITLE_MARKERS and _is_title(line) \
                    and categorize_title(line.text) - {"purposes"}:
                continue  # the title of another section
            if any(s <= start < e for s, e in regions):
                yield start, end, "purposes region"
                continue
            # The innermost section with a known topic decides.
            inner = max((b for b in categorized if b.start <= start <= b.end), key=lambda b: b.start, default=None)
            if inner is not None and inner.categories & MEASURE_SECTIONS and not inner.categories & {"purposes"}:
                continue  # security measures, foreign systems, retention: no purposes stated there
            if STATED_PURPOSE.search(sentence) and not in_joint(start):
                yield start, end, "purpose sentence"
                continue
            if inner is not None and inner.categories & excluded_categories and not inner.categories & {"purposes"}:
                continue
            if inner is not None and inner.categories & {"joint_use", "joint_purposes"}:
                continue
            in_block = any(b.start <= start <= b.end for b in purpose_blocks)
            intro = view.list_intro(start)
            if in_block:
                yield start, end, "purposes section"
            elif PURPOSE_CUE.search(sentence):
                yield start, end, "purpose sentence"
            elif intro and PURPOSE_CUE.search(intro) and not NOT_A_PURPOSE.search(intro):
                yield start, end, "item of a purpose list"

    def extract(self, view: DocumentView):
        findings = super().extract(view)
        for i, finding in enumerate(findings):
            subject = self.subject(view, finding.start)
            if subject:
                finding.attrs["subject"] = subject
        return findings

    def subject(self, view: DocumentView, pos: int) -> str | None:
        """The data subject named by the sentence, its list intro or its section title."""
        start, end = view.sentence_at(pos)
        for text in (view.text[start:end], view.list_intro(pos),
                     *(b.title for b in reversed(view.blocks) if b.start <= pos <= b.end)):
            m = SUBJECT.search(text or "")
            if m:
                return m.group(0)
        return None
