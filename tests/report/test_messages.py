"""The reports' words (messages.yaml): complete for every requirement, validated on load."""
import re

import pytest
from pydantic import ValidationError

from nlp.compare.diff import DiffElement
from nlp.compare.requirements import load_profile
from nlp.report.messages import LANGS, Messages, load_messages
from nlp.report import STATUSES

ARTICLE = re.compile(r"(法|施行令|規則|番号法|ガイドライン|電気通信事業法)[^。]*\d+条|法定事項ではありません|法律上の義務ではありません")


def test_every_requirement_has_advice_for_each_gap_status_in_both_languages():
    messages = load_messages()
    assert set(messages.requirements) == set(load_profile("appi-2022"))
    for requirement in messages.requirements:
        for status in ("missing", "partial"):
            advice = messages.advice(requirement, status)
            for lang in LANGS:
                assert advice.gap(lang).strip() and advice.action(lang).strip(), (requirement, status, lang)
            assert ARTICLE.search(advice.action("ja")), f"{requirement} {status}: no legal basis in the action"
            assert advice.action("ja").endswith("。")


def test_legend_and_labels_cover_what_the_reports_show():
    messages = load_messages()
    assert set(messages.statuses) == set(STATUSES)
    assert set(messages.severities) == {"high", "medium", "low"}
    for element in DiffElement.__args__:
        assert element in messages.labels, element
    assert messages.status("missing", "ja") == "記載なし" and messages.severity("high", "en") == "high"
    assert messages.advice("R13", "present") is None and messages.advice("R99", "missing") is None


@pytest.mark.parametrize("broken", [
    {"statuses": {}, "severities": {}, "requirements": {"R01": {"missing": {"gap": {"ja": "x"}}}}, "labels": {}},
    {"statuses": {"gone": {"name": {"ja": "x", "en": "x"}, "meaning": {"ja": "x", "en": "x"}}},
     "severities": {}, "requirements": {}, "labels": {}},
])
def test_invalid_messages_are_refused(broken):
    with pytest.raises(ValidationError):
        Messages.model_validate(broken)
