"""`newsmine extract`: saved HTML pages -> one article JSON line per page."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TextIO

import click

from newsmine.errors import ExtractionError, InputError
from newsmine.options import open_output
from newsmine.scraper.ingest import HTML_SUFFIXES, find_input_files, load_article

logger = logging.getLogger(__name__)

# Exit status when a path given on the command line does not exist (a usage error).
EXIT_BAD_PATH = 2


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
    try:
        files = find_input_files(paths, suffixes=HTML_SUFFIXES)
    except InputError as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(EXIT_BAD_PATH) from error
    try:
        with open_output(output) as handle:
            failures = _write_articles(files, handle)
    except OSError as error:
        click.echo(f"Error: {output}: cannot write ({error.strerror or error})", err=True)
        raise SystemExit(1) from error
    if failures:
        raise SystemExit(1)


def _write_articles(files: list[Path], handle: TextIO) -> int:
    """Write one JSON line per extracted page; report each bad page on stderr; count them."""
    failures = 0
    for path in files:
        try:
            article = load_article(path)
        except (InputError, ExtractionError) as error:
            failures += 1
            click.echo(str(error), err=True)
            continue
        handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    return failures
