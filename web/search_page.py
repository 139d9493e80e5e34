"""The search page's data: one page of hits, the total, facets and the attention chart.

Hits come from the query layer (`corpus.search`), so the JSON twin's hits are exactly what
`newsmine search --json` prints (plus the ids the pages link with). For quotes, the ranked
ids of the whole result set (up to RESULT_CAP) are fetched once without loading the hits;
the total, the facets and the chart are counted over those ids (the entities facet over the
first ENTITY_FACET_QUOTES), and only the page shown is loaded. Documents and entities have
no facets; their total counts up to one page beyond the one shown.
"""

from __future__ import annotations

import json
from collections import Counter
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
ENTITY_FACET_QUOTES = 150  # the entities facet counts the documents of the first quotes only
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
    facets, chart = _result_facets(corpus, result_ids)
    return SearchResult(
        params,
        total=len(result_ids),
        capped=len(result_ids) == cap,
        hits=with_speaker_ids(corpus, [hit.to_dict() for hit in quote_hits(corpus, page)]),
        facets=facets,
        chart=chart,
    )


def _similar(corpus: ReadOnlyCorpus, params: SearchParams, encode: Encoder | None, limit: int) -> list[tuple[int, float]]:
    if encode is None:
        raise LookupError("semantic search is not available: the packaged encoder could not be loaded")
    assert params.similar is not None
    try:
        return similar_quote_ids(corpus, params.similar, encode=encode, limit=limit, **params.filters)
    except (ImportError, OSError) as error:  # the packaged encoder is missing or unreadable
        raise LookupError(f"semantic search is not available: {error}") from None


_RESULT_ROWS_SQL = """
SELECT q.speaker_id, q.speaker_org, d.source, substr(d.date, 1, 7), q.document_id, q.id
FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.id IN (SELECT value FROM json_each(?))
"""


def _result_facets(corpus: ReadOnlyCorpus, ids: list[int]) -> tuple[dict[str, list[dict[str, Any]]], Chart]:
    """Facets and chart of a result set, counted in Python from one pass over its rows.

    One join over the result's quotes gives speakers, organisations, sources and months;
    topics (a quote's own labels, else its document's) and entities (documents mentioning
    them, over the first ENTITY_FACET_QUOTES quotes) take one indexed lookup each. Counting
    a thousand rows in Python costs less than one GROUP BY query per facet (measured: about
    half the time on the 100k corpus).
    """
    connection = corpus.connection
    rows = connection.execute(_RESULT_ROWS_SQL, (json.dumps(ids),)).fetchall()
    speakers, orgs, sources, months = Counter(), Counter(), Counter(), Counter()
    document_of = {}
    for speaker_id, org, source, month, document_id, quote_id in rows:
        speakers[speaker_id] += speaker_id is not None
        orgs[org] += org is not None
        sources[source] += source is not None
        months[month] += month is not None
        document_of[quote_id] = document_id
    facets = {
        "speakers": _named(connection, "speakers", speakers),
        "organisations": _plain(orgs),
        "entities": _entity_facet(connection, [document_of[i] for i in ids[:ENTITY_FACET_QUOTES] if i in document_of]),
        "topics": _topic_facet(connection, document_of),
        "sources": _plain(sources),
    }
    return facets, monthly_chart([(month, count) for month, count in months.items() if month])


def _plain(counts: Counter) -> list[dict[str, Any]]:
    ranked = sorted(((value, count) for value, count in counts.items() if value is not None and count), key=lambda p: (-p[1], p[0]))
    return [{"id": None, "value": value, "count": count} for value, count in ranked[:FACET_SIZE]]


def _named(connection: Any, table: str, counts: Counter) -> list[dict[str, Any]]:
    """The most counted ids of `table` (speakers or entities) with their names."""
    top = [(i, n) for i, n in counts.most_common() if i is not None and n][: FACET_SIZE * 4]
    names = dict(
        connection.execute(f"SELECT id, name FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (json.dumps([i for i, _ in top]),))
    )
    ranked = sorted(((names[i], i, n) for i, n in top if i in names), key=lambda p: (-p[2], p[0]))
    return [{"id": i, "value": name, "count": n} for name, i, n in ranked[:FACET_SIZE]]


def _entity_facet(connection: Any, document_ids: list[str]) -> list[dict[str, Any]]:
    pairs = connection.execute(
        "SELECT DISTINCT entity_id, document_id FROM mentions WHERE document_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(document_ids))),),
    )
    return _named(connection, "entities", Counter(entity_id for entity_id, _ in pairs))


def _topic_facet(connection: Any, document_of: dict[int, str]) -> list[dict[str, Any]]:
    """Quotes per topic: a quote's own labels, or its document's when it has none."""
    own: dict[int, set[str]] = {}
    for quote_id, label in connection.execute(
        "SELECT quote_id, label FROM quote_topics WHERE quote_id IN (SELECT value FROM json_each(?))", (json.dumps(list(document_of)),)
    ):
        own.setdefault(quote_id, set()).add(label)
    unlabelled = {document_of[i] for i in document_of if i not in own}
    inherited: dict[str, set[str]] = {}
    for document_id, label in connection.execute(
        "SELECT document_id, label FROM topics WHERE document_id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(unlabelled)),)
    ):
        inherited.setdefault(document_id, set()).add(label)
    counts: Counter = Counter()
    for quote_id, document_id in document_of.items():
        counts.update(own.get(quote_id) or inherited.get(document_id, ()))
    return _plain(counts)


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
