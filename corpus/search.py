"""Search over the corpus database: quotes, documents and entities, by filters and full text.

The library API comes first and the CLI is a thin shell over it (sqlite-utils style):
`search_quotes`, `search_documents`, `search_entities` and `similar_quotes` return typed hits
built around the shared records of `corpus.schema`.

Filters mean the same in every search:
- `entity`: any alias of the entity (case-insensitive), and every entity named after it: one
  whose alias contains the name as a whole word ("Khorgos" finds "Khorgos Gateway" and
  "Khorgos–Eastern Gate SEZ"); documents mentioning the exact entity rank first, and each
  document hit says which entities matched. Quotes and entities are filtered at
  document level by default: a quote matches when its document mentions the entity, since
  news quotes often refer back to an entity named a paragraph earlier. For quotes,
  `entity_scope="paragraph"` asks for a mention in the quote's own paragraph (no line break
  between mention and quote), which is stricter and more precise.
- `speaker`: the speaker registry name contains the text (case, accents and punctuation
  ignored; whole-word matches win over mere substrings), plus spelling variants of the
  matched names (see `corpus.experts`).
- `org`: the speaker's organisation contains the text (same folding).
- `topic`: for quotes, the quote's own topic labels; a quote without labels inherits its
  document's topics. For documents and entities, the document's topics.
- `since` / `until`: document dates, inclusive; partial dates (`2024`, `2024-06`) cover
  the whole year or month.
The query is full text (FTS5, BM25 ranking). Whatever the user types is escaped into plain
phrases (double-quoted segments stay phrases), so operators and SQL fragments are just words;
`raw=True` hands FTS5 syntax through, and a malformed raw query raises `QueryError`.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


from newsmine.corpus.embeddings_index import Encoder, as_unit_rows
from newsmine.corpus.experts import (
    like_escape,
    matching_orgs,
    normalise_topic,
    surname_speaker_ids,
    variant_speaker_ids,
)
from newsmine.corpus.name_keys import entities_with_key
from newsmine.corpus.schema import Entity, Quote, TopicScore
from newsmine.corpus.store import CorpusStore, speaker_key
from newsmine.corpus.vector_index import vector_index
from newsmine.errors import NewsmineError

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
QUOTE_FIELD_WEIGHTS = (4.0, 2.0, 1.0, 1.0)  # bm25 weights: text, speaker, speaker_role, speaker_org
_QUOTE_WEIGHTS = ", ".join(str(weight) for weight in QUOTE_FIELD_WEIGHTS)
DOCUMENT_FIELD_WEIGHTS = (3.0, 1.0)  # bm25 weights: title, text (a word in the headline says more)
_DOCUMENT_WEIGHTS = ", ".join(str(weight) for weight in DOCUMENT_FIELD_WEIGHTS)
SENTENCE_WINDOW = 1500  # characters searched on each side of a quote for sentence boundaries
SNIPPET_WORDS = 16
ENTITY_SCOPES = ("document", "paragraph")
NARROW_ROWS = 1000  # a filter matching fewer rows drives the query; more, and the date order does
LEAD_CHARS = 200
DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
DATE_CEILING = "\uffff"  # sorts after any ISO suffix, so `until` 2024-06-30 keeps 2024-06-30T10:00
# fmt: off
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "sen", "rep", "gov",
    "pres", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "fig", "e", "g", "i",
})
# fmt: on

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_SEARCHABLE = re.compile(r"[^\W_]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # FTS5 ends a string at NUL; other controls are noise
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n")
_WORD_BEFORE = re.compile(r"(\w+)$")


class QueryError(NewsmineError):
    """A search the user asked for cannot run: malformed raw FTS5 query, bad date, bad limit."""


@dataclass(slots=True)
class QuoteHit:
    """A quote found by a search, with where it came from and the sentence around it."""

    quote: Quote
    quote_id: int
    document_id: str
    title: str | None
    url: str | None
    date: str | None
    sentence: str
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.quote.to_dict(),
            "quote_id": self.quote_id,
            "document_id": self.document_id,
            "title": self.title,
            "url": self.url,
            "date": self.date,
            "sentence": self.sentence,
            "score": _rounded(self.score),
        }


@dataclass(slots=True)
class DocumentHit:
    """A document found by a search: its metadata, topics and a snippet around the match."""

    document_id: str
    title: str | None
    url: str | None
    date: str | None
    source: str | None
    snippet: str
    topics: list[TopicScore] = field(default_factory=list)
    score: float | None = None
    matched_entities: list[str] = field(default_factory=list)  # with an entity filter: which matched, exact first

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "title": self.title,
            "url": self.url,
            "date": self.date,
            "source": self.source,
            "snippet": self.snippet,
            "topics": [topic.to_dict() for topic in self.topics],
            "score": _rounded(self.score),
            "matched_entities": list(self.matched_entities),
        }


@dataclass(slots=True)
class EntityHit:
    """An entity (mentions not loaded) with how many documents and mentions name it."""

    entity: Entity
    document_count: int
    mention_count: int
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.entity.name,
            "type": self.entity.type,
            "document_count": self.document_count,
            "mention_count": self.mention_count,
            "aliases": list(self.aliases),
        }


@dataclass(slots=True, frozen=True)
class _Filters:
    """User filters resolved to ids and values; a resolved empty tuple means 'matches nothing'."""

    entity_ids: tuple[int, ...] | None = None
    exact_entity_ids: tuple[int, ...] = ()
    speaker_ids: tuple[int, ...] | None = None
    orgs: tuple[str, ...] | None = None
    topic: str | None = None
    since: str | None = None
    until: str | None = None
    narrow_entity: bool = False
    narrow: bool = False
    entity_scope: str = "document"

    @property
    def matches_nothing(self) -> bool:
        return any(values == () for values in (self.entity_ids, self.speaker_ids, self.orgs))

    @property
    def is_empty(self) -> bool:
        return (self.entity_ids, self.speaker_ids, self.orgs, self.topic, self.since, self.until) == (None,) * 6


# -- escaping and validation ---------------------------------------------------------------


def fts_escape(query: str) -> str:
    """Turn any user text into a safe FTS5 query: every word (or "quoted phrase") a phrase.

    FTS5 operators (AND, OR, NOT, NEAR, `*`, `^`, `-`, `:`, parentheses) lose their meaning
    inside double quotes, and embedded double quotes are doubled. Segments without a letter
    or digit are dropped; the phrases are implicitly ANDed. Returns "" when nothing is left.
    """
    phrases = []
    for phrase, word in _PHRASE_OR_WORD.findall(_CONTROL.sub(" ", query)):
        text = phrase or word
        if _SEARCHABLE.search(text):
            phrases.append('"' + text.replace('"', '""') + '"')
    return " ".join(phrases)


def _match_expression(query: str | None, *, raw: bool) -> str | None:
    if query is None or not query.strip():
        return None
    if raw:
        return query
    escaped = fts_escape(query)
    if not escaped:
        raise QueryError(f"query {query!r}", "nothing to search for (no letters or digits)")
    return escaped


def _check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    try:
        datetime.strptime(value, DATE_FORMATS[len(value)])
    except (KeyError, ValueError):
        raise QueryError(f"--{option} {value!r}", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def _check_limit(limit: int) -> int:
    if limit < 1:
        raise QueryError(f"--limit {limit}", "expected a positive number")
    return limit


def _like_pattern(text: str) -> str:
    return "%" + like_escape(text) + "%"


def _json_list(values: Sequence[Any]) -> str:
    return json.dumps(list(values))


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(float(score), 4)


# -- resolving filters ---------------------------------------------------------------------


def exact_entity_ids(store: CorpusStore, name: str) -> list[int]:
    """Ids of the entities that have `name` as an alias or canonical name (case-insensitive),
    or share its cross-language key ("Хоргос" finds Khorgos, "Tokayev" finds "Токаев")."""
    rows = store.connection.execute(
        "SELECT DISTINCT entity_id FROM entity_aliases WHERE alias = ? ORDER BY entity_id", (name.strip(),)
    )
    return sorted({row[0] for row in rows} | set(entities_with_key(store.connection, name)))


def entity_ids(store: CorpusStore, name: str) -> list[int]:
    """The entities a user means by `name`: the exact ones (alias or name) first, then every
    entity with an alias that contains `name` as a whole word ("Khorgos Gateway" for Khorgos)."""
    name = name.strip()
    exact = exact_entity_ids(store, name)
    if not name:
        return exact
    whole_word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    # LIKE scans the aliases; without an ESCAPE clause SQLite's scan is about 2.5x faster (3 ms
    # against 8 ms over 40k aliases, benchmarks/search_latency.py's corpus), so it is used
    # whenever the name holds no LIKE wildcard.
    escaped = "%" in name or "_" in name
    sql = "SELECT DISTINCT entity_id, alias FROM entity_aliases WHERE alias LIKE ?" + (" ESCAPE '\\'" if escaped else "")
    pattern = _like_pattern(name) if escaped else f"%{name}%"
    rows = store.connection.execute(sql + " ORDER BY entity_id", (pattern,))
    contained = dict.fromkeys(entity_id for entity_id, alias in rows if whole_word.search(alias))
    return exact + [entity_id for entity_id in contained if entity_id not in exact]


def speaker_ids(store: CorpusStore, name: str) -> list[int]:
    """Ids of registry speakers whose folded name contains the folded `name`, with every name the
    expert registry merges with them: spelling variants, and the surname said alone.

    Whole-word matches win: "Li" finds "Li Wei" and not "Alina Smith" when both exist.
    """
    key = speaker_key(name)
    if not key:
        return []
    rows = store.connection.execute(
        "SELECT id, key FROM speakers WHERE key LIKE ? ESCAPE '\\'", (_like_pattern(key),)
    ).fetchall()
    matched = [(row[0], row[1]) for row in rows]
    whole_words = [(i, k) for i, k in matched if f" {key} " in f" {k} "]
    chosen = whole_words or matched
    variants = variant_speaker_ids(store.connection, chosen)
    variant_keys = store.connection.execute(
        "SELECT id, key FROM speakers WHERE id IN (SELECT value FROM json_each(?))", (_json_list(variants),)
    ).fetchall()
    return sorted(set(variants) | set(surname_speaker_ids(store.connection, [tuple(row) for row in variant_keys])))


def _resolve_filters(
    store: CorpusStore,
    *,
    entity: str | None,
    speaker: str | None,
    org: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    entity_scope: str = "document",
) -> _Filters:
    """Resolve names to ids, and measure which filters are narrow enough to drive the query."""
    if entity_scope not in ENTITY_SCOPES:
        raise ValueError(f"unknown entity scope {entity_scope!r}; expected one of {ENTITY_SCOPES}")
    resolved_entities = tuple(entity_ids(store, entity)) if entity else None
    exact_entities = tuple(exact_entity_ids(store, entity)) if entity else ()
    resolved_speakers = tuple(speaker_ids(store, speaker)) if speaker else None
    resolved_orgs = tuple(matching_orgs(store, org)) if org else None
    narrow_entity = resolved_entities is not None and _fewer_rows_than_cutoff(
        store, "SELECT 1 FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))", resolved_entities
    )
    narrow_speaker = resolved_speakers is not None and _fewer_rows_than_cutoff(
        store, "SELECT 1 FROM quotes WHERE speaker_id IN (SELECT value FROM json_each(?))", resolved_speakers
    )
    narrow_org = resolved_orgs is not None and _fewer_rows_than_cutoff(
        store, "SELECT 1 FROM quotes WHERE speaker_org IN (SELECT value FROM json_each(?))", resolved_orgs
    )
    return _Filters(
        entity_ids=resolved_entities,
        exact_entity_ids=exact_entities,
        speaker_ids=resolved_speakers,
        orgs=resolved_orgs,
        topic=(normalise_topic(topic) or topic) if topic else None,  # punctuation-only: matches nothing
        since=_check_date(since, "since"),
        until=_check_date(until, "until"),
        narrow_entity=narrow_entity,
        narrow=narrow_entity or narrow_speaker or narrow_org,
        entity_scope=entity_scope,
    )


def _fewer_rows_than_cutoff(store: CorpusStore, sql: str, values: Sequence[Any]) -> bool:
    """Whether `sql` yields fewer than `NARROW_ROWS` rows, counting no further than that."""
    count = store.connection.execute(
        f"SELECT count(*) FROM ({sql} LIMIT {NARROW_ROWS})", (_json_list(values),)
    ).fetchone()[0]
    return count < NARROW_ROWS


def unmatched_filters(
    store: CorpusStore, *, entity: str | None = None, speaker: str | None = None, org: str | None = None
) -> list[str]:
    """One note per filter that names nothing in the corpus, to explain an empty result."""
    notes = []
    if entity and not entity_ids(store, entity):
        notes.append(f"no entity named {entity!r} in the corpus")
    if speaker and not speaker_ids(store, speaker):
        notes.append(f"no speaker matching {speaker!r} in the corpus")
    if org and not matching_orgs(store, org):
        notes.append(f"no speaker organisation matching {org!r} in the corpus")
    return notes


# -- SQL conditions ------------------------------------------------------------------------


def _date_conditions(filters: _Filters, date_column: str) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if filters.since:
        conditions.append(f"{date_column} >= ?")
        params.append(filters.since)
    if filters.until:
        conditions.append(f"{date_column} <= ?")
        params.append(filters.until + DATE_CEILING)
    return conditions, params


def _entity_condition(filters: _Filters, document_id: str, *, per_row: bool) -> tuple[list[str], list[Any]]:
    """The entity's documents as a list to start from, or (`per_row`) a check on each row.

    Per-row checks pay off for a broad entity in a newest-first listing that stops after
    `limit` rows; anything that reads every match is faster with the list.
    """
    if filters.entity_ids is None:
        return [], []
    if not per_row:
        condition = (
            f"{document_id} IN (SELECT document_id FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?)))"
        )
    else:
        condition = (
            "EXISTS (SELECT 1 FROM mentions m2 WHERE m2.entity_id IN (SELECT value FROM json_each(?))"
            f" AND m2.document_id = {document_id})"
        )
    return [condition], [_json_list(filters.entity_ids)]


# A mention is in the quote's paragraph when it overlaps the quote or no line break lies
# between them (SQLite's substr counts characters, like the stored offsets).
_SAME_PARAGRAPH = """EXISTS (SELECT 1 FROM mentions mp
 WHERE mp.document_id = q.document_id AND mp.entity_id IN (SELECT value FROM json_each(?)) AND (
 (mp.start < q.end AND mp.end > q.start)
 OR (mp.end <= q.start AND instr(substr(d.text, mp.end + 1, q.start - mp.end), char(10)) = 0)
 OR (mp.start >= q.end AND instr(substr(d.text, q.end + 1, mp.start - q.end), char(10)) = 0)))"""


def _quote_conditions(filters: _Filters, *, per_row: bool) -> tuple[list[str], list[Any]]:
    """WHERE conditions over `quotes q JOIN documents d` (`per_row`: see `_entity_condition`)."""
    conditions, params = _entity_condition(filters, "q.document_id", per_row=per_row)
    if filters.entity_ids is not None and filters.entity_scope == "paragraph":
        conditions.append(_SAME_PARAGRAPH)
        params.append(_json_list(filters.entity_ids))
    if filters.speaker_ids is not None:
        conditions.append("q.speaker_id IN (SELECT value FROM json_each(?))")
        params.append(_json_list(filters.speaker_ids))
    if filters.orgs is not None:
        conditions.append("q.speaker_org IN (SELECT value FROM json_each(?))")
        params.append(_json_list(filters.orgs))
    if filters.topic:
        conditions.append(
            "(EXISTS (SELECT 1 FROM quote_topics t WHERE t.quote_id = q.id AND t.label = ?)"
            " OR (NOT EXISTS (SELECT 1 FROM quote_topics t WHERE t.quote_id = q.id)"
            " AND EXISTS (SELECT 1 FROM topics dt WHERE dt.document_id = q.document_id AND dt.label = ?)))"
        )
        params += [filters.topic, filters.topic]
    dates, date_params = _date_conditions(filters, "d.date")
    return conditions + dates, params + date_params


def _document_conditions(
    filters: _Filters, document_id: str, date_column: str | None, *, per_row: bool
) -> tuple[list[str], list[Any]]:
    """WHERE conditions on a document id column; dates via `date_column` or a subquery."""
    conditions, params = _entity_condition(filters, document_id, per_row=per_row)
    if filters.speaker_ids is not None:
        conditions.append(
            f"{document_id} IN (SELECT document_id FROM quotes WHERE speaker_id IN (SELECT value FROM json_each(?)))"
        )
        params.append(_json_list(filters.speaker_ids))
    if filters.orgs is not None:
        conditions.append(
            f"{document_id} IN (SELECT document_id FROM quotes WHERE speaker_org IN (SELECT value FROM json_each(?)))"
        )
        params.append(_json_list(filters.orgs))
    if filters.topic:
        conditions.append(f"EXISTS (SELECT 1 FROM topics dt WHERE dt.document_id = {document_id} AND dt.label = ?)")
        params.append(filters.topic)
    if date_column is not None:
        dates, date_params = _date_conditions(filters, date_column)
    else:
        inner, date_params = _date_conditions(filters, "date")
        dates = [f"{document_id} IN (SELECT id FROM documents WHERE {' AND '.join(inner)})"] if inner else []
    return conditions + dates, params + date_params


def _where(conditions: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""


def _run(store: CorpusStore, sql: str, params: Sequence[Any], *, query: str | None, raw: bool) -> list[sqlite3.Row]:
    """Execute a search; a raw FTS5 query that SQLite rejects becomes a one-line QueryError."""
    logger.debug("%s -- parameters: %s", " ".join(sql.split()), params)
    try:
        return store.connection.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        if not raw:
            raise
        raise QueryError(
            f"query {query!r}", f"malformed full-text query ({error}); drop --raw to search the words as typed"
        ) from None


# -- quotes --------------------------------------------------------------------------------


def search_quotes(
    store: CorpusStore,
    query: str | None = None,
    *,
    entity: str | None = None,
    speaker: str | None = None,
    org: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
    raw: bool = False,
    entity_scope: str = "document",
) -> list[QuoteHit]:
    """Quotes matching the query and filters: best BM25 first, or newest first without a query.

    `entity_scope="paragraph"` keeps only quotes whose own paragraph mentions the entity,
    instead of any quote of a document that mentions it.

    Raises:
        QueryError: malformed raw query, invalid date or limit, or a query without words.
    """
    ranked = ranked_quote_ids(
        store, query, entity=entity, speaker=speaker, org=org, topic=topic, since=since, until=until,
        limit=limit, raw=raw, entity_scope=entity_scope,
    )
    return quote_hits(store, ranked)


def ranked_quote_ids(
    store: CorpusStore,
    query: str | None = None,
    *,
    entity: str | None = None,
    speaker: str | None = None,
    org: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
    raw: bool = False,
    entity_scope: str = "document",
) -> list[tuple[int, float | None]]:
    """What `search_quotes` finds, as (quote id, score) pairs in rank order, hits not loaded:
    cheap enough to count and facet a whole result set (the web pages do).

    Raises:
        QueryError: as for `search_quotes`.
    """
    limit = _check_limit(limit)
    match = _match_expression(query, raw=raw)
    filters = _resolve_filters(
        store, entity=entity, speaker=speaker, org=org, topic=topic, since=since, until=until, entity_scope=entity_scope
    )
    if filters.matches_nothing:
        return []
    if match is None:
        conditions, params = _quote_conditions(filters, per_row=not filters.narrow_entity)
        sql = (
            f"SELECT q.id, NULL AS score FROM {_quotes_by_date(filters)} "
            f"{_where(conditions)} ORDER BY d.date DESC, q.id DESC LIMIT ?"
        )
        params = [*params, limit]
    else:
        sql, params = _ranked_quotes_sql(store, filters, match, limit)
    rows = _run(store, sql, params, query=query, raw=raw)
    return [(row[0], row[1]) for row in rows]


def _ranked_quotes_sql(store: CorpusStore, filters: _Filters, match: str, limit: int) -> tuple[str, list[Any]]:
    """BM25 ranking, computed over as few matches as the filters allow.

    Without filters the FTS index ranks alone (joining every match first doubles the time);
    with a narrow filter its few quotes are listed first and only they are ranked; otherwise
    every match is joined and checked.
    """
    select = f"SELECT f.rowid, -bm25(quotes_fts, {_QUOTE_WEIGHTS}) AS score FROM quotes_fts f"
    order = "ORDER BY score DESC, f.rowid LIMIT ?"
    if filters.is_empty:
        return f"{select} WHERE quotes_fts MATCH ? {order}", [match, limit]
    if filters.narrow:
        candidates = _json_list(_filtered_quote_ids(store, filters))
        return (
            f"{select} WHERE quotes_fts MATCH ? AND f.rowid IN (SELECT value FROM json_each(?)) {order}",
            [match, candidates, limit],
        )
    conditions, params = _quote_conditions(filters, per_row=True)
    joins = " JOIN quotes q ON q.id = f.rowid JOIN documents d ON d.id = q.document_id"
    return f"{select}{joins} {_where(['quotes_fts MATCH ?', *conditions])} {order}", [match, *params, limit]


def _quotes_by_date(filters: _Filters) -> str:
    """The join order for newest-first listing.

    A narrow filter (few rows) lets SQLite start from its index and sort what it finds;
    without one, walking documents newest first and checking each quote stops after
    `limit` hits instead of sorting most of the corpus.
    """
    if filters.narrow:
        return "quotes q JOIN documents d ON d.id = q.document_id"
    return "documents d CROSS JOIN quotes q ON q.document_id = d.id"


QUOTE_COLUMNS = ("text", "start", "end", "kind", "speaker", "speaker_role", "speaker_org", "cue")
_QUOTE_HIT_SQL = """
SELECT q.id, q.document_id, q.start, q.end, q.kind, q.text, q.speaker, q.speaker_role, q.speaker_org, q.cue,
       d.title, d.url, d.date, d.text AS document_text
FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.id IN (SELECT value FROM json_each(?))
"""


def quote_hits(store: CorpusStore, ranked: Sequence[tuple[int, float | None]]) -> list[QuoteHit]:
    """Load the hits for ranked (quote id, score) pairs, keeping their order."""
    ids = _json_list([quote_id for quote_id, _score in ranked])
    rows = {row["id"]: row for row in store.connection.execute(_QUOTE_HIT_SQL, (ids,))}
    labels: dict[int, list[str]] = {}
    for quote_id, label in store.connection.execute(
        "SELECT quote_id, label FROM quote_topics WHERE quote_id IN (SELECT value FROM json_each(?)) ORDER BY label",
        (ids,),
    ):
        labels.setdefault(quote_id, []).append(label)
    return [
        _quote_hit(rows[quote_id], labels.get(quote_id, []), score) for quote_id, score in ranked if quote_id in rows
    ]


def _quote_hit(row: sqlite3.Row, labels: list[str], score: float | None) -> QuoteHit:
    return QuoteHit(
        quote=Quote(**{column: row[column] for column in QUOTE_COLUMNS}, topics=labels),
        quote_id=row["id"],
        document_id=row["document_id"],
        title=row["title"],
        url=row["url"],
        date=row["date"],
        sentence=sentence_around(row["document_text"], row["start"], row["end"]),
        score=score,
    )


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """A newline, or end punctuation not closing an abbreviation or an initial ("Dr.", "J.")."""
    if match.group() == "\n" or not match.group().startswith("."):
        return True
    before = _WORD_BEFORE.search(text, 0, match.start())
    if before is None:
        return True
    word = before.group(1)
    return not (word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()))


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) that contain `text[start:end]`, found by a simple punctuation search.

    A quote that spans sentences gives all of them; the search looks at most
    `SENTENCE_WINDOW` characters beyond the quote on each side.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    low = max(0, start - SENTENCE_WINDOW)
    begin = low
    for match in _SENTENCE_END.finditer(text, low, start):
        if _is_boundary(text, match):
            begin = match.end()
    high = min(len(text), end + SENTENCE_WINDOW)
    finish = high
    for match in _SENTENCE_END.finditer(text, max(start, end - 1), high):
        if _is_boundary(text, match):
            finish = match.start() if match.group() == "\n" else match.end()
            break
    return " ".join(text[begin:finish].split())


# -- documents -----------------------------------------------------------------------------


def search_documents(
    store: CorpusStore,
    query: str | None = None,
    *,
    entity: str | None = None,
    speaker: str | None = None,
    org: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
    raw: bool = False,
) -> list[DocumentHit]:
    """Documents matching the query and filters: best BM25 first, or newest first without a query.

    `speaker` and `org` keep documents that quote a matching speaker.

    Raises:
        QueryError: as for `search_quotes`.
    """
    limit = _check_limit(limit)
    match = _match_expression(query, raw=raw)
    filters = _resolve_filters(store, entity=entity, speaker=speaker, org=org, topic=topic, since=since, until=until)
    if filters.matches_nothing:
        return []
    conditions, params = _document_conditions(filters, "d.id", "d.date", per_row=not filters.narrow_entity)
    exact_first, exact_params = _exact_entity_order(filters)
    if match is None:
        sql = (
            f"SELECT d.pk, NULL AS score FROM documents d {_where(conditions)}"
            f" ORDER BY {exact_first}d.date DESC, d.pk DESC LIMIT ?"
        )
        params = [*params, *exact_params, limit]
    else:
        sql = (
            f"SELECT d.pk, -bm25(documents_fts, {_DOCUMENT_WEIGHTS}) AS score FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
            f"{_where(['documents_fts MATCH ?', *conditions])} ORDER BY {exact_first}score DESC, d.pk LIMIT ?"
        )
        params = [match, *params, *exact_params, limit]
    rows = _run(store, sql, params, query=query, raw=raw)
    hits = _document_hits(store, [(row[0], row[1]) for row in rows], match)
    if filters.entity_ids:
        _name_matched_entities(store, hits, filters)
    return hits


def _exact_entity_order(filters: _Filters) -> tuple[str, list[Any]]:
    """An ORDER BY term putting documents that mention the exact entity before those naming only
    an entity named after it; nothing when every matched entity is exact."""
    if filters.entity_ids is None or set(filters.entity_ids) <= set(filters.exact_entity_ids):
        return "", []
    term = "d.id IN (SELECT document_id FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))) DESC, "
    return term, [_json_list(filters.exact_entity_ids)]


def _name_matched_entities(store: CorpusStore, hits: list[DocumentHit], filters: _Filters) -> None:
    """Fill each hit's `matched_entities`: the matched entities its document mentions, exact first."""
    rank = {entity_id: index for index, entity_id in enumerate(filters.entity_ids or ())}
    rows = store.connection.execute(
        "SELECT DISTINCT m.document_id, e.id, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.entity_id IN (SELECT value FROM json_each(?)) AND m.document_id IN (SELECT value FROM json_each(?))",
        (_json_list(list(rank)), _json_list([hit.document_id for hit in hits])),
    ).fetchall()
    names: dict[str, list[tuple[int, str]]] = {}
    for document_id, entity_id, name in rows:
        names.setdefault(document_id, []).append((rank[entity_id], name))
    for hit in hits:
        hit.matched_entities = [name for _rank, name in sorted(names.get(hit.document_id, []))]


def _document_hits(store: CorpusStore, ranked: list[tuple[int, float | None]], match: str | None) -> list[DocumentHit]:
    pks = _json_list([pk for pk, _score in ranked])
    rows = {
        row["pk"]: row
        for row in store.connection.execute(
            "SELECT pk, id, title, url, date, source, substr(text, 1, ?) AS lead FROM documents"
            " WHERE pk IN (SELECT value FROM json_each(?))",
            (LEAD_CHARS, pks),
        )
    }
    snippets: dict[int, str] = {}
    if match is not None:
        snippets = dict(
            store.connection.execute(
                "SELECT rowid, snippet(documents_fts, -1, '[', ']', '…', ?) FROM documents_fts"
                " WHERE documents_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
                (SNIPPET_WORDS, match, pks),
            ).fetchall()
        )
    topics: dict[str, list[TopicScore]] = {}
    for document_id, label, score in store.connection.execute(
        "SELECT document_id, label, score FROM topics WHERE document_id IN"
        " (SELECT id FROM documents WHERE pk IN (SELECT value FROM json_each(?))) ORDER BY score DESC",
        (pks,),
    ):
        topics.setdefault(document_id, []).append(TopicScore(label, score))
    return [
        DocumentHit(
            document_id=rows[pk]["id"],
            title=rows[pk]["title"],
            url=rows[pk]["url"],
            date=rows[pk]["date"],
            source=rows[pk]["source"],
            snippet=" ".join((snippets.get(pk) or rows[pk]["lead"]).split()),
            topics=topics.get(rows[pk]["id"], []),
            score=score,
        )
        for pk, score in ranked
        if pk in rows
    ]


# -- entities ------------------------------------------------------------------------------


def search_entities(
    store: CorpusStore,
    query: str | None = None,
    *,
    entity_type: str | None = None,
    entity: str | None = None,
    speaker: str | None = None,
    org: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[EntityHit]:
    """Entities with their document and mention counts, most documents first.

    `query` keeps entities with an alias containing it (case-insensitive). `entity` lists
    what co-occurs with that entity: entities of the documents mentioning it, itself
    excluded, ranked by shared documents. The other filters restrict the documents counted.

    Raises:
        QueryError: invalid date or limit.
    """
    limit = _check_limit(limit)
    filters = _resolve_filters(store, entity=entity, speaker=speaker, org=org, topic=topic, since=since, until=until)
    if filters.matches_nothing:
        return []
    conditions, params = _document_conditions(filters, "m.document_id", None, per_row=False)
    if filters.entity_ids is not None:  # co-occurrence: the entity itself is left out, what is named after it stays
        conditions.append("m.entity_id NOT IN (SELECT value FROM json_each(?))")
        params.append(_json_list(filters.exact_entity_ids))
    if query and query.strip():
        conditions.append("m.entity_id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ? ESCAPE '\\')")
        params.append(_like_pattern(query.strip()))
    if entity_type:
        conditions.append("m.entity_id IN (SELECT id FROM entities WHERE type = ?)")
        params.append(entity_type.strip().upper())
    exact_first, exact_params = "", []
    if query and query.strip():  # the entity named exactly so comes before those merely containing it
        exact_first = "c.entity_id IN (SELECT entity_id FROM entity_aliases WHERE alias = ?) DESC, "
        exact_params = [query.strip()]
    rows = store.connection.execute(
        "SELECT c.entity_id, c.documents, c.mentions FROM (SELECT m.entity_id, count(DISTINCT m.document_id)"
        f" AS documents, count(*) AS mentions FROM mentions m {_where(conditions)} GROUP BY m.entity_id) c"
        f" JOIN entities e ON e.id = c.entity_id ORDER BY {exact_first}c.documents DESC, c.mentions DESC, e.name, e.id"
        " LIMIT ?",
        [*params, *exact_params, limit],
    ).fetchall()
    return _entity_hits(store, rows)


def _entity_hits(store: CorpusStore, counted: list[sqlite3.Row]) -> list[EntityHit]:
    ids = _json_list([row[0] for row in counted])
    names = {
        row[0]: (row[1], row[2])
        for row in store.connection.execute(
            "SELECT id, name, type FROM entities WHERE id IN (SELECT value FROM json_each(?))", (ids,)
        )
    }
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in store.connection.execute(
        "SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN (SELECT value FROM json_each(?))"
        " ORDER BY alias",
        (ids,),
    ):
        if alias != names[entity_id][0]:
            aliases.setdefault(entity_id, []).append(alias)
    return [
        EntityHit(
            entity=Entity(name=names[entity_id][0], type=names[entity_id][1]),
            document_count=documents,
            mention_count=mentions,
            aliases=aliases.get(entity_id, []),
        )
        for entity_id, documents, mentions in counted
    ]


# -- semantic search -----------------------------------------------------------------------


def similar_quotes(
    store: CorpusStore,
    text: str,
    *,
    encode: Encoder,
    limit: int = DEFAULT_LIMIT,
    entity: str | None = None,
    speaker: str | None = None,
    org: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    until: str | None = None,
    entity_scope: str = "document",
) -> list[QuoteHit]:
    """Quotes closest in meaning to `text` (cosine similarity of stored embeddings), best first.

    Only quotes already embedded (`corpus.embeddings_index.index_quote_embeddings`) are
    searched, through the database's vector index (`corpus.vector_index`), which finds the
    candidates in milliseconds; their scores are exact cosines of the stored vectors.
    The filters mean what they mean for `search_quotes`.

    Raises:
        QueryError: empty text, invalid date or limit.
    """
    ranked = similar_quote_ids(
        store, text, encode=encode, limit=limit, entity=entity, speaker=speaker, org=org, topic=topic,
        since=since, until=until, entity_scope=entity_scope,
    )
    return quote_hits(store, ranked)


def similar_quote_ids(
    store: CorpusStore, text: str, *, encode: Encoder, limit: int = DEFAULT_LIMIT, entity_scope: str = "document",
    **filters: str | None,
) -> list[tuple[int, float]]:
    """What `similar_quotes` finds, as (quote id, cosine) pairs, best first, hits not loaded.

    Raises:
        QueryError: as for `similar_quotes`.
    """
    limit = _check_limit(limit)
    if not text.strip():
        raise QueryError("--similar ''", "nothing to compare with (empty text)")
    resolved = _resolve_filters(store, entity_scope=entity_scope, **filters)  # type: ignore[arg-type]
    if resolved.matches_nothing:
        return []
    candidates = None if resolved.is_empty else _filtered_quote_ids(store, resolved)
    target = as_unit_rows(encode([text]))[0]
    return vector_index(store.path).search(store.connection, target, limit=limit, candidates=candidates)


def filtered_quote_ids(
    store: CorpusStore, *, limit: int, entity_scope: str = "document", **filters: str | None
) -> list[int]:
    """Ids of the quotes the filters allow, in no particular order, at most `limit`: the whole
    result set of a listing without a query, cheap to count and facet (the web pages do).

    Raises:
        QueryError: invalid date or limit.
    """
    resolved = _resolve_filters(store, entity_scope=entity_scope, **filters)  # type: ignore[arg-type]
    if resolved.matches_nothing:
        return []
    return _filtered_quote_ids(store, resolved, limit=_check_limit(limit))


def _filtered_quote_ids(store: CorpusStore, filters: _Filters, *, limit: int = -1) -> list[int]:
    """Every quote the filters allow (at most `limit`; -1: no limit); a broad entity is checked
    per row when another filter leads."""
    conditions, params = _quote_conditions(filters, per_row=filters.narrow and not filters.narrow_entity)
    sql = f"SELECT q.id FROM quotes q JOIN documents d ON d.id = q.document_id {_where(conditions)} LIMIT ?"
    return [row[0] for row in store.connection.execute(sql, [*params, limit])]
