"""Vocabularies and the extractor registry are data, validated on load; every
finding of a full analysis points at its own text."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from pydantic import BaseModel, ValidationError

import nlp.extract
import nlp.vocab
from nlp.errors import InvalidDataFile
from nlp.extract import Extractor, Registry
from nlp.pipeline import Analyzer
from nlp.schema import Evidence, PolicyRecord
from nlp.vocab import Resources, VocabEntry, builtin_names, labels, load_vocab

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted(p for p in (ROOT / "corpora" / "docs").iterdir() if p.is_file())

# vocabulary -> the label set of labels.yaml its IDs must come from (None: free IDs)
VOCABULARIES = [
    ("purposes", "purpose_categories"),
    ("data_items", "data_items"),
    ("exceptions", "third_party_exceptions"),
    ("sections", None),
    ("countries", None),
]

# Section categories the extractors ask for by name; each must be defined in sections.yaml.
SECTION_CATEGORIES = ["purposes", "data_items", "third_party", "joint_use", "joint_parties", "joint_items",
                      "joint_purposes", "joint_responsible", "foreign", "security", "disclosure", "contact",
                      "outsourcing", "sensitive", "my_number"]


@pytest.mark.parametrize(("name", "label_set"), VOCABULARIES)
def test_vocabulary_loads(name, label_set):
    vocab = load_vocab(name)
    assert vocab, f"{name}.yaml is empty"
    for label, entry in vocab.items():
        assert entry.patterns, f"{name}:{label} has no patterns"
        assert 0 < entry.score <= 1
    if label_set is not None:
        assert set(vocab) <= set(labels()[label_set])


def test_section_categories_used_by_the_extractors_exist():
    assert set(SECTION_CATEGORIES) <= set(load_vocab("sections"))


def test_labels_match_the_contract():
    """The package's labels.yaml is the contract's; the four label sets are there."""
    assert {"purpose_categories", "data_items", "third_party_exceptions", "requirements"} <= set(labels())
    assert sorted(labels()["requirements"]) == [f"R{n:02d}" for n in range(1, 21)]


# ---------------------------------------------------------------- examples of every entry

def resource_examples():
    for name in builtin_names():
        for key, cue in Resources.default().cues(name).items():
            entry = load_vocab(name)[key]
            for example in entry.examples:
                yield pytest.param(cue, example, True, id=f"{name}#{key}+{example[:20]}")
            for example in entry.counter_examples:
                yield pytest.param(cue, example, False, id=f"{name}#{key}-{example[:20]}")


@pytest.mark.parametrize(("cue", "example", "accepted"), list(resource_examples()))
def test_resource_examples(cue, example, accepted):
    """Each entry's ``examples`` are matched (and not excluded); its
    ``counter_examples`` are not."""
    assert cue.accepts(example) is accepted


# ---------------------------------------------------------------- broken resource files

BROKEN = [
    pytest.param("purposes", "marketing:\n  patterns: ['(ご案内']\n", id="bad-regex"),
    pytest.param("purposes", "marketing:\n  patterns: ['ご案内']\n  exclude: ['[']\n", id="bad-exclude-regex"),
    pytest.param("purposes", "no_such_label:\n  patterns: ['ご案内']\n", id="unknown-label"),
    pytest.param("exceptions", "consent:\n  pattern: ['同意']\n", id="misspelt-key"),
    pytest.param("exceptions", "consent:\n  patterns: '同意'\n", id="patterns-not-a-list"),
    pytest.param("data_items", "name:\n  patterns: ['氏名']\n  score: high\n", id="score-not-a-number"),
    pytest.param("data_items", "- name\n- address\n", id="not-a-mapping"),
    pytest.param("data_items", "name: [patterns: 氏名\n", id="yaml-syntax"),
    pytest.param("purposes", "marketing:\n  patterns: ['ご案内']\n  examples: ['ご案内']\n  examples: ['案内']\n",
                 id="key-given-twice"),
    pytest.param("purposes", "marketing:\n  patterns: ['ご案内']\nmarketing:\n  patterns: ['広告']\n",
                 id="entry-given-twice"),
]


@pytest.mark.parametrize(("name", "content"), BROKEN)
def test_broken_user_resource_is_refused_naming_file_and_entry(tmp_path, name, content):
    (tmp_path / f"{name}.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InvalidDataFile) as caught:
        Resources([tmp_path]).entries(name)
    assert str(tmp_path / f"{name}.yaml") in str(caught.value)
    assert caught.value.code == "E010"


def test_unknown_resource_file_and_missing_folder_are_refused(tmp_path):
    (tmp_path / "purpose.yaml").write_text("marketing:\n  patterns: ['x']\n", encoding="utf-8")
    with pytest.raises(InvalidDataFile, match="purpose.yaml"):
        Resources([tmp_path])
    with pytest.raises(InvalidDataFile, match="directory"):
        Resources([tmp_path / "nowhere"])


def test_user_entries_extend_or_replace_builtin_ones(tmp_path):
    (tmp_path / "purposes.yaml").write_text(
        "marketing:\n  patterns: ['販路拡大']\nsurvey:\n  patterns: ['聞き取り']\n  replace: true\n", encoding="utf-8")
    merged = Resources([tmp_path])
    builtin = load_vocab("purposes")
    assert merged.entries("purposes")["marketing"].patterns == builtin["marketing"].patterns + ["販路拡大"]
    assert merged.entries("purposes")["survey"].patterns == ["聞き取り"]
    assert merged.cue("purposes", "marketing").explain("販路拡大", 0) == f"{tmp_path / 'purposes.yaml'}#marketing/販路拡大"
    assert merged.fingerprint != Resources.default().fingerprint


# ---------------------------------------------------------------- user patterns joined into one alternation

NESTED = "(" * 2000 + "a" + ")" * 2000
UNJOINABLE = [  # resource file, its content, the entry and the reason the error names
    pytest.param("sections", "mine:\n  patterns: ['(?i)cookie']\n", "mine", "global flags", id="global-flags"),
    pytest.param("sections", "cookie:\n  patterns: ['(?i)cookies']\n", "cookie", "global flags",
                 id="global-flags-extending"),
    pytest.param("sections", "mine:\n  patterns: ['(?P<w>個)人', '(?P<w>情)報']\n", "mine",
                 "redefinition of group name", id="group-name-twice"),
    pytest.param("sections", "mine:\n  patterns: ['(個)人', '(情)報\\1']\n", "mine", "refers to a group by number",
                 id="numbered-reference"),
    pytest.param("sections", "third_party:\n  patterns: ['(委託)\\1']\n", "third_party",
                 "refers to a group by number", id="numbered-reference-extending"),
    pytest.param("sections", "third_party:\n  patterns: ['(委)?(?(1)託|任)']\n", "third_party",
                 "refers to a group by number", id="numbered-condition-extending"),
    pytest.param("sections", "mine:\n  patterns: ['個人']\n  exclude: ['(a)', '(b)\\1']\n", "mine", "exclude",
                 id="numbered-reference-in-exclude"),
    pytest.param("sections", f"mine:\n  patterns: ['{NESTED}']\n", "mine", "nested too deeply", id="nested-too-deeply"),
    pytest.param("sections", "mine:\n  patterns: ['a{99999999999}']\n", "mine", "too large", id="repeat-too-large"),
]


@pytest.mark.parametrize(("name", "content", "key", "reason"), UNJOINABLE)
def test_user_patterns_that_cannot_be_joined_are_refused_naming_file_entry_and_reason(tmp_path, name, content, key,
                                                                                       reason):
    """An entry's patterns (and exclude patterns) are compiled as one
    alternation, with those of the built-in entry they extend: patterns that
    do not compile so, or would mean something else, are refused."""
    (tmp_path / f"{name}.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InvalidDataFile) as caught:
        Resources([tmp_path]).cues(name)
    assert caught.value.path == str(tmp_path / f"{name}.yaml")
    assert f"entry {key!r}" in caught.value.reason and reason in caught.value.reason
    assert caught.value.code == "E010"


def test_patterns_of_two_user_folders_that_cannot_be_joined_name_the_second_file(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, pattern in ((first, "(?P<w>問)い"), (second, "(?P<w>合)せ")):
        folder.mkdir()
        (folder / "sections.yaml").write_text(f"contact:\n  patterns: ['{pattern}']\n", encoding="utf-8")
    with pytest.raises(InvalidDataFile, match="redefinition of group name") as caught:
        Resources([first, second]).cues("sections")
    assert caught.value.path == str(second / "sections.yaml")


def test_user_patterns_that_keep_their_meaning_joined_are_accepted(tmp_path):
    """A numbered reference with no group before it, a named one, scoped flags."""
    (tmp_path / "sections.yaml").write_text(
        "contact:\n  patterns: ['(ゑ)\\1']\nthird_party:\n  patterns: ['(?P<w>ゐ)(?P=w)', '(?i:cookie)']\n",
        encoding="utf-8")
    resources = Resources([tmp_path])
    assert resources.cue("sections", "contact").accepts("ゑゑ")
    assert not resources.cue("sections", "contact").accepts("ゑ")
    assert resources.cue("sections", "third_party").accepts("ゐゐ")
    assert not resources.cue("sections", "third_party").accepts("ゐ")
    assert resources.cue("sections", "third_party").accepts("COOKIE")


ENTRIES = [
    pytest.param({"patterns": "同意"}, id="patterns-not-a-list"),
    pytest.param({"patterns": ["同意"], "score": "high"}, id="score-not-a-number"),
    pytest.param({"patterns": ["同意"], "score": 1.5}, id="score-above-one"),
    pytest.param({"patterns": ["同意"], "pattern": ["承諾"]}, id="unknown-field"),
    pytest.param({"exclude": ["同意"]}, id="no-patterns"),
    pytest.param({"patterns": []}, id="empty-patterns"),
    pytest.param({"patterns": ["(同意"]}, id="bad-regex"),
    pytest.param({"patterns": ["(?i)同意"]}, id="global-flags"),
    pytest.param({"patterns": ["(?P<w>同)意", "(?P<w>承)諾"]}, id="group-name-twice"),
    pytest.param({"patterns": ["(同)意", "(承)諾\\1"]}, id="numbered-reference-after-groups"),
    pytest.param({"patterns": ["a{99999999999}"]}, id="repeat-too-large"),
]


@pytest.mark.parametrize("entry", ENTRIES)
def test_vocab_entry_validation(entry):
    with pytest.raises(ValidationError):
        VocabEntry.model_validate(entry)


# ---------------------------------------------------------------- registry

def registry_entries() -> dict[str, str]:
    path = Path(nlp.extract.__file__).with_name("registry.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_registry_builds_every_extractor():
    entries = registry_entries()
    registry = Registry.default()
    assert len(registry.extractors) == len(entries)
    for (name, target), extractor in zip(entries.items(), registry.extractors):
        module_name, _, class_name = target.partition(":")
        assert isinstance(extractor, Extractor)
        assert type(extractor).__module__ == module_name
        assert type(extractor).__name__ == class_name
        assert extractor.field == name


@pytest.mark.parametrize("target", ["nlp.extract.kind:NoSuchExtractor", "nlp.no_such_module:KindExtractor",
                                    "nlp.schema:PolicyRecord"])
def test_registry_refuses_a_bad_entry(tmp_path, monkeypatch, target):
    (tmp_path / "registry.yaml").write_text(f"kind: {target}\n", encoding="utf-8")
    monkeypatch.setattr(nlp.extract, "resources", SimpleNamespace(files=lambda package: tmp_path))
    with pytest.raises(InvalidDataFile, match="registry.yaml"):
        Registry.default()


# ---------------------------------------------------------------- evidence of a full analysis

def evidences(value, where: str = "record"):
    """Every Evidence in a record, with where it was found."""
    if isinstance(value, Evidence):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from evidences(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from evidences(item, f"{where}[{i}]")


@pytest.fixture(scope="module")
def records() -> dict[str, PolicyRecord]:
    analyzer = Analyzer()
    return {path.name: analyzer.analyze_file(path, with_text=True) for path in DOCS}


@pytest.mark.parametrize("name", [p.name for p in DOCS])
def test_every_finding_points_at_its_text(records, name):
    record = records[name]
    text = record.text
    found = list(evidences(record))
    assert len(found) > 5
    for where, evidence in found:
        start, end = evidence.span
        assert 0 <= start < end <= len(text), where
        assert text[start:end] == evidence.text, where
    for section in record.sections:
        assert 0 <= section.span[0] < section.span[1] <= len(text)
        assert section.title in text[section.span[0]:section.span[1]]


@pytest.mark.parametrize("name", [p.name for p in DOCS])
def test_labels_are_canonical(records, name):
    record = records[name]
    canonical = labels()
    assert record.labels("purposes") <= set(canonical["purpose_categories"])
    assert record.labels("data_items") <= set(canonical["data_items"])
    assert record.labels("third_party_exceptions") <= set(canonical["third_party_exceptions"])
    assert set(canonical["requirements"]) <= {c.requirement for c in record.compliance}


# ---------------------------------------------------------------- the project's example resource folders

RESOURCE_FOLDERS = sorted(p for p in (ROOT / "corpora" / "resources").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", RESOURCE_FOLDERS, ids=[p.name for p in RESOURCE_FOLDERS])
def test_example_resource_folders_validate_and_their_examples_hold(folder):
    resources = Resources([folder])
    for path in folder.glob("*.yaml"):
        user_entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, entry in user_entries.items():
            cue = resources.cue(path.stem, key)
            assert all(cue.accepts(example) for example in entry.get("examples", []))
            assert not any(cue.accepts(example) for example in entry.get("counter_examples", []))


#: cues only ever matched at a given place (``pattern.match``) or whose
#: patterns cannot start with a known character anyway
MATCHED_IN_PLACE = {("joint_use", "name_lead"), ("joint_use", "person_name"), ("joint_use", "link_tail"),
                    ("joint_use", "group"), ("lexicons", "address_stop"), ("organization", "copyright_end"),
                    ("kind", "consent_statement")}


def test_searched_cues_do_not_start_with_an_optional_part() -> None:
    """A pattern that may start with nothing («(お)?電話») keeps the regular
    expression engine from skipping to the characters a match can start with,
    for the whole alternation of its entry: searching was four times slower
    for one entry. Write the alternatives out («(お電話|電話)»)."""
    from nlp.vocab import LABEL_SETS
    from nlp.vocab.prefilter import sre, sre_parse

    resources = Resources()
    offending = []
    for name in builtin_names():
        if name in LABEL_SETS:  # label vocabularies are matched at their heads' places
            continue
        for key, entry in resources.entries(name).items():
            if (name, key) in MATCHED_IN_PLACE:
                continue
            for pattern in entry.patterns:
                nodes = list(sre_parse.parse(pattern).data)
                if nodes and nodes[0][0] is sre.AT:
                    continue  # anchored: tried at one place
                while nodes and nodes[0][0] in (sre.ASSERT, sre.ASSERT_NOT):
                    nodes = nodes[1:]
                if nodes and nodes[0][0] in (sre.MAX_REPEAT, sre.MIN_REPEAT) and nodes[0][1][0] == 0:
                    offending.append(f"{name}.yaml#{key}: {pattern}")
    assert not offending, offending
