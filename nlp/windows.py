"""Long documents in paragraph windows: cut before spaCy, joined again after, offsets unchanged.

spaCy's parser and newsmine's components get slower and hungrier than linearly on one huge
Doc (a 1.9 MB text took 169 s and 6.2 GB in one piece). A text longer than `WINDOW_CHARS` is
therefore analysed as consecutive windows that end at paragraph breaks, each a Doc of its
own; their entities, quotes and topics are joined back onto the document with every offset
shifted by the window's start, so offsets still index the document's own text. Time then
grows linearly with length and memory stays that of one window
(`benchmarks/long_document.py` measures it).

What a window cannot see is another window: a quote is never split (paragraph breaks end
quotes), but a speaker named only in an earlier window is not linked across the cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from newsmine.corpus.schema import Entity, Quote

# Long enough that a cut is rare (a typical article is 3-10k characters), short enough that
# one window's Doc stays small.
WINDOW_CHARS = 50_000
# Where to cut, best first: a paragraph break, a line break, a sentence end, any space.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'\u201d\u2019)]?\s"), re.compile(r"\s"))


def split_windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, str]]:
    """(start, piece) pairs that cover `text` exactly, each piece at most `size` characters.

    Each piece ends at the last paragraph break before `size` (else a line break, a sentence
    end, a space; a hard cut only inside an unbroken run of `size` characters).
    """
    windows: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        windows.append((start, text[start:end]))
        start = end
    windows.append((start, text[start:]))
    return windows


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the window that starts at `start`: just after the best break before `limit`."""
    for pattern in _CUTS:
        ends = [match.end() for match in pattern.finditer(text, start + 1, limit)]
        if ends:
            return ends[-1]
    return limit


def merge_entities(windows: Sequence[tuple[int, list[Entity]]]) -> list[Entity]:
    """One entity per (name, type) across windows, mentions shifted to document offsets."""
    merged: dict[tuple[str, str], Entity] = {}
    for offset, entities in windows:
        for entity in entities:
            for mention in entity.mentions:
                mention.start += offset
                mention.end += offset
            known = merged.setdefault((entity.name, entity.type), Entity(entity.name, entity.type))
            known.mentions.extend(entity.mentions)
    return list(merged.values())


def merge_quotes(windows: Sequence[tuple[int, list[Quote]]]) -> Iterator[Quote]:
    """The quotes of every window, in order, with offsets shifted to the document's."""
    for offset, quotes in windows:
        for quote in quotes:
            quote.start += offset
            quote.end += offset
            yield quote


def merge_topic_scores(windows: Sequence[tuple[int, dict[str, float]]]) -> dict[str, float]:
    """Each label's score averaged over the windows, weighted by window length."""
    total = sum(length for length, _ in windows) or 1
    labels = dict.fromkeys(label for _, scores in windows for label in scores)
    return {label: sum(length * scores.get(label, 0.0) for length, scores in windows) / total for label in labels}

