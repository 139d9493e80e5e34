"""The HTML report: content from the corpus, escaped, self-contained, and renderable by a browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsmine.corpus.reports import _period_for, cooccurrence, experts, render_report, topic_entities, write_report
from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.store import CorpusStore
from newsmine.commands.report import report as report_command

HOSTILE = "<script>alert('x')</script>"
SECTIONS = ("Summary", "Topic trends", "Topics", "Expert leaderboard", "Entity co-occurrence", "Documents")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//|javascript:)|<link\b|@import|url\(\s*["']?https?:""", re.IGNORECASE)


def _story(doc_id: str, day: str | None, text: str, *, title: str, topics: list[str],
           speakers: list[tuple[str | None, str | None, str | None]], names: list[str], **meta: str) -> Document:
    """A document quoting `text` once per (speaker, role, org) and naming each of `names`."""
    body = f"{text} {' '.join(names)}"
    return Document(
        id=doc_id, text=body, date=day, title=title, **meta,
        topics=[TopicScore(label=label, score=0.8) for label in topics],
        quotes=[Quote(text=text, start=0, end=len(text), kind="direct", speaker=speaker, speaker_role=role,
                      speaker_org=org) for speaker, role, org in speakers],
        entities=[Entity(name=name, type="GPE", mentions=[Mention(body.index(name), body.index(name) + len(name), name)])
                  for name in names],
    )


CORPUS = [
    _story("r1", "2024-05-02", "The new line is ready for freight.", title="Rail link opens",
           topics=["transport_logistics"], speakers=[("Ann Bell", "analyst", "Steppe Institute")],
           names=["Khorgos", "China", "Kazakhstan"]),
    _story("r2", "2024-07-10", f"Markup {HOSTILE} & <b>bold</b> stays text.", title=f"{HOSTILE} Hostile & title",
           topics=["trade"], speakers=[("Eve <img src=x onerror=alert(1)>", None, "<iframe>")],
           names=["China", "Kazakhstan"], source="<em>Outlet</em>", url="javascript:alert(1)"),
    _story("r3", "2024-09-01", "Gas demand will double by 2030.", title="Pipeline talks",
           topics=["energy", "trade"], speakers=[("Ann Bell", "senior analyst", "Steppe Institute"),
                                                 ("Ann Bell", "senior analyst", "Steppe Institute")],
           names=["Aktau", "China", "Kazakhstan"]),
    _story("r4", None, "Prices will fall.", title="Undated note", topics=["trade"],
           speakers=[("Carl Dee", "economist", None)], names=["China"]),
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "corpus.db"
    with CorpusStore(path) as store:
        store.add_documents(CORPUS)
    return path


@pytest.fixture(scope="module")
def report_html(db_path: Path) -> str:
    with CorpusStore(db_path) as store:
        return render_report(store)


def _card(value: str, label: str) -> str:
    return f'<div class="value">{value}</div><div class="label">{label}</div>'


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Hostile &amp; title", id="escaped-title"),
        pytest.param("Markup &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; stays text.",
                     id="escaped-quote"),
        pytest.param("Eve &lt;img src=x onerror=alert(1)&gt;", id="escaped-speaker"),
        pytest.param("&lt;iframe&gt;", id="escaped-org"),
        pytest.param("&lt;em&gt;Outlet&lt;/em&gt;", id="escaped-source"),
        *(pytest.param(f"<h2>{heading}</h2>", id=f"section-{heading}") for heading in SECTIONS),
        pytest.param(_card("4", "documents"), id="card-documents"),
        pytest.param(_card("5", "quotes"), id="card-quotes"),
        pytest.param(_card("2024-05-02", "first date"), id="card-first-date"),
        pytest.param(_card("2024-09-01", "last date"), id="card-last-date"),
        pytest.param(_card("1", "undated documents"), id="card-undated"),
        pytest.param('title="trade 2024-07: 1 documents, 1 quotes">100%</td>', id="grid-full-share"),
        pytest.param('title="trade 2024-09: 1 documents, 2 quotes">100%</td>', id="grid-own-and-inherited-quotes"),
        pytest.param('title="energy 2024-07: 0 documents, 0 quotes"></td>', id="grid-empty-cell"),
        pytest.param("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"", id="csp-blocks-loads"),
    ],
)
def test_render_report_contains(report_html: str, fragment: str) -> None:
    assert fragment in report_html


@pytest.mark.parametrize("raw", ["<script", "<img", "<iframe", "<em>", "onerror=alert(1)>"])
def test_render_report_never_emits_article_markup(report_html: str, raw: str) -> None:
    assert raw not in report_html.lower()


def test_render_report_is_self_contained(report_html: str) -> None:
    assert EXTERNAL.findall(report_html) == []
    assert report_html.count("<svg") == 2


@pytest.mark.parametrize(
    "first,last,expected",
    [
        ("2024-01-01", "2024-02-15", "week"),
        ("2024-01-01", "2024-06-30", "month"),
        ("2020-01-01", "2024-06-30", "quarter"),
        (None, None, "month"),
    ],
)
def test_report_period_follows_the_corpus_span(first: str | None, last: str | None, expected: str) -> None:
    assert _period_for((first, last, 0)) == expected


def test_experts_most_quoted_first_with_latest_quote(db_path: Path) -> None:
    with CorpusStore(db_path) as store:
        entries = experts(store)
    assert [(e.profile.speaker.name, e.profile.speaker.quote_count, e.documents) for e in entries] == [
        ("Ann Bell", 3, 2), ("Carl Dee", 1, 1), ("Eve <img src=x onerror=alert(1)>", 1, 1)
    ]
    top = entries[0]
    assert [(quote.speaker_role, day, title) for quote, day, title in top.latest] == [
        ("senior analyst", "2024-09-01", "Pipeline talks"), ("senior analyst", "2024-09-01", "Pipeline talks")
    ]


@pytest.mark.parametrize("limit,expected", [(1, ["Ann Bell"]), (0, [])])
def test_experts_limit(db_path: Path, limit: int, expected: list[str]) -> None:
    with CorpusStore(db_path) as store:
        assert [e.profile.speaker.name for e in experts(store, limit=limit)] == expected


@pytest.mark.parametrize(
    "pair,documents",
    [(("China", "Kazakhstan"), 3), (("China", "Khorgos"), 1), (("Aktau", "China"), 1), (("Aktau", "Khorgos"), 0)],
)
def test_cooccurrence_counts_documents_naming_both(db_path: Path, pair: tuple[str, str], documents: int) -> None:
    with CorpusStore(db_path) as store:
        names, pairs = cooccurrence(store)
    i, j = sorted(names.index(name) for name in pair)
    assert pairs.get((i, j), 0) == documents


def test_topic_entities_rank_distinctive_entities_first(db_path: Path) -> None:
    with CorpusStore(db_path) as store:
        ranked = topic_entities(store)
    assert ranked["transport_logistics"] == [("Khorgos", 1), ("Kazakhstan", 1), ("China", 1)]
    assert ranked["energy"] == [("Aktau", 1), ("Kazakhstan", 1), ("China", 1)]
    assert ranked["trade"] == [("China", 3), ("Kazakhstan", 2), ("Aktau", 1)]


def test_render_report_expert_shows_current_affiliation(report_html: str) -> None:
    assert "senior analyst, Steppe Institute <span class=\"muted\">(+1 earlier)</span>" in report_html


def test_render_report_empty_corpus(tmp_path: Path) -> None:
    with CorpusStore(tmp_path / "empty.db") as store:
        page = render_report(store)
    assert "No dated documents with topics yet." in page and "No attributed quotes yet." in page


@pytest.mark.parametrize("args,exit_code,message", [([], 0, "report written to"), (["--db", "missing.db"], 1, "no such")])
def test_report_command_writes_file_or_explains(
    db_path: Path, tmp_path: Path, args: list[str], exit_code: int, message: str
) -> None:
    output = tmp_path / "out.html"
    result = CliRunner().invoke(report_command, ["--db", str(db_path), "-o", str(output), *args])
    assert result.exit_code == exit_code and message in result.output
    assert output.exists() is (exit_code == 0)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_write_report_renders_in_headless_chromium(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    with CorpusStore(db_path) as store:
        write_report(store, page)
    result = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0
    assert not [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    for heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in result.stdout
    assert "<svg" in result.stdout and HOSTILE not in result.stdout
