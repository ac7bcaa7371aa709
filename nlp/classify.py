"""A trainable classifier of purpose phrases (利用目的) into the categories of
``data/labels.yaml`` (``purpose_categories``).

The rule-based ``extract/purposes.py`` finds purpose phrases and labels them
from ``vocab/purposes.yaml``; this classifier labels a phrase from its
characters alone (TF-IDF over character 1–4-grams within word boundaries, then
multinomial logistic regression). It follows the scikit-learn conventions:
``__init__`` only stores parameters, ``fit`` returns ``self`` and learned
attributes end in ``_``.

    >>> from nlp.classify import load_default
    >>> load_default().predict(["保険金のお支払い"])        # doctest: +SKIP
    array(['claims_handling'], dtype=object)

Models are stored with joblib (pickle): load only model files you trust.
``train.py`` trains and saves the shipped model.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Union

import joblib
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from nlp.errors import ModelNotFound

PathLike = Union[str, Path]

#: The shipped model: the repository's models/ folder, installed as the package ``nlp.models``.
DEFAULT_MODEL_PATH = Path(str(resources.files("nlp.models").joinpath("purpose-classifier", "model.joblib")))
RETRAIN_HINT = "train one with `jpolicy train-purposes` (see models/purpose-classifier/MODEL_CARD.md)"


class PurposeClassifier(ClassifierMixin, BaseEstimator):
    """Purpose phrase -> purpose category ID.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression (tuned by
        cross-validation in ``nlp.train``).
    ngram_range : tuple of int
        Character n-gram range of the TF-IDF vectoriser (``analyzer="char_wb"``).
    max_iter : int
        Iteration limit of the logistic regression solver.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted ``TfidfVectorizer`` + ``LogisticRegression``.
    classes_ : numpy.ndarray
        The category IDs seen in ``fit``, in the column order of ``predict_proba``.
    """

    def __init__(self, C: float = 100.0, ngram_range: tuple[int, int] = (1, 4), max_iter: int = 2000):
        self.C = C
        self.ngram_range = ngram_range
        self.max_iter = max_iter

    def fit(self, texts: Iterable[str], labels: Iterable[str]) -> PurposeClassifier:
        """Fit on purpose phrases and their category IDs; returns ``self``."""
        texts, labels = _as_texts(texts), list(labels)
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        if len(set(labels)) < 2:
            raise ValueError("fit needs phrases of at least two categories")
        pipeline = Pipeline([
            ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.ngram_range), sublinear_tf=True)),
            ("logreg", LogisticRegression(C=self.C, max_iter=self.max_iter)),
        ])
        pipeline.fit(texts, labels)
        self.pipeline_ = pipeline
        self.classes_ = pipeline.classes_
        return self

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        """The most probable category ID of each phrase."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict(_as_texts(texts))

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        """Probabilities, one row per phrase, one column per entry of ``classes_``."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(_as_texts(texts))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def save(self, path: PathLike) -> Path:
        """Write the fitted classifier to ``path`` (joblib, compressed); returns the path."""
        check_is_fitted(self, "pipeline_")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path, compress=3)
        return path

    @classmethod
    def load(cls, path: PathLike) -> PurposeClassifier:
        """Read a classifier written by ``save``.

        Raises ``ModelNotFound`` when the file is missing, unreadable or holds
        something other than a fitted ``PurposeClassifier``.
        """
        path = Path(path)
        if not path.is_file():
            raise ModelNotFound(path, f"no purpose classifier model here; {RETRAIN_HINT}")
        try:
            model = joblib.load(path)
        except (OSError, EOFError, ValueError, KeyError, ImportError, AttributeError, pickle.UnpicklingError) as error:
            raise ModelNotFound(path, f"not a readable model file ({type(error).__name__}: {error}); "
                                      f"{RETRAIN_HINT}") from error
        if not isinstance(model, cls) or not hasattr(model, "pipeline_"):
            raise ModelNotFound(path, f"holds a {type(model).__name__}, not a fitted {cls.__name__}; {RETRAIN_HINT}")
        return model


@lru_cache(maxsize=1)
def load_default() -> PurposeClassifier:
    """The shipped model (``models/purpose-classifier/model.joblib``, installed
    with the package as ``nlp.models``), loaded once per process."""
    return PurposeClassifier.load(DEFAULT_MODEL_PATH)


def _as_texts(texts: Iterable[str]) -> list[str]:
    """A list of phrases; a lone string is refused (it would be read character by character)."""
    if isinstance(texts, str):
        raise TypeError("expected a sequence of phrases, got a single string; wrap it in a list")
    texts = list(texts)
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"phrases must be str, got {type(text).__name__}")
    return texts
