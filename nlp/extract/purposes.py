"""Purposes of use (利用目的): the organisation's own, per data subject."""
from __future__ import annotations

import re
from typing import Iterable

from nlp.extract.base import DocumentView
from nlp.extract.vocabulary import VocabularyExtractor

# A sentence that states purposes even outside a purposes section.
PURPOSE_CUE = re.compile(
    r"(目的|ために|ため、|のため$|為に)[^。]{0,40}(利用|使用|取り?扱|用い|収集|取得)|"
    r"(利用|使用)(目的|の目的)|"
    r"に(必要|必要となる|必要な)(情報|範囲|個人情報)|"
    r"(を|に)(利用|使用)(させていただ|いたし|し)ます|"
    r"目的(は|として|で)"
)
# Sentences about purposes in general rather than stating one.
NOT_A_PURPOSE = re.compile(
    r"目的(外|の範囲を超え|以外|を超え|の達成に必要な範囲を超え|を変更|の変更|の通知|を通知)|"
    r"利用目的の達成に必要な範囲内において|利用目的(を|の)?(特定|明示|公表)|"
    r"開示(等)?(の)?(請求|求め)|第三者に提供(する|いた)?こと(は|も)?(ありません|いたしません)|"
    r"共同(して)?利用|共同利用"
)
SUBJECT = re.compile(
    r"(組合員|お客様|お客さま|顧客|会員|利用者|ユーザー|患者|応募者|求職者|採用応募者|役職員|従業員|従業者|職員|社員|"
    r"株主|取引先|入居者|保護者|生徒|学生|児童|利用者様|ご契約者|契約者|被保険者|被共済者|来訪者|登録者|スタッフ|派遣スタッフ)"
)


class PurposeExtractor(VocabularyExtractor):
    """Purposes stated in purposes sections, or by purpose sentences elsewhere;
    joint users' purposes are left to the joint-use extractor."""

    name = "purposes"
    field = "purposes"
    vocabulary = "purposes"

    def zones(self, view: DocumentView) -> Iterable[tuple[int, int, str]]:
        excluded = [(b.start, b.end) for b in view.blocks_with("joint_use", "joint_purposes", "joint_items",
                                                                 "joint_parties", "disclosure", "contact")
                    if not b.categories & {"purposes"}]
        purpose_blocks = [b for b in view.blocks_with("purposes") if not b.categories & {"joint_use", "joint_purposes"}]
        for start, end in view.sentence_spans:
            if any(s <= start < e for s, e in excluded):
                continue
            sentence = view.text[start:end]
            if NOT_A_PURPOSE.search(sentence):
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
