"""Train a topic classifier on a user's own labelled texts, save it, load it back.

Features are the zero-shot evidence (term and prototype scores for every taxonomy label)
plus the mean embedding of the text's paragraphs (with the encoder chosen at training time,
which the model keeps); the classifier is one logistic
regression per label, calibrated with Platt scaling under stratified cross-validation when
every label has enough examples. Everything random takes the seed, so the same examples
and seed give the same model. Artifacts are joblib files (our own only: joblib is pickle)
with a JSON meta file and a generated MODEL_CARD.md beside them.
"""

from __future__ import annotations

import datetime
import json
import logging
import sys
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from newsmine.models.topics.taxonomy import Taxonomy, load_taxonomy
from newsmine.models.topics.zeroshot import gather_evidence
from newsmine.errors import InputError
from newsmine.models.embeddings.encoders import DEFAULT_DEVICE, DEFAULT_ENCODER

logger = logging.getLogger(__name__)

DEFAULT_OUTPUT = Path(__file__).with_name("trained")
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
DEFAULT_SEED = 13
DEFAULT_TRAINED_THRESHOLD = 0.5
CALIBRATION_FOLDS = 3
METRIC_FOLDS = 3
REGULARISATION = 1.0
# Models saved before the encoder was a choice were all trained on MiniLM features.
LEGACY_ENCODER = "minilm"
MAX_ITERATIONS = 2000

Example = tuple[str, Sequence[str]]


@dataclass(slots=True)
class TrainedModel:
    """A fitted pipeline with the labels of its output columns and what it was built from."""

    pipeline: Pipeline
    labels: tuple[str, ...]
    threshold: float = DEFAULT_TRAINED_THRESHOLD
    meta: dict = field(default_factory=dict)

    def predict_scores(self, texts: Sequence[str], *, device: str = DEFAULT_DEVICE) -> np.ndarray:
        """Probabilities, shape (len(texts), len(labels)); the device is only a runtime choice."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        features = self.pipeline.named_steps["features"]
        features.set_params(kw_args={**features.kw_args, "device": device})
        return np.asarray(self.pipeline.predict_proba(list(texts)), dtype=float)


def topic_feature_matrix(
    texts: Sequence[str], *, taxonomy: Taxonomy, encoder: str = DEFAULT_ENCODER, device: str = DEFAULT_DEVICE
) -> np.ndarray:
    """One row per text: flattened zero-shot evidence followed by the mean embedding."""
    evidence = gather_evidence(list(texts), taxonomy, encoder=encoder, device=device)
    flat = evidence.features.reshape(len(texts), -1)
    return np.hstack([flat, evidence.vectors])


def label_matrix(examples: Sequence[Example]) -> tuple[tuple[str, ...], np.ndarray]:
    """The sorted label set and the 0/1 matrix of which example carries which label."""
    labels = tuple(sorted({label for _, tags in examples for label in tags}))
    matrix = np.array([[label in tags for label in labels] for _, tags in examples], dtype=int)
    return labels, matrix


def _classifier(matrix: np.ndarray, *, seed: int) -> OneVsRestClassifier:
    """Calibrated when every label has CALIBRATION_FOLDS positives and negatives, else plain."""
    base = LogisticRegression(C=REGULARISATION, solver="liblinear", max_iter=MAX_ITERATIONS, random_state=seed)
    smallest = int(min(matrix.sum(axis=0).min(), (1 - matrix).sum(axis=0).min()))
    if smallest < CALIBRATION_FOLDS:
        logger.warning("topics: too few examples per label (%d) to calibrate; plain logistic", smallest)
        return OneVsRestClassifier(base)
    folds = StratifiedKFold(n_splits=CALIBRATION_FOLDS, shuffle=True, random_state=seed)
    return OneVsRestClassifier(CalibratedClassifierCV(base, method="sigmoid", cv=folds))


def _check(examples: Sequence[Example]) -> None:
    if len(examples) < 2:
        raise InputError("training data", f"need at least 2 examples, got {len(examples)}")
    labels, matrix = label_matrix(examples)
    if not labels:
        raise InputError("training data", "no example carries a label")
    constant = [label for label, column in zip(labels, matrix.T) if column.all()]
    if constant:
        raise InputError("training data", f"labels on every example cannot be learned: {', '.join(constant)}")


def _head(matrix: np.ndarray, *, seed: int) -> Pipeline:
    """The trainable part after feature extraction: scaling and the per-label classifiers."""
    return Pipeline([("scale", StandardScaler()), ("classify", _classifier(matrix, seed=seed))])


def _featurizer(taxonomy: Taxonomy | None, encoder: str, device: str) -> FunctionTransformer:
    return FunctionTransformer(
        topic_feature_matrix,
        kw_args={"taxonomy": taxonomy or load_taxonomy(), "encoder": encoder, "device": device},
    )


def _fit(features: FunctionTransformer, rows: np.ndarray, matrix: np.ndarray, *, seed: int) -> Pipeline:
    """Fit the head on precomputed feature rows and put the featurizer in front of it."""
    head = _head(matrix, seed=seed).fit(rows, matrix)
    return Pipeline([("features", features), *head.steps])


def train(
    examples: Iterable[Example],
    *,
    seed: int = DEFAULT_SEED,
    taxonomy: Taxonomy | None = None,
    encoder: str = DEFAULT_ENCODER,
    device: str = DEFAULT_DEVICE,
) -> Pipeline:
    """Fit a multi-label pipeline on (text, labels) pairs; columns follow sorted(labels).

    Texts are embedded once; the returned pipeline takes raw texts.
    Raises InputError when the examples cannot train a model (too few, no labels, or a
    label present on every example).
    """
    examples = list(examples)
    _check(examples)
    _, matrix = label_matrix(examples)
    features = _featurizer(taxonomy, encoder, device)
    rows = features.fit_transform([text for text, _ in examples])
    return _fit(features, rows, matrix, seed=seed)


def cross_validated_metrics(
    rows: np.ndarray,
    examples: Sequence[Example],
    *,
    seed: int = DEFAULT_SEED,
    threshold: float = DEFAULT_TRAINED_THRESHOLD,
) -> dict[str, float]:
    """Micro/macro F1 of out-of-fold predictions, so the card reports unseen-text figures.

    `rows` are the examples' feature rows (computed once, not per fold). Empty when the
    examples are too few to split into METRIC_FOLDS folds that train.
    """
    labels, matrix = label_matrix(examples)
    if len(examples) < 2 * METRIC_FOLDS:
        return {}
    folds = KFold(n_splits=METRIC_FOLDS, shuffle=True, random_state=seed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scores = cross_val_predict(_head(matrix, seed=seed), rows, matrix, cv=folds, method="predict_proba")
    except ValueError as error:
        logger.warning("topics: no cross-validated metrics: %s", error)
        return {}
    return f1_scores(matrix.astype(bool), np.asarray(scores) >= threshold, labels)


def f1_scores(gold: np.ndarray, predicted: np.ndarray, labels: Sequence[str]) -> dict[str, float]:
    """Micro F1 over all decisions and macro F1 over labels that occur in `gold`."""
    tp = (gold & predicted).sum(axis=0)
    fp = (~gold & predicted).sum(axis=0)
    fn = (gold & ~predicted).sum(axis=0)
    micro = 2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1)
    per_label = {
        label: 2 * t / (2 * t + p + n) if t else 0.0
        for label, t, p, n, present in zip(labels, tp, fp, fn, gold.any(axis=0))
        if present
    }
    macro = sum(per_label.values()) / len(per_label) if per_label else 0.0
    return {"micro_f1": round(float(micro), 4), "macro_f1": round(float(macro), 4)}


def read_examples(path: str | Path) -> list[Example]:
    """Read JSON Lines with `text` and `topics` (label strings or {"label": ...} objects)."""
    examples: list[Example] = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(where, f"not JSON: {error}") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(where, 'each line needs a "text" string')
            topics = record.get("topics")
            if not isinstance(topics, list):
                raise InputError(where, 'each line needs a "topics" list')
            tags = [t["label"] if isinstance(t, dict) else t for t in topics]
            examples.append((record["text"], tags))
    return examples


def _versions() -> dict[str, str]:
    import sentence_transformers
    import torch

    return {
        "python": sys.version.split()[0],
        "scikit-learn": sklearn.__version__,
        "sentence-transformers": sentence_transformers.__version__,
        "torch": torch.__version__,
        "numpy": np.__version__,
    }


def save_model(model: TrainedModel, output: str | Path = DEFAULT_OUTPUT) -> Path:
    """Write model.joblib, meta.json and MODEL_CARD.md into `output`; returns the model file."""
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / MODEL_FILE)
    (folder / META_FILE).write_text(json.dumps(model.meta, indent=2) + "\n", encoding="utf-8")
    (folder / CARD_FILE).write_text(_card(model), encoding="utf-8")
    logger.info("topics: saved trained model to %s", folder)
    return folder / MODEL_FILE


def _card(model: TrainedModel) -> str:
    meta = model.meta
    versions = "\n".join(f"- {name} {version}" for name, version in meta.get("versions", {}).items())
    metrics = json.dumps(meta.get("metrics") or "not computed (fewer than 6 examples)")
    return (
        "# Trained topic model\n\n"
        f"Trained {meta.get('date')} from `{meta.get('data')}` ({meta.get('examples')} examples, "
        f"seed {meta.get('seed')}).\n\n"
        f"Labels: {', '.join(model.labels)}. A label is assigned at probability >= {model.threshold}.\n\n"
        f"Features: zero-shot evidence over the taxonomy plus the mean paragraph embedding "
        f"(encoder: {meta.get('encoder', LEGACY_ENCODER)}); "
        "one logistic regression per label, Platt-calibrated (see models/topics/MODEL_CARD.md).\n\n"
        f"Cross-validated ({METRIC_FOLDS}-fold) metrics on the training data: {metrics}\n\n"
        f"Versions:\n{versions}\n"
    )


def train_and_save(
    examples: Sequence[Example],
    *,
    seed: int = DEFAULT_SEED,
    output: str | Path = DEFAULT_OUTPUT,
    data: str = "examples",
    taxonomy: Taxonomy | None = None,
    encoder: str = DEFAULT_ENCODER,
) -> TrainedModel:
    """Train on all examples, measure by cross-validation, and save model, meta and card."""
    _check(examples)
    labels, matrix = label_matrix(examples)
    features = _featurizer(taxonomy, encoder, DEFAULT_DEVICE)
    rows = features.fit_transform([text for text, _ in examples])
    pipeline = _fit(features, rows, matrix, seed=seed)
    meta = {
        "labels": list(labels),
        "data": data,
        "examples": len(examples),
        "seed": seed,
        "taxonomy": (taxonomy or load_taxonomy()).source,
        "encoder": encoder,
        "date": datetime.date.today().isoformat(),
        "metrics": cross_validated_metrics(rows, examples, seed=seed),
        "versions": _versions(),
    }
    model = TrainedModel(pipeline, labels, meta=meta)
    save_model(model, output)
    return model


def model_file(path: str | Path) -> Path:
    """The model file of `path`: the path itself, or the model.joblib of a folder `save_model` wrote."""
    path = Path(path)
    return path / MODEL_FILE if path.is_dir() else path


def describe_model(path: str | Path) -> str:
    """One line on a saved model (labels, training data and date, from its meta.json), for users."""
    meta_path = model_file(path).with_name(META_FILE)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"trained model {model_file(path)}"
    labels = meta.get("labels") or []
    return (
        f"trained model {model_file(path)} ({len(labels)} labels, {meta.get('examples')} examples "
        f"from {meta.get('data')}, {meta.get('date')})"
    )


def load_model(path: str | Path) -> TrainedModel:
    """Load a model saved by `save_model` (its file or folder); warns when scikit-learn's version differs."""
    path = model_file(path)
    if not path.is_file():
        raise InputError(str(path), "trained topic model not found")
    model = joblib.load(path)
    if not isinstance(model, TrainedModel):
        raise InputError(str(path), "not a newsmine topic model")
    features = model.pipeline.named_steps["features"]
    if "encoder" not in features.kw_args:
        features.set_params(kw_args={**features.kw_args, "encoder": LEGACY_ENCODER})
    trained_with = model.meta.get("versions", {}).get("scikit-learn")
    if trained_with and trained_with != sklearn.__version__:
        logger.warning("%s: trained with scikit-learn %s, running %s", path, trained_with, sklearn.__version__)
    return model
