"""The organisation (name, address, representative), its contact point and the
policy's dates (制定・改定, eras converted to ISO).

Every word and pattern comes from ``lexicons.yaml`` (corporate forms,
organisation types, self-references, titles, phone, e-mail, postal codes,
prefectures, eras) and ``organization.yaml`` (how the publisher's name is
introduced, what is not a name, date labels); explanations name the entry.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from nlp.extract.base import DocumentView, Extractor, Finding, cache_per_view
from nlp.structure import Line, SpanIndex
from nlp.vocab import Cue, Resources

#: how far a name may extend from its corporate form or organisation type
NAME_REACH = 30
#: lines at the head and the foot of a document searched for a name standing alone
HEAD_LINES, FOOT_LINES = 5, 15

#: (start, end, explanation, score) of the publisher's name
NameSpan = tuple[int, int, str, float]
#: organisation names of a document (start, end, lexicon entry, where it matched), in order
Names = list[tuple[int, int, Cue, int]]


def lexicon(view: DocumentView, key: str) -> Cue:
    return view.resources.cue("lexicons", key)


def rule(view: DocumentView, key: str) -> Cue:
    return view.resources.cue("organization", key)


@lru_cache(maxsize=8192)
def _accepts_char(pattern: re.Pattern[str], ch: str) -> bool:
    return bool(pattern.fullmatch(ch))


def _is_name_char(view: DocumentView, ch: str) -> bool:
    return _accepts_char(rule(view, "name_characters").pattern, ch)


def _bounded(view: DocumentView, start: int, end: int) -> bool:
    """Whether a word match stands on token boundaries (not inside another word)."""
    return view.at_token_boundary(start) and view.at_token_boundary(end)


def _extend_left(view: DocumentView, pos: int, limit: int) -> int:
    """Start of the run of name characters ending at ``pos`` (a blank is kept
    between Latin words: "Example Asia Co., Ltd.")."""
    text, s = view.text, pos
    while s > limit:
        ch = text[s - 1]
        if _is_name_char(view, ch) or (ch in " ," and s - 2 >= limit and text[s - 2].isascii() and text[s - 2].isalpha()):
            s -= 1
        else:
            break
    return s if text[s:pos].strip() else pos


def _extend_right(view: DocumentView, pos: int, limit: int) -> int:
    """End of the run of name characters starting at ``pos`` (one blank after
    the corporate form allowed: 株式会社 ATAC)."""
    text, e = view.text, pos
    if e < limit and text[e] in " 　" and e + 1 < limit and _is_name_char(view, text[e + 1]):
        e += 1
    while e < limit and _is_name_char(view, text[e]):
        e += 1
    return e if text[pos:e].strip() else pos


def _cut_after(view: DocumentView, key: str, start: int, end: int) -> int:
    """Where a name ending at ``end`` starts: after the last word of
    organization.yaml#``key`` (name_cut: words that cannot stand in a name)."""
    cut = start
    for m in view.scan("organization").finditer(key, start, end):
        if _bounded(view, m.start(), m.end()):
            cut = m.end()
    return cut


def cut_right(view: DocumentView, start: int, end: int) -> int:
    """Where a name starting before ``start`` ends: before the first word that
    ends a name (organization.yaml#name_end)."""
    for m in view.scan("organization").finditer("name_end", start, end):
        if _bounded(view, m.start(), m.end()):
            return m.start()
    return end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` without blanks and ・ at either end."""
    while start < end and text[start] in " 　・":
        start += 1
    while end > start and text[end - 1] in " 　・":
        end -= 1
    return start, end


def is_proper_name(view: DocumentView, name: str, after: str = "") -> bool:
    """A name and not a kind of organisation, a pointer, a self-reference or
    a contact desk: a desk with a legal form («一般財団法人…相談センター») is
    a name where the text ``after`` it defines it as the writer («(以下「当センター」…»)
    or its representative signs for it."""
    core = lexicon(view, "corporate_form").pattern.sub("", name).strip(" 　・")
    if len(core) < 2 and not (core and len(name) >= 3):
        return False
    name = name.strip()
    if any(lexicon(view, key).pattern.fullmatch(name) for key in ("self_reference", "organization_type")):
        return False
    if rule(view, "desk_name").search(core) and not (
            lexicon(view, "corporate_form").search(name) and _owns_desk(view, after.lstrip(" 　"))):
        return False
    return not rule(view, "generic_name").search(core)


def _owns_desk(view: DocumentView, after: str) -> bool:
    return bool(rule(view, "self_definition").pattern.match(after)
                or lexicon(view, "representative_title").pattern.match(after))


def organization_names(view: DocumentView, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, Cue, int]]:
    """Organisation names in ``text[start:end]``: a corporate form with the name
    before or after it, or a name ending in an organisation type; yields
    (start, end, the lexicon entry that found it, where it matched)."""
    text = view.text
    end = len(text) if end is None else end
    found: list[tuple[int, int, Cue, int]] = []
    for key in ("corporate_form", "latin_corporate_form", "organization_type"):
        cue = lexicon(view, key)
        for m in view.scan(cue.file).finditer(key, start, end):
            line = view.line_at(m.start())
            floor = max(start, m.start() - NAME_REACH, line.body_start if line else 0)
            left = _extend_left(view, m.start(), min(floor, m.start()))
            left = _cut_after(view, "name_cut", left, m.start()) if left < m.start() else left
            if key == "corporate_form":  # written before or after the name
                right = cut_right(view, m.end(), _extend_right(view, m.end(), min(end, m.end() + NAME_REACH)))
                s, e = (left, m.end()) if left < m.start() or right == m.end() else (m.start(), right)
            else:
                inside = m.end() < end and _is_name_char(view, text[m.end()])
                if inside and cut_right(view, m.end(), min(end, m.end() + 8)) != m.end():
                    continue  # the type word is part of a longer word
                s, e = left, m.end()
            s, e = _strip(text, s, e)
            if e > s and is_proper_name(view, text[s:e], text[e:line.end if line else e + NAME_REACH]):
                found.append((s, e, cue, m.start()))
    found.sort(key=lambda f: (f[0], -f[1]))
    last_end = -1
    for f in found:
        if f[1] > last_end:  # the longest name at each place; names inside it are skipped
            yield f
            last_end = f[1]


def _name_in(view: DocumentView, start: int, end: int) -> tuple[int, int] | None:
    """The name a short text (a label's value, a clause before 「以下…」) gives,
    without an alias in brackets after it: the text after the last word that
    ends a name (organization.yaml#name_end) when it holds the organisation name
    ending there, else that organisation name, else the text after the last
    word that cannot stand in a name."""
    text = view.text
    start, end = _strip(text, start, end)
    if end - start > 2 and text[end - 1] in ")）":
        opening = max(text.rfind("(", start, end - 1), text.rfind("（", start, end - 1))
        if opening > start:
            form = lexicon(view, "corporate_form").pattern
            if form.search(text, opening + 1, end - 1) and not form.search(text, start, opening):
                label = rule(view, "operator").pattern.match(text, opening + 1, end - 1)  # «(運営：…)»
                return _name_in(view, label.end() if label else opening + 1, end - 1)  # a shop or brand (the legal entity in brackets)
            return _name_in(view, start, opening)
    s, e = _strip(text, _cut_after(view, "name_end", start, end), end)
    names = [(ns, ne) for ns, ne, _, _ in organization_names(view, start, end) if ne == end]
    if names:
        whole = s <= names[0][0] and e - s <= NAME_REACH and is_proper_name(view, text[s:e])
        return (s, e) if whole else names[0]
    s, e = _strip(text, _cut_after(view, "name_cut", start, end), end)
    if e - s < 2 or not is_proper_name(view, text[s:e]):
        return None
    return s, e


def _self_defined(view: DocumentView, names: Names) -> NameSpan | None:
    """「○○(以下「当社」といいます。)」: the name before the defined self-reference."""
    cue, text = rule(view, "self_definition"), view.text
    for m in cue.finditer(text):
        if cue.excluded(m.group(0)):
            continue
        line = view.line_at(m.start())
        floor = max(line.body_start if line else 0, m.start() - 60)
        clause = max([floor, *(text.rfind(ch, floor, m.start()) + 1 for ch in "、。「」『』:：")])
        listed = [(s, e) for s, e, *_ in names if clause <= s and e <= m.start()]
        # «A及びB(以下あわせて「当グループ」…)»: the first named is the publisher
        found = listed[0] if len(listed) > 1 else _name_in(view, clause, m.start())
        if found:
            return (*found, cue.explain(text, m.start()), cue.score)
    return None


def _labelled(view: DocumentView, names: Names) -> NameSpan | None:
    """A label (事業者の名称, 社名, 運営者 …) followed by the name on its line or the next."""
    cue, text, lines = rule(view, "name_label"), view.text, view.lines
    responsible = view.resources.cue("sections", "joint_responsible")
    for i, line in enumerate(lines):
        m = cue.pattern.search(line.body)
        if not m or cue.excluded(line.body) or _about_others(view, line.start) \
                or i and responsible.accepts(lines[i - 1].text):
            continue  # a joint user's, recipient's or responsible party's «名称 …» names another party
        value_start = line.body_start + m.end()
        if not text[value_start:line.end].strip():
            following = next((ln for ln in lines[i + 1:i + 3] if ln.text.strip()), None)
            if following is None or len(following.body) > 60 or cue.pattern.search(following.body):
                continue
            # a label alone on its line may be a form field (会社名): the next line must hold a name
            start, end = _strip(text, following.body_start, following.end)
            found = next(((s, e) for s, e, _, _ in organization_names(view, start, end) if s == start), None)
        elif "。" in text[value_start:line.end]:
            continue
        else:
            cell_end = text.find("\t", value_start + 1, line.end)  # a table row: the cell after the label
            cell_end = line.end if cell_end < 0 else cell_end
            title = lexicon(view, "representative_title").search(text, value_start + 2, cell_end)
            if title and text[title.start() - 1].isspace():
                cell_end = title.start()  # «事業者 社会福祉法人 架空会 理事長 山辺 和子»: the name ends before its head
            stop = lexicon(view, "address_stop").search(text, value_start + 2, cell_end)
            if stop:
                cell_end = stop.start()  # «運営者 架空 次郎 メール …»: the name ends before its contact details
            cell = text[value_start:cell_end].strip()
            if lexicon(view, "address_label").search(cell) or cue.pattern.search(cell):
                continue  # a header row (名称 / 所在地 / 電話番号) names no one
            person = cell.split("(")[0].split("（")[0].strip()  # «架空 次郎(個人事業主)»
            person_end = text.find(person, value_start) + len(person)
            if rule(view, "representative_name").pattern.fullmatch(person) \
                    and next(organization_names(view, value_start, person_end), None) is None:
                continue  # «運営者 架空 次郎»: a sole proprietor's own name, not the business's
            found = _name_in(view, value_start, cell_end)
        if found:
            return (*found, cue.explain(line.body, m.start()), cue.score)
    return None


def _starting_at(names: Names, pos: int) -> tuple[int, int, Cue, int] | None:
    index = bisect_left(names, pos, key=lambda n: n[0])
    return names[index] if index < len(names) and names[index][0] == pos else None


def _name_followed_by(view: DocumentView, names: Names, key: str) -> NameSpan | None:
    """The first line that starts with a name followed by what ``organization.yaml#key`` describes."""
    cue, text = rule(view, key), view.text
    for line in view.lines:
        found = _starting_at(names, line.body_start)
        if found and found[1] <= line.end and cue.pattern.match(text[found[1]:line.end]):
            return found[0], found[1], cue.explain(text[found[1]:line.end], 0), cue.score
    return None


def _addressed(view: DocumentView, names: Names) -> NameSpan | None:
    """「○○株式会社 御中」: the organisation a consent form is addressed to."""
    return _name_followed_by(view, names, "addressee")


def _subject_at(view: DocumentView, names: Names, s: int, e: int) -> int | None:
    """End of the organisation name, or of the local government
    (lexicons.yaml#prefecture / #municipality), that starts at ``s``."""
    found = _starting_at(names, s)
    if found:
        return found[1] if found[1] <= e else None
    for key in ("prefecture", "municipality"):
        m = lexicon(view, key).pattern.match(view.text, s, e)
        if m:
            return m.end()
    return None


def _opening(view: DocumentView, names: Names) -> NameSpan | None:
    """「○○は、お客様の個人情報を…」: a sentence about personal data whose subject
    is an organisation or a local government (○○市では、…)."""
    cue, topic, text = rule(view, "opening"), rule(view, "privacy_topic"), view.text
    for s, e in view.sentence_spans:
        line = view.line_at(s)
        s = max(s, line.body_start) if line else s
        s, _ = _strip(text, s, e)
        end = _subject_at(view, names, s, min(e, s + 80))
        if end and _about_others(view, s):
            continue  # «…Inc.は、…との契約に基づき»: a vendor's sentence in a section about other parties
        tail = rule(view, "name_tail").pattern.match(text[end - 1:e]) if end else None
        end = end - 1 + tail.end() if tail and not cue.pattern.match(text[end:e]) else end
        if end and cue.pattern.match(text[end:e]) and topic.search(text, end, e):
            return s, end, cue.explain(text[end:e], 0), cue.score
    return None


def _standing_alone(view: DocumentView, names: Names) -> NameSpan | None:
    """A line that is only a name (or with an alias in brackets), in the title
    block or the signature block; else one with its postal address or its
    representative after it, on the line or the next."""
    cue, lines, text = rule(view, "signature"), view.lines, view.text
    head, foot = lines[:HEAD_LINES], lines[max(HEAD_LINES, len(lines) - FOOT_LINES):]
    section = next((k for k, line in enumerate(head) if line.heading and line.number is not None), len(head))
    head = head[:section]  # the title block ends at the first numbered section: its list names others
    with_details: NameSpan | None = None
    for line in [*head, *reversed(foot)]:
        body = line.body
        if not cue.accepts(body):
            continue
        start, end = _strip(text, line.body_start, line.end)
        found = _starting_at(names, start)
        if found is None or found[1] > end or _about_others(view, start):
            continue
        rest = text[found[1]:end].strip()
        facility = rest and _starting_at(names, end - len(rest))
        if facility and facility[1] == end and line in head:
            return start, end, cue.explain(body, 0), cue.score  # «法人名 施設名» heading the document: both
        if not rest or (rest[:1] in ("(", "（") and rest[-1:] in (")", "）")):
            s, e = _name_in(view, start, end) or (start, found[1])  # a shop's name gives way to its operator's
            return s, e, cue.explain(body, 0), cue.score
        following = view.next_line(line)
        signed = following is not None and bool(lexicon(view, "representative_title").pattern.match(following.text.lstrip(" 　")))
        if with_details is None and (
                any(lexicon(view, key).pattern.match(rest) for key in ("postal_code", "prefecture", "representative_title"))
                or following is not None and any(lexicon(view, key).pattern.match(following.text)
                                                 for key in ("postal_code", "prefecture"))):
            with_details = start, found[1], cue.explain(body, 0), cue.score  # a branch's name, its address below
        elif with_details is None and signed and is_proper_name(view, rest):
            with_details = start, end, cue.explain(body, 0), cue.score  # «法人名 施設名» above its head: both
    return with_details


def _own_desk(view: DocumentView, names: Names) -> NameSpan | None:
    """A line that starts with a name followed by one of its departments or desks."""
    return _name_followed_by(view, names, "own_desk")


def _about_others(view: DocumentView, pos: int) -> bool:
    """Whether ``pos`` lies in a section about other parties (joint users, recipients …)."""
    return pos in _other_party_sections(view, rule(view, "other_party_sections"))


@cache_per_view
def _other_party_sections(view: DocumentView, cue: Cue) -> SpanIndex:
    """The sections about other parties, indexed once per document (asked once per name found)."""
    return SpanIndex([(b.start, b.end - 1) for b in view.blocks
                      if b.end > b.start and any(cue.pattern.search(c) for c in b.categories)])


def _copyright(view: DocumentView, names: Names) -> NameSpan | None:
    """© 2024 ○○ All Rights Reserved. in the last lines."""
    cue, end_cue, text = rule(view, "copyright"), rule(view, "copyright_end"), view.text
    for line in reversed(view.lines[-FOOT_LINES:]):
        m = cue.search(text, line.start, line.end)
        if not m:
            continue
        stop = end_cue.search(text, m.end(), line.end)
        found = _name_in(view, m.end(), stop.start() if stop else line.end)
        if found and found[1] - found[0] <= 40:
            return (*found, cue.explain(text, m.start()), cue.score)
    return None


def _most_frequent(view: DocumentView, names: Names) -> NameSpan | None:
    """The organisation name written most often (twice or more), outside
    sections about other parties."""
    counts: dict[str, Names] = {}
    for found in names:
        if _about_others(view, found[0]):
            continue
        counts.setdefault(view.text[found[0]:found[1]], []).append(found)
    best = max(counts.values(), key=lambda fs: (len(fs), -fs[0][0]), default=None)
    if not best or len(best) < 2:
        return None
    start, end, cue, at = best[0]
    return start, end, f"{cue.explain(view.text, at)} (most frequent name, {len(best)}×)", rule(view, "frequent").score


NAME_FINDERS: tuple[Callable[[DocumentView, Names], NameSpan | None], ...] = (
    _self_defined, _labelled, _addressed, _opening, _standing_alone, _own_desk, _most_frequent, _copyright)


def find_organization_name(view: DocumentView) -> NameSpan | None:
    """The publisher's own name: defined as 当社 …, labelled, addressed (御中), the
    subject of an opening sentence, standing alone (or before its address or
    representative) at the head or foot,
    followed by one of its departments, the most frequent, else the one of a
    copyright line; the legal entity after «運営：» instead of a name without a
    corporate form, or when none is found."""
    names = view.organization_names
    for finder in NAME_FINDERS:
        found = finder(view, names)
        if found:
            if _has_corporate_form(view, found):
                return found
            return _operator(view, names, near=found[0]) or _in_full(view, names, found) or found
    return _operator(view, names, corporate=False)


def _has_corporate_form(view: DocumentView, found: NameSpan) -> bool:
    return bool(lexicon(view, "corporate_form").search(view.text, found[0], found[1]))


def _in_full(view: DocumentView, names: Names, found: NameSpan) -> NameSpan | None:
    """The publisher's name in full when the one found is its short form
    (lexicons.yaml#short_form: «…共済生協» for the «…共済生活協同組合» the text
    also names)."""
    short = lexicon(view, "short_form").search(view.text, found[0], found[1])
    if short is None or short.end() != found[1] or short.start() == found[0]:
        return None
    stem = view.text[found[0]:short.start()]
    for start, end, _cue, _score in names:
        if end - start > found[1] - found[0] and view.text.startswith(stem, start) \
                and _has_corporate_form(view, (start, end, "", 0.0)):
            return start, end, f"{found[2]} + its name in full (lexicons.yaml#short_form)", found[3]
    return None


def _operator(view: DocumentView, names: Names, corporate: bool = True, near: int | None = None) -> NameSpan | None:
    """The legal entity named after «運営：» (organization.yaml#operator) in the
    title or signature block or in the sentence of the name found (``near``),
    for a publisher found under a name without a corporate form; when no name
    was found at all, any organisation named there («運営：…ボランティアの会»)."""
    cue, lines = rule(view, "operator"), view.lines
    head_end = lines[min(HEAD_LINES, len(lines)) - 1].end if lines else 0
    foot_start = lines[max(0, len(lines) - FOOT_LINES)].start if lines else 0
    sentence = view.sentence_at(near) if near is not None else (0, 0)
    for m in view.scan(cue.file).finditer(cue.key):
        if not (m.start() <= head_end or m.start() >= foot_start or sentence[0] <= m.start() < sentence[1]):
            continue  # «…センター(運営：…株式会社)に委託»: a contractor's operator
        name = _starting_at(names, m.end())
        if name and (not corporate or lexicon(view, "corporate_form").search(view.text, name[0], name[1])):
            return name[0], name[1], cue.explain(view.text, m.start()), cue.score
    return None


def _address(view: DocumentView, index: int, after_postal_code: bool = False) -> tuple[int, int, str] | None:
    """The postal address on line ``index`` (start, end, explanation); after a
    line holding only a postal code, the municipality may start the line."""
    line, text = view.lines[index], view.text
    body = line.text
    if rule(view, "address_line").excluded(body):
        return None
    label = lexicon(view, "address_label")
    after_label = after_postal_code or (index > 0 and bool(label.pattern.search(view.lines[index - 1].text)))
    prefecture, municipality = lexicon(view, "prefecture"), lexicon(view, "municipality")
    start = cue = None
    for key in ("postal_code", "prefecture"):
        m = lexicon(view, key).search(body) if view.line_has(lexicon(view, key), line) else None
        if not m:
            continue
        rest = body[m.end():].lstrip(" 　")
        # a postal code without 〒 must be followed by the address (not a sample in a form: 例)100-0000)
        postal = m.group(0).startswith("〒") or prefecture.pattern.match(rest) or municipality.pattern.match(rest)
        if postal if key == "postal_code" else municipality.pattern.match(body, m.end()):
            start, cue = m.start(), lexicon(view, key)
            break
    if start is None:
        m = municipality.search(body)
        if not m or not (after_label or label.pattern.search(body[:m.start()])):
            return None
        start, cue = m.start(), municipality
    labelled = after_label or label.pattern.search(body[:start]) or rule(view, "address_line").pattern.search(body)
    if not (labelled or body[start] == "〒" or len(body) <= 60):
        return None
    stop = lexicon(view, "address_stop").search(body, start + 1)
    end = stop.start() if stop else len(body)
    if cue.key == "postal_code" and not body[m.end():end].strip() and index + 1 < len(view.lines):
        following = _address(view, index + 1, True)  # 〒 on a line of its own: the address is on the next line
        if following:
            return following
    s, e = _strip(text, line.start + start, line.start + end)
    if e - s < 6:
        return None
    return s, e, cue.explain(body, start)


def _representative(view: DocumentView, line_index: int) -> tuple[int, int, str] | None:
    """The representative a line names, unless it belongs to another party
    the line is labelled with («引受保険会社：…株式会社 代表取締役社長 …»)."""
    line = view.lines[line_index]
    body, titles = line.text, lexicon(view, "representative_title")
    if not view.line_has(titles, line) or rule(view, "not_a_representative").search(body):
        return None
    label = rule(view, "other_party_label").pattern.match(line.body or body)
    if label and rule(view, "generic_name").search(label.group("kind")) \
            and not rule(view, "name_label").accepts(label.group(0)) and not _names_publisher(view, line):
        return None  # not «運営会社：…», the publisher's own label, nor the publisher named after another label
    for m in titles.finditer(body):
        name = rule(view, "representative_name").pattern.match(body[m.end():])
        if name:
            start = view.lines[line_index].start
            return start + m.start(), start + m.end() + name.end(), titles.explain(body, m.start())
    return None


class OrganizationExtractor(Extractor):
    """The publisher's name (see ``find_organization_name``), its postal address
    and its representative."""

    name = "organization"
    field = "organization"

    def extract(self, view: DocumentView) -> list[Finding]:
        out: list[Finding] = []
        found = view.organization_match
        if found:
            start, end, why, score = found
            out.append(self.finding("name", start, end, view, score, why))
        address_score = rule(view, "address_line").score
        representative_score = rule(view, "representative_name").score
        keys = ("postal_code", "prefecture", "municipality", "representative_title")  # a line without any has neither
        for index in sorted(view.line_index(line.start) for line in view.lines_with(*(lexicon(view, k) for k in keys))):
            if _of_another_responsible_party(view, index):
                continue
            address = _address(view, index)
            if address:
                out.append(self.finding("address", address[0], address[1], view, address_score, address[2]))
            representative = _representative(view, index)
            if representative:
                out.append(self.finding("representative", representative[0], representative[1], view,
                                        representative_score, representative[2]))
        return out


#: lines above a joint-use responsible party's address or representative that may name it
RESPONSIBLE_REACH = 4


def _one_inside_other(name: str, other: str) -> bool:
    """Whether two written names are one organisation's (blanks aside, one inside the other)."""
    name, other = (n.replace(" ", "").replace("\u3000", "") for n in (name, other))
    return bool(name and other) and (name in other or other in name)


def _names_publisher(view: DocumentView, line: Line) -> bool:
    """Whether an organisation named on ``line`` is the publisher."""
    own = view.organization_name or ""
    return any(_one_inside_other(own, view.text[s:e]) for s, e, _, _ in view.organization_names if line.start <= s < line.end)


def _of_another_responsible_party(view: DocumentView, index: int) -> bool:
    """Whether line ``index`` gives the address or representative of a joint
    user responsible for the data that is not the publisher (a holding
    company named under «…管理について責任を有する者»)."""
    line = view.lines[index]
    if not view.in_blocks(line.start, "joint_responsible"):
        return False
    own = view.organization_name or ""
    first = view.lines[max(0, index - RESPONSIBLE_REACH)].start
    named = [view.text[s:e] for s, e, _, _ in view.organization_names if first <= s < line.end]
    return bool(named and own.strip()) and not _one_inside_other(own, named[-1])


class ContactExtractor(Extractor):
    """Phone, e-mail and the name of the contact desk, from contact sections first."""

    name = "contact"
    field = "contact"

    def extract(self, view: DocumentView) -> list[Finding]:
        out: list[Finding] = []
        blocks = view.blocks_with("contact")
        regions = [(b.start, b.end) for b in blocks] + [(0, len(view.text))]
        for label in ("phone", "email"):
            cue = lexicon(view, label)
            for start, end in regions:
                m = view.search(cue, start, end)
                if m:
                    out.append(self.finding(label, m.start(), m.end(), view, cue.score, cue.explain(view.text, m.start())))
                    break
        out.extend(self._desk(view, blocks))
        for b in blocks:
            for line in b.lines:
                index = view.line_index(line.start)
                address = _address(view, index) if index is not None else None
                if address:
                    out.append(self.finding("address", address[0], address[1], view,
                                            rule(view, "address_line").score, address[2]))
                    return out
        return out

    def _desk(self, view: DocumentView, blocks: list[Any]) -> list[Finding]:
        """The desk named after a label (窓口: …), else a desk name in the first lines."""
        label, desk, phone = rule(view, "contact_label"), rule(view, "contact_desk"), lexicon(view, "phone")
        for b in blocks:
            for line in b.lines[:8]:
                m = label.pattern.search(line.body)
                if m and len(line.body) <= 60 and not phone.search(line.body, m.end()):
                    s, e = _strip(view.text, line.body_start + m.end(), line.end)
                    if e > s and not desk.excluded(view.text[s:e]):
                        return [self.finding("name", s, e, view, label.score, label.explain(line.body, m.start()))]
        for b in blocks:
            for line in b.lines[:8]:
                m = desk.search(line.text)
                if m and len(line.text) <= 60 and not phone.search(m.group(0)) and not desk.excluded(m.group(0)):
                    s, e = _strip(view.text, line.start + m.start(), line.start + m.end())
                    return [self.finding("name", s, e, view, desk.score, desk.explain(line.text, m.start()))]
        return []


def iso_date(m: Any, resources: Resources | None = None) -> str | None:
    """ISO date of an organization.yaml#date match; era years converted with
    the lexicons.yaml#era_<first year> entries (令和元年 = 2019)."""
    groups = {k: v for k, v in m.groupdict().items() if v}
    era = groups.get("era") or groups.get("slash_era")
    if era:
        cues = (resources or Resources.default()).cues("lexicons")
        first = next((int(key[4:]) for key, cue in cues.items() if key.startswith("era_") and cue.pattern.fullmatch(era)), None)
        if first is None:
            return None
        era_year = groups.get("era_year") or groups.get("slash_era_year")
        year = first + (0 if era_year == "元" else int(era_year) - 1)
    else:
        year = int(groups.get("year") or groups["slash_year"])
    month, day = int(groups.get("month") or groups["slash_month"]), int(groups.get("day") or groups["slash_day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


class DatesExtractor(Extractor):
    """Dates labelled as the policy's making (制定) or revision (改定): a label
    right after the date (2020年4月1日 制定), else the nearest one before it on its
    line (制定日: 2020年4月1日), else one shortly after it (…から施行する)."""

    name = "dates"
    field = "dates"

    def extract(self, view: DocumentView) -> list[Finding]:
        out: list[Finding] = []
        date = rule(view, "date")
        labels = {"established": rule(view, "established"), "revised": rule(view, "revised")}
        for line in view.lines_with(date):
            matches = list(date.finditer(line.text))
            for i, m in enumerate(matches):
                iso = iso_date(m, view.resources)
                if iso is None:
                    continue
                before = line.text[matches[i - 1].end() if i else 0:m.start()]
                after = line.text[m.end():min(matches[i + 1].start() if i + 1 < len(matches) else len(line.text), m.end() + 8)]
                label = self._nearest(labels, rule(view, "date_field_label"), before, after)
                if label:
                    out.append(self.finding(label, line.start + m.start(), line.start + m.end(), view, date.score,
                                            f"{date.explain(line.text, m.start())} + {labels[label].file}.yaml#{label}",
                                            iso=iso))
        return out

    @staticmethod
    def _nearest(labels: dict[str, Cue], field_label: Cue, before: str, after: str) -> str | None:
        if any(cue.excluded(before) or cue.excluded(after) for cue in labels.values()):
            return None
        adjacent = after.lstrip(" 　(（【[")
        for key, cue in labels.items():
            m = cue.pattern.match(adjacent)
            if m and not field_label.pattern.match(adjacent[m.end():]):
                return key
        last = {key: max((m.end() for m in cue.finditer(before)), default=-1) for key, cue in labels.items()}
        if max(last.values()) >= 0:
            return max(last, key=last.__getitem__)
        first = {key: min((m.start() for m in cue.finditer(after)), default=len(after) + 1) for key, cue in labels.items()}
        key = min(first, key=first.__getitem__)
        return key if first[key] <= len(after) else None
