"""Discovery: URL canonicalisation, article-shaped links, sitemaps, feeds and listing pages."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from newsmine.errors import FetchError
from newsmine.scraper.discover import (
    canonicalize_url,
    discover,
    find_canonical,
    listing_links,
    looks_like_article,
    parse_date,
    parse_feed,
    parse_sitemap,
    sniff_kind,
)

BASE = "https://news.example.org/"

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example.org/2025/03/ferry-service-resumes?utm_source=sitemap</loc>
       <lastmod>2025-03-04T09:00:00+00:00</lastmod></url>
  <url><loc>https://news.example.org/world/orchard-plants-pear-trees</loc>
       <news:news><news:publication_date>2024-11-20</news:publication_date>
       <news:title>Orchard</news:title></news:news></url>
  <url><image:image xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
         <image:loc>https://news.example.org/media/workshop-photo-large.jpg</image:loc></image:image>
       <loc>https://news.example.org/culture/library-repair-workshop</loc></url>
</urlset>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{first}</loc><lastmod>2025-03-01T00:00:00Z</lastmod></sitemap>
  <sitemap><loc>{second}</loc></sitemap>
</sitemapindex>"""

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Marrow Ledger</title>
  <item><title>Ferry</title><link>https://news.example.org/2025/03/ferry-service-resumes</link>
        <pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate></item>
  <item><title>Rail</title><guid isPermaLink="true">https://news.example.org/travel/night-train-sleeper-cars</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbor Gazette</title>
  <entry><title>Library</title>
    <link rel="alternate" href="/culture/library-repair-workshop#comments"/>
    <link rel="enclosure" href="/media/workshop-photo.jpg"/>
    <published>2025-02-01T10:00:00Z</published></entry>
  <entry><title>Orchard</title><link href="https://news.example.org/world/orchard-plants-pear-trees"/>
    <updated>2024-11-20T07:00:00+02:00</updated></entry>
</feed>"""

RSS_1_0 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.org/"><title>Tenvale Courier</title></channel>
  <item rdf:about="https://news.example.org/world/orchard-plants-pear-trees">
    <title>Orchard</title><link>https://news.example.org/world/orchard-plants-pear-trees</link>
    <dc:date>2024-11-20T07:00:00+02:00</dc:date></item>
</rdf:RDF>"""

# A feed cut off mid-transfer: the items before the cut are still worth queueing.
TRUNCATED_RSS = RSS[: RSS.index("<item><title>Rail")] + "<item><title>Rail</title><gu"

LISTING = """<html><body>
<nav><a href="/">Home</a><a href="/tag/transport">Transport</a><a href="/about">About</a></nav>
<ul>
  <li><a href="/2025/03/ferry-service-resumes?utm_campaign=home">Ferry</a></li>
  <li><a href="https://www.news.example.org/world/orchard-plants-pear-trees">Orchard</a></li>
  <li><a href="/2025/03/ferry-service-resumes#comments">Ferry comments</a></li>
  <li><a href="https://elsewhere.example.com/2025/03/other-site-story-here">Other site</a></li>
  <li><a href="/files/annual-report-2024-final.pdf">Report</a></li>
  <li><a href="mailto:desk@news.example.org">Mail</a></li>
</ul></body></html>"""


@pytest.mark.parametrize(
    "url,expected",
    [
        ("HTTPS://News.Example.ORG:443/a/b?utm_source=x&b=2&a=1#frag", "https://news.example.org/a/b?a=1&b=2"),
        ("http://news.example.org/a?fbclid=abc&gclid=def&id=7", "http://news.example.org/a?id=7"),
        ("http://news.example.org:8080", "http://news.example.org:8080/"),
        ("/relative/path-here", "https://news.example.org/relative/path-here"),
        ("mailto:someone@example.org", None),
        ("javascript:void(0)", None),
        ("ftp://news.example.org/file", None),
    ],
)
def test_canonicalize_url_normalises_and_strips_tracking(url, expected):
    assert canonicalize_url(url, base=BASE) == expected


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://news.example.org/2025/03/short", True),
        ("https://news.example.org/world/ferry-service-resumes-today", True),
        ("https://news.example.org/story/1234567", True),
        ("https://news.example.org/article-889911.html", True),
        ("https://news.example.org/", False),
        ("https://news.example.org/world", False),
        ("https://news.example.org/tag/ferry-service-resumes", False),
        ("https://news.example.org/author/edda-vrolik-profile", False),
        ("https://news.example.org/files/annual-report-2024-final.pdf", False),
        ("https://news.example.org/page/2", False),
    ],
)
def test_looks_like_article_by_url_shape(url, expected):
    assert looks_like_article(url) is expected


@pytest.mark.parametrize(
    "html,expected",
    [
        (
            '<head><link rel="canonical" href="/2025/03/story-a?utm_medium=x"></head>',
            "https://news.example.org/2025/03/story-a",
        ),
        ("<head><link href='https://news.example.org/x-y-z' rel='Canonical'></head>", "https://news.example.org/x-y-z"),
        ('<head><link rel="alternate" href="/feed.xml"></head>', None),
        ("<head></head>", None),
    ],
)
def test_find_canonical_reads_link_rel(html, expected):
    assert find_canonical(html, base_url=BASE) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2025-03-04T09:00:00+00:00", "2025-03-04"),
        ("2025-03-04T09:00:00Z", "2025-03-04"),
        ("2025-03-04", "2025-03-04"),
        ("Tue, 04 Mar 2025 08:00:00 GMT", "2025-03-04"),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_date_reads_iso_and_rfc822(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("compress", [False, True])
def test_parse_sitemap_reads_urls_and_news_dates(compress):
    content = URLSET.encode()
    content = gzip.compress(content) if compress else content
    found = parse_sitemap(content, base_url=BASE)
    assert [item.url for item in found.urls] == [
        "https://news.example.org/2025/03/ferry-service-resumes",
        "https://news.example.org/world/orchard-plants-pear-trees",
        "https://news.example.org/culture/library-repair-workshop",
    ]
    assert [item.published for item in found.urls] == ["2025-03-04", "2024-11-20", None]
    assert found.sitemaps == []


def test_parse_sitemap_reads_index():
    content = INDEX.format(first="https://news.example.org/a.xml", second="/b.xml.gz").encode()
    found = parse_sitemap(content, base_url=BASE)
    assert [(item.url, item.published) for item in found.sitemaps] == [
        ("https://news.example.org/a.xml", "2025-03-01"),
        ("https://news.example.org/b.xml.gz", None),
    ]
    assert found.urls == []


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"<html><body>not xml", "not a sitemap"),
        (RSS.encode(), "not a sitemap"),
        (b"", "not well-formed XML"),
        (b"\x1f\x8bnot really gzip", "corrupt gzip data"),
        (gzip.compress(b"<urlset>" + b" " * (51 * 1024 * 1024)), "uncompressed size over"),
    ],
)
def test_parse_sitemap_rejects_broken_documents(content, reason):
    with pytest.raises(FetchError, match=reason):
        parse_sitemap(content, base_url=BASE)


@pytest.mark.parametrize("content", [URLSET.encode(), b"<html><body>page</body></html>"])
def test_parse_feed_rejects_non_feeds(content):
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse_feed(content, base_url=BASE)


def test_parse_feed_never_reads_a_local_file_named_by_the_body(tmp_path):
    local = tmp_path / "local-feed.xml"
    local.write_text(RSS, encoding="utf-8")
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse_feed(str(local).encode(), base_url=BASE)


@pytest.mark.parametrize(
    "feed,expected",
    [
        (RSS, [("https://news.example.org/2025/03/ferry-service-resumes", "2025-03-04"),
               ("https://news.example.org/travel/night-train-sleeper-cars", None)]),
        (ATOM, [("https://news.example.org/culture/library-repair-workshop", "2025-02-01"),
                ("https://news.example.org/world/orchard-plants-pear-trees", "2024-11-20")]),
        (RSS_1_0, [("https://news.example.org/world/orchard-plants-pear-trees", "2024-11-20")]),
        (TRUNCATED_RSS, [("https://news.example.org/2025/03/ferry-service-resumes", "2025-03-04")]),
    ],
)  # fmt: skip
def test_parse_feed_reads_rss_and_atom(feed, expected):
    found = parse_feed(feed.encode(), base_url=BASE)
    assert [(item.url, item.published) for item in found] == expected


@pytest.mark.parametrize(
    "content,expected",
    [(URLSET, "sitemap"), (INDEX, "sitemap"), (RSS, "feed"), (ATOM, "feed"), (LISTING, "html")],
)
def test_sniff_kind_by_root_element(content, expected):
    assert sniff_kind(content.encode()) == expected


@pytest.mark.parametrize("prefix", ["", '<?xml version="1.0" encoding="utf-8"?>\n'])
def test_listing_links_keeps_same_site_article_links(prefix):
    found = [item.url for item in listing_links(prefix + LISTING, base_url=BASE)]
    assert found == [
        "https://news.example.org/2025/03/ferry-service-resumes",
        "https://www.news.example.org/world/orchard-plants-pear-trees",
    ]


@pytest.mark.parametrize("html", ["", "   ", "<html></html>"])
def test_listing_links_empty_pages_give_nothing(html):
    assert listing_links(html, base_url=BASE) == []


def test_discover_follows_index_to_gzipped_and_news_sitemaps(allow_all, fetcher):
    allow_all.expect_request("/sitemap_index.xml").respond_with_data(
        INDEX.format(first="/sitemap-news.xml", second="/sitemap-old.xml.gz"), content_type="application/xml"
    )
    allow_all.expect_request("/sitemap-news.xml").respond_with_data(URLSET, content_type="application/xml")
    old = (
        URLSET.replace("2025/03/ferry-service-resumes", "2023/01/old-harbour-story")
        .replace("world/orchard", "world/older-orchard")
        .replace("culture/library", "culture/older-library")
    )
    allow_all.expect_request("/sitemap-old.xml.gz").respond_with_data(
        gzip.compress(old.encode()), content_type="application/x-gzip"
    )
    found = list(discover(fetcher, sitemaps=[allow_all.url_for("/sitemap_index.xml")], since=date(2025, 1, 1)))
    # The two items dated 2024-11-20 are dropped; undated ones are kept.
    assert [item.url for item in found] == [
        "https://news.example.org/2025/03/ferry-service-resumes",
        "https://news.example.org/culture/library-repair-workshop",
        "https://news.example.org/2023/01/old-harbour-story",
        "https://news.example.org/culture/older-library-repair-workshop",
    ]


def test_discover_allows_sitemaps_larger_than_pages(allow_all, fetcher):
    entries = "".join(f"<url><loc>/2025/03/generated-story-number-{i}</loc></url>" for i in range(2000))
    document = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    assert len(document) > fetcher.settings.max_page_bytes
    allow_all.expect_request("/big-sitemap.xml").respond_with_data(document, content_type="application/xml")
    assert len(list(discover(fetcher, sitemaps=[allow_all.url_for("/big-sitemap.xml")]))) == 2000


@pytest.mark.parametrize("since,fetched", [(date(2025, 6, 1), False), (date(2025, 2, 1), True), (None, True)])
def test_discover_skips_index_children_older_than_since(allow_all, fetcher, since, fetched):
    allow_all.expect_request("/index.xml").respond_with_data(
        INDEX.format(first="/2025-03.xml", second="/undated.xml"), content_type="application/xml"
    )
    allow_all.expect_request("/2025-03.xml").respond_with_data(URLSET, content_type="application/xml")
    allow_all.expect_request("/undated.xml").respond_with_data(
        URLSET.replace("ferry", "later-ferry"), content_type="application/xml"
    )
    list(discover(fetcher, sitemaps=[allow_all.url_for("/index.xml")], since=since))
    requested = {request.path for request, _ in allow_all.log}
    assert ("/2025-03.xml" in requested) is fetched
    assert "/undated.xml" in requested


@pytest.mark.parametrize("path,document", [("/rss.xml", RSS), ("/atom.xml", ATOM)])
def test_discover_reads_feeds(allow_all, fetcher, path, document):
    allow_all.expect_request(path).respond_with_data(document, content_type="application/rss+xml")
    found = list(discover(fetcher, feeds=[allow_all.url_for(path)]))
    assert len(found) == 2
    assert all(item.origin.startswith("feed:") for item in found)


def test_discover_reports_broken_sources_and_carries_on(allow_all, fetcher):
    allow_all.expect_request("/missing.xml").respond_with_data("gone", status=404)
    allow_all.expect_request("/page.xml").respond_with_data("<html><body>hello</body></html>", content_type="text/html")
    allow_all.expect_request("/rss.xml").respond_with_data(RSS, content_type="application/rss+xml")
    errors = []
    found = list(
        discover(
            fetcher,
            sitemaps=[allow_all.url_for("/missing.xml"), allow_all.url_for("/page.xml")],
            feeds=[allow_all.url_for("/rss.xml")],
            on_error=errors.append,
        )
    )
    assert len(found) == 2
    assert [error.reason for error in errors] == ["HTTP 404", "not a sitemap: the document is an HTML page"]


def test_discover_listing_page_and_page_that_is_a_feed(allow_all, fetcher):
    allow_all.expect_request("/").respond_with_data(LISTING, content_type="text/html")
    allow_all.expect_request("/feeds/all").respond_with_data(ATOM, content_type="application/atom+xml")
    found = list(discover(fetcher, pages=[allow_all.url_for("/"), allow_all.url_for("/feeds/all")]))
    host = allow_all.url_for("/").rstrip("/")
    assert [item.url for item in found][:1] == [f"{host}/2025/03/ferry-service-resumes"]
    assert len(found) == 3  # one same-site link on the listing page + two feed entries
