"""The expert registry: one entry per person quoted anywhere in the corpus.

The store already merges speakers whose names fold to the same key (case, accents,
punctuation). Transliterated names escape that key ("Tokayev" / "Tokaev"), so the registry
adds one conservative merge on top: two names are the same person when every token but the
last is identical (so the first name must match) and the last tokens, both at least
`MIN_VARIANT_LENGTH` characters long, are one edit apart. A group only grows when the new
name is a variant of every name already in it, so chains of small edits never join two
different people.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from corpus.schema import Speaker
from corpus.store import CorpusStore, speaker_key

logger = logging.getLogger(__name__)

MIN_VARIANT_LENGTH = 5


@dataclass(slots=True)
class Affiliation:
    """One role/organisation a speaker was quoted under, and when (document dates)."""

    role: str | None
    org: str | None
    first_date: str | None
    last_date: str | None
    quote_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "org": self.org,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "quote_count": self.quote_count,
        }


@dataclass(slots=True)
class ExpertProfile:
    """A `Speaker` record plus what the registry adds: affiliations over time, name variants,
    and the document the latest quote came from."""

    speaker: Speaker
    speaker_ids: list[int] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    latest_title: str | None = None
    latest_document_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.speaker.to_dict(),
            "variants": list(self.variants),
            "affiliations": [affiliation.to_dict() for affiliation in self.affiliations],
            "latest_title": self.latest_title,
            "latest_document_id": self.latest_document_id,
        }


def one_edit_apart(a: str, b: str) -> bool:
    """True when `b` is `a` with exactly one character inserted, deleted or substituted."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    prefix = 0
    while prefix < len(a) and a[prefix] == b[prefix]:
        prefix += 1
    if len(a) == len(b):
        return a[prefix + 1 :] == b[prefix + 1 :]
    return a[prefix:] == b[prefix + 1 :]


def is_name_variant(a: str, b: str) -> bool:
    """Whether two speaker names are spelling variants of one person (see module docstring).

    Names are compared by their `speaker_key`, so case and accents never matter; identical
    keys count as variants. Single-word names never merge with a different spelling: without
    a shared first name there is too little evidence.
    """
    key_a, key_b = speaker_key(a).split(), speaker_key(b).split()
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    if len(key_a) != len(key_b) or len(key_a) < 2 or key_a[:-1] != key_b[:-1]:
        return False
    last_a, last_b = key_a[-1], key_b[-1]
    if min(len(last_a), len(last_b)) < MIN_VARIANT_LENGTH:
        return False
    return one_edit_apart(last_a, last_b)


def group_name_variants(names: Iterable[str]) -> list[list[str]]:
    """Partition names into same-person groups, in first-seen order (pass the most quoted first).

    Only names sharing all tokens but the last can be variants, so names are bucketed by that
    prefix first; the work stays linear in the registry size for realistic buckets.
    """
    groups: list[list[str]] = []
    by_prefix: dict[tuple[str, ...], list[list[str]]] = defaultdict(list)
    for name in names:
        tokens = tuple(speaker_key(name).split())
        bucket = by_prefix[tokens[:-1]] if len(tokens) >= 2 else []
        for group in bucket:
            if all(is_name_variant(name, member) for member in group):
                group.append(name)
                break
        else:
            group = [name]
            groups.append(group)
            if len(tokens) >= 2:
                bucket.append(group)
    return groups


def variant_speaker_ids(connection: sqlite3.Connection, matched: list[tuple[int, str]]) -> list[int]:
    """Add to `matched` (speaker id, key) pairs the ids of registry names that are variants of them."""
    ids = {speaker_id for speaker_id, _key in matched}
    prefixes = {tuple(key.split()[:-1]) for _id, key in matched if len(key.split()) >= 2}
    for prefix in prefixes:
        pattern = _like_escape(" ".join(prefix)) + " %"
        rows = connection.execute(
            "SELECT id, key FROM speakers WHERE key LIKE ? ESCAPE '\\'", (pattern,)
        ).fetchall()
        for speaker_id, key in rows:
            if any(is_name_variant(key, other) for _id, other in matched):
                ids.add(speaker_id)
    return sorted(ids)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_AFFILIATIONS_SQL = """
SELECT q.speaker_id, s.name, q.speaker_role AS role, q.speaker_org AS org,
       min(d.date) AS first_date, max(d.date) AS last_date, count(*) AS n
FROM quotes q JOIN speakers s ON s.id = q.speaker_id JOIN documents d ON d.id = q.document_id
GROUP BY q.speaker_id, q.speaker_role, q.speaker_org
"""

_LATEST_SQL = """
SELECT speaker_id, text, date, title, document_id FROM (
    SELECT q.speaker_id, q.text, d.date, d.title, q.document_id,
           row_number() OVER (PARTITION BY q.speaker_id ORDER BY d.date DESC NULLS LAST, q.id DESC) AS rn
    FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.speaker_id IS NOT NULL
) WHERE rn = 1
"""

_TOPIC_SPEAKERS_SQL = """
SELECT DISTINCT q.speaker_id FROM quotes q
WHERE q.speaker_id IS NOT NULL AND (
    q.id IN (SELECT quote_id FROM quote_topics WHERE label = :label)
    OR q.document_id IN (SELECT document_id FROM topics WHERE label = :label))
"""


def expert_registry(
    store: CorpusStore, *, org: str | None = None, topic: str | None = None, limit: int | None = None
) -> list[ExpertProfile]:
    """Every quoted person, variants merged, most quoted first.

    Args:
        org: keep experts quoted under an organisation containing this text (case and
            accents ignored), at any time.
        topic: keep experts with a quote on this topic label, or quoted in a document on it.
        limit: at most this many profiles.
    """
    profiles = _merged_profiles(store.connection)
    if org:
        needle = speaker_key(org)
        profiles = [p for p in profiles if any(needle in speaker_key(a.org or "") for a in p.affiliations)]
    if topic:
        on_topic = {row[0] for row in store.connection.execute(_TOPIC_SPEAKERS_SQL, {"label": topic})}
        profiles = [p for p in profiles if on_topic.intersection(p.speaker_ids)]
    return profiles[:limit] if limit is not None else profiles


def _merged_profiles(connection: sqlite3.Connection) -> list[ExpertProfile]:
    singles: dict[int, ExpertProfile] = {}
    for row in connection.execute(_AFFILIATIONS_SQL):
        profile = singles.setdefault(
            row["speaker_id"], ExpertProfile(Speaker(name=row["name"]), speaker_ids=[row["speaker_id"]])
        )
        profile.affiliations.append(
            Affiliation(row["role"], row["org"], row["first_date"], row["last_date"], row["n"])
        )
        profile.speaker.quote_count += row["n"]
    for row in connection.execute(_LATEST_SQL):
        profile = singles.get(row["speaker_id"])
        if profile is not None:
            profile.speaker.latest_quote, profile.speaker.latest_date = row["text"], row["date"]
            profile.latest_title, profile.latest_document_id = row["title"], row["document_id"]
    ordered = sorted(singles.values(), key=lambda p: (-p.speaker.quote_count, p.speaker_ids[0]))
    by_name = {p.speaker.name: p for p in ordered}
    merged = [_merge([by_name[name] for name in group]) for group in group_name_variants(by_name)]
    return sorted(merged, key=lambda p: (-p.speaker.quote_count, p.speaker.name))


def _merge(profiles: list[ExpertProfile]) -> ExpertProfile:
    """One profile from variant profiles; the most quoted spelling names it."""
    head = profiles[0]
    affiliations = _merge_affiliations(a for p in profiles for a in p.affiliations)
    latest = max(profiles, key=lambda p: (p.speaker.latest_date or "", p.speaker.quote_count))
    speaker = Speaker(
        name=head.speaker.name,
        roles=_distinct(a.role for a in affiliations),
        orgs=_distinct(a.org for a in affiliations),
        quote_count=sum(p.speaker.quote_count for p in profiles),
        latest_quote=latest.speaker.latest_quote,
        latest_date=latest.speaker.latest_date,
    )
    return ExpertProfile(
        speaker=speaker,
        speaker_ids=sorted(i for p in profiles for i in p.speaker_ids),
        variants=[p.speaker.name for p in profiles[1:]],
        affiliations=affiliations,
        latest_title=latest.latest_title,
        latest_document_id=latest.latest_document_id,
    )


def _merge_affiliations(affiliations: Iterable[Affiliation]) -> list[Affiliation]:
    """Fold identical (role, org) pairs of merged variants; oldest first."""
    merged: dict[tuple[str | None, str | None], Affiliation] = {}
    for a in affiliations:
        seen = merged.get((a.role, a.org))
        if seen is None:
            merged[(a.role, a.org)] = Affiliation(a.role, a.org, a.first_date, a.last_date, a.quote_count)
            continue
        seen.first_date = min(filter(None, (seen.first_date, a.first_date)), default=None)
        seen.last_date = max(filter(None, (seen.last_date, a.last_date)), default=None)
        seen.quote_count += a.quote_count
    return sorted(merged.values(), key=lambda a: (a.first_date or "9999", -a.quote_count))


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
