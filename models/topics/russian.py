"""Topics for Russian text: the taxonomy's labels found through Russian terms, on lemmas.

The zero-shot scorer (zeroshot.py) reads English: its terms are English words and its
encoders (MiniLM and the static table distilled from it) know next to no Cyrillic, so a
Russian article gets no useful score from it. `taxonomy_ru.json` gives every label of the
default taxonomy Russian seed and related terms; a text is lemmatised with pymorphy3
(`ru_lemma`: `экспорта`, `экспортом` -> `экспорт`; multi-word terms such as `железная дорога`
match any case form) and the lexical evidence is computed the way the English one is: each distinct
term counted at most `TERM_COUNT_CAP` times, related terms at `RELATED_TERM_WEIGHT`, the sum
divided by sqrt(words / `REFERENCE_WORDS`). `RUSSIAN_CALIBRATION` turns it into a score
(no semantic part: see MODEL_CARD.md for why and for the figures).

`score_russian_texts` applies this to the rows of a score matrix whose text is Russian (most
letters Cyrillic: the Russian score replaces the English one) or mixed (a fair share of
Cyrillic: the higher of the two counts), for the labels that have Russian terms.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsmine.models.gazetteer.ru_lemma import lemmas
from newsmine.models.topics.taxonomy import Taxonomy
from newsmine.models.topics.zeroshot import MIN_LENGTH_WORDS, REFERENCE_WORDS, RELATED_TERM_WEIGHT, TERM_COUNT_CAP


RUSSIAN_TAXONOMY = Path(__file__).with_name("taxonomy_ru.json")
RUSSIAN_SHARE = 0.6  # Cyrillic share of letters from which a text is Russian
MIXED_SHARE = 0.15  # ... and from which it is mixed
NEUTRAL = -1  # owner index of neutral terms: matched, counted for nothing


@dataclass(frozen=True, slots=True)
class RussianCalibration:
    """score = sigmoid(bias + weight * log1p(lexical evidence))."""

    bias: float
    weight: float


# Chosen on dev-ru (12 documents) as one global setting on a coarse grid, in a flat region:
# a label needs lexical evidence of about 3 (e.g. three seed hits in a 300-word article).
RUSSIAN_CALIBRATION = RussianCalibration(bias=-2.8, weight=2.0)

_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")


def cyrillic_share(text: str) -> float:
    """Share of the letters of `text` that are Cyrillic (0.0 for a text without letters)."""
    letters = len(_LETTER.findall(text))
    return len(_CYRILLIC_LETTER.findall(text)) / letters if letters else 0.0


@dataclass(frozen=True, slots=True)
class RussianTerms:
    """Lemmatised terms, indexed by their first lemma; each owns (label index, weight) pairs."""

    by_first: dict[str, list[tuple[tuple[str, ...], tuple[tuple[int, float], ...]]]]
    labels: frozenset[int]


@functools.cache
def russian_terms(taxonomy: Taxonomy, path: Path = RUSSIAN_TAXONOMY) -> RussianTerms:
    """The Russian terms of the labels of `taxonomy` that `path` covers (others get none)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    owners: dict[tuple[str, ...], list[tuple[int, float]]] = {}
    for term in data.get("neutral_terms", []):
        owners.setdefault(tuple(lemmas(term)), []).append((NEUTRAL, 0.0))
    covered = set()
    for index, name in enumerate(taxonomy.names):
        entry = data["labels"].get(name)
        if entry is None:
            continue
        covered.add(index)
        for key, weight in (("seed_terms", 1.0), ("related_terms", RELATED_TERM_WEIGHT)):
            for term in entry.get(key, []):
                owners.setdefault(tuple(lemmas(term)), []).append((index, weight))
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[tuple[int, float], ...]]]] = {}
    for term, pairs in owners.items():
        if term:
            by_first.setdefault(term[0], []).append((term, tuple(pairs)))
    for candidates in by_first.values():
        candidates.sort(key=lambda item: -len(item[0]))  # the longest term at a place wins
    return RussianTerms(by_first, frozenset(covered))


def russian_evidence(text: str, taxonomy: Taxonomy) -> np.ndarray:
    """Per label: capped, weighted Russian term hits over sqrt(words / REFERENCE_WORDS)."""
    terms = russian_terms(taxonomy)
    words = lemmas(text)
    counts: dict[tuple[str, ...], int] = {}
    owners: dict[tuple[str, ...], tuple[tuple[int, float], ...]] = {}
    position = 0
    while position < len(words):
        step = 1
        for term, pairs in terms.by_first.get(words[position], ()):
            if tuple(words[position : position + len(term)]) == term:
                counts[term] = counts.get(term, 0) + 1
                owners[term] = pairs
                step = len(term)
                break
        position += step
    hits = np.zeros(len(taxonomy.labels), dtype=np.float32)
    for term, count in counts.items():
        for label, weight in owners[term]:
            if label != NEUTRAL:
                hits[label] += weight * min(count, TERM_COUNT_CAP)
    return hits / math.sqrt(max(len(words), MIN_LENGTH_WORDS) / REFERENCE_WORDS)


def russian_scores(text: str, taxonomy: Taxonomy) -> np.ndarray:
    """Scores in [0, 1] per label from the Russian terms alone."""
    calibration = RUSSIAN_CALIBRATION
    evidence = russian_evidence(text, taxonomy)
    return 1.0 / (1.0 + np.exp(-(calibration.bias + calibration.weight * np.log1p(evidence))))


def score_russian_texts(texts: Sequence[str], scores: np.ndarray, taxonomy: Taxonomy) -> np.ndarray:
    """`scores` (texts x labels) with Russian and mixed-language rows rescored (see module docstring)."""
    rescored = scores.copy()
    covered: list[int] | None = None
    for row, text in enumerate(texts):
        share = cyrillic_share(text)
        if share < MIXED_SHARE:
            continue
        covered = covered if covered is not None else sorted(russian_terms(taxonomy).labels)
        russian = russian_scores(text, taxonomy)[covered]
        english = scores[row, covered]
        rescored[row, covered] = russian if share >= RUSSIAN_SHARE else np.maximum(russian, english)
    return rescored
