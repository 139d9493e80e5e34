"""Read-only access to the corpus database for the web server: one connection per thread,
opened with SQLite's `mode=ro`, and a time limit on every request's queries.

The server never writes: SQLite itself refuses writes on these connections, and the WAL
journal lets `newsmine analyze` keep writing to the same file while pages are served (a
reader sees the last committed state). The query layer (`corpus.search`, `corpus.experts`,
`corpus.trends`) takes a store and reads `store.connection` and `store.path`, which
`ReadOnlyCorpus` provides without `CorpusStore`'s schema migration (a write).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from newsmine.corpus.store import SCHEMA_VERSION, StoreError

BUSY_TIMEOUT_S = 5
PROGRESS_STEPS = 2_000  # SQLite virtual machine steps between two looks at the clock


class QueryTimeout(Exception):
    """A request's queries ran past the server's time limit and were interrupted."""


class ReadOnlyCorpus:
    """A corpus database opened read-only; quacks like `CorpusStore` for the query layer."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection


class CorpusReader:
    """Hands each server thread its own read-only connection to `path`.

    Raises StoreError at construction when the file is missing, not SQLite, or of another
    schema version, so `newsmine serve` fails at start with one line instead of on every page.
    """

    def __init__(self, path: str | Path, *, query_timeout_s: float) -> None:
        self.path = Path(path).resolve()
        self.query_timeout_s = query_timeout_s
        self._local = threading.local()
        if not self.path.is_file():
            raise StoreError(f"{path}: no such corpus database (run `newsmine analyze` first, or pass --db)")
        try:
            version = self._connection().execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: not a usable newsmine database ({error})") from None
        if version != SCHEMA_VERSION:
            raise StoreError(f"{path}: schema version {version}, expected {SCHEMA_VERSION} (run `newsmine analyze` once)")

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"file:{quote(str(self.path))}?mode=ro"
            connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
            connection.row_factory = sqlite3.Row
            self._local.connection = connection
        return connection

    @contextmanager
    def corpus(self) -> Iterator[ReadOnlyCorpus]:
        """The thread's corpus for one request; its queries stop after `query_timeout_s`."""
        connection = self._connection()
        deadline = time.monotonic() + self.query_timeout_s
        connection.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            yield ReadOnlyCorpus(self.path, connection)
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                raise QueryTimeout(f"the query took longer than {self.query_timeout_s:g} s; narrow it down") from None
            raise
        finally:
            connection.set_progress_handler(None, 0)
