"""Local servers and fictional pages for the crawler tests: no test touches the network.

`httpserver` (pytest-httpserver) serves scripted HTTP; `raw_server` is a bare socket
server for what HTTP servers will not do on request (reset or hang a connection).
`VirtualClock` stands in for time.sleep / time.monotonic so delays, backoff and
Retry-After are checked without waiting for them.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from html import escape

import pytest

from newsmine.scraper.fetch import CrawlSettings, Fetcher

PERMISSIVE_ROBOTS = "User-agent: *\nAllow: /\n"

# Four fictional stories from fictional outlets, written for these tests.
STORIES = {
    "ferry": (
        "Lakeside ferry service resumes after winter pause",
        [
            "The Marrow Lake ferry returned to service on Monday after a three-month winter pause, "
            "carrying forty passengers and six delivery vans on its first crossing.",
            "Harbour master Edda Vrolik said the repaired hull had passed every inspection and that "
            "timetables would double by the start of the summer season.",
            "Shop owners on the northern shore welcomed the news, saying the closure had cut their "
            "weekly deliveries in half and forced a long detour over the mountain road.",
        ],
    ),
    "orchard": (
        "Cooperative orchard plants drought tolerant pear trees",
        [
            "A farmers cooperative in the Tenvale valley has planted two thousand pear trees bred to "
            "survive long dry spells, the first large trial of the variety in the region.",
            "Agronomist Pell Okonjo told reporters that the roots reach twice as deep as those of older "
            "trees and that the first harvest is expected in four years.",
            "The cooperative will share water use figures with neighbouring growers every autumn so "
            "that others can decide whether the switch is worth the cost.",
        ],
    ),
    "library": (
        "City library opens a repair workshop for old radios",
        [
            "The central library of Oskarborg opened a workshop on Saturday where volunteers teach "
            "visitors to repair valve radios, record players and other old electronics.",
            "Librarian Tomas Ferreira-Lind said the idea came from readers who kept borrowing the same "
            "out-of-print repair manuals and asked for a place to use them.",
            "The workshop opens three evenings a week, lends soldering irons free of charge and keeps "
            "a shelf of donated spare parts sorted by decade.",
        ],
    ),
    "rail": (
        "Night train between two border towns gets new sleeper cars",
        [
            "The overnight train linking Dervin and Kallastad will run with twelve refurbished sleeper "
            "cars from next month, the regional rail operator announced on Thursday.",
            "Operations chief Mirela Santangelo said each car now has wider berths, quieter brakes and "
            "sockets for every passenger, after complaints about the old stock.",
            "Tickets for the first week sold out within a day, and the operator is considering a second "
            "weekly departure during the holiday season.",
        ],
    ),
}


def article_html(
    key: str,
    *,
    outlet: str = "The Marrow Ledger",
    date: str | None = "2025-03-04",
    canonical: str | None = None,
    lead: str | None = None,
    keep: int | None = None,
    charset: str = "utf-8",
) -> str:
    """A complete article page for one of STORIES.

    `lead` adds a site-specific first paragraph; `keep` keeps only the first paragraphs.
    """
    title, paragraphs = STORIES[key]
    body = ([lead] if lead else []) + paragraphs[:keep]
    head = [f'<meta charset="{charset}">', f"<title>{escape(title)} | {escape(outlet)}</title>",
            f'<meta property="og:site_name" content="{escape(outlet)}">']  # fmt: skip
    if date:
        head.append(f'<meta property="article:published_time" content="{date}T08:00:00Z">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    paragraphs_html = "".join(f"<p>{escape(text)}</p>" for text in body)
    return (
        f"<!DOCTYPE html><html lang='en'><head>{''.join(head)}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/tag/transport'>Transport</a></nav>"
        f"<article><h1>{escape(title)}</h1>{paragraphs_html}</article>"
        f"<footer>Copyright {escape(outlet)}</footer></body></html>"
    )


class VirtualClock:
    """A monotonic clock that only moves when code sleeps on it; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def time(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


@pytest.fixture
def article_page():
    """`article_html`, for tests to build fictional article pages."""
    return article_html


@pytest.fixture
def raw_http():
    """`http_response`, for tests to script raw servers."""
    return http_response


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused, like a host that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def robots_response() -> bytes:
    """A raw permissive robots.txt response: the first connection of every raw-server crawl."""
    return http_response(PERMISSIVE_ROBOTS.encode(), content_type="text/plain")


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def settings() -> CrawlSettings:
    """Tiny delays and timeouts so the suite stays fast."""
    return CrawlSettings(
        contact_url="https://newsmine.test/contact",
        delay_s=0.0,
        retries=2,
        backoff_s=0.01,
        max_backoff_s=0.05,
        connect_timeout_s=1.0,
        read_timeout_s=0.3,
        max_retry_after_s=30.0,
        concurrency=2,
        max_page_bytes=64 * 1024,
    )


@pytest.fixture
def fetcher(settings: CrawlSettings, clock: VirtualClock) -> Iterator[Fetcher]:
    instance = Fetcher(settings, sleep=clock.sleep, clock=clock.time)
    yield instance
    instance.close()


@pytest.fixture
def allow_all(httpserver):
    """The HTTP server with a permissive robots.txt already registered."""
    httpserver.expect_request("/robots.txt").respond_with_data(PERMISSIVE_ROBOTS, content_type="text/plain")
    return httpserver


class RawServer:
    """A socket server that plays one scripted behaviour per connection, then a fallback.

    Behaviours: "reset" (close with RST), "hang" (read the request, never answer), or the
    raw bytes of an HTTP response to send.
    """

    def __init__(self, script: list[str | bytes], *, fallback: str | bytes = "reset") -> None:
        self.script = list(script)
        self.fallback = fallback
        self.connections = 0
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self._socket.settimeout(0.2)
        self._stop = threading.Event()
        self._hung: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            behaviour = self.script.pop(0) if self.script else self.fallback
            self.connections += 1
            self._play(connection, behaviour)

    def _play(self, connection: socket.socket, behaviour: str | bytes) -> None:
        connection.settimeout(1.0)
        with contextlib.suppress(OSError):
            connection.recv(65536)
        if behaviour == "hang":
            self._hung.append(connection)
            return
        if behaviour == "reset":
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            connection.sendall(behaviour)
        connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._hung:
            connection.close()
        self._socket.close()


def http_response(body: bytes, *, status: str = "200 OK", content_type: str = "text/html; charset=utf-8") -> bytes:
    """The raw bytes of a complete HTTP/1.1 response that closes its connection."""
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    """A factory for RawServer; every server made is shut down after the test."""
    made: list[RawServer] = []

    def make(script: list[str | bytes], *, fallback: str | bytes = "reset") -> RawServer:
        server = RawServer(script, fallback=fallback)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()
