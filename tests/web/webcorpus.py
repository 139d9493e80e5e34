"""A small synthetic corpus about fictional people and places, written for the web tests.

Two experts (one with a spelling variant), a contained entity name ("Vellmar Gateway" under
"Vellmar"), topics, dates over two years, and one document whose title and quote carry
markup, to check that every page escapes what it shows.
"""

from __future__ import annotations

from pathlib import Path

from newsmine.corpus.embeddings_index import claim_encoder, index_quote_embeddings
from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.store import CorpusStore
from newsmine.models.embeddings.encoders import embed

HOSTILE = "<script>alert('x')</script>"

ARTICLES = [
    (
        "harbour-1",
        "2024-02-12",
        "Vellmar harbour traffic climbs",
        "Cargo through Vellmar rose again in January. Irena Dovlatova, chief economist at the Cobalt Ridge "
        "Institute, said the new berths had paid off. \"Ships no longer wait a week to unload,\" Dovlatova said. "
        "Officials in Brenmoor welcomed the figures.",
        [("Vellmar", "GPE"), ("Irena Dovlatova", "PERSON"), ("Cobalt Ridge Institute", "ORG"), ("Brenmoor", "GPE")],
        [
            ("the new berths had paid off", "indirect", "Irena Dovlatova", "chief economist", "Cobalt Ridge Institute", ["transport_logistics"]),
            ("Ships no longer wait a week to unload,", "direct", "Irena Dovlatova", "chief economist", "Cobalt Ridge Institute", []),
        ],
        [("transport_logistics", 0.9)],
    ),
    (
        "river-1",
        "2024-09-03",
        "Talks on the Sarn river resume",
        "Water sharing on the Sarn returned to the agenda. Tomas Aldric, director of the Sarn Basin Council, "
        "stated that irrigation quotas must fall. \"Farmers will need new canals before spring,\" Aldric said. "
        "Irena Dovlatova said the Vellmar Gateway terminal would ship grain downstream.",
        [("Sarn", "LOC"), ("Tomas Aldric", "PERSON"), ("Sarn Basin Council", "ORG"), ("Vellmar Gateway", "FAC"), ("Irena Dovlatova", "PERSON")],
        [
            ("irrigation quotas must fall", "indirect", "Tomas Aldric", "director", "Sarn Basin Council", ["water_rivers"]),
            ("Farmers will need new canals before spring,", "direct", "Tomas Aldric", "director", "Sarn Basin Council", ["water_rivers"]),
            ("the Vellmar Gateway terminal would ship grain downstream", "indirect", "Irena Dovlatova", "chief economist", "Cobalt Ridge Institute", []),
        ],
        [("water_rivers", 0.8), ("agriculture_food", 0.5)],
    ),
    (
        "port-2",
        "2025-05-20",
        "Gateway expansion approved",
        "The Vellmar Gateway will add two cranes. Irena Dovlatova, now an adviser to the Brenmoor port authority, "
        "said the expansion would double container volumes. Tomas Aldrik of the Sarn Basin Council said dredging "
        "must not harm the river.",
        [("Vellmar Gateway", "FAC"), ("Irena Dovlatova", "PERSON"), ("Brenmoor", "GPE"), ("Sarn Basin Council", "ORG")],
        [
            ("the expansion would double container volumes", "indirect", "Irena Dovlatova", "adviser", "Brenmoor port authority", ["transport_logistics"]),
            ("dredging must not harm the river", "indirect", "Tomas Aldrik", None, "Sarn Basin Council", ["water_rivers"]),
        ],
        [("transport_logistics", 0.85)],
    ),
    (
        "hostile-1",
        "2025-07-01",
        f"Markup test {HOSTILE}",
        f"Oskar Venn, a spokesman for Brenmoor, said {HOSTILE} was never the plan. \"Rail freight will grow,\" Venn said.",
        [("Oskar Venn", "PERSON"), ("Brenmoor", "GPE")],
        [
            (f"{HOSTILE} was never the plan", "indirect", "Oskar Venn", "spokesman", "Brenmoor", []),
            ("Rail freight will grow,", "direct", "Oskar Venn", "spokesman", "Brenmoor", ["transport_logistics"]),
        ],
        [("transport_logistics", 0.6)],
    ),
]


def make_document(article: tuple) -> Document:
    doc_id, date, title, text, entities, quotes, topics = article
    found = []
    for name, type_ in entities:
        start = text.index(name)
        found.append(Entity(name, type_, [Mention(start, start + len(name), name)]))
    quoted = []
    for fragment, kind, speaker, role, org, labels in quotes:
        start = text.index(fragment)
        quoted.append(Quote(fragment, start, start + len(fragment), kind, speaker, role, org, "say", list(labels)))
    return Document(
        doc_id, text, url="javascript:alert(1)" if doc_id.startswith("hostile") else f"https://news.example/{doc_id}", source="news.example", date=date, title=title,
        entities=found, quotes=quoted, topics=[TopicScore(label, score) for label, score in topics],
    )


def static_encode(texts: list[str]):
    """The packaged static encoder, the default one of `newsmine analyze`."""
    return embed(texts, encoder="static")


def build_corpus(path: Path, articles: list[tuple] = ARTICLES) -> Path:
    """Write the synthetic corpus (quote embeddings included) to `path`."""
    with CorpusStore(path) as store:
        store.add_documents([make_document(article) for article in articles])
        claim_encoder(store, "static")
        index_quote_embeddings(store, static_encode)
    return path


def extra_article(index: int) -> tuple:
    """One more fictional article, for tests that add to the corpus while it is served."""
    text = f"Analyst Mara Quell{index} of the Ostrel Fund said freight rates would ease by winter number {index}."
    return (
        f"extra-{index}", "2025-08-01", f"Freight outlook {index}", text,
        [("Ostrel Fund", "ORG")],
        [(f"freight rates would ease by winter number {index}", "indirect", f"Mara Quell{index}", "analyst", "Ostrel Fund", [])],
        [("transport_logistics", 0.5)],
    )
