"""Checks of the free-text options that name a topic label or an entity type.

A label or type the corpus has never seen is almost always a typo ("water" for
"water_rivers", "PEOPLE" for "PERSON"), so the commands fail on it with the valid values
instead of answering "no results".
"""

from __future__ import annotations

from newsmine.corpus.experts import normalise_topic
from newsmine.corpus.schema import ENTITY_TYPES
from newsmine.corpus.store import CorpusStore
from newsmine.options import UsageProblem

# The types the entities stage writes: the record types, and commodities (uranium, wheat).
KNOWN_TYPES = (*ENTITY_TYPES, "COMMODITY")


def topic_labels(store: CorpusStore) -> list[str]:
    """Every topic label of the corpus (documents' and quotes'), with the packaged taxonomy's."""
    from newsmine.models.topics.taxonomy import load_taxonomy

    rows = store.connection.execute("SELECT DISTINCT label FROM topics UNION SELECT DISTINCT label FROM quote_topics")
    return sorted({row[0] for row in rows} | set(load_taxonomy().names))


def checked_topic(store: CorpusStore, topic: str | None, *, option: str = "--topic") -> str | None:
    """`topic` as stored (lower case, underscores), or a usage error listing the valid labels."""
    if topic is None:
        return None
    labels = topic_labels(store)
    label = normalise_topic(topic)
    if label not in labels:
        raise UsageProblem(f"{option} {topic}: unknown topic label; valid labels: {', '.join(labels)}")
    return label


def checked_entity_type(store: CorpusStore, entity_type: str | None) -> str | None:
    """`entity_type` in upper case, or a usage error listing the types the corpus knows."""
    if entity_type is None:
        return None
    rows = store.connection.execute("SELECT DISTINCT type FROM entities")
    types = sorted({row[0] for row in rows} | set(KNOWN_TYPES))
    if entity_type.upper() not in types:
        raise UsageProblem(f"--type {entity_type}: unknown entity type; valid types: {', '.join(types)}")
    return entity_type.upper()
