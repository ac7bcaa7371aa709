"""Checking a PolicyRecord against a requirements profile (built-in: appi-2022).

Each requirement of the profile's YAML names a ``check``: a function here
that returns a status with the evidence that satisfied it or the reason it
did not. Conditions (joint use, foreign transfer, My Number …) give ``n/a``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from nlp.errors import InvalidDataFile, UnknownReference
from nlp.schema import ComplianceResult, Evidence, PolicyRecord

PROFILES = {"appi-2022": "appi_2022.yaml"}
STATUTORY_GROUNDS = {"consent", "law", "life_property", "public_health", "government", "academic"}
PROVISION_RULE = re.compile(
    r"(第三者|外部|他)(へ|に|に対して)?(は)?[^。]{0,30}(提供|開示)(する|いたす|される)?(こと|事)?(は|も)?(一切)?(ありません|いたしません|しません|致しません|行いません|ございません)|"
    r"(提供|開示)(いた|致)?しません|第三者(へ|に)(の)?(提供|開示)(は)?(いた|致)?しません|"
    r"(除き|除いて|除くほか)[^。]{0,40}(第三者|外部)(へ|に)?[^。]{0,20}(提供|開示)|"
    r"同意(を得ずに|なく|なしに|を得ないで)[^。]{0,30}(第三者|外部)?[^。]{0,10}(提供|開示)|"
    r"第三者(へ|に)(の)?提供[^。]{0,30}(場合|とき)(を除|は除)|"
    r"(第三者|外部)(へ|に)(の)?[^。]{0,20}提供(する場合|は)[^。]{0,60}(同意|了解|承諾)|"
    r"(提供|開示)しない(もの|こと)と"
)
SECURITY_KINDS = {kind: re.compile(rf"{word}(な)?(安全)?(管理)?(措置|対策)|(^|\n|[・●■(（0-9.)）]){word}\s*[:：]")
                  for kind, word in (("organizational", "組織的"), ("human", "人的"),
                                     ("physical", "物理的"), ("technical", "技術的"))}
# What each kind of measure does, when the kinds are not named.
SECURITY_CONTENT = {
    "organizational": re.compile(r"(取扱|管理)規程|規程を(定め|策定|整備)|責任者を(置|定め|設置)|管理責任者|(内部)?監査|報告(連絡)?体制|取扱者を(明確|限定)"),
    "human": re.compile(r"(教育|研修)を?(実施|行)|(研修|教育)を受け|誓約書|守秘義務|秘密保持に関する"),
    "physical": re.compile(r"施錠|入退(室|館)|保管庫|書庫|持ち?出し|盗難|区域|のぞき見"),
    "technical": re.compile(r"アクセス(制御|制限|権限)|パスワード|暗号化|ウイルス|ファイアウォール|不正(な)?アクセス(から|を)?(防|保護)|"
                            r"(閲覧|利用)できる(範囲|者)を制限|ログ(の)?(取得|監視)|SSL|TLS"),
}
RIGHTS_ASKER = re.compile(r"本人|私|ご自分|お客様|お客さま|ご自身|ユーザー|利用者|会員|組合員|患者|応募者|保護者|請求者|あなた")
RIGHTS_HOW = re.compile(r"請求|求め|申し?出|希望|ご連絡|連絡|窓口|問い?合わ?せ|問合せ|手続|応じ|対応|受け付け|受付|お知らせ|依頼|要請|要望")
RIGHTS_OTHER = re.compile(r"法令に基づ.{0,10}開示|(法令|裁判所|警察)[^。]{0,20}開示を求め|開示・提供|提供の禁止|開示(すること|いたし|致し|し)(は|ません)|"
                          r"開示請求権を行使|各行政機関|開示決定|第三者(に|へ)(の)?(開示|提供)")
RIGHTS_REQUEST = re.compile(r"(開示|訂正|修正)(等|・[^。]{0,20})?(の)?(ご)?(請求|求め|依頼|要請)")
SECURITY_PLEDGE = re.compile(r"暗号化|ハッシュ化|SSL|安全(且つ|かつ)適切|安全管理|漏え?洩?い|漏洩|滅失|毀損|き損|不正アクセス|セキュリティ|適切な措置|必要な措置|安全対策|適正な管理|適切に管理|厳重に管理|保護(に努め|に万全)")
CONTACT_POINT = re.compile(r"(苦情|相談|問い?合わ?せ|問合せ|ご意見|ご質問|お申し?出)[^。\n]{0,60}?(窓口|受付|受け付け|まで|宛て?|先|連絡先|[:：])|"
                           r"(窓口|連絡先|相談室|お客様センター|お客さまセンター)")
CONTACT_DETAIL = re.compile(r"0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}|0120|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|〒|"
                            r"TEL|Tel|電話|メール|窓口|係|担当|事務局|センター|相談室|[都道府県][^\s、。]{1,10}[市区町村]")
SECTION_POINTER_ONLY = re.compile(r"特定商取引法|別ページ|をご覧ください")
POINTER = re.compile(r"ご覧|ページ|リンク|こちら|フォーム|特定商取引法|別途")
FORM_USER = re.compile(r"お問い?合わ?せ(いただく|頂く|される)(方|際)|お問い?合わ?せフォームに|入力して")
MY_NUMBER = re.compile(r"個人番号|マイナンバー|特定個人情報")
MY_NUMBER_LIMIT = re.compile(r"(番号法|法令)(で|に)?(定め|認め)|目的(以外|外)|の範囲内|のみ|限(り|定|って)|超えて|利用目的")
MY_NUMBER_NOT_HANDLED = re.compile(r"(個人番号|マイナンバー|特定個人情報)[^。]{0,30}(取得|収集|取り?扱|お預かり|保有|保管)[^。]{0,12}(ません|ておりません|ていません)")
INSURER_OR_BANK = re.compile(r"保険会社|損害保険|生命保険|共済|銀行|信用金庫|信用組合|労働金庫|証券会社")
ONLINE = re.compile(r"ウェブサイト|Webサイト|WEBサイト|ホームページ|サイト|アプリ|Cookie|cookie|クッキー|オンライン|インターネット")


class RequirementSpec(BaseModel):
    """One requirement of a profile, as written in its YAML file."""

    model_config = ConfigDict(extra="forbid")
    title: str
    law: str
    severity: str = "medium"
    check: str
    condition: str | None = None
    patterns: list[str] = []
    partial_patterns: list[str] = []


@dataclass
class Verdict:
    status: str
    detail: str
    evidence: list[Evidence] = field(default_factory=list)


@lru_cache(maxsize=None)
def load_profile(profile: str) -> dict[str, RequirementSpec]:
    """The requirements of a built-in profile, validated."""
    if profile not in PROFILES:
        raise UnknownReference(None, f"unknown reference profile {profile!r} (built-in: {', '.join(PROFILES)})")
    resource = resources.files("nlp.compare").joinpath(PROFILES[profile])
    try:
        raw = yaml.safe_load(resource.read_text(encoding="utf-8"))
        specs = {rid: RequirementSpec.model_validate(entry) for rid, entry in raw.items()}
    except (OSError, yaml.YAMLError, ValidationError, AttributeError) as exc:
        raise InvalidDataFile(str(resource), f"invalid requirements profile: {exc}") from exc
    for rid, spec in specs.items():
        if spec.check not in CHECKS:
            raise InvalidDataFile(str(resource), f"{rid}: unknown check {spec.check!r}")
        if spec.condition and spec.condition not in CONDITIONS:
            raise InvalidDataFile(str(resource), f"{rid}: unknown condition {spec.condition!r}")
    return specs


def evaluate(record: PolicyRecord, text: str, profile: str = "appi-2022") -> list[ComplianceResult]:
    """One ComplianceResult per requirement of ``profile`` for ``record`` (whose normalised text is ``text``)."""
    results = []
    for rid, spec in load_profile(profile).items():
        if spec.condition and not CONDITIONS[spec.condition](record, text):
            verdict = Verdict("n/a", f"condition not met: {spec.condition}")
        else:
            verdict = CHECKS[spec.check](record, text, spec)
        results.append(ComplianceResult(requirement=rid, status=verdict.status, title=spec.title, severity=spec.severity,
                                        detail=verdict.detail, evidence=verdict.evidence))
    return results


def span_evidence(text: str, m: re.Match[str], pad: int = 20) -> Evidence:
    start, end = max(0, m.start() - pad), min(len(text), m.end() + pad)
    return Evidence(span=(start, end), text=text[start:end])


def check_organization(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    org = record.organization
    have = {"name": org.name, "address": org.address, "representative": org.representative}
    missing = [k for k, v in have.items() if not v]
    if not missing:
        return Verdict("present", "name, address and representative given", list(org.evidence))
    if len(missing) == 3:
        return Verdict("missing", "no organisation name, address or representative found")
    return Verdict("partial", f"{', '.join(k for k in have if k not in missing)} found; no {', '.join(missing)}",
                   list(org.evidence))


def check_purposes(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    real = [p for p in record.purposes if p.category != "other"]
    if real:
        return Verdict("present", f"{len({p.category for p in real})} purpose categories stated",
                       [p.evidence for p in real[:5]])
    mention = re.search(r"利用目的|使用目的|(の|を)目的(と|に|で)", text)
    if mention:
        return Verdict("partial", "purposes of use are referred to but not stated", [span_evidence(text, mention)])
    return Verdict("missing", "no purpose of use is stated")


def check_third_party_rule(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    rule = PROVISION_RULE.search(text)
    grounds = {e.category for e in record.third_party.exceptions}
    if rule and grounds:
        return Verdict("present", f"rule stated with grounds: {', '.join(sorted(grounds))}", [span_evidence(text, rule)])
    if rule:
        return Verdict("partial", "rule stated without any ground", [span_evidence(text, rule)])
    if grounds & (STATUTORY_GROUNDS | {"outsourcing", "joint_use", "business_succession"}):
        return Verdict("partial", "grounds listed but no rule that data is not provided otherwise",
                       [e.evidence for e in record.third_party.exceptions[:3]])
    return Verdict("missing", "nothing is said about provision to third parties")


def check_joint_items(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    items = [d for d in record.data_items if d.context == "joint_use"]
    if items:
        return Verdict("present", f"{len({d.item for d in items})} jointly used items listed", [d.evidence for d in items[:5]])
    written = [t for j in record.joint_use for t in j.items_text]
    if written:
        return Verdict("present", f"jointly used items given: {written[0][:60]}")
    return Verdict("missing", "joint use is stated but the jointly used items are not")


def check_joint_parties(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    parties = [p for j in record.joint_use for p in j.parties if p.score >= 0.5]
    if parties:
        return Verdict("present", "joint users: " + "、".join(p.name for p in parties[:6]), [p.evidence for p in parties[:6]])
    return Verdict("missing", "joint use is stated but not who the joint users are")


def check_joint_purposes(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    purposes = [p for j in record.joint_use for p in j.purposes]
    if purposes:
        return Verdict("present", "joint users' purposes: " + "、".join(p[:40] for p in purposes[:3]))
    return Verdict("missing", "joint use is stated but not for what purposes")


def check_joint_responsible(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    names = [j.responsible for j in record.joint_use if j.responsible.name]
    if names:
        return Verdict("present", f"responsible party: {names[0].name}", [names[0].evidence] if names[0].evidence else [])
    return Verdict("missing", "no party responsible for the jointly used data is named")


def check_joint_responsible_details(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    responsible = next((j.responsible for j in record.joint_use if j.responsible.name), None)
    if responsible is None:
        return Verdict("missing", "no responsible party, so no address or representative")
    have = [k for k in ("address", "representative") if getattr(responsible, k)]
    if len(have) == 2:
        return Verdict("present", f"{responsible.name}: address and representative given")
    if have:
        return Verdict("partial", f"{responsible.name}: {have[0]} given, no {'representative' if have[0] == 'address' else 'address'}")
    return Verdict("missing", f"responsible party named ({responsible.name}), but no address or representative")


def check_foreign_transfer(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    ft = record.third_party.foreign_transfer
    if ft.countries and ft.systems_described:
        return Verdict("present", f"countries ({'、'.join(ft.countries)}) and their systems described", list(ft.evidence))
    if ft.countries:
        return Verdict("partial", f"countries named ({'、'.join(ft.countries)}) without information on their systems",
                       list(ft.evidence))
    return Verdict("missing", "provision abroad is stated without the countries", list(ft.evidence))


def check_security_measures(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    kinds = {kind: m for kind, pattern in SECURITY_KINDS.items() if (m := pattern.search(text))}
    if len(kinds) >= 3:
        return Verdict("present", f"measures set out by kind: {', '.join(kinds)}", [span_evidence(text, m) for m in kinds.values()])
    itemised = itemised_measures(text)
    if len(itemised) >= 3:
        return Verdict("present", f"measures set out item by item: {', '.join(itemised)}",
                       [span_evidence(text, m) for m in itemised.values()])
    pledge = SECURITY_PLEDGE.search(text)
    if pledge or kinds:
        return Verdict("partial", "a general pledge of security, not set out by organisational/human/physical/technical kind",
                       [span_evidence(text, pledge)] if pledge else [])
    return Verdict("missing", "nothing is said about security measures")


def itemised_measures(text: str) -> dict[str, re.Match[str]]:
    """Kinds of security measure each set out on a line of its own (a list of
    what is done), recognised by what the line describes."""
    found: dict[str, re.Match[str]] = {}
    for line_match in re.finditer(r"^[ \t]*[・●○■\-*(（0-9①-⑳ア-ン].{8,}$", text, re.MULTILINE):
        line = line_match.group(0)
        kinds = [kind for kind, pattern in SECURITY_CONTENT.items() if pattern.search(line)]
        if len(kinds) == 1 and kinds[0] not in found:
            found[kinds[0]] = re.search(re.escape(line.strip()), text)
    return found


def check_complaints_contact(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    """Present when a contact point for inquiries or complaints is given; partial
    when the text only points elsewhere (another page, a form) for it."""
    pointer = None
    for m in CONTACT_POINT.finditer(text):
        sentence_start = text.rfind("。", 0, m.start()) + 1
        sentence = text[sentence_start:text.find("。", m.end()) + 1 or len(text)]
        if FORM_USER.search(sentence):
            continue
        after = text[m.start():m.start() + 300]
        if CONTACT_DETAIL.search(after) or re.search(r"まで", m.group(0)) and not POINTER.search(sentence):
            return Verdict("present", "a contact point for inquiries or complaints is given", [span_evidence(text, m)])
        if pointer is None and POINTER.search(after):
            pointer = m
    for section in record.sections if record.kind != "web_form" else []:
        if "contact" not in (section.category or "").split(","):
            continue
        body = text[section.span[0]:section.span[1]]
        if SECTION_POINTER_ONLY.search(body) and not CONTACT_DETAIL.search(body):
            continue
        if CONTACT_DETAIL.search(body) or re.search(r"フォーム|まで|苦情[^。]{0,40}(対応|処理|体制)", body):
            return Verdict("present", f"a contact section: {section.title}",
                           [Evidence(span=section.span, text=body[:120])])
    if pointer is not None:
        return Verdict("partial", "the text only points elsewhere for the contact point", [span_evidence(text, pointer)])
    return Verdict("missing", "no contact for complaints or inquiries about personal information")


def check_data_items(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    items = {d.item for d in record.data_items}
    if items:
        return Verdict("present", f"{len(items)} kinds of personal data named")
    return Verdict("missing", "the kinds of personal data collected are not named")


def check_my_number(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    for m in MY_NUMBER.finditer(text):
        window = text[max(0, m.start() - 100):m.end() + 150]
        if MY_NUMBER_LIMIT.search(window):
            return Verdict("present", "My Number is handled and its use is limited", [span_evidence(text, m)])
    return Verdict("partial", "My Number is handled, without a statement limiting its use")


def check_rights_procedure(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    """Present when the person is told how to ask for disclosure or correction;
    partial when only stopping use, deletion or opt-out can be asked for."""
    partial = None
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if not RIGHTS_HOW.search(sentence):
            continue
        if partial is None and any(re.search(p, sentence) for p in spec.partial_patterns):
            partial = Evidence(span=(start, end), text=sentence)
        if RIGHTS_OTHER.search(sentence):
            continue
        asker = RIGHTS_ASKER.search(sentence) or re.search(r"開示等|保有個人データ", sentence) or RIGHTS_REQUEST.search(sentence)
        for pattern in spec.patterns:
            m = re.search(pattern, sentence)
            if m and asker:
                return Verdict("present", f"procedure for requests ({m.group(0)})", [Evidence(span=(start, end), text=sentence)])
    if partial is not None:
        return Verdict("partial", "only stopping use, deletion or opt-out can be requested; no disclosure or correction",
                       [partial])
    return Verdict("missing", "nothing says how to request disclosure, correction or stopping of use")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"[。\n]", text):
        if m.end() - start > 1:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def check_statutory_grounds_only(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    """Flags provision grounds outside the statute: ``patterns`` lists grounds
    that are gaps (e.g. 公共の利益), ``partial_patterns`` sector grounds noted
    for review (they need consent or a contract)."""
    found = {e.category: e for e in record.third_party.exceptions}
    outside = [found[c] for c in spec.patterns if c in found]
    if outside:
        return Verdict("partial", "grounds outside the statutory list: " + ", ".join(e.category for e in outside),
                       [e.evidence for e in outside])
    noted = [found[c] for c in spec.partial_patterns if c in found]
    detail = ("sector grounds to review (consent or contract needed): " + ", ".join(e.category for e in noted)
              if noted else "no grounds outside the statutory list")
    return Verdict("present", detail, [e.evidence for e in noted])


def refuses_my_number(text: str) -> bool:
    """Whether the text says My Number is not collected at all (not merely
    limited: «…の目的以外には取得しません» is a limitation)."""
    for m in MY_NUMBER_NOT_HANDLED.finditer(text):
        start = text.rfind("。", 0, m.start()) + 1
        if not re.search(r"以外|目的外|除き|除いて|除く|限", text[start:m.end()]):
            return True
    return False


def check_patterns(record: PolicyRecord, text: str, spec: RequirementSpec) -> Verdict:
    for pattern in spec.patterns:
        m = re.search(pattern, text)
        if m:
            return Verdict("present", f"stated ({m.group(0)})", [span_evidence(text, m)])
    for pattern in spec.partial_patterns:
        m = re.search(pattern, text)
        if m:
            return Verdict("partial", f"touched on ({m.group(0)}) but not set out", [span_evidence(text, m)])
    return Verdict("missing", "not stated")


CHECKS: dict[str, Callable[[PolicyRecord, str, RequirementSpec], Verdict]] = {
    "organization": check_organization, "purposes": check_purposes, "third_party_rule": check_third_party_rule,
    "joint_items": check_joint_items, "joint_parties": check_joint_parties, "joint_purposes": check_joint_purposes,
    "joint_responsible": check_joint_responsible, "joint_responsible_details": check_joint_responsible_details,
    "foreign_transfer": check_foreign_transfer, "security_measures": check_security_measures,
    "complaints_contact": check_complaints_contact, "data_items": check_data_items, "my_number": check_my_number,
    "patterns": check_patterns, "rights_procedure": check_rights_procedure,
    "statutory_grounds_only": check_statutory_grounds_only,
}
CONDITIONS: dict[str, Callable[[PolicyRecord, str], bool]] = {
    "joint_use": lambda record, text: bool(record.joint_use),
    "foreign_transfer": lambda record, text: record.third_party.foreign_transfer.present,
    "my_number": lambda record, text: bool(MY_NUMBER.search(text)) and not refuses_my_number(text),
    "insurer_or_bank": lambda record, text: bool(INSURER_OR_BANK.search(text)),
    "online": lambda record, text: bool(ONLINE.search(text)),
}
