"""Training the purpose classifier (``nlp.classify.PurposeClassifier``) from a
JSON Lines table of labelled purpose phrases, ``{"text": ..., "label": ...}``.

``train_purpose_classifier`` measures the method by nested cross-validation
(C is chosen inside each outer fold, so the reported figures are not inflated
by the tuning), then chooses C on all the data, refits on all of it and writes
``model.joblib`` and ``metrics.json`` to the output folder.
"""
from __future__ import annotations

import hashlib
import json
import platform
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Optional, Union

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from threadpoolctl import threadpool_limits

from nlp.classify import PurposeClassifier
from nlp.errors import DocumentNotFound, InvalidDataFile, OutputExists
from nlp.vocab import labels as label_sets

PathLike = Union[str, Path]

C_GRID: tuple[float, ...] = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
MODEL_FILE = "model.joblib"
METRICS_FILE = "metrics.json"


@dataclass
class TrainingReport:
    """What one training run measured and wrote."""

    data_path: str
    data_sha256: str
    n_examples: int
    label_counts: dict[str, int]
    folds: int
    seed: int
    c_grid: list[float]
    # Nested cross-validation: the estimate of the method's quality.
    cv_macro_f1: float
    cv_accuracy: float
    cv_fold_macro_f1: list[float]
    cv_fold_accuracy: list[float]
    cv_fold_chosen_c: list[float]
    per_class: dict[str, dict[str, float]]
    # Selection of C on all data (mean macro-F1 of a plain k-fold per C) for the shipped model.
    selection_macro_f1_by_c: dict[str, float]
    chosen_c: float
    model_path: str
    metrics_path: str
    versions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_training_data(path: PathLike) -> tuple[list[str], list[str]]:
    """Phrases and labels from a JSON Lines file; every label must be a purpose
    category of ``labels.yaml``."""
    path = Path(path)
    if not path.is_file():
        raise DocumentNotFound(path, "no such training data file")
    known = set(label_sets()["purpose_categories"])
    texts: list[str] = []
    labels: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidDataFile(path, f"line {number}: not JSON ({error.msg})") from error
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("label"), str):
            raise InvalidDataFile(path, f'line {number}: expected {{"text": "...", "label": "..."}} with string values')
        if not row["text"].strip():
            raise InvalidDataFile(path, f"line {number}: empty text")
        if row["label"] not in known:
            raise InvalidDataFile(path, f"line {number}: {row['label']!r} is not a purpose category of labels.yaml")
        texts.append(row["text"])
        labels.append(row["label"])
    if not texts:
        raise InvalidDataFile(path, "no training examples")
    return texts, labels


Progress = Optional[Callable[[str], None]]


def train_purpose_classifier(data_path: PathLike, out_dir: PathLike, *, folds: int = 5, seed: int = 0,
                             c_grid: tuple[float, ...] = C_GRID, n_jobs: int | None = None,
                             overwrite: bool = False, progress: Progress = None) -> TrainingReport:
    """Cross-validate, fit on all data, save ``model.joblib`` and ``metrics.json``
    under ``out_dir``; returns the report that ``metrics.json`` holds. A folder
    that already holds a model is refused (``OutputExists``) before any work
    unless ``overwrite``; ``progress`` receives a line per fold and step.

    ``n_jobs`` runs the fits of each grid search in parallel processes. BLAS and
    OpenMP are held to one thread: at this size their threads only contend with
    each other (one L-BFGS fit takes about twice as long with two).
    """
    out_dir = Path(out_dir)
    existing = [name for name in (MODEL_FILE, METRICS_FILE) if (out_dir / name).exists()]
    if existing and not overwrite:
        raise OutputExists(out_dir, f"already holds {' and '.join(existing)}; choose a new folder or pass --force "
                                    "to overwrite them")
    with threadpool_limits(limits=1):
        return _train(Path(data_path), out_dir, folds=folds, seed=seed, c_grid=c_grid, n_jobs=n_jobs,
                      progress=progress or (lambda line: None))


def default_output_folder(now: datetime | None = None) -> Path:
    """A new folder for a training run: ``runs/purpose-classifier-<UTC time>``."""
    return Path("runs") / f"purpose-classifier-{(now or datetime.now(timezone.utc)):%Y%m%d-%H%M%S}"


def _train(data_path: Path, out_dir: Path, *, folds: int, seed: int, c_grid: tuple[float, ...],
           n_jobs: int | None, progress: Callable[[str], None]) -> TrainingReport:
    if folds < 2:
        raise ValueError(f"folds must be at least 2, got {folds}")
    texts, labels = load_training_data(data_path)
    counts = Counter(labels)
    if len(counts) < 2:
        raise InvalidDataFile(data_path, "the classifier needs phrases of at least two categories")
    needed = min_per_category(folds)
    scarce = {label: n for label, n in counts.items() if n < needed}
    if scarce:
        raise InvalidDataFile(data_path, f"{folds}-fold nested cross-validation needs at least {needed} phrases "
                                         f"per category; too few for {dict(sorted(scarce.items()))} "
                                         "(add phrases or use fewer folds)")
    x, y = np.asarray(texts, dtype=object), np.asarray(labels, dtype=object)

    outer = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    predicted = np.empty_like(y)
    fold_f1, fold_accuracy, fold_c = [], [], []
    progress(f"{len(texts)} phrases, {len(counts)} categories: {folds}-fold nested cross-validation, "
             f"{len(c_grid)} values of C")
    for fold, (train_index, test_index) in enumerate(outer.split(x, y), start=1):
        search = _search(c_grid, folds, seed, y[train_index], n_jobs)
        search.fit(list(x[train_index]), list(y[train_index]))
        predicted[test_index] = search.predict(list(x[test_index]))
        fold_f1.append(f1_score(y[test_index], predicted[test_index], average="macro", zero_division=0))
        fold_accuracy.append(accuracy_score(y[test_index], predicted[test_index]))
        fold_c.append(float(search.best_params_["C"]))
        progress(f"fold {fold}/{folds}: macro-F1 {fold_f1[-1]:.3f}, accuracy {fold_accuracy[-1]:.3f}, "
                 f"C={fold_c[-1]:g}")

    progress(f"choosing C on all {len(texts)} phrases and fitting the final model")
    search = _search(c_grid, folds, seed, y, n_jobs)
    search.fit(texts, labels)
    model: PurposeClassifier = search.best_estimator_
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = model.save(out_dir / MODEL_FILE)
    metrics_path = out_dir / METRICS_FILE

    per_class = classification_report(y, predicted, output_dict=True, zero_division=0)
    report = TrainingReport(
        data_path=str(data_path),
        data_sha256=hashlib.sha256(data_path.read_bytes()).hexdigest(),
        n_examples=len(texts),
        label_counts=dict(sorted(counts.items())),
        folds=folds,
        seed=seed,
        c_grid=[float(c) for c in c_grid],
        cv_macro_f1=_round(f1_score(y, predicted, average="macro", zero_division=0)),
        cv_accuracy=_round(accuracy_score(y, predicted)),
        cv_fold_macro_f1=[_round(v) for v in fold_f1],
        cv_fold_accuracy=[_round(v) for v in fold_accuracy],
        cv_fold_chosen_c=fold_c,
        per_class={label: {k: _round(v) for k, v in scores.items()}
                   for label, scores in per_class.items() if isinstance(scores, dict)},
        selection_macro_f1_by_c={str(float(c)): _round(score) for c, score in
                                 zip(search.cv_results_["param_C"], search.cv_results_["mean_test_score"])},
        chosen_c=float(search.best_params_["C"]),
        model_path=str(model_path),
        metrics_path=str(metrics_path),
        versions={"python": platform.python_version(), "scikit-learn": sklearn.__version__},
    )
    metrics_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report


def min_per_category(folds: int) -> int:
    """The fewest phrases a category needs for ``folds``-fold nested
    cross-validation: one per outer fold, and two in every outer training part
    (so the inner search can split it)."""
    n = folds
    while n - -(-n // folds) < 2:  # n minus the largest share of one outer test fold
        n += 1
    return n


def _search(c_grid: tuple[float, ...], folds: int, seed: int, y: np.ndarray, n_jobs: int | None) -> GridSearchCV:
    """A grid search over C, scored by macro-F1, with as many folds as the
    scarcest category of ``y`` allows (at most ``folds``)."""
    inner = min(folds, min(Counter(y).values()))
    return GridSearchCV(PurposeClassifier(), {"C": list(c_grid)}, scoring="f1_macro",
                        cv=StratifiedKFold(n_splits=inner, shuffle=True, random_state=seed), n_jobs=n_jobs)


def _round(value: float) -> float:
    return round(float(value), 4)
