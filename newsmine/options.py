"""Options and helpers shared by every command that reads or writes the corpus."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
from tqdm import tqdm

from newsmine.corpus.store import CorpusStore, StoreError
from newsmine.models.embeddings import DEFAULT_ENCODER, ENCODERS

DEFAULT_DB = "newsmine.db"
Item = TypeVar("Item")
# Exit status of a usage problem found before any work (a bad path, a missing GPU, a read-only corpus).
EXIT_USAGE = 2


class UsageProblem(click.ClickException):
    """A problem with what the user asked for, found before any work: one line, exit status 2."""

    exit_code = EXIT_USAGE

db_option: Callable[[Callable[..., Any]], Callable[..., Any]] = click.option(
    "--db",
    default=DEFAULT_DB,
    envvar="NEWSMINE_DB",
    show_default=True,
    metavar="FILE",
    help="Corpus database (SQLite); the NEWSMINE_DB environment variable sets the default.",
)

def embeddings_option(default: str = DEFAULT_ENCODER) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--embeddings static|minilm` (see models/embeddings/MODEL_CARD.md), passed on as `encoder`."""
    return click.option(
        "--embeddings",
        "encoder",
        type=click.Choice(ENCODERS),
        default=default,
        show_default=True,
        help="Text embeddings for topics and quote vectors: 'static' (fast on CPUs) or 'minilm' "
        "(contextual, better at meaning, about 5x slower on CPUs).",
    )


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[TextIO | None]:
    """A JSON Lines output: None for no output, '-' for stdout, else a file opened for writing."""
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


@contextlib.contextmanager
def existing_store(db: str, *, user_errors: tuple[type[Exception], ...] = ()) -> Iterator[CorpusStore]:
    """The corpus at `db` for a command that reads it: a missing file is an error, not a new corpus.

    Store errors, SQLite errors (a locked or damaged file) and the command's own `user_errors`
    become one-line click errors.
    """
    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such corpus database (run `newsmine analyze` first, or pass --db)")
    try:
        with CorpusStore(db) as store:
            yield store
    except (StoreError, *user_errors) as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"{db}: {error}") from None


def require_writable(store: CorpusStore) -> None:
    """Fail before any work when the corpus database cannot be written (a read-only file or folder).

    The probe is a real write, rolled back: permission bits say nothing when running as root,
    nor about an immutable file or a read-only mount.
    """
    connection = store.connection
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(f"PRAGMA user_version = {version}")
    except sqlite3.Error as error:
        raise UsageProblem(f"{store.path}: cannot write to the corpus database ({error}); nothing was done") from None
    finally:
        if connection.in_transaction:
            connection.rollback()


def check_device(device: str) -> str:
    """The device to run MiniLM on, checked before any work.

    `cuda` without a usable GPU is a usage problem (one line, exit 2); `auto` falls back to
    the CPU with a note. Returns the device the pipeline should get.
    """
    if device == "cpu":
        return device
    import torch  # only when a GPU is asked for: torch takes a second to import

    if torch.cuda.is_available():
        return device
    if device == "cuda":
        raise UsageProblem("--device cuda: no CUDA GPU is available here (use --device cpu or auto)")
    click.echo("note: --device auto: no CUDA GPU found, running on the CPU", err=True)
    return "cpu"


def progress_bar(items: Iterable[Item], *, desc: str, unit: str = "doc") -> Iterable[Item]:
    """A progress bar on stderr, only when a person is watching it (never in pipes or logs)."""
    return tqdm(items, desc=desc, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty())
