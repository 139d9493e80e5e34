"""Cross-language merge keys in the corpus database: one entity and one speaker per person.

Entities are shared rows found by canonical name; a name the gazetteer does not know
("Касым-Жомарт Токаев" in one document, "Kassym-Jomart Tokayev" in another) would make two
rows. The `entity_keys` table maps each stored name's cross-script key
(`models.gazetteer.translit.name_key`) and type to the entity that first had it, so a later
spelling in either script joins that entity. Speakers are keyed the same way (the store's
`speaker_key`), and `rekey` brings a database written before these keys up to date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newsmine.models.gazetteer.translit import name_key

MIN_KEY_CHARS = 3  # shorter keys ("un", "eu") say too little to merge on


def merge_keys(names: Iterable[str]) -> set[str]:
    """The keys of `names` that are long enough to merge entities on."""
    return {key for key in map(name_key, names) if len(key) >= MIN_KEY_CHARS}


def entity_by_key(connection: sqlite3.Connection, keys: Iterable[str], entity_type: str) -> int | None:
    """The entity of `entity_type` that owns one of `keys`, or None."""
    for key in sorted(keys):
        row = connection.execute("SELECT entity_id FROM entity_keys WHERE key = ? AND type = ?", (key, entity_type)).fetchone()
        if row is not None:
            return row[0]
    return None


def remember_keys(connection: sqlite3.Connection, entity_id: int, keys: Iterable[str], entity_type: str) -> None:
    """Give `entity_id` the keys no other entity of its type owns yet."""
    connection.executemany(
        "INSERT OR IGNORE INTO entity_keys (key, type, entity_id) VALUES (?, ?, ?)",
        [(key, entity_type, entity_id) for key in keys],
    )


def entities_with_key(connection: sqlite3.Connection, name: str) -> list[int]:
    """Ids of the entities (any type) owning the key of `name`: search in either script."""
    keys = merge_keys([name])
    if not keys:
        return []
    rows = connection.execute("SELECT DISTINCT entity_id FROM entity_keys WHERE key = ?", (keys.pop(),))
    return [row[0] for row in rows]


def rekey(connection: sqlite3.Connection) -> None:
    """Fill `entity_keys` from the stored aliases and recompute speaker keys, merging speakers
    whose new keys coincide (their quotes move to the oldest row). Runs inside a transaction."""
    rows = connection.execute(
        "SELECT a.entity_id, a.alias, e.type FROM entity_aliases a JOIN entities e ON e.id = a.entity_id ORDER BY a.entity_id"
    ).fetchall()
    for entity_id, alias, entity_type in rows:
        remember_keys(connection, entity_id, merge_keys([alias]), entity_type)
    speakers = connection.execute("SELECT id, name FROM speakers ORDER BY id").fetchall()
    connection.execute("UPDATE speakers SET key = '#' || id")  # placeholders: no key has '#'
    owner: dict[str, int] = {}
    for speaker_id, name in speakers:
        key = name_key(name)
        if key in owner:
            connection.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (owner[key], speaker_id))
            connection.execute("DELETE FROM speakers WHERE id = ?", (speaker_id,))
        else:
            owner[key] = speaker_id
            connection.execute("UPDATE speakers SET key = ? WHERE id = ?", (key, speaker_id))
