"""Polite, resilient HTTP fetching: one requests.Session, robots.txt, per-host pacing, retries.

Every request of a crawl goes through `Fetcher.fetch`, so the politeness rules hold in one
place: robots.txt (with Crawl-delay) before each hop, at most one request in flight per
host with a minimum delay between them, a user agent naming newsmine and a contact URL.
Resilience lives here too: timeouts, retries with exponential backoff and jitter on
connection errors, 5xx and 429 (honouring Retry-After), a streamed size limit, redirects
followed by hand so loops and scheme changes are caught, and charset detection.
Failures raise `FetchError` (or `PageSkipped` for deliberate skips) naming URL and reason.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import random
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from newsmine import __version__
from newsmine.errors import FetchError, InputError
from newsmine.scraper.robots import RobotsCache, RobotsResponse
from newsmine.scraper.textio import decode_bytes

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
DISCOVERY_TYPES = HTML_TYPES | frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-gzip",
        "application/gzip",
        "application/octet-stream",
        "text/plain",
    }
)
CHUNK_BYTES = 64 * 1024


class PageSkipped(FetchError):
    """A page deliberately not fetched or kept: robots.txt, a non-HTML type, and so on."""


class HttpStatusError(FetchError):
    """The server answered with an error status; `status` keeps the code for callers."""

    def __init__(self, where: str, status: int) -> None:
        super().__init__(where, f"HTTP {status}")
        self.status = status


@dataclass(slots=True)
class CrawlSettings:
    """Everything that tunes how politely and patiently the crawler talks to servers."""

    contact_url: str = "https://example.invalid/set-your-contact-url"  # a placeholder: configure your own
    agent_name: str = "newsmine"
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    page_timeout_s: float = 120.0
    delay_s: float = 1.0
    max_crawl_delay_s: float = 60.0
    concurrency: int = 4
    retries: int = 3
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    max_retry_after_s: float = 300.0
    max_page_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 10
    near_duplicate_overlap: float = 0.8

    @property
    def user_agent(self) -> str:
        """The User-Agent header: names the crawler and where its operator can be reached."""
        return f"{self.agent_name}/{__version__} (+{self.contact_url})"

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> CrawlSettings:
        """Defaults, then the `[crawl]` table of a TOML file, then `overrides` (CLI flags).

        Raises:
            ValueError: an unknown key, naming the allowed ones.
        """
        values: dict[str, Any] = {}
        if path is not None:
            with open(path, "rb") as handle:
                values.update(tomllib.load(handle).get("crawl", {}))
        values.update({key: value for key, value in overrides.items() if value is not None})
        allowed = {item.name for item in fields(cls)}
        unknown = sorted(set(values) - allowed)
        if unknown:
            raise ValueError(f"unknown crawl settings {unknown}; allowed: {sorted(allowed)}")
        return cls(**values)


@dataclass(slots=True)
class FetchResult:
    """One fetched page: the final URL after redirects, the body and its validators."""

    url: str
    final_url: str
    status: int
    content: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        """True when a conditional request found the page unchanged (HTTP 304)."""
        return self.status == 304

    @property
    def text(self) -> str:
        """The body as text (see `decode_page`); raises PageSkipped for binary or empty bodies."""
        return decode_page(self.content, content_type=self.content_type, where=self.final_url)


def media_type(header: str | None) -> str | None:
    """The bare media type of a Content-Type header, lower-cased ("text/html")."""
    if not header:
        return None
    return header.split(";", 1)[0].strip().lower() or None


def header_charset(header: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for param in (header or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def decode_page(content: bytes, *, content_type: str | None, where: str) -> str:
    """Bytes to text: BOM, strict UTF-8, the header's or the page's charset, then detection.

    Valid UTF-8 wins over declarations because servers often send a default charset
    (ISO-8859-1 decodes any bytes at all) for UTF-8 pages. `scraper.textio` does the work,
    so fetched pages and local files are decoded alike.

    Raises:
        PageSkipped: the body is empty, binary or undecodable.
    """
    try:
        return decode_bytes(content, where=where, declared=header_charset(content_type))
    except InputError as error:
        raise PageSkipped(where, error.reason) from None


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def check_scheme(url: str) -> None:
    """Refuse anything but http and https (file:, ftp:, javascript: links...)."""
    if urlsplit(url).scheme.lower() not in ALLOWED_SCHEMES:
        raise PageSkipped(url, "only http and https URLs are fetched")


class HostThrottle:
    """At most one request in flight per host, and at least the host's delay between them."""

    def __init__(self, *, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._guard = threading.Lock()

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    @contextlib.contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        """Hold the host's slot for one request, waiting out its delay first."""
        with self._lock(host):
            wait = self._next.get(host, 0.0) - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                self._next[host] = self._clock() + delay

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next request back (a 429 or 503 asked us to wait)."""
        with self._guard:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + seconds)


class Fetcher:
    """Fetch pages politely and resiliently; thread-safe, one instance per crawl."""

    def __init__(
        self,
        settings: CrawlSettings | None = None,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or CrawlSettings()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.settings.user_agent
        self._clock = clock
        self._throttle = HostThrottle(clock=clock, sleep=sleep)
        self.robots = RobotsCache(self._get_robots, agent=self.settings.agent_name)

    def close(self) -> None:
        """Release the session's connections."""
        self.session.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: frozenset[str] = HTML_TYPES,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Fetch `url`, following redirects; `accept` lists the media types kept (empty: any).

        `max_bytes` overrides the settings' page size limit (sitemaps may be larger).

        Raises:
            PageSkipped: robots.txt disallows it, a non-http scheme, or a type not in `accept`.
            FetchError: network failure after retries, an HTTP error, too large, a redirect loop,
                or the host's robots.txt could not be read (the reason says which).
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        want = _Want(accept, max_bytes or self.settings.max_page_bytes)
        current, chain = url, [url]
        while True:
            check_scheme(current)
            rules = self.robots.rules(current)
            if rules.unavailable is not None:
                raise FetchError(current, f"{rules.unavailable}; host not crawled")
            if not rules.allowed(current):
                raise PageSkipped(current, "disallowed by robots.txt")
            result = self._request(current, headers=headers, want=want)
            if result.status not in REDIRECT_STATUSES:
                result.url, result.redirects = url, chain[1:]
                return result
            current = self._next_hop(url, chain, result.final_url)

    def _next_hop(self, url: str, chain: list[str], location: str) -> str:
        """Validate one redirect target against loops and the hop limit, and record it."""
        if location in chain:
            raise FetchError(url, f"redirect loop at {location}")
        if len(chain) > self.settings.max_redirects:
            raise FetchError(url, f"more than {self.settings.max_redirects} redirects")
        chain.append(location)
        return location

    def _host_delay(self, url: str) -> float:
        crawl_delay = self.robots.crawl_delay(url) or 0.0
        return max(self.settings.delay_s, min(crawl_delay, self.settings.max_crawl_delay_s))

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter" (half fixed, half random), so clients do not stampede."""
        ceiling = min(self.settings.max_backoff_s, self.settings.backoff_s * 2**attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _request(self, url: str, *, headers: dict[str, str], want: _Want) -> FetchResult:
        """One hop, retried on connection errors, timeouts, 5xx and 429."""
        host = urlsplit(url).netloc.lower()
        reason = "no attempt made"
        for attempt in range(self.settings.retries + 1):
            if attempt:
                logger.info("%s: retry %d after %s", url, attempt, reason)
            try:
                with self._throttle.slot(host, self._host_delay(url)):
                    return self._attempt(url, headers=headers, want=want)
            except _Retryable as retry:
                reason = retry.reason
                wait = retry.wait if retry.wait is not None else self._backoff(attempt)
                if wait > self.settings.max_retry_after_s:
                    raise FetchError(url, f"{reason}, asked to wait {wait:.0f}s (over the limit)") from None
                if attempt < self.settings.retries:
                    self._throttle.defer(host, wait)
        raise FetchError(url, f"{reason} (gave up after {self.settings.retries + 1} attempts)")

    def _attempt(self, url: str, *, headers: dict[str, str], want: _Want) -> FetchResult:
        """Send one request and read the body within the size and time limits."""
        timeout = (self.settings.connect_timeout_s, self.settings.read_timeout_s)
        try:
            response = self.session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
        except requests.Timeout:
            raise _Retryable("timed out") from None
        except requests.ConnectionError as error:
            raise _Retryable(f"connection error ({type(error).__name__})") from None
        except requests.RequestException as error:
            raise FetchError(url, f"request failed: {error}") from None
        with response:
            return self._read_response(url, response, want=want)

    def _read_response(self, url: str, response: requests.Response, *, want: _Want) -> FetchResult:
        status = response.status_code
        if status == 429 or status >= 500:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            raise _Retryable(f"HTTP {status}", wait=wait, status=status)
        result = FetchResult(
            url=url,
            final_url=url,
            status=status,
            content_type=response.headers.get("Content-Type"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
        if status in REDIRECT_STATUSES and response.headers.get("Location"):
            result.final_url = urljoin(url, response.headers["Location"])
            return result
        if status == 304:
            return result
        if status >= 300:
            raise HttpStatusError(url, status)
        kind = media_type(result.content_type)
        if want.types and kind is not None and kind not in want.types:
            raise PageSkipped(url, f"content type {kind} is not accepted")
        result.content = self._read_body(url, response, limit=want.max_bytes)
        return result

    def _read_body(self, url: str, response: requests.Response, *, limit: int) -> bytes:
        """Stream the body, stopping as soon as it passes the size or time limit."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"page larger than {limit} bytes (Content-Length {declared})")
        deadline = self._clock() + self.settings.page_timeout_s
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"page larger than {limit} bytes (stopped reading)")
                if self._clock() > deadline:
                    raise FetchError(url, f"page took longer than {self.settings.page_timeout_s:g}s to read")
                chunks.append(chunk)
        except (requests.ConnectionError, requests.Timeout) as error:
            raise _Retryable(f"connection lost while reading ({type(error).__name__})") from None
        except requests.RequestException as error:
            raise _Retryable(f"body read failed ({type(error).__name__})") from None
        return b"".join(chunks)

    def _get_robots(self, address: str) -> RobotsResponse:
        """Fetch a robots.txt for `RobotsCache`; a network failure becomes the response's `error`."""
        host = urlsplit(address).netloc.lower()
        current, chain = address, [address]
        try:
            for _ in range(self.settings.max_redirects + 1):
                with self._throttle.slot(host, self.settings.delay_s):
                    result = self._attempt(current, headers={}, want=_Want(frozenset(), self.settings.max_page_bytes))
                if result.status not in REDIRECT_STATUSES:
                    return RobotsResponse(result.status, result.content)
                current = self._next_hop(address, chain, result.final_url)
        except _Retryable as failure:
            if failure.status is not None:
                return RobotsResponse(failure.status)
            return RobotsResponse(0, error=failure.reason)
        except HttpStatusError as error:
            return RobotsResponse(error.status)
        except FetchError as error:
            return RobotsResponse(0, error=error.reason)
        return RobotsResponse(0, error=f"more than {self.settings.max_redirects} redirects")


@dataclass(frozen=True, slots=True)
class _Want:
    """What one fetch keeps: media types (empty: any) and the body size limit."""

    types: frozenset[str]
    max_bytes: int


class _Retryable(Exception):
    """A transient failure: retry after `wait` seconds (None: use backoff); `status` if HTTP said so."""

    def __init__(self, reason: str, *, wait: float | None = None, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait
        self.status = status
