"""One self-contained HTML report over the corpus database: trends, topics, experts, entities.

The report is meant to be mailed around and opened offline, so everything is inline: the CSS
sits in the template, the charts are matplotlib figures rendered to SVG, and there is no
script and no external resource. Every string that comes from the corpus (titles, quotes,
names, URLs) goes through `html.escape` before it reaches the page, because article text is
untrusted input: a document containing `<script>` shows it as text.

The report is built from queries only (corpus/trends.py and the queries below); it never
re-runs any analysis.
"""

from __future__ import annotations

import io
import logging
import math
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from string import Template

import matplotlib
from matplotlib.figure import Figure

from newsmine.corpus.experts import ExpertProfile, expert_registry, speaker_kinds
from newsmine.corpus.schema import Quote
from newsmine.corpus.store import CorpusStore
from newsmine.corpus.trends import QUOTE_LABELS_SQL, TrendRow, parse_day, topic_totals, topic_trends

logger = logging.getLogger(__name__)

TEMPLATE_PATH = Path(__file__).parent / "templates" / "report.html"
TITLE = "newsmine corpus report"
EXPERT_LIMIT = 15
LATEST_QUOTES = 2
TOPIC_ENTITY_LIMIT = 6
MATRIX_SIZE = 12
PAIR_LIMIT = 12
GRID_PERIODS = 24
DOCUMENT_LIMIT = 500
QUOTE_PREVIEW_CHARS = 320
PALETTE = ("#2f6f9f", "#d9822b", "#3f9c5a", "#b8405e", "#7a5fa8", "#8c6d31",
           "#c05fa0", "#5f7d8c", "#9aa832", "#2fa3a3", "#e0a72f", "#6b6b6b")
# Longer spans are shown by quarter and shorter ones by week, so charts keep a readable width.
MONTHS_FOR_QUARTERS = 36
DAYS_FOR_WEEKS = 92
SVG_HEADER = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


@dataclass(slots=True)
class ExpertEntry:
    """A leaderboard line: the registry's profile, in how many documents, and the latest quotes."""

    profile: ExpertProfile
    documents: int
    latest: list[tuple[Quote, str | None, str | None]] = field(default_factory=list)


def write_report(store: CorpusStore, path: str | Path) -> Path:
    """Write the HTML report for the corpus in `store` to `path`; returns the path written."""
    target = Path(path)
    target.write_text(render_report(store), encoding="utf-8")
    logger.info("report written to %s", target)
    return target


def render_report(store: CorpusStore) -> str:
    """The report as one HTML string (see write_report)."""
    span = _date_range(store)
    by = _period_for(span)
    trends = topic_trends(store, by=by)
    sections = [
        _summary_section(store, span),
        _trends_section(trends, by),
        _topics_section(store),
        _experts_section(experts(store)),
        _cooccurrence_section(store),
        _documents_section(store),
    ]
    template = Template(TEMPLATE_PATH.read_text(encoding="utf-8"))
    return template.substitute(
        title=escape(TITLE),
        subtitle=escape(_subtitle(store, span)),
        sections="\n".join(sections),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


# -- queries --------------------------------------------------------------------------------


DateRange = tuple[str | None, str | None, int]


def _date_range(store: CorpusStore) -> DateRange:
    """First and last document day, and how many documents have no usable date."""
    days = sorted(
        day for (value,) in store.connection.execute("SELECT date FROM documents")
        if (day := parse_day(value)) is not None
    )
    total = store.connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    if not days:
        return None, None, total
    return days[0].isoformat(), days[-1].isoformat(), total - len(days)


def _period_for(span: DateRange) -> str:
    first, last, _ = span
    if first is None or last is None:
        return "month"
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days
    if days > MONTHS_FOR_QUARTERS * 30:
        return "quarter"
    return "week" if days < DAYS_FOR_WEEKS else "month"


def experts(store: CorpusStore, *, limit: int = EXPERT_LIMIT) -> list[ExpertEntry]:
    """The most quoted people (spelling variants merged by the expert registry), with their
    latest quotes and how many documents quote them."""
    return [_expert_entry(store, profile) for profile in expert_registry(store, limit=limit)]


def _expert_entry(store: CorpusStore, profile: ExpertProfile) -> ExpertEntry:
    marks = ",".join("?" * len(profile.speaker_ids))
    rows = store.connection.execute(
        "SELECT q.*, d.date AS doc_date, d.title AS doc_title FROM quotes q JOIN documents d ON d.id = q.document_id"
        f" WHERE q.speaker_id IN ({marks}) ORDER BY d.date IS NULL, d.date DESC, q.id DESC LIMIT ?",
        [*profile.speaker_ids, LATEST_QUOTES],
    ).fetchall()
    documents = store.connection.execute(
        f"SELECT count(DISTINCT document_id) FROM quotes WHERE speaker_id IN ({marks})", profile.speaker_ids
    ).fetchone()[0]
    latest = [(_quote(row), row["doc_date"], row["doc_title"]) for row in rows]
    return ExpertEntry(profile=profile, documents=documents, latest=latest)


def _quote(row: sqlite3.Row) -> Quote:
    return Quote(
        text=row["text"], start=row["start"], end=row["end"], kind=row["kind"], speaker=row["speaker"],
        speaker_role=row["speaker_role"], speaker_org=row["speaker_org"], cue=row["cue"],
    )


def topic_entities(store: CorpusStore, *, limit: int = TOPIC_ENTITY_LIMIT) -> dict[str, list[tuple[str, int]]]:
    """Entities per topic as (name, documents), ranked by documents weighted by rarity.

    An entity named in nearly every document (the main countries of the corpus) says little
    about a topic, so the rank multiplies the topic's document count by log(1 + N / df).
    """
    total = store.connection.execute("SELECT count(*) FROM documents").fetchone()[0] or 1
    frequency = dict(store.connection.execute(
        "SELECT entity_id, count(DISTINCT document_id) FROM mentions GROUP BY entity_id"
    ).fetchall())
    ranked: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for label, entity_id, name, n in store.connection.execute(
        "SELECT t.label, e.id, e.name, count(DISTINCT m.document_id) FROM topics t"
        " JOIN mentions m ON m.document_id = t.document_id JOIN entities e ON e.id = m.entity_id"
        " GROUP BY t.label, e.id"
    ):
        ranked[label].append((n * math.log(1 + total / frequency[entity_id]), name, n))
    return {
        label: [(name, n) for _, name, n in sorted(items, key=lambda item: (-item[0], item[1]))[:limit]]
        for label, items in ranked.items()
    }


def topic_experts(store: CorpusStore, *, limit: int = 4) -> dict[str, list[tuple[str, int]]]:
    """The most quoted people per topic over the whole corpus, as (name, quotes)."""
    grouped: dict[str, list[tuple[str, int]]] = defaultdict(list)
    kind = speaker_kinds(store.connection)
    for label, name, n in store.connection.execute(
        "SELECT t.label, coalesce(s.name, q.speaker), count(*) FROM quotes q"
        f" JOIN ({QUOTE_LABELS_SQL}) t ON t.quote_id = q.id LEFT JOIN speakers s ON s.id = q.speaker_id"
        " WHERE q.speaker IS NOT NULL GROUP BY t.label, coalesce(s.id, q.speaker)"
    ):
        if kind(name) == "person":
            grouped[label].append((name, n))
    return {label: sorted(items, key=lambda item: (-item[1], item[0]))[:limit] for label, items in grouped.items()}


def cooccurrence(store: CorpusStore, *, size: int = MATRIX_SIZE) -> tuple[list[str], dict[tuple[int, int], int]]:
    """The `size` most mentioned entities and how many documents name each pair of them."""
    top = store.connection.execute(
        "SELECT e.id, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " GROUP BY e.id ORDER BY count(DISTINCT m.document_id) DESC, e.name LIMIT ?",
        (size,),
    ).fetchall()
    index = {row[0]: position for position, row in enumerate(top)}
    marks = ",".join("?" * len(index))
    pairs: dict[tuple[int, int], int] = {}
    if index:
        for a, b, n in store.connection.execute(
            f"WITH de AS (SELECT DISTINCT document_id, entity_id FROM mentions WHERE entity_id IN ({marks}))"
            " SELECT x.entity_id, y.entity_id, count(*) FROM de x JOIN de y"
            " ON x.document_id = y.document_id AND x.entity_id < y.entity_id GROUP BY 1, 2",
            list(index),
        ):
            i, j = sorted((index[a], index[b]))
            pairs[i, j] = n
    return [row[1] for row in top], pairs


# -- charts ---------------------------------------------------------------------------------


def _svg(figure: Figure, *, name: str) -> str:
    """Render a figure to an inline <svg> element (text kept as text, ids unique per chart)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name, "font.size": 9}):
        figure.savefig(buffer, format="svg", bbox_inches="tight",
                       metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return SVG_HEADER.sub("", buffer.getvalue(), count=1)


def _plain(label: str) -> str:
    """Chart labels come from data: keep matplotlib from reading `$...$` as mathtext."""
    return label.replace("$", r"\$")


def trends_chart(trends: list[TrendRow]) -> str:
    """Small multiples: one bar chart of documents per period for each topic, same y scale."""
    periods = list(dict.fromkeys(row.period for row in trends))
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    position = {period: i for i, period in enumerate(periods)}
    for row in trends:
        series[row.topic][position[row.period]] = row.documents
    topics = sorted(series, key=lambda topic: (-sum(series[topic]), topic))
    columns = min(4, len(topics))
    rows = math.ceil(len(topics) / columns)
    figure = Figure(figsize=(11, 2.1 * rows))
    axes = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    ticks = sorted({0, len(periods) // 2, len(periods) - 1})
    for n, axis in enumerate(axes.flat):
        if n >= len(topics):
            axis.set_visible(False)
            continue
        axis.bar(range(len(periods)), series[topics[n]], color=PALETTE[n % len(PALETTE)], width=0.8)
        axis.set_title(_plain(topics[n].replace("_", " ")), fontsize=10, loc="left")
        axis.set_xticks(ticks, [_plain(periods[i]) for i in ticks], fontsize=8)
        axis.spines[["top", "right"]].set_visible(False)
        axis.yaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    return _svg(figure, name="trends")


def topic_counts_chart(totals: list[tuple[str, int, int]]) -> str:
    """Two bar panels side by side, documents and quotes per topic (their scales differ)."""
    labels = [_plain(label.replace("_", " ")) for label, _, _ in totals][::-1]
    figure = Figure(figsize=(11, 0.3 * len(totals) + 0.9))
    axes = figure.subplots(1, 2, sharey=True)
    for axis, column, name, color in ((axes[0], 1, "documents", PALETTE[0]), (axes[1], 2, "quotes", PALETTE[1])):
        values = [row[column] for row in totals][::-1]
        bars = axis.barh(range(len(labels)), values, 0.7, color=color)
        axis.bar_label(bars, padding=3, fontsize=8)
        axis.set_title(name, fontsize=10, loc="left")
        axis.spines[["top", "right"]].set_visible(False)
        axis.xaxis.get_major_locator().set_params(integer=True)
    axes[0].set_yticks(range(len(labels)), labels)
    figure.tight_layout()
    return _svg(figure, name="topics")


# -- sections -------------------------------------------------------------------------------


def _subtitle(store: CorpusStore, span: DateRange) -> str:
    first, last, _ = span
    counts = store.counts()
    dates = f"{first} to {last}" if first else "no dated documents"
    return f"{counts['documents']} documents, {dates}"


def _section(anchor: str, title: str, note: str, body: str) -> str:
    return (f'<section id="{anchor}">\n<h2>{escape(title)}</h2>\n<p class="note">{escape(note)}</p>\n'
            f"{body}\n</section>")


def _tags(names: list[tuple[str, int]] | list[str]) -> str:
    if not names:
        return '<span class="muted">-</span>'
    return "".join(
        f'<span class="tag">{escape(item[0])} {item[1]}</span>' if isinstance(item, tuple)
        else f'<span class="tag">{escape(item)}</span>'
        for item in names
    )


def _summary_section(store: CorpusStore, span: DateRange) -> str:
    counts = store.counts()
    first, last, undated = span
    kinds = dict(store.connection.execute("SELECT kind, count(*) FROM quotes GROUP BY kind").fetchall())
    cards = [
        ("documents", counts["documents"]),
        ("quotes", counts["quotes"]),
        ("direct / indirect", f"{kinds.get('direct', 0)} / {kinds.get('indirect', 0)}"),
        ("entities", counts["entities"]),
        ("speakers", counts["speakers"]),
        ("first date", first or "-"),
        ("last date", last or "-"),
        ("undated documents", undated),
    ]
    body = '<div class="cards">' + "".join(
        f'<div class="card"><div class="value">{escape(str(value))}</div><div class="label">{escape(label)}</div></div>'
        for label, value in cards
    ) + "</div>"
    return _section("summary", "Summary", "What the corpus database holds.", body)


def _trends_section(trends: list[TrendRow], by: str) -> str:
    note = f"Documents per {by} for each topic (same scale in every panel); undated documents are left out."
    if not trends:
        return _section("trends", "Topic trends", note, '<p class="empty">No dated documents with topics yet.</p>')
    latest = max(row.period for row in trends)
    movers = sorted((row for row in trends if row.period == latest and row.documents), key=lambda r: -r.documents)
    table = "".join(
        f"<tr><td>{escape(row.topic)}</td><td class=\"num\">{row.documents}</td>"
        f"<td class=\"num\">{row.document_share:.0%}</td><td class=\"num\">{_signed(row.documents_change)}</td>"
        f"<td>{_tags(row.top_entities[:3])}</td><td>{_tags(row.top_experts[:3])}</td></tr>"
        for row in movers
    )
    body = (f"<figure>{trends_chart(trends)}<figcaption>Documents per {escape(by)} and topic.</figcaption></figure>"
            f"<h3>Share of each {escape(by)}'s documents</h3>{_attention_grid(trends)}"
            f"<h3>Latest {escape(by)}: {escape(latest)}</h3>"
            "<table><tr><th>topic</th><th class=\"num\">documents</th><th class=\"num\">share</th>"
            f"<th class=\"num\">change</th><th>entities</th><th>experts</th></tr>{table}</table>")
    return _section("trends", "Topic trends", note, body)


def _attention_grid(trends: list[TrendRow], *, periods_shown: int = GRID_PERIODS) -> str:
    """Topics x recent periods; each cell shaded by the topic's share of that period's documents."""
    periods = list(dict.fromkeys(row.period for row in trends))[-periods_shown:]
    cells = {(row.topic, row.period): row for row in trends}
    totals: dict[str, int] = defaultdict(int)
    for row in trends:
        totals[row.topic] += row.documents
    header = "".join(f'<th class="col">{escape(period)}</th>' for period in periods)
    rows = "".join(
        f'<tr><th class="row">{escape(topic)}</th>'
        + "".join(
            _heat_cell(
                f"{cells[topic, period].document_share:.0%}" if cells[topic, period].documents else "",
                cells[topic, period].document_share,
                title=f"{topic} {period}: {cells[topic, period].documents} documents, "
                f"{cells[topic, period].quotes} quotes",
            )
            for period in periods
        )
        + "</tr>"
        for topic in sorted(totals, key=lambda topic: (-totals[topic], topic))
    )
    return f'<table class="matrix grid"><tr><th></th>{header}</tr>{rows}</table>'


def _signed(value: int | None) -> str:
    return "-" if value is None else f"{value:+d}"


def _topics_section(store: CorpusStore) -> str:
    totals = topic_totals(store)
    note = "Documents and quotes per topic over the whole corpus, with the entities and experts that stand out."
    if not totals:
        return _section("topics", "Topics", note, '<p class="empty">No topics assigned yet.</p>')
    entities, speakers = topic_entities(store), topic_experts(store)
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td class=\"num\">{documents}</td><td class=\"num\">{quotes}</td>"
        f"<td>{_tags(entities.get(label, []))}</td><td>{_tags(speakers.get(label, []))}</td></tr>"
        for label, documents, quotes in totals
    )
    body = (f"<figure>{topic_counts_chart(totals)}</figure>"
            "<table><tr><th>topic</th><th class=\"num\">documents</th><th class=\"num\">quotes</th>"
            f"<th>top entities (documents)</th><th>top experts (quotes)</th></tr>{rows}</table>")
    return _section("topics", "Topics", note, body)


def _experts_section(entries: list[ExpertEntry]) -> str:
    note = "The most quoted named speakers, with their roles and organisations as written and their latest quotes."
    if not entries:
        return _section("experts", "Expert leaderboard", note, '<p class="empty">No attributed quotes yet.</p>')
    rows = "".join(_expert_row(rank, entry) for rank, entry in enumerate(entries, start=1))
    body = ("<table><tr><th class=\"num\">#</th><th>speaker</th><th class=\"num\">quotes</th>"
            f"<th class=\"num\">documents</th><th>latest quotes</th></tr>{rows}</table>")
    return _section("experts", "Expert leaderboard", note, body)


def _expert_row(rank: int, entry: ExpertEntry) -> str:
    speaker = entry.profile.speaker
    current = entry.profile.current
    who = ", ".join(escape(value) for value in (current.role, current.org) if value) if current else ""
    earlier = len(entry.profile.affiliations) - 1
    if earlier > 0:
        who += f' <span class="muted">(+{earlier} earlier)</span>'
    quotes = "".join(
        f"<blockquote>{escape(_preview(quote.text))}</blockquote>"
        f'<div class="small muted">{escape(quote.kind)} &middot; {escape(day or "undated")} &middot; '
        f"{escape(title or 'untitled')}</div>"
        for quote, day, title in entry.latest
    )
    return (f"<tr><td class=\"num\">{rank}</td><td><strong>{escape(speaker.name)}</strong>"
            f"<div class=\"small muted\">{who}</div></td><td class=\"num\">{speaker.quote_count}</td>"
            f"<td class=\"num\">{entry.documents}</td><td>{quotes}</td></tr>")


def _preview(text: str) -> str:
    return text if len(text) <= QUOTE_PREVIEW_CHARS else text[:QUOTE_PREVIEW_CHARS].rsplit(" ", 1)[0] + " ..."


def _cooccurrence_section(store: CorpusStore) -> str:
    names, pairs = cooccurrence(store)
    note = "How many documents name both entities, for the most mentioned entities; darker is more."
    if len(names) < 2:
        return _section("cooccurrence", "Entity co-occurrence", note, '<p class="empty">Too few entities yet.</p>')
    peak = max(pairs.values(), default=1)
    header = "".join(f'<th class="col">{escape(name)}</th>' for name in names)
    rows = "".join(
        f'<tr><th class="row">{escape(name)}</th>'
        + "".join(_matrix_cell(pairs.get((min(i, j), max(i, j)), 0) if i != j else None, peak)
                  for j in range(len(names)))
        + "</tr>"
        for i, name in enumerate(names)
    )
    strongest = sorted(pairs.items(), key=lambda item: -item[1])[:PAIR_LIMIT]
    pair_list = "".join(
        f"<tr><td>{escape(names[i])}</td><td>{escape(names[j])}</td><td class=\"num\">{n}</td></tr>"
        for (i, j), n in strongest
    )
    body = (f'<table class="matrix"><tr><th></th>{header}</tr>{rows}</table>'
            "<h3>Strongest pairs</h3><table><tr><th>entity</th><th>entity</th>"
            f"<th class=\"num\">documents</th></tr>{pair_list}</table>")
    return _section("cooccurrence", "Entity co-occurrence", note, body)


def _matrix_cell(count: int | None, peak: int) -> str:
    if count is None:
        return '<td style="background:#f0f2f5"></td>'
    return _heat_cell(str(count) if count else "", count / peak if count else 0.0)


def _heat_cell(text: str, intensity: float, *, title: str = "") -> str:
    """A table cell shaded by `intensity` in [0, 1] (0: no shade), with readable text on top."""
    alpha = 0.08 + 0.85 * intensity if intensity else 0.0
    color = "#fff" if alpha > 0.55 else "#1f2933"
    tooltip = f' title="{escape(title)}"' if title else ""
    return f'<td style="background:rgba(47,111,159,{alpha:.2f});color:{color}"{tooltip}>{escape(text)}</td>'


def _documents_section(store: CorpusStore, *, limit: int = DOCUMENT_LIMIT) -> str:
    rows = store.connection.execute(
        "SELECT d.id, d.date, d.title, d.source, d.url,"
        " (SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes,"
        " (SELECT count(DISTINCT entity_id) FROM mentions m WHERE m.document_id = d.id) AS entities,"
        " (SELECT group_concat(label, ' ') FROM (SELECT label FROM topics t WHERE t.document_id = d.id"
        "  ORDER BY score DESC)) AS labels"
        " FROM documents d ORDER BY d.date IS NULL, d.date DESC, d.id LIMIT ?",
        (limit,),
    ).fetchall()
    note = f"Newest first (at most {limit}); titles, sources and addresses exactly as stored."
    body_rows = "".join(
        f"<tr><td class=\"small nowrap\">{escape(row['date'] or 'undated')}</td>"
        f"<td>{escape(row['title'] or row['id'])}<div class=\"small muted\">{_link(row['url'])}</div></td>"
        f"<td class=\"small\">{escape(row['source'] or '-')}</td><td>{_tags((row['labels'] or '').split())}</td>"
        f"<td class=\"num\">{row['quotes']}</td><td class=\"num\">{row['entities']}</td></tr>"
        for row in rows
    )
    body = ("<table><tr><th>date</th><th>title</th><th>source</th><th>topics</th><th class=\"num\">quotes</th>"
            f"<th class=\"num\">entities</th></tr>{body_rows}</table>")
    return _section("documents", "Documents", note, body)


def _link(url: str | None) -> str:
    """A source URL as a link (http(s) only: the report never links to a javascript: or file: URL)."""
    if not url:
        return ""
    if not url.lower().startswith(("http://", "https://")):
        return escape(url)
    return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(url)}</a>'
