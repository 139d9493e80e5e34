"""Headlines without the site name: the title templates outlets use, on fictional pages."""

from __future__ import annotations

import json
from html import escape

import pytest

from newsmine.scraper.extract import extract_article
from newsmine.scraper.titles import headline

BODY = (
    "The regional transport ministry confirmed on Tuesday that the new freight corridor will open "
    "to container trains in the spring, after two years of work on the border crossings. "
    "Officials said the route would cut the journey from the coast to the inland depots by four days, "
    "and that customs checks would move to a single joint station on the frontier."
)
HEADLINE = "Freight Corridor Opens to Container Trains"


def page(title: str, *, h1: str | None = None, og_title: str | None = None, site_name: str | None = None,
         publisher: str | None = None) -> str:  # fmt: skip
    """A fictional article page with the given title metadata."""
    head = [f"<title>{escape(title)}</title>"]
    if og_title:
        head.append(f'<meta property="og:title" content="{escape(og_title)}">')
    if site_name:
        head.append(f'<meta property="og:site_name" content="{escape(site_name)}">')
    if publisher:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2025-03-04",
                "publisher": {"@type": "Organization", "name": publisher}}  # fmt: skip
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    heading = f"<h1>{escape(h1)}</h1>" if h1 else ""
    return f"<html><head>{''.join(head)}</head><body><article>{heading}<p>{BODY}</p></article></body></html>"


TEMPLATES = {
    # Evidence from the page: the h1 or og:title equals a run of whole title segments.
    "site first, '::', h1 agrees": (
        page(f"Steppe Ledger archive :: {HEADLINE}", h1=HEADLINE), HEADLINE),
    "site last, '|', h1 agrees": (page(f"{HEADLINE} | Harbor Gazette", h1=HEADLINE), HEADLINE),
    "site last, en dash, og:title agrees": (
        page(f"{HEADLINE} – The Tenvale Courier", og_title=HEADLINE), HEADLINE),
    "section and site around it, '»' and '|'": (
        page(f"Transport » {HEADLINE} | Marrow Ledger", h1=HEADLINE), HEADLINE),
    "og:title carries the site too, h1 agrees": (
        page(f"{HEADLINE} — Harbor Gazette", og_title=f"{HEADLINE} — Harbor Gazette", h1=HEADLINE), HEADLINE),
    "h1 in other case still agrees": (page(f"{HEADLINE} - Harbor Gazette", h1=HEADLINE.upper()), HEADLINE),
    # No agreeing headline: the site name the page gives decides.
    "og:site_name, hyphen": (page(f"{HEADLINE} - Harbor Gazette", site_name="Harbor Gazette"), HEADLINE),
    "og:site_name with a word added, first": (
        page(f"Steppe Ledger archive :: {HEADLINE}", site_name="Steppe Ledger"), HEADLINE),
    "JSON-LD publisher, em dash": (page(f"{HEADLINE} — Dervin Daily Post", publisher="Dervin Daily Post"), HEADLINE),
    # Real headlines with dashes stay whole.
    "dash headline, nothing to cut": (
        page("Tea prices - a view from the farm", site_name="Harbor Gazette"), "Tea prices - a view from the farm"),
    "dash headline plus site, h1 agrees": (
        page("Tea prices - a view from the farm | Harbor Gazette", h1="Tea prices - a view from the farm"),
        "Tea prices - a view from the farm"),
    "dash headline plus site, site name only": (
        page("Tea prices - a view from the farm | Harbor Gazette", site_name="Harbor Gazette"),
        "Tea prices - a view from the farm"),
    "no evidence at all: kept whole": (
        page(f"Harbor Gazette - {HEADLINE}"), f"Harbor Gazette - {HEADLINE}"),
    "h1 holding the section name is not the headline": (
        page(f"Transport - {HEADLINE}", h1="Transport"), f"Transport - {HEADLINE}"),
    "hyphenated words are not separators": (
        page("Middle-Corridor trade up 30% in 2024–25", h1="Trade"), "Middle-Corridor trade up 30% in 2024–25"),
}  # fmt: skip


@pytest.mark.parametrize("html,expected", TEMPLATES.values(), ids=TEMPLATES.keys())
def test_extract_article_title_drops_site_name(html: str, expected: str) -> None:
    assert extract_article(html, id="t").title == expected


def test_extract_article_source_falls_back_to_json_ld_publisher() -> None:
    article = extract_article(page(f"{HEADLINE} | Dervin Daily Post", publisher="Dervin Daily Post"), id="t")
    assert article.source == "Dervin Daily Post"


@pytest.mark.parametrize(
    "title,site,expected",
    [
        ("Night ferry runs all winter | The Harbourlight Gazette", "The Harbourlight Gazette", "Night ferry runs all winter"),
        ("&#8216;Night&#8217; ferry  runs", None, "‘Night’ ferry runs"),
        ("The Gazette", "The Gazette", "The Gazette"),
        ("Ferry for the Gazette", "Gazette", "Ferry for the Gazette"),
        ("Gazette editor resigns - The Gazette", "Gazette", "Gazette editor resigns"),
        ("The Gazette | The Gazette", "The Gazette", "The Gazette"),
        ("", "Gazette", None),
        (None, None, None),
    ],
)  # fmt: skip
def test_headline_by_site_name(title: str | None, site: str | None, expected: str | None) -> None:
    assert headline(title, site_names=[site]) == expected
