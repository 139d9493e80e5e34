"""The crawl's memory in SQLite: URL frontier, fetch log, compressed raw pages, text fingerprints.

It lives in the corpus database file beside the corpus tables (which belong to
`corpus.store`), in its own tables, and writes the way the store does (`write_transaction`:
the lock taken up front, retried while another process such as `analyze` writes). Every
state change of a URL is one transaction, so a crawl killed at any point resumes where it
stopped: pending URLs are fetched, pages
fetched but not yet confirmed stored are handed out again from their raw HTML, and
nothing is stored twice. Raw HTML is kept zlib-compressed so extraction can be rerun
without refetching. Near-duplicate texts (one wire story on several sites) are found with
MinHash signatures and LSH bands, indexed so each lookup touches only likely candidates.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import numpy as np

from newsmine.corpus.store import connect, split_statements, write_transaction
from newsmine.scraper.discover import DiscoveredUrl
from newsmine.scraper.fetch import FetchResult

logger = logging.getLogger(__name__)
T = TypeVar("T")

# A URL's last outcome; whether it is waiting to be fetched is the separate `due` flag, so a
# revisit that finds the page unchanged can keep the outcome it had.
STATUSES = ("new", "fetched", "stored", "duplicate", "skipped", "failed")
ADD_CHUNK = 500  # discovered URLs committed per transaction
SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_urls (
    url TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    origin TEXT,
    published TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    due INTEGER NOT NULL DEFAULT 1,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    body_sha TEXT,
    article_id TEXT,
    run INTEGER NOT NULL,
    discovered_at TEXT NOT NULL,
    fetched_at TEXT
);
-- The fetch queue, in `Frontier.pending` order: new URLs first, newest publication first.
CREATE INDEX IF NOT EXISTS crawl_urls_queue ON crawl_urls (due, status != 'new', published DESC);
CREATE INDEX IF NOT EXISTS crawl_urls_article ON crawl_urls (article_id);
CREATE TABLE IF NOT EXISTS fetch_log (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL,
    url TEXT NOT NULL,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    http_status INTEGER,
    reason TEXT
);
CREATE TABLE IF NOT EXISTS raw_pages (
    url TEXT PRIMARY KEY,
    final_url TEXT NOT NULL,
    article_id TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    content_type TEXT,
    html BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS text_signatures (
    article_id TEXT PRIMARY KEY,
    signature BLOB NOT NULL,
    shingles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS text_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, hash, article_id)
) WITHOUT ROWID;
"""

# MinHash: 64 permutations in 16 bands of 4 rows puts the LSH threshold near Jaccard 0.5,
# well below the 0.8 we call a duplicate, so true duplicates are almost never missed.
NUM_PERMUTATIONS = 64
BANDS = 16
ROWS_PER_BAND = NUM_PERMUTATIONS // BANDS
SHINGLE_WORDS = 3
MIN_SHINGLES = 8
MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_PERMUTATION_SEED = 20240501
_rng = np.random.default_rng(_PERMUTATION_SEED)
# Full-width multipliers: products wrap modulo 2**64 before the prime modulus, which is what
# decorrelates the permutations (small multipliers make them all order shingles alike).
_PERM_A = _rng.integers(1, (1 << 61) - 1, NUM_PERMUTATIONS, dtype=np.uint64)
_PERM_B = _rng.integers(0, (1 << 61) - 1, NUM_PERMUTATIONS, dtype=np.uint64)
HASH_MASK = np.uint64((1 << 32) - 1)
WORD = re.compile(r"\w+")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _hash64(data: bytes) -> int:
    """A stable signed 64-bit hash (SQLite integers are signed)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's MinHash signature over its word 3-shingles, and how many shingles it has."""

    signature: np.ndarray
    shingles: int

    def jaccard(self, other: Fingerprint) -> float:
        """The share of equal MinHash rows, an unbiased estimate of the shingle-set Jaccard."""
        return float(np.mean(self.signature == other.signature))

    def overlap(self, other: Fingerprint) -> float:
        """The estimated share of the smaller text's shingles found in the other text.

        Containment rather than Jaccard, so a wire story republished with a paragraph cut
        or an outlet's own lead added still counts as the same story.
        """
        jaccard = self.jaccard(other)
        shared = jaccard * (self.shingles + other.shingles) / (1 + jaccard)
        return min(1.0, shared / min(self.shingles, other.shingles))

    def bands(self) -> list[int]:
        """One hash per LSH band: two texts sharing any band are candidate duplicates."""
        rows = self.signature
        return [_hash64(rows[i * ROWS_PER_BAND : (i + 1) * ROWS_PER_BAND].tobytes()) for i in range(BANDS)]


def fingerprint(text: str) -> Fingerprint | None:
    """The MinHash fingerprint of a text; None for texts too short to compare."""
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    hashes = np.fromiter(
        (zlib.crc32(shingle.encode()) for shingle in shingles),  # stable across processes, unlike hash()
        dtype=np.uint64,
        count=len(shingles),
    )
    permuted = ((hashes[:, None] * _PERM_A[None, :] + _PERM_B[None, :]) % MERSENNE_PRIME) & HASH_MASK
    return Fingerprint(signature=permuted.min(axis=0), shingles=len(shingles))


@dataclass(slots=True)
class FrontierEntry:
    """A URL to (re)fetch, with what the last fetch left: validators, body hash, article id."""

    url: str
    status: str
    origin: str | None = None
    published: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha: str | None = None
    article_id: str | None = None


@dataclass(slots=True)
class RawPage:
    """A stored page: enough to rerun extraction without the network."""

    url: str
    final_url: str
    article_id: str
    html: bytes
    content_type: str | None
    published: str | None = None


class Frontier:
    """The crawl state in a SQLite file (the corpus database by default)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.connection = connect(self.path)
        self._write(lambda: [self.connection.execute(statement) for statement in split_statements(SCHEMA)])
        self.run = self._current_run()

    def close(self) -> None:
        self.connection.close()

    def _write(self, work: Callable[[], T]) -> T:
        """One write transaction, retried while another process holds the database's lock."""
        return write_transaction(self.connection, work, where=str(self.path))

    def __enter__(self) -> Frontier:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _current_run(self) -> int:
        row = self.connection.execute("SELECT max(id) FROM crawl_runs").fetchone()
        return row[0] or 0

    def start_run(self) -> int:
        """Begin a crawl run: URLs discovered again in it are revisited (conditionally)."""
        insert = "INSERT INTO crawl_runs (started_at) VALUES (?)"
        cursor = self._write(lambda: self.connection.execute(insert, (_now(),)))
        self.run = int(cursor.lastrowid)
        return self.run

    # -- the frontier ------------------------------------------------------------------------

    def add(self, items: Iterable[DiscoveredUrl]) -> int:
        """Queue discovered URLs; known ones from earlier runs are queued for revalidation.

        Returns how many URLs were newly queued or requeued.
        """
        queued = 0
        iterator = iter(items)
        while chunk := list(itertools.islice(iterator, ADD_CHUNK)):
            # One commit per chunk: discovery may take minutes of network time.
            queued += self._write(lambda chunk=chunk: sum(self._add_one(item) for item in chunk))
        return queued

    def _add_one(self, item: DiscoveredUrl) -> int:
        cursor = self.connection.execute(
            "INSERT INTO crawl_urls (url, host, origin, published, run, discovered_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET due = 1, run = excluded.run,"
            " published = coalesce(excluded.published, published)"
            " WHERE crawl_urls.run < excluded.run AND crawl_urls.status != 'fetched'",
            (item.url, urlsplit(item.url).netloc, item.origin, item.published, self.run, _now()),
        )
        return cursor.rowcount

    def pending(self, *, limit: int | None = None) -> list[FrontierEntry]:
        """URLs waiting to be fetched: never-fetched ones first, newest first, then revisits.

        Newest first so that `--max` spends its budget on fresh news; the order is an index
        scan, so taking a batch stays cheap however large the frontier grows.
        """
        rows = self.connection.execute(
            "SELECT url, status, origin, published, etag, last_modified, body_sha, article_id FROM crawl_urls"
            " WHERE due = 1 ORDER BY status != 'new', published DESC, rowid LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [FrontierEntry(**dict(row)) for row in rows]

    # -- outcomes ----------------------------------------------------------------------------

    def mark(
        self,
        url: str,
        status: str,
        *,
        reason: str | None = None,
        http_status: int | None = None,
        article_id: str | None = None,
    ) -> None:
        """Record a fetch outcome that stores no new page (failed, skipped, duplicate, unchanged)."""
        if status not in STATUSES:
            raise ValueError(f"unknown frontier status {status!r}; expected one of {STATUSES}")
        def record() -> None:
            self.connection.execute(
                "UPDATE crawl_urls SET status = ?, due = 0, reason = ?, attempts = attempts + 1, fetched_at = ?,"
                " article_id = coalesce(?, article_id) WHERE url = ?",
                (status, reason, _now(), article_id, url),
            )
            self._log(url, status, http_status, reason)

        self._write(record)

    def _log(self, url: str, outcome: str, http_status: int | None, reason: str | None) -> None:
        self.connection.execute(
            "INSERT INTO fetch_log (run, url, at, outcome, http_status, reason) VALUES (?, ?, ?, ?, ?, ?)",
            (self.run, url, _now(), outcome, http_status, reason),
        )

    def save_page(
        self, url: str, result: FetchResult, *, article_id: str, body_sha: str, text: Fingerprint | None
    ) -> None:
        """Store a fetched article page, its validators and fingerprint, in one transaction."""

        def store() -> None:
            self.connection.execute(
                "INSERT OR REPLACE INTO raw_pages"
                " (url, final_url, article_id, fetched_at, content_type, html) VALUES (?, ?, ?, ?, ?, ?)",
                (url, result.final_url, article_id, _now(), result.content_type,
                 zlib.compress(result.content)),
            )  # fmt: skip
            self.connection.execute(
                "UPDATE crawl_urls SET status = 'fetched', due = 0, reason = NULL, attempts = attempts + 1,"
                " fetched_at = ?, etag = ?, last_modified = ?, body_sha = ?, article_id = ? WHERE url = ?",
                (_now(), result.etag, result.last_modified, body_sha, article_id, url),
            )
            self._save_fingerprint(article_id, text)
            self._log(url, "fetched", result.status, None)

        self._write(store)

    def _save_fingerprint(self, article_id: str, text: Fingerprint | None) -> None:
        self.connection.execute("DELETE FROM text_bands WHERE article_id = ?", (article_id,))
        self.connection.execute("DELETE FROM text_signatures WHERE article_id = ?", (article_id,))
        if text is None:
            return
        self.connection.execute(
            "INSERT INTO text_signatures (article_id, signature, shingles) VALUES (?, ?, ?)",
            (article_id, text.signature.tobytes(), text.shingles),
        )
        self.connection.executemany(
            "INSERT OR IGNORE INTO text_bands (band, hash, article_id) VALUES (?, ?, ?)",
            [(band, value, article_id) for band, value in enumerate(text.bands())],
        )

    def confirm(self, article_ids: Iterable[str]) -> None:
        """The caller stored these articles: a rerun will not hand them out again."""
        rows = [(article_id,) for article_id in article_ids]
        self._write(lambda: self.connection.executemany(
            "UPDATE crawl_urls SET status = 'stored' WHERE article_id = ? AND status = 'fetched'", rows
        ))  # fmt: skip

    # -- reading back ------------------------------------------------------------------------

    def unconfirmed(self) -> Iterator[RawPage]:
        """Pages fetched by an earlier (killed) run whose articles were never confirmed stored."""
        return self._pages("WHERE c.status = 'fetched'")

    def stored_pages(self) -> Iterator[RawPage]:
        """Every kept article page, for re-extraction."""
        return self._pages("WHERE c.status IN ('fetched', 'stored')")

    def _pages(self, where: str) -> Iterator[RawPage]:
        """Pages one at a time: only the URL list is held, never every page in memory."""
        urls = [row[0] for row in self.connection.execute(
            f"SELECT c.url FROM crawl_urls c JOIN raw_pages r ON r.url = c.url {where} ORDER BY c.rowid"
        )]  # fmt: skip
        for url in urls:
            row = self.connection.execute(
                "SELECT r.url, r.final_url, r.article_id, r.html, r.content_type, c.published"
                " FROM raw_pages r JOIN crawl_urls c ON c.url = r.url WHERE r.url = ?",
                (url,),
            ).fetchone()
            yield RawPage(
                url=row["url"], final_url=row["final_url"], article_id=row["article_id"],
                html=zlib.decompress(row["html"]), content_type=row["content_type"], published=row["published"],
            )  # fmt: skip

    def near_duplicate(self, text: Fingerprint, *, exclude: str, threshold: float) -> str | None:
        """The id of a kept article sharing at least `threshold` of the shorter text, if any."""
        candidates = self.connection.execute(
            "SELECT DISTINCT s.article_id, s.signature, s.shingles FROM text_bands b"
            " JOIN text_signatures s ON s.article_id = b.article_id"
            f" WHERE b.article_id != ? AND ({' OR '.join(['(b.band = ? AND b.hash = ?)'] * BANDS)})",
            [exclude, *(value for pair in enumerate(text.bands()) for value in pair)],
        ).fetchall()
        best_id, best = None, threshold
        for row in candidates:
            other = Fingerprint(signature=np.frombuffer(row["signature"], dtype=np.uint64), shingles=row["shingles"])
            similarity = text.overlap(other)
            if similarity >= best:
                best_id, best = row["article_id"], similarity
        return best_id

    def holder(self, article_id: str, *, other_than: str) -> str | None:
        """Another URL that already holds this article (fetched or stored), if any."""
        row = self.connection.execute(
            "SELECT url FROM crawl_urls WHERE article_id = ? AND status IN ('fetched', 'stored') AND url != ? LIMIT 1",
            (article_id, other_than),
        ).fetchone()
        return row["url"] if row else None

    def urls_of(self, article_id: str) -> list[str]:
        """Every URL at which one article was found (its page, aliases and near-duplicates)."""
        rows = self.connection.execute("SELECT url FROM crawl_urls WHERE article_id = ? ORDER BY rowid", (article_id,))
        return [row["url"] for row in rows]
