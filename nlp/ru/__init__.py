"""The Russian pipeline: Natasha's models behind spaCy's interface, and newsmine's Russian stages.

Importing this package registers the Russian factories (`newsmine_ru_natasha`,
`newsmine_ru_entities`, `newsmine_ru_quotes`); `build_russian_pipeline()` assembles them on a
`spacy.blank("ru")` Language so the records are the same as the English pipeline's.
"""

from newsmine.nlp.ru import entities, quotes, syntax  # noqa: F401  (registers the factories)
from newsmine.nlp.ru.pipeline import build_russian_pipeline

__all__ = ["build_russian_pipeline"]
