"""The one-pass scanner settles: once a document has been read, reading it
again asks about no entry the pass does not cover, so the scanner is not
rebuilt (a rebuild costs milliseconds per document)."""
from pathlib import Path

import pytest

from nlp.pipeline import Analyzer
from nlp.vocab import Resources

DOCS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "docs").glob("c0*"))


@pytest.mark.parametrize("path", DOCS[:4], ids=lambda p: p.name)
def test_second_reading_asks_nothing_new(path):
    resources = Resources()
    analyzer = Analyzer(reference="appi-2022", resources=resources)
    analyzer.analyze_file(path)
    asked = {name: set(keys) for name, keys in resources.asked.items()}
    analyzer.analyze_file(path)  # scanned with every entry asked the first time
    assert resources.asked == asked
    assert resources._scanner is not None  # built for the second reading and still current


def test_a_document_without_countries_asks_about_them_all_at_once():
    resources = Resources()
    analyzer = Analyzer(reference=None, resources=resources)
    analyzer.analyze_text("当社は、お客様の個人情報を適切に取り扱います。\n")
    first = set(resources.asked.get("countries", ()))
    analyzer.analyze_text("当社は、お客様の個人情報を適切に取り扱います。\n")
    assert len(first) > 1
    assert set(resources.asked.get("countries", ())) == first
