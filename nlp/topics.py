"""The topics stage: which taxonomy labels a document, and each quote in it, is about.

`newsmine_topics` sets `doc._.topic_scores` (label -> score for every label),
`doc._.topics` (TopicScore records past the threshold, best first) and fills
`Quote.topics` for each quote in `doc._.quotes` (the quotes stage runs first), so a
user can ask what each expert talked about. Scoring itself lives in `models.topics`
(zero-shot by default, a trained model only when `model` names one); `pipe` scores a whole batch of
documents and their quotes in one embedding call, which is what keeps it fast. The
zero-shot scorer's vectors of quotes it embedded whole are kept as `Quote.embedding` (for
`search --similar`), so the quote-vectors stage after it embeds only the longer ones.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from newsmine.corpus.schema import TopicScore
from newsmine.nlp.batched import BatchedPipe
from newsmine.models.embeddings.encoders import DEFAULT_DEVICE, DEFAULT_ENCODER
from newsmine.nlp.extensions import register_extensions

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from newsmine.models.topics.scorer import Scorer

register_extensions()

DEFAULT_BATCH_SIZE = 32


def assigned_topics(scores: dict[str, float], *, threshold: float) -> list[TopicScore]:
    """Labels whose score reaches `threshold`, as TopicScore records sorted best first."""
    chosen = [TopicScore(label, score) for label, score in scores.items() if score >= threshold]
    return sorted(chosen, key=lambda topic: (-topic.score, topic.label))


class TopicClassifier(BatchedPipe):
    """Sets document and quote topics from a scorer (see models/topics/MODEL_CARD.md)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "newsmine_topics",
        *,
        threshold: float | None = None,
        quote_threshold: float | None = None,
        taxonomy: str | None = None,
        model: str | None = None,
        use_trained: bool = False,
        encoder: str = DEFAULT_ENCODER,
        device: str = DEFAULT_DEVICE,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        # Imported here: models.topics imports models.embeddings.encoders, and nlp/__init__ imports this.
        from newsmine.models.topics.scorer import load_scorer

        self.name = name
        self.scorer: Scorer = load_scorer(
            taxonomy=taxonomy,
            model=model,
            use_trained=use_trained,
            encoder=encoder,
            device=device,
            threshold=threshold,
        )
        self.threshold = self.scorer.threshold if threshold is None else threshold
        self.quote_threshold = self.threshold if quote_threshold is None else quote_threshold
        self.batch_size = batch_size

    @property
    def labels(self) -> tuple[str, ...]:
        return self.scorer.labels

    def _annotate(self, docs: Sequence[Doc]) -> None:
        quotes = [quote for doc in docs for quote in (doc._.quotes or [])]
        texts = [doc.text for doc in docs] + [quote.text for quote in quotes]
        scores, vectors = self.scorer.score_and_embed(texts) if texts else (np.zeros((0, len(self.labels))), [])
        for quote, vector in zip(quotes, vectors[len(docs) :]):
            if vector is not None:  # the zero-shot scorer embedded this quote whole: keep it for search
                quote.embedding = vector
        for doc, row in zip(docs, scores[: len(docs)]):
            doc._.topic_scores = dict(zip(self.labels, map(float, row)))
            doc._.topics = assigned_topics(doc._.topic_scores, threshold=self.threshold)
        for quote, row in zip(quotes, scores[len(docs) :]):
            labelled = dict(zip(self.labels, map(float, row)))
            quote.topics = [t.label for t in assigned_topics(labelled, threshold=self.quote_threshold)]


@Language.factory(
    "newsmine_topics",
    default_config={
        "threshold": None,
        "quote_threshold": None,
        "taxonomy": None,
        "model": None,
        "use_trained": False,
        "encoder": DEFAULT_ENCODER,
        "device": DEFAULT_DEVICE,
        "batch_size": DEFAULT_BATCH_SIZE,
    },
    assigns=["doc._.topics", "doc._.topic_scores"],
)
def make_topics(
    nlp: Language,
    name: str,
    threshold: float | None,
    quote_threshold: float | None,
    taxonomy: str | None,
    model: str | None,
    use_trained: bool,
    encoder: str,
    device: str,
    batch_size: int,
) -> TopicClassifier:
    """Build the topics component; `taxonomy` and `model` are file paths (None: defaults).

    `encoder` is "static" (fast, the default) or "minilm" (contextual; see models/embeddings/encoders.py).
    """
    return TopicClassifier(
        nlp,
        name,
        threshold=threshold,
        quote_threshold=quote_threshold,
        taxonomy=taxonomy,
        model=model,
        use_trained=use_trained,
        encoder=encoder,
        device=device,
        batch_size=batch_size,
    )
