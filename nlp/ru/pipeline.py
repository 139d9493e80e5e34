"""Assemble the Russian Language: spaCy's blank "ru" with razdel, Slovnet and newsmine's stages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import spacy
from spacy.language import Language

from newsmine.nlp.ru.syntax import RazdelTokenizer

# The English stage each Russian one stands in for; the others (topics, quote vectors) work
# on text alone and are shared as they are.
RUSSIAN_STAGES = {"newsmine_entities": "newsmine_ru_entities", "newsmine_quotes": "newsmine_ru_quotes"}
RU_COMPONENTS = ("newsmine_ru_natasha", "newsmine_ru_entities", "newsmine_ru_quotes", "newsmine_topics", "newsmine_quote_vectors")
MAX_TEXT_CHARS = 2_000_000


def build_russian_pipeline(
    *, components: Iterable[str] = RU_COMPONENTS, config: dict[str, dict[str, Any]] | None = None
) -> Language:
    """A `spacy.blank("ru")` Language with Natasha's annotations and newsmine's Russian stages."""
    import newsmine.nlp  # noqa: F401  (registers every newsmine factory)

    config = config or {}
    language = spacy.blank("ru")
    language.max_length = MAX_TEXT_CHARS
    language.tokenizer = RazdelTokenizer(language.vocab)
    for name in components:
        language.add_pipe(name, config=config.get(name, {}))
    return language


def russian_components(english_components: Iterable[str]) -> list[str]:
    """The Russian pipeline that mirrors an English one: the same stages, Russian where they differ."""
    return ["newsmine_ru_natasha", *(RUSSIAN_STAGES.get(name, name) for name in english_components)]
