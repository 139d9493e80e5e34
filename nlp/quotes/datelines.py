"""Wire datelines: "ASTANA – ", "BEIJING, Dec. 9 (Xinhua) -- ", "ASTANA. KAZINFORM - ".

A story's first paragraph often opens with the place (in capitals), a date and the agency
before the first sentence; a reported clause that starts at the paragraph starts after them.
"""

from __future__ import annotations

import re

from newsmine.nlp.quotes.invariants import paragraph_of
from newsmine.nlp.quotes.records import QuoteMatch

_PLACE = r"[A-Z][A-Z'’]{2,}(?:[ -][A-Z][A-Z'’]+)*"
_DATE = r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
_SEPARATOR = r"\s*(?:--|[-–—:])\s*"
DATELINE = re.compile(
    rf"{_PLACE}{_DATE}(?:\s*\([^()\n]{{1,40}}\))?{_SEPARATOR}"  # ASTANA (TCA) — / BEIJING:
    rf"|{_PLACE}{_DATE}\.\s*/?[A-Z]{{3,}}/?\.?(?:{_SEPARATOR}|\s+)"  # ASTANA. KAZINFORM - / MOSCOW, May 2. /TASS/.
)


def without_dateline(text: str, match: QuoteMatch) -> QuoteMatch:
    """The match starting after a dateline that opens its paragraph (unchanged when there is none)."""
    para_start, _ = paragraph_of(text, match.start)
    found = DATELINE.match(text, para_start)
    if found is not None and para_start <= match.start < found.end() < match.end:
        match.start = found.end()
    return match
