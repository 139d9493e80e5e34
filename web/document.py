"""The document page's data: the text cut into segments marked with the quotes and entities
they belong to (displaCy-style highlighting), plus the lists of both.

Spans may overlap (an entity inside a quote, a quote across entities), so the text is cut at
every span boundary and each segment carries the quote and the entity covering it (the
innermost entity when several do). The template escapes every segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsmine.web.database import ReadOnlyCorpus


@dataclass(slots=True)
class Segment:
    text: str
    quote: int | None = None  # index into the page's quotes
    entity: int | None = None  # index into the page's mentions


def document_page(corpus: ReadOnlyCorpus, document_id: str) -> dict[str, Any] | None:
    """A document with its mentions, quotes and topics; None when the id is unknown."""
    connection = corpus.connection
    row = connection.execute(
        "SELECT id, url, source, date, title, text, language FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        return None
    mentions = [
        dict(r)
        for r in connection.execute(
            "SELECT m.start, m.end, m.text, m.entity_id, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.document_id = ? ORDER BY m.start, m.end DESC",
            (document_id,),
        )
    ]
    quotes = [
        dict(r)
        for r in connection.execute(
            "SELECT id AS quote_id, start, end, kind, text, speaker, speaker_id, speaker_role, speaker_org, cue"
            " FROM quotes WHERE document_id = ? ORDER BY start",
            (document_id,),
        )
    ]
    topics = [
        {"label": r[0], "score": round(r[1], 4)}
        for r in connection.execute("SELECT label, score FROM topics WHERE document_id = ? ORDER BY score DESC", (document_id,))
    ]
    return {
        "document": {**dict(row), "topics": topics},
        "entities": mentions,
        "quotes": quotes,
        "_segments": segments(row["text"], quotes, mentions),
    }


def segments(text: str, quotes: list[dict[str, Any]], mentions: list[dict[str, Any]]) -> list[Segment]:
    """`text` cut at every quote and mention boundary, each piece tagged with what covers it."""
    spans = [(q["start"], q["end"]) for q in quotes] + [(m["start"], m["end"]) for m in mentions]
    cuts = sorted({0, len(text), *(max(0, min(len(text), point)) for span in spans for point in span)})
    pieces = []
    for begin, end in zip(cuts, cuts[1:]):
        quote = next((i for i, q in enumerate(quotes) if q["start"] <= begin and end <= q["end"]), None)
        covering = [i for i, m in enumerate(mentions) if m["start"] <= begin and end <= m["end"]]
        entity = min(covering, key=lambda i: mentions[i]["end"] - mentions[i]["start"]) if covering else None
        pieces.append(Segment(text[begin:end], quote, entity))
    return pieces
