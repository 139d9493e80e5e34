"""Crawl orchestration: discover -> queue in the frontier -> fetch in parallel -> dedupe -> extract.

`crawl()` is the network-facing library entry point: it yields `Article`s and keeps all of
its state in a `Frontier`, so it is usable without the CLI, resumable after a kill, and
incremental across runs (known pages are revalidated with conditional requests). Fetches
run in a thread pool; everything that touches SQLite and every decision (duplicate,
unchanged, skipped) happens in the calling thread. Each URL's outcome is reported as a
`CrawlEvent` so a caller can show progress and one-line reasons.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from newsmine.corpus.schema import Article
from newsmine.errors import ExtractionError, FetchError
from newsmine.scraper.discover import (
    DiscoveredUrl,
    canonicalize_url,
    discover,
    find_canonical,
    is_before,
    listing_links,
    looks_like_article,
    site_of,
)
from newsmine.scraper.fetch import CrawlSettings, Fetcher, FetchResult, HttpStatusError, PageSkipped, decode_page
from newsmine.scraper.frontier import Fingerprint, Frontier, FrontierEntry, RawPage, fingerprint

logger = logging.getLogger(__name__)

ARTICLE_ID_CHARS = 16
SEED_ORIGIN = "seed"
# How many frontier rows each worker gets per round; small, so a kill loses little work.
BATCH_PER_WORKER = 4
OUTCOMES = ("fetched", "failed", "skipped", "unchanged", "duplicate")

Extractor = Callable[..., Article]


@dataclass(slots=True)
class CrawlEvent:
    """What happened to one URL: `outcome` is one of OUTCOMES; `reason` says why, if not fetched."""

    url: str
    outcome: str
    reason: str | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


@dataclass(slots=True)
class CrawlStats:
    """Running totals of a crawl, by outcome; `failed` decides the exit status."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    host: str = ""

    def add(self, event: CrawlEvent) -> None:
        self.counts[event.outcome] += 1
        self.host = event.host


EventHandler = Callable[[CrawlEvent], None]


def article_id(canonical_url: str) -> str:
    """A stable document id from the canonical URL, so every run names a page the same way."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:ARTICLE_ID_CHARS]


def page_url(html: str, *, final_url: str, fallback: str) -> str:
    """The URL an article is known by: its declared canonical URL, else where it was fetched.

    A canonical pointing at the site root is ignored: it is a common misconfiguration that
    would otherwise make every page of a site a duplicate of the home page.
    """
    canonical = find_canonical(html, base_url=final_url)
    if canonical and urlsplit(canonical).path not in ("", "/"):
        return canonical
    return canonicalize_url(final_url) or fallback


def default_extractor() -> Extractor:
    """The generic HTML extractor (imported late: it is a heavier module than fetching)."""
    from newsmine.scraper.extract import extract_article

    return extract_article


def crawl(
    seeds: Iterable[str] = (),
    *,
    settings: CrawlSettings,
    frontier: Frontier,
    sitemaps: Iterable[str] = (),
    feeds: Iterable[str] = (),
    since: date | None = None,
    max_pages: int | None = None,
    robots_sitemaps: bool = False,
    fetcher: Fetcher | None = None,
    extractor: Extractor | None = None,
    on_event: EventHandler | None = None,
) -> Iterator[Article]:
    """Discover, fetch and extract articles, yielding each new or changed one once.

    Seeds that look like article URLs are fetched as articles; other seeds are listing
    pages, feeds or sitemaps whose article links are followed. Articles a killed earlier
    run fetched but never had confirmed (`Frontier.confirm`) are yielded again first.
    `max_pages` caps the article pages fetched in this run; `robots_sitemaps` also reads
    the sitemaps that the seeds' robots.txt files list.
    """
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    session = _Crawl(settings, frontier, fetcher, extractor or default_extractor(), on_event)
    try:
        frontier.start_run()
        yield from session.resume()
        urls = list(session.canonical_seeds(seeds))
        frontier.add(DiscoveredUrl(url=url, origin=SEED_ORIGIN) for url in urls if looks_like_article(url))
        pages = [url for url in urls if not looks_like_article(url)]
        if robots_sitemaps:
            sitemaps = [*sitemaps, *_robots_sitemaps(fetcher, urls)]
        found = discover(
            fetcher, sitemaps=sitemaps, feeds=feeds, pages=pages, since=since, on_error=session.discovery_failed
        )
        frontier.add(found)
        yield from session.fetch_pending(since=since, max_pages=max_pages)
    finally:
        if own_fetcher:
            fetcher.close()


def _robots_sitemaps(fetcher: Fetcher, urls: Iterable[str]) -> list[str]:
    """The Sitemap lines of each seed host's robots.txt, each sitemap once."""
    found: dict[str, None] = {}
    for url in urls:
        for sitemap in fetcher.robots.rules(url).sitemaps:
            found.setdefault(sitemap)
    return list(found)


def reextract(
    frontier: Frontier, *, extractor: Extractor | None = None, on_event: EventHandler | None = None
) -> Iterator[Article]:
    """Re-run extraction over every kept raw page, without the network."""
    session = _Crawl(CrawlSettings(), frontier, None, extractor or default_extractor(), on_event)
    for page in frontier.stored_pages():
        article = session.extract_raw(page)
        if article is not None:
            yield article


class _Crawl:
    """One crawl's collaborators and per-page decisions (kept off the public API)."""

    def __init__(
        self,
        settings: CrawlSettings,
        frontier: Frontier,
        fetcher: Fetcher | None,
        extractor: Extractor,
        on_event: EventHandler | None,
    ) -> None:
        self.settings = settings
        self.frontier = frontier
        self.fetcher = fetcher
        self.extractor = extractor
        self.on_event = on_event

    def emit(self, url: str, outcome: str, reason: str | None = None) -> None:
        if outcome != "fetched":
            logger.info("%s: %s (%s)", url, outcome, reason)
        if self.on_event is not None:
            self.on_event(CrawlEvent(url=url, outcome=outcome, reason=reason))

    def canonical_seeds(self, urls: Iterable[str]) -> Iterator[str]:
        """Seeds in canonical form; a seed that is no http(s) URL is reported as failed."""
        for url in urls:
            canonical = canonicalize_url(url)
            if canonical is None:
                self.emit(url, "failed", "not an http(s) URL")
            else:
                yield canonical

    def discovery_failed(self, error: FetchError) -> None:
        self.emit(error.where, "skipped" if isinstance(error, PageSkipped) else "failed", error.reason)

    def resume(self) -> Iterator[Article]:
        """Hand out again the articles a killed run fetched but never saw stored."""
        for page in self.frontier.unconfirmed():
            article = self.extract_raw(page)
            if article is not None:
                yield article

    def extract_raw(self, page: RawPage) -> Article | None:
        try:
            html = decode_page(page.html, content_type=page.content_type, where=page.url)
            url = page_url(html, final_url=page.final_url, fallback=page.url)
            article = self.extractor(html, url=url, id=page.article_id)
        except (ExtractionError, PageSkipped) as error:
            self.emit(page.url, "skipped", error.reason)
            return None
        return _complete(article, url=url, published=page.published)

    def fetch_pending(self, *, since: date | None, max_pages: int | None) -> Iterator[Article]:
        budget = max_pages if max_pages is not None else -1
        workers = max(1, self.settings.concurrency)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsmine-fetch") as pool:
            while budget != 0:
                limit = workers * BATCH_PER_WORKER if budget < 0 else min(budget, workers * BATCH_PER_WORKER)
                batch = self.frontier.pending(limit=limit)
                if not batch:
                    return
                for entry, outcome in zip(batch, pool.map(self._fetch, batch), strict=True):
                    article = self._handle(entry, outcome, since=since)
                    if article is not None:
                        yield article
                budget = budget - len(batch) if budget > 0 else budget

    def _fetch(self, entry: FrontierEntry) -> FetchResult | FetchError:
        """Worker side: the network only, no database."""
        try:
            return self.fetcher.fetch(entry.url, etag=entry.etag, last_modified=entry.last_modified)
        except FetchError as error:
            return error

    def _handle(self, entry: FrontierEntry, outcome: FetchResult | FetchError, *, since: date | None) -> Article | None:
        if isinstance(outcome, FetchError):
            status = "skipped" if isinstance(outcome, PageSkipped) else "failed"
            http_status = outcome.status if isinstance(outcome, HttpStatusError) else None
            self.frontier.mark(entry.url, status, reason=outcome.reason, http_status=http_status)
            self.emit(entry.url, status, outcome.reason)
            return None
        body_sha = hashlib.sha256(outcome.content).hexdigest()
        if outcome.not_modified or (entry.body_sha == body_sha and entry.status != "new"):
            reason = "not modified (HTTP 304)" if outcome.not_modified else "unchanged content"
            self.frontier.mark(entry.url, entry.status, reason=reason, http_status=outcome.status)
            self.emit(entry.url, "unchanged", reason)
            return None
        return self._keep(entry, outcome, body_sha=body_sha, since=since)

    def _keep(self, entry: FrontierEntry, result: FetchResult, *, body_sha: str, since: date | None) -> Article | None:
        """Extract a fetched page and store it unless it duplicates a kept article."""
        try:
            html = result.text
        except PageSkipped as error:
            return self._skip(entry.url, error.reason, http_status=result.status)
        url = page_url(html, final_url=result.final_url, fallback=entry.url)
        identifier = article_id(url)
        holder = self.frontier.holder(identifier, other_than=entry.url)
        if holder is not None:
            return self._duplicate(entry.url, identifier, f"same canonical URL as {holder}")
        try:
            article = self.extractor(html, url=url, id=identifier)
        except ExtractionError as error:
            reason = self._follow_seed_links(entry, html, result, error)
            return self._skip(entry.url, reason, http_status=result.status)
        article = _complete(article, url=url, published=entry.published)
        if is_before(article.date, since):
            return self._skip(entry.url, f"published {article.date}, before {since}", http_status=result.status)
        text = fingerprint(article.text)
        original = self._near_duplicate_of(text, identifier)
        if original is not None:
            return self._duplicate(entry.url, original, f"near-duplicate text of article {original}")
        self.frontier.save_page(entry.url, result, article_id=identifier, body_sha=body_sha, text=text)
        self.emit(entry.url, "fetched")
        return article

    def _near_duplicate_of(self, text: Fingerprint | None, identifier: str) -> str | None:
        """The kept article this text repeats (another site's copy of a wire story), if any."""
        if text is None:
            return None
        threshold = self.settings.near_duplicate_overlap
        return self.frontier.near_duplicate(text, exclude=identifier, threshold=threshold)

    def _follow_seed_links(self, entry: FrontierEntry, html: str, result: FetchResult, error: ExtractionError) -> str:
        """A seed that holds no article is read as a listing page: its article links are queued."""
        if entry.origin != SEED_ORIGIN:
            return error.reason
        links = listing_links(html, base_url=result.final_url)
        self.frontier.add(links)
        return f"{error.reason}; read as a listing page ({len(links)} article links queued)"

    def _skip(self, url: str, reason: str, *, http_status: int) -> None:
        self.frontier.mark(url, "skipped", reason=reason, http_status=http_status)
        self.emit(url, "skipped", reason)

    def _duplicate(self, url: str, original: str, reason: str) -> None:
        self.frontier.mark(url, "duplicate", reason=reason, article_id=original)
        self.emit(url, "duplicate", reason)


def _complete(article: Article, *, url: str, published: str | None) -> Article:
    """Fill what the page did not say from what the crawl knows: URL, source site, date."""
    article.url = article.url or url
    article.source = article.source or site_of(url)
    article.date = article.date or published
    return article
