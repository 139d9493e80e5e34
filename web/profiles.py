"""The expert, entity and topic pages' data: each a dict that is also the page's JSON twin.

Records come from the query layer where it has them (`ExpertProfile`, `Affiliation`,
`EntityHit`, `QuoteHit`, `search_quotes`, name variants); the SQL here adds what the pages
need around them (per-id lookups, counts per month, co-occurrence), all of it parameterised
and bounded (RECENT_DOCUMENTS), so that a page stays fast for a name in thousands of
documents; `expert_registry`, `search_entities` and `topic_trends` work over the whole corpus
and took seconds a page there. A missing id gives None (a 404).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from newsmine.corpus.experts import Affiliation, ExpertProfile, like_escape, normalise_topic, variant_speaker_ids
from newsmine.corpus.schema import Entity, Speaker
from newsmine.corpus.search import EntityHit, quote_hits, search_quotes
from newsmine.web.charts import monthly_chart
from newsmine.web.database import ReadOnlyCorpus
from newsmine.web.search_page import with_speaker_ids

LIST_SIZE = 10
QUOTE_LIST_SIZE = 20
# Entities, peers and speakers are counted over someone's (or something's) latest documents:
# a name in 30,000 documents would otherwise cost seconds a page (measured on the 100k corpus).
RECENT_DOCUMENTS = 300
CONTAINED_SCAN = 500  # entities whose name contains the name, checked for whole words

# -- experts ---------------------------------------------------------------------------------

_EXPERT_AFFILIATIONS_SQL = """
SELECT q.speaker_role AS role, q.speaker_org AS org, min(d.date) AS first_date, max(d.date) AS last_date, count(*) AS n
FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker_id IN (SELECT value FROM json_each(:ids))
GROUP BY q.speaker_role, q.speaker_org ORDER BY coalesce(first_date, '9999'), n DESC
"""
_EXPERT_MONTHS_SQL = """
SELECT substr(d.date, 1, 7) AS month, count(*) FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker_id IN (SELECT value FROM json_each(:ids)) AND d.date IS NOT NULL GROUP BY month
"""
_EXPERT_QUOTES_SQL = """
SELECT q.id FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker_id IN (SELECT value FROM json_each(:ids)) ORDER BY d.date DESC, q.id DESC LIMIT :size
"""
_EXPERT_TOPICS_SQL = """
SELECT label, count(*) AS n FROM (
    SELECT t.quote_id, t.label FROM quote_topics t JOIN quotes q ON q.id = t.quote_id
    WHERE q.speaker_id IN (SELECT value FROM json_each(:ids))
    UNION
    SELECT q.id, t.label FROM quotes q JOIN topics t ON t.document_id = q.document_id
    WHERE q.speaker_id IN (SELECT value FROM json_each(:ids))
      AND NOT EXISTS (SELECT 1 FROM quote_topics own WHERE own.quote_id = q.id)
) GROUP BY label ORDER BY n DESC, label LIMIT :size
"""
_EXPERT_DOCUMENTS = """
SELECT q.document_id FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker_id IN (SELECT value FROM json_each(:ids)) ORDER BY d.date DESC LIMIT :documents
"""
_EXPERT_ENTITIES_SQL = f"""
SELECT e.id, e.name, e.type, count(DISTINCT m.document_id) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id
WHERE m.document_id IN ({_EXPERT_DOCUMENTS})
  AND e.name NOT IN (SELECT value FROM json_each(:names))
GROUP BY e.id ORDER BY n DESC, e.name LIMIT :size
"""
_CO_QUOTED_SQL = f"""
SELECT s.id, s.name, count(DISTINCT q.document_id) AS n FROM quotes q JOIN speakers s ON s.id = q.speaker_id
WHERE q.document_id IN ({_EXPERT_DOCUMENTS})
  AND q.speaker_id NOT IN (SELECT value FROM json_each(:ids))
GROUP BY s.id ORDER BY n DESC, s.name LIMIT :size
"""


def expert_page(corpus: ReadOnlyCorpus, speaker_id: int) -> dict[str, Any] | None:
    """An expert (the speaker and their spelling variants): affiliations, quotes, topics, entities, peers."""
    connection = corpus.connection
    row = connection.execute("SELECT id, name, key FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
    if row is None:
        return None
    ids = variant_speaker_ids(connection, [(row["id"], row["key"])])
    names = dict(connection.execute("SELECT id, name FROM speakers WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)))
    params = {"ids": json.dumps(ids), "size": LIST_SIZE, "names": json.dumps(list(names.values())), "documents": RECENT_DOCUMENTS}
    affiliations = [
        Affiliation(r["role"], r["org"], r["first_date"], r["last_date"], r["n"])
        for r in connection.execute(_EXPERT_AFFILIATIONS_SQL, params)
    ]
    quotes = quote_hits(corpus, [(r[0], None) for r in connection.execute(_EXPERT_QUOTES_SQL, {**params, "size": QUOTE_LIST_SIZE})])
    latest = quotes[0] if quotes else None
    profile = ExpertProfile(
        speaker=Speaker(
            name=row["name"],
            roles=_distinct(a.role for a in affiliations),
            orgs=_distinct(a.org for a in affiliations),
            quote_count=sum(a.quote_count for a in affiliations),
            latest_quote=latest.quote.text if latest else None,
            latest_date=latest.date if latest else None,
        ),
        speaker_ids=ids,
        variants=[name for i, name in sorted(names.items()) if i != row["id"]],
        affiliations=affiliations,
        latest_title=latest.title if latest else None,
        latest_document_id=latest.document_id if latest else None,
    )
    chart = monthly_chart(connection.execute(_EXPERT_MONTHS_SQL, params).fetchall())
    return {
        "id": speaker_id,
        "expert": profile.to_dict(),
        "timeline": chart.series,
        "quotes": with_speaker_ids(corpus, [hit.to_dict() for hit in quotes]),
        "topics": [{"label": r[0], "count": r[1]} for r in connection.execute(_EXPERT_TOPICS_SQL, params)],
        "entities": _entities_by_documents(connection.execute(_EXPERT_ENTITIES_SQL, params)),
        "co_quoted": [{"id": r[0], "name": r[1], "documents": r[2]} for r in connection.execute(_CO_QUOTED_SQL, params)],
        "_chart": chart,
    }


def _distinct(values: Any) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


# -- entities --------------------------------------------------------------------------------

_ENTITY_MONTHS_SQL = """
SELECT substr(d.date, 1, 7) AS month, count(DISTINCT m.document_id) FROM mentions m JOIN documents d ON d.id = m.document_id
WHERE m.entity_id = :id AND d.date IS NOT NULL GROUP BY month
"""
_ENTITY_DOCUMENTS = """
SELECT m.document_id FROM mentions m JOIN documents d ON d.id = m.document_id
WHERE m.entity_id = :id ORDER BY d.date DESC LIMIT :documents
"""
_ENTITY_SPEAKERS_SQL = f"""
SELECT s.id, s.name, count(*) AS n FROM quotes q JOIN speakers s ON s.id = q.speaker_id
WHERE q.document_id IN ({_ENTITY_DOCUMENTS})
GROUP BY s.id ORDER BY n DESC, s.name LIMIT :size
"""
_ENTITY_NEIGHBOURS_SQL = f"""
SELECT e.id, e.name, e.type, count(DISTINCT m.document_id) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id
WHERE m.document_id IN ({_ENTITY_DOCUMENTS}) AND m.entity_id != :id
GROUP BY e.id ORDER BY n DESC, e.name LIMIT :size
"""
_ENTITY_QUOTES_SQL = f"""
SELECT q.id FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.document_id IN ({_ENTITY_DOCUMENTS})
ORDER BY d.date DESC, q.id DESC LIMIT :size
"""


def entity_page(corpus: ReadOnlyCorpus, entity_id: int) -> dict[str, Any] | None:
    """An entity: type, aliases, contained names, mentions over time, who talks about it, neighbours."""
    connection = corpus.connection
    row = connection.execute("SELECT id, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    params = {"id": entity_id, "size": LIST_SIZE, "documents": RECENT_DOCUMENTS}
    documents, mentions = connection.execute(
        "SELECT count(DISTINCT document_id), count(*) FROM mentions WHERE entity_id = ?", (entity_id,)
    ).fetchone()
    aliases = [
        r[0]
        for r in connection.execute("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (entity_id,))
        if r[0] != row["name"]
    ]
    hit = EntityHit(Entity(name=row["name"], type=row["type"]), documents, mentions, aliases)
    chart = monthly_chart(connection.execute(_ENTITY_MONTHS_SQL, params).fetchall())
    quotes = quote_hits(corpus, [(r[0], None) for r in connection.execute(_ENTITY_QUOTES_SQL, params)])
    return {
        "id": entity_id,
        "entity": hit.to_dict(),
        "contained": _contained_names(corpus, entity_id, row["name"]),
        "timeline": chart.series,
        "speakers": _people_by_quotes(connection.execute(_ENTITY_SPEAKERS_SQL, params)),
        "cooccurring": _entities_by_documents(connection.execute(_ENTITY_NEIGHBOURS_SQL, params)),
        "quotes": with_speaker_ids(corpus, [q.to_dict() for q in quotes]),
        "_chart": chart,
    }


def _contained_names(corpus: ReadOnlyCorpus, entity_id: int, name: str) -> list[dict[str, Any]]:
    """Entities whose name holds this one's as whole words ("Khorgos Gateway" under "Khorgos")."""
    rows = corpus.connection.execute(
        "SELECT id, name, type FROM entities WHERE name LIKE ? ESCAPE '\\' AND id != ? ORDER BY name LIMIT ?",
        ("%" + like_escape(name) + "%", entity_id, CONTAINED_SCAN),
    ).fetchall()
    whole_word = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
    return [{"id": r[0], "name": r[1], "type": r[2]} for r in rows if whole_word.search(r[1])][:LIST_SIZE]


# -- topics ----------------------------------------------------------------------------------


_TOPIC_MONTHS_SQL = """
SELECT substr(d.date, 1, 7) AS month, count(*) FROM topics t JOIN documents d ON d.id = t.document_id
WHERE t.label = :label AND d.date IS NOT NULL GROUP BY month
"""
_TOPIC_DOCUMENTS = """
SELECT t.document_id FROM topics t JOIN documents d ON d.id = t.document_id
WHERE t.label = :label ORDER BY d.date DESC LIMIT :documents
"""
_TOPIC_EXPERTS_SQL = """
SELECT s.id, s.name, count(*) AS n FROM quote_topics t JOIN quotes q ON q.id = t.quote_id JOIN speakers s ON s.id = q.speaker_id
WHERE t.label = :label GROUP BY s.id ORDER BY n DESC, s.name LIMIT :size
"""
_TOPIC_ENTITIES_SQL = f"""
SELECT e.id, e.name, e.type, count(DISTINCT m.document_id) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id
WHERE m.document_id IN ({_TOPIC_DOCUMENTS}) GROUP BY e.id ORDER BY n DESC, e.name LIMIT :size
"""


def topic_page(corpus: ReadOnlyCorpus, label: str) -> dict[str, Any] | None:
    """A topic: documents per month, the experts with most quotes labelled with it, the entities
    of its latest documents, its latest quotes."""
    label = normalise_topic(label)
    connection = corpus.connection
    known = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM topics WHERE label = :l) OR EXISTS (SELECT 1 FROM quote_topics WHERE label = :l)",
        {"l": label},
    ).fetchone()[0]
    if not label or not known:
        return None
    params = {"label": label, "size": LIST_SIZE, "documents": RECENT_DOCUMENTS}
    chart = monthly_chart(connection.execute(_TOPIC_MONTHS_SQL, params).fetchall())
    quotes = search_quotes(corpus, topic=label, limit=LIST_SIZE)
    return {
        "label": label,
        "timeline": chart.series,
        "experts": _people_by_quotes(connection.execute(_TOPIC_EXPERTS_SQL, params)),
        "entities": _entities_by_documents(connection.execute(_TOPIC_ENTITIES_SQL, params)),
        "quotes": with_speaker_ids(corpus, [hit.to_dict() for hit in quotes]),
        "_chart": chart,
    }


def _people_by_quotes(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """(id, name, quote count) rows as the JSON the pages and their API give."""
    return [{"id": r[0], "name": r[1], "quotes": r[2]} for r in rows]


def _entities_by_documents(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """(id, name, type, document count) rows as the JSON the pages and their API give."""
    return [{"id": r[0], "name": r[1], "type": r[2], "documents": r[3]} for r in rows]
