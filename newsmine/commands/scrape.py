"""`newsmine scrape` and `newsmine reextract`: crawl (or re-read kept pages) into the corpus.

The commands are thin: `scraper.crawl` finds, fetches and extracts; `nlp.pipeline.analyze`
analyses; `corpus.store.CorpusStore` stores. Stored articles are confirmed back to the
frontier chunk by chunk, so a crawl killed at any point hands out again, on the next run,
exactly the articles that never reached the corpus.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

import click
from tqdm import tqdm

from newsmine.corpus.schema import Article, Document
from newsmine.corpus.store import CorpusStore, StoreError
from newsmine.options import UsageProblem, db_option, open_output, require_writable
from newsmine.scraper.crawl import CrawlEvent, CrawlStats, crawl, reextract
from newsmine.scraper.fetch import CrawlSettings
from newsmine.scraper.frontier import Frontier

logger = logging.getLogger(__name__)

# Articles analysed and stored per round; after each round they are confirmed in the frontier.
STORE_CHUNK = 16
DEFAULTS = CrawlSettings()


@dataclass(slots=True)
class StoreCounts:
    """What happened to the articles that reached the corpus stage."""

    articles: int = 0
    analysed: int = 0
    unchanged: int = 0
    stored: int = 0


class CrawlProgress:
    """A tqdm line on stderr (pages fetched, failed, skipped, current host) plus failure lines."""

    def __init__(self, *, desc: str) -> None:
        self.stats = CrawlStats()
        self.failed_store = 0
        self.bar = tqdm(desc=desc, unit="page", file=sys.stderr, disable=not sys.stderr.isatty())

    def __call__(self, event: CrawlEvent) -> None:
        self.stats.add(event)
        if event.outcome in ("failed", "skipped"):
            prefix = "error" if event.outcome == "failed" else "skipped"
            tqdm.write(f"{prefix}: {event.url}: {event.reason}", file=sys.stderr)
        counts = self.stats.counts
        self.bar.set_postfix(
            fetched=counts["fetched"], failed=counts["failed"], skipped=counts["skipped"] + counts["unchanged"],
            host=self.stats.host, refresh=False,
        )  # fmt: skip
        self.bar.update()

    def store_failed(self, where: str, reason: str) -> None:
        self.failed_store += 1
        tqdm.write(f"error: {where}: {reason}", file=sys.stderr)

    @property
    def failures(self) -> int:
        return self.stats.counts["failed"] + self.failed_store

    def summary(self, counts: StoreCounts) -> str:
        parts = ", ".join(f"{count} {outcome}" for outcome, count in self.stats.counts.items())
        return f"{parts}; {_analysis_summary(counts, self.failed_store)}"

    def reextract_summary(self, counts: StoreCounts) -> str:
        skipped = self.stats.counts["skipped"]
        return (
            f"{counts.articles + skipped} kept pages re-extracted ({counts.articles} articles, {skipped} without one); "
            f"{_analysis_summary(counts, self.failed_store)}"
        )

    def close(self) -> None:
        self.bar.close()


def _analysis_summary(counts: StoreCounts, failed: int) -> str:
    return (
        f"{counts.analysed} analysed, {counts.unchanged} unchanged (already stored), {failed} not stored; "
        f"{counts.stored} documents stored"
    )


def store_articles(
    articles: Iterable[Article],
    *,
    store: CorpusStore,
    frontier: Frontier,
    output: TextIO | None,
    on_error: Callable[[str, str], None],
    force: bool = False,
) -> StoreCounts:
    """Analyse and store articles in chunks, confirming each stored chunk to the frontier.

    Documents already stored unchanged (same text, metadata and analysis version) are not
    analysed again unless `force`, but still confirmed and written to `output`.
    """
    counts = StoreCounts()
    for chunk in _chunks(articles, STORE_CHUNK):
        documents = [article.to_document() for article in chunk]
        current = [] if force else [document.id for document in documents if store.is_current(document)]
        fresh = [document for document in documents if document.id not in current]
        written = _analyse_and_store(fresh, store=store, on_error=on_error)
        counts.articles += len(documents)
        counts.analysed += len(fresh)
        counts.unchanged += len(current)
        counts.stored += len(written)
        _write_lines(output, written)
        _write_lines(output, filter(None, map(store.get_document, current)))
        frontier.confirm([document.id for document in written] + current)
    return counts


def _analyse_and_store(
    documents: list[Document], *, store: CorpusStore, on_error: Callable[[str, str], None]
) -> list[Document]:
    """The documents that were analysed and stored; each one lost is reported with its stage."""
    if not documents:
        return []
    from newsmine.nlp.pipeline import analyze  # spaCy loads only once there is an article

    lost: set[str] = set()

    def fail(stage: str) -> Callable[[Document, Exception], None]:
        def report(document: Document, error: Exception) -> None:
            lost.add(document.id)
            on_error(document.url or document.id, f"{stage} failed: {error}")

        return report

    analysed = list(analyze(documents, on_error=fail("analysis")))
    store.add_documents(analysed, on_error=fail("storing"))
    return [document for document in analysed if document.id not in lost]


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _write_lines(output: TextIO | None, documents: Iterable[Document]) -> None:
    if output is None:
        return
    for document in documents:
        output.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")


ArticleSource = Callable[[Frontier, CrawlProgress], Iterable[Article]]


def _run(
    articles: ArticleSource, *, db: str, output_path: str | None, desc: str, force: bool = False
) -> tuple[CrawlProgress, StoreCounts]:
    """Shared part of both commands: check the corpus can be written, then store.

    Store errors are usage problems (one line, exit 2); the caller prints the summary.
    """
    progress = CrawlProgress(desc=desc)
    try:
        with CorpusStore(db) as store:
            require_writable(store)
            with Frontier(db) as frontier, open_output(output_path) as output:
                counts = store_articles(
                    articles(frontier, progress), store=store, frontier=frontier, output=output,
                    on_error=progress.store_failed, force=force,
                )  # fmt: skip
    except (StoreError, OSError) as error:
        raise UsageProblem(str(error)) from None
    finally:
        progress.close()
    return progress, counts


def _finish(progress: CrawlProgress, summary: str, db: str) -> None:
    click.echo(f"{summary} -> {db}", err=True)
    if progress.failures:
        sys.exit(1)


output_option = click.option(
    "-o", "--output", "output_path", default=None, metavar="OUT.jsonl",
    help="Also write the analysed documents as JSON Lines ('-' for stdout).",
)  # fmt: skip


@click.command(name="scrape")
@click.argument("urls", nargs=-1)
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="A sitemap or sitemap index (.xml, .xml.gz).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS 2.0 or Atom feed.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Skip articles published before this date.",
)
@click.option("--robots-sitemaps", is_flag=True, help="Also read the sitemaps listed in the seeds' robots.txt.")
@click.option(
    "--max",
    "max_pages",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Fetch at most N article pages in this run.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    envvar="NEWSMINE_CONFIG",
    default=None,
    metavar="FILE",
    help="A TOML file whose [crawl] table sets any CrawlSettings field.",
)
@click.option(
    "--contact-url",
    default=None,
    envvar="NEWSMINE_CONTACT_URL",
    help=f"Where site operators can reach you; sent in the User-Agent [default: {DEFAULTS.contact_url}].",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=None,
    help="Minimum seconds between two requests to one host; robots.txt Crawl-delay may raise it "
    f"[default: {DEFAULTS.delay_s}].",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=None,
    help=f"Pages fetched in parallel, one at a time per host [default: {DEFAULTS.concurrency}].",
)
@output_option
@db_option
def scrape(
    urls: tuple[str, ...],
    sitemaps: tuple[str, ...],
    feeds: tuple[str, ...],
    since: datetime | None,
    max_pages: int | None,
    robots_sitemaps: bool,
    config_path: str | None,
    contact_url: str | None,
    delay: float | None,
    concurrency: int | None,
    output_path: str | None,
    db: str,
) -> None:
    """Crawl article URLs, listing pages, sitemaps and feeds into the corpus database.

    URLs that look like articles are fetched directly; other URLs are listing pages (or
    feeds and sitemaps) whose article links are followed. robots.txt and its Crawl-delay
    are honoured. Reruns fetch only new or changed pages, and a killed crawl resumes.
    Each failed URL gets one line on stderr; the exit status is 1 when any failed.

    Example: newsmine scrape https://news.example.org/ --robots-sitemaps --since 2025-01-01 --max 200
    """
    try:
        settings = CrawlSettings.load(config_path, contact_url=contact_url, delay_s=delay, concurrency=concurrency)
    except (OSError, ValueError, TypeError) as error:
        raise click.BadParameter(str(error), param_hint="--config") from error

    def articles(frontier: Frontier, progress: CrawlProgress) -> Iterable[Article]:
        return crawl(
            urls, settings=settings, frontier=frontier, sitemaps=sitemaps, feeds=feeds,
            since=since.date() if since else None, max_pages=max_pages, robots_sitemaps=robots_sitemaps,
            on_event=progress,
        )  # fmt: skip

    progress, counts = _run(articles, db=db, output_path=output_path, desc="scraping")
    _finish(progress, progress.summary(counts), db)


@click.command(name="reextract")
@click.option("--force", is_flag=True,
              help="Reanalyse every article, even those stored unchanged by the current analysis version.")
@output_option
@db_option
def reextract_command(force: bool, output_path: str | None, db: str) -> None:
    """Re-run extraction and analysis on the raw pages kept by earlier crawls, offline.

    Use it after improving the extractor or the analysis: nothing is fetched again.
    Articles whose text is unchanged are reanalysed when they were stored by an older
    analysis version, or with --force.

    Example: newsmine reextract --force --db newsmine.db
    """
    progress, counts = _run(
        lambda frontier, progress: reextract(frontier, on_event=progress),
        db=db, output_path=output_path, desc="re-extracting", force=force,
    )  # fmt: skip
    if counts.articles + progress.stats.counts["skipped"] == 0:
        click.echo(f"note: {db} keeps no raw pages (they come from `newsmine scrape`); nothing to re-extract", err=True)
    _finish(progress, progress.reextract_summary(counts), db)

