"""The corpus database: analysed documents in SQLite, with FTS5 over documents and quotes.

Each document is written whole or not at all (one transaction per batch, and a document's
old analysis is deleted in the same transaction that writes the new one), so a crash or a
kill mid-batch leaves the database consistent, and a rerun resumes: documents whose
content hash is already stored are skipped before any NLP work (`is_current`).
Entities and speakers are shared rows across documents, found by their canonical names or,
across scripts and spellings, by their cross-language keys (corpus/name_keys.py).

Several processes may write one database at once (two `analyze` runs, `scrape` while
`analyze` runs; the crawl frontier shares the file). Every write transaction takes the
write lock up front (BEGIN IMMEDIATE), waits for it up to `BUSY_TIMEOUT_S`, and is retried
whole, with backoff, when another writer still holds it (`write_transaction`), so "database
is locked" never reaches the user and no document is lost or stored twice.
"""

from __future__ import annotations

import hashlib
import logging
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TypeVar

import numpy as np

from newsmine.corpus.name_keys import entity_by_key, merge_keys, rekey, remember_keys
from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.models.gazetteer.crosslang import canonical_name as gazetteer_canonical_name
from newsmine.models.gazetteer.translit import name_key

SCHEMA_VERSION = 3
ANALYSIS_VERSION = "2"  # bump when the NLP output changes, so reruns re-analyse stored documents

# One statement waits this long for another process's write lock (SQLite's busy handler);
# then the whole transaction is retried, WRITE_RETRIES times, after a growing pause.
BUSY_TIMEOUT_S = 30.0
WRITE_RETRIES = 5
RETRY_PAUSE_S = 0.5

CanonicalName = Callable[[str, str], str]
T = TypeVar("T")

logger = logging.getLogger(__name__)


class StoreError(Exception):
    """The database file cannot be used (not SQLite, newer schema, busy past every retry...)."""


def connect(path: str | Path, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """A connection fit for sharing the file with other processes: WAL, a busy timeout, Row rows."""
    connection = sqlite3.connect(path, timeout=busy_timeout_s)
    connection.row_factory = sqlite3.Row
    # WAL: readers never block the writer, nor it them. Switching a new file to WAL does not
    # wait for a busy lock (two first runs at once), hence the retries.
    retry_while_busy(lambda: connection.execute("PRAGMA journal_mode = WAL"), where=str(path))
    # WAL + NORMAL survives a killed process; only a power cut may undo the last commits.
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def is_busy(error: BaseException) -> bool:
    """Whether an SQLite error means another connection holds the lock ("locked" / "busy")."""
    message = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


def retry_while_busy(
    action: Callable[[], T], *, retries: int = WRITE_RETRIES, pause_s: float = RETRY_PAUSE_S, where: str = "database"
) -> T:
    """Run `action`, again after a growing pause while SQLite says another process holds the lock.

    Raises:
        StoreError: still busy after every retry.
    """
    for attempt in range(retries + 1):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            if attempt == retries:
                reason = f"busy, another process held the write lock through {retries + 1} tries"
                raise StoreError(f"{where}: {reason}") from error
            pause = pause_s * 2**attempt * random.uniform(0.5, 1.0)  # jitter: writers do not retry in step
            logger.info("%s: busy (%s), retrying in %.2fs", where, error, pause)
            time.sleep(pause)
    raise AssertionError("unreachable")


def write_transaction(
    connection: sqlite3.Connection,
    work: Callable[[], T],
    *,
    retries: int = WRITE_RETRIES,
    pause_s: float = RETRY_PAUSE_S,
    where: str = "database",
) -> T:
    """Run `work` in one write transaction, retried whole while another process holds the lock.

    BEGIN IMMEDIATE takes the write lock before `work` reads anything, so a transaction
    never fails half-way because another writer committed first; `work` must only touch
    the database, since it may run more than once.

    Raises:
        StoreError: the lock was still held after every retry.
    """

    def once() -> T:
        connection.execute("BEGIN IMMEDIATE")
        try:
            result = work()
        except BaseException:
            connection.rollback()
            raise
        connection.commit()
        return result

    return retry_while_busy(once, retries=retries, pause_s=pause_s, where=where)


def split_statements(script: str) -> Iterator[str]:
    """The complete SQL statements of a script, one at a time (trigger bodies kept whole).

    `executescript` would commit the open transaction first, so the schema is run statement
    by statement inside the migration's own write transaction instead.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip():
        yield pending


def content_hash(document: Document) -> str:
    """What a document's analysis depends on: its text and metadata, and the analysis version."""
    digest = hashlib.sha256()
    for part in (ANALYSIS_VERSION, document.text, document.title, document.date, document.url, document.source):
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def speaker_key(name: str) -> str:
    """The merge key for speaker names: case, accents, punctuation and script folded, so
    "Касым-Жомарт Токаев" and "Kassym-Jomart Tokayev" are one speaker (translit.name_key)."""
    return name_key(name)


class CorpusStore:
    """A corpus database at `path` (created with the current schema when missing).

    `canonical_name(name, type)` maps a document's entity name to the corpus-wide canonical
    one (e.g. "PRC" -> "China"); the default uses the packaged gazetteer and the user's
    aliases (models/gazetteer).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        canonical_name: CanonicalName = gazetteer_canonical_name,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
        retries: int = WRITE_RETRIES,
    ) -> None:
        self.path = Path(path)
        self.canonical_name = canonical_name
        self.retries = retries
        try:
            self.connection = connect(self.path, busy_timeout_s=busy_timeout_s)
            self.connection.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except StoreError:
            self.connection.close()
            raise
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a usable newsmine database ({error})") from error

    def write(self, work: Callable[[], T]) -> T:
        """Run `work` as one write transaction on this store, retried while another process writes."""
        return write_transaction(self.connection, work, retries=self.retries, where=str(self.path))

    def _schema_version(self) -> int:
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this newsmine ({SCHEMA_VERSION})"
            )
        return version

    def _migrate(self) -> None:
        """Create or upgrade the schema when needed; a current database is opened without any lock."""
        if self._schema_version() < SCHEMA_VERSION:
            self.write(self._upgrade)

    def _upgrade(self) -> None:
        """Run inside the write lock, reading the version again: two first runs cannot race."""
        version = self._schema_version()
        if version == SCHEMA_VERSION:
            return
        script = resources.files("newsmine.corpus").joinpath("schema.sql").read_text(encoding="utf-8")
        for statement in split_statements(script):
            self.connection.execute(statement)
        if version == 1:  # version 1 had only MiniLM quote embeddings
            self.connection.execute(
                "INSERT OR IGNORE INTO settings SELECT 'embeddings_encoder', 'minilm' "
                "WHERE EXISTS (SELECT 1 FROM quotes WHERE embedding IS NOT NULL)"
            )
        if version:  # versions before 3 lack cross-language keys
            rekey(self.connection)
        self.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def is_current(self, document: Document) -> bool:
        """True when this exact document (same content hash) is already stored."""
        row = self.connection.execute(
            "SELECT content_hash FROM documents WHERE id = ?", (document.id,)
        ).fetchone()
        return row is not None and row["content_hash"] == content_hash(document)

    def add_documents(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = 64,
        on_error: Callable[[Document, Exception], None] | None = None,
    ) -> int:
        """Store analysed documents, replacing older versions by id; returns how many were written.

        Documents are committed in batches for speed. When a batch fails, its documents are
        written one by one, so that only the bad one is lost: it goes to `on_error`, or the
        error is raised when no handler is given.
        """
        written = 0
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                written += self._write_batch(batch, on_error)
                batch = []
        if batch:
            written += self._write_batch(batch, on_error)
        return written

    def _write_batch(
        self, documents: list[Document], on_error: Callable[[Document, Exception], None] | None
    ) -> int:
        try:
            self._write_in_transaction(documents)
            return len(documents)
        except sqlite3.Error:
            if len(documents) == 1 and on_error is None:
                raise
        written = 0
        for document in documents:
            try:
                self._write_in_transaction([document])
                written += 1
            except sqlite3.Error as error:
                if on_error is None:
                    raise
                on_error(document, error)
        return written

    def _write_in_transaction(self, documents: list[Document]) -> None:
        def write_all() -> None:
            for document in documents:
                self._write_document(document)

        self.write(write_all)

    def _write_document(self, document: Document) -> None:
        self._delete(document.id)
        self.connection.execute(
            "INSERT INTO documents (id, url, source, date, title, text, language, content_hash, analyzed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document.id,
                document.url,
                document.source,
                document.date,
                document.title,
                document.text,
                document.language,
                content_hash(document),
                datetime.now(timezone.utc).isoformat(timespec="seconds"),
            ),
        )
        for entity in document.entities:
            self._write_entity(document.id, entity)
        for quote in document.quotes:
            self._write_quote(document.id, quote)
        self.connection.executemany(
            "INSERT OR REPLACE INTO topics (document_id, label, score) VALUES (?, ?, ?)",
            [(document.id, topic.label, float(topic.score)) for topic in document.topics],
        )

    def _delete(self, document_id: str) -> None:
        """Remove a document and its analysis (children first, so the FTS triggers see them)."""
        self.connection.execute(
            "DELETE FROM quote_topics WHERE quote_id IN (SELECT id FROM quotes WHERE document_id = ?)",
            (document_id,),
        )
        for table in ("quotes", "mentions", "topics"):
            self.connection.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
        self.connection.execute("DELETE FROM documents WHERE id = ?", (document_id,))

    def _write_entity(self, document_id: str, entity: Entity) -> None:
        entity_id = self._entity_id(entity.name, entity.type)
        self.connection.executemany(
            "INSERT INTO mentions (document_id, entity_id, name, start, end, text) VALUES (?, ?, ?, ?, ?, ?)",
            [(document_id, entity_id, entity.name, m.start, m.end, m.text) for m in entity.mentions],
        )

    def _entity_id(self, name: str, type_: str) -> int:
        """The entity named `canonical_name(name)`, else the one sharing a cross-language key, else a new one."""
        canonical = self.canonical_name(name, type_)
        keys = merge_keys({canonical, name})
        row = self.connection.execute(
            "SELECT id FROM entities WHERE name = ? AND type = ?", (canonical, type_)
        ).fetchone()
        entity_id = row[0] if row else entity_by_key(self.connection, keys, type_)
        if entity_id is None:
            entity_id = self.connection.execute(
                "INSERT INTO entities (name, type) VALUES (?, ?)", (canonical, type_)
            ).lastrowid
        for alias in {canonical, name}:
            self.connection.execute(
                "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)", (entity_id, alias)
            )
        remember_keys(self.connection, entity_id, keys, type_)
        return entity_id

    def _speaker_id(self, name: str | None) -> int | None:
        if not name:
            return None
        key = speaker_key(name)
        if not key:
            return None
        self.connection.execute("INSERT OR IGNORE INTO speakers (name, key) VALUES (?, ?)", (name, key))
        return self.connection.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()[0]

    def _write_quote(self, document_id: str, quote: Quote) -> None:
        cursor = self.connection.execute(
            "INSERT INTO quotes (document_id, start, end, kind, text, speaker, speaker_id, speaker_role,"
            " speaker_org, cue, embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                quote.start,
                quote.end,
                quote.kind,
                quote.text,
                quote.speaker,
                self._speaker_id(quote.speaker),
                quote.speaker_role,
                quote.speaker_org,
                quote.cue,
                None if quote.embedding is None else np.asarray(quote.embedding, dtype=np.float32).tobytes(),
            ),
        )
        self.connection.executemany(
            "INSERT OR IGNORE INTO quote_topics (quote_id, label) VALUES (?, ?)",
            [(cursor.lastrowid, label) for label in quote.topics],
        )

    # -- reading ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables, for summaries."""
        return {
            table: self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "quotes", "entities", "mentions", "speakers")
        }

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.connection.execute("SELECT id FROM documents ORDER BY pk")]

    def get_document(self, document_id: str) -> Document | None:
        """Rebuild a stored document with its analysis, or None when the id is unknown."""
        row = self.connection.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        return Document(
            id=row["id"],
            text=row["text"],
            url=row["url"],
            source=row["source"],
            date=row["date"],
            title=row["title"],
            language=row["language"],
            entities=self._entities_of(document_id),
            quotes=self._quotes_of(document_id),
            topics=[
                TopicScore(label=r["label"], score=r["score"])
                for r in self.connection.execute(
                    "SELECT label, score FROM topics WHERE document_id = ? ORDER BY score DESC", (document_id,)
                )
            ],
        )

    def iter_documents(self) -> Iterator[Document]:
        for document_id in self.document_ids():
            document = self.get_document(document_id)
            if document is not None:
                yield document

    def _entities_of(self, document_id: str) -> list[Entity]:
        entities: dict[tuple[str, str], Entity] = {}
        rows = self.connection.execute(
            "SELECT m.name, e.type, m.start, m.end, m.text FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.document_id = ? ORDER BY m.id",
            (document_id,),
        )
        for row in rows:
            entity = entities.setdefault((row["name"], row["type"]), Entity(name=row["name"], type=row["type"]))
            entity.mentions.append(Mention(start=row["start"], end=row["end"], text=row["text"]))
        return list(entities.values())

    def _quotes_of(self, document_id: str) -> list[Quote]:
        quotes = []
        for row in self.connection.execute(
            "SELECT * FROM quotes WHERE document_id = ? ORDER BY start", (document_id,)
        ).fetchall():
            labels = [
                r[0]
                for r in self.connection.execute(
                    "SELECT label FROM quote_topics WHERE quote_id = ? ORDER BY label", (row["id"],)
                )
            ]
            quotes.append(
                Quote(
                    text=row["text"],
                    start=row["start"],
                    end=row["end"],
                    kind=row["kind"],
                    speaker=row["speaker"],
                    speaker_role=row["speaker_role"],
                    speaker_org=row["speaker_org"],
                    cue=row["cue"],
                    topics=labels,
                )
            )
        return quotes
