"""The crawl end to end against a local server: discovery, incremental reruns, resume, dedup."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from datetime import date

import pytest
from werkzeug import Request, Response

from newsmine.scraper.crawl import CrawlEvent, article_id, crawl, page_url, reextract
from newsmine.scraper.extract import extract_article
from newsmine.scraper.frontier import Frontier, fingerprint

ARTICLE_PATHS = {
    "ferry": "/2025/03/ferry-service-resumes",
    "orchard": "/2025/03/orchard-plants-pear-trees",
    "library": "/2025/03/library-repair-workshop",
    "rail": "/2025/03/night-train-sleeper-cars",
}


class Site:
    """A fictional outlet on the local server: pages with ETag / Last-Modified support."""

    def __init__(self, server, article_page, *, validator: str = "etag") -> None:
        self.server = server
        self.article_page = article_page
        self.validator = validator
        self.pages: dict[str, str] = {}
        self.versions = Counter()  # path -> times its page was (re)written
        self.served = Counter()  # path -> 200 responses
        self.conditional = Counter()  # path -> requests carrying a validator

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def add(self, path: str, html: str) -> None:
        if path not in self.pages:
            self.server.expect_request(path).respond_with_handler(lambda request, path=path: self._serve(request, path))
        self.pages[path] = html
        self.versions[path] += 1

    def add_story(self, key: str, **options) -> str:
        self.add(ARTICLE_PATHS[key], self.article_page(key, **options))
        return self.url(ARTICLE_PATHS[key])

    def sitemap(self, paths, *, dates=None) -> str:
        dates = dates or [None] * len(paths)
        entries = "".join(
            f"<url><loc>{self.url(path)}</loc>{f'<lastmod>{day}</lastmod>' if day else ''}</url>"
            for path, day in zip(paths, dates, strict=True)
        )
        document = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        self.server.expect_request("/sitemap.xml").respond_with_data(document, content_type="application/xml")
        return self.url("/sitemap.xml")

    def _serve(self, request: Request, path: str) -> Response:
        html = self.pages[path]
        tag = '"' + hashlib.md5(html.encode()).hexdigest() + '"'
        stamp = f"Tue, 0{self.versions[path]} Mar 2025 08:00:00 GMT" if self.validator == "last-modified" else None
        validator = request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since")
        if validator:
            self.conditional[path] += 1
        if validator is not None and validator in (tag, stamp):
            return Response(status=304)
        self.served[path] += 1
        headers = {"ETag": tag} if self.validator == "etag" else {"Last-Modified": stamp} if stamp else {}
        return Response(html, content_type="text/html; charset=utf-8", headers=headers)


@pytest.fixture
def site(allow_all, article_page):
    return Site(allow_all, article_page)


@pytest.fixture
def frontier(tmp_path):
    with Frontier(tmp_path / "corpus.db") as instance:
        yield instance


def run(seeds=(), *, settings, frontier, fetcher, events=None, confirm=True, **options):
    """One crawl run; confirms every article as stored, like the CLI does after storing it."""
    articles = []
    for article in crawl(seeds, settings=settings, frontier=frontier, fetcher=fetcher,
                         on_event=(events.append if events is not None else None), **options):  # fmt: skip
        articles.append(article)
        if confirm:
            frontier.confirm([article.id])
    return articles


def test_crawl_fetches_sitemap_articles_and_skips_the_rest(site, settings, frontier, fetcher, article_page):
    for key in ("ferry", "orchard", "library"):
        site.add_story(key)
    site.server.expect_request("/2025/03/annual-report-final-version").respond_with_data(
        b"%PDF-1.4", content_type="application/pdf"
    )
    site.add(
        "/2025/03/site-search-results-page",
        "<html><head><title>Search</title></head><body><p>No results.</p></body></html>",
    )
    site.server.expect_request("/2025/03/removed-story-page-gone").respond_with_data("gone", status=410)
    sitemap = site.sitemap([*(ARTICLE_PATHS[key] for key in ("ferry", "orchard", "library")),
                            "/2025/03/annual-report-final-version", "/2025/03/site-search-results-page",
                            "/2025/03/removed-story-page-gone"])  # fmt: skip
    events: list[CrawlEvent] = []
    articles = run(settings=settings, frontier=frontier, fetcher=fetcher, events=events, sitemaps=[sitemap])
    assert sorted(article.title for article in articles) == sorted(
        ["Lakeside ferry service resumes after winter pause", "Cooperative orchard plants drought tolerant pear trees",
         "City library opens a repair workshop for old radios"]
    )  # fmt: skip
    assert all(article.source == "The Marrow Ledger" and article.url and article.date for article in articles)
    outcomes = {event.url.rsplit("/", 1)[-1]: (event.outcome, event.reason) for event in events}
    assert outcomes["annual-report-final-version"] == ("skipped", "content type application/pdf is not accepted")
    assert outcomes["site-search-results-page"][0] == "skipped"
    assert "listing page" not in outcomes["site-search-results-page"][1]  # only seeds are followed
    assert outcomes["removed-story-page-gone"] == ("failed", "HTTP 410")
    logged = frontier.connection.execute("SELECT outcome, http_status FROM fetch_log WHERE url LIKE '%gone'").fetchall()
    assert [tuple(row) for row in logged] == [("failed", 410)]


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
@pytest.mark.parametrize("changed", [False, True])
def test_crawl_second_run_fetches_only_changed_pages(
    allow_all, article_page, settings, frontier, fetcher, validator, changed
):
    site = Site(allow_all, article_page, validator=validator)
    urls = [site.add_story("ferry"), site.add_story("rail")]
    first = run(urls, settings=settings, frontier=frontier, fetcher=fetcher)
    assert len(first) == 2
    if changed:
        site.add(
            ARTICLE_PATHS["rail"],
            article_page("rail", lead="Update: the first departure has been moved to Friday evening."),
        )
    events: list[CrawlEvent] = []
    second = run(urls, settings=settings, frontier=frontier, fetcher=fetcher, events=events)
    assert [article.id for article in second] == ([article_id(urls[1])] if changed else [])
    assert site.conditional[ARTICLE_PATHS["ferry"]] == 1
    assert Counter(event.outcome for event in events)["unchanged"] == (1 if changed else 2)


@pytest.mark.parametrize("kill_at", [1, 3])
def test_crawl_resumes_after_kill_without_duplicates(site, settings, frontier, fetcher, kill_at):
    urls = [site.add_story(key) for key in ARTICLE_PATHS]
    calls = []

    def dying_extractor(html, **options):
        calls.append(options["id"])
        if len(calls) == kill_at:
            raise RuntimeError("simulated kill")
        return extract_article(html, **options)

    stored = []
    with pytest.raises(RuntimeError, match="simulated kill"):
        for article in crawl(urls, settings=settings, frontier=frontier, fetcher=fetcher, extractor=dying_extractor):
            stored.append(article.id)
            frontier.confirm([article.id])
    first_run = list(stored)
    stored += [article.id for article in run(urls, settings=settings, frontier=frontier, fetcher=fetcher)]
    assert sorted(stored) == sorted(article_id(url) for url in urls)
    # Pages stored before the kill are only revalidated (304), never downloaded again.
    assert all(
        site.served[ARTICLE_PATHS[key]] == 1
        for key, url in zip(ARTICLE_PATHS, urls, strict=True)
        if article_id(url) in first_run
    )


def test_crawl_hands_out_unconfirmed_articles_again(site, settings, frontier, fetcher):
    urls = [site.add_story(key) for key in ("ferry", "orchard", "library")]
    received = []
    for article in crawl(urls, settings=settings, frontier=frontier, fetcher=fetcher):
        received.append(article.id)
        if len(received) == 2:
            break  # killed after fetching the second article, before storing it
        frontier.confirm([article.id])
    second = [article.id for article in run(urls, settings=settings, frontier=frontier, fetcher=fetcher)]
    assert sorted(received[:1] + second) == sorted(article_id(url) for url in urls)
    # The unconfirmed article comes back from its kept raw page, not from a new download.
    assert site.served[ARTICLE_PATHS["ferry"]] == site.served[ARTICLE_PATHS["orchard"]] == 1


@pytest.mark.parametrize(
    "copy_key,lead,keep,duplicate",
    [
        ("ferry", "HARBOR GAZETTE - Wire report from our partner agency.", None, True),
        ("ferry", None, None, True),
        ("ferry", None, 2, True),  # the copy cut the last paragraph
        ("rail", None, None, False),
        ("orchard", "HARBOR GAZETTE - Wire report from our partner agency.", None, False),
    ],
)
def test_crawl_stores_near_duplicate_texts_once(
    site, settings, frontier, fetcher, article_page, copy_key, lead, keep, duplicate
):
    original = site.add_story("ferry")
    site.add(
        "/wire/2025/03/copy-of-partner-story", article_page(copy_key, outlet="Harbor Gazette", lead=lead, keep=keep)
    )
    copy = site.url("/wire/2025/03/copy-of-partner-story")
    events: list[CrawlEvent] = []
    articles = run([original, copy], settings=settings, frontier=frontier, fetcher=fetcher, events=events)
    assert len(articles) == (1 if duplicate else 2)
    if duplicate:
        assert frontier.urls_of(article_id(original)) == [original, copy]
        assert [event.outcome for event in events if event.url == copy] == ["duplicate"]


def test_crawl_honours_canonical_links_and_tracking_parameters(site, settings, frontier, fetcher, article_page):
    canonical = site.add_story("orchard")
    site.add("/amp/2025/03/orchard-plants-pear-trees", article_page("orchard", canonical=canonical))
    seeds = [
        canonical + "?utm_source=newsletter",
        canonical + "#top",
        site.url("/amp/2025/03/orchard-plants-pear-trees"),
    ]
    articles = run(seeds, settings=settings, frontier=frontier, fetcher=fetcher)
    assert [article.id for article in articles] == [article_id(canonical)]
    assert len(frontier.urls_of(article_id(canonical))) == 2
    assert site.served[ARTICLE_PATHS["orchard"]] == 1


def test_crawl_reads_article_shaped_seed_without_article_as_listing(site, settings, frontier, fetcher):
    site.add_story("rail")
    site.add("/2025/03/", f"<html><body><h1>March</h1><a href='{ARTICLE_PATHS['rail']}'>Night train</a></body></html>")
    events: list[CrawlEvent] = []
    articles = run([site.url("/2025/03/")], settings=settings, frontier=frontier, fetcher=fetcher, events=events)
    assert [article.url for article in articles] == [site.url(ARTICLE_PATHS["rail"])]
    assert "1 article links queued" in events[0].reason


@pytest.mark.parametrize(
    "canonical_path,expected_path",
    [
        ("/2025/03/orchard-plants-pear-trees", "/2025/03/orchard-plants-pear-trees"),
        ("/", "/amp/2025/03/orchard-copy"),
        (None, "/amp/2025/03/orchard-copy"),
    ],
)
def test_page_url_prefers_canonical_except_site_root(article_page, canonical_path, expected_path):
    base = "https://news.example.org"
    html = article_page("orchard", canonical=base + canonical_path if canonical_path else None)
    assert page_url(html, final_url=base + "/amp/2025/03/orchard-copy#x", fallback="unused") == base + expected_path


def test_crawl_reports_seeds_that_are_not_web_urls(settings, frontier, fetcher):
    events: list[CrawlEvent] = []
    assert (
        run(
            ["ftp://files.example.org/story", "not a url"],
            settings=settings,
            frontier=frontier,
            fetcher=fetcher,
            events=events,
        )
        == []
    )
    assert [(event.outcome, event.reason) for event in events] == [("failed", "not an http(s) URL")] * 2


def test_crawl_follows_listing_page_links(site, settings, frontier, fetcher):
    for key in ("ferry", "library"):
        site.add_story(key)
    links = "".join(f'<a href="{ARTICLE_PATHS[key]}?utm_medium=home">{key}</a>' for key in ("ferry", "library"))
    site.add("/", f"<html><body><a href='/tag/local'>Local</a><a href='/about'>About</a>{links}</body></html>")
    articles = run([site.url("/")], settings=settings, frontier=frontier, fetcher=fetcher)
    assert sorted(article.url for article in articles) == sorted(
        site.url(ARTICLE_PATHS[key]) for key in ("ferry", "library")
    )


def test_crawl_skips_robots_disallowed_and_old_articles(httpserver, article_page, settings, frontier, fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /2025/03/night\n", content_type="text/plain"
    )
    site = Site(httpserver, article_page)
    urls = [site.add_story("rail"), site.add_story("ferry", date="2024-12-31"), site.add_story("library")]
    events: list[CrawlEvent] = []
    articles = run(urls, settings=settings, frontier=frontier, fetcher=fetcher, events=events, since=date(2025, 1, 1))
    assert [article.id for article in articles] == [article_id(urls[2])]
    reasons = {event.url: event.reason for event in events}
    assert reasons[urls[0]] == "disallowed by robots.txt"
    assert reasons[urls[1]].startswith("published 2024-12-31")
    assert site.served[ARTICLE_PATHS["rail"]] == 0


def test_crawl_reports_unreachable_host_as_failed_not_disallowed(settings, frontier, fetcher, closed_port):
    events: list[CrawlEvent] = []
    url = f"http://127.0.0.1:{closed_port}{ARTICLE_PATHS['ferry']}"
    assert run([url], settings=settings, frontier=frontier, fetcher=fetcher, events=events) == []
    [event] = events
    assert event.outcome == "failed"
    assert event.reason.startswith("robots.txt unreachable: connection error")
    assert "disallowed" not in event.reason


def test_crawl_max_pages_stops_and_next_run_continues(site, settings, frontier, fetcher):
    urls = [site.add_story(key) for key in ARTICLE_PATHS]
    first = run(urls, settings=settings, frontier=frontier, fetcher=fetcher, max_pages=3)
    second = run(urls, settings=settings, frontier=frontier, fetcher=fetcher, max_pages=3)
    assert len(first) == 3
    assert len(second) == 1
    assert sorted(article.id for article in first + second) == sorted(article_id(url) for url in urls)


@pytest.mark.parametrize(
    "dates,expected",
    [
        (["2025-03-01", "2025-03-05", "2025-03-03"], "orchard"),
        ([None, None, "2025-03-03"], "library"),
        ([None, None, None], "ferry"),
    ],
)
def test_crawl_max_pages_takes_newest_first(site, settings, frontier, fetcher, dates, expected):
    keys = ["ferry", "orchard", "library"]
    for key in keys:
        site.add_story(key)
    sitemap = site.sitemap([ARTICLE_PATHS[key] for key in keys], dates=dates)
    articles = run(settings=settings, frontier=frontier, fetcher=fetcher, sitemaps=[sitemap], max_pages=1)
    assert [article.url for article in articles] == [site.url(ARTICLE_PATHS[expected])]


@pytest.mark.parametrize("robots_sitemaps", [True, False])
def test_crawl_reads_sitemaps_listed_in_robots(httpserver, article_page, settings, frontier, fetcher, robots_sitemaps):
    robots = f"User-agent: *\nAllow: /\nSitemap: {httpserver.url_for('/news-sitemap.xml')}\n"
    httpserver.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    site = Site(httpserver, article_page)
    site.add_story("library")
    entries = f"<url><loc>{site.url(ARTICLE_PATHS['library'])}</loc></url>"
    httpserver.expect_request("/news-sitemap.xml").respond_with_data(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>', content_type="text/xml"
    )
    site.add("/", "<html><body><a href='/about'>About</a></body></html>")
    articles = run(
        [site.url("/")], settings=settings, frontier=frontier, fetcher=fetcher, robots_sitemaps=robots_sitemaps
    )
    assert [article.url for article in articles] == ([site.url(ARTICLE_PATHS["library"])] if robots_sitemaps else [])


def test_reextract_rebuilds_articles_offline(site, settings, frontier, fetcher):
    urls = [site.add_story(key) for key in ("ferry", "rail")]
    fetched = run(urls, settings=settings, frontier=frontier, fetcher=fetcher)
    site.server.clear()  # nothing is served any more
    again = list(reextract(frontier))
    assert [(article.id, article.text) for article in again] == [(article.id, article.text) for article in fetched]


@pytest.mark.parametrize(
    "first,second,keep,similar",
    [
        ("ferry", "ferry", None, True),
        ("ferry", "ferry", 2, True),
        ("ferry", "rail", None, False),
        ("orchard", "library", None, False),
    ],
)
def test_fingerprint_overlap_finds_same_story(article_page, first, second, keep, similar):
    texts = [
        extract_article(article_page(key, keep=count), id=key).text for key, count in ((first, None), (second, keep))
    ]
    prints = [fingerprint(text) for text in texts]
    assert (prints[0].overlap(prints[1]) >= 0.8) is similar
    assert prints[0].overlap(prints[1]) == pytest.approx(prints[1].overlap(prints[0]))


@pytest.mark.parametrize("kept_words", [40, 75, 110, 150])
def test_fingerprint_jaccard_is_accurate(kept_words):
    """Guards the permutations' independence: correlated ones give errors of 0.2 and more."""
    rng = random.Random(kept_words)
    errors = []
    for _ in range(40):
        words = [f"w{rng.randrange(10**6)}" for _ in range(150)]
        full, part = fingerprint(" ".join(words)), fingerprint(" ".join(words[:kept_words]))
        errors.append(abs(full.jaccard(part) - part.shingles / full.shingles))
    assert sum(errors) / len(errors) < 0.08


def test_fingerprint_overlap_exceeds_jaccard_for_cut_copies(article_page):
    full, cut = (fingerprint(extract_article(article_page("ferry", keep=keep), id="x").text) for keep in (None, 2))
    assert full.jaccard(cut) < 0.8 <= full.overlap(cut)


@pytest.mark.parametrize("text", ["", "Too short to compare."])
def test_fingerprint_skips_short_texts(text):
    assert fingerprint(text) is None


@pytest.mark.model
def test_scrape_command_stores_writes_and_reports(site, tmp_path, pipeline, monkeypatch):
    from click.testing import CliRunner

    from newsmine.corpus.store import CorpusStore
    from newsmine.commands.scrape import scrape

    urls = [site.add_story("ferry"), site.add_story("library")]
    missing = site.url("/2025/03/story-that-was-never-written")
    site.server.expect_request("/2025/03/story-that-was-never-written").respond_with_data("no", status=404)
    db, out = tmp_path / "news.db", tmp_path / "out.jsonl"
    args = [*urls, missing, "--db", str(db), "-o", str(out), "--delay", "0"]
    result = CliRunner().invoke(scrape, args)
    assert result.exit_code == 1
    assert f"error: {missing}: HTTP 404" in result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(line["url"] for line in lines) == sorted(urls)
    assert all(line["title"] and line["date"] and line["source"] == "The Marrow Ledger" for line in lines)
    with CorpusStore(db) as store:
        assert sorted(store.document_ids()) == sorted(article_id(url) for url in urls)
    rerun = CliRunner().invoke(scrape, [*urls, "--db", str(db), "--delay", "0"])
    assert rerun.exit_code == 0
    assert "2 unchanged" in rerun.stderr


@pytest.mark.model
def test_reextract_command_rebuilds_corpus_from_kept_pages(site, tmp_path, pipeline):
    from click.testing import CliRunner

    from newsmine.corpus.store import CorpusStore
    from newsmine.commands.scrape import reextract_command, scrape

    urls = [site.add_story("orchard"), site.add_story("rail")]
    db, out = tmp_path / "news.db", tmp_path / "again.jsonl"
    assert CliRunner().invoke(scrape, [*urls, "--db", str(db), "--delay", "0"]).exit_code == 0
    site.server.clear()  # offline from here on
    result = CliRunner().invoke(reextract_command, ["--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(line["id"] for line in lines) == sorted(article_id(url) for url in urls)
    with CorpusStore(db) as store:
        assert len(store.document_ids()) == 2


@pytest.mark.parametrize(
    "toml,exit_code,message",
    [("[crawl]\ncontact = 'x'\n", 2, "unknown crawl settings ['contact']"), ("[crawl]\ndelay_s = 0\n", 0, "0 fetched")],
)
def test_scrape_command_reads_config_file(tmp_path, toml, exit_code, message):
    from click.testing import CliRunner

    from newsmine.commands.scrape import scrape

    config = tmp_path / "newsmine.toml"
    config.write_text(toml)
    result = CliRunner().invoke(scrape, ["--config", str(config), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == exit_code
    assert message in result.output + result.stderr
