"""Joint-use arrangements (共同利用): parties, items, purposes and the
responsible party with its address and representative."""
from __future__ import annotations

import re

from nlp.extract.base import DocumentView, Extractor, Finding
from nlp.structure import categorize_title, detect_marker, is_heading
from nlp import ginza_ner
from nlp.extract.organization import ADDRESS as POSTAL_ADDRESS, CORPORATE_FORM, ORG_NAME, ORG_SUFFIX, REPRESENTATIVE, SELF_WORDS

# A statement that data is (or will be) jointly used, as opposed to the
# statutory list of non-third-party cases («特定の者との間で共同して利用する場合»).
DECLARATION = re.compile(
    r"共同(して|で)?利用(させていただ|いたし|致し|し|する(場合|こと)が(あり|ござい)|しており|しています|を行|することがあります|するものとします|させて頂)|"
    r"共同利用(を)?(いたし|し|行|させていただ)|"
    r"以下の(とおり|通り)共同(して)?利用|共同利用者|共同して利用する者|共同(して|で)?利用する(。|$)|共同(して|で)?利用(するもの|すること)とする"
)
NEGATED = re.compile(r"共同(して|で)?利用(する|いたす)?こと(は|も)?(ありません|いたしません|しません|ございません)|共同利用(は|を)?(いたし|し|行い)ません")
STATUTORY = re.compile(r"特定の者との間で|第三者に該当しない|第三者には該当しない|第三者への提供に該当しない|"
                       r"共同利用[^。]{0,10}(変更|内容を変更)")
CONDITIONAL = re.compile(r"共同(して|で)?利用(する|し)[^。]{0,40}(場合|際)(に)?は")
ADDRESS = re.compile(rf"(?:住所|所在地)\s*[:：]?\s*(.+)|(〒\s*[0-9]{{3}}-?[0-9]{{4}}.*)|^({POSTAL_ADDRESS.pattern})")
NAME_PREFIX = re.compile(r"^(名称|氏名又は名称|氏名または名称|責任者(名称|名)?|管理責任者|事業者名?|[^:：、。]{1,15}[:：])\s*[:：]?\s*")
GROUP = re.compile(r"(?:(?:当社|弊社|当組合|当法人)の?)?[一-龥々ァ-ヴーA-Za-z0-9]{0,20}(グループ(各社|企業|会社|の?各社)?|各社|関連会社|子会社|グループ企業)")
# Organisation names in running text: kanji/katakana/latin names (no particles)
# with a corporate form or an organisation suffix, and an optional alias in brackets.
PROSE_NAME_CHARS = r"[一-龥々〆ヵヶァ-ヴーA-Za-z0-9・&＆]"
ORG_IN_PROSE = re.compile(
    rf"(?:(?:{CORPORATE_FORM})[ ]?{PROSE_NAME_CHARS}{{1,25}}|{PROSE_NAME_CHARS}{{1,25}}?[ ]?(?:{CORPORATE_FORM})"
    rf"|{PROSE_NAME_CHARS}{{1,25}}?(?:{ORG_SUFFIX}))(?![法])(?:[(（][^()（）、。]{{1,20}}[)）])?"
    rf"|{GROUP.pattern}"
)
GENERIC_ORG = re.compile(r"^(同|当|本|弊|その|他の|親|子)|^(グループ会社|関連会社|子会社|親会社|会社|組合|協会|各社|事務所|大学|学校|病院)$")
SPLIT_PARTIES = re.compile(r"、|，|,|\t|(?<![ァ-ヶー])・(?![ァ-ヶー])|及び|および|並びに|ならびに|又は|または|ならびに")
PARTY_TAIL = re.compile(r"(等|など|ほか|との間で.*|と共同.*|を含みます.*|をいいます.*|。.*)$")
RESPONSIBLE_IN_PROSE = re.compile(
    r"(?:管理について責任を(?:有する|負う)(?:者|の)|管理責任者)(?:は|として|:|：)\s*、?(?P<name>[^、。()（）]{2,60}?)"
    r"(?:[(（][^)）]*[)）])?(?:です|とします|とする|といたします|となります|が|。|$)|"
    r"(?:^|、|は)(?P<name2>[^、。]{2,40}?)が(?:第一次的|一次的)?(?:な)?(?:管理)?責任を(?:負|有)"
)
DETAIL_LINE = re.compile(r"^(所在地|住所|〒|代表)")
TABLE_HEADER = re.compile(r"^(会社名|名称|法人名|社名|団体名|組織名|事業者名?|共同利用者|共同して利用する者|範囲|所在地|住所)$")
SELF_ONLY = re.compile(rf"^({SELF_WORDS})$")
DECLARED_PURPOSE = re.compile(r"(?P<purpose>[^。]{4,120}?(?:のため|ために|を目的(?:と)?して|を目的に|の目的で))[^。]{0,160}?共同(?:して|で)?利用")
JOINT_CATEGORIES = {"joint_parties", "joint_items", "joint_purposes", "joint_responsible"}
SELF = re.compile(rf"^({SELF_WORDS})")


LINK_TAIL = re.compile(r"\s*[(（]?(詳しくは|詳細は)?(こちら|下記|以下|別紙|ホームページ|当社ウェブサイト)[^。]{0,20}(ご覧|参照|確認)[^。]*。?[)）]?$")
PROSE_LEAD = re.compile(r".*(に基づき設立された|に基づき|に基づいて|された|内の|である|による|における|にある|する|した|及び|および|並びに|又は|または)")


def trim_to_name(match: str) -> int:
    """How many leading characters of an organisation match in prose are not
    part of the name («…法に基づき設立された群馬県…組合» → skip to 群馬県)."""
    lead = PROSE_LEAD.match(match)
    return lead.end() if lead and lead.end() < len(match) - 1 else 0


def bracket_depths(text: str) -> list[int]:
    """Nesting depth of ()（）「」 at each character (and one past the end)."""
    depths, depth = [], 0
    for ch in text:
        if ch in "(（「『":
            depth += 1
        elif ch in ")）」』" and depth:
            depth -= 1
        depths.append(depth)
    depths.append(depth)
    return depths


class JointUseExtractor(Extractor):
    """One arrangement per joint-use section (or per running-text declaration)."""

    name = "joint_use"
    field = "joint_use"

    def extract(self, view: DocumentView) -> list[Finding]:
        sections = [(b.start, b.end) for b in view.blocks_with("joint_use")]
        declared = [(s, e) for s, e in view.sentence_spans
                    if self.declares(view.text[s:e], any(bs <= s <= be for bs, be in sections))]
        details = [b for b in view.blocks_with("joint_parties", "joint_items") if b.lines]
        if not declared and not details:
            return []
        start = min([b.start for b in details] + [s for s, _ in declared])
        end = max([b.end for b in details] + [e for _, e in declared])
        findings = [self.finding("arrangement", start, end, view, 0.9 if details else 0.6,
                                 "joint-use details" if details else "joint-use declaration")]
        parties = (self.listed_parties(view) or self.heading_parties(view)
                   or self.running_text_parties(view, declared))
        findings.extend(parties)
        findings.extend(self.responsible(view))
        findings.extend(self.finding("declaration", s, e, view, 0.6, "sentence declaring joint use") for s, e in declared)
        findings.extend(self.sub_lines(view, "joint_items", "item_line"))
        purposes = self.sub_lines(view, "joint_purposes", "purpose")
        findings.extend(purposes or self.declared_purposes(view, declared))
        return findings

    def declared_purposes(self, view: DocumentView, declared: list[tuple[int, int]]) -> list[Finding]:
        """Purposes stated in the declaration itself («…のため、…を共同利用します»)."""
        out: list[Finding] = []
        for start, end in declared:
            m = DECLARED_PURPOSE.search(view.text, start, end)
            if m and not CONDITIONAL.search(view.text, start, end) and not re.search(r"(以下|次|下記)の", m.group("purpose")):
                out.append(self.finding("purpose", m.start("purpose"), m.end("purpose"), view, 0.6,
                                        "purpose given in the joint-use declaration"))
        return out

    def declares(self, sentence: str, in_section: bool = False) -> bool:
        """A joint-use statement; a conditional one («…が共同利用する場合は») only
        in a joint-use section or when it names who the joint users are."""
        if not (DECLARATION.search(sentence) or CONDITIONAL.search(sentence)) or NEGATED.search(sentence) or STATUTORY.search(sentence):
            return False
        conditional = CONDITIONAL.search(sentence)
        return not conditional or in_section or bool(ORG_IN_PROSE.search(sentence[:conditional.start()]))

    def heading_parties(self, view: DocumentView) -> list[Finding]:
        """Organisation names standing alone as lines of a joint-use section
        (each joint user introducing its own sub-section)."""
        out: list[Finding] = []
        for block in view.blocks_with("joint_use"):
            for line in block.lines:
                m = ORG_NAME.fullmatch(line.text) or (len(line.text) <= 40 and "。" not in line.text
                                                      and ORG_NAME.match(line.text))
                if m and len(m.group(0)) >= len(line.text) * 0.6 and not categorize_title(line.text):
                    out.append(self.finding("party", line.start, line.end, view, 0.6,
                                            "organisation name heading a joint-use sub-section"))
        return out

    def sub_lines(self, view: DocumentView, category: str, label: str) -> list[Finding]:
        """Lines under a heading of ``category`` or after it on the same line."""
        out: list[Finding] = []
        for start, end, text in self.labelled_values(view, category):
            out.append(self.finding(label, start, end, view, 0.8, f"line under a {category} heading"))
        return out

    def region(self, view: DocumentView) -> tuple[int, int]:
        """From the first mention of joint use to the end of the document; the
        headings of joint-use details are looked for only there."""
        m = re.search(r"共同(して|で)?利用|共同利用", view.text)
        return (m.start(), len(view.text)) if m else (len(view.text), len(view.text))

    def labelled_values(self, view: DocumentView, category: str) -> list[tuple[int, int, str]]:
        """Values given under a heading of ``category``: following lines up to the
        next joint-use heading, or the rest of the heading line itself."""
        values: list[tuple[int, int, str]] = []
        lines = view.lines
        region_start, region_end = self.region(view)
        for i, line in enumerate(lines):
            if not region_start - 200 <= line.start < region_end:
                continue
            body = line.body or line.text
            head = re.match(r"^(.{0,30}?(範囲|項目|目的|責任を有する者|管理責任者|共同利用者|利用する者))(\s*[:：は]\s*|\s+)(.+)$", body)
            title = head.group(1) if head else body
            cats = categorize_title(title)
            if category == "joint_purposes" and cats == {"purposes"} and view.in_blocks(line.start, "joint_use"):
                cats = {"joint_purposes"}
            if category not in cats or len(title) > 40:
                continue
            if cats & JOINT_CATEGORIES - {category} and category in ("joint_parties", "joint_items"):
                continue
            if not head and not re.search(r"(範囲|者|先|項目|目的|名称|企業|会社|組合|団体|機関|情報|データ)(について|等|の名称)?$", body):
                continue
            if re.search(r"(氏名|名称|範囲|項目|目的|旨)$", body) and line.marker in ("kana", "paren_kana", "circled"):
                continue
            if head and head.group(4).strip() and len(head.group(4).strip()) > 1:
                rest = head.group(4).strip()
                offset = line.text.rindex(rest)
                values.append((line.start + offset, line.end, rest))
                if category == "joint_responsible":
                    for nxt in lines[i + 1:i + 4]:
                        if not DETAIL_LINE.match(nxt.body or nxt.text):
                            break
                        values.append((nxt.start, nxt.end, nxt.text))
                continue
            if "。" in body or (line.marker == "kana" and len(body) < 30 and i + 1 < len(lines)
                                and lines[i + 1].marker == "kana"):
                continue
            first = len(values)
            for nxt in lines[i + 1:i + 30]:
                next_cats = (categorize_title(nxt.body or nxt.text)
                             if is_heading(nxt) or (nxt.marker and len(nxt.text) <= 40 and "。" not in nxt.text) else set())
                ends = next_cats - {"data_items", "purposes"} or (next_cats and category != "joint_items")
                if ends and (len(values) > first or nxt.marker is not None):
                    break
                if nxt.marker in ("article", "chapter"):
                    break
                values.append((nxt.start, nxt.end, nxt.text))
            else:
                continue
        return values

    def listed_parties(self, view: DocumentView) -> list[Finding]:
        out: list[Finding] = []
        for start, end, text in self.labelled_values(view, "joint_parties"):
            if text.startswith(("※", "(ただし", "(注", "ただし")) or len(text) > 120:
                continue
            marker, marker_text = detect_marker(text)
            body = text[len(marker_text):] if marker else text
            offset = start + len(text) - len(body)
            if "\t" in body:
                body = body.split("\t")[0]
                if TABLE_HEADER.match(body):
                    continue
            if REPRESENTATIVE.search(body) or POSTAL_ADDRESS.match(body) or TABLE_HEADER.match(body):
                continue
            for separator in ("・・・", "…", "...", "：", ":"):
                if separator in body and "//" not in body:
                    cut = body.rindex(separator) + len(separator)
                    offset, body = offset + cut, body[cut:]
            body = LINK_TAIL.sub("", body)
            if "。" in body or len(body) > 60:
                for m in ORG_IN_PROSE.finditer(body):
                    if GENERIC_ORG.search(m.group(0)) or self.is_self(view, m.group(0)):
                        continue
                    cut = trim_to_name(m.group(0))
                    out.append(self.finding("party", offset + m.start() + cut, offset + m.end(), view, 0.7,
                                            "organisation named in prose under a joint-users heading"))
                continue
            for name_start, name in self.split_names(body):
                if SELF_ONLY.match(name):
                    continue
                out.append(self.finding("party", offset + name_start, offset + name_start + len(name), view, 0.85,
                                        "listed under a joint-users heading"))
        return out

    def split_names(self, text: str) -> list[tuple[int, str]]:
        """Party names of one line, with their offsets in it."""
        if "。" in text:
            text = text[:text.index("。")]
        pieces, pos = [], 0
        depth_at = bracket_depths(text)
        for m in [m for m in SPLIT_PARTIES.finditer(text) if depth_at[m.start()] == 0] + [None]:
            end = m.start() if m else len(text)
            piece = text[pos:end]
            stripped = PARTY_TAIL.sub("", piece.strip())
            if len(stripped) >= 2 and not re.fullmatch(r"[0-9()（）\s]+", stripped) and not re.search(r"https?:|www\.", stripped):
                pieces.append((pos + piece.index(stripped[0]) if stripped else pos, stripped))
            pos = m.end() if m else len(text)
        return pieces

    def running_text_parties(self, view: DocumentView, declared: list[tuple[int, int]]) -> list[Finding]:
        out: list[Finding] = []
        for start, end in declared:
            sentence = view.text[start:end]
            score = 0.4 if CONDITIONAL.search(sentence) else 0.6
            named = [m for m in ORG_IN_PROSE.finditer(sentence)
                     if not self.is_self(view, m.group(0)) and not GENERIC_ORG.search(m.group(0))]
            for m in named:
                cut = trim_to_name(m.group(0))
                out.append(self.finding("party", start + m.start() + cut, start + m.end(), view, score,
                                        "organisation named in a joint-use sentence"))
            if named:
                continue
            m = re.search(r"([^、。は]{2,80}?)(との間で|と共同|とで共同|と(の)?共同利用|の間で)", sentence)
            if m:
                group_start = start + m.start(1)
                for name_start, name in self.split_names(m.group(1)):
                    name = re.sub(r"^(それぞれ|当社と|弊社と|当社及び|当社および)", "", name)
                    if len(name) >= 2 and not SELF.match(name):
                        s = group_start + m.group(1).find(name)
                        out.append(self.finding("party", s, s + len(name), view, 0.6, "named in a joint-use sentence"))
                continue
            groups = list(GROUP.finditer(sentence))
            for g in groups:
                out.append(self.finding("party", start + g.start(), start + g.end(), view, 0.6,
                                        "group description in a joint-use sentence"))
            if groups:
                continue
            for ent_start, ent_end in ginza_ner.organizations(sentence):
                out.append(self.finding("party", start + ent_start, start + ent_end, view, 0.5,
                                        "organisation (GiNZA NER) in a joint-use sentence"))
        return out

    def is_self(self, view: DocumentView, name: str) -> bool:
        """Whether ``name`` is the organisation itself (当社…, or its own name)."""
        if SELF_ONLY.match(name):
            return True
        own = view.organization_name
        return bool(own) and len(own) >= 4 and (own in name or name in own)

    def responsible(self, view: DocumentView) -> list[Finding]:
        """Name, address and representative of the party responsible for the
        jointly used data: from the lines under its heading, else from a sentence."""
        out: list[Finding] = []
        name_found = False
        for start, end, text in self.labelled_values(view, "joint_responsible"):
            marker, marker_text = detect_marker(text)
            body = text[len(marker_text):] if marker else text
            offset = start + len(text) - len(body)
            address = POSTAL_ADDRESS.search(body) or ADDRESS.search(body)
            rep = REPRESENTATIVE.search(body)
            cut = min([m.start() for m in (address, rep) if m] + [len(body)] +
                      [i for i in (body.find("("), body.find("（"), body.find("住所"), body.find("所在地")) if i >= 0])
            name = NAME_PREFIX.sub("", body[:cut]).strip(" 、,:：")
            name = re.sub(r"(です|でございます|となります|といたします|とします)。?$", "", name).rstrip("。")
            if not name_found and 2 <= len(name) <= 80 and "。" not in name:
                s = offset + body.find(name)
                out.append(self.finding("responsible", s, s + len(name), view, 0.8, "named under the responsible-party heading"))
                name_found = True
            if address:
                out.append(self.finding("responsible_address", offset + address.start(), offset + address.end(), view, 0.8,
                                        "address of the responsible party"))
            if rep:
                out.append(self.finding("responsible_representative", offset + rep.start(), offset + rep.end(), view, 0.8,
                                        "representative of the responsible party"))
        if name_found:
            return out
        for start, end in view.sentence_spans:
            sentence = view.text[start:end]
            m = RESPONSIBLE_IN_PROSE.search(sentence)
            if m and "共同" in view.text[max(0, start - 400):end]:
                group = "name" if m.group("name") else "name2"
                s = start + m.start(group)
                out.append(self.finding("responsible", s, start + m.end(group), view, 0.6, "named in a sentence"))
                tail = sentence[m.end(group):]
                address = POSTAL_ADDRESS.search(tail)
                if address:
                    a = start + m.end(group) + address.start()
                    out.append(self.finding("responsible_address", a, a + len(address.group(0)), view, 0.6,
                                            "address given with the responsible party"))
                break
        return out
