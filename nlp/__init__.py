"""newsmine's NLP stages, each a registered spaCy component that sets `Doc._` extensions.

Importing this package registers every factory, so `nlp.add_pipe("newsmine_quotes")` works
in a user's own pipeline after `import newsmine.nlp`.
"""

from newsmine.nlp import entities, extensions, paragraphs, quote_vectors, quotes, ru, topics  # noqa: F401  (registers the factories)
from newsmine.nlp.pipeline import analyze, build_pipeline, get_pipeline

__all__ = ["analyze", "build_pipeline", "get_pipeline"]
