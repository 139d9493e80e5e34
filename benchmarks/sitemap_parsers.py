"""Our sitemap parser (`scraper.discover.parse_sitemap`) against ultimate-sitemap-parser.

Why ours is kept, measured: usp fetches by itself (its own requests client, size limit and
recursion), so the only way to give it bytes our polite Fetcher fetched is `sitemap_from_str`.
This script feeds both the same documents and compares what they find and how fast:

    .venv/bin/python benchmarks/sitemap_parsers.py [--urls 50000]

Correctness cases: a news sitemap (publication dates, nested <image:loc>, tracking
parameters), and a sitemap index with one absolute and one relative child and a lastmod
(which `--since` uses to skip old children without fetching them).
ultimate-sitemap-parser is a benchmark-only tool here: `pip install ultimate-sitemap-parser`.
"""

from __future__ import annotations

import argparse
import logging
import time

from usp.objects.sitemap import InvalidSitemap
from usp.tree import sitemap_from_str

from newsmine.scraper.discover import canonicalize_url, parse_date, parse_sitemap

BASE = "https://news.example.org/"
NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://news.example.org/2025/03/ferry-service-resumes?utm_source=sitemap</loc>
       <lastmod>2025-03-04T09:00:00+00:00</lastmod></url>
  <url><loc>https://news.example.org/world/orchard-plants-pear-trees</loc>
       <news:news><news:publication_date>2024-11-20</news:publication_date>
       <news:title>Orchard plants pear trees</news:title></news:news></url>
  <url><image:image><image:loc>https://news.example.org/media/photo.jpg</image:loc></image:image>
       <loc>https://news.example.org/culture/library-repair-workshop</loc></url>
</urlset>"""
NEWS_EXPECTED = [
    ("https://news.example.org/2025/03/ferry-service-resumes", "2025-03-04"),
    ("https://news.example.org/world/orchard-plants-pear-trees", "2024-11-20"),
    ("https://news.example.org/culture/library-repair-workshop", None),
]
INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.org/sitemap-2025-03.xml</loc><lastmod>2025-03-01</lastmod></sitemap>
  <sitemap><loc>/sitemap-archive.xml.gz</loc></sitemap>
</sitemapindex>"""
INDEX_EXPECTED = [
    ("https://news.example.org/sitemap-2025-03.xml", "2025-03-01"),
    ("https://news.example.org/sitemap-archive.xml.gz", None),
]


def ours_pages(document: str) -> list[tuple[str, str | None]]:
    found = parse_sitemap(document.encode(), base_url=BASE)
    return [(item.url, item.published) for item in found.urls]


def ours_children(document: str) -> list[tuple[str, str | None]]:
    found = parse_sitemap(document.encode(), base_url=BASE)
    return [(item.url, item.published) for item in found.sitemaps]


def usp_pages(document: str) -> list[tuple[str, str | None]]:
    """usp's pages, canonicalised like ours so only what it finds is compared."""
    pages = []
    for page in sitemap_from_str(document).all_pages():
        when = page.news_story.publish_date if page.news_story else page.last_modified
        pages.append((canonicalize_url(page.url, base=BASE), parse_date(when.isoformat()) if when else None))
    return pages


def usp_children(document: str) -> list[tuple[str, str | None]]:
    """usp keeps an index's children as un-fetched sitemaps: URL only, no lastmod."""
    root = sitemap_from_str(document)
    children = getattr(root, "sub_sitemaps", [])
    return [(canonicalize_url(child.url, base=BASE), None) for child in children if isinstance(child, InvalidSitemap)]


def score(found: list, expected: list) -> str:
    hits = sum(1 for item in found if item in expected)
    return f"{hits}/{len(expected)} correct, {len(found) - hits} wrong"


def timed(parse, document: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        parse(document)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=50_000, help="URLs in the timing sitemap (the protocol's maximum)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # usp logs every parse at INFO and every oddity at WARNING
    print(f"news sitemap   ours: {score(ours_pages(NEWS_SITEMAP), NEWS_EXPECTED)}")
    print(f"news sitemap   usp:  {score(usp_pages(NEWS_SITEMAP), NEWS_EXPECTED)}")
    print(f"sitemap index  ours: {score(ours_children(INDEX), INDEX_EXPECTED)}")
    print(f"sitemap index  usp:  {score(usp_children(INDEX), INDEX_EXPECTED)}")
    entries = "".join(
        f"<url><loc>https://news.example.org/2025/03/story-number-{i}</loc><lastmod>2025-03-04</lastmod></url>"
        for i in range(args.urls)
    )
    big = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    print(f"{args.urls} URLs       ours: {timed(ours_pages, big):.2f} s")
    print(f"{args.urls} URLs       usp:  {timed(usp_pages, big):.2f} s")


if __name__ == "__main__":
    main()
