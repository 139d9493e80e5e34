"""The expert registry: one entry per person quoted anywhere in the corpus.

The store already merges speakers whose names share a key (case, accents, punctuation, script,
romanisation variants and Russian case endings: "Tokayev" / "Tokaev" / "Токаев", see
models/gazetteer/translit.py). Spellings that still differ ("Tokayev" / "Tokaiev") escape that
key, so the registry adds one conservative merge on top: two names are the same person when every token but the
last is identical (so the first name must match) and the last tokens, both at least
`MIN_VARIANT_LENGTH` characters long, are one edit apart. A group only grows when the new
name is a variant of every name already in it, so chains of small edits never join two
different people.

A second rule handles speakers known only by surname ("Sadykova" said...): such a name joins
the one full name in the registry that ends with it, when that full name is a PERSON entity
of the corpus and no other full name ends with the same surname.

Speakers are people or organisations ("the agriculture ministry said"); each profile says
which (`kind`, see `speaker_kind`) and the registry lists one kind at a time. With a topic,
experts are ranked by their quotes on that topic, not by all their quotes. Quotes from
unnamed sources (speaker null, the description in speaker_role) are listed by description
(`unnamed_sources`).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from newsmine.corpus.schema import Speaker
from newsmine.corpus.store import CorpusStore, speaker_key

logger = logging.getLogger(__name__)

MIN_VARIANT_LENGTH = 5
MAX_VARIANT_LOOKUPS = 50
# fmt: off
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "president", "vice",
    "prime", "minister", "deputy", "ambassador", "economist", "analyst", "expert", "director",
    "chairman", "chairwoman", "chair", "ceo", "head", "senior", "chief", "spokesman", "spokeswoman",
    "spokesperson", "researcher", "adviser", "advisor", "governor", "mayor", "senator",
    "academician",
})
# fmt: on
TITLE_KEYS = frozenset(map(speaker_key, TITLE_WORDS))  # as they read in a speaker key ("profesor")

NameKey = Callable[[str], str]
KINDS = ("people", "organisations")
# Words that make a speaker an organisation, not a person ("Kazakh customs", "agriculture ministry").
# fmt: off
ORGANISATION_WORDS = frozenset({
    "ministry", "ministries", "institute", "lab", "laboratory", "centre", "center", "company", "corporation",
    "bank", "agency", "office", "forum", "observatory", "council", "committee", "customs", "government",
    "union", "association", "university", "department", "commission", "authority", "service", "group",
    "fund", "board", "court", "parliament", "police", "embassy", "administration", "holding", "railways",
    "exchange", "organisation", "organization", "foundation", "network", "press", "news",
})
# A name ending in one of these was cut in the middle ("Steppe Institute for"): never a person.
CUT_ENDINGS = frozenset({"for", "of", "and", "the", "in", "on", "at", "to", "de"})
# fmt: on


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
    kind: str = "person"
    topic_quote_count: int | None = None

    @property
    def current(self) -> Affiliation | None:
        """The affiliation quoted last (by date; then the most quoted): the expert's current role."""
        return max(self.affiliations, key=lambda a: (a.last_date or "", a.quote_count), default=None)

    def to_dict(self) -> dict[str, Any]:
        current = self.current
        return {
            **self.speaker.to_dict(),
            "kind": self.kind,
            "variants": list(self.variants),
            "affiliations": [affiliation.to_dict() for affiliation in self.affiliations],
            "current": current.to_dict() if current else None,
            "topic_quote_count": self.topic_quote_count,
            "latest_title": self.latest_title,
            "latest_document_id": self.latest_document_id,
        }


@dataclass(slots=True)
class UnnamedSource:
    """Quotes whose speaker has no name, grouped by how the text describes them ("officials")."""

    description: str
    quote_count: int
    orgs: list[str]
    latest_quote: str | None
    latest_date: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": None,
            "speaker_role": self.description,
            "orgs": list(self.orgs),
            "quote_count": self.quote_count,
            "latest_quote": self.latest_quote,
            "latest_date": self.latest_date,
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
    return _tokens_are_variants(name_tokens(a), name_tokens(b))


def name_tokens(name: str, *, key: NameKey = speaker_key) -> list[str]:
    """The folded words of a name without leading titles or roles that leaked into it.

    Extraction sometimes keeps a title ("Economist Saltanat Orynbekova", "Dr Li Wei"); the
    registry compares names without it, as long as two words remain.
    """
    tokens = key(name).split()
    while len(tokens) > 2 and tokens[0] in TITLE_KEYS:
        tokens = tokens[1:]
    return tokens


def _tokens_are_variants(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 2 or a[:-1] != b[:-1]:
        return False
    if min(len(a[-1]), len(b[-1])) < MIN_VARIANT_LENGTH:
        return False
    return one_edit_apart(a[-1], b[-1])


def group_name_variants(names: Iterable[str], *, key: NameKey = speaker_key) -> list[list[str]]:
    """Partition names into same-person groups, in first-seen order (pass the most quoted first).

    Candidates are found through an index of (first tokens, surname with one letter
    deleted): two surnames one edit apart always share such a deletion, so each name is
    compared with a handful of groups, not the whole registry. A name joins the oldest
    candidate group whose every member it is a variant of. `key` folds a name (callers
    holding the registry's stored keys pass a lookup, which is faster).
    """
    groups: list[list[str]] = []
    members: list[list[list[str]]] = []
    index: dict[str, set[int]] = defaultdict(set)
    for name in names:
        tokens = name_tokens(name, key=key)
        prefix = " ".join(tokens[:-1]) + "|"
        probes = [prefix + deletion for deletion in _deletions(tokens[-1])] if len(tokens) >= 2 else []
        candidates = sorted(set().union(*(index.get(p, set()) for p in probes)))
        chosen = next((g for g in candidates if all(_tokens_are_variants(tokens, m) for m in members[g])), None)
        if chosen is None:
            chosen = len(groups)
            groups.append([])
            members.append([])
        groups[chosen].append(name)
        members[chosen].append(tokens)
        for probe in probes:
            index[probe].add(chosen)
    return groups


def _deletions(word: str) -> set[str]:
    """The word and every way of deleting one letter from it (only the word when it is short)."""
    if len(word) < MIN_VARIANT_LENGTH:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def attach_surnames(
    groups: list[list[str]], persons: Collection[str], *, key: NameKey = speaker_key
) -> list[list[str]]:
    """Merge single-word groups ("Sadykova") into the one full-name group ending with that word.

    `persons` holds the `speaker_key`s of the corpus's PERSON entities: only a group with a
    person's name can take a surname, so "China" never joins "Bank of China". Surnames
    shorter than `MIN_VARIANT_LENGTH` and surnames shared by several full names stay apart.
    """
    groups = [list(group) for group in groups]
    by_surname: dict[str, list[list[str]]] = defaultdict(list)
    for group in groups:
        keys = [name_tokens(name, key=key) for name in group]
        if any(len(k) >= 2 and " ".join(k) in persons for k in keys):
            for surname in {k[-1] for k in keys if len(k) >= 2}:
                by_surname[surname].append(group)
    merged: list[list[str]] = []
    for group in groups:
        folded = " ".join(name_tokens(group[0], key=key))
        owners = by_surname.get(folded, [])
        if len(group) == 1 and " " not in folded and len(folded) >= MIN_VARIANT_LENGTH and len(owners) == 1:
            owners[0].extend(group)
        else:
            merged.append(group)
    return merged


def variant_speaker_ids(connection: sqlite3.Connection, matched: list[tuple[int, str]]) -> list[int]:
    """Add to `matched` (speaker id, key) pairs the ids of registry names that are variants of them."""
    ids = {speaker_id for speaker_id, _key in matched}
    if len(matched) > MAX_VARIANT_LOOKUPS:
        return sorted(ids)  # a loose name already matched broadly; variants would add noise
    matched_tokens = [key.split() for _id, key in matched]
    for prefix in {tuple(tokens[:-1]) for tokens in matched_tokens if len(tokens) >= 2}:
        pattern = like_escape(" ".join(prefix)) + " %"
        rows = connection.execute("SELECT id, key FROM speakers WHERE key LIKE ? ESCAPE '\\'", (pattern,))
        for speaker_id, key in rows:
            if any(_tokens_are_variants(key.split(), tokens) for tokens in matched_tokens):
                ids.add(speaker_id)
    return sorted(ids)


def surname_speaker_ids(connection: sqlite3.Connection, matched: list[tuple[int, str]]) -> list[int]:
    """Speakers known only by the surname of a matched full name, where the registry merges them.

    The rule is `attach_surnames`'s: the full name is a PERSON entity, and no other person in
    the registry (spelling variants aside) has that surname.
    """
    found: set[int] = set()
    for surname in {key.split()[-1] for _id, key in matched if len(key.split()) >= 2}:
        if len(surname) < MIN_VARIANT_LENGTH:
            continue
        alone = [row[0] for row in connection.execute("SELECT id FROM speakers WHERE key = ?", (surname,))]
        if not alone:
            continue
        owners = connection.execute(
            "SELECT name, key FROM speakers WHERE key LIKE ? ESCAPE '\\'", ("% " + like_escape(surname),)
        ).fetchall()
        keys = {name: key for name, key in owners}
        if len(group_name_variants(keys, key=keys.__getitem__)) == 1 and _is_person(connection, list(keys)):
            found.update(alone)
    return sorted(found)


def _is_person(connection: sqlite3.Connection, names: list[str]) -> bool:
    """Whether any of `names` is an alias of a PERSON entity of the corpus."""
    row = connection.execute(
        "SELECT 1 FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE e.type = 'PERSON' AND a.alias IN (SELECT value FROM json_each(?)) LIMIT 1",
        (json.dumps(names),),
    ).fetchone()
    return row is not None


def normalise_topic(label: str) -> str:
    """Topic labels as stored: lower case, words joined by underscores ("Water rivers" -> water_rivers)."""
    return "_".join(re.findall(r"[^\W_]+", label.lower()))


def like_escape(text: str) -> str:
    """`text` as a literal inside a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_COUNTS_SQL = """
SELECT s.id, s.name, s.key, c.n FROM (
    SELECT speaker_id, count(*) AS n FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id
) c JOIN speakers s ON s.id = c.speaker_id
ORDER BY c.n DESC, s.id
"""

_AFFILIATIONS_SQL = """
SELECT q.speaker_id, q.speaker_role AS role, q.speaker_org AS org,
       min(d.date) AS first_date, max(d.date) AS last_date, count(*) AS n
FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker_id IN (SELECT value FROM json_each(:ids))
GROUP BY q.speaker_id, q.speaker_role, q.speaker_org
"""

_SPELLINGS_SQL = """
SELECT DISTINCT speaker_id, speaker FROM quotes WHERE speaker_id IN (SELECT value FROM json_each(:ids)) ORDER BY 1, 2
"""

# The latest quote is looked up on the speaker's last date (found by the affiliations pass),
# which reads a few documents through the date index instead of sorting all their quotes.
_LATEST_ON_DATE_SQL = """
SELECT q.text, d.date, d.title, q.document_id FROM documents d CROSS JOIN quotes q ON q.document_id = d.id
WHERE d.date = :date AND +q.speaker_id = :speaker ORDER BY q.id DESC LIMIT 1
"""
_LATEST_UNDATED_SQL = """
SELECT q.text, d.date, d.title, q.document_id FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker_id = :speaker ORDER BY q.id DESC LIMIT 1
"""

# Quotes on a topic, per speaker: a quote's own labels, or its document's when it has none
# (the rule of `search --topic` and `trends`).
_TOPIC_COUNTS_SQL = """
SELECT q.speaker_id, count(*) AS n FROM quotes q
WHERE q.speaker_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM quote_topics t WHERE t.quote_id = q.id AND t.label = :label)
    OR (NOT EXISTS (SELECT 1 FROM quote_topics t WHERE t.quote_id = q.id)
        AND EXISTS (SELECT 1 FROM topics dt WHERE dt.document_id = q.document_id AND dt.label = :label)))
GROUP BY q.speaker_id
"""

_UNNAMED_SQL = """
SELECT q.speaker_role AS description, count(*) AS n, group_concat(DISTINCT q.speaker_org) AS orgs,
       max(d.date) AS last_date
FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker IS NULL AND q.speaker_role IS NOT NULL
GROUP BY lower(q.speaker_role) ORDER BY n DESC, description LIMIT :limit
"""
_UNNAMED_LATEST_SQL = """
SELECT q.text, d.date FROM quotes q JOIN documents d ON d.id = q.document_id
WHERE q.speaker IS NULL AND lower(q.speaker_role) = lower(:description)
ORDER BY d.date IS NULL, d.date DESC, q.id DESC LIMIT 1
"""

# Distinct organisations by hopping through the speaker_org index (one seek per value),
# instead of reading every quote's row as SELECT DISTINCT does.
_DISTINCT_ORGS_SQL = """
WITH RECURSIVE orgs(org) AS (
    SELECT min(speaker_org) FROM quotes
    UNION ALL
    SELECT (SELECT min(speaker_org) FROM quotes WHERE speaker_org > orgs.org) FROM orgs WHERE orgs.org IS NOT NULL
) SELECT org FROM orgs WHERE org IS NOT NULL
"""

_ORG_SPEAKERS_SQL = "SELECT DISTINCT speaker_id FROM quotes WHERE speaker_org IN (SELECT value FROM json_each(:orgs))"


def matching_orgs(store: CorpusStore, text: str) -> list[str]:
    """The distinct speaker organisations that contain `text` (case, accents, punctuation ignored)."""
    needle = speaker_key(text)
    if not needle:
        return []
    rows = store.connection.execute(_DISTINCT_ORGS_SQL)
    return [row[0] for row in rows if needle in speaker_key(row[0])]


def speaker_kind(name: str, *, persons: Collection[str], organisations: Collection[str]) -> str:
    """"person" or "organisation": what a speaker name most likely names.

    A name the corpus knows as a PERSON entity is a person and one it knows as another
    entity type an organisation; otherwise a name with an organisation word ("ministry",
    "institute"), in lower case ("agriculture ministry") or cut short ("Steppe Institute
    for") is an organisation, and any other name a person. `persons` and `organisations`
    hold `speaker_key`s.
    """
    key = speaker_key(name)
    if key in persons:
        return "person"
    words = re.findall(r"\w+", name.casefold())  # as written: keys fold spellings ("Dee" -> "de")
    if key in organisations or not words or words[-1] in CUT_ENDINGS or ORGANISATION_WORDS.intersection(words):
        return "organisation"
    return "person" if name[:1].isupper() else "organisation"


def expert_registry(
    store: CorpusStore,
    *,
    org: str | None = None,
    topic: str | None = None,
    limit: int | None = None,
    kind: str = "people",
) -> list[ExpertProfile]:
    """Every quoted person (or organisation), variants merged, most quoted first.

    Speakers are counted and merged first, and only the profiles returned are filled with
    their affiliations and latest quote, which keeps a `limit`ed call fast on a large corpus.

    Args:
        org: keep experts quoted under an organisation containing this text (case and
            accents ignored), at any time.
        topic: keep experts with a quote on this topic label (a quote without labels counts
            for its document's), ranked by those quotes.
        limit: at most this many profiles.
        kind: "people" or "organisations" (see `speaker_kind`).
    """
    rows = store.connection.execute(_COUNTS_SQL).fetchall()
    counts = {row["id"]: (row["name"], row["n"]) for row in rows}
    ids_by_name = {row["name"]: row["id"] for row in rows}
    key_of = {row["name"]: row["key"] for row in rows}.__getitem__
    named_groups = group_name_variants(ids_by_name, key=key_of)
    if any(" " not in row["key"] for row in rows):
        named_groups = attach_surnames(named_groups, _person_keys(store.connection), key=key_of)
    groups = [[ids_by_name[name] for name in group] for group in named_groups]
    wanted = "organisation" if kind == "organisations" else "person"
    kinds = speaker_kinds(store.connection)
    groups = [group for group in groups if kinds(counts[group[0]][0]) == wanted]
    allowed = _allowed_speakers(store, org=org)
    if allowed is not None:
        groups = [group for group in groups if allowed.intersection(group)]
    ranking = {i: n for i, (_name, n) in counts.items()}
    if topic:
        ranking = _topic_counts(store, topic)
        groups = [group for group in groups if any(ranking.get(i) for i in group)]
    groups.sort(key=lambda group: (-sum(ranking.get(i, 0) for i in group), counts[group[0]][0]))
    selected = groups[:limit] if limit is not None else groups
    singles = _profiles(store.connection, [i for group in selected for i in group])
    profiles = [_merge([singles[i] for i in group]) for group in selected]
    for profile in profiles:
        profile.kind = wanted
        if topic:
            profile.topic_quote_count = sum(ranking.get(i, 0) for i in profile.speaker_ids)
    return profiles


def speaker_kinds(connection: sqlite3.Connection) -> Callable[[str], str]:
    """`speaker_kind` with the corpus's own entities: name -> "person" or "organisation"."""
    persons = _person_keys(connection)
    rows = connection.execute(
        "SELECT a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE e.type != 'PERSON'"
    )
    organisations = {speaker_key(row[0]) for row in rows} - persons
    return lambda name: speaker_kind(name, persons=persons, organisations=organisations)


def _topic_counts(store: CorpusStore, topic: str) -> dict[int, int]:
    rows = store.connection.execute(_TOPIC_COUNTS_SQL, {"label": normalise_topic(topic)})
    return {row["speaker_id"]: row["n"] for row in rows}


def unnamed_sources(store: CorpusStore, *, limit: int | None = None) -> list[UnnamedSource]:
    """Quotes from unnamed sources (no speaker, a description in speaker_role), grouped by
    description (case ignored), most quoted first."""
    rows = store.connection.execute(_UNNAMED_SQL, {"limit": -1 if limit is None else limit}).fetchall()
    sources = []
    for row in rows:
        latest = store.connection.execute(_UNNAMED_LATEST_SQL, {"description": row["description"]}).fetchone()
        orgs = sorted(set(row["orgs"].split(","))) if row["orgs"] else []
        sources.append(UnnamedSource(row["description"], row["n"], orgs, latest["text"], latest["date"]))
    return sources


def _person_keys(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute(
        "SELECT a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE e.type = 'PERSON'"
    )
    return {speaker_key(row[0]) for row in rows}


def _allowed_speakers(store: CorpusStore, *, org: str | None) -> set[int] | None:
    """Speaker ids the org filter allows; None when there is no filter."""
    if not org:
        return None
    orgs = json.dumps(matching_orgs(store, org))
    return {row[0] for row in store.connection.execute(_ORG_SPEAKERS_SQL, {"orgs": orgs})}


def _profiles(connection: sqlite3.Connection, speaker_ids: list[int]) -> dict[int, ExpertProfile]:
    """One unmerged profile per speaker id, with affiliations and latest quote."""
    ids = json.dumps(speaker_ids)
    names = dict(
        connection.execute("SELECT id, name FROM speakers WHERE id IN (SELECT value FROM json_each(?))", (ids,))
    )
    singles = {i: ExpertProfile(Speaker(name=names[i]), speaker_ids=[i]) for i in speaker_ids}
    for speaker_id, spelling in connection.execute(_SPELLINGS_SQL, {"ids": ids}):
        if spelling != names[speaker_id]:  # one speaker row, other spellings ("Tokaev", "Токаев")
            singles[speaker_id].variants.append(spelling)
    for row in connection.execute(_AFFILIATIONS_SQL, {"ids": ids}):
        profile = singles[row["speaker_id"]]
        profile.affiliations.append(Affiliation(row["role"], row["org"], row["first_date"], row["last_date"], row["n"]))
        profile.speaker.quote_count += row["n"]
    for speaker_id, profile in singles.items():
        last_date = max((a.last_date for a in profile.affiliations if a.last_date), default=None)
        sql = _LATEST_ON_DATE_SQL if last_date else _LATEST_UNDATED_SQL
        row = connection.execute(sql, {"date": last_date, "speaker": speaker_id}).fetchone()
        if row is not None:
            profile.speaker.latest_quote, profile.speaker.latest_date = row["text"], row["date"]
            profile.latest_title, profile.latest_document_id = row["title"], row["document_id"]
    return singles


def _merge(profiles: list[ExpertProfile]) -> ExpertProfile:
    """One profile from variant profiles; the most quoted spelling without a title names it."""
    profiles = sorted(profiles, key=lambda p: _has_title(p.speaker.name))  # stable: keeps quote order
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
        variants=[name for name in _distinct(_spellings(profiles)) if name != head.speaker.name],
        affiliations=affiliations,
        latest_title=latest.latest_title,
        latest_document_id=latest.latest_document_id,
    )


def _spellings(profiles: list[ExpertProfile]) -> Iterable[str]:
    """Every name the merged profiles were quoted under: their registry names, then other spellings."""
    yield from (profile.speaker.name for profile in profiles)
    yield from (variant for profile in profiles for variant in profile.variants)


def _has_title(name: str) -> bool:
    return len(name_tokens(name)) < len(speaker_key(name).split())


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
