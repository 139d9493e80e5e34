"""robots.txt rules per host, fetched once and cached for the crawl, matched as RFC 9309 says.

Polite crawling means asking each host's robots.txt before every request and slowing down
to its Crawl-delay. The policy follows RFC 9309: a missing robots.txt (4xx) allows
everything, an unreachable one (network error or 5xx) disallows everything for this run,
because the site may be in trouble and we must not add to it. Rules are matched by the
longest pattern (Allow winning ties), with `*` and `$` wildcards; urllib.robotparser uses
the first matching line instead, which lets "Allow: /" above "Disallow: /private/" open
the private area.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

logger = logging.getLogger(__name__)

ROBOTS_PATH = "/robots.txt"
ROBOTS_MAX_BYTES = 512 * 1024
WILDCARD_AGENT = "*"

# A robots fetcher returns (HTTP status, body); status 0 means the host was unreachable.
RobotsGetter = Callable[[str], tuple[int, bytes]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One Allow / Disallow line; `pattern` is the path pattern as written (decoded)."""

    allow: bool
    pattern: str
    regex: re.Pattern[str]

    @classmethod
    def make(cls, allow: bool, pattern: str) -> Rule:
        anchored = pattern.endswith("$")
        body = pattern[:-1] if anchored else pattern
        regex = ".*".join(re.escape(part) for part in body.split("*")) + ("$" if anchored else "")
        return cls(allow=allow, pattern=pattern, regex=re.compile(regex, re.DOTALL))


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


@dataclass(slots=True)
class HostRules:
    """What one host's robots.txt says to our user agent."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    sitemaps: tuple[str, ...] = ()
    disallow_all: bool = False

    def allowed(self, url: str) -> bool:
        """Longest matching pattern wins; Allow wins a tie; no match means allowed."""
        parts = urlsplit(url)
        if self.disallow_all:
            return False
        target = unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")
        if target == ROBOTS_PATH:
            return True
        best: Rule | None = None
        for rule in self.rules:
            if rule.regex.match(target) and (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow)
            ):
                best = rule
        return best is None or best.allow


def robots_url(url: str) -> str:
    """The robots.txt address that governs `url` (same scheme, host and port)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, ROBOTS_PATH, "", ""))


def _lines(text: str) -> Iterable[tuple[str, str]]:
    """(lower-cased key, value) pairs, comments and malformed lines dropped."""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, colon, value = line.partition(":")
        if colon:
            yield key.strip().lower(), value.strip()


def _groups(text: str) -> tuple[list[_Group], list[str]]:
    """The user-agent groups of a robots.txt, and its Sitemap lines."""
    groups: list[_Group] = []
    sitemaps: list[str] = []
    current: _Group | None = None
    for key, value in _lines(text):
        if key == "user-agent":
            if current is None or current.rules or current.crawl_delay is not None:
                current = _Group()
                groups.append(current)
            current.agents.append(value.lower())
        elif key in ("allow", "disallow") and current is not None and value:
            current.rules.append(Rule.make(key == "allow", unquote(value)))
        elif key == "crawl-delay" and current is not None:
            current.crawl_delay = _seconds(value)
        elif key == "sitemap" and value:
            sitemaps.append(value)
    return groups, sitemaps


def _seconds(value: str) -> float | None:
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def parse_robots(text: str, *, agent: str) -> HostRules:
    """The rules for `agent`: its own groups if any name it, else the `*` groups, else none."""
    groups, sitemaps = _groups(text)
    token = agent.lower()
    chosen = [group for group in groups if token in group.agents] or [
        group for group in groups if WILDCARD_AGENT in group.agents
    ]
    delays = [group.crawl_delay for group in chosen if group.crawl_delay is not None]
    return HostRules(
        rules=tuple(rule for group in chosen for rule in group.rules),
        crawl_delay=max(delays) if delays else None,
        sitemaps=tuple(sitemaps),
    )


def parse_rules(status: int, body: bytes, *, agent: str) -> HostRules:
    """Turn a robots.txt response into rules; the status decides allow-all or disallow-all."""
    if status == 0 or status >= 500:
        return HostRules(disallow_all=True)
    if status >= 400:
        return HostRules()
    return parse_robots(body[:ROBOTS_MAX_BYTES].decode("utf-8-sig", errors="replace"), agent=agent)


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
        return self.rules(url).allowed(url)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay (seconds) the host asks of our agent, if any."""
        return self.rules(url).crawl_delay
