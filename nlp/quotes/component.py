"""The `newsmine_quotes` spaCy component: direct and reported quotes with speakers.

`extract_quotes(doc)` runs the stages (quote marks, direct quotes, reported speech, speaker
resolution); the component sets `doc._.quotes` to `corpus.schema.Quote` records in text order.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc

from newsmine.corpus.schema import Quote
from newsmine.nlp.extensions import register_extensions
from newsmine.nlp.quotes.datelines import without_dateline
from newsmine.nlp.quotes.direct import direct_matches
from newsmine.nlp.quotes.index import build_index, has_parse, inside_spans
from newsmine.nlp.quotes.headlines import headline_quote
from newsmine.nlp.quotes.invariants import within_cue_paragraph, without_nested
from newsmine.nlp.quotes.marks import find_quote_spans
from newsmine.nlp.quotes.profiles import build_profiles
from newsmine.nlp.quotes.objects import object_claims
from newsmine.nlp.quotes.records import QuoteMatch
from newsmine.nlp.quotes.reported import reported_matches
from newsmine.nlp.quotes.speakers import attribute_matches

register_extensions()


logger = logging.getLogger(__name__)


def _drop_overlaps(direct: list[QuoteMatch], reported: list[QuoteMatch]) -> list[QuoteMatch]:
    """A reported clause that is mostly a direct quote is that quote; one that starts inside a
    quote and runs out of it is a misread ('...billionaires," he said, reported X'); duplicates go too.

    A clause with a short partial quote inside ('the plan was "troubling" for the region')
    stays, and the partial quote, nested in it, goes (`invariants.without_nested`).
    """
    spans = sorted((match.start, match.end) for match in direct)
    kept: list[QuoteMatch] = []
    for match in reported:
        length = max(1, match.end - match.start)
        covered = sum(max(0, min(end, match.end) - max(start, match.start)) for start, end in spans)
        if covered / length > 0.5 or any(start < match.start < end < match.end for start, end in spans):
            continue  # mostly a direct quote, or starting inside one and running out of it
        if any(other.start == match.start and other.end == match.end for other in kept):
            continue
        kept.append(match)
    return direct + kept


def _outside_quotes(matches: list[QuoteMatch], direct: list[QuoteMatch]) -> list[QuoteMatch]:
    """Speech verbs inside someone's quotation are part of the quote, not new reported speech."""
    spans = sorted((match.start, match.end) for match in direct)
    starts = [start for start, _ in spans]
    return [match for match in matches if match.cue is None or not inside_spans(match.cue.idx, spans, starts)]


def extract_quotes(doc: Doc, *, min_words: int = 6) -> list[Quote]:
    """Direct and reported quotes of a Doc with resolved speakers, in text order."""
    index = build_index(doc)
    parsed = has_parse(doc)
    if parsed:
        build_profiles(index)
    direct = direct_matches(index, find_quote_spans(index.text), min_words=min_words)
    reported = _outside_quotes(reported_matches(doc) + object_claims(doc), direct) if parsed else []
    if not parsed:
        logger.debug("no dependency parse: only quote marks used, speakers left empty")
    reported = [without_dateline(index.text, kept) for match in reported
                if (kept := within_cue_paragraph(index.text, match)) is not None]
    quotes = attribute_matches(index, without_nested(index.text, _drop_overlaps(direct, reported)))
    headline = headline_quote(index.text, quotes) if parsed else None
    return [headline, *quotes] if headline is not None else quotes


class QuoteExtractor:
    """The `newsmine_quotes` pipeline component: sets `doc._.quotes` (list of Quote)."""

    def __init__(self, nlp: Language, name: str = "newsmine_quotes", *, min_quote_words: int = 6) -> None:
        if min_quote_words < 1:
            raise ValueError(f"min_quote_words must be >= 1, got {min_quote_words!r}")
        self.name = name
        self.min_quote_words = min_quote_words

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, min_words=self.min_quote_words)
        return doc


@Language.factory(
    "newsmine_quotes",
    default_config={"min_quote_words": 6},
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.quotes"],
)
def make_quote_extractor(nlp: Language, name: str, min_quote_words: int) -> QuoteExtractor:
    """Factory for `nlp.add_pipe("newsmine_quotes")`."""
    return QuoteExtractor(nlp, name, min_quote_words=min_quote_words)
