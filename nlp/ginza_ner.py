"""GiNZA (ja_ginza), loaded lazily once per process and used only on the few
sentences where a rule cannot find the organisation names."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

#: GiNZA (ENE) labels of organisations; families, nationalities and ethnic groups are no joint users
ORGANIZATION_LABELS = {"Company", "Organization", "Organization_Other", "Political_Organization", "Political_Party",
                       "Public_Institution", "Corporation_Other", "School", "Government", "International_Organization",
                       "ORG"}

#: components after ``ner`` in ja_ginza, which the entities do not depend on (the parser, before it, stays:
#: its sentence boundaries bound the entities)
UNUSED_COMPONENTS = ["compound_splitter", "morphologizer", "bunsetu_recognizer"]


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """ja_ginza up to its NER, imported and loaded the first time a sentence
    needs it, its layers multiplying matrices with NumPy (``matmul_ops``)."""
    import spacy

    from threadpoolctl import threadpool_limits

    loaded = spacy.load("ja_ginza", exclude=UNUSED_COMPONENTS)
    threadpool_limits(limits=1, user_api="blas")  # see matmul_ops
    ops = matmul_ops()
    for _, component in loaded.pipeline:
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops
    return loaded


def matmul_ops() -> Any:
    """thinc's NumPy backend with ``gemm`` done by ``numpy.matmul`` (OpenBLAS),
    about twice as fast here as the BLIS kernels thinc ships for this
    model's small matrices; the same entities (``tests/test_ginza.py``).
    ``pipeline`` holds OpenBLAS to one thread in this process from then on:
    matrices this small gain nothing from a second thread, whose waiting
    for work would spin on the other core (where a scan's other worker runs).
    Limiting it per call instead leaves it spinning after each call."""
    import numpy
    from thinc.api import NumpyOps

    class MatmulOps(NumpyOps):
        def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
            product = numpy.matmul(x.T if trans1 else x, y.T if trans2 else y)
            if out is None:
                return product
            out[...] = product
            return out

    return MatmulOps()


def organizations(sentence: str) -> list[tuple[int, int]]:
    """Character spans of organisation names GiNZA's NER finds in ``sentence``."""
    if not sentence.strip():
        return []
    doc = pipeline()(sentence[:500])
    return [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ORGANIZATION_LABELS and len(ent.text) >= 2]
