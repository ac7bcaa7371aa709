"""Data items (個人情報の項目): collected, held, jointly used or asked for by a form."""
from __future__ import annotations

import re
from typing import Iterable

from nlp.extract.base import DocumentView, Finding
from nlp.extract.vocabulary import VocabularyExtractor

# Sentences that mention items without saying they are handled: the statutory
# definition of personal information, the organisation's own details.
NOT_HANDLED = re.compile(
    r"(個人情報|個人データ|要配慮個人情報)(」)?とは|特定の個人を識別する|識別することができる|"
    r"(代表者|代表取締役|理事長|管理者)(の)?(氏名|住所)(及び|および|並びに|、|・)?|"
    r"(氏名又は名称|名称又は氏名|氏名または名称)|"
    r"個人情報保護委員会|認定個人情報保護団体|個人情報保護管理者"
)
FORM_MARKS = re.compile(r"必須|入力してください|ご入力|選択してください|送信|確認画面|\{\{|name=|placeholder")
SENSITIVE_CUE = re.compile(r"要配慮|機微|センシティブ|特別な非公開")


class DataItemExtractor(VocabularyExtractor):
    """Items anywhere in the document but the organisation's own contact and
    profile sections and sentences that only define terms."""

    name = "data_items"
    field = "data_items"
    vocabulary = "data_items"

    def zones(self, view: DocumentView) -> Iterable[tuple[int, int, str]]:
        excluded = [(b.start, b.end) for b in view.blocks_with("contact", "organization")
                    if not b.categories & {"data_items", "purposes", "joint_items", "joint_use", "third_party"}]
        for start, end in view.sentence_spans:
            if any(s <= start <= e for s, e in excluded):
                continue
            if NOT_HANDLED.search(view.text[start:end]):
                continue
            yield start, end, "item named in the text"

    def extract(self, view: DocumentView) -> list[Finding]:
        findings = super().extract(view)
        is_form = len(FORM_MARKS.findall(view.text)) >= 3
        joint = [(b.start, b.end) for b in view.blocks_with("joint_items", "joint_use")]
        sensitive = [(b.start, b.end) for b in view.blocks_with("sensitive")]
        for finding in findings:
            line = view.line_at(finding.start)
            sentence = view.text[slice(*view.sentence_at(finding.start))]
            if any(s <= finding.start <= e for s, e in joint):
                context = "joint_use"
            elif any(s <= finding.start <= e for s, e in sensitive) or SENSITIVE_CUE.search(sentence):
                context = "sensitive"
            elif is_form and line is not None and len(line.text) <= 24 and "。" not in line.text:
                context = "form_field"
            else:
                context = "collected"
            finding.attrs["context"] = context
        return findings
