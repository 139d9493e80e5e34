"""Choose the topic model a pipeline uses, and give both kinds one interface.

Rule (also in MODEL_CARD.md): an explicit `model` path (a model file or the folder
`newsmine topics train` wrote) wins; otherwise, only when the caller opts in with
`use_trained`, `models/topics/trained/model.joblib` if it exists; otherwise the zero-shot
default over the taxonomy. A trained model is never picked up just because it exists. A trained model brings its
own label set (the labels it was trained on) and its own encoder (the one it was trained
with); `encoder` chooses the zero-shot default's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsmine.models.topics.russian import score_russian_texts
from newsmine.models.topics.taxonomy import Taxonomy, load_taxonomy
from newsmine.models.topics.train import DEFAULT_OUTPUT, MODEL_FILE, TrainedModel, load_model, model_file
from newsmine.models.topics.zeroshot import DEFAULT_THRESHOLD, combine, gather_evidence
from newsmine.models.embeddings.encoders import DEFAULT_DEVICE, DEFAULT_ENCODER

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ZeroShotScorer:
    """Scores texts with the taxonomy's terms and label prototypes; needs no training.
    Russian and mixed-language texts are scored on the Russian terms too (models/topics/russian.py)."""

    taxonomy: Taxonomy
    encoder: str = DEFAULT_ENCODER
    device: str = DEFAULT_DEVICE
    threshold: float = DEFAULT_THRESHOLD

    @property
    def labels(self) -> tuple[str, ...]:
        return self.taxonomy.names

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Scores in [0, 1], shape (len(texts), len(labels))."""
        return self.score_and_embed(texts)[0]

    def score_and_embed(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray | None]]:
        """Scores, and the vector of each text that the same pass embedded whole (None for the
        others: a mean of pieces is not what embedding the text itself gives)."""
        evidence = gather_evidence(texts, self.taxonomy, encoder=self.encoder, device=self.device)
        vectors = [vector if whole else None for vector, whole in zip(evidence.vectors, evidence.whole)]
        scores = score_russian_texts(texts, combine(evidence.features, self.encoder, self.taxonomy), self.taxonomy)
        return scores, vectors


@dataclass(slots=True)
class TrainedScorer:
    """Scores texts with a model trained by `models.topics.train.train`."""

    model: TrainedModel
    device: str = DEFAULT_DEVICE

    @property
    def labels(self) -> tuple[str, ...]:
        return self.model.labels

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), len(labels))."""
        return self.model.predict_scores(texts, device=self.device)

    def score_and_embed(self, texts: Sequence[str]) -> tuple[np.ndarray, list[None]]:
        """Scores only: the model's encoder need not be the pipeline's, so its vectors are not offered."""
        return self.score(texts), [None] * len(texts)


Scorer = ZeroShotScorer | TrainedScorer


def load_scorer(
    *,
    taxonomy: str | Path | None = None,
    model: str | Path | None = None,
    use_trained: bool = False,
    encoder: str = DEFAULT_ENCODER,
    device: str = DEFAULT_DEVICE,
    threshold: float | None = None,
) -> Scorer:
    """The scorer the rule above picks; `threshold` overrides the zero-shot default."""
    candidate = model_file(model) if model else DEFAULT_OUTPUT / MODEL_FILE
    if model or (use_trained and candidate.is_file()):
        logger.info("topics: using trained model %s", candidate)
        return TrainedScorer(load_model(candidate), device=device)
    chosen = load_taxonomy(taxonomy)
    logger.info("topics: zero-shot over taxonomy %s", chosen.source)
    chosen_threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    return ZeroShotScorer(chosen, encoder=encoder, device=device, threshold=chosen_threshold)
