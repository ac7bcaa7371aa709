"""Japanese knowledge as data: vocabularies, cues, lexicons and statement
patterns in YAML files beside this module, validated on load.

Every file maps a key (a label ID of ``labels.yaml`` for the label
vocabularies, a cue or lexicon name otherwise) to an entry: regular-expression
``patterns`` matched on the normalised text, optional ``exclude`` patterns (a
match whose context also matches one of them is dropped), a ``score``, and
``examples`` / ``counter_examples`` that the tests run. Adding a surface form
never needs a Python change.

``Resources`` holds the built-in files plus any user folders laid out the same
way (``--resources DIR``): a user entry with a known key extends the built-in
one (or replaces it with ``replace: true``); a new key adds an entry.

An entry's patterns (and its ``exclude`` patterns) are matched as one
alternation, with those of the entry they extend; validation refuses what
would not compile or mean the same there: flags for a whole pattern such as
``(?i)`` (write ``(?i:...)``), a group name given twice, a group referred to
by number (``\\1``) after other patterns' groups.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.errors import InvalidDataFile, PathLike
from nlp.vocab.prefilter import CueMatcher, DocumentScan, TextScan, sre, sre_parse

#: resource file -> the label set of labels.yaml its keys must come from
LABEL_SETS = {"purposes": "purpose_categories", "data_items": "data_items",
              "exceptions": "third_party_exceptions"}


class VocabEntry(BaseModel):
    """One key's surface forms, with examples the tests check."""

    model_config = ConfigDict(extra="forbid")
    patterns: list[str] = Field(min_length=1)
    exclude: list[str] = []
    score: float = Field(0.9, gt=0, le=1)
    note: str = ""
    examples: list[str] = []
    counter_examples: list[str] = []
    replace: bool = False

    @field_validator("patterns", "exclude")
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        reason = _alternation_error(values)
        if reason:
            raise ValueError(reason)
        return values


@dataclass(frozen=True)
class Cue:
    """A compiled entry: ``pattern`` is the alternation of its patterns."""

    file: str
    key: str
    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None
    score: float
    sources: tuple[tuple[str, str], ...]  # (origin file, pattern) in order

    def accepts(self, text: str) -> bool:
        """Whether ``text`` states this entry: a pattern matches and no exclude does."""
        return bool(self.pattern.search(text)) and not (self.exclude and self.exclude.search(text))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        """Non-empty matches in ``text[pos:endpos]`` (offsets into ``text``)."""
        for m in self.pattern.finditer(text, pos, len(text) if endpos is None else endpos):
            if m.end() > m.start():
                yield m

    def excluded(self, context: str) -> bool:
        return bool(self.exclude and self.exclude.search(context))

    @cached_property
    def _alternatives(self) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
        return tuple((origin, source, _compile(source)) for origin, source in self.sources)

    def explain(self, text: str, pos: int) -> str:
        """``file#key/pattern`` naming the pattern that matches at ``pos``."""
        for origin, source, compiled_alternative in self._alternatives:
            if compiled_alternative.match(text, pos):
                return f"{origin}#{self.key}/{source}"
        return f"{self.file}.yaml#{self.key}"


@lru_cache(maxsize=None)
def labels() -> dict[str, Any]:
    """The canonical label sets (a copy of the contract's labels.yaml)."""
    return yaml.safe_load(resources.files("nlp.data").joinpath("labels.yaml").read_text(encoding="utf-8"))


def builtin_names() -> list[str]:
    """The resource files the package ships (``purposes``, ``cues`` …)."""
    return sorted(p.name[:-5] for p in resources.files("nlp.vocab").iterdir() if p.name.endswith(".yaml"))


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` refusing a key given twice in one mapping, which
    ``safe_load`` would silently let the last one win over."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key) for key, _ in node.value]
    repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
    if repeated:
        raise yaml.constructor.ConstructorError(None, None, f"key(s) {repeated} given twice", node.start_mark)
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _read_file(location: Any, name: str, where: str) -> dict[str, VocabEntry]:
    """Read and validate one resource file; errors name the file and the entry."""
    try:
        raw = yaml.load(location.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InvalidDataFile(where, f"cannot read resource file: {exc}") from exc
    if not isinstance(raw, dict):
        raise InvalidDataFile(where, "a resource file maps keys to entries")
    entries = {}
    for key, entry in raw.items():
        try:
            entries[str(key)] = VocabEntry.model_validate(entry)
        except ValidationError as exc:
            reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())
            raise InvalidDataFile(where, f"entry {key!r}: {reasons}") from exc
    known = labels().get(LABEL_SETS.get(name, ""))
    if known is not None:
        unknown = sorted(set(entries) - set(known))
        if unknown:
            raise InvalidDataFile(where, f"label IDs not in labels.yaml: {unknown}")
    return entries


def _compile(pattern: str) -> re.Pattern[str]:
    """Every resource pattern is turned into a regular expression here."""
    return re.compile(pattern)


def _join(patterns: Iterable[str]) -> re.Pattern[str] | None:
    patterns = list(patterns)
    return _compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


_REGEX_FAILURES = (re.error, RecursionError, OverflowError)


def _why(exc: Exception) -> str:
    if isinstance(exc, re.error):
        return exc.msg
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)


def _alternation_error(patterns: list[str]) -> str | None:
    """Why ``_join(patterns)`` cannot stand for ``patterns`` (a pattern that
    does not compile, flags for a whole pattern such as ``(?i)``, a group
    name defined twice, a group referred to by number after other patterns'
    groups); ``None`` when it can."""
    compiled: list[re.Pattern[str]] = []
    for source in patterns:
        try:
            compiled.append(_compile(source))
        except _REGEX_FAILURES as exc:
            return f"invalid regular expression {source!r}: {_why(exc)}"
    if _join_failure(patterns):
        for end, source in enumerate(patterns, 1):
            failure = _join_failure(patterns[:end])
            if failure:
                return (f"{source!r} cannot be joined with the entry's other patterns into one alternation: "
                        f"{_why(failure)} (flags such as (?i) must be scoped, as in (?i:...); group names must differ)")
    groups = 0
    for source, pattern in zip(patterns, compiled):
        may_refer = "\\" in source or "(?(" in source  # as \1 and (?(1)...) do
        if groups and may_refer and _references(source, groups) != [number + groups for number in _references(source)]:
            return (f"{source!r} refers to a group by number, which is another group once joined after the "
                    f"group(s) of the patterns before it ({groups}): name the group, as in (?P<name>...) and (?P=name)")
        groups += pattern.groups
    return None


def _join_failure(patterns: list[str]) -> Exception | None:
    try:
        _join(patterns)
    except _REGEX_FAILURES as exc:
        return exc
    return None


def _references(source: str, groups_before: int = 0) -> list[int]:
    """The group numbers ``source`` refers to, in order, when it follows
    ``groups_before`` groups of other patterns."""
    numbers: list[int] = []
    pending = [sre_parse.parse("()" * groups_before + f"(?:{source})")]
    while pending:
        part = pending.pop()
        if isinstance(part, sre_parse.SubPattern):
            pending.extend(reversed(part.data))
        elif isinstance(part, (list, tuple)):
            if len(part) == 2 and part[0] is sre.GROUPREF:
                numbers.append(part[1])
            elif len(part) == 2 and part[0] is sre.GROUPREF_EXISTS:
                numbers.append(part[1][0])
            pending.extend(reversed(part))
    return numbers


class Resources:
    """The built-in resource files with user folders laid over them."""

    def __init__(self, extra: Sequence[PathLike] = ()):
        self.extra = tuple(Path(p) for p in extra)
        self._builtin = set(builtin_names())
        for folder in self.extra:
            if not folder.is_dir():
                raise InvalidDataFile(folder, "a resources folder must be a directory")
            for path in sorted(folder.glob("*.yaml")):
                if path.stem not in self._builtin:
                    raise InvalidDataFile(path, f"unknown resource file; known: {', '.join(sorted(self._builtin))}")
        self._entries: dict[str, dict[str, VocabEntry]] = {}
        self._origins: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self._cues: dict[str, dict[str, Cue]] = {}
        self._matchers: dict[str, CueMatcher] = {}
        self._any: dict[str, re.Pattern[str] | None] = {}
        #: the entries documents are scanned for: those asked about so far, file by file
        self.asked: dict[str, set[str]] = {}
        self._scanner: CueMatcher | None = None

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Resources":
        return cls()

    def _load(self, name: str) -> None:
        if name not in self._builtin:
            raise InvalidDataFile(f"{name}.yaml", "no such resource file in the package")
        location = resources.files("nlp.vocab").joinpath(f"{name}.yaml")
        entries = _read_file(location, name, f"nlp/vocab/{name}.yaml")
        origins = {key: [(f"{name}.yaml", p) for p in e.patterns] for key, e in entries.items()}
        for folder in self.extra:
            path = folder / f"{name}.yaml"
            if not path.is_file():
                continue
            for key, entry in _read_file(path, name, str(path)).items():
                mine = [(str(path), p) for p in entry.patterns]
                if key in entries and not entry.replace:
                    base = entries[key]
                    entries[key] = base.model_copy(update={
                        field: getattr(base, field) + getattr(entry, field)
                        for field in ("patterns", "exclude", "examples", "counter_examples")})
                    origins[key] = origins[key] + mine
                    for field in ("patterns", "exclude"):
                        reason = _alternation_error(getattr(entries[key], field))
                        if reason:
                            raise InvalidDataFile(path, f"entry {key!r}: {field} (after the entry's {field} "
                                                        f"before this file): {reason}")
                else:
                    entries[key], origins[key] = entry, mine
        self._entries[name], self._origins[name] = entries, origins

    def entries(self, name: str) -> dict[str, VocabEntry]:
        """The validated entries of resource file ``name`` (user folders applied)."""
        if name not in self._entries:
            self._load(name)
        return self._entries[name]

    def cues(self, name: str) -> dict[str, Cue]:
        """Every entry of ``name`` compiled, in file order."""
        if name not in self._cues:
            entries = self.entries(name)
            self._cues[name] = {
                key: Cue(name, key, _join(e.patterns), _join(e.exclude), e.score, tuple(self._origins[name][key]))
                for key, e in entries.items()}
        return self._cues[name]

    def matcher(self, name: str) -> CueMatcher:
        """Every entry of file ``name`` located in one pass (see ``prefilter``)."""
        if name not in self._matchers:
            self._matchers[name] = CueMatcher({name: self.cues(name)})
        return self._matchers[name]

    def scan(self, text: str) -> DocumentScan:
        """One pass over ``text`` for every entry asked about in the documents before."""
        if self._scanner is None:
            wanted = {name: set(keys) for name, keys in list(self.asked.items())}  # a copy: workers' threads ask too
            self._scanner = CueMatcher({name: self.cues(name) for name in wanted}, wanted)
        return self._scanner.scan(text)

    def file_scan(self, scan: DocumentScan, name: str) -> TextScan:
        """``name``'s part of ``scan``; its entries ``scan`` does not cover are
        matched the ordinary way in this document, and covered from the next."""
        return TextScan(scan, name, self.cues(name), self._ask)

    def _ask(self, name: str, key: str) -> None:
        self.asked.setdefault(name, set()).add(key)
        self._scanner = None

    def cue(self, name: str, key: str) -> Cue:
        """One compiled entry; a missing one is a data-file error naming both."""
        try:
            return self._cues[name][key]  # extractors ask in their loops: the compiled entry, if any, first
        except KeyError:
            pass
        try:
            return self.cues(name)[key]
        except KeyError:
            raise InvalidDataFile(f"{name}.yaml", f"no entry {key!r} (the code asks for it)") from None

    def any_entry(self, name: str) -> re.Pattern[str] | None:
        """One pattern matching where any entry of file ``name`` does (to rule
        out most texts at once); ``None`` when an entry has groups, which
        joined patterns could number otherwise."""
        if name not in self._any:
            cues = self.cues(name).values()
            self._any[name] = None if any(cue.pattern.groups for cue in cues) else _join(
                cue.pattern.pattern for cue in cues)
        return self._any[name]

    def pattern(self, name: str, key: str) -> re.Pattern[str]:
        return self.cue(name, key).pattern

    @cached_property
    def fingerprint(self) -> str:
        """A hash of every user file: records made with other resources differ."""
        digest = hashlib.sha256()
        for folder in self.extra:
            for path in sorted(folder.glob("*.yaml")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:16] if self.extra else "builtin"


def load_vocab(name: str) -> dict[str, VocabEntry]:
    """The built-in entries of resource file ``name``."""
    return Resources.default().entries(name)
