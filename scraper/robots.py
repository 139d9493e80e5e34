"""robots.txt rules per host, fetched once and cached for the crawl.

Polite crawling means asking each host's robots.txt before every request and slowing down
to its Crawl-delay. The policy follows RFC 9309: a missing robots.txt (4xx) allows
everything, an unreachable one (network error or 5xx) disallows everything for this run,
because the site may be in trouble and we must not add to it.
"""

from __future__ import annotations

import logging
import threading
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger(__name__)

ROBOTS_PATH = "/robots.txt"
ROBOTS_MAX_BYTES = 512 * 1024

# A robots fetcher returns (HTTP status, body); status 0 means the host was unreachable.
RobotsGetter = Callable[[str], tuple[int, bytes]]


@dataclass(slots=True)
class HostRules:
    """What one host's robots.txt says to our user agent."""

    parser: urllib.robotparser.RobotFileParser
    crawl_delay: float | None
    sitemaps: tuple[str, ...]


def robots_url(url: str) -> str:
    """The robots.txt address that governs `url` (same scheme, host and port)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, ROBOTS_PATH, "", ""))


def parse_rules(status: int, body: bytes, *, agent: str) -> HostRules:
    """Turn a robots.txt response into rules; the status decides allow-all or disallow-all."""
    parser = urllib.robotparser.RobotFileParser()
    if status == 0 or status >= 500:
        parser.disallow_all = True
    elif status >= 400:
        parser.allow_all = True
    else:
        parser.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace").splitlines())
    delay = parser.crawl_delay(agent)
    return HostRules(
        parser=parser,
        crawl_delay=float(delay) if delay is not None else None,
        sitemaps=tuple(parser.site_maps() or ()),
    )


class RobotsCache:
    """Fetches each host's robots.txt on first use and answers `allowed` / `crawl_delay`."""

    def __init__(self, getter: RobotsGetter, *, agent: str) -> None:
        self._getter = getter
        self._agent = agent
        self._rules: dict[str, HostRules] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def rules(self, url: str) -> HostRules:
        """The rules for `url`'s host, fetching robots.txt the first time the host is seen."""
        address = robots_url(url)
        with self._lock:
            host_lock = self._host_locks.setdefault(address, threading.Lock())
        with host_lock:  # one fetch per host, even when several workers meet it at once
            cached = self._rules.get(address)
            if cached is None:
                cached = self._rules[address] = self._fetch_rules(address)
        return cached

    def _fetch_rules(self, address: str) -> HostRules:
        status, body = self._getter(address)
        if status == 0 or status >= 500:
            logger.warning("%s: robots.txt unreachable (status %s), host disallowed", address, status)
        return parse_rules(status, body, agent=self._agent)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our agent fetch `url`."""
        return self.rules(url).parser.can_fetch(self._agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay (seconds) the host asks of our agent, if any."""
        return self.rules(url).crawl_delay
