"""Emerging topics: what a corpus talks about that no taxonomy label covers.

Texts are cut into paragraphs; paragraphs that reach no label's score (the zero-shot
default over the taxonomy) are embedded with MiniLM and grouped by agglomerative
clustering on cosine distance, which needs no cluster count and gives the same result on
every run. Each group of at least `min_size` paragraphs is named by its distinctive terms:
class-based TF-IDF, where a cluster's paragraphs form one class document and a term
scores high when frequent in that cluster and rare across all of them (unclustered
paragraphs form a background class, so words common to everything sink).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import CountVectorizer

from newsmine.models.topics.taxonomy import Taxonomy, load_taxonomy
from newsmine.models.topics.zeroshot import (
    DEFAULT_THRESHOLD,
    Evidence,
    combine,
    gather_evidence,
    split_segments,
)
from newsmine.models.embeddings.encoders import DEFAULT_DEVICE

logger = logging.getLogger(__name__)

DISCOVERY_SEGMENT_WORDS = 150
MIN_SEGMENT_WORDS = 8
DEFAULT_MIN_SIZE = 3
# Where clusters split, per encoder: static vectors of texts on one broad subject lie much
# closer together (median pairwise distance over the sample corpus 0.38, against 0.77 for
# MiniLM); three paragraphs on one narrow subject merge at about 0.3 (static) and 0.55 (MiniLM).
# Static vectors lean on shared words ("said", names), which makes them poor at grouping by
# meaning, so discovery (exploratory, run now and then) defaults to MiniLM.
DEFAULT_DISTANCES = {"static": 0.35, "minilm": 0.6}
DISCOVERY_ENCODER = "minilm"
DEFAULT_TERMS = 5
EXAMPLES_PER_TOPIC = 3
TERM_PATTERN = r"(?u)\b[^\W\d_][\w-]{2,}\b"
# Paragraphs scored per step, so a caller can show progress (scoring is the slow part).
SCORING_BATCH = 256

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class EmergingTopic:
    """One cluster of off-taxonomy paragraphs: its name, terms, size and closest examples."""

    name: str
    terms: tuple[str, ...]
    size: int
    examples: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "terms": list(self.terms), "size": self.size, "examples": list(self.examples)}


def off_taxonomy_segments(
    texts: Sequence[str],
    taxonomy: Taxonomy,
    *,
    threshold: float,
    encoder: str = DISCOVERY_ENCODER,
    device: str = DEFAULT_DEVICE,
    progress: Progress | None = None,
) -> tuple[list[str], np.ndarray]:
    """Paragraphs (of MIN_SEGMENT_WORDS or more) that score below `threshold` on every label.

    Returns the paragraphs and their unit-length embeddings. `progress(done, total)` is
    called after each batch of paragraphs scored.
    """
    segments = [
        segment
        for text in texts
        for segment in split_segments(text, max_words=DISCOVERY_SEGMENT_WORDS)
        if len(segment.split()) >= MIN_SEGMENT_WORDS
    ]
    if not segments:
        return [], np.zeros((0, 0), dtype=np.float32)
    evidence = _evidence_in_batches(segments, taxonomy, encoder=encoder, device=device, progress=progress)
    keep = combine(evidence.features, encoder, taxonomy).max(axis=1) < threshold
    vectors = evidence.vectors[keep]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    kept = [segment for segment, flag in zip(segments, keep) if flag]
    logger.info("discover: %d of %d paragraphs fit no label", len(kept), len(segments))
    return kept, vectors / np.maximum(norms, 1e-12)


def _evidence_in_batches(
    segments: list[str], taxonomy: Taxonomy, *, encoder: str, device: str, progress: Progress | None
) -> Evidence:
    """`gather_evidence` over SCORING_BATCH segments at a time (each text's evidence is its own)."""
    parts = []
    for start in range(0, len(segments), SCORING_BATCH):
        parts.append(gather_evidence(segments[start : start + SCORING_BATCH], taxonomy, encoder=encoder, device=device))
        if progress is not None:
            progress(min(start + SCORING_BATCH, len(segments)), len(segments))
    return Evidence(*(np.concatenate([getattr(part, name) for part in parts]) for name in ("features", "vectors", "whole")))


def cluster(vectors: np.ndarray, *, distance: float | None = None, n_clusters: int | None = None) -> np.ndarray:
    """Cluster ids per row (average-linkage, cosine); by `n_clusters` when given, else by `distance`."""
    if n_clusters is None and distance is None:
        raise ValueError("cluster needs a distance or a number of clusters")
    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=int)
    model = AgglomerativeClustering(
        n_clusters=n_clusters,
        distance_threshold=None if n_clusters else distance,
        metric="cosine",
        linkage="average",
    )
    return model.fit_predict(vectors)


def class_tfidf_terms(classes: Sequence[str], *, top: int = DEFAULT_TERMS) -> list[tuple[str, ...]]:
    """The `top` most distinctive terms (words and two-word phrases) of each class document."""
    vectorizer = CountVectorizer(stop_words="english", ngram_range=(1, 2), token_pattern=TERM_PATTERN)
    counts = vectorizer.fit_transform(classes).toarray().astype(float)
    vocabulary = vectorizer.get_feature_names_out()
    frequency = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    average_words = counts.sum() / len(classes)
    idf = np.log1p(average_words / np.maximum(counts.sum(axis=0), 1.0))
    weights = frequency * idf
    return [_distinct_top(vocabulary, row, top) for row in weights]


def _distinct_top(vocabulary: np.ndarray, weights: np.ndarray, top: int) -> tuple[str, ...]:
    """Best terms first, skipping a word already inside a chosen phrase (and vice versa)."""
    chosen: list[str] = []
    for index in np.argsort(-weights, kind="stable"):
        if weights[index] <= 0 or len(chosen) == top:
            break
        term = str(vocabulary[index])
        words = set(term.split())
        if any(words & set(other.split()) for other in chosen):
            continue
        chosen.append(term)
    return tuple(chosen)


def _examples(segments: list[str], vectors: np.ndarray) -> tuple[str, ...]:
    centroid = vectors.mean(axis=0)
    order = np.argsort(-(vectors @ centroid), kind="stable")
    return tuple(segments[i] for i in order[:EXAMPLES_PER_TOPIC])


def discover(
    texts: Sequence[str],
    *,
    taxonomy: Taxonomy | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_size: int = DEFAULT_MIN_SIZE,
    distance: float | None = None,
    n_clusters: int | None = None,
    terms: int = DEFAULT_TERMS,
    encoder: str = DISCOVERY_ENCODER,
    device: str = DEFAULT_DEVICE,
    progress: Progress | None = None,
) -> list[EmergingTopic]:
    """Clusters of paragraphs that fit no taxonomy label, largest first, named by their terms.

    `distance` defaults to the encoder's (DEFAULT_DISTANCES); `progress(done, total)`
    follows the scoring of paragraphs.
    """
    segments, vectors = off_taxonomy_segments(
        texts, taxonomy or load_taxonomy(), threshold=threshold, encoder=encoder, device=device, progress=progress
    )
    if len(segments) < min_size:
        return []
    if n_clusters is not None:
        n_clusters = min(n_clusters, len(segments))
    split_at = DEFAULT_DISTANCES[encoder] if distance is None else distance
    ids = cluster(vectors, distance=split_at, n_clusters=n_clusters)
    groups = [g for g in np.unique(ids) if (ids == g).sum() >= min_size]
    if not groups:
        return []
    rest = [s for s, g in zip(segments, ids) if g not in groups]
    classes = [" ".join(s for s, g in zip(segments, ids) if g == group) for group in groups]
    named = class_tfidf_terms(classes + ([" ".join(rest)] if rest else []), top=terms)
    topics = []
    for group, group_terms in zip(groups, named):
        members = np.flatnonzero(ids == group)
        examples = _examples([segments[i] for i in members], vectors[members])
        topics.append(EmergingTopic(" / ".join(group_terms[:3]), group_terms, len(members), examples))
    return sorted(topics, key=lambda topic: (-topic.size, topic.name))

