"""`newsmine search`, `newsmine entities` and `newsmine experts`: thin shells over corpus.search
and corpus.experts. Each parses options, calls one library function, prints the hits (or
JSON Lines with --json) and turns project errors into one line on stderr."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from newsmine.corpus.embeddings_index import claim_encoder, index_quote_embeddings, missing_embeddings, stored_encoder
from newsmine.corpus.experts import KINDS as EXPERT_KINDS
from newsmine.corpus.experts import ExpertProfile, UnnamedSource, expert_registry, unnamed_sources
from newsmine.corpus.search import (
    DEFAULT_LIMIT,
    ENTITY_SCOPES,
    DocumentHit,
    EntityHit,
    QueryError,
    QuoteHit,
    search_documents,
    search_entities,
    search_quotes,
    similar_quotes,
    unmatched_filters,
)
from newsmine.corpus.store import CorpusStore
from newsmine.commands.choices import checked_entity_type, checked_topic
from newsmine.models.embeddings import DEFAULT_ENCODER
from newsmine.options import db_option, existing_store

logger = logging.getLogger(__name__)

KINDS = ("quotes", "documents", "entities")
EXIT_ERROR = 1

limit_option = click.option(
    "--limit", default=DEFAULT_LIMIT, show_default=True, type=click.IntRange(min=1), help="At most N results."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Write one JSON object per line.")


def _emit(items: Iterable[Any], *, as_json: bool, render: Callable[[int, Any], str]) -> int:
    count = 0
    for count, item in enumerate(items, start=1):
        click.echo(json.dumps(item.to_dict(), ensure_ascii=False) if as_json else render(count, item))
    return count


def _note(message: str) -> None:
    click.echo(f"note: {message}", err=True)


@click.command(name="search")
@click.argument("query", required=False)
@click.option("--entity", metavar="NAME", help="Only documents mentioning this entity (any alias).")
@click.option(
    "--entity-scope",
    type=click.Choice(ENTITY_SCOPES),
    default="document",
    show_default=True,
    help="For quotes: the entity must be named in the quote's document, or in its own paragraph.",
)
@click.option("--speaker", metavar="NAME", help="Quotes by a speaker whose name contains NAME (e.g. a surname).")
@click.option("--org", metavar="ORG", help="Quotes by speakers whose organisation contains ORG.")
@click.option("--topic", metavar="LABEL", help="Quotes (or documents) on this topic label.")
@click.option("--since", metavar="DATE", help="Documents dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option(
    "--until", metavar="DATE", help="Documents dated on or before DATE (a whole year or month for partial dates)."
)
@click.option("--kind", type=click.Choice(KINDS), default="quotes", show_default=True, help="What to list.")
@click.option("--similar", metavar="TEXT", help="Quotes closest in meaning to TEXT (semantic search, ignores QUERY).")
@click.option("--raw", is_flag=True, help="Pass QUERY to SQLite FTS5 as is (AND, OR, NEAR, prefix*, column:).")
@click.option("--show-sql", is_flag=True, help="Print the ranking SQL and its parameters on stderr.")
@limit_option
@json_option
@db_option
def search(
    query: str | None,
    kind: str,
    similar: str | None,
    limit: int,
    as_json: bool,
    db: str,
    **filters: Any,
) -> None:
    """Search quotes, documents or entities by full text, entity, speaker, organisation, topic and date.

    QUERY is full text (BM25 ranking); any text is searched word by word unless --raw.
    Without QUERY, the newest matching items come first.

    Example: newsmine search "dry port" --entity Khorgos --since 2024 --limit 5
    """
    raw, entity_scope, show_sql = filters.pop("raw"), filters.pop("entity_scope"), filters.pop("show_sql")
    with existing_store(db, user_errors=(QueryError,)) as store, _sql_on_stderr(show_sql):
        filters["topic"] = checked_topic(store, filters["topic"])
        if similar is not None:
            hits: list[Any] = _similar(store, similar, limit=limit, entity_scope=entity_scope, **filters)
            render: Callable[[int, Any], str] = _render_quote
        elif kind == "quotes":
            hits = search_quotes(store, query, limit=limit, raw=raw, entity_scope=entity_scope, **filters)
            render = _render_quote
        elif kind == "documents":
            hits, render = search_documents(store, query, limit=limit, raw=raw, **filters), _render_document
        else:
            hits, render = search_entities(store, query, limit=limit, **filters), _render_entity
        if not _emit(hits, as_json=as_json, render=render):
            notes = unmatched_filters(store, entity=filters["entity"], speaker=filters["speaker"], org=filters["org"])
            _note("; ".join(notes) if notes else "no results")


@contextmanager
def _sql_on_stderr(enabled: bool) -> Iterator[None]:
    """While searching, print the library's SQL (its debug log) on stderr."""
    if not enabled:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("sql: %(message)s"))
    search_logger = logging.getLogger(search_quotes.__module__)
    level = search_logger.level
    search_logger.addHandler(handler)
    search_logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        search_logger.removeHandler(handler)
        search_logger.setLevel(level)


def _similar(store: CorpusStore, text: str, *, limit: int, **filters: Any) -> list[QuoteHit]:
    """Semantic search with the database's own encoder, embedding any quotes left without a vector first."""
    from newsmine.models.embeddings.encoders import embed

    encoder = stored_encoder(store) or DEFAULT_ENCODER
    encode = functools.partial(embed, encoder=encoder)
    try:
        missing = missing_embeddings(store)
        if missing:
            _note(f"embedding {missing} quotes first (once)")
            claim_encoder(store, encoder)
            index_quote_embeddings(store, encode)
        return similar_quotes(store, text, encode=encode, limit=limit, **filters)
    except (ImportError, OSError) as error:  # the packaged MiniLM is missing or unreadable
        raise click.ClickException(f"semantic search needs the packaged MiniLM encoder ({error})") from None


@click.command(name="entities")
@click.option("--type", "entity_type", metavar="TYPE", help="Only this entity type (PERSON, ORG, GPE, LOC, FAC).")
@click.option("--cooccur", metavar="NAME", help="Entities found in the same documents as NAME, most shared first.")
@limit_option
@json_option
@db_option
def entities(entity_type: str | None, cooccur: str | None, limit: int, as_json: bool, db: str) -> None:
    """List entities with the number of documents and mentions naming them.

    Example: newsmine entities --cooccur Khorgos --type ORG --limit 10
    """
    with existing_store(db, user_errors=(QueryError,)) as store:
        entity_type = checked_entity_type(store, entity_type)
        hits = search_entities(store, entity_type=entity_type, entity=cooccur, limit=limit)
        if not _emit(hits, as_json=as_json, render=_render_entity):
            notes = unmatched_filters(store, entity=cooccur)
            _note("; ".join(notes) if notes else "no entities")


@click.command(name="experts")
@click.option("--org", metavar="ORG", help="Experts quoted under an organisation containing ORG.")
@click.option("--topic", metavar="LABEL", help="Experts quoted on this topic, ranked by their quotes on it.")
@click.option("--kind", type=click.Choice([*EXPERT_KINDS, "unnamed"]), default="people", show_default=True,
              help="Named people, organisations quoted as speakers, or unnamed sources ('officials').")
@limit_option
@json_option
@db_option
def experts(org: str | None, topic: str | None, kind: str, limit: int, as_json: bool, db: str) -> None:
    """The expert registry: each quoted person once, with quote count, roles and organisations
    over time (the current one first), and their latest quote.

    Example: newsmine experts --topic water_rivers --limit 10
    """
    with existing_store(db, user_errors=(QueryError,)) as store:
        topic = checked_topic(store, topic)
        if kind == "unnamed":
            if org or topic:
                raise click.UsageError("--kind unnamed takes no --org or --topic")
            if not _emit(unnamed_sources(store, limit=limit), as_json=as_json, render=_render_unnamed):
                _note("no quotes from unnamed sources")
            return
        profiles = expert_registry(store, org=org, topic=topic, limit=limit, kind=kind)
        render = functools.partial(_render_expert, topic=topic)
        if not _emit(profiles, as_json=as_json, render=lambda number, profile: render(number, profile)):
            _note(f"no {'experts' if kind == 'people' else kind} match")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _who(speaker: str | None, role: str | None, org: str | None) -> str:
    """"Name (role, org)"; an unnamed source is shown by its description: "unnamed: officials (org)"."""
    if speaker is None:
        described = role or "no speaker found"
        return f"unnamed: {described}" + (f" ({org})" if org else "")
    details = ", ".join(part for part in (role, org) if part)
    return f"{speaker} ({details})" if details else speaker


def _render_quote(number: int, hit: QuoteHit) -> str:
    quote = hit.quote
    source = " | ".join(part for part in (hit.title or hit.document_id, hit.date, hit.url) if part)
    score = f" [{hit.score:.3f}]" if hit.score is not None else ""
    return (
        f"{number}. {_who(quote.speaker, quote.speaker_role, quote.speaker_org)}{score}\n"
        f"   \u201c{_one_line(quote.text)}\u201d ({quote.kind})\n"
        f"   sentence: {hit.sentence}\n"
        f"   {source}\n"
    )


def _render_document(number: int, hit: DocumentHit) -> str:
    source = " | ".join(part for part in (hit.date, hit.url) if part)
    topics = ", ".join(topic.label for topic in hit.topics)
    lines = [f"{number}. {hit.title or hit.document_id}", f"   {source}" if source else "", f"   {hit.snippet}"]
    if topics:
        lines.append(f"   topics: {topics}")
    if hit.matched_entities:
        lines.append(f"   entity: {', '.join(hit.matched_entities)}")
    return "\n".join(line for line in lines if line) + "\n"


def _render_entity(number: int, hit: EntityHit) -> str:
    aliases = f"  (also: {', '.join(hit.aliases)})" if hit.aliases else ""
    counts = f"{_count(hit.document_count, 'document')}, {_count(hit.mention_count, 'mention')}"
    return f"{number}. {hit.entity.name} [{hit.entity.type}]  {counts}{aliases}"


def _render_expert(number: int, profile: ExpertProfile, *, topic: str | None = None) -> str:
    speaker = profile.speaker
    variants = f"  (also written: {', '.join(profile.variants)})" if profile.variants else ""
    count = _count(speaker.quote_count, "quote")
    if topic is not None:
        count = f"{_count(profile.topic_quote_count or 0, 'quote')} on {topic} ({speaker.quote_count} in all)"
    lines = [f"{number}. {speaker.name}  {count}{variants}"]
    current = profile.current
    for affiliation in sorted(profile.affiliations, key=lambda a: a is not current):
        what = ", ".join(part for part in (affiliation.role, affiliation.org) if part) or "(no role given)"
        span = " to ".join(dict.fromkeys(filter(None, (affiliation.first_date, affiliation.last_date))))
        label = "now: " if affiliation is current and len(profile.affiliations) > 1 else ""
        lines.append(f"   {label}{what}" + (f"  [{span}]" if span else ""))
    if speaker.latest_quote:
        where = " | ".join(part for part in (speaker.latest_date, profile.latest_title) if part)
        lines.append(f"   latest: \u201c{_one_line(speaker.latest_quote)}\u201d" + (f" ({where})" if where else ""))
    return "\n".join(lines) + "\n"


def _render_unnamed(number: int, source: UnnamedSource) -> str:
    orgs = f" ({', '.join(source.orgs)})" if source.orgs else ""
    lines = [f"{number}. unnamed: {source.description}{orgs}  {_count(source.quote_count, 'quote')}"]
    if source.latest_quote:
        when = f" ({source.latest_date})" if source.latest_date else ""
        lines.append(f"   latest: \u201c{_one_line(source.latest_quote)}\u201d{when}")
    return "\n".join(lines) + "\n"
