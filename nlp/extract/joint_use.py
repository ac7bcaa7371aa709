"""Joint-use arrangements (共同利用): whether the document declares one, the
parties, the jointly used items, the purposes and the responsible party with
its address and representative.

Every cue is an entry of ``nlp/vocab/joint_use.yaml`` (declaration, negated,
restatement, conditional, label_value, party_separator, group, …); corporate
forms, kinds of organisation, self-references, prefectures and representative
titles come from ``lexicons.yaml``; sentences, lines, markers and sections
come from the ``DocumentView``. Each finding's explanation names the entry.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from nlp import ginza_ner
from nlp.extract.base import DocumentView, Extractor, Finding, skip_over, cache_per_view
from nlp.extract.organization import cut_right
from nlp.structure import Block, categorize_title, is_heading
from nlp.vocab import Cue

VOCAB = "joint_use"
JOINT_CATEGORIES = frozenset({"joint_parties", "joint_items", "joint_purposes", "joint_responsible"})
#: where a responsible party's detail comes from, for explanations
ENTRY_OF = {"responsible_address": "lexicons.yaml#prefecture",
            "responsible_representative": "lexicons.yaml#representative_title"}
MAX_BRACKET_NOTE = 20  # characters of a bracketed part after a list of names beyond which it is a note, not a name
MAX_NAME = 25  # characters of a name before or after its corporate form
TABLE_REACH = 20  # lines after a value pointing to a table below («下表の…») searched for it
DETAIL_LINES = 4  # lines under a name standing alone searched for its address and representative (a footer «法人名 / 理事長 … / 施設名 / 施設長 … / 〒…»)
ORGANISATION_CUES = ("corporate_form", "organization_type")
SECTION_MARKERS = frozenset({"article", "chapter", "decimal", "bracket_heading"})  # markers of a top-level section


class Span(NamedTuple):
    start: int
    end: int
    explanation: str
    score: float = 0.6


class Value(NamedTuple):
    """A value under (or after) a joint-use label, with the entry that found it."""

    start: int
    end: int
    text: str
    explanation: str


def cue(view: DocumentView, key: str) -> Cue:
    return view.resources.cue(VOCAB, key)


def lexicon(view: DocumentView, key: str) -> Cue:
    return view.resources.cue("lexicons", key)


def entry(key: str, why: str = "") -> str:
    return f"{VOCAB}.yaml#{key}" + (f" ({why})" if why else "")


def sentence_end(text: str) -> int:
    """Where the first 。 outside brackets is (-1 if none): «…(…を含みます。)» is one name."""
    depths = bracket_depths(text)
    return next((i for i, ch in enumerate(text) if ch == "。" and depths[i] == 0), -1)


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


def listed_in_brackets(text: str) -> list[bool]:
    """Whether each character stands in brackets that hold a list («支部(北海道支部、関東支部)»):
    the names there are parties, not another name's alias."""
    listed = [False] * len(text)
    opened: list[int] = []
    for pos, ch in enumerate(text):
        if ch in "(（「『":
            opened.append(pos)
        elif ch in ")）」』" and opened:
            inside = text[opened[-1] + 1:pos]
            if "、" in inside or "及び" in inside:
                listed[opened[-1] + 1:pos] = [True] * len(inside)
            opened.pop()
    return listed


def same_body(view: DocumentView, name: str, longer: str) -> bool:
    """Whether ``name`` is ``longer`` without its legal form (みなと商会 of
    株式会社みなと商会), not another body whose name it starts (さくら大学 of
    さくら大学校友会)."""
    if name not in longer:
        return False
    rest = longer.replace(name, "", 1).strip(" 　")
    return not rest or bool(lexicon(view, "corporate_form").pattern.fullmatch(rest))


def points_below(view: DocumentView, value: str) -> bool:
    """Whether a labelled value only points to the lines under it: it starts
    with 以下の/次の…, or its last phrase does («当社と、次の加盟店», «当行および次の連結子会社»)."""
    last_phrase = cue(view, "party_separator").pattern.split(value)[-1]
    forward = cue(view, "forward_reference").pattern
    return bool(forward.match(value) or ("。" not in value and forward.match(last_phrase.strip())))


def organisation_names(view: DocumentView, start: int, end: int,
                       cues: tuple[str, ...] = ORGANISATION_CUES) -> list[Span]:
    """Organisation names in ``text[start:end]``: a corporate form or a kind of
    organisation (lexicons.yaml ``cues``) with the name characters before it (or, for a
    form written first, after it), its bracketed alias, and Latin-script names
    before a Latin legal form ("Example Asia Co., Ltd.")."""
    text = view.text
    name_char, lead, alias = cue(view, "name_char"), cue(view, "name_lead"), cue(view, "alias")
    found: list[Span] = []
    for key in cues:
        form_cue = lexicon(view, key)
        for m in form_cue.finditer(text, start, end):
            left = m.start()
            while left > max(start, m.start() - MAX_NAME) and name_char.pattern.fullmatch(text[left - 1]):
                left -= 1
            if left < m.start():
                trimmed = lead.pattern.match(text, left, m.start() + 1)  # a particle is seen with what follows it
                left = min(trimmed.end(), m.start()) if trimmed else left
                for other in lexicon(view, "corporate_form").finditer(text, left, m.start()):
                    left = other.end()  # another name ends inside the run (…株式会社・サンプル株式会社)
                while left < m.start() and not view.at_token_boundary(left):
                    left += 1  # a name starts a word («…のもとサンプル» starts at サンプル)
                while left < m.start() and not name_char.pattern.fullmatch(text[left]) or text[left] in "・.&＆":
                    left += 1
            s, e = left, m.end()
            if s == m.start():
                if key != "corporate_form":
                    continue  # a kind of organisation alone (組合, 病院) names no one
                e = m.end() + (1 if text[m.end():m.end() + 1] == " " else 0)
                right = e
                while right < min(end, e + MAX_NAME) and name_char.pattern.fullmatch(text[right]) \
                        and text[right] not in "・.&＆":
                    right += 1
                right = cut_right(view, e, right)  # 株式会社○○と共同で… ends before と
                if right == e:
                    continue
                e = right
            tail = alias.pattern.match(text, e, end)
            e = tail.end() if tail else e
            found.append(Span(s, e, f"lexicons.yaml#{key} + {entry('name_char')}"))
    latin = cue(view, "latin_name_char")
    for m in lexicon(view, "latin_corporate_form").finditer(text, start, end):
        left = m.start()
        while left > max(start, m.start() - 40) and latin.pattern.fullmatch(text[left - 1]):
            left -= 1
        while left < m.start() and not text[left].isalnum():
            left += 1
        if left < m.start() and text[left].isupper():
            found.append(Span(left, m.end(), f"lexicons.yaml#latin_corporate_form + {entry('latin_name_char')}"))
    found.sort(key=lambda sp: (sp.start, -sp.end))
    kept: list[Span] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            continue  # inside (or overlapping) a longer name found first
        kept.append(span)
    return kept


@cache_per_view
def _categories(view: DocumentView, key: tuple[str, int, bool]) -> set[str]:
    title, pos, label = key
    cats = categorize_title(title, view.resources)
    if cats & JOINT_CATEGORIES:
        return cats
    index = view.line_index(pos)
    joint = (view.in_blocks(pos, "joint_use") or bool(cue(view, "mention").search(title))
             or (index is not None and _after_mention(view, index)))
    if joint and cats == {"purposes"}:
        return {"joint_purposes"}
    listed = view.in_blocks(pos, "joint_parties", "joint_purposes", "joint_responsible")
    if joint and cue(view, "items_title").accepts(title) and (
            not label or cue(view, "mention").search(title) or (view.in_blocks(pos, "joint_use") and not listed)
            or (index is not None and _beside_labelled_details(view, index))):
        return {"joint_items"}
    return cats


def _beside_labelled_details(view: DocumentView, index: int) -> bool:
    """Whether a line of the run of «label: value» lines that line ``index``
    stands in labels the joint users or the responsible party («共同利用者:…»,
    «管理責任者:…»): a bare «項目:» among them, under a sentence announcing
    joint use, gives the jointly used items."""
    label_value, lines = cue(view, "label_value"), view.lines
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and (head := label_value.search(lines[other].body or lines[other].text)):
            if categorize_title(head.group("label"), view.resources) & {"joint_parties", "joint_responsible"}:
                return True
            other += step
    return False


@cache_per_view
def _titled_lines(view: DocumentView, first: int) -> list[tuple[int, re.Match[str] | None, str, set[str]]]:
    """The lines from ``first`` that may head joint-use details: each line's
    index, its «label: value» match, its title (the label, or the whole body)
    and the title's categories, for titles of at most 40 characters in some category."""
    label_value, rows = cue(view, "label_value"), []
    for i, line in enumerate(view.lines):
        if line.start < first:
            continue
        head = label_value.search(line.body or line.text)
        title = head.group("label") if head else (line.body or line.text)
        cats = _categories(view, (title, line.start, head is not None))
        if cats and len(title) <= 40:
            rows.append((i, head, title, cats))
    return rows


@cache_per_view
def _aliases(view: DocumentView, key: str) -> dict[str, str]:
    """The short names the text defines for organisations (joint_use.yaml#``key``):
    alias -> the name written just before its definition."""
    found: dict[str, str] = {}
    for m in view.scan(VOCAB).finditer(key):
        line = view.line_at(m.start())
        names = [span for span in organisation_names(view, line.start if line else 0, m.start())
                 if span.end == m.start()]
        if names and not lexicon(view, "self_reference").pattern.fullmatch(m.group("alias")):
            found.setdefault(m.group("alias"), view.text[names[0].start:names[0].end])
    return found


@cache_per_view
def _after_mention(view: DocumentView, index: int, window: int = 15) -> bool:
    for line in reversed(view.lines[max(0, index - window):index + 1]):
        if view.line_has(cue(view, "mention"), line):
            return True
        tag = cue(view, "value_tag").pattern.match(line.text)
        if line.marker in SECTION_MARKERS and is_heading(line) and not (tag and tag.end() < len(line.text)):
            return False
    return False


class JointUseExtractor(Extractor):
    """The arrangement the document declares: the declarations, the details
    under joint-use headings, and the parties and responsible party they
    name; and one more for each later joint-use sub-section that declares an
    arrangement of its own in a sentence (``separate_declarations``)."""

    name = "joint_use"
    field = "joint_use"

    def extract(self, view: DocumentView) -> list[Finding]:
        declared = [span for s, e in view.sentences_with(cue(view, "mention"))
                    if (span := self.declaration(view, s, e, view.in_blocks(s, "joint_use")))]
        party_values = self.labelled_values(view, "joint_parties")
        item_values = self.labelled_values(view, "joint_items")
        headed = [] if declared or party_values or item_values else self.heading_only(view)
        if not (declared or party_values or item_values or headed):
            return []
        parties = self.listed_parties(view, party_values) or self.heading_parties(view)
        separate = {span: named for span in (self.separate_declarations(view, declared, parties) if parties else [])
                    if (named := self.resolved_aliases(view, self.running_text_parties(view, [span], ner=False)))}
        own = [span for span in declared if span not in separate]
        spans = own + [Span(v.start, v.end, v.explanation) for v in party_values + item_values] + headed
        detailed = bool(party_values or item_values)
        findings = [self.finding("arrangement", min(s.start for s in spans), max(s.end for s in spans), view,
                                 0.9 if detailed else max(s.score for s in spans),
                                 "joint-use details: " + spans[0].explanation if detailed else spans[0].explanation)]
        parties = self.resolved_aliases(view, parties or self.running_text_parties(view, declared))
        findings.extend(parties)
        findings.extend(self.collective_members(view, parties))
        bounds = [span.start for span in separate] + [len(view.text)]
        findings.extend(self.responsible(view, region_end=bounds[0]))
        for number, (span, named) in enumerate(separate.items(), 1):
            findings.extend(self.separate_arrangement(view, number, span, named, bounds[number]))
        findings.extend(self.finding("declaration", s.start, s.end, view, s.score, s.explanation) for s in declared)
        findings.extend(self.finding("item_line", v.start, v.end, view, 0.8, v.explanation) for v in item_values)
        item_blocks = [(line.start, line.end) for block in view.blocks_with("joint_items") for line in block.lines
                       if not view.search(cue(view, "negated"), line.start, line.end)]
        item_sentences, prose_purposes = self.prose_details(view, own)
        items = self.items(view, [(s.start, s.end) for s in declared]
                           + [(v.start, v.end) for v in item_values] + item_blocks + item_sentences)
        findings.extend(items)
        if not (items or item_values):
            findings.extend(self.referenced_items(view, [(s.start, s.end) for s in declared], item_sentences))
        purposes = [self.finding("purpose", v.start, v.end, view, 0.8, v.explanation)
                    for v in self.labelled_values(view, "joint_purposes")]
        findings.extend(purposes or self.declared_purposes(view, own) + prose_purposes)
        return findings

    def separate_arrangement(self, view: DocumentView, number: int, span: Span, parties: list[Finding],
                             end: int) -> list[Finding]:
        """Arrangement ``number`` after the first: its declaration, the joint
        users its sentence names (``parties``), the purposes it states and the
        responsible party labelled after it, before the next arrangement (``end``), each
        finding marked with the number (``attrs["arrangement"]``)."""
        found = [self.finding("arrangement", span.start, span.end, view, span.score, span.explanation),
                 *parties, *self.collective_members(view, parties), *self.declared_purposes(view, [span]),
                 *self.responsible(view, span.end, end, prose_from=span.start)]
        for finding in found:
            finding.attrs["arrangement"] = number
        return found

    @staticmethod
    def separate_declarations(view: DocumentView, declared: list[Span], parties: list[Finding]) -> list[Span]:
        """Declarations after the listed parties, in a joint-use section but in
        a sub-section of their own (not the one the parties are listed in, nor
        one around it): a second arrangement when the sentence names joint
        users («(1)グループ内での共同利用» with its labelled parties, then
        «(2)…制度» naming its joint users in a sentence)."""
        def innermost(pos: int) -> Block | None:
            return next((b for b in reversed(view.blocks) if b.start <= pos < b.end), None)

        listing = [b for party in parties if (b := innermost(party.start)) is not None]
        last_party = max(party.end for party in parties)
        return [span for span in declared
                if span.start > last_party and view.in_blocks(span.start, "joint_use")
                and (block := innermost(span.start)) is not None
                and not any(block is b or block.start <= b.start < block.end for b in listing)]

    def resolved_aliases(self, view: DocumentView, parties: list[Finding]) -> list[Finding]:
        """Parties written by a short name the text defines for an organisation
        («協会» after «一般社団法人架空協会（以下「協会」といいます。）»), as that
        organisation, with the definition as evidence."""
        aliases = _aliases(view, "defined_alias")
        out = []
        for f in parties:
            full = aliases.get(f.text)
            start = view.text.find(full) if full else -1
            out.append(f if start < 0 else self.finding(
                "party", start, start + len(full), view, f.score, f"{f.explanation}; {entry('defined_alias')}"))
        return out

    def collective_members(self, view: DocumentView, parties: list[Finding]) -> list[Finding]:
        """The members a party named by a collective alias stands for: the
        organisations on the marked lines right after its definition
        («次の会員生協（以下、総称して「会員生協」…）» then «（１）…生活協同組合» …),
        or, with no such lines, those listed before it in its sentence
        («A、B及びC（以下あわせて「各社等」…）»)."""
        named = {f.text.rstrip("等") for f in parties}
        out: list[Finding] = []
        for m in view.scan("joint_use").finditer("collective_alias"):
            if m.group("alias").rstrip("等") not in named:
                continue
            why = f"(a member of {m.group('alias')}, {entry('collective_alias')})"
            index = view.line_index(m.start())
            following = view.lines[index + 1:index + 1 + TABLE_REACH] if index is not None else []
            members = []
            for line in following:
                if line.marker is None or line.marker != following[0].marker:
                    break  # the list ends where its marker family does
                members += organisation_names(view, line.body_start, line.end)[:1]
            if not members:
                members = organisation_names(view, view.sentence_at(m.start())[0], m.start(), ("corporate_form",))
            out.extend(self.finding("party", name.start, name.end, view, 0.7, f"{name.explanation} {why}")
                       for name in members)
        return out

    def prose_details(self, view: DocumentView, declared: list[Span]) -> tuple[list[tuple[int, int]], list[Finding]]:
        """The sentences after a declaration, on its line, that give the jointly
        used items («共同して利用するのは、…です»), and the purposes they state
        («利用の目的は、…です», «これらの者は、…のために利用します»,
        «三者がこの情報を使うのは、…のためです»)."""
        items: list[tuple[int, int]] = []
        purposes: list[Finding] = []
        item_cue, stated, users = cue(view, "prose_items"), cue(view, "prose_purpose"), cue(view, "users_purpose")
        use_for, named_user, user_first = cue(view, "users_use_for"), cue(view, "user_uses_them_for"), cue(view, "user_uses_it_for")
        for declaration in declared:
            line = view.line_at(declaration.end - 1)
            if line is None:
                continue
            for start, end in view.sentences_between(declaration.end, line.end):
                gives_items = bool(view.search(item_cue, start, end))
                if gives_items:
                    items.append((start, end))
                # a sentence giving the items may go on to what the joint users do with them («…で、両者はこれを…»)
                candidates = (users, use_for, named_user, user_first) if gives_items \
                    else (stated, users, use_for, named_user, user_first)
                found = next(((c, m) for c in candidates if (m := view.search(c, start, end))), None)
                if found:
                    purpose_cue, m = found
                    purposes.append(self.finding("purpose", m.start("purpose"), m.end("purpose"), view,
                                                 purpose_cue.score, purpose_cue.explain(view.text, m.start())))
        return items, purposes

    # ------------------------------------------------------------ presence

    def declaration(self, view: DocumentView, start: int, end: int, in_section: bool) -> Span | None:
        """A sentence stating the organisation's joint use; a hypothetical one
        («…共同利用する場合は») only in a joint-use section, when it names who
        the joint users are, or when it says such use is not provision."""
        text = view.text
        if not cue(view, "mention").search(text, start, end):
            return None
        if any(cue(view, key).search(text, start, end) for key in ("negated", "restatement", "change_notice")):
            return None
        if cue(view, "statutory_intro").search(view.list_parent(start)):
            return None  # an item of the statute's list of notice items (ア.共同利用する旨 …)
        conditional = cue(view, "conditional").search(text, start, end)
        if conditional:
            if cue(view, "third_party_word").search(text, start, end):
                return None
            named = (organisation_names(view, start, conditional.start())
                     or cue(view, "group").search(text, start, conditional.start()))
            if not (in_section or named or cue(view, "not_provision").search(text, start, end)):
                return None
            return Span(start, end, cue(view, "conditional").explain(text, conditional.start()), 0.4)
        m = cue(view, "declaration").search(text, start, end)
        if m is None:
            return None
        return Span(start, end, cue(view, "declaration").explain(text, m.start()), cue(view, "declaration").score)

    def heading_only(self, view: DocumentView) -> list[Span]:
        """A joint-use section whose heading is all there is («…の共同利用について»
        with nothing negating or restating the statute under it)."""
        spans = []
        for block in view.blocks_with("joint_use"):
            if block.categories - JOINT_CATEGORIES - {"joint_use", "purposes", "data_items"}:
                continue  # «第三者提供・共同利用»: the heading is about more than joint use
            if any(view.search(cue(view, key), block.start, block.end)
                   for key in ("negated", "restatement", "change_notice", "conditional")):
                continue
            spans.append(Span(block.title_span[0], block.title_span[1], "sections.yaml#joint_use (heading)", 0.5))
        return spans

    # ------------------------------------------------------------ labelled details

    def region_start(self, view: DocumentView) -> int:
        """Details are looked for from (a little before) the first mention of joint use."""
        m = view.search(cue(view, "mention"))
        return max(0, m.start() - 200) if m else len(view.text)

    def categories(self, view: DocumentView, title: str, pos: int, label: bool = False) -> set[str]:
        """The section categories of a title (sections.yaml); inside a joint-use
        section (or beside a mention of it) purposes are the joint users'
        purposes and item headings («利用項目») the jointly used items (a
        ``label`` before a value only when it names joint use itself)."""
        return _categories(view, (title, pos, label))

    def after_mention(self, view: DocumentView, index: int) -> bool:
        """Whether one of the 15 lines before line ``index`` mentions joint use,
        with no section heading about something else in between."""
        return _after_mention(view, index)

    def labelled_values(self, view: DocumentView, category: str) -> list[Value]:
        """Values given under a heading of ``category`` (sections.yaml): the lines
        that follow it, or the rest of the heading's own line («範囲: …»)."""
        values: list[Value] = []
        lines = view.lines
        first = self.region_start(view)
        label_value, title_ending = cue(view, "label_value"), cue(view, "title_ending")
        for i, head, title, cats in _titled_lines(view, first):
            if category not in cats:
                continue
            line = lines[i]
            body, body_start = (line.body, line.body_start) if line.body else (line.text, line.start)
            if category == "joint_responsible" and not (
                    view.in_blocks(line.start, "joint_use") or cue(view, "responsible_title").search(title)
                    or (cats == {"joint_responsible"} and self.after_mention(view, i))):
                continue
            if category in ("joint_parties", "joint_items") and cats & (JOINT_CATEGORIES - {category}):
                continue
            pointer = bool(head and points_below(view, head.group("value")))
            if pointer:
                head = None  # «…の範囲は、以下のとおりです», «当社と、次の加盟店»: the values follow
            elif not head and not title_ending.search(body):
                continue
            if cue(view, "statutory_list_title").search(body) and line.marker in ("kana", "paren_kana", "circled") \
                    and (i + 1 == len(lines) or lines[i + 1].marker == line.marker):
                continue  # one of a run of statutory items, not a heading with its values under it
            why = entry("label_value", f"{category} label")
            value = head.group("value").strip() if head else ""
            if len(value) > 1:
                offset = body_start + head.start("value") + head.group("value").index(value[0])
                values.append(Value(offset, offset + len(value), value, why))
                if category == "joint_responsible":
                    for nxt in lines[i + 1:i + 5]:
                        if cue(view, "detail_line").search(nxt.body or nxt.text):
                            values.append(Value(nxt.start, nxt.end, nxt.text, entry("detail_line")))
                        elif nxt.marker or "。" in nxt.text or categorize_title(nxt.text, view.resources):
                            break  # an address continued on the next line is passed over
                continue
            if sentence_end(body) >= 0 and not pointer:
                continue
            if line.marker == "kana" and len(body) < 30 and i + 1 < len(lines) and lines[i + 1].marker == "kana":
                continue
            why = entry("title_ending", f"line under a {category} heading")
            taken, previous_end = len(values), line.end
            for nxt in lines[i + 1:i + 30]:
                if category == "joint_responsible" and len(values) > taken \
                        and view.text.count("\n", previous_end, nxt.start) > 1:
                    break  # a blank line after the responsible party's lines: what follows is not about it
                previous_end = nxt.end
                nxt_body = nxt.body or nxt.text
                tag = cue(view, "value_tag").pattern.match(nxt.text)
                labelled = label_value.search(nxt_body)
                if tag and tag.end() < len(nxt.text):
                    next_cats = set()  # «【利用目的1】サンプル株式会社» is a value with a tag, not a heading
                elif labelled:
                    next_cats = self.categories(view, labelled.group("label"), nxt.start, label=True)
                elif nxt.marker and nxt.marker not in SECTION_MARKERS and len(nxt.text) <= 40 and "。" not in nxt.text:
                    # a short list item: only another joint-use detail's title ends the values
                    # («① …加入・変更手続きの取次ぎ» is a purpose, not a section on revisions)
                    next_cats = self.categories(view, nxt_body, nxt.start) & JOINT_CATEGORIES
                elif is_heading(nxt):
                    next_cats = self.categories(view, nxt_body, nxt.start)
                else:
                    next_cats = set()
                ends = next_cats - {"data_items", "purposes"} or (next_cats and category != "joint_items")
                if ends and (len(values) > taken or nxt.marker is not None or labelled):
                    break
                if nxt.marker in ("article", "chapter"):
                    break
                values.append(Value(nxt.start, nxt.end, nxt.text, why))
        return values

    # ------------------------------------------------------------ parties

    def listed_parties(self, view: DocumentView, values: list[Value]) -> list[Finding]:
        out: list[Finding] = []
        for start, _, text, why in values:
            if cue(view, "note_line").search(text) or cue(view, "no_party_line").search(text) or len(text) > 160:
                continue
            line = view.line_at(start)
            body, offset = text, start
            if line is not None and line.start == start and line.marker and line.marker != "bracket_heading":
                body = line.body
                offset = line.body_start
            for key in ("value_tag", "value_lead"):
                lead = cue(view, key).pattern.match(body)
                if lead:
                    offset, body = offset + lead.end(), body[lead.end():]
            if "\t" in body:
                body = body.split("\t")[0]
                if cue(view, "table_header").search(body.strip()):
                    continue
            if (cue(view, "table_header").search(body.strip()) or cue(view, "detail_line").search(body)
                    or self.representative(view, offset, offset + len(body))):
                continue
            for m in cue(view, "value_after").finditer(body):
                if "//" not in body:
                    offset, body = offset + m.end(), body[m.end():]
            link = cue(view, "link_tail").search(body)
            if link:
                body = body[:link.start()]
            lead = self.list_head(view, body)
            named = [(s, n) for s, n in self.split_names(view, lead)
                     if any(lexicon(view, key).search(n) for key in ORGANISATION_CUES) or cue(view, "group").search(n)]
            if lead != body and named and len(named) == len(self.split_names(view, lead)):
                for name_start, name in named:  # «当社グループ各社(当社の親会社及びその子会社。…)»
                    out.append(self.finding("party", offset + name_start, offset + name_start + len(name), view, 0.8,
                                            f"{entry('party_separator')} ({why})"))
                out.extend(self.finding("party", sp.start, sp.end, view, 0.8, f"{sp.explanation} (in brackets; {why})")
                           for sp in self.bracketed_names(view, offset, offset + len(body)))  # «…及びその会員生協(A、B)»
                continue
            if sentence_end(body) >= 0 or len(body) > 80:
                for span in self.names_in_prose(view, offset, offset + len(body)):
                    out.append(self.finding("party", span.start, span.end, view, 0.7, f"{span.explanation} ({why})"))
                continue
            if cue(view, "table_below").search(body):
                out.extend(self.table_below(view, start, why))
                continue
            for name_start, name in self.split_names(view, body):
                if self.is_self_reference(view, name) or cue(view, "forward_reference").search(name) \
                        or lexicon(view, "anaphor").pattern.fullmatch(name):
                    continue  # «…および同社の子会社のうち次の各社»: the lines below name them
                out.append(self.finding("party", offset + name_start, offset + name_start + len(name), view, 0.85,
                                        f"{entry('party_separator')} ({why})"))
            out.extend(self.finding("party", sp.start, sp.end, view, 0.8, f"{sp.explanation} (in brackets; {why})")
                       for sp in self.bracketed_names(view, offset, offset + len(body)))
        return out

    def table_below(self, view: DocumentView, pos: int, why: str) -> list[Finding]:
        """Parties a value points to in the next table («下表の3院を運営する医療法人»):
        in each row, the first cell holding a legal form (else an organisation type)."""
        index = view.line_index(pos)
        if index is None:
            return []
        following = view.lines[index + 1:index + 1 + TABLE_REACH]
        k = 0
        while "\t" in view.lines[index].text and k < len(following) and "\t" in following[k].text \
                and following[k].start == view.lines[index + k].end + 1:
            k += 1  # the rest of the value's own table (a value in a cell)
        while k < len(following) and "\t" not in following[k].text:
            k += 1
        rows = []
        for line in following[k:]:
            if "\t" not in line.text or (rows and view.text.count("\n", rows[-1].end, line.start) > 1):
                break  # the table ends at a line without cells or at a blank line
            rows.append(line)
        out: list[Finding] = []
        for row in rows:
            cells, offset = [], row.start
            for cell in row.text.split("\t"):
                cells.append((offset, cell))
                offset += len(cell) + 1
            for key in ORGANISATION_CUES:
                found = next(((s, c) for s, c in cells if lexicon(view, key).search(c)
                              and not cue(view, "table_header").search(c.strip())), None)
                if found:
                    s, e = found[0], found[0] + len(found[1].rstrip())
                    out.append(self.finding("party", s, e, view, 0.75,
                                            f"{entry('table_below')} + lexicons.yaml#{key} ({why})"))
                    break
        return out

    @staticmethod
    def list_head(view: DocumentView, text: str) -> str:
        """The part of a value before its first sentence end or bracketed explanation
        that contains one, or before a long note in brackets that closes it
        («…加盟店(加盟店の一覧は本部のウェブサイトに掲載しています)»): the enumeration itself.
        A name's defined alias («(以下「県連」といいます。)») explains nothing: the list goes on."""
        depth_at = bracket_depths(text)
        definition = cue(view, "defined_alias").pattern
        for i, ch in enumerate(text):
            if ch == "。":
                if depth_at[i] == 0:
                    return text[:i]
                opening = max(text.rfind("(", 0, i), text.rfind("（", 0, i))
                if opening >= 0 and definition.match(text, opening):
                    continue
                return text[:opening] if opening > 0 else text
        if text.endswith((")", "）")):
            opening = next((i for i in range(len(text) - 1, 0, -1) if depth_at[i - 1] == 0 and text[i] in "(（"), 0)
            if opening > 0 and len(text) - opening > MAX_BRACKET_NOTE:
                return text[:opening]
        return text

    def split_names(self, view: DocumentView, text: str) -> list[tuple[int, str]]:
        """Party names of one enumeration, with their offsets in it."""
        stop = sentence_end(text)
        text = text[:stop] if stop >= 0 else text
        pieces, pos = [], 0
        depth_at = bracket_depths(text)
        latin = [(m.start(), m.end()) for m in lexicon(view, "latin_corporate_form").finditer(text)]
        latin_starts = [s for s, _ in latin]  # in order and apart: the one before a separator is the only candidate

        def in_latin(pos: int) -> bool:
            index = bisect_right(latin_starts, pos) - 1
            return index >= 0 and pos < latin[index][1]

        separators = [m for m in cue(view, "party_separator").finditer(text)
                      if depth_at[m.start()] == 0 and not in_latin(m.start())]
        separators = [m for n, m in enumerate(separators)
                      if not cue(view, "weak_separator").pattern.fullmatch(m.group(0))
                      or self.both_named(view, text, separators[n - 1].end() if n else 0, m,
                                         separators[n + 1].start() if n + 1 < len(separators) else len(text))]
        for m in separators + [None]:
            end = m.start() if m else len(text)
            piece = text[pos:end]
            name = piece.strip()
            for key in ("party_tail", "polite_ending"):
                tail = cue(view, key).search(name)
                name = name[:tail.start()].strip() if tail and tail.start() > 0 else name
            own = lexicon(view, "self_reference").pattern.match(name)
            if own and cue(view, "party_lead").pattern.match(name[own.end():]):
                name = name[own.end():]  # «当社と…», «当社及び…»: the organisation itself is not listed
            for key in ("party_lead", "value_lead"):
                lead = cue(view, key).pattern.match(name)
                name = name[lead.end():].strip() if lead else name
            if (len(name) >= 2 and not cue(view, "not_a_name").search(name) and not cue(view, "url").search(name)):
                pieces.append((pos + piece.index(name), name))
            pos = m.end() if m else len(text)
        return pieces

    def both_named(self, view: DocumentView, text: str, before: int, separator, after: int) -> bool:
        """Whether the pieces on both sides of a weak separator (・, a blank) name
        an organisation; before a blank, more than a legal form («医療法人社団 架空会»)."""
        def named(piece: str) -> bool:
            return any(lexicon(view, key).search(piece) for key in ORGANISATION_CUES) \
                or bool(cue(view, "group").search(piece))
        left = text[before:separator.start()].strip()
        if separator.group(0).isspace() and lexicon(view, "corporate_form").pattern.fullmatch(left):
            return False
        return named(left) and named(text[separator.end():after])

    def names_in_prose(self, view: DocumentView, start: int, end: int) -> list[Span]:
        """Organisation names and group descriptions in a sentence that are not
        the organisation itself nor generic words."""
        group = cue(view, "group")
        candidates = [span for span in organisation_names(view, start, end)
                      if not cue(view, "generic_org").search(view.text[span.start:span.end])
                      and not self.is_self(view, view.text[span.start:span.end])]
        members = cue(view, "member_group")  # before groups: a member body found as both is kept as one
        candidates += [Span(m.start(key), m.end(key), members.explain(view.text, m.start()))
                       for m in members.finditer(view.text, start, end)
                       for key in ["name" if m.group("name") else "name2"]]
        quoted = cue(view, "group_member_quoted")
        for m in group.finditer(view.text, start, end):
            member = quoted.pattern.match(view.text, m.end(), end)  # «当社グループの「…」»: that member
            candidates.append(Span(member.start("name"), member.end("name"),
                                   f"{entry('group_member_quoted')} ({group.explain(view.text, m.start())})")
                              if member else Span(m.start(), m.end(), group.explain(view.text, m.start())))
        depth_at = bracket_depths(view.text[start:end])
        listed = listed_in_brackets(view.text[start:end])
        outside = [sp for sp in candidates if depth_at[sp.start - start] == 0 or listed[sp.start - start]]
        candidates = outside or candidates  # a name in brackets explains another one, unless they list names
        found: list[Span] = []
        for span in sorted(candidates, key=lambda sp: sp.start - sp.end):  # longest first
            text = view.text[span.start:span.end]
            named = span.explanation.startswith("lexicons.yaml")  # a name, not a group description
            if not any(span.start < kept.end and kept.start < span.end
                       or (same_body(view, text, view.text[kept.start:kept.end]) if named
                           else text in view.text[kept.start:kept.end]) for kept in found):
                found.append(span)
        if any(sp.explanation.startswith("lexicons.yaml") for sp in found):  # named parties make groups optional
            found = [sp for sp in found if sp.explanation.startswith(("lexicons.yaml", entry("member_group")))]
        return sorted(found)

    def heading_parties(self, view: DocumentView) -> list[Finding]:
        """Organisation names standing alone as lines of a joint-use section
        (each joint user introducing its own sub-section)."""
        out: list[Finding] = []
        details = [(v.start, v.end) for category in ("joint_responsible", "joint_items", "joint_purposes")
                   for v in self.labelled_values(view, category)]
        for block in view.blocks_with("joint_use"):
            if "joint_responsible" in block.categories and "joint_parties" not in block.categories:
                continue  # «共同利用の管理責任者»: the party under it is the responsible one
            for line in block.lines:
                if len(line.text) > 40 or "。" in line.text or categorize_title(line.text, view.resources):
                    continue
                if any(s < line.end and line.start < e for s, e in details):
                    continue  # the responsible party, an item or a purpose, not a joint user
                names = organisation_names(view, line.start, line.end)
                longest = max(names, key=lambda sp: sp.end - sp.start, default=None)
                if longest and (longest.end - longest.start) >= 0.6 * len(line.text) \
                        and not cue(view, "generic_org").search(view.text[longest.start:longest.end]):
                    out.append(self.finding("party", line.start, line.end, view, 0.6,
                                            f"{longest.explanation} (a name heading a joint-use sub-section)"))
        return out

    def running_text_parties(self, view: DocumentView, declared: list[Span], ner: bool = True) -> list[Finding]:
        """Joint users named in the declarations' sentences (or the lines or
        sentence they point to); GiNZA's NER (``ner``) where no rule finds any."""
        out: list[Finding] = []
        for start, end, _, score in declared:
            table = cue(view, "table_below")
            below = view.search(table, start, end)
            rows = self.table_below(view, below.start(), table.explain(view.text, below.start())) if below else []
            if rows:
                out.extend(rows)  # «…及び下表の会員生協との間で»: the organisations in the table's rows
                continue
            following = self.following_lines(view, start, end)
            if following:
                out.extend(self.finding("party", s.start, s.end, view, score, s.explanation) for s in following)
                continue
            named = self.names_in_prose(view, start, end)
            why = "named in a joint-use sentence"
            if not named and view.search(cue(view, "parties_before"), start, end):
                before = view.sentence_at(start - 1) if start else (start, start)
                line = view.line_at(start)
                if line is not None and before[1] <= start and before[0] >= line.start:
                    named, why = self.names_in_prose(view, *before), f"named before {entry('parties_before')}"
            for span in named:
                out.append(self.finding("party", span.start, span.end, view, score, f"{span.explanation} ({why})"))
            if named:
                continue
            partner = cue(view, "partner_phrase")
            m = view.search(partner, start, end)
            if m and cue(view, "table_below").search(m.group("names")):
                out.extend(self.table_below(view, m.start(), partner.explain(view.text, m.start())))  # «下表の会社との間で»
                continue
            if m and not cue(view, "forward_reference").pattern.match(m.group("names")):
                group_start = m.start("names")
                for name_start, name in self.split_names(view, m.group("names")):
                    if not (lexicon(view, "self_reference").pattern.match(name)
                            or lexicon(view, "anaphor").pattern.fullmatch(name)):
                        s = group_start + name_start
                        out.append(self.finding("party", s, s + len(name), view, score,
                                                partner.explain(view.text, m.start())))
                continue
            if not ner or view.search(cue(view, "conditional"), start, end):
                continue  # a hypothetical («…共同利用する場合は»): its joint users are named when it happens
            for ent_start, ent_end in ginza_ner.organizations(view.text[start:end]):
                out.append(self.finding("party", start + ent_start, start + ent_end, view, 0.5,
                                        "ginza_ner.py#ja_ginza (GiNZA NER: an organisation in a joint-use sentence)"))
        return out

    def following_lines(self, view: DocumentView, start: int, end: int) -> list[Span]:
        """Parties on the lines after a declaration that points to them
        («…以下の会社と共同利用します。» then one name a line)."""
        line = view.line_at(max(start, end - 1))
        index = view.line_index(line.start) if line is not None else None
        if index is None or line.end > end + 1 or not view.search(cue(view, "forward_reference"), start, end):
            return []
        found: list[Span] = []
        for nxt in view.lines[index + 1:index + 20]:
            body_start = nxt.body_start if nxt.marker else nxt.start
            if "。" in nxt.text or len(nxt.text) > 60:
                break
            names = self.names_in_prose(view, body_start, nxt.end)
            if not names:
                break
            found.extend(Span(sp.start, sp.end, f"{sp.explanation} (a line after {entry('forward_reference')})")
                         for sp in names)
        return found

    def bracketed_names(self, view: DocumentView, start: int, end: int) -> list[Span]:
        """Organisations named inside brackets that explain a group
        («当社の子会社(サンプル物流株式会社、テスト株式会社)»)."""
        depth_at = bracket_depths(view.text[start:end])
        listed_names = [sp for sp in organisation_names(view, start, end) if depth_at[sp.start - start] > 0]
        inside = [sp for sp in listed_names if not cue(view, "generic_org").search(view.text[sp.start:sp.end])
                  and not self.is_self(view, view.text[sp.start:sp.end])]  # the publisher in the list is no other party
        bracketed = sum(1 for depth in depth_at[:-1] if depth > 0)
        named = sum(sp.end - sp.start for sp in listed_names)
        opening = next((i for i, depth in enumerate(depth_at) if depth), 0)
        after_group = view.search(cue(view, "group"), max(start, start + opening - 20), start + opening)
        listed = len(listed_names) >= 2 or bool(after_group and after_group.end() == start + opening)
        return inside if listed and named >= 0.7 * bracketed else []  # a list of names, not a description or alias

    @staticmethod
    def is_self_reference(view: DocumentView, name: str) -> bool:
        """当社…, also with an alias in brackets after it («当社（本院・分院）»)."""
        alias = cue(view, "alias").search(name)
        core = name[:alias.start()] if alias and alias.end() == len(name) and alias.start() else name
        return bool(lexicon(view, "self_reference").pattern.fullmatch(core))

    def is_self(self, view: DocumentView, name: str) -> bool:
        """Whether ``name`` is the organisation itself (当社…, or its own name,
        with or without its legal form). A name that the organisation's own
        name only starts from (さくら大学 of さくら大学校友会) is another body."""
        if self.is_self_reference(view, name):
            return True
        own = view.organization_name
        if not own or len(own) < 4:
            return False
        own, name = own.replace(" ", "").replace("　", ""), name.replace(" ", "").replace("　", "")
        if own in name:  # itself, unless a body named after it (…生協連合会: joint_use.yaml#body_of_members)
            return not cue(view, "body_of_members").pattern.match(name.replace(own, "", 1))
        return same_body(view, name, own)  # «社会福祉法人 架空…» is «社会福祉法人架空…»

    # ------------------------------------------------------------ items and purposes

    def items(self, view: DocumentView, spans: list[tuple[int, int]]) -> list[Finding]:
        """Data items (data_items.yaml) named where joint use is declared or its items are listed."""
        out: list[Finding] = []
        seen: set[tuple[str, int, int]] = set()
        for start, end in spans:
            for label, item_cue in view.resources.cues("data_items").items():
                for m in view.scan(item_cue.file).finditer(label, start, end):
                    if not view.at_token_boundary(m.start()):
                        continue
                    c_start, c_end = view.clause(m.start(), m.end())
                    if (label, c_start, c_end) in seen or item_cue.excluded(view.text[c_start:c_end]):
                        continue
                    seen.add((label, c_start, c_end))
                    out.append(self.finding("item", c_start, c_end, view, item_cue.score,
                                            f"{item_cue.explain(view.text, m.start())} (jointly used)", item=label))
        return out

    def referenced_items(self, view: DocumentView, declared: list[tuple[int, int]],
                         item_sentences: list[tuple[int, int]]) -> list[Finding]:
        """The jointly used items given by a pointer to where they are listed,
        kept as written: in a declaration («【2】の(1)から(4)までの情報を…共同して利用します»)
        or in a sentence after it («共同で利用するのは2．の①〜③の情報で»)."""
        out: list[Finding] = []
        for key, spans in (("items_by_reference", declared), ("items_referenced_after", item_sentences)):
            pointer = cue(view, key)
            out += [self.finding("item_line", m.start("items"), m.end("items"), view, pointer.score,
                                 pointer.explain(view.text, m.start()))
                    for start, end in spans if (m := view.search(pointer, start, end))]
        return out

    def declared_purposes(self, view: DocumentView, declared: list[Span]) -> list[Finding]:
        """Purposes stated in the declaration itself («…のため、…を共同利用します»,
        «…を続けられるよう、…を共同して利用しています», «…共同で利用し、…に使います»)."""
        out: list[Finding] = []
        for start, end, _, _ in declared:
            if view.search(cue(view, "conditional"), start, end):
                continue
            for purpose in (cue(view, "declared_purpose"), cue(view, "declared_so_that"), cue(view, "declared_then_purpose")):
                m = view.search(purpose, start, end)
                if m and not cue(view, "forward_reference").search(m.group("purpose")):
                    out.append(self.finding("purpose", m.start("purpose"), m.end("purpose"), view, purpose.score,
                                            purpose.explain(view.text, m.start())))
                    break
        return out

    # ------------------------------------------------------------ responsible party

    def address(self, view: DocumentView, start: int, end: int) -> tuple[int, int] | None:
        """A postal address in ``text[start:end]``: (postal code,) prefecture,
        municipality and the rest up to a following label (lexicons.yaml)."""
        text = view.text
        found = self.address_start(view, start, end)
        if found is None:
            return None
        s, municipality = found
        stops = [m.start() for key in ("address_stop", "representative_title")
                 if (m := lexicon(view, key).search(text, municipality.end(), end))]
        rest = cue(view, "address_part").pattern.match(text, municipality.end(), min(stops, default=end))
        e = rest.end() if rest else municipality.end()
        while e > s and text[e - 1] in " 　":
            e -= 1
        last_space = max(text.rfind(" ", municipality.end(), e), text.rfind("　", municipality.end(), e))
        if last_space > 0 and any(lexicon(view, key).search(text, last_space, e) for key in ORGANISATION_CUES):
            e = last_space  # «…1-1 サンプル協同組合 組合長 …»: the name after the address is not part of it
        while e > s and text[e - 1] in " 　":
            e -= 1
        return s, e

    @staticmethod
    def address_start(view: DocumentView, start: int, end: int) -> tuple[int, re.Match[str]] | None:
        """Where an address in ``text[start:end]`` starts, and its municipality:
        at the prefecture or a postal code up to 16 characters before it, else
        at a postal code marked 〒 right before a municipality («〒530-0001 大阪市…»)."""
        text = view.text
        prefecture = lexicon(view, "prefecture").search(text, start, end)
        municipality = prefecture and lexicon(view, "municipality").pattern.match(text, prefecture.end(), end)
        if municipality:
            s = prefecture.start()
            postal = None
            for postal in lexicon(view, "postal_code").finditer(text, max(start, s - 16), s):
                pass
            return (postal.start() if postal else s), municipality
        for postal in lexicon(view, "postal_code").finditer(text, start, end):
            if text[postal.start()] == "〒":
                after = skip_over(text, postal.end(), " 　")
                municipality = lexicon(view, "municipality").pattern.match(text, after, end)
                if municipality:
                    return postal.start(), municipality
        return None

    def representative(self, view: DocumentView, start: int, end: int) -> tuple[int, int] | None:
        """A representative's title and name («代表取締役 山田 太郎») or a
        labelled name («代表者の氏名: 山田 太郎») in ``text[start:end]``."""
        text = view.text
        if cue(view, "not_representative").search(text, start, end):
            return None
        for title in lexicon(view, "representative_title").finditer(text, start, end):
            person = cue(view, "person_name").pattern.match(text, title.end(), end)
            if person and person.end() > title.end():
                return title.start(), person.end()
        labelled = cue(view, "representative_label").search(text, start, end)
        return (labelled.start("name"), labelled.end("name")) if labelled else None

    def responsible(self, view: DocumentView, region_start: int = 0, region_end: int | None = None,
                    prose_from: int = 0) -> list[Finding]:
        """Name, address and representative of the party responsible for the
        jointly used data: from the lines under its heading (between
        ``region_start`` and ``region_end``), else from a sentence (between
        ``prose_from`` and ``region_end``); when it is the organisation itself,
        its own address and representative from anywhere in the text."""
        out: list[Finding] = []
        name: Finding | None = None
        region_end = len(view.text) if region_end is None else region_end
        labelled = self.labelled_values(view, "joint_responsible")
        values = [v for v in labelled if region_start <= v.start < region_end]
        others = [(v.start, v.end) for v in labelled if v not in values]  # another arrangement's responsible party
        for start, end, text, why in values:
            line = view.line_at(start)
            offset = line.body_start if line is not None and line.start == start and line.marker else start
            address = self.address(view, offset, end)
            if address is None:
                labelled = view.search(cue(view, "address_label"), offset, end)
                address = (labelled.start("address"), labelled.end("address")) if labelled else None
            rep = self.representative(view, offset, end)
            cuts = [span[0] for span in (address, rep) if span] + [end]
            body = view.text[offset:min(cuts)]
            cuts_in_body = [i for i in (body.find("("), body.find("（"), body.find("\t"), body.find("住所"),
                                        body.find("所在地"), body.find("代表者")) if i > 0]
            body = body[:min(cuts_in_body)] if cuts_in_body else body
            label = cue(view, "responsible_label").pattern.match(body)
            value = body[label.end():] if label else body
            ending = cue(view, "polite_ending").search(value)
            value = (value[:ending.start()] if ending else value).strip(" 、,:：。")
            if name is None and 2 <= len(value) <= 80 and "。" not in value \
                    and not cue(view, "detail_line").search(value):
                s = offset + body.index(value)
                name = self.responsible_name(view, s, s + len(value), 0.8, why)
                out.append(name)
            if address:
                out.append(self.finding("responsible_address", *address, view, 0.8, f"lexicons.yaml#prefecture ({why})"))
            if rep:
                out.append(self.finding("responsible_representative", *rep, view, 0.8,
                                        f"lexicons.yaml#representative_title ({why})"))
        if name is None:
            name = self.responsible_in_prose(view, out, prose_from, region_end)
        if name is not None and self.is_self(view, name.text):
            out.extend(self.own_details(view, {f.label for f in out}, others))
        elif name is not None:
            out.extend(self.named_details(view, name, {f.label for f in out}))
        return out

    def named_details(self, view: DocumentView, name: Finding, have: set[str]) -> list[Finding]:
        """The responsible party's address and representative from another line
        on which they follow its name (a row of the table of joint users
        «…株式会社<TAB>東京都…», a footer «設置者 …法人 理事長 …»), or its
        address given there as the organisation's own («所在地は当園と同じ»)."""
        out: list[Finding] = []
        text, written = view.text, name.attrs.get("name", name.text)
        pos = text.find(written)
        while pos >= 0 and not {"responsible_address", "responsible_representative"} <= have:
            line = view.line_at(pos)
            after = pos + len(written)
            if line is not None and not line.start <= name.start < line.end:
                # on the name's line after it, or (a name standing alone) at the start of the lines under it
                index = view.line_index(line.start)
                alone = index is not None and not text[after:line.end].strip(" 　")
                under = view.lines[index + 1:index + 1 + DETAIL_LINES] if alone else []
                places = [(skip_over(text, after, " \t　:："), line.end), *((ln.body_start, ln.end) for ln in under)]
                for lead, stop in places:
                    for label, found in (("responsible_address", self.address(view, lead, stop)),
                                         ("responsible_representative", self.representative(view, lead, stop))):
                        if label not in have and found and found[0] == lead:
                            out.append(self.finding(label, *found, view, 0.6, f"{ENTRY_OF[label]} (after the "
                                                                              "responsible party's name on another line)"))
                            have.add(label)
                same = view.search(cue(view, "address_as_own"), after, line.end)
                if "responsible_address" not in have and same and lexicon(view, "self_reference").pattern.fullmatch(
                        same.group("ref")):
                    out.extend(self.own_details(view, have | {"responsible_representative"}, []))
                    have.add("responsible_address")
            pos = text.find(written, pos + 1)
        return out

    def responsible_name(self, view: DocumentView, start: int, end: int, score: float, why: str) -> Finding:
        """The responsible party; a self-reference (当社) stands for the organisation's name."""
        text = view.text[start:end]
        if lexicon(view, "self_reference").pattern.fullmatch(text) and view.organization_name:
            return self.finding("responsible", start, end, view, score, f"{why}; lexicons.yaml#self_reference",
                                name=view.organization_name)
        full = _aliases(view, "defined_alias").get(text)
        if full:
            return self.finding("responsible", start, end, view, score, f"{why}; {entry('defined_alias')}", name=full)
        return self.finding("responsible", start, end, view, score, why)

    def responsible_in_prose(self, view: DocumentView, out: list[Finding], first: int, last: int) -> Finding | None:
        """The responsible party named in a sentence starting between ``first`` and ``last``."""
        prose = cue(view, "responsible_in_prose")
        for start, end in view.sentence_spans:
            if not first <= start < last:
                continue
            m = view.search(prose, start, end)
            if not m or not view.search(cue(view, "mention"), max(0, start - 400), end):
                continue
            group = "name" if m.group("name") else "name2"
            name_start, name_end = m.start(group), m.end(group)
            bracket = next((i for i in range(name_start + 1, name_end) if view.text[i] in "(（"), None)
            name_end = bracket if bracket is not None else name_end  # «…株式会社(東京都…)が責任を負います»
            name = self.responsible_name(view, name_start, name_end, prose.score, prose.explain(view.text, m.start()))
            out.append(name)
            address = self.address(view, name_end, end)
            if address:
                out.append(self.finding("responsible_address", *address, view, prose.score,
                                        "lexicons.yaml#prefecture (given with the responsible party)"))
            return name
        return None

    def own_details(self, view: DocumentView, have: set[str], others: list[tuple[int, int]]) -> list[Finding]:
        """The organisation's own address and representative, wherever the text
        gives them but on the lines that name ``others`` (other arrangements'
        responsible parties)."""
        out: list[Finding] = []
        for line in view.lines:
            if any(s < line.end and line.start < e for s, e in others):
                continue
            if "responsible_address" not in have and (span := self.address(view, line.start, line.end)):
                out.append(self.finding("responsible_address", *span, view, 0.5,
                                        "lexicons.yaml#prefecture (the organisation's own address)"))
                have.add("responsible_address")
            if "responsible_representative" not in have and (span := self.representative(view, line.start, line.end)):
                out.append(self.finding("responsible_representative", *span, view, 0.5,
                                        "lexicons.yaml#representative_title (the organisation's own representative)"))
                have.add("responsible_representative")
        return out
