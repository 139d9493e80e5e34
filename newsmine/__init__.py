"""newsmine: news articles and expert commentary into a structured, searchable corpus.

The stages live in the top-level packages `scraper` (fetch, discover, extract, ingest),
`nlp` (spaCy components), `models` (artifacts and their cards) and `corpus` (records,
store, search, reports); this package holds the command-line interface on top of them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsmine")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
