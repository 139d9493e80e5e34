"""Fetcher behaviour against local servers: politeness, retries, limits, encodings, redirects."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug import Response

from newsmine.errors import FetchError
from newsmine.scraper.fetch import (
    CrawlSettings,
    Fetcher,
    PageSkipped,
    decode_page,
    retry_after_seconds,
)
from newsmine.scraper.robots import RobotsResponse, parse_robots, parse_rules

CYRILLIC = (
    "Городская библиотека открыла мастерскую по ремонту старых радиоприёмников. "
    "Волонтёры учат посетителей паять, менять лампы и читать старые схемы. "
    "Мастерская работает три вечера в неделю, а инструменты выдают бесплатно."
)


def cyrillic_page(*, meta_charset: str | None) -> bytes:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return f"<html><head>{meta}<title>Мастерская</title></head><body><p>{CYRILLIC}</p></body></html>".encode("cp1251")


def test_fetch_sends_user_agent_with_contact_url(allow_all, fetcher, article_page):
    allow_all.expect_request("/news/a-quiet-morning-story").respond_with_data(
        article_page("ferry"), content_type="text/html"
    )
    fetcher.fetch(allow_all.url_for("/news/a-quiet-morning-story"))
    request = next(req for req, _ in allow_all.log if req.path.startswith("/news/"))
    assert request.headers["User-Agent"].startswith("newsmine/")
    assert "https://newsmine.test/contact" in request.headers["User-Agent"]


@pytest.mark.parametrize(
    "path,allowed",
    [("/private/secret-story-here", False), ("/news/public-story-here", True)],
)
def test_fetch_honours_robots_disallow(httpserver, fetcher, article_page, path, allowed):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    httpserver.expect_request(path).respond_with_data(article_page("ferry"), content_type="text/html")
    if allowed:
        assert fetcher.fetch(httpserver.url_for(path)).status == 200
    else:
        with pytest.raises(PageSkipped, match="robots.txt"):
            fetcher.fetch(httpserver.url_for(path))
        assert all(req.path != path for req, _ in httpserver.log)


ROBOTS_CASES = {
    "longest match wins over order": ("User-agent: *\nAllow: /\nDisallow: /private/\n", "/private/a", False),
    "longer allow reopens a path": ("User-agent: *\nDisallow: /\nAllow: /news/\n", "/news/story", True),
    "allow wins a tie": ("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", True),
    "wildcard in the middle": ("User-agent: *\nDisallow: /*/print\n", "/2025/print", False),
    "end anchor matches the end": ("User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf", False),
    "end anchor ignores the middle": ("User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf.html", True),
    "query strings are matched": ("User-agent: *\nDisallow: /*?session=\n", "/story?session=1", False),
    "empty disallow allows": ("User-agent: *\nDisallow:\n", "/anything", True),
    "our own group beats the wildcard": (
        "User-agent: *\nDisallow: /\n\nUser-agent: NewsMine\nDisallow: /drafts/\n", "/news/a", True),
    "other crawlers' groups do not apply": ("User-agent: otherbot\nDisallow: /\n", "/news/a", True),
    "grouped agents share rules": ("User-agent: otherbot\nUser-agent: newsmine\nDisallow: /x/\n", "/x/1", False),
    "comments are ignored": ("User-agent: * # all\nDisallow: /tmp/ # scratch\n", "/tmp/file", False),
    "percent-encoding is normalised": ("User-agent: *\nDisallow: /caf%C3%A9/\n", "/café/menu", False),
    "robots.txt itself is always allowed": ("User-agent: *\nDisallow: /\n", "/robots.txt", True),
}  # fmt: skip


@pytest.mark.parametrize("text,path,allowed", ROBOTS_CASES.values(), ids=ROBOTS_CASES.keys())
def test_robots_rules_follow_rfc_9309(text, path, allowed):
    assert parse_robots(text, agent="newsmine").allowed("https://news.example.org" + path) is allowed


@pytest.mark.parametrize(
    "text,delay,sitemaps",
    [
        ("User-agent: *\nCrawl-delay: 4\nSitemap: https://a.example/s.xml\n", 4.0, ("https://a.example/s.xml",)),
        ("User-agent: newsmine\nCrawl-delay: 2.5\n\nUser-agent: *\nCrawl-delay: 30\n", 2.5, ()),
        ("User-agent: *\nCrawl-delay: soon\n", None, ()),
        ("\ufeffUser-agent: *\nCrawl-delay: 1\n", 1.0, ()),
    ],
)
def test_robots_reads_crawl_delay_and_sitemaps(text, delay, sitemaps):
    rules = parse_rules(RobotsResponse(200, text.encode("utf-8")), agent="newsmine")
    assert (rules.crawl_delay, rules.sitemaps) == (delay, sitemaps)


@pytest.mark.parametrize(
    "robots_status,allowed",
    [(404, True), (403, True), (503, False), (429, False)],
)
def test_fetch_robots_status_decides_default(httpserver, settings, clock, robots_status, allowed):
    settings.retries = 0
    httpserver.expect_request("/robots.txt").respond_with_data("", status=robots_status)
    httpserver.expect_request("/news/some-story-page").respond_with_data("<p>hi</p>", content_type="text/html")
    fetcher = Fetcher(settings, sleep=clock.sleep, clock=clock.time)
    url = httpserver.url_for("/news/some-story-page")
    if allowed:
        assert fetcher.fetch(url).status == 200
    else:
        # A server in trouble closes the host, as a failure naming the status, not as a Disallow.
        with pytest.raises(FetchError, match=f"robots.txt answered HTTP {robots_status}") as raised:
            fetcher.fetch(url)
        assert not isinstance(raised.value, PageSkipped)
        assert all(request.path == "/robots.txt" for request, _ in httpserver.log)


def test_fetch_unreachable_host_is_not_reported_as_disallowed(settings, clock, closed_port):
    settings.retries = 0
    fetcher = Fetcher(settings, sleep=clock.sleep, clock=clock.time)
    with pytest.raises(FetchError) as raised:
        fetcher.fetch(f"http://127.0.0.1:{closed_port}/news/some-story-page")
    assert not isinstance(raised.value, PageSkipped)
    assert "disallowed" not in raised.value.reason
    assert raised.value.reason.startswith("robots.txt unreachable: connection error")


@pytest.mark.parametrize("crawl_delay,expected", [("3", 3.0), (None, 0.5)])
def test_fetch_waits_crawl_delay_between_requests(httpserver, settings, clock, crawl_delay, expected):
    settings.delay_s = 0.5
    robots = "User-agent: *\nAllow: /\n" + (f"Crawl-delay: {crawl_delay}\n" if crawl_delay else "")
    httpserver.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    httpserver.expect_request("/news/first-story-page").respond_with_data("<p>1</p>", content_type="text/html")
    httpserver.expect_request("/news/second-story-page").respond_with_data("<p>2</p>", content_type="text/html")
    fetcher = Fetcher(settings, sleep=clock.sleep, clock=clock.time)
    fetcher.fetch(httpserver.url_for("/news/first-story-page"))
    clock.sleeps.clear()
    fetcher.fetch(httpserver.url_for("/news/second-story-page"))
    assert sum(clock.sleeps) == pytest.approx(expected)


@pytest.mark.parametrize("retry_after,expected_wait", [("7", 7.0), ("0", 0.0)])
def test_fetch_retries_429_after_retry_after(allow_all, fetcher, clock, retry_after, expected_wait):
    allow_all.expect_oneshot_request("/news/busy-story-page").respond_with_data(
        "slow down", status=429, headers={"Retry-After": retry_after}
    )
    allow_all.expect_oneshot_request("/news/busy-story-page").respond_with_data("<p>ok</p>", content_type="text/html")
    result = fetcher.fetch(allow_all.url_for("/news/busy-story-page"))
    assert result.status == 200
    assert sum(clock.sleeps) == pytest.approx(expected_wait)


def test_fetch_gives_up_when_retry_after_exceeds_limit(allow_all, fetcher):
    allow_all.expect_request("/news/busy-story-page").respond_with_data(
        "come back tomorrow", status=503, headers={"Retry-After": "86400"}
    )
    with pytest.raises(FetchError, match="over the limit"):
        fetcher.fetch(allow_all.url_for("/news/busy-story-page"))


@pytest.mark.parametrize(
    "statuses,succeeds",
    [([500, 502], True), ([503, 503, 503], False), ([404], False)],
)
def test_fetch_retries_server_errors_with_backoff(allow_all, fetcher, clock, statuses, succeeds):
    for status in statuses:
        allow_all.expect_oneshot_request("/news/flaky-story-page").respond_with_data("oops", status=status)
    allow_all.expect_oneshot_request("/news/flaky-story-page").respond_with_data("<p>ok</p>", content_type="text/html")
    url = allow_all.url_for("/news/flaky-story-page")
    if succeeds:
        assert fetcher.fetch(url).status == 200
        assert len(clock.sleeps) == len(statuses)
        assert clock.sleeps[1] > clock.sleeps[0] / 2  # exponential growth, jittered
    else:
        with pytest.raises(FetchError, match=f"HTTP {statuses[0]}"):
            fetcher.fetch(url)


@pytest.mark.parametrize(
    "script,succeeds",
    [(["reset", "reset"], True), (["reset", "reset", "reset"], False), (["hang"], True), (["hang"] * 3, False)],
)
def test_fetch_retries_connection_resets_and_timeouts(raw_server, raw_http, robots_response, fetcher, script, succeeds):
    page = raw_http(b"<html><body><p>made it</p></body></html>")
    server = raw_server([robots_response, *script], fallback=page)
    url = server.url("/news/unsteady-story-page")
    if succeeds:
        assert b"made it" in fetcher.fetch(url).content
    else:
        with pytest.raises(FetchError, match="gave up after 3 attempts"):
            fetcher.fetch(url)


@pytest.mark.parametrize("truncations,succeeds", [(1, True), (3, False)])
def test_fetch_retries_bodies_cut_mid_transfer(raw_server, raw_http, robots_response, fetcher, truncations, succeeds):
    page = raw_http(b"<p>whole</p>" * 100)
    cut = page[: len(page) // 2]
    server = raw_server([robots_response, *[cut] * truncations], fallback=page)
    url = server.url("/news/interrupted-story-page")
    if succeeds:
        assert fetcher.fetch(url).content == b"<p>whole</p>" * 100
    else:
        with pytest.raises(FetchError, match="while reading|body read failed"):
            fetcher.fetch(url)


@pytest.mark.parametrize(
    "chain,error",
    [
        (["/a-start-page", "/b-middle-page", "/c-final-page"], None),
        (["/a-start-page", "/b-middle-page", "/a-start-page"], "redirect loop"),
    ],
)
def test_fetch_follows_redirects_and_detects_loops(allow_all, fetcher, chain, error):
    for source, target in zip(chain, chain[1:], strict=False):
        if source != target:
            allow_all.expect_request(source).respond_with_data("", status=301, headers={"Location": target})
    if error is None:
        allow_all.expect_request(chain[-1]).respond_with_data("<p>end</p>", content_type="text/html")
        result = fetcher.fetch(allow_all.url_for(chain[0]))
        assert result.final_url == allow_all.url_for(chain[-1])
        assert result.redirects == [allow_all.url_for(path) for path in chain[1:]]
    else:
        with pytest.raises(FetchError, match=error):
            fetcher.fetch(allow_all.url_for(chain[0]))


def test_fetch_stops_after_redirect_limit(allow_all, settings, clock):
    settings.max_redirects = 3
    for hop in range(6):
        allow_all.expect_request(f"/hop-{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/hop-{hop + 1}"}
        )
    with pytest.raises(FetchError, match="more than 3 redirects"):
        Fetcher(settings, sleep=clock.sleep, clock=clock.time).fetch(allow_all.url_for("/hop-0"))


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)"])
def test_fetch_refuses_non_http_schemes(fetcher, url):
    with pytest.raises(PageSkipped, match="only http and https"):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    "content_type,kept",
    [
        ("application/pdf", False),
        ("image/jpeg", False),
        ("text/html; charset=utf-8", True),
        ("application/xhtml+xml", True),
    ],
)
def test_fetch_keeps_html_only(allow_all, fetcher, content_type, kept):
    allow_all.expect_request("/files/annual-report-file").respond_with_data(b"%PDF-1.4 ...", content_type=content_type)
    url = allow_all.url_for("/files/annual-report-file")
    if kept:
        assert fetcher.fetch(url).status == 200
    else:
        with pytest.raises(PageSkipped, match=f"content type {content_type}"):
            fetcher.fetch(url)


@pytest.mark.parametrize("declared_length", [True, False])
def test_fetch_cuts_off_huge_responses(allow_all, fetcher, declared_length):
    sent = []

    def endless(request):
        def chunks():
            for _ in range(10_000):
                sent.append(1)
                yield b"<p>" + b"x" * 8192 + b"</p>"

        headers = {"Content-Length": str(10_000 * 8199)} if declared_length else {}
        return Response(chunks(), content_type="text/html", headers=headers)

    allow_all.expect_request("/news/very-long-story-page").respond_with_handler(endless)
    with pytest.raises(FetchError, match="larger than 65536 bytes"):
        fetcher.fetch(allow_all.url_for("/news/very-long-story-page"))
    assert len(sent) < 1_000  # stopped reading long before the end


@pytest.mark.parametrize("page_timeout,fails", [(0.3, True), (5.0, False)])
def test_fetch_stops_pages_that_drip_past_the_page_timeout(allow_all, settings, page_timeout, fails):
    def drip(request):
        def chunks():
            for _ in range(12):
                time.sleep(0.05)
                yield b"<p>drop</p>"

        return Response(chunks(), content_type="text/html")

    allow_all.expect_request("/news/slow-drip-story-page").respond_with_handler(drip)
    settings.page_timeout_s = page_timeout
    fetcher = Fetcher(settings)
    url = allow_all.url_for("/news/slow-drip-story-page")
    if fails:
        with pytest.raises(FetchError, match="took longer than"):
            fetcher.fetch(url)
    else:
        assert fetcher.fetch(url).content == b"<p>drop</p>" * 12


@pytest.mark.parametrize(
    "content_type,meta_charset",
    [("text/html", "windows-1251"), ("text/html", None), ("text/html; charset=utf-8", None),
     ("text/html; charset=windows-1251", None)],
)  # fmt: skip
def test_fetch_decodes_cp1251_pages(allow_all, fetcher, content_type, meta_charset):
    allow_all.expect_request("/news/cyrillic-story-page").respond_with_data(
        cyrillic_page(meta_charset=meta_charset), content_type=content_type
    )
    result = fetcher.fetch(allow_all.url_for("/news/cyrillic-story-page"))
    assert CYRILLIC in result.text


@pytest.mark.parametrize(
    "text,codec,content_type,prefix",
    [
        (CYRILLIC, "cp1251", "text/html; charset=utf-8", b""),
        ("plain ascii text", "utf-8", "text/html; charset=utf-8", b""),
        ("<p>bom</p>", "utf-8", None, b"\xef\xbb\xbf"),
        ("<meta charset='koi8-r'>" + CYRILLIC, "koi8_r", "text/html", b""),
        ("<meta charset='no-such-charset'>" + CYRILLIC, "cp1251", "text/html", b""),
        (CYRILLIC, "utf-8", "text/html; charset=iso-8859-1", b""),
        ("<meta charset='windows-1252'>" + CYRILLIC, "utf-8", "text/html", b""),
    ],
)
def test_decode_page_prefers_declarations_that_decode(text, codec, content_type, prefix):
    body = prefix + text.encode(codec)
    assert decode_page(body, content_type=content_type, where="page") == text


@pytest.mark.parametrize("body,reason", [(b"", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary")])
def test_decode_page_skips_empty_and_binary_bodies(body, reason):
    with pytest.raises(PageSkipped, match=reason):
        decode_page(body, content_type="text/html", where="page")


@pytest.mark.parametrize(
    "value,expected",
    [("120", 120.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_seconds_parses_both_forms(value, expected):
    assert retry_after_seconds(value) == expected


def test_fetch_sends_conditional_headers(allow_all, fetcher):
    allow_all.expect_request("/news/cached-story-page", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    result = fetcher.fetch(allow_all.url_for("/news/cached-story-page"), etag='"v1"', last_modified=None)
    assert result.not_modified


def test_fetch_limits_one_request_per_host_at_a_time(allow_all, settings):
    in_flight, peak = [0], [0]

    def slow(request):
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.05)
        in_flight[0] -= 1
        return Response("<p>ok</p>", content_type="text/html")

    allow_all.expect_request("/news/parallel-story-page").respond_with_handler(slow)
    settings.delay_s = 0.0
    fetcher = Fetcher(settings)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: fetcher.fetch(allow_all.url_for("/news/parallel-story-page")), range(4)))
    assert peak[0] == 1
    assert sum(1 for request, _ in allow_all.log if request.path == "/robots.txt") == 1


@pytest.mark.parametrize(
    "toml,overrides,expected",
    [
        ("", {}, {"delay_s": 1.0, "concurrency": 4}),
        ("[crawl]\ndelay_s = 2.5\nconcurrency = 8\n", {}, {"delay_s": 2.5, "concurrency": 8}),
        ("[crawl]\ndelay_s = 2.5\n", {"delay_s": 0.1, "concurrency": None}, {"delay_s": 0.1, "concurrency": 4}),
        ("[other]\ndelay_s = 9\n", {}, {"delay_s": 1.0}),
    ],
)
def test_crawl_settings_load_layers_file_and_overrides(tmp_path, toml, overrides, expected):
    path = tmp_path / "newsmine.toml"
    path.write_text(toml)
    settings = CrawlSettings.load(path, **overrides)
    assert {key: getattr(settings, key) for key in expected} == expected


def test_crawl_settings_load_rejects_unknown_keys(tmp_path):
    path = tmp_path / "newsmine.toml"
    path.write_text("[crawl]\ndelay = 3\n")
    with pytest.raises(ValueError, match="unknown crawl settings \\['delay'\\]"):
        CrawlSettings.load(path)


def test_crawl_settings_user_agent_names_contact():
    assert CrawlSettings(contact_url="https://ops.example/crawler").user_agent.endswith(
        "(+https://ops.example/crawler)"
    )
