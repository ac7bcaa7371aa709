"""GiNZA's NER (``nlp/ginza_ner.py``) and its use for joint users that no rule
finds. The real ja_ginza model is loaded once per session."""
from __future__ import annotations

import pytest

from nlp import ginza_ner
from nlp.extract import DocumentView
from nlp.extract.joint_use import JointUseExtractor
from nlp.pipeline import Analyzer

pytestmark = pytest.mark.ginza

# A joint user named without any corporate form or suffix the rules know, in a
# sentence without 「との間で」/「と共同」: only NER can find it.
NER_ONLY = "当社及びハマナスシステムズは、お客様の氏名、住所及び電話番号を共同して利用します。"


@pytest.fixture(scope="session")
def ginza():
    return ginza_ner.pipeline()


def test_model_loads_once(ginza):
    assert ginza_ner.pipeline() is ginza
    assert "ner" in ginza.pipe_names


# (sentence, organisation name a span must cover)
ORGANIZATIONS = [
    ("当社は、お客様の氏名及び住所を株式会社架空商事と共同して利用します。", "株式会社架空商事"),
    (NER_ONLY, "ハマナスシステムズ"),
]


@pytest.mark.parametrize(("sentence", "name"), ORGANIZATIONS)
def test_organizations_cover_the_name(ginza, sentence, name):
    spans = ginza_ner.organizations(sentence)
    start = sentence.index(name)
    end = start + len(name)
    assert any(s <= start and end <= e and e - s <= len(name) + 4 for s, e in spans), \
        [sentence[s:e] for s, e in spans]
    assert all(0 <= s < e <= len(sentence) for s, e in spans)


@pytest.mark.parametrize("sentence", ["", "   ", "個人情報を大切に取り扱います。"])
def test_no_organizations(ginza, sentence):
    assert ginza_ner.organizations(sentence) == []


def test_joint_users_found_by_ner(ginza):
    findings = JointUseExtractor().extract(DocumentView(NER_ONLY))
    parties = [f for f in findings if f.label == "party"]
    assert [f.text for f in parties] == ["ハマナスシステムズ"]
    assert "GiNZA" in parties[0].explanation
    record = Analyzer(reference=None).analyze_text(NER_ONLY, with_text=True)
    [arrangement] = record.joint_use
    [party] = arrangement.parties
    assert party.name == "ハマナスシステムズ"
    assert record.text[party.evidence.span[0]:party.evidence.span[1]] == NER_ONLY  # the sentence naming it


def test_no_rule_finds_them(ginza, monkeypatch):
    """Control: without NER the same sentence gives an arrangement with no parties."""
    monkeypatch.setattr(ginza_ner, "organizations", lambda sentence: [])
    findings = JointUseExtractor().extract(DocumentView(NER_ONLY))
    assert "arrangement" in [f.label for f in findings]
    assert not [f for f in findings if f.label == "party"]


def test_ner_is_not_asked_when_a_rule_finds_the_parties(ginza, monkeypatch):
    def refuse(sentence):
        raise AssertionError(f"GiNZA asked about {sentence!r}")

    monkeypatch.setattr(ginza_ner, "organizations", refuse)
    findings = JointUseExtractor().extract(DocumentView(
        "当社は、お客様の氏名及び住所を、架空物流株式会社との間で共同して利用します。"))
    assert [f.text for f in findings if f.label == "party"] == ["架空物流株式会社"]


def test_components_left_out_come_after_the_ner(ginza):
    """The entities cannot depend on what ``pipeline`` does not load."""
    import spacy.util

    [config_file] = spacy.util.get_package_path("ja_ginza").glob("*/config.cfg")
    order = spacy.util.load_config(config_file)["nlp"]["pipeline"]
    assert all(order.index(name) > order.index("ner") for name in ginza_ner.UNUSED_COMPONENTS)
    assert "parser" in ginza.pipe_names  # before the NER: its sentence boundaries bound the entities


ENTITY_SENTENCES = [
    NER_ONLY,
    "当社は、お客様の氏名及び住所を株式会社架空商事と共同して利用します。",
    "東京都千代田区架空町一丁目2番3号 架空生活協同組合 理事長 山田太郎",
    "個人情報は、米国にある架空クラウド社のサーバーに保管され、2024年4月1日から適用します。",
]


@pytest.mark.parametrize("sentence", ENTITY_SENTENCES)
def test_matmul_ops_give_thincs_entities(ginza, sentence):
    """``numpy.matmul`` in place of thinc's BLIS kernels changes no entity."""
    from thinc.api import NumpyOps

    def entities():
        return [(e.start_char, e.end_char, e.label_) for e in ginza(sentence).ents]

    nodes = [node for _, component in ginza.pipeline if hasattr(component, "model") for node in component.model.walk()]
    fast = entities()
    assert fast, "a sentence with no entity compares nothing"
    assert {type(node.ops).__name__ for node in nodes} == {"MatmulOps"}
    matmul = nodes[0].ops
    stock = NumpyOps()
    try:
        for node in nodes:
            node.ops = stock
        assert entities() == fast
    finally:
        for node in nodes:
            node.ops = matmul


def test_ner_is_not_asked_about_a_hypothetical(ginza, monkeypatch):
    """«…共同利用する際には» names no joint users: GiNZA is not run on it."""
    def refuse(sentence):
        raise AssertionError(f"GiNZA asked about {sentence!r}")

    hypothetical = "4. 共同利用について\n当社は、お客様の個人情報を共同利用する際には、法令に定める措置を講じます。"
    monkeypatch.setattr(ginza_ner, "organizations", refuse)
    findings = JointUseExtractor().extract(DocumentView(hypothetical))
    assert "arrangement" in [f.label for f in findings]
    assert not [f for f in findings if f.label == "party"]
