"""The search page's data: one page of hits, the total, facets and the attention chart.

Hits come from the query layer (`corpus.search`), so the JSON twin's hits are exactly what
`newsmine search --json` prints (plus the ids the pages link with). For quotes, the ranked
ids of the whole result set (up to RESULT_CAP) are fetched once without loading the hits;
the total, the facets and the chart are counted over those ids in SQL (the entities facet over
the first ENTITY_FACET_QUOTES), and only the page shown is loaded. Documents and entities have
no facets; their total counts up to one page beyond the one shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsmine.corpus.search import (
    filtered_quote_ids,
    quote_hits,
    ranked_quote_ids,
    search_documents,
    search_entities,
    similar_quote_ids,
)
from newsmine.web.charts import Chart, monthly_chart
from newsmine.web.database import ReadOnlyCorpus
from newsmine.web.params import PAGE_SIZE, SearchParams

Encoder = Callable[[list[str]], np.ndarray]

RESULT_CAP = 1_000  # quotes per result set: the total, facets and chart cover these
ENTITY_FACET_QUOTES = 300  # the entities facet counts the documents of the first quotes only
SIMILAR_CAP = 100  # nearest quotes listed for a similar-quote search
EXPORT_CAP = 1_000  # rows in a CSV / JSONL export
FACET_SIZE = 8


@dataclass(slots=True)
class SearchResult:
    """What the search page shows; `to_dict` is the JSON twin."""

    params: SearchParams
    total: int
    capped: bool
    hits: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    chart: Chart = field(default_factory=Chart)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "total_is_lower_bound": self.capped,
            "page": self.params.page,
            "page_size": PAGE_SIZE,
            "hits": self.hits,
            "facets": self.facets,
            "timeline": self.chart.series,
        }


def run_search(corpus: ReadOnlyCorpus, params: SearchParams, *, encode: Encoder | None) -> SearchResult:
    """The search page for `params`. Raises QueryError (a 400) for a query the layer refuses."""
    if params.similar or params.kind == "quotes":
        return _quote_search(corpus, params, encode=encode)
    wanted = params.offset + PAGE_SIZE + 1
    if params.kind == "documents":
        documents = search_documents(corpus, params.q, limit=wanted, **params.filters)
        hits = [hit.to_dict() for hit in documents]
    else:
        entities = search_entities(corpus, params.q, limit=wanted, **params.filters)
        hits = with_entity_ids(corpus, [hit.to_dict() for hit in entities])
    return SearchResult(params, total=len(hits), capped=len(hits) == wanted, hits=hits[params.offset : wanted - 1])


def export_hits(corpus: ReadOnlyCorpus, params: SearchParams, *, encode: Encoder | None) -> list[dict[str, Any]]:
    """Up to EXPORT_CAP hits of the whole result set, as the JSON twin writes them."""
    if params.similar:
        ranked = _similar(corpus, params, encode, EXPORT_CAP)
        return with_speaker_ids(corpus, [hit.to_dict() for hit in quote_hits(corpus, ranked)])
    if params.kind == "quotes":
        ranked = ranked_quote_ids(corpus, params.q, limit=EXPORT_CAP, **params.filters)
        return with_speaker_ids(corpus, [hit.to_dict() for hit in quote_hits(corpus, ranked)])
    if params.kind == "documents":
        return [hit.to_dict() for hit in search_documents(corpus, params.q, limit=EXPORT_CAP, **params.filters)]
    return with_entity_ids(
        corpus, [hit.to_dict() for hit in search_entities(corpus, params.q, limit=EXPORT_CAP, **params.filters)]
    )


def _quote_search(corpus: ReadOnlyCorpus, params: SearchParams, *, encode: Encoder | None) -> SearchResult:
    """One page of quote hits; the facets and chart over the ids of the whole result set.

    With a query (or similar text) the ranking itself gives that set. Without one, the page is
    the newest hits, and the set comes unordered from the filters' indexes, which is much
    cheaper than listing a thousand quotes newest first.
    """
    shown = slice(params.offset, params.offset + PAGE_SIZE)
    if params.similar:
        ranked = _similar(corpus, params, encode, SIMILAR_CAP)
        cap, page, result_ids = SIMILAR_CAP, ranked[shown], [quote_id for quote_id, _ in ranked]
    elif params.q:
        ranked = ranked_quote_ids(corpus, params.q, limit=RESULT_CAP, **params.filters)
        cap, page, result_ids = RESULT_CAP, ranked[shown], [quote_id for quote_id, _ in ranked]
    else:
        page = ranked_quote_ids(corpus, None, limit=params.offset + PAGE_SIZE, **params.filters)[shown]
        cap, result_ids = RESULT_CAP, filtered_quote_ids(corpus, limit=RESULT_CAP, **params.filters)
    ids = json.dumps(result_ids)
    return SearchResult(
        params,
        total=len(result_ids),
        capped=len(result_ids) == cap,
        hits=with_speaker_ids(corpus, [hit.to_dict() for hit in quote_hits(corpus, page)]),
        facets=quote_facets(corpus, ids, json.dumps(result_ids[:ENTITY_FACET_QUOTES])),
        chart=monthly_chart(corpus.connection.execute(_MONTHS_SQL, (ids,)).fetchall()),
    )


def _similar(corpus: ReadOnlyCorpus, params: SearchParams, encode: Encoder | None, limit: int) -> list[tuple[int, float]]:
    if encode is None:
        raise LookupError("semantic search is not available: the packaged encoder could not be loaded")
    assert params.similar is not None
    return similar_quote_ids(corpus, params.similar, encode=encode, limit=limit, **params.filters)


_MONTHS_SQL = """
SELECT substr(d.date, 1, 7) AS month, count(*) FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.id IN (SELECT value FROM json_each(?)) AND d.date IS NOT NULL GROUP BY month
"""
_FACET_SQL = {
    "speakers": """
        SELECT s.id, s.name, count(*) AS n FROM quotes q JOIN speakers s ON s.id = q.speaker_id
        WHERE q.id IN (SELECT value FROM json_each(:ids)) GROUP BY s.id ORDER BY n DESC, s.name LIMIT :size""",
    "organisations": """
        SELECT NULL, q.speaker_org, count(*) AS n FROM quotes q
        WHERE q.id IN (SELECT value FROM json_each(:ids)) AND q.speaker_org IS NOT NULL
        GROUP BY q.speaker_org ORDER BY n DESC, q.speaker_org LIMIT :size""",
    "entities": """
        SELECT e.id, e.name, count(DISTINCT m.document_id) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id
        WHERE m.document_id IN (SELECT DISTINCT document_id FROM quotes WHERE id IN (SELECT value FROM json_each(:first)))
        GROUP BY e.id ORDER BY n DESC, e.name LIMIT :size""",
    "topics": """
        SELECT NULL, label, count(*) AS n FROM (
            SELECT quote_id, label FROM quote_topics WHERE quote_id IN (SELECT value FROM json_each(:ids))
            UNION
            SELECT q.id, t.label FROM quotes q JOIN topics t ON t.document_id = q.document_id
            WHERE q.id IN (SELECT value FROM json_each(:ids))
              AND NOT EXISTS (SELECT 1 FROM quote_topics own WHERE own.quote_id = q.id)
        ) GROUP BY label ORDER BY n DESC, label LIMIT :size""",
    "sources": """
        SELECT NULL, d.source, count(*) AS n FROM quotes q JOIN documents d ON d.id = q.document_id
        WHERE q.id IN (SELECT value FROM json_each(:ids)) AND d.source IS NOT NULL
        GROUP BY d.source ORDER BY n DESC, d.source LIMIT :size""",
}


def quote_facets(corpus: ReadOnlyCorpus, ids: str, first: str) -> dict[str, list[dict[str, Any]]]:
    """Counts per speaker, organisation, topic and source over the quote ids (a JSON list), and
    per entity over the documents of the `first` ones (the costliest count: 20 mentions a document)."""
    facets = {}
    for name, sql in _FACET_SQL.items():
        rows = corpus.connection.execute(sql, {"ids": ids, "first": first, "size": FACET_SIZE}).fetchall()
        facets[name] = [{"id": row[0], "value": row[1], "count": row[2]} for row in rows]
    return facets


def with_speaker_ids(corpus: ReadOnlyCorpus, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = json.dumps([hit["quote_id"] for hit in hits])
    speakers = dict(
        corpus.connection.execute("SELECT id, speaker_id FROM quotes WHERE id IN (SELECT value FROM json_each(?))", (ids,))
    )
    return [{**hit, "speaker_id": speakers.get(hit["quote_id"])} for hit in hits]


def with_entity_ids(corpus: ReadOnlyCorpus, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pairs = json.dumps([[hit["name"], hit["type"]] for hit in hits])
    ids = {
        (row[1], row[2]): row[0]
        for row in corpus.connection.execute(
            "SELECT e.id, e.name, e.type FROM entities e JOIN json_each(?) p"
            " ON e.name = json_extract(p.value, '$[0]') AND e.type = json_extract(p.value, '$[1]')",
            (pairs,),
        )
    }
    return [{**hit, "id": ids.get((hit["name"], hit["type"]))} for hit in hits]
