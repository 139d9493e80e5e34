"""newsmine: news articles and expert commentary into a structured, searchable corpus.

The repository's stage folders install as its subpackages: `newsmine.scraper` (fetch,
discover, extract, ingest), `newsmine.nlp` (spaCy components), `newsmine.models` (artifacts,
the encoders and loaders that use them, and their cards) and `newsmine.corpus` (records, store,
search, reports). `newsmine.errors` and `newsmine.settings` are shared by every layer; the
command-line interface (`cli`, `commands`, `batch`) sits on top.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsmine")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
