"""Quote embeddings in the corpus database, for semantic (`--similar`) search.

Each quote's sentence embedding is stored in `quotes.embedding` as unit-length float32 bytes,
so cosine similarity is a dot product and a search never re-encodes the corpus. Filling is
incremental (only quotes whose embedding IS NULL) and committed per batch, so it can run
after every `analyze` and resume after an interruption. The encoder is passed in, which keeps
this module free of model loading: the CLI passes `models.embeddings.encoders.embed`, tests a fake.

Vectors from different encoders cannot be compared, so a database remembers which encoder
made its embeddings (`settings.embeddings_encoder`) and refuses vectors from another one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from newsmine.corpus.store import CorpusStore, StoreError

logger = logging.getLogger(__name__)

Encoder = Callable[[list[str]], np.ndarray]

DEFAULT_BATCH_SIZE = 256
SCAN_CHUNK = 8192
ENCODER_KEY = "embeddings_encoder"


def as_unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Float32 rows scaled to length 1 (zero rows stay zero), so dot products are cosines."""
    matrix = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def stored_encoder(store: CorpusStore) -> str | None:
    """The encoder that made this database's quote embeddings; None before the first one."""
    row = store.connection.execute("SELECT value FROM settings WHERE key = ?", (ENCODER_KEY,)).fetchone()
    return None if row is None else row[0]


def claim_encoder(store: CorpusStore, encoder: str) -> None:
    """Record `encoder` as this database's; StoreError when it already holds another one's vectors."""
    # INSERT OR IGNORE, then read back: two first runs at once both claim safely, and agree.
    claim = "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)"
    store.write(lambda: store.connection.execute(claim, (ENCODER_KEY, encoder)))
    current = stored_encoder(store)
    if current != encoder:
        raise StoreError(
            f"{store.path}: its quote embeddings come from the {current!r} encoder, not {encoder!r}; "
            f"use --embeddings {current}, or another database"
        )


def missing_embeddings(store: CorpusStore) -> int:
    """How many quotes have no embedding yet."""
    return store.connection.execute("SELECT count(*) FROM quotes WHERE embedding IS NULL").fetchone()[0]


def index_quote_embeddings(store: CorpusStore, encode: Encoder, *, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Embed every quote whose embedding IS NULL; returns how many were filled.

    Raises:
        ValueError: when `encode` returns a different number of rows than it was given texts,
            since storing misaligned vectors would silently corrupt every later search.
    """
    filled = 0
    last_id = 0
    while True:
        rows = store.connection.execute(
            "SELECT id, text FROM quotes WHERE embedding IS NULL AND id > ? ORDER BY id LIMIT ?",
            (last_id, batch_size),
        ).fetchall()
        if not rows:
            break
        vectors = as_unit_rows(encode([row["text"] for row in rows]))
        if len(vectors) != len(rows):
            raise ValueError(f"encoder returned {len(vectors)} vectors for {len(rows)} quotes")
        updates = [(vector.tobytes(), row["id"]) for vector, row in zip(vectors, rows)]
        store.write(lambda: store.connection.executemany("UPDATE quotes SET embedding = ? WHERE id = ?", updates))
        filled += len(rows)
        last_id = rows[-1]["id"]
        logger.debug("embedded %d quotes (up to quote id %d)", filled, last_id)
    return filled


def iter_embeddings(
    store: CorpusStore, *, dim: int, quote_ids: Sequence[int] | None = None, chunk: int = SCAN_CHUNK
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (quote ids, unit vectors) in chunks, so a large corpus never sits in memory whole.

    Vectors of another size than `dim` (written by a different encoder) are skipped with a
    warning instead of breaking the search. `quote_ids` restricts the scan to those quotes.
    """
    expected = dim * np.dtype(np.float32).itemsize
    cursor = store.connection.cursor()
    cursor.row_factory = None  # plain tuples cost less than Row objects over a full scan
    if quote_ids is None:
        cursor.execute("SELECT id, embedding FROM quotes WHERE embedding IS NOT NULL")
    else:
        cursor.execute(
            "SELECT id, embedding FROM quotes WHERE embedding IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
            (_json_ids(quote_ids),),
        )
    while rows := cursor.fetchmany(chunk):
        usable = [row for row in rows if len(row[1]) == expected]
        if len(usable) < len(rows):
            logger.warning("skipping %d quote embeddings of the wrong size", len(rows) - len(usable))
        if usable:
            ids = np.fromiter((row[0] for row in usable), dtype=np.int64, count=len(usable))
            vectors = np.frombuffer(b"".join(row[1] for row in usable), dtype=np.float32).reshape(-1, dim)
            yield ids, vectors


def _json_ids(ids: Sequence[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"
