"""The organisation (name, address, representative), its contact point and the
policy's dates (制定・改定, with 平成/令和 converted to ISO)."""
from __future__ import annotations

import re

from nlp.extract.base import DocumentView, Extractor, Finding

CORPORATE_FORM = (r"株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人|"
                  r"社会福祉法人|医療法人(社団|財団)?|学校法人|特定非営利活動法人|NPO法人|宗教法人|独立行政法人|国立大学法人|"
                  r"税理士法人|弁護士法人|司法書士法人|行政書士法人|社会保険労務士法人|監査法人")
ORG_SUFFIX = (r"生活協同組合(連合会)?|協同組合(連合会)?|共済会|農業協同組合|信用金庫|信用組合|労働金庫|管理組合|"
              r"事務所|クリニック|後援会|同窓会|保護者会|PTA|病院|医院|歯科(医院)?|大学|学校|学園|高等学校|協会|連合会|財団|機構|組合|商会|会社")
NAME_CHARS = r"[^\s、。「」『』()（）:：,，\t]"
ORG_NAME = re.compile(
    rf"(?:{CORPORATE_FORM})[ ]?{NAME_CHARS}{{1,25}}|{NAME_CHARS}{{1,25}}?[ ]?(?:{CORPORATE_FORM})|"
    rf"{NAME_CHARS}{{2,25}}?(?:{ORG_SUFFIX})"
)
# How a document refers to its own organisation (当社, 当組合 …).
SELF_WORDS = ("当社|弊社|当組合|本組合|当法人|当院|当会|本会|当協会|当生協|当団体|当行|当金庫|当校|当学園|本学|"
              "当事務所|当クリニック|当財団|当機構|当店|私たち|当方")
SELF_DEFINITION = re.compile(rf"[(（]以下[、,]?\s*[「『]?({SELF_WORDS})")
ADDRESS = re.compile(
    r"(?:〒\s*[0-9]{3}-?[0-9]{4}\s*)?(?:東京都|北海道|(?:京都|大阪)府|[^\s、。]{2,3}県)[^\s、。]{1,12}?[市区町村郡]"
    r"(?:(?![ 　]*(?:代表|TEL|Tel|電話|FAX|Fax))[^\n、。\t]){2,40}"
)
ADDRESS_LABEL = re.compile(r"(所在地|住所|本社|本店|事務所)\s*[:：]?\s*$")
REPRESENTATIVE_TITLE = (r"代表取締役(?:社長|会長)?(?:[ 　]*(?:CEO|執行役員))?|代表理事(?:長)?|代表社員|代表執行役(?:社長)?|"
                        r"理事長|組合長|病院長|院長|学長|校長|園長|所長|会長|社長|代表者|代表")
REPRESENTATIVE = re.compile(
    rf"(?:代表者(?:名|氏名)?[ 　]*[:：]?[ 　]*)?({REPRESENTATIVE_TITLE})[ 　]*[:：]?[ 　]*"
    r"(?![者のがはをにと]|代表|取締役)([一-龥々ァ-ヶーA-Za-z]{1,5}(?:[ 　][一-龥々ァ-ヶーA-Za-z]{1,5})?)"
)
PHONE = re.compile(r"(?<![0-9])(0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}|0120-?[0-9]{2,3}-?[0-9]{3}|0[0-9]{9,10})(?![0-9])")
# Starts only where a run of address characters starts and every part is bounded, so that a
# long run without "@" is scanned once (an unanchored "+" made the search quadratic).
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}")
CONTACT_NAME = re.compile(r"([^\s、。:：]{0,30}(?:窓口|相談室|お客様センター|お客さまセンター|サポートセンター|事務局|係|室|課|部|センター))")
ERA = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
DATE = re.compile(r"(?:(明治|大正|昭和|平成|令和)\s*([0-9]{1,2}|元)|([0-9]{4}))\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日"
                  r"|([0-9]{4})[./]([0-9]{1,2})[./]([0-9]{1,2})")
ESTABLISHED = re.compile(r"制定|策定|施行|作成|初版|公表")
REVISED = re.compile(r"改定|改訂|改正|変更|更新|最終")


def iso_date(m: re.Match[str]) -> str | None:
    """ISO date of a DATE match; era years converted (令和元年 = 2019)."""
    if m.group(6):
        year, month, day = int(m.group(6)), int(m.group(7)), int(m.group(8))
    elif m.group(1):
        era_year = 1 if m.group(2) == "元" else int(m.group(2))
        year, month, day = ERA[m.group(1)] + era_year, int(m.group(4)), int(m.group(5))
    else:
        year, month, day = int(m.group(3)), int(m.group(4)), int(m.group(5))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_organization_name(text: str) -> tuple[re.Match[str], str, float] | None:
    """The organisation's name: the one defined as 当社/当組合 …, else the most frequent."""
    m = SELF_DEFINITION.search(text)
    if m:
        candidates = list(ORG_NAME.finditer(text, max(0, m.start() - 60), m.start()))
        if candidates:
            return candidates[-1], "defined as 当社/当組合 …", 0.9
    counts: dict[str, list[re.Match[str]]] = {}
    for cand in ORG_NAME.finditer(text):
        value = cand.group(0).strip()
        if len(value) >= 3 and not re.match(r"^(その他|当該|各|本|同|他の|当|弊|関係|提携|委託|外部|指定|一般|所属)", value):
            counts.setdefault(value, []).append(cand)
    if not counts:
        return None
    best = max(counts.values(), key=lambda ms: (len(ms), -ms[0].start()))
    return best[0], f"most frequent organisation name ({len(best)}×)", 0.6


class OrganizationExtractor(Extractor):
    """Name from the self-definition (「株式会社X(以下「当社」)」) or the most
    frequent organisation name; address and representative near it."""

    name = "organization"
    field = "organization"

    def extract(self, view: DocumentView) -> list[Finding]:
        out: list[Finding] = []
        found = view.organization_match
        if found:
            name, why, score = found
            out.append(self.finding("name", name.start(), name.end(), view, score, why))
        for line in view.lines:
            body = line.text
            address = ADDRESS.search(body)
            if address and (ADDRESS_LABEL.search(body[:address.start()]) or body.startswith(("〒", "所在地", "住所", "本社"))
                            or address.group(0).startswith("〒") or len(body) <= 60):
                if "管理責任者" not in body:
                    out.append(self.finding("address", line.start + address.start(), line.start + address.end(), view, 0.7,
                                            "postal address line"))
            rep = REPRESENTATIVE.search(body)
            if rep and not re.search(r"代表(者)?(の)?(氏名|住所|者の氏名)|代表する|代表的|代表電話|代表番号|代表取締役その他|その代表者", body):
                out.append(self.finding("representative", line.start + rep.start(), line.start + rep.end(), view, 0.7,
                                        "representative title and name"))
        return out


class ContactExtractor(Extractor):
    """Phone, e-mail and the name of the contact desk, from contact sections first."""

    name = "contact"
    field = "contact"

    def extract(self, view: DocumentView) -> list[Finding]:
        out: list[Finding] = []
        blocks = view.blocks_with("contact")
        regions = [(b.start, b.end) for b in blocks] + [(0, len(view.text))]
        for label, pattern in (("phone", PHONE), ("email", EMAIL)):
            for start, end in regions:
                m = pattern.search(view.text, start, end)
                if m:
                    out.append(self.finding(label, m.start(), m.end(), view, 0.8, f"{label} pattern"))
                    break
        for b in blocks:
            for line in [*b.lines[:8]]:
                m = CONTACT_NAME.search(line.text)
                if m and len(line.text) <= 60 and not PHONE.search(m.group(1)):
                    out.append(self.finding("name", line.start + m.start(1), line.start + m.end(1), view, 0.6,
                                            "desk name in a contact section"))
                    return out
        return out


class DatesExtractor(Extractor):
    name = "dates"
    field = "dates"

    def extract(self, view: DocumentView) -> list[Finding]:
        out: list[Finding] = []
        for line in view.lines:
            for m in DATE.finditer(line.text):
                iso = iso_date(m)
                if iso is None:
                    continue
                before = line.text[:m.start()] + line.text[m.end():m.end() + 6]
                label = "revised" if REVISED.search(before) else "established" if ESTABLISHED.search(before) else None
                if label:
                    out.append(self.finding(label, line.start + m.start(), line.start + m.end(), view, 0.8,
                                            f"{label} date", iso=iso))
        return out
