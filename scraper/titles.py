"""The headline of a page: its title without the site name that pages join to it.

Browsers' `<title>` (and often `og:title`) carry the outlet's name before or after the
headline: "Steppe Ledger archive :: China Joins the Corridor", "Ferry resumes | Marrow
Ledger", "World » Ferry resumes – Marrow Ledger". The headline is cut out by evidence, never
by the separator alone, because real headlines contain dashes ("Tea - a view from the farm"):

1. a cleaner statement of the headline on the same page (JSON-LD `headline`, `og:title`,
   `twitter:title`, the first `<h1>`) that equals a run of whole segments of the title;
2. otherwise the site name the page gives (`og:site_name`, JSON-LD publisher): leading or
   trailing segments that name the site are dropped.

With neither, the title is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape

# Separators that join a site name to a headline: "::", "|", "»" anywhere, dashes only with
# spaces on both sides (so "Middle-Corridor" and "2024–25" stay whole). ":" is not one:
# "Ferry news: night boat stays" is a headline.
SEPARATOR = re.compile(r"\s*(?:::|\||»)\s*|\s+[-–—]\s+")
# A segment naming the site may add this many words to the name: "Steppe Ledger archive".
MAX_EXTRA_SITE_WORDS = 2


def normalize_space(text: str | None) -> str:
    """Entities decoded and whitespace runs collapsed ("" for None)."""
    return " ".join(unescape(text or "").split())


def _key(text: str) -> str:
    return text.casefold()


def _segments(title: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the title's parts between separators."""
    spans, start = [], 0
    for match in SEPARATOR.finditer(title):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(title)))
    return [(begin, end) for begin, end in spans if begin < end]


def _agreeing_part(title: str, spans: list[tuple[int, int]], candidate: str) -> str | None:
    """The run of whole segments that reads `candidate` (case aside), if it is less than the whole.

    The run must be longer than each segment it leaves out, so an `<h1>` holding the
    section name ("World" in "World - Tea prices rise") is not taken for the headline.
    """
    wanted = _key(candidate)
    for first in range(len(spans)):
        for last in range(first, len(spans)):
            if (first, last) == (0, len(spans) - 1):
                continue
            part = title[spans[first][0] : spans[last][1]]
            left_out = spans[:first] + spans[last + 1 :]
            if _key(part) == wanted and all(len(part) > end - begin for begin, end in left_out):
                return part
    return None


def _names_site(segment: str, names: list[str]) -> bool:
    """Whether a title segment is the site's name, perhaps with a word or two ("archive", "Online")."""
    segment = _key(segment)
    words = len(segment.split())
    return any(name in segment and words - len(name.split()) <= MAX_EXTRA_SITE_WORDS for name in names)


def _without_site(title: str, spans: list[tuple[int, int]], site_names: list[str]) -> str:
    """The title less the trailing, then leading, segments that name the site (one always stays)."""
    names = [_key(name) for name in site_names if name]
    first, last = 0, len(spans) - 1
    while last > first and _names_site(title[slice(*spans[last])], names):
        last -= 1
    while first < last and _names_site(title[slice(*spans[first])], names):
        first += 1
    return title[spans[first][0] : spans[last][1]]


def headline(
    title: str | None, *, candidates: Iterable[str | None] = (), site_names: Iterable[str | None] = ()
) -> str | None:
    """`title` without the site name joined to it, decided by `candidates` then `site_names`.

    `candidates` are other statements of the headline found on the page (most trusted
    first); `site_names` are the names the page gives its outlet.
    """
    title = normalize_space(title)
    if not title:
        return None
    spans = _segments(title)
    if len(spans) < 2:
        return title
    for candidate in candidates:
        part = _agreeing_part(title, spans, normalize_space(candidate))
        if part:
            return part
    return _without_site(title, spans, [normalize_space(name) for name in site_names])
