"""A nearest-neighbour index (usearch HNSW) over the quote embeddings, kept in a file beside the database.

`search --similar` used to read every stored vector out of SQLite on each call (1.3 s at 100k
quotes). The index answers in a few milliseconds instead; it lives in `<db>.quotes.usearch`
with its bookkeeping in `<db>.quotes.usearch.json`, and never writes to the database itself.

The database stays the truth, and the index is only a way to find candidates:
- it is brought up to date lazily before each search (`sync`): quotes added since (ids above
  its watermark) are appended; the watermark stops below the first quote still waiting for
  its embedding, so a quote embedded later is not skipped;
- candidates are re-scored with the exact vectors read back from the database, so a deleted
  quote drops out and scores are exact cosines whatever the index's quantisation;
- when many indexed quotes are gone (re-analysed documents get new quote ids), when the
  database shrank below the watermark, when its first quote changed (another database at the
  same path) or when the encoder changed, it is rebuilt.
The file is written to a temporary name and renamed, so a crash never leaves half an index;
when the folder is not writable the index simply stays in memory. An up-to-date file is
memory-mapped rather than read (a fresh `search --similar` process opens 100k vectors in
milliseconds instead of about 0.4 s), and copied into memory only when it has to grow.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from usearch.index import Index

logger = logging.getLogger(__name__)

SUFFIX = ".quotes.usearch"
FORMAT_VERSION = 1
# HNSW settings: int8 storage and a small build beam keep building 100k vectors near a minute on
# two cores (the default beam of 128 took 3.5x longer); exact re-scoring makes up for the
# quantisation, and over-fetching (OVERFETCH x limit) for the smaller beam.
INDEX_DTYPE = "i8"
EXPANSION_ADD = 40
EXPANSION_SEARCH = 128
OVERFETCH = 4
MIN_CANDIDATES = 64
EXACT_CANDIDATES = 20_000  # a filter allowing fewer quotes is searched exactly among them
STALE_RATIO = 1.25  # rebuild when the index holds this many times more vectors than quotes exist
SYNC_CHUNK = 4096


@dataclass(slots=True)
class _State:
    """What the index file holds: vectors of every embedded quote with id <= watermark."""

    encoder: str | None
    dim: int
    watermark: int
    quote_count: int
    max_id: int
    origin: str = ""  # the first quote, to tell a replaced database from a grown one
    version: int = FORMAT_VERSION


class QuoteVectorIndex:
    """The vector index of one database file; `sync` it, then `search` it (thread-safe)."""

    def __init__(self, db_path: str | Path, *, persist: bool = True) -> None:
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + SUFFIX)
        self.persist = persist and self.db_path.is_file()
        self._index: Index | None = None
        self._viewed = False  # memory-mapped from the file: cheap to open, read-only
        self._state: _State | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return 0 if self._index is None else len(self._index)

    def sync(self, connection: sqlite3.Connection) -> int:
        """Bring the index up to date with the database; returns how many vectors were added."""
        with self._lock:
            return self._sync(connection)

    def search(
        self, connection: sqlite3.Connection, target: np.ndarray, *, limit: int, candidates: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """The `limit` quotes closest to the unit vector `target`, as (quote id, cosine), best first.

        `candidates` restricts the search to those quote ids (the search filters).
        """
        with self._lock:
            self._sync(connection)
            if self._index is None or len(self._index) == 0:
                return []
            wanted = max(limit * OVERFETCH, MIN_CANDIDATES)
            keys = self._nearest_keys(target, wanted, candidates)
        return _rescore(connection, target, keys, limit)

    # -- searching ---------------------------------------------------------------------------

    def _nearest_keys(self, target: np.ndarray, wanted: int, candidates: Sequence[int] | None) -> np.ndarray:
        assert self._index is not None
        if candidates is None:
            return self._index.search(target, min(wanted, len(self._index))).keys
        allowed = np.asarray(candidates, dtype=np.uint64)
        if len(allowed) <= EXACT_CANDIDATES:
            return self._exact_among(target, allowed, wanted)
        # A broad filter: search deeper in proportion to what it removes, then keep the allowed.
        depth = min(len(self._index), wanted * max(1, len(self._index) // len(allowed)) * 2)
        keys = self._index.search(target, depth).keys
        kept = keys[np.isin(keys, allowed)]
        return kept if len(kept) >= wanted or depth == len(self._index) else self._exact_among(target, allowed, wanted)

    def _exact_among(self, target: np.ndarray, allowed: np.ndarray, wanted: int) -> np.ndarray:
        assert self._index is not None
        present = allowed[np.asarray(self._index.contains(allowed), dtype=bool)] if len(allowed) else allowed
        if len(present) == 0:
            return present
        vectors = np.asarray(self._index.get(present), dtype=np.float32)
        scores = vectors @ target.astype(np.float32)
        if len(scores) > wanted:
            top = np.argpartition(-scores, wanted - 1)[:wanted]
            return present[top]
        return present

    # -- keeping up with the database --------------------------------------------------------

    def _sync(self, connection: sqlite3.Connection) -> int:
        quote_count, max_id = connection.execute("SELECT count(*), coalesce(max(id), 0) FROM quotes").fetchone()
        encoder = _stored_encoder(connection)
        origin = _origin(connection)
        state = self._state
        if state is not None and (quote_count, max_id, encoder, origin) == (
            state.quote_count, state.max_id, state.encoder, state.origin
        ):
            if state.watermark >= max_id:
                return 0
        if self._index is None:
            self._load(encoder)
        if self._state is not None and self._is_stale(quote_count, max_id, encoder, origin):
            logger.info("%s: rebuilding the quote vector index", self.path)
            self._index, self._state, self._viewed = None, None, False
        added = self._extend(connection, encoder)
        if self._state is not None:
            self._state.quote_count, self._state.max_id, self._state.origin = quote_count, max_id, origin
            if added:
                self._save()
        return added

    def _is_stale(self, quote_count: int, max_id: int, encoder: str | None, origin: str) -> bool:
        state = self._state
        assert state is not None and self._index is not None
        return (
            state.encoder != encoder
            or (state.origin != origin and state.watermark > 0)
            or max_id < state.watermark
            or len(self._index) > STALE_RATIO * quote_count + MIN_CANDIDATES
        )

    def _extend(self, connection: sqlite3.Connection, encoder: str | None) -> int:
        """Append the embedded quotes above the watermark, and move the watermark up to the
        last id before the first quote still without an embedding."""
        watermark = 0 if self._state is None else self._state.watermark
        cursor = connection.cursor()
        cursor.row_factory = None
        cursor.execute("SELECT id, embedding FROM quotes WHERE id > ? ORDER BY id", (watermark,))
        added = 0
        waiting = False
        while rows := cursor.fetchmany(SYNC_CHUNK):
            ready = []
            for quote_id, blob in rows:
                if blob is None:
                    waiting = True
                    continue
                ready.append((quote_id, blob))
                if not waiting:
                    watermark = quote_id
            added += self._add(ready, encoder)
        if self._state is not None:
            self._state.watermark = watermark
        return added

    def _add(self, rows: list[tuple[int, bytes]], encoder: str | None) -> int:
        if not rows:
            return 0
        if self._index is None:
            dim = len(rows[0][1]) // np.dtype(np.float32).itemsize
            self._index = Index(ndim=dim, metric="ip", dtype=INDEX_DTYPE, expansion_add=EXPANSION_ADD)
            self._index.expansion_search = EXPANSION_SEARCH
            self._state = _State(encoder=encoder, dim=dim, watermark=0, quote_count=0, max_id=0)
        assert self._state is not None
        if self._viewed:  # a mapped file cannot grow: load a private copy to extend
            self._index, self._viewed = Index.restore(str(self.path)), False
            self._index.expansion_search = EXPANSION_SEARCH
        expected = self._state.dim * np.dtype(np.float32).itemsize
        usable = [(quote_id, blob) for quote_id, blob in rows if len(blob) == expected]
        if len(usable) < len(rows):
            logger.warning("skipping %d quote embeddings of the wrong size", len(rows) - len(usable))
        keys = np.fromiter((quote_id for quote_id, _ in usable), dtype=np.uint64, count=len(usable))
        if len(keys) and len(self._index):
            fresh = ~np.asarray(self._index.contains(keys), dtype=bool)
            usable = [row for row, keep in zip(usable, fresh) if keep]
            keys = keys[fresh]
        if not usable:
            return 0
        vectors = np.frombuffer(b"".join(blob for _, blob in usable), dtype=np.float32).reshape(-1, self._state.dim)
        self._index.add(keys, vectors)
        return len(usable)

    # -- the file beside the database ----------------------------------------------------------

    def _load(self, encoder: str | None) -> None:
        meta = Path(str(self.path) + ".json")
        if not (self.persist and self.path.is_file() and meta.is_file()):
            return
        try:
            state = _State(**json.loads(meta.read_text(encoding="utf-8")))
            if state.version != FORMAT_VERSION or state.encoder != encoder:
                return
            index = Index.restore(str(self.path), view=True)
        except (OSError, ValueError, TypeError, RuntimeError) as error:
            logger.warning("%s: unreadable vector index, rebuilding it (%s)", self.path, error)
            return
        if index is None or index.ndim != state.dim:
            return
        index.expansion_search = EXPANSION_SEARCH
        self._index, self._state, self._viewed = index, state, True

    def _save(self) -> None:
        if not self.persist or self._index is None or self._state is None:
            return
        meta = Path(str(self.path) + ".json")
        try:
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            os.close(handle)
            self._index.save(temporary)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; the database beside it is not
            os.replace(temporary, self.path)
            meta.write_text(json.dumps(asdict(self._state)), encoding="utf-8")
        except OSError as error:  # a read-only folder: keep the index in memory only
            logger.info("%s: vector index kept in memory (%s)", self.path, error)
            self.persist = False


def _stored_encoder(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT value FROM settings WHERE key = 'embeddings_encoder'").fetchone()
    return None if row is None else row[0]


def _origin(connection: sqlite3.Connection) -> str:
    row = connection.execute("SELECT id, document_id, start, end FROM quotes ORDER BY id LIMIT 1").fetchone()
    return "" if row is None else json.dumps(list(row))


def _rescore(connection: sqlite3.Connection, target: np.ndarray, keys: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """Exact cosines from the database's own vectors; quotes deleted since indexing drop out."""
    if len(keys) == 0:
        return []
    ids = json.dumps([int(key) for key in keys])
    rows = connection.execute(
        "SELECT id, embedding FROM quotes WHERE embedding IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
        (ids,),
    ).fetchall()
    expected = len(target) * np.dtype(np.float32).itemsize
    usable = [(row[0], row[1]) for row in rows if len(row[1]) == expected]
    if not usable:
        return []
    vectors = np.frombuffer(b"".join(blob for _, blob in usable), dtype=np.float32).reshape(-1, len(target))
    scores = vectors @ target.astype(np.float32)
    ranked = sorted(zip((quote_id for quote_id, _ in usable), scores.tolist()), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


_OPEN: dict[Path, QuoteVectorIndex] = {}
_OPEN_LOCK = threading.Lock()


def vector_index(db_path: str | Path) -> QuoteVectorIndex:
    """The process's index for this database file (one per file, reused across searches)."""
    key = Path(db_path).resolve()
    with _OPEN_LOCK:
        if key not in _OPEN:
            _OPEN[key] = QuoteVectorIndex(key)
        return _OPEN[key]
