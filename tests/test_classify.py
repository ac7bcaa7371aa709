"""The trainable purpose classifier (``nlp.classify``), its training
(``nlp.train``) and the ``jpolicy train-purposes`` command."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted
from typer.testing import CliRunner

import nlp.cli  # noqa: F401  (registers the commands)
from nlp.classify import DEFAULT_MODEL_PATH, PurposeClassifier, load_default
from nlp.cli._app import app
from nlp.errors import InvalidDataFile, ModelNotFound
from nlp.train import load_training_data, min_per_category, train_purpose_classifier

ROOT = Path(__file__).resolve().parents[1]
TRAIN_DATA = ROOT / "corpora" / "purposes" / "train.jsonl"
runner = CliRunner()

# A small training table: five categories, five phrases each.
TRAIN: list[tuple[str, str]] = [
    ("保険金のお支払い", "claims_handling"),
    ("共済金の請求の受付", "claims_handling"),
    ("事故の調査および保険金の査定", "claims_handling"),
    ("給付金の支払いのため", "claims_handling"),
    ("共済事故の受付と共済金の支払", "claims_handling"),
    ("採用選考のため", "recruitment"),
    ("応募者の選考", "recruitment"),
    ("採用活動の実施", "recruitment"),
    ("面接日程のご連絡と採用選考", "recruitment"),
    ("新卒採用の選考のため", "recruitment"),
    ("代金の請求", "billing_payment"),
    ("口座振替による代金の引き落とし", "billing_payment"),
    ("利用料金の請求と決済", "billing_payment"),
    ("会費の口座振替", "billing_payment"),
    ("請求書の発行と代金の決済", "billing_payment"),
    ("お問い合わせへの対応", "inquiry_response"),
    ("ご相談・お問い合わせへの回答", "inquiry_response"),
    ("お問合せ内容の確認と回答", "inquiry_response"),
    ("苦情・ご相談への対応", "inquiry_response"),
    ("電話でのお問い合わせ対応", "inquiry_response"),
    ("新商品のご案内", "marketing"),
    ("キャンペーンのご案内", "marketing"),
    ("メールマガジンによる商品のご案内", "marketing"),
    ("セール情報のご案内", "marketing"),
    ("新サービスのご案内の送付", "marketing"),
]

# Held-out phrases (not in TRAIN) and the category the small model must give.
HELD_OUT: list[tuple[str, str]] = [
    ("共済金のお支払いのため", "claims_handling"),
    ("保険金の請求の受付", "claims_handling"),
    ("中途採用の選考", "recruitment"),
    ("応募者の採用選考のため", "recruitment"),
    ("利用料金の口座振替", "billing_payment"),
    ("代金の決済のため", "billing_payment"),
    ("お問い合わせへの回答のため", "inquiry_response"),
    ("ご相談への対応", "inquiry_response"),
    ("新商品・キャンペーンのご案内", "marketing"),
    ("セールのご案内", "marketing"),
]

# Clear phrases that the shipped model must classify correctly. All but
# 「採用選考のため」 (also a training phrase) are absent from
# corpora/purposes/train.jsonl.
SHIPPED: list[tuple[str, str]] = [
    ("保険金のお支払い", "claims_handling"),
    ("採用選考のため", "recruitment"),
    ("再保険契約の締結および再保険金の請求のため", "reinsurance"),
    ("閲覧履歴の分析に基づく広告の表示", "targeted_advertising"),
    ("アンケート回答者への謝礼の発送", "prize_delivery"),
    ("保有個人データの開示等の求めへの対応のため", "rights_requests"),
    ("年末調整および源泉徴収に関する事務", "legal_obligation"),
    ("お問い合わせ・ご相談への回答", "inquiry_response"),
]


@pytest.fixture(scope="module")
def fitted() -> PurposeClassifier:
    texts, labels = zip(*TRAIN)
    return PurposeClassifier().fit(list(texts), list(labels))


# ---------------------------------------------------------------- the estimator

@pytest.mark.parametrize("text, expected", HELD_OUT)
def test_held_out_phrase(fitted, text, expected):
    assert fitted.predict([text])[0] == expected


def test_fit_returns_self():
    texts, labels = zip(*TRAIN)
    model = PurposeClassifier(C=10.0)
    assert model.fit(texts, labels) is model


def test_init_only_stores_parameters():
    model = PurposeClassifier(C=3.0, ngram_range=(2, 3), max_iter=500)
    assert model.get_params() == {"C": 3.0, "ngram_range": (2, 3), "max_iter": 500}
    assert not [name for name in vars(model) if name.endswith("_")]


def test_learned_attributes_only_after_fit(fitted):
    model = PurposeClassifier()
    with pytest.raises(NotFittedError):
        check_is_fitted(model)
    assert not hasattr(model, "pipeline_") and not hasattr(model, "classes_")
    with pytest.raises(NotFittedError):
        model.predict(["保険金のお支払い"])
    check_is_fitted(fitted)
    assert sorted(fitted.classes_) == sorted({label for _, label in TRAIN})


def test_predict_proba_columns_follow_classes(fitted):
    texts = [text for text, _ in HELD_OUT]
    proba = fitted.predict_proba(texts)
    assert proba.shape == (len(texts), len(fitted.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(fitted.classes_[proba.argmax(axis=1)]) == list(fitted.predict(texts))


def test_is_a_scikit_learn_classifier(fitted):
    assert is_classifier(PurposeClassifier())
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params() and not hasattr(copy, "pipeline_")
    texts, labels = zip(*HELD_OUT)
    assert fitted.score(texts, labels) == 1.0


def test_bad_input():
    texts, labels = zip(*TRAIN)
    with pytest.raises(ValueError, match="labels"):
        PurposeClassifier().fit(texts, labels[:-1])
    with pytest.raises(ValueError, match="two categories"):
        PurposeClassifier().fit(["保険金のお支払い", "共済金の支払"], ["claims_handling"] * 2)
    with pytest.raises(TypeError, match="single string"):
        PurposeClassifier().fit(texts, labels).predict("保険金のお支払い")


# ---------------------------------------------------------------- saving and loading

def test_save_load_round_trip(fitted, tmp_path):
    path = fitted.save(tmp_path / "sub" / "model.joblib")
    loaded = PurposeClassifier.load(path)
    texts = [text for text, _ in HELD_OUT + TRAIN]
    assert list(loaded.predict(texts)) == list(fitted.predict(texts))
    np.testing.assert_array_equal(loaded.predict_proba(texts), fitted.predict_proba(texts))
    assert list(loaded.classes_) == list(fitted.classes_)


def test_missing_model_raises_model_not_found(tmp_path):
    path = tmp_path / "nowhere" / "model.joblib"
    with pytest.raises(ModelNotFound, match=r"\[E012\].*nowhere.*train-purposes") as info:
        PurposeClassifier.load(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("content", [b"not a joblib file", None])
def test_unusable_model_file_raises_model_not_found(tmp_path, content):
    path = tmp_path / "model.joblib"
    if content is None:
        joblib.dump({"not": "a classifier"}, path)
    else:
        path.write_bytes(content)
    with pytest.raises(ModelNotFound, match=r"\[E012\]"):
        PurposeClassifier.load(path)


def test_saving_an_unfitted_model_is_refused(tmp_path):
    with pytest.raises(NotFittedError):
        PurposeClassifier().save(tmp_path / "model.joblib")


# ---------------------------------------------------------------- the shipped model

@pytest.mark.parametrize("text, expected", SHIPPED)
def test_shipped_model_classifies_clear_phrases(text, expected):
    assert load_default().predict([text])[0] == expected


def test_shipped_model_is_loaded_once_and_small():
    assert load_default() is load_default()
    assert DEFAULT_MODEL_PATH == ROOT / "models" / "purpose-classifier" / "model.joblib"
    assert DEFAULT_MODEL_PATH.stat().st_size < 5 * 1024 * 1024


def test_shipped_model_was_trained_on_the_shipped_data():
    """Changing train.jsonl without retraining (jpolicy train-purposes) fails here."""
    metrics = json.loads((DEFAULT_MODEL_PATH.parent / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["data_sha256"] == hashlib.sha256(TRAIN_DATA.read_bytes()).hexdigest()
    assert metrics["n_examples"] == len(TRAIN_DATA.read_text(encoding="utf-8").splitlines())
    assert set(load_default().classes_) == set(metrics["label_counts"])


def test_shipped_training_data_is_valid():
    texts, labels = load_training_data(TRAIN_DATA)
    assert len(texts) >= 500 and len(set(texts)) == len(texts)
    counts = {label: labels.count(label) for label in set(labels)}
    assert all(n >= 15 for label, n in counts.items() if label != "other")


# ---------------------------------------------------------------- training

def write_jsonl(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "label": l}, ensure_ascii=False) + "\n" for t, l in rows),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("line, message", [
    ("not json", "line 2: not JSON"),
    ('{"text": "保険金のお支払い"}', "line 2: expected"),
    ('{"text": "  ", "label": "claims_handling"}', "line 2: empty text"),
    ('{"text": "保険金のお支払い", "label": "insurance"}', "line 2: 'insurance' is not a purpose category"),
])
def test_invalid_training_data(tmp_path, line, message):
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "採用選考", "label": "recruitment"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidDataFile, match=message):
        load_training_data(path)


def test_too_few_phrases_per_category(tmp_path):
    data = write_jsonl(tmp_path / "train.jsonl", TRAIN[:3] + TRAIN[5:10])
    with pytest.raises(InvalidDataFile, match="at least 5 phrases"):
        train_purpose_classifier(data, tmp_path / "out", folds=5)
    assert min_per_category(2) == 4 and min_per_category(5) == 5


def test_train_library_function(tmp_path):
    data = write_jsonl(tmp_path / "train.jsonl", TRAIN)
    report = train_purpose_classifier(data, tmp_path / "out", folds=2, seed=1, c_grid=(1.0, 100.0))
    assert report.n_examples == len(TRAIN) and report.folds == 2 and report.chosen_c in (1.0, 100.0)
    assert 0.0 <= report.cv_macro_f1 <= 1.0 and len(report.cv_fold_accuracy) == 2
    assert {"claims_handling", "recruitment", "macro avg"} <= set(report.per_class)
    assert json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8")) == report.to_dict()
    model = PurposeClassifier.load(tmp_path / "out" / "model.joblib")
    assert model.C == report.chosen_c


# ---------------------------------------------------------------- the command

def test_cli_train_purposes(tmp_path):
    data = write_jsonl(tmp_path / "tiny.jsonl", TRAIN[:4] + TRAIN[5:9] + TRAIN[10:14])
    out = tmp_path / "model"
    result = runner.invoke(app, ["train-purposes", "--data", str(data), "--out", str(out), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "12 phrases, 3 categories" in result.output and "macro-F1" in result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["n_examples"] == 12 and metrics["folds"] == 2
    assert set(PurposeClassifier.load(out / "model.joblib").classes_) == {
        "claims_handling", "recruitment", "billing_payment"}


@pytest.mark.parametrize("content, code", [(None, "E001"), ('{"text": "x", "label": "nope"}\n', "E010")])
def test_cli_train_purposes_bad_data(tmp_path, content, code):
    data = tmp_path / "train.jsonl"
    if content is not None:
        data.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["train-purposes", "--data", str(data), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert code in result.output
    assert not (tmp_path / "out").exists()
