"""The default topic classifier: needs a taxonomy, no labelled data.

Two kinds of evidence are combined per label, because each fails where the other holds:
- lexical: how often the label's seed terms (full weight) and related terms (less weight)
  occur, each term's count capped so one repeated word cannot carry a label, normalised by
  the square root of the text length (long articles mention more things in passing);
- semantic: cosine similarity (under the chosen encoder, see models/embeddings/encoders.py) of each
  piece of text (a short paragraph, or a run of whole sentences of at most
  MAX_SEGMENT_WORDS) to the label's prototype (the embedded
  description and seed terms). A piece counts for a label by how far its similarity lies
  above the piece's mean similarity to all labels, so generic sentences that resemble
  everything equally count for nothing; the two best pieces are averaged, so one passing
  sentence is not enough.
The two are summed in a logistic function into a score in [0, 1], with weights calibrated
for each encoder (`CALIBRATIONS`); `DEFAULT_THRESHOLD` is where a label is assigned. Every
constant is documented in models/topics/MODEL_CARD.md.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsmine.models.topics.taxonomy import Taxonomy, TopicLabel
from newsmine.models.embeddings.encoders import DEFAULT_DEVICE, DEFAULT_ENCODER, check_encoder, embed

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5
MAX_SEGMENT_WORDS = 35
TERM_COUNT_CAP = 3
RELATED_TERM_WEIGHT = 0.35
REFERENCE_WORDS = 300
MIN_LENGTH_WORDS = 20
# A sentence that sets priorities ("focus on X", "key areas are Y and Z") names its topics
# deliberately, once: seed terms there count AGENDA_BONUS times extra. A sentence that
# declares what is discussed ("X and Y will be key topics", "Z is on the agenda") is the text
# labelling itself: seed terms there count DECLARED_BONUS times extra, enough to assign the
# label on that mention alone.
AGENDA_BONUS = 2.0
AGENDA_CUE = re.compile(
    r"\b(?:priorit(?:y|ies)|key (?:areas?|issues?|sectors?)|main (?:areas?|issues?)|focus(?:ed|es|ing)? on)\b",
    re.IGNORECASE,
)
DECLARED_BONUS = 10.0
DECLARED_CUE = re.compile(r"\b(?:topics?|agenda)\b", re.IGNORECASE)
SEMANTIC_TOP_SEGMENTS = 2
# The zero-shot score uses lexical and semantic_top; a trained model uses all four.
FEATURE_NAMES = ("lexical", "semantic_max", "semantic_top", "semantic_share")
LEXICAL_FEATURE = FEATURE_NAMES.index("lexical")
SEMANTIC_FEATURE = FEATURE_NAMES.index("semantic_top")

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’]?\s+(?=[\"'“‘A-Z0-9])")
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Calibration:
    """score = sigmoid(bias + lexical_weight * log1p(lexical) + semantic_weight * semantic)."""

    bias: float
    lexical_weight: float
    semantic_weight: float


# Chosen on the dev set for each encoder (MODEL_CARD.md). Static similarities spread less
# between a label's best pieces and the rest, and carry less of the meaning, so they weigh less.
CALIBRATIONS = {
    "minilm": Calibration(bias=-4.2, lexical_weight=2.0, semantic_weight=20.0),
    "static": Calibration(bias=-4.0, lexical_weight=2.0, semantic_weight=15.0),
}


@dataclass(frozen=True, slots=True)
class TermIndex:
    """One matcher over all terms, and which labels (with which weight) own each term."""

    pattern: re.Pattern[str]
    owners: dict[str, tuple[tuple[int, float], ...]]


def split_segments(text: str, *, max_words: int = MAX_SEGMENT_WORDS) -> list[str]:
    """Cut a text into paragraphs, and paragraphs over `max_words` into runs of whole sentences.

    A topic can be one sentence inside a paragraph about something else; pieces about a
    sentence long keep it from being averaged away in the embedding, and keep every piece
    within what MiniLM reads (256 word pieces).
    """
    segments: list[str] = []
    for paragraph in PARAGRAPH_BREAK.split(text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        if len(paragraph.split()) <= max_words:
            segments.append(paragraph)
            continue
        segments.extend(_sentence_runs(paragraph, max_words=max_words))
    return segments


def _sentence_runs(paragraph: str, *, max_words: int) -> list[str]:
    runs: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in SENTENCE_END.split(paragraph):
        words = len(sentence.split())
        if current and count + words > max_words:
            runs.append(" ".join(current))
            current, count = [], 0
        current.append(sentence)
        count += words
    if current:
        runs.append(" ".join(current))
    return runs


def _term_regex(terms: Sequence[str]) -> re.Pattern[str]:
    """One alternation over the terms, longest first; a plural -s/-es ending matches too."""
    ordered = sorted(set(terms), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in term.split()) for term in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?:e?s)?(?![\w-])", re.IGNORECASE)


@functools.cache
def term_index(taxonomy: Taxonomy) -> TermIndex:
    """Every term of every label in one matcher, so the longest term at a place wins.

    "food security" then counts for agriculture only, not also as "security", and
    "power plant" for energy, not also as an industrial "plant"; neutral terms own nothing.
    """
    owners: dict[str, list[tuple[int, float]]] = {term: [] for term in taxonomy.neutral_terms}
    for index, topic in enumerate(taxonomy.labels):
        for term in topic.seed_terms:
            owners.setdefault(term, []).append((index, 1.0))
        for term in topic.related_terms:
            owners.setdefault(term, []).append((index, RELATED_TERM_WEIGHT))
    return TermIndex(_term_regex(list(owners)), {term: tuple(pairs) for term, pairs in owners.items()})


def canonical_term(index: TermIndex, matched: str) -> str | None:
    """The taxonomy term a match stands for ("exports" -> "export"), or None."""
    key = " ".join(matched.lower().split())
    for candidate in (key, key[:-2], key[:-1]):
        if candidate in index.owners:
            return candidate
    return None


def term_hits(text: str, taxonomy: Taxonomy, *, seed_only: bool = False) -> np.ndarray:
    """Per label: weighted term hits, each distinct term counted at most TERM_COUNT_CAP times."""
    index = term_index(taxonomy)
    counts: dict[str, int] = {}
    for match in index.pattern.finditer(text):
        term = canonical_term(index, match.group(0))
        if term is not None:
            counts[term] = counts.get(term, 0) + 1
    hits = np.zeros(len(taxonomy.labels), dtype=np.float32)
    for term, count in counts.items():
        for label, weight in index.owners[term]:
            if weight == 1.0 or not seed_only:
                hits[label] += weight * min(count, TERM_COUNT_CAP)
    return hits


def lexical_evidence(text: str, taxonomy: Taxonomy) -> np.ndarray:
    """Per label: term hits divided by sqrt(length / REFERENCE_WORDS).

    Seed terms in sentences that declare topics (DECLARED_CUE) or set priorities (AGENDA_CUE)
    count DECLARED_BONUS or AGENDA_BONUS times extra.
    """
    length = max(len(WORD.findall(text)), MIN_LENGTH_WORDS)
    sentences = SENTENCE_END.split(text)
    declared = " ".join(s for s in sentences if DECLARED_CUE.search(s))
    agenda = " ".join(s for s in sentences if AGENDA_CUE.search(s) and not DECLARED_CUE.search(s))
    hits = (
        term_hits(text, taxonomy)
        + DECLARED_BONUS * term_hits(declared, taxonomy, seed_only=True)
        + AGENDA_BONUS * term_hits(agenda, taxonomy, seed_only=True)
    )
    return hits / math.sqrt(length / REFERENCE_WORDS)


def prototype_texts(topic: TopicLabel) -> tuple[str, ...]:
    """What a label's prototype is made of: its description and its seed terms as a list."""
    readable = topic.label.replace("_", " ")
    return (topic.description, f"{readable}: {', '.join(topic.seed_terms)}")


@functools.cache
def label_prototypes(
    taxonomy: Taxonomy, encoder: str = DEFAULT_ENCODER, device: str = DEFAULT_DEVICE
) -> np.ndarray:
    """One unit vector per label (mean of its prototype embeddings), computed once per process."""
    rows = []
    for topic in taxonomy.labels:
        vectors = embed(prototype_texts(topic), encoder=encoder, device=device)
        mean = vectors.mean(axis=0)
        rows.append(mean / np.linalg.norm(mean))
    return np.stack(rows).astype(np.float32)


def semantic_evidence(segment_vectors: np.ndarray, prototypes: np.ndarray) -> np.ndarray:
    """Per label: (max, mean of top segments, share of segments won) of centred similarity.

    Returns shape (n_labels, 3); zeros when there are no segments.
    """
    n_labels = prototypes.shape[0]
    if segment_vectors.shape[0] == 0:
        return np.zeros((n_labels, 3), dtype=np.float32)
    similarity = segment_vectors @ prototypes.T
    centred = similarity - similarity.mean(axis=1, keepdims=True)
    ordered = np.sort(centred, axis=0)[::-1]
    top = ordered[: min(SEMANTIC_TOP_SEGMENTS, ordered.shape[0])].mean(axis=0)
    winners = np.bincount(similarity.argmax(axis=1), minlength=n_labels) / similarity.shape[0]
    return np.stack([ordered[0], top, winners], axis=1).astype(np.float32)


@dataclass(frozen=True, slots=True)
class Evidence:
    """`features`: (n_texts, n_labels, len(FEATURE_NAMES)); `vectors`: mean segment embedding per text;
    `whole`: which texts were embedded whole (exactly one piece), so their vector is the text's own."""

    features: np.ndarray
    vectors: np.ndarray
    whole: np.ndarray


def gather_evidence(
    texts: Sequence[str], taxonomy: Taxonomy, *, encoder: str = DEFAULT_ENCODER, device: str = DEFAULT_DEVICE
) -> Evidence:
    """Lexical and semantic evidence for every text and label.

    All segments of all texts are embedded in one batched call.
    """
    segments = [split_segments(text) for text in texts]
    vectors = embed([segment for pieces in segments for segment in pieces], encoder=encoder, device=device)
    prototypes = label_prototypes(taxonomy, encoder, device)
    features = np.zeros((len(texts), len(taxonomy.labels), len(FEATURE_NAMES)), dtype=np.float32)
    means = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    offset = 0
    for index, (text, pieces) in enumerate(zip(texts, segments)):
        own = vectors[offset : offset + len(pieces)]
        offset += len(pieces)
        features[index, :, LEXICAL_FEATURE] = lexical_evidence(text, taxonomy)
        features[index, :, LEXICAL_FEATURE + 1 :] = semantic_evidence(own, prototypes)
        if len(pieces):
            means[index] = own.mean(axis=0)
    return Evidence(features, means, np.array([len(pieces) == 1 for pieces in segments], dtype=bool))


def combine(features: np.ndarray, encoder: str = DEFAULT_ENCODER, taxonomy: Taxonomy | None = None) -> np.ndarray:
    """Calibrate evidence (..., n_labels, n_features) from `encoder` into scores in [0, 1].

    With `taxonomy`, each label's offset for the encoder (TopicLabel.offsets) is added to its logit.
    """
    calibration = CALIBRATIONS[check_encoder(encoder)]
    lexical = np.log1p(features[..., LEXICAL_FEATURE])
    semantic = features[..., SEMANTIC_FEATURE]
    logits = calibration.bias + calibration.lexical_weight * lexical + calibration.semantic_weight * semantic
    if taxonomy is not None:
        logits = logits + np.array([topic.offset(encoder) for topic in taxonomy.labels], dtype=np.float32)
    return 1.0 / (1.0 + np.exp(-logits))
