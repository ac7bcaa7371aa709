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
# ... unless the definition itself says the organisation collects the items.
SAYS_COLLECTED = re.compile(
    r"(当社|弊社|当社グループ|当アプリ|本アプリ|当サイト|本サイト|当サービス|本サービス|当法人|当組合|当会|当院|当店|当行|当チーム|私たち)"
    r"(が|で|において|の)(収集|取得|お預かり|保有|取り扱)")
FORM_MARKS = re.compile(r"必須|入力してください|ご入力|選択してください|送信|確認画面|\{\{|name=|placeholder")
SENSITIVE_CUE = re.compile(r"要配慮|機微|センシティブ|特別な非公開")
# A value of the organisation's own contact details: a phone number, postcode,
# e-mail address, street address or an unrendered template placeholder.
CONTACT_VALUE = re.compile(
    r"(?<![0-9])0\d{1,4}\s*[-‐－(（)）]\s*\d{1,4}\s*[-‐－)）]\s*\d{3,4}|"
    r"0120|0570|〒\s*\d|\d{3}\s*[-‐－]\s*\d{4}(?![0-9])|"
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.|@\s*\[|"
    r"^(東京都|北海道|(大阪|京都)府|\S{2,3}県)\S*[市区町村郡]|"
    r"\[[A-Za-z_]+\]|\{\{|\{[A-Za-z_.]+\}"
)
# 「社名\t平成不動産」「法人名:株式会社…」: a profile row whose value is a name,
# not a statement about data (an item→purpose table row has a verb or 、).
PROFILE_VALUE = re.compile(r"^[ \t]*[:：\t][ \t]*(?P<value>[^、。]*)$|^[ \t]{2,}(?P<spaced>[^、。]+)$")
PROFILE_LABEL = re.compile(r"^\s*[^\s、。]{1,12}[ \t]*[:：]")
ORG_WORD = re.compile(r"株式会社|有限会社|合同会社|[(（]株[)）]|法人|協同組合|協会|財団|社団|Inc\.?|Ltd\.?|Co\.,")
NAME_LIKE = {"name", "employer"}
CONTACT_REACH = 40
STATEMENT = re.compile(r"ため|目的|利用|使用|確認|提供|送付|連絡|場合|等|など|任意|必須|入力|記入|選択|ご|お")
EXAMPLE = re.compile(r"^\s*[(（]?(例|e\.g\.|Ex\b)|[0０]{4}|[xX×]{3,}|1234-?5678|@example\.(com|jp)")
LABEL_LINE_MAX = 16
# 「Cookieを使用したアクセス解析ツールは導入しておりません」: tracking named only to deny it.
TRACKING = {"device_id", "browsing_history", "location"}
DENIAL = re.compile(r"(使用|利用|導入|取得|収集|設置|記録)(は|を|も|等は|等を)?(一切)?(して|行って|致して|いたして)?(おりません|いません|しません|ございません)")
CONCESSION = re.compile(r"(ます|ており|ている|である|です)が|ものの|。")
# A section heading that names a topic rather than listing an item.
TOPIC_HEADING = re.compile(r"^\s*第\s*[0-9０-９一二三四五六七八九十]+\s*条|(について|に関して|に関する事項|の取扱い?|の取り扱い|の利用|の使用|の取得|の管理)\s*[)）]?\s*$")
HEADING_MAX = 40
# A free-text message box of a form (お問い合わせ内容, ご相談内容) is not an item.
FREE_TEXT = {"inquiry_history"}
HANDLING_SECTIONS = ("data_items", "purposes", "joint_items", "joint_use", "third_party", "sensitive")


def is_form(view: DocumentView) -> bool:
    """A web form (or a page that is partly one): field labels are items."""
    cached = getattr(view, "_data_items_is_form", None)
    if cached is None:
        cached = len(FORM_MARKS.findall(view.text)) >= 3
        view._data_items_is_form = cached
    return cached


class DataItemExtractor(VocabularyExtractor):
    """Items anywhere in the document but the organisation's own contact and
    profile details and sentences that only define terms."""

    name = "data_items"
    field = "data_items"
    vocabulary = "data_items"

    def zones(self, view: DocumentView) -> Iterable[tuple[int, int, str]]:
        excluded = [(b.start, b.end) for b in view.blocks_with("organization")]
        allowed = [(b.start, b.end) for b in view.blocks_with(*HANDLING_SECTIONS)]
        for start, end in view.sentence_spans:
            if any(s <= start <= e for s, e in excluded) and not any(s <= start <= e for s, e in allowed):
                continue
            sentence = view.text[start:end]
            if NOT_HANDLED.search(sentence) and not SAYS_COLLECTED.search(sentence):
                continue
            yield start, end, "item named in the text"

    def keep(self, view: DocumentView, label: str, start: int, end: int) -> bool:
        """Veto items that are only denied, free-text form boxes, and labels of
        the organisation's own contact and profile details."""
        line = view.line_at(start)
        if line is None:
            return True
        if label in TRACKING and self._denied(view, start, end):
            return False
        short_line = len(line.text.strip()) <= LABEL_LINE_MAX and "。" not in line.text
        if label in FREE_TEXT and short_line and is_form(view):
            return False
        rest = view.text[end:line.end]
        if self._contact_value(rest[:CONTACT_REACH]):
            return False
        following = self._next_line(view, line)
        if short_line and following is not None and self._contact_value(following.text):
            return False
        if not is_form(view) and self._profile_row(view, line, label, start, rest, following):
            return False
        return True

    @staticmethod
    def _denied(view: DocumentView, start: int, end: int) -> bool:
        tail = view.text[end:view.sentence_at(start)[1]]
        denial = DENIAL.search(tail)
        return bool(denial) and not CONCESSION.search(tail[:denial.start()])

    @staticmethod
    def _contact_value(text: str) -> bool:
        """「: 03-1234-5678」「〒100-0001 東京都…」「info@…」 right after a label."""
        value = re.split(r"[、。]", text, maxsplit=1)[0].lstrip(" \t　:：.．")
        return bool(value) and bool(CONTACT_VALUE.search(value)) and not EXAMPLE.search(value)

    @staticmethod
    def _profile_row(view: DocumentView, line, label: str, start: int, rest: str, following) -> bool:
        """「法人名:株式会社…」「社名\t平成不動産」「E-mail :」(value lost): a row of the
        organisation's profile table, not a statement about collected data."""
        if view.text[line.start:start].strip(" 　・*-•") not in ("", line.marker_text.strip()):
            return False
        row = PROFILE_VALUE.match(rest)
        if row is None:
            return False
        value = (row.group("value") or row.group("spaced") or "").strip()
        if not value:
            return following is not None and bool(PROFILE_LABEL.match(following.text))
        if ORG_WORD.search(value):
            return True
        return label in NAME_LIKE and len(value) <= 30 and not STATEMENT.search(value)

    @staticmethod
    def _drop_bare_headings(view: DocumentView, findings: list[Finding]) -> list[Finding]:
        """A heading (「第8条(Cookieおよびアクセス解析)」) names a topic; keep its
        item only when the section under it names the same item too."""
        headings = [ln for ln in view.lines
                    if "。" not in ln.text and len(ln.text) <= HEADING_MAX and TOPIC_HEADING.search(ln.text)]
        kept = []
        for finding in findings:
            index = next((i for i, ln in enumerate(headings) if ln.start <= finding.start < ln.end), None)
            if index is not None:
                body_start = headings[index].end
                body_end = headings[index + 1].start if index + 1 < len(headings) else len(view.text)
                if not any(other.label == finding.label and body_start <= other.start < body_end
                           for other in findings):
                    continue
            kept.append(finding)
        return kept

    @staticmethod
    def _next_line(view: DocumentView, line):
        for candidate in view.lines:
            if candidate.start > line.start:
                return candidate
        return None

    def extract(self, view: DocumentView) -> list[Finding]:
        findings = self._drop_bare_headings(view, super().extract(view))
        form = is_form(view)
        joint = [(b.start, b.end) for b in view.blocks_with("joint_items", "joint_use")]
        sensitive = [(b.start, b.end) for b in view.blocks_with("sensitive")]
        for finding in findings:
            line = view.line_at(finding.start)
            sentence = view.text[slice(*view.sentence_at(finding.start))]
            if any(s <= finding.start <= e for s, e in joint):
                context = "joint_use"
            elif any(s <= finding.start <= e for s, e in sensitive) or SENSITIVE_CUE.search(sentence):
                context = "sensitive"
            elif form and line is not None and len(line.text) <= 24 and "。" not in line.text:
                context = "form_field"
            else:
                context = "collected"
            finding.attrs["context"] = context
        return findings
