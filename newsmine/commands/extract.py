"""`newsmine extract`: saved HTML pages -> one article JSON line per page."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TextIO

import click

from newsmine.errors import ExtractionError, InputError
from newsmine.options import UsageProblem, open_output, progress_bar
from newsmine.scraper.ingest import HTML_SUFFIXES, find_input_files, load_article

logger = logging.getLogger(__name__)


@click.command(name="extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="OUT.jsonl",
    help="Where to write the articles as JSON Lines ('-': stdout).",
)
def extract(paths: tuple[Path, ...], output: str) -> None:
    """Extract the article (title, date, authors, language, body) of saved HTML pages.

    PATHS are .html, .htm or .html.gz files, or folders of them. A page without an article
    gets one line on stderr naming the file and the reason; the rest carry on, and the
    exit status is 1 when any page failed.

    Example: newsmine extract pages/ -o articles.jsonl
    """
    skipped: list[Path] = []

    def skip(path: Path, reason: str) -> None:
        skipped.append(path)
        click.echo(f"error: {path}: {reason}", err=True)

    try:
        files = find_input_files(paths, suffixes=HTML_SUFFIXES, on_skip=skip)
    except InputError as error:
        raise UsageProblem(str(error)) from None
    if not files:
        click.echo("note: no .html, .htm or .html.gz pages found", err=True)
    try:
        with open_output(output) as handle:
            failures = _write_articles(files, handle)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write ({error.strerror or error})") from None
    if failures or skipped:
        raise SystemExit(1)


def _write_articles(files: list[Path], handle: TextIO) -> int:
    """Write one JSON line per extracted page; report each bad page on stderr; count them."""
    failures = 0
    for path in progress_bar(files, desc="extracting", unit="page"):
        try:
            article = load_article(path)
        except (InputError, ExtractionError) as error:
            failures += 1
            click.echo(f"error: {error}", err=True)
            continue
        handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    return failures
