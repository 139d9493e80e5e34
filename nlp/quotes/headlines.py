"""Headline attributions: "New bridge to double cross-border trade: Georgian engineer".

News headlines (wire style especially) put the source after a colon or a dash, as a bare
role: "...: minister", "... - President", "...: Chinese FM". The headline is then the
source's claim, and the source is the person the story quotes: the first named speaker of
the body whose role holds the headline's role word, else the first named speaker quoted.
Only the document's first paragraph counts, and only when it reads as a headline: short,
with no sentence-final full stop.
"""

from __future__ import annotations

import re

from newsmine.corpus.schema import Quote
from newsmine.nlp.quotes.lexicon import ROLE_NOUNS

MAX_HEADLINE_WORDS = 25
MAX_SOURCE_WORDS = 4
HEADLINE = re.compile(r"^(?:Interview:\s*)?(?P<claim>.+?)(?::|\s[-–—])\s*(?P<source>[^:–—\-.]{1,40})$")
# short forms a headline uses for a title
HEADLINE_TITLES = {"fm": "minister", "pm": "minister", "mp": "parliament"}


def headline_quote(text: str, quotes: list[Quote]) -> Quote | None:
    """The headline's claim as an indirect quote with the body's matching speaker, or None."""
    first = text.split("\n", 1)[0]
    found = HEADLINE.match(first.rstrip())
    if found is None or len(first.split()) > MAX_HEADLINE_WORDS or first.rstrip().endswith("."):
        return None
    role = _source_role(found.group("source"))
    if role is None or any(quote.start < len(first) for quote in quotes):
        return None
    named = [quote for quote in quotes if quote.speaker]
    source = next((quote for quote in named if role in (quote.speaker_role or "").lower()), None) \
        or (named[0] if named else None)
    start, end = found.start("claim"), found.end("claim")
    if source is None:
        return Quote(text=text[start:end], start=start, end=end, kind="indirect", speaker_role=found.group("source"))
    return Quote(text=text[start:end], start=start, end=end, kind="indirect", speaker=source.speaker,
                 speaker_role=source.speaker_role, speaker_org=source.speaker_org)


def _source_role(source: str) -> str | None:
    """The role word of a headline source ('Uzbek businessman' -> 'businessman'), or None."""
    words = source.lower().split()
    if not words or len(words) > MAX_SOURCE_WORDS:
        return None
    last = HEADLINE_TITLES.get(words[-1], words[-1])
    return last if last in ROLE_NOUNS or last.endswith("man") else None
