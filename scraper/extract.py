"""HTML page -> `Article`: structured metadata first, then the body by a generic extractor.

Publishers describe their articles for search engines and social networks (JSON-LD
`NewsArticle`, OpenGraph `og:` / `article:` properties, Dublin Core and `<meta name>` tags);
that is more reliable than guessing from the layout, so title, date, authors, language and
canonical URL come from there (with htmldate for dates and the visible byline for authors
when the page declares none). The body comes from a site profile (`scraper.sites`) when the
outlet has one, otherwise from trafilatura in precision mode, completed with the article
paragraphs it skipped and cleaned of boilerplate lines. Pages that hold no article (feeds,
listings, error pages, PDFs, near-empty pages) raise `ExtractionError` with the reason.

Measured on the 181-page article-extraction benchmark: `python benchmarks/extraction.py`.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from typing import Any, Iterator
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date
from trafilatura.metadata import extract_author as trafilatura_extract_author
from lxml.html import HtmlElement

from newsmine.corpus.schema import Article
from newsmine.errors import ExtractionError, InputError
from newsmine.language import detect_language
from newsmine.scraper.sites import SITES, SiteProfile, profile_for
from newsmine.scraper.textio import decode_bytes
from newsmine.scraper.titles import headline

logger = logging.getLogger(__name__)

# Elements that never hold article text, removed once metadata is read (less for the extractor to walk).
NON_TEXT_TAGS = ("script", "style", "noscript", "svg", "template", "iframe", "link", "meta")
# Pages larger than this (bytes or characters) are refused; trafilatura itself stops at 20 MB.
MAX_PAGE_SIZE = 20_000_000
# A body shorter than this (in characters) is not an article.
MIN_BODY_CHARS = 200
MIN_CJK_BODY_CHARS = 80
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Share of a page's text inside links above which a page without article metadata is a listing.
LISTING_LINK_SHARE = 0.8
# A page that is mostly links is a listing unless at least this share of its body is prose.
MIN_PROSE_SHARE = 0.5
# A body this long is an article even if its title looks like an error message.
ERROR_PAGE_MAX_CHARS = 1000

_PDF_MAGIC = b"%PDF-"
# lxml refuses text that still carries its byte-level encoding declaration.
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FEED_RE = re.compile(r"^\s*(?:<!--.*?-->\s*|<\?[^>]*\?>\s*)*<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)
_HTML_MARKUP_RE = re.compile(r"<(?:html|head|body|div|p|article|main|title|meta)\b", re.IGNORECASE)
# A title that is an HTTP error: a status code up front, or the usual error phrases.
_ERROR_TITLE_RE = re.compile(
    r"^\W*(?:error\W*)?(?:40[0-9]|410|50[0-9])\b|\b(?:page not found|not found|no longer available|"
    r"access denied|forbidden|server error|service unavailable)\b",
    re.IGNORECASE,
)
# The JSON-LD articleBody replaces the extracted body when it has this many times its words.
STRUCTURED_BODY_RATIO = 2.0
# Lines of page furniture that extractors let through; only short paragraphs are checked.
MAX_BOILERPLATE_WORDS = 30
_BOILERPLATE_RE = re.compile(
    r"^(?:copyright\b|©|\(c\) \d{4})|all rights reserved|^order reprints?$|^print (?:article|this)|"
    r"^share (?:this|on)\b|^sign up\b|^subscribe\b|thanks? (?:you )?for signing up|^click here\b|"
    r"^read more\b|^related(?: articles| stories| coverage)?:?$|^advertisement$|^follow us\b|"
    r"this copy is for your personal, non-commercial use|an error has occurred|please try again later|"
    r"^loading\W*$|^skip to (?:main )?content|^have a (?:news )?tip\b|^like this (?:story|article)\b|"
    r"\bfollow (?:us|him|her|them|@\w+) on (?:twitter|facebook|instagram)\b|"
    r"\b(?:sign up|subscribe) (?:for|to) .{0,60}\bnewsletters?\b|\bshare (?:it|this) with a friend\b",
    re.IGNORECASE,
)

# schema.org types that mark a page as one article (compared lower-case).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "report",
        "techarticle",
        "scholarlyarticle",
    }
)
# schema.org types that mark a page as a list of other pages.
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})

# <meta> keys (property / name / itemprop, lower-case) per field, most trusted first.
TITLE_META = ("og:title", "twitter:title", "dc.title", "headline")
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
)
AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "byl",
)
LANGUAGE_META = ("content-language", "dc.language", "og:locale", "language")
URL_META = ("og:url", "twitter:url")

# "By Jane Roe", "Analysis by Jane Roe", "Written by Jane Roe".
_AUTHOR_PREFIX_RE = re.compile(r"^\s*(?:\w+\s+)?by\s+", re.IGNORECASE)
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)
# An author value that is a link or a handle, not a name.
_NOT_A_NAME_RE = re.compile(r"^(?:https?://|www\.|@)")
_YMD_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_LANGUAGE_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")


@dataclass(slots=True)
class PageMetadata:
    """What a page says about itself; None / empty where it says nothing."""

    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    article_body: str | None = None
    site_name: str | None = None
    is_article: bool = False
    is_listing: bool = False


def extract_article(
    html: str | bytes,
    *,
    url: str | None = None,
    id: str = "page",
    sites: dict[str, type[SiteProfile]] | None = None,
) -> Article:
    """Extract the article of one HTML page.

    Args:
        html: the page, as text or as raw bytes (decoded by its declared or detected charset).
        url: where the page came from; used for relative links and the site-profile lookup.
        id: the article id (a file name without extensions, a hash of the URL...).
        sites: domain -> profile registry; `scraper.sites.SITES` when None.

    Raises:
        ExtractionError: the page is not HTML or holds no article; `reason` says which.
    """
    where = url or id
    if len(html) > MAX_PAGE_SIZE:
        raise ExtractionError(where, f"page too large ({len(html) // 1_000_000} MB)")
    tree = _parse(_as_text(html, where), where)
    meta = read_metadata(tree, url=url)
    profile_class = profile_for(url or meta.url, SITES if sites is None else sites)
    profile = profile_class(lxml.html.tostring(tree, encoding="unicode")) if profile_class else None
    lxml.etree.strip_elements(tree, *NON_TEXT_TAGS, with_tail=False)
    body = (profile.body() if profile else None) or generic_body(tree, meta, url=url)
    _check_is_article(tree, meta, body, where)
    return Article(
        id=id,
        text=body,
        url=meta.url or url,
        title=(profile.title() if profile else None) or meta.title,
        date=(normalize_date(profile.date()) if profile else None) or meta.date,
        authors=(profile.authors() if profile else None) or meta.authors or byline_authors(tree),
        language=meta.language or guess_language(body),
        source=meta.site_name,
    )


def _as_text(html: str | bytes, where: str) -> str:
    if isinstance(html, str):
        return html
    if html.lstrip()[: len(_PDF_MAGIC)] == _PDF_MAGIC:
        raise ExtractionError(where, "PDF document, not HTML")
    try:
        return decode_bytes(html, where=where)
    except InputError as error:
        raise ExtractionError(where, error.reason) from error


def _parse(text: str, where: str) -> HtmlElement:
    if not text.strip():
        raise ExtractionError(where, "empty page")
    if text.lstrip().startswith("%PDF-"):
        raise ExtractionError(where, "PDF document, not HTML")
    text = _XML_DECLARATION_RE.sub("", text, count=1)
    if _FEED_RE.match(text):
        raise ExtractionError(where, "RSS/Atom feed, not an article page")
    if not _HTML_MARKUP_RE.search(text[:100_000]):
        raise ExtractionError(where, "not an HTML page")
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ExtractionError(where, f"unparseable HTML ({error})") from error


def generic_body(tree: HtmlElement, meta: PageMetadata, *, url: str | None = None) -> str:
    """The article body, paragraphs separated by a blank line ("" if none).

    trafilatura in precision mode finds the article's main block and leaves out most
    boilerplate, but it also drops parts of articles split over several containers; those
    paragraphs are recovered from the page afterwards (`recover_paragraphs`).
    """
    extracted = trafilatura.extract(
        tree,
        url=url,
        favor_precision=True,
        include_comments=False,
        output_format="txt",
    )
    paragraphs = recover_paragraphs(tree, _paragraphs(extracted or ""))
    paragraphs = [paragraph for paragraph in paragraphs if not is_boilerplate(paragraph)]
    first_h1 = tree.find(".//h1")
    headlines = [meta.title, " ".join(first_h1.text_content().split()) if first_h1 is not None else None]
    body = "\n\n".join(_drop_leading_title(paragraphs, headlines))
    return _prefer_structured_body(body, meta.article_body)


def _prefer_structured_body(body: str, article_body: str | None) -> str:
    """The JSON-LD `articleBody` when the page extraction found much less than it holds.

    Pages that render their text with scripts, or hide it behind a paywall layer, still ship
    the full text as structured data; a teaser `articleBody` (shorter) never replaces ours.
    """
    if not article_body:
        return body
    if len(_WORD_RE.findall(article_body)) < STRUCTURED_BODY_RATIO * len(_WORD_RE.findall(body)):
        return body
    logger.debug("using the JSON-LD articleBody, %d characters against %d", len(article_body), len(body))
    return "\n\n".join(_paragraphs(article_body))


def is_boilerplate(paragraph: str) -> bool:
    """A short line of page furniture: copyright, reprint and sharing links, sign-up prompts."""
    return len(paragraph.split()) <= MAX_BOILERPLATE_WORDS and bool(_BOILERPLATE_RE.search(paragraph))


def _paragraphs(text: str) -> list[str]:
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line]


def _same_words(first: str, second: str) -> bool:
    return first.casefold().split() == second.casefold().split()


def _drop_leading_title(paragraphs: list[str], headlines: list[str | None]) -> list[str]:
    """The body without a repeated headline on top (the headline is the Article's title)."""
    if paragraphs and any(headline and _same_words(paragraphs[0], headline) for headline in headlines):
        return paragraphs[1:]
    return paragraphs


def _check_is_article(tree: HtmlElement, meta: PageMetadata, body: str, where: str) -> None:
    title = meta.title or ""
    if len(body) < ERROR_PAGE_MAX_CHARS and _ERROR_TITLE_RE.search(title):
        raise ExtractionError(where, f"error page (title: {title[:80]!r})")
    if meta.is_listing:
        raise ExtractionError(where, "index or listing page (structured data says so)")
    if not meta.is_article and prose_share(body) < MIN_PROSE_SHARE and link_text_share(tree) > LISTING_LINK_SHARE:
        raise ExtractionError(where, "index or listing page (mostly links)")
    if len(body) < _min_body_chars(body):
        raise ExtractionError(where, f"too little text ({len(body)} characters of body)")


def _min_body_chars(body: str) -> int:
    """MIN_BODY_CHARS, or MIN_CJK_BODY_CHARS for Chinese / Japanese / Korean text (a word a character or two)."""
    cjk = len(_CJK_RE.findall(body))
    return MIN_CJK_BODY_CHARS if cjk * 2 > len(body) else MIN_BODY_CHARS


def prose_share(body: str) -> float:
    """Share of the body's characters in prose paragraphs (long, ending like a sentence)."""
    if not body:
        return 0.0
    prose = sum(len(p) for p in body.split("\n\n") if len(p) >= MIN_RECOVERED_CHARS and _SENTENCE_END_RE.search(p))
    return prose / len(body)


def link_text_share(tree: HtmlElement) -> float:
    """Share of the visible body text that sits inside links (near 1 for index pages)."""
    body = tree.find("body")
    if body is None:
        return 0.0
    total = len(" ".join(body.xpath(".//text()[not(ancestor::script or ancestor::style)]")).split())
    if total == 0:
        return 0.0
    linked = len(" ".join(body.xpath(".//a//text()")).split())
    return linked / total


# --- recovering paragraphs the main-block extractor skipped ----------------------------------

# A page paragraph at least this long (characters) identifies where extracted text came from.
MIN_ANCHOR_CHARS = 40
# Skipped paragraphs shorter than this are not recovered (captions, teasers, credits).
MIN_RECOVERED_CHARS = 100
# How many levels above the extracted paragraphs' common container to look for skipped ones.
RECOVERY_SCOPE_LEVELS = 2
# A recovered paragraph may have at most this share of its text in links.
MAX_RECOVERED_LINK_SHARE = 0.2
NON_CONTENT_TAGS = frozenset({"nav", "footer", "aside", "header", "form", "figure", "figcaption", "button", "noscript"})
_NON_CONTENT_CLASS_RE = re.compile(
    r"comment|related|promo|newsletter|share|social|footer|sidebar|\bnav|menu|caption|advert|"
    r"subscribe|recommend|teaser|card|byline|\bauthor|bio\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?…\"'”’»)\]。！？」』）]$")
_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(_WORD_RE.findall(text))


def recover_paragraphs(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """`paragraphs` plus the long prose paragraphs of the same article container it skipped.

    Articles split over several blocks (a lead block, then "companion" columns around ads)
    lose everything after the first block in a main-block extractor. The page's `<p>`s that
    match extracted text locate the article's container; unmatched paragraphs inside it
    (a couple of levels up) that read as prose and are not navigation, captions or promos are
    added back, and the result is put in page order.
    """
    page = [(node, " ".join(node.text_content().split())) for node in tree.iter("p")]
    extracted = _words(" ".join(paragraphs))
    anchors = [i for i, (_, text) in enumerate(page) if len(text) >= MIN_ANCHOR_CHARS and _words(text) in extracted]
    if len(anchors) < 2:
        return paragraphs
    scope = _scope([page[i][0] for i in anchors])
    if scope.tag in ("body", "html"):
        return paragraphs
    recovered = [
        i
        for i, (node, text) in enumerate(page[anchors[0] + 1 :], start=anchors[0] + 1)
        if _recoverable(node, text, scope) and _words(text) not in extracted
    ]
    if not recovered:
        return paragraphs
    logger.debug("recovered %d skipped paragraphs", len(recovered))
    return _in_page_order(paragraphs, page, recovered)


def _scope(nodes: list[HtmlElement]) -> HtmlElement:
    """The nodes' lowest common ancestor, raised RECOVERY_SCOPE_LEVELS levels (below <body>)."""
    common = set(nodes[0].iterancestors()).intersection(*(set(node.iterancestors()) for node in nodes[1:]))
    scope = next(ancestor for ancestor in nodes[0].iterancestors() if ancestor in common)
    for _ in range(RECOVERY_SCOPE_LEVELS):
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        scope = parent
    return scope


def _recoverable(node: HtmlElement, text: str, scope: HtmlElement) -> bool:
    if len(text) < MIN_RECOVERED_CHARS or not _SENTENCE_END_RE.search(text):
        return False
    linked = sum(len(" ".join(link.text_content().split())) for link in node.iter("a"))
    if linked > MAX_RECOVERED_LINK_SHARE * len(text):
        return False
    for ancestor in node.iterancestors():
        if ancestor is scope:
            return True
        if ancestor.tag in NON_CONTENT_TAGS:
            return False
        if _NON_CONTENT_CLASS_RE.search(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return False
    return False


def _in_page_order(paragraphs: list[str], page: list[tuple[HtmlElement, str]], recovered: list[int]) -> list[str]:
    """Extracted and recovered paragraphs merged by their position in the page."""
    position = {_words(text): i for i, (_, text) in enumerate(page)}
    placed: list[tuple[int, int, str]] = []
    last = -1
    for paragraph in paragraphs:
        last = position.get(_words(paragraph), last)
        placed.append((last, 0, paragraph))
    placed.extend((i, 1, page[i][1]) for i in recovered)
    return [text for _, _, text in sorted(placed, key=lambda item: (item[0], item[1]))]


# Month and weekday names that bylines run into ("By Jane Roe November 18, 2019").
DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday updated published".split()
)


# --- structured metadata -------------------------------------------------------------------


def _iter_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, descending into lists and `@graph`."""
    if isinstance(data, list):
        for item in data:
            yield from _iter_nodes(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _iter_nodes(data["@graph"])


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower().rsplit("/", 1)[-1] for v in values}


def json_ld_nodes(tree: HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page; a script that is not valid JSON is skipped."""
    nodes: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            logger.debug("skipping invalid JSON-LD block")
            continue
        nodes.extend(_iter_nodes(data))
    return nodes


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """`<meta>` contents keyed by lower-case property / name / itemprop (the first one wins)."""
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        if key and content:
            tags.setdefault(key.strip().lower(), content)
    return tags


def normalize_date(value: str | None) -> str | None:
    """ISO 8601 for the usual date spellings (ISO, RFC 2822, Y-M-D inside text); None otherwise."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (ValueError, TypeError, IndexError):
        pass
    match = _YMD_RE.search(value)
    if match is None:
        return None
    try:
        return datetime(*(int(part) for part in match.groups())).date().isoformat()
    except ValueError:
        return None


def normalize_language(value: str | None) -> str | None:
    """The primary language subtag, lower-case: "en-US", "en_GB" -> "en"."""
    match = _LANGUAGE_RE.match((value or "").strip())
    return match.group(1).lower() if match else None


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value or a meta string."""
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if not isinstance(value, str) or _NOT_A_NAME_RE.match(value.strip()):
        return []
    value = _AUTHOR_PREFIX_RE.sub("", unescape(value))
    return [part.strip() for part in _AUTHOR_SPLIT_RE.split(value) if part.strip()]


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _first(tags: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((tags[key] for key in keys if tags.get(key)), None)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _publisher_name(article: dict[str, Any]) -> str | None:
    """The JSON-LD publisher's name ("publisher": {"@type": "Organization", "name": ...})."""
    publisher = article.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    return publisher.strip() if isinstance(publisher, str) and publisher.strip() else None


def _authors(article: dict[str, Any], tags: dict[str, str], site_name: str | None) -> list[str]:
    """Bylines from JSON-LD, else meta tags; the outlet's own name is not an author."""
    names = _names(article.get("author")) or _names(_first(tags, AUTHOR_META))
    outlet = (site_name or "").casefold()
    return _unique([name for name in names if name.casefold() != outlet])


def byline_authors(tree: HtmlElement) -> list[str]:
    """Authors from the visible byline (trafilatura's heuristics), for pages without author metadata."""
    found = trafilatura_extract_author(tree)
    names = (_strip_trailing_date_words(name) for name in _names(found or ""))
    return _unique([name for name in names if name])


def _strip_trailing_date_words(name: str) -> str:
    """ "Jane Roe November" -> "Jane Roe": bylines often run into the dateline."""
    words = name.split()
    while words and (words[-1].strip(",.").casefold() in DATE_WORDS or words[-1].strip(",.").isdigit()):
        words.pop()
    return " ".join(words)


def guess_language(text: str) -> str | None:
    """The body's language (ISO 639-1) for pages that declare none; None when too short to tell."""
    return detect_language(text)


def _date_from_page(tree: HtmlElement, url: str | None) -> str | None:
    """The publication date htmldate finds in the page itself (URL, <time>, visible dates)."""
    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError) as error:
        logger.debug("no date from the page body of %s: %s", url, error)
        return None
    return normalize_date(found)


def read_metadata(tree: HtmlElement, *, url: str | None = None) -> PageMetadata:
    """Title, date, authors, language, canonical URL and body from the page's structured data."""
    nodes = json_ld_nodes(tree)
    article = next((node for node in nodes if _types(node) & ARTICLE_TYPES), {})
    tags = meta_tags(tree)
    canonical = next(iter(tree.xpath('//link[@rel="canonical"]/@href')), None)
    raw_url = canonical or _first(tags, URL_META) or _text(article.get("url"))
    body = article.get("articleBody")
    site_name = tags.get("og:site_name") or _publisher_name(article)
    first_h1 = tree.find(".//h1")
    return PageMetadata(
        title=headline(
            _text(article.get("headline")) or _first(tags, TITLE_META) or tree.findtext(".//title"),
            candidates=[_text(article.get("headline")), *(tags.get(key) for key in TITLE_META),
                        first_h1.text_content() if first_h1 is not None else None],
            site_names=[tags.get("og:site_name"), _publisher_name(article)],
        ),  # fmt: skip
        date=normalize_date(_text(article.get("datePublished")) or _first(tags, DATE_META))
        or _date_from_page(tree, url),
        authors=_authors(article, tags, site_name),
        language=normalize_language(
            _text(article.get("inLanguage")) or tree.get("lang") or _first(tags, LANGUAGE_META)
        ),
        url=urljoin(url or "", raw_url.strip()) if raw_url else None,
        article_body=body.strip() if isinstance(body, str) and body.strip() else None,
        site_name=site_name,
        is_article=bool(article) or tags.get("og:type") == "article",
        is_listing=any(_types(node) & LISTING_TYPES for node in nodes) and not article,
    )
