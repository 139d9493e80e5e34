"""Quote extraction and speaker attribution: who said what, directly or in reported speech.

The `newsmine_quotes` component runs after the parser, the NER and `newsmine_entities`, and
sets `doc._.quotes` to `corpus.schema.Quote` records in text order. The work is done by pure
functions over a parsed Doc (textacy-style), one concern per module:

- `marks`: `find_quote_spans(text)` pairs quote marks per paragraph;
- `cues`: reporting verbs and the subject that speaks through them;
- `direct`: `find_direct_quotes(doc)` keeps the quoted spans that are quotations;
- `reported`: `find_reported_speech(doc)` finds reported clauses;
- `names`, `profiles`, `speakers`: `attribute_speakers(doc, matches)` turns each match's
  subject into a named speaker with role and organisation, or an unnamed one;
- `component`: `extract_quotes(doc)` and the spaCy factory.
"""

from newsmine.nlp.quotes.component import (
    QuoteExtractor,
    extract_quotes,
    make_quote_extractor,
)
from newsmine.nlp.quotes.direct import find_direct_quotes
from newsmine.nlp.quotes.index import canonical_name
from newsmine.nlp.quotes.marks import QuoteSpan, find_quote_spans
from newsmine.nlp.quotes.records import QuoteMatch
from newsmine.nlp.quotes.reported import find_reported_speech
from newsmine.nlp.quotes.speakers import attribute_speakers

__all__ = [
    "QuoteExtractor",
    "QuoteMatch",
    "QuoteSpan",
    "attribute_speakers",
    "canonical_name",
    "extract_quotes",
    "find_direct_quotes",
    "find_quote_spans",
    "find_reported_speech",
    "make_quote_extractor",
]
