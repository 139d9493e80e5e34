"""HTML -> Article: structured metadata, generic body, site profiles, rejections, the CLI command."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from newsmine.commands.extract import extract
from newsmine.errors import ExtractionError
from newsmine.scraper.extract import (
    byline_authors,
    extract_article,
    guess_language,
    is_boilerplate,
    normalize_date,
    normalize_language,
    prose_share,
    recover_paragraphs,
)
from newsmine.scraper.sites import SiteProfile, profile_for

DATA = Path(__file__).parent / "data"
GENERIC = DATA / "generic_article.html"
GAZETTE = DATA / "harbourlight_gazette.html"
LISTING = DATA / "listing.html"

FILLER = (
    "The harbour board met again on Thursday to discuss the winter timetable. Members agreed that "
    "the night crossing should continue until the spring storms end. The ticket office will stay "
    "open one hour longer, and the car deck will be cleared of snow by the crew before each sailing."
)
FILLER_2 = (
    "Several fishermen told the meeting that they had waited years for the change. The board said "
    "it would publish the full timetable next week and review the passenger numbers in April."
)


class HarbourlightGazette(SiteProfile):
    """Profile of a fictional outlet: its byline, date stamp and body paragraphs by selector."""

    TITLE = "h1.story-head__title"
    DATE = ".story-head__stamp"
    DATE_ATTRIBUTE = "data-published"
    AUTHORS = ".story-head__byline .writer"
    BODY = ".story-body__para"
    DROP = ".story-body__promo"


GAZETTE_SITES: dict[str, type[SiteProfile]] = {"harbourlight-gazette.example": HarbourlightGazette}


def _page(title: str, body_html: str, head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body_html}</body></html>"


@pytest.mark.parametrize(
    "field,expected",
    [
        ("title", "Valley orchards try giant fans against spring frost"),
        ("date", "2030-04-02T09:15:00+00:00"),
        ("authors", ["Hollis Varnett", "Pria Saltmarsh"]),
        ("language", "en"),
        ("url", "https://riverbend-courier.example/farming/frost-fans"),
        ("id", "frost"),
    ],
)
def test_extract_article_reads_structured_metadata(field: str, expected: object) -> None:
    article = extract_article(GENERIC.read_bytes(), id="frost")
    assert getattr(article, field) == expected


@pytest.mark.parametrize(
    "present,fragment",
    [
        (True, "Three apple growers in the lower valley"),
        (True, "doing nothing was no longer an option"),
        (True, "before recommending them more widely."),
        (False, "Front page"),
        (False, "Share this article"),
    ],
)
def test_extract_article_body_keeps_article_drops_boilerplate(present: bool, fragment: str) -> None:
    article = extract_article(GENERIC.read_text(encoding="utf-8"), id="frost")
    assert (fragment in article.text) is present


def test_extract_article_separates_paragraphs_by_blank_line() -> None:
    paragraphs = extract_article(GENERIC.read_bytes(), id="frost").text.split("\n\n")
    assert paragraphs[0].startswith("Three apple growers")
    assert all(paragraph == paragraph.strip() and "\n" not in paragraph for paragraph in paragraphs)


@pytest.mark.parametrize(
    "field,expected",
    [
        ("title", "Night ferry to run all winter between Harbourlight and Gullstone"),
        ("date", "2031-01-14T07:30:00+00:00"),
        ("authors", ["Mirela Quontek", "Osgar Pelloway"]),
        ("language", "en"),
        ("url", "https://www.harbourlight-gazette.example/news/2031/01/ferry-night-crossing"),
    ],
)
def test_site_profile_fields_override_generic(field: str, expected: object) -> None:
    article = extract_article(GAZETTE.read_bytes(), id="ferry", sites=GAZETTE_SITES)
    assert getattr(article, field) == expected


def test_site_profile_body_drops_promos_and_keeps_order() -> None:
    text = extract_article(GAZETTE.read_bytes(), id="ferry", sites=GAZETTE_SITES).text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The island ferry company")
    assert paragraphs[-1].endswith("fares will not change.")
    assert "newsletter" not in text and "Related stories" not in text


def test_site_profile_missing_falls_back_to_generic() -> None:
    article = extract_article(GAZETTE.read_bytes(), id="ferry", sites={})
    assert article.title == "Harbourlight ferry adds a winter night crossing"
    assert "island ferry company" in article.text


class TitleOnlyProfile(SiteProfile):
    """A profile that knows only the headline: every other field stays generic."""

    TITLE = "h1.story-head__title"


def test_site_profile_partial_profile_keeps_generic_fields() -> None:
    article = extract_article(GAZETTE.read_bytes(), id="ferry", sites={"harbourlight-gazette.example": TitleOnlyProfile})
    assert article.title == "Night ferry to run all winter between Harbourlight and Gullstone"
    assert "island ferry company" in article.text
    assert article.authors == ["Mirela Quontek", "Osgar Pelloway"]


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://harbourlight-gazette.example/a", HarbourlightGazette),
        ("https://www.harbourlight-gazette.example/a", HarbourlightGazette),
        ("https://archive.harbourlight-gazette.example/a", HarbourlightGazette),
        ("https://gazette.example/a", None),
        ("https://harbourlight-gazette.example.org/a", None),
        (None, None),
    ],
)
def test_profile_for_matches_domain_and_subdomains(url: str | None, expected: type[SiteProfile] | None) -> None:
    assert profile_for(url, GAZETTE_SITES) is expected


@pytest.mark.parametrize(
    "page,reason",
    [
        (LISTING.read_bytes(), "listing page"),
        (
            _page(
                "404 - Page not found",
                "<nav><a href='/'>Home</a></nav><p>Sorry, the page you asked for has moved or never existed.</p>",
            ).encode(),
            "error page",
        ),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj", "PDF"),
        (b"Just a line of plain text, no markup at all, long enough to not be empty.", "not an HTML page"),
        (_page("Short note", "<article><p>Only one short sentence here.</p></article>").encode(), "too little text"),
        (b"   \n", "empty"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title>'
            + b"".join(b"<item><title>Ferry story %d</title><link>https://h.example/%d</link></item>" % (i, i) for i in range(9))
            + b"</channel></rss>",
            "RSS/Atom feed",
        ),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour news</title></feed>', "RSS/Atom feed"),
        (b"<html>\x00\x01\x02\x03binary", "binary"),
        (
            _page(
                "Links",
                "<div>" + "".join(f"<p><a href='/{i}'>Another headline number {i} links away</a></p>" for i in range(40)) + "</div>",
            ).encode(),
            "listing page",
        ),
    ],
)
def test_extract_article_rejects_non_articles_with_reason(page: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(page, id="bad")
    assert reason in caught.value.reason
    assert str(caught.value).startswith("bad: ")


def test_extract_article_accepts_article_about_errors() -> None:
    body = f"<article><h1>Why 404 pages matter</h1><p>{FILLER}</p><p>{FILLER_2}</p></article>"
    article = extract_article(_page("Why 404 pages matter", body), id="ok")
    assert "harbour board" in article.text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_extract_article_decodes_declared_charset(encoding: str) -> None:
    sentences = [
        "Паром будет ходить всю зиму между двумя городами, сообщил совет гавани в понедельник.",
        "Раньше последний рейс уходил в шесть часов вечера, и рабочие рыбного рынка оставались на острове.",
        "Дополнительный рейс обойдётся совету примерно в сорок тысяч крон за сезон, цены на билеты не изменятся.",
    ]
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    page = _page("Паром", "<article>" + "".join(f"<p>{s}</p>" for s in sentences) + "</article>", head)
    assert extract_article(page.encode(encoding), id="ru").text == "\n\n".join(sentences)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2030-04-02", "2030-04-02"),
        ("2030-04-02T09:15:00Z", "2030-04-02T09:15:00+00:00"),
        ("2030-04-02T09:15:00+05:00", "2030-04-02T09:15:00+05:00"),
        ("Tue, 02 Apr 2030 09:15:00 GMT", "2030-04-02T09:15:00+00:00"),
        ("Published 2030/4/2 at noon", "2030-04-02"),
        ("2030-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date_gives_iso_8601(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [("en", "en"), ("en-US", "en"), ("pt_BR", "pt"), ("RU", "ru"), ("english language", None), (None, None)],
)
def test_normalize_language_keeps_primary_subtag(value: str | None, expected: str | None) -> None:
    assert normalize_language(value) == expected


def test_extract_command_writes_one_line_per_page(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "frost.html").write_bytes(GENERIC.read_bytes())
    (folder / "ferry.html.gz").write_bytes(gzip.compress(GAZETTE.read_bytes()))
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(extract, [str(folder), "-o", str(out)])
    assert result.exit_code == 1  # the skipped notes.txt counts, and gets its line
    assert result.stderr.splitlines() == [f"error: {folder / 'notes.txt'}: unsupported file type, skipped "
                                          "(newsmine reads .html.gz, .html, .htm)"]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["ferry", "frost"]
    assert set(lines[0]) == {"id", "url", "title", "date", "authors", "language", "text"}


def test_extract_command_reports_bad_pages_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a_good.html").write_bytes(GENERIC.read_bytes())
    (tmp_path / "b_list.html").write_bytes(LISTING.read_bytes())
    (tmp_path / "c_empty.htm").write_bytes(b"")
    result = CliRunner().invoke(extract, [str(tmp_path)])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a_good"]
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"error: {tmp_path / 'b_list.html'}") and "listing page" in errors[0]
    assert errors[1] == f"error: {tmp_path / 'c_empty.htm'}: empty file"


@pytest.mark.parametrize("name", ["missing.html", "missing_folder"])
def test_extract_command_missing_path_exits_2(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(extract, [str(tmp_path / name)])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


LEAD = [
    "The harbour board approved the night ferry after a long debate about crew overtime and the fuel budget.",
    "Commuters who work late shifts at the fish market had asked for the change for several winters in a row.",
    "The first night crossing is planned for the second week of January, weather permitting, the board said.",
]
REST = [
    "Fares will stay the same, and season tickets bought before the change will also be valid on the new boat.",
    "The board will count passengers until March and decide in April whether the crossing becomes permanent.",
]
SPLIT_ARTICLE = f"""<html><body><main><article>
<div class="col"><div class="inner">{"".join(f"<p>{p}</p>" for p in LEAD)}</div></div>
<div class="ad-slot"><p>Advertisement</p></div>
<div class="col"><div class="inner"><p>{REST[0]}</p>
<figure><figcaption><p>The ferry leaves the harbour at dusk, seen from the old lighthouse on the northern pier.</p></figcaption></figure>
<div class="related-links"><p>Read also: the lighthouse keeper who has watched every single crossing for forty years.</p></div>
<p>Short line.</p>
<p>{REST[1]}</p></div></div>
</article></main>
<aside><p>Our newsletter brings you the harbour news every morning, with the tide tables and the weather.</p></aside>
</body></html>"""


@pytest.mark.parametrize(
    "extracted,expected",
    [
        (LEAD, LEAD + REST),
        (LEAD[:2], LEAD + REST),
        (LEAD[:1], LEAD[:1]),
        ([], []),
        (LEAD + REST, LEAD + REST),
    ],
)
def test_recover_paragraphs_adds_skipped_article_paragraphs_in_order(extracted: list[str], expected: list[str]) -> None:
    tree = lxml.html.document_fromstring(SPLIT_ARTICLE)
    assert recover_paragraphs(tree, list(extracted)) == expected


@pytest.mark.parametrize(
    "body,expected",
    [
        ("\n\n".join(LEAD), 1.0),
        ("Home\n\nSport\n\nWeather", 0.0),
        ("", 0.0),
        (LEAD[0] + "\n\n" + "x" * len(LEAD[0]), 0.5),
    ],
)
def test_prose_share_counts_sentence_paragraphs(body: str, expected: float) -> None:
    assert prose_share(body) == pytest.approx(expected, abs=0.02)


@pytest.mark.parametrize(
    "paragraph,expected",
    [
        ("© 2031 The Harbourlight Gazette", True),
        ("Copyright 2031 Riverbend Courier. All rights reserved.", True),
        ("Read more: Harbour wall repairs finished early", True),
        ("Subscribe to our morning newsletter", True),
        ("Advertisement", True),
        ("Have a tip? The reporter may be reached by email.", True),
        ("Follow us on Twitter for the latest harbour news.", True),
        ("Sign up for the Morning Tide newsletter, delivered daily.", True),
        ("The board said it would read more letters from commuters before deciding.", False),
        ("Fishermen subscribe to the view that the night boat is overdue, the survey found.", False),
        ("Copyright " + " ".join(["word"] * 40), False),
        ("The harbour master said fishermen follow the tide tables, not the newsletter.", False),
    ],
)
def test_is_boilerplate_flags_short_page_furniture(paragraph: str, expected: bool) -> None:
    assert is_boilerplate(paragraph) is expected


def _scripted_page(article_body: str, visible: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "headline": "Ferry plans", "articleBody": article_body})
    head = f'<script type="application/ld+json">{data}</script>'
    return _page("Ferry plans", f"<div id='app'><article>{visible}</article></div>", head)


@pytest.mark.parametrize(
    "article_body,visible,expected",
    [
        (FILLER + "\n" + FILLER_2, "", FILLER + "\n\n" + FILLER_2),
        (FILLER + "\n" + FILLER_2, f"<p>{FILLER}</p><p>{FILLER_2}</p>", FILLER + "\n\n" + FILLER_2),
        ("A teaser of the ferry story.", f"<p>{FILLER}</p><p>{FILLER_2}</p>", FILLER + "\n\n" + FILLER_2),
    ],
)
def test_extract_article_uses_structured_body_when_page_has_less(article_body: str, visible: str, expected: str) -> None:
    assert extract_article(_scripted_page(article_body, visible), id="js").text == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (FILLER, "en"),
        ("Паром будет ходить всю зиму между двумя городами, сообщил совет гавани. " * 3, "ru"),
        ("Die Fähre fährt den ganzen Winter zwischen den beiden Städten, sagte der Hafenrat am Montag. " * 2, "de"),
        ("The ferry runs.", None),
    ],
)
def test_guess_language_names_the_language(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected


@pytest.mark.parametrize(
    "author_meta,expected",
    [
        ("By Mirela Quontek and Osgar Pelloway", ["Mirela Quontek", "Osgar Pelloway"]),
        ("Analysis by Mirela Quontek", ["Mirela Quontek"]),
        ("Riverbend Courier", []),
        ("https://riverbend-courier.example/staff/mq", []),
    ],
)
def test_extract_article_authors_from_meta(author_meta: str, expected: list[str]) -> None:
    head = f'<meta name="author" content="{author_meta}"><meta property="og:site_name" content="Riverbend Courier">'
    page = _page("Ferry", f"<article><p>{FILLER}</p><p>{FILLER_2}</p></article>", head)
    assert extract_article(page, id="a").authors == expected


def test_extract_article_accepts_xml_declared_xhtml() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>' + _page("Ferry", f"<article><p>{FILLER}</p><p>{FILLER_2}</p></article>")
    assert extract_article(page, id="x").text == FILLER + "\n\n" + FILLER_2


@pytest.mark.parametrize(
    "body_html,accepted",
    [
        ("<p>港口委员会星期一表示，夜间渡轮将在整个冬季运行。以前最后一班船在晚上六点离开，鱼市的工人经常被困在岛上。额外的航班每个季节将花费大约四万克朗，票价不会改变。委员会将在四月份决定是否永久保留这个航班。</p>", True),
        ("<p>港口委员会星期一表示，夜间渡轮将运行。</p>", False),
        ("<p>The night ferry will run all winter, the harbour board said on Monday.</p>", False),
    ],
)
def test_extract_article_minimum_length_counts_cjk_characters(body_html: str, accepted: bool) -> None:
    page = _page("渡轮", f"<article>{body_html}</article>")
    if accepted:
        assert extract_article(page, id="cjk").text
    else:
        with pytest.raises(ExtractionError, match="too little text"):
            extract_article(page, id="cjk")


def test_extract_article_drops_headline_repeated_on_top_of_body() -> None:
    head = '<meta property="og:title" content="Ferry news: night boat stays">'
    page = _page("Ferry", f"<article><h1>Night <span>boat</span> stays all winter</h1><p>{FILLER}</p><p>{FILLER_2}</p></article>", head)
    assert extract_article(page, id="h1").text.startswith("The harbour board met again")


def test_recover_paragraphs_needs_an_article_container() -> None:
    loose = "<html><body>" + "".join(f"<p>{p}</p>" for p in LEAD + REST) + "</body></html>"
    tree = lxml.html.document_fromstring(loose)
    assert recover_paragraphs(tree, LEAD[:2]) == LEAD[:2]


def test_extract_command_unwritable_output_exits_1(tmp_path: Path) -> None:
    (tmp_path / "frost.html").write_bytes(GENERIC.read_bytes())
    result = CliRunner().invoke(extract, [str(tmp_path / "frost.html"), "-o", str(tmp_path / "no" / "such" / "out.jsonl")])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr


class MetaDateProfile(SiteProfile):
    """A profile reading its date from a <meta> tag, which the generic path strips before the body."""

    DATE = 'meta[itemprop="dateCreated"]'
    DATE_ATTRIBUTE = "content"


def test_site_profile_sees_head_elements() -> None:
    head = '<meta itemprop="dateCreated" content="2031-02-03"><link rel="canonical" href="https://gazette.example/a">'
    page = _page("Ferry", f"<article><p>{FILLER}</p><p>{FILLER_2}</p></article>", head)
    article = extract_article(page, id="m", sites={"gazette.example": MetaDateProfile})
    assert article.date == "2031-02-03"


@pytest.mark.parametrize(
    "url,date_html,expected",
    [
        (None, '<time datetime="2019-03-04T08:00:00">4 March</time>', "2019-03-04"),
        ("https://gazette.example/news/2019/03/04/ferry-story", "", "2019-03-04"),
        (None, "", None),
    ],
)
def test_extract_article_date_from_page_without_metadata(url: str | None, date_html: str, expected: str | None) -> None:
    page = _page("Ferry", f"<article>{date_html}<p>{FILLER}</p><p>{FILLER_2}</p></article>")
    assert extract_article(page, url=url, id="d").date == expected


def test_extract_article_refuses_oversized_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsmine.scraper.extract.MAX_PAGE_SIZE", 1000)
    with pytest.raises(ExtractionError, match="page too large"):
        extract_article(GENERIC.read_bytes(), id="big")


@pytest.mark.parametrize(
    "byline_html,expected",
    [
        ('<div class="byline">By Hollis Varnett November 18, 2019</div>', ["Hollis Varnett"]),
        ('<span class="author">Pria Saltmarsh and Benedikt Ashcombe</span>', ["Pria Saltmarsh", "Benedikt Ashcombe"]),
        ('<a rel="author" href="/staff/h">Hollis Varnett</a>', ["Hollis Varnett"]),
        ('<div class="meta">Harbour news</div>', []),
    ],
)
def test_byline_authors_reads_visible_byline(byline_html: str, expected: list[str]) -> None:
    tree = lxml.html.document_fromstring(f"<html><body><article>{byline_html}<p>{FILLER}</p></article></body></html>")
    assert byline_authors(tree) == expected
