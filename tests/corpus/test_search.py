"""Search over a small hand-written corpus: every filter, full text, hostile input, the CLI."""

import json
import zlib

import numpy as np
import pytest
from click.testing import CliRunner

from newsmine.corpus.embeddings_index import (
    claim_encoder,
    index_quote_embeddings,
    iter_embeddings,
    missing_embeddings,
    stored_encoder,
)
from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.search import (
    QueryError,
    fts_escape,
    normalise_topic,
    search_documents,
    search_entities,
    search_quotes,
    sentence_around,
    similar_quotes,
    unmatched_filters,
)
from newsmine.corpus.store import CorpusStore, StoreError
from newsmine.commands.search import entities, experts, search

TEXT_A = (
    "Freight through the Norvik dry port rose sharply in March. Alma Serik, a senior analyst at the "
    'Steppe Policy Institute, said the new rail link changed everything. "Container trains now arrive '
    'daily," she said. Officials in Tarsk welcomed the figures.'
)
TEXT_B = (
    "Water sharing on the Kora river returned to the agenda.\n\nBolat Tokayev, director of the Basin "
    'Research Centre, stated that irrigation quotas must fall. "Farmers will need new canals," Tokayev '
    "said. Tarsk officials did not comment."
)
TEXT_C = (
    "Bolat Tokaev, now an adviser at the Steppe Policy Institute, said the smelter deal would bring jobs. "
    '"Copper prices are volatile," he said.'
)
TEXT_D = "José Núñez, an economist at Lakeside Bank, said that tariffs hurt exporters near Norvik."
ALIASES = {"Norvik": "Norvik dry port"}


def quote(text: str, fragment: str, kind: str, speaker: str, role: str, org: str, topics=()) -> Quote:
    start = text.index(fragment)
    return Quote(fragment, start, start + len(fragment), kind, speaker, role, org, "say", list(topics))


def entity(text: str, name: str, type_: str, written: str | None = None) -> Entity:
    written = written or name
    start = text.index(written)
    return Entity(name, type_, [Mention(start, start + len(written), written)])


def corpus_documents() -> list[Document]:
    serik = ("Alma Serik", "senior analyst", "Steppe Policy Institute")
    tokayev = ("Bolat Tokayev", "director", "Basin Research Centre")
    tokaev = ("Bolat Tokaev", "adviser", "Steppe Policy Institute")
    return [
        Document(
            "doc-a",
            TEXT_A,
            url="https://news.example/a",
            date="2024-03-05",
            title="Dry port volumes climb",
            entities=[
                entity(TEXT_A, "Norvik dry port", "FAC"),
                entity(TEXT_A, "Alma Serik", "PERSON"),
                entity(TEXT_A, "Steppe Policy Institute", "ORG"),
                entity(TEXT_A, "Tarsk", "GPE"),
            ],
            quotes=[
                quote(
                    TEXT_A, "the new rail link changed everything", "indirect", *serik, topics=["transport_logistics"]
                ),
                quote(TEXT_A, "Container trains now arrive daily,", "direct", *serik),
            ],
            topics=[TopicScore("transport_logistics", 0.9)],
        ),
        Document(
            "doc-b",
            TEXT_B,
            url="https://news.example/b",
            date="2025-01-10",
            title="River talks resume",
            entities=[
                entity(TEXT_B, "Kora", "LOC"),
                entity(TEXT_B, "Bolat Tokayev", "PERSON"),
                entity(TEXT_B, "Basin Research Centre", "ORG"),
                entity(TEXT_B, "Tarsk", "GPE"),
            ],
            quotes=[
                quote(TEXT_B, "irrigation quotas must fall", "indirect", *tokayev, topics=["water_rivers"]),
                quote(TEXT_B, "Farmers will need new canals,", "direct", *tokayev),
            ],
            topics=[TopicScore("water_rivers", 0.8), TopicScore("agriculture_food", 0.6)],
        ),
        Document(
            "doc-c",
            TEXT_C,
            date="2025-06-20T09:30:00",
            title="Smelter deal signed",
            entities=[entity(TEXT_C, "Bolat Tokaev", "PERSON"), entity(TEXT_C, "Steppe Policy Institute", "ORG")],
            quotes=[
                quote(TEXT_C, "the smelter deal would bring jobs", "indirect", *tokaev),
                quote(TEXT_C, "Copper prices are volatile,", "direct", *tokaev),
            ],
            topics=[TopicScore("mining_raw_materials", 0.7)],
        ),
        Document(
            "doc-d",
            TEXT_D,
            title="Tariff worries",
            entities=[entity(TEXT_D, "José Núñez", "PERSON"), entity(TEXT_D, "Norvik", "FAC")],
            quotes=[
                quote(
                    TEXT_D,
                    "tariffs hurt exporters near Norvik",
                    "indirect",
                    "José Núñez",
                    "economist",
                    "Lakeside Bank",
                    topics=["trade"],
                )
            ],
        ),
    ]


@pytest.fixture
def store(tmp_path):
    canonical = lambda name, _type: ALIASES.get(name, name)
    with CorpusStore(tmp_path / "corpus.db", canonical_name=canonical) as opened:
        opened.add_documents(corpus_documents())
        yield opened


def texts(hits) -> set[str]:
    return {hit.quote.text for hit in hits}


RAIL, TRAINS = "the new rail link changed everything", "Container trains now arrive daily,"
QUOTAS, CANALS = "irrigation quotas must fall", "Farmers will need new canals,"
SMELTER, COPPER = "the smelter deal would bring jobs", "Copper prices are volatile,"
TARIFFS = "tariffs hurt exporters near Norvik"


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"entity": "Tarsk"}, {RAIL, TRAINS, QUOTAS, CANALS}),
        ({"entity": "norvik"}, {RAIL, TRAINS, TARIFFS}),
        ({"entity": "NORVIK DRY PORT"}, {RAIL, TRAINS, TARIFFS}),
        ({"entity": "Atlantis"}, set()),
        ({"speaker": "tokayev"}, {QUOTAS, CANALS, SMELTER, COPPER}),
        ({"speaker": "Bolat Tokaev"}, {QUOTAS, CANALS, SMELTER, COPPER}),
        ({"speaker": "Serik"}, {RAIL, TRAINS}),
        ({"speaker": "jose nunez"}, {TARIFFS}),
        ({"speaker": "NÚÑEZ"}, {TARIFFS}),
        ({"speaker": "Nobody Known"}, set()),
        ({"speaker": "erik"}, {RAIL, TRAINS}),
        ({"speaker": "%"}, set()),
        ({"speaker": "Tok_yev"}, set()),
        ({"org": "steppe policy"}, {RAIL, TRAINS, SMELTER, COPPER}),
        ({"org": "BASIN"}, {QUOTAS, CANALS}),
        ({"org": "Ministry"}, set()),
        ({"topic": "water_rivers"}, {QUOTAS, CANALS}),
        ({"topic": "Transport logistics"}, {RAIL, TRAINS}),
        ({"topic": "agriculture_food"}, {CANALS}),
        ({"topic": "energy"}, set()),
        ({"topic": "!!!"}, set()),
        ({"since": "2025"}, {QUOTAS, CANALS, SMELTER, COPPER}),
        ({"until": "2024"}, {RAIL, TRAINS}),
        ({"since": "2025-01-10", "until": "2025-01-10"}, {QUOTAS, CANALS}),
        ({"until": "2025-06-20"}, {RAIL, TRAINS, QUOTAS, CANALS, SMELTER, COPPER}),
        ({"until": "2025-06-19"}, {RAIL, TRAINS, QUOTAS, CANALS}),
        ({"speaker": "tokayev", "since": "2025-06"}, {SMELTER, COPPER}),
        ({"org": "steppe", "entity": "Tarsk"}, {RAIL, TRAINS}),
        ({"org": "steppe", "entity": "Kora"}, set()),
    ],
)
@pytest.mark.parametrize("cutoff", [1000, 1])
def test_search_quotes_filters(store, monkeypatch, cutoff, filters, expected):
    monkeypatch.setattr("newsmine.corpus.search.NARROW_ROWS", cutoff)  # 1: every filter counts as broad
    assert texts(search_quotes(store, **filters)) == expected
    assert texts(search_quotes(store, "the OR daily OR must OR will OR are OR near", raw=True, **filters)) == expected


@pytest.mark.parametrize("cutoff", [1000, 1])
@pytest.mark.parametrize(
    "entity,query,expected",
    [
        ("Kora", None, set()),
        ("Tarsk", None, {QUOTAS, CANALS, RAIL, TRAINS}),
        ("Basin Research Centre", None, {QUOTAS, CANALS}),
        ("Norvik", None, {RAIL, TRAINS, TARIFFS}),
        ("Kora", "canals", set()),
        ("Tarsk", "canals", {CANALS}),
    ],
)
def test_search_quotes_paragraph_scope_needs_a_mention_in_the_quote_paragraph(
    store, monkeypatch, cutoff, entity, query, expected
):
    monkeypatch.setattr("newsmine.corpus.search.NARROW_ROWS", cutoff)
    assert texts(search_quotes(store, query, entity=entity, entity_scope="paragraph")) == expected


def test_search_quotes_rejects_unknown_scope(store):
    with pytest.raises(ValueError, match="paragraph"):
        search_quotes(store, entity="Tarsk", entity_scope="sentence")


def test_search_quotes_without_query_lists_newest_first_and_undated_last(store):
    dates = [hit.date for hit in search_quotes(store)]
    assert dates == sorted(dates[:-1], reverse=True) + [None]
    assert len(dates) == 7


@pytest.mark.parametrize(
    "query,first",
    [
        ("rail link", RAIL),
        ("canals", CANALS),
        ("COPPER prices", COPPER),
        ('"arrive daily"', TRAINS),
        ("nunez", TARIFFS),
    ],
)
def test_search_quotes_full_text_ranks_the_match_first(store, query, first):
    hits = search_quotes(store, query)
    assert hits[0].quote.text == first
    assert hits[0].score is not None and hits[0].score > 0


@pytest.mark.parametrize("query", ['"daily arrive"', "rail canals", "glacier"])
def test_search_quotes_full_text_needs_every_word_in_order(store, query):
    assert search_quotes(store, query) == []


def test_search_quotes_hit_carries_source_and_sentence(store):
    (hit,) = search_quotes(store, "container")
    assert (hit.title, hit.url, hit.date, hit.document_id) == (
        "Dry port volumes climb",
        "https://news.example/a",
        "2024-03-05",
        "doc-a",
    )
    assert hit.sentence == '"Container trains now arrive daily," she said.'
    assert (hit.quote.speaker, hit.quote.speaker_role, hit.quote.speaker_org) == (
        "Alma Serik",
        "senior analyst",
        "Steppe Policy Institute",
    )
    assert hit.to_dict()["sentence"] == hit.sentence and hit.to_dict()["speaker"] == "Alma Serik"


def test_search_quotes_limit_keeps_the_best(store):
    hits = search_quotes(store, "said OR the", raw=True, limit=2)
    assert len(hits) == 2
    assert len(search_quotes(store, limit=3)) == 3


HOSTILE_QUERIES = [
    "rail AND",
    "OR",
    "NOT rail",
    "NEAR(rail link)",
    "NEAR(rail",
    "(rail",
    "rail)",
    '"rail',
    'rail"',
    "-rail",
    "rail*",
    "*rail",
    "^rail",
    "text:rail",
    "'; DROP TABLE quotes; --",
    "rail' OR 1=1 --",
    "日本語の引用",
    "Núñez",
    "Tokayev's",
    "rail\x00link",
    "🚂 rail",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_quotes_hostile_query_is_searched_as_words(store, query):
    hits = search_quotes(store, query)
    assert all(hit.quote.text for hit in hits)
    assert store.counts()["quotes"] == 7


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_documents_hostile_query_is_searched_as_words(store, query):
    search_documents(store, query)
    assert store.counts()["documents"] == 4


@pytest.mark.parametrize("query,found", [("rail*", {RAIL}), ("Núñez", {TARIFFS}), ('"rail', {RAIL}), ("-rail", {RAIL})])
def test_search_quotes_operator_characters_are_literal(store, query, found):
    assert texts(search_quotes(store, query)) == found


@pytest.mark.parametrize("query", ["?!", "***", "()", "--", "'\"'", '""'])
def test_search_quotes_query_without_words_is_a_query_error(store, query):
    with pytest.raises(QueryError, match="nothing to search for"):
        search_quotes(store, query)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("rail OR canals", {RAIL, CANALS}),
        ("rail NOT link", set()),
        ("contain*", {TRAINS}),
        ("text:copper", {COPPER}),
        ("NEAR(rail everything, 5)", {RAIL}),
    ],
)
def test_search_quotes_raw_passes_fts5_syntax(store, query, expected):
    assert texts(search_quotes(store, query, raw=True)) == expected


@pytest.mark.parametrize("query", ["rail AND (", "NEAR(rail", "nosuchcolumn:rail", '"unclosed', "AND"])
def test_search_quotes_malformed_raw_query_suggests_dropping_raw(store, query):
    with pytest.raises(QueryError, match="drop --raw") as caught:
        search_quotes(store, query, raw=True)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "option,value",
    [("since", "2024-13-01"), ("until", "yesterday"), ("since", "24-01-01"), ("until", "2024-02-30"), ("since", "")],
)
def test_search_quotes_rejects_bad_dates(store, option, value):
    with pytest.raises(QueryError, match=f"--{option}"):
        search_quotes(store, **{option: value})


@pytest.mark.parametrize("limit", [0, -5])
def test_search_quotes_rejects_non_positive_limit(store, limit):
    with pytest.raises(QueryError, match="--limit"):
        search_quotes(store, limit=limit)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("rail link", '"rail" "link"'),
        ('"dry port" AND', '"dry port" "AND"'),
        ('say "hi', '"say" """hi"'),
        ("a-b c*", '"a-b" "c*"'),
        ("(( ))", ""),
        ("", ""),
    ],
)
def test_fts_escape_quotes_every_segment(query, expected):
    assert fts_escape(query) == expected


@pytest.mark.parametrize(
    "label,expected", [("water_rivers", "water_rivers"), ("Water rivers", "water_rivers"), ("ENERGY ", "energy")]
)
def test_normalise_topic_matches_stored_labels(label, expected):
    assert normalise_topic(label) == expected


@pytest.mark.parametrize(
    "text,fragment,expected",
    [
        ('One. Alma said "Rail is key." Then more.', "Rail is key.", 'Alma said "Rail is key."'),
        ("Dr. Serik said rates rise. Next one.", "rates rise", "Dr. Serik said rates rise."),
        ("J. Orr warned that costs grow. End.", "costs grow", "J. Orr warned that costs grow."),
        ("A headline\nShe said costs fall\nNext", "costs fall", "She said costs fall"),
        ("Start. Trade grew. Exports rose. Tail.", "Trade grew. Exports rose.", "Trade grew. Exports rose."),
        ("no punctuation at all here", "punctuation", "no punctuation at all here"),
        ("Is it late? He said it is. Fine!", "it is", "He said it is."),
    ],
)
def test_sentence_around_finds_the_quote_sentence(text, fragment, expected):
    start = text.index(fragment)
    assert sentence_around(text, start, start + len(fragment)) == expected


@pytest.mark.parametrize(
    "query,filters,expected",
    [
        ("canals", {}, ["doc-b"]),
        (None, {"entity": "Kora"}, ["doc-b"]),
        (None, {"entity": "norvik"}, ["doc-a", "doc-d"]),
        (None, {"speaker": "serik"}, ["doc-a"]),
        (None, {"speaker": "tokayev"}, ["doc-c", "doc-b"]),
        (None, {"org": "lakeside"}, ["doc-d"]),
        (None, {"topic": "water_rivers"}, ["doc-b"]),
        (None, {"since": "2025", "until": "2025-03"}, ["doc-b"]),
        ("smelter", {"since": "2026"}, []),
        (None, {"entity": "Atlantis"}, []),
    ],
)
@pytest.mark.parametrize("cutoff", [1000, 1])
def test_search_documents_filters(store, monkeypatch, cutoff, query, filters, expected):
    monkeypatch.setattr("newsmine.corpus.search.NARROW_ROWS", cutoff)
    assert [hit.document_id for hit in search_documents(store, query, **filters)] == expected


def test_search_documents_title_match_ranks_first(store):
    hits = search_documents(store, "canals OR climb", raw=True)
    assert [hit.document_id for hit in hits] == ["doc-a", "doc-b"]  # "climb" in a headline beats "canals" in text


def test_search_documents_hit_has_snippet_and_topics(store):
    (hit,) = search_documents(store, "irrigation")
    assert "[irrigation]" in hit.snippet
    assert [topic.label for topic in hit.topics] == ["water_rivers", "agriculture_food"]
    assert hit.to_dict()["title"] == "River talks resume"


@pytest.mark.parametrize(
    "query,options,expected",
    [
        # "Bolat Tokaev" and "Bolat Tokayev" share a cross-language key: one entity (issue 15)
        (None, {"limit": 2}, [("Bolat Tokayev", 2, 2), ("Norvik dry port", 2, 2)]),
        (None, {"entity_type": "person"}, [("Bolat Tokayev", 2, 2), ("Alma Serik", 1, 1), ("José Núñez", 1, 1)]),
        ("steppe", {}, [("Steppe Policy Institute", 2, 2)]),
        (None, {"entity": "Kora"}, [("Basin Research Centre", 1, 1), ("Bolat Tokayev", 1, 1), ("Tarsk", 1, 1)]),
        (
            None,
            {"entity": "Steppe Policy Institute"},
            [("Alma Serik", 1, 1), ("Bolat Tokayev", 1, 1), ("Norvik dry port", 1, 1), ("Tarsk", 1, 1)],
        ),
        (None, {"entity": "Kora", "entity_type": "ORG"}, [("Basin Research Centre", 1, 1)]),
        (None, {"topic": "mining_raw_materials"}, [("Bolat Tokayev", 1, 1), ("Steppe Policy Institute", 1, 1)]),
        (None, {"entity": "Atlantis"}, []),
        ("zzz", {}, []),
        ("%", {}, []),
        ("_", {}, []),
        ("Tok_yev", {}, []),
    ],
)
def test_search_entities_counts_documents_and_mentions(store, query, options, expected):
    hits = search_entities(store, query, **options)
    assert [(hit.entity.name, hit.document_count, hit.mention_count) for hit in hits] == expected


def test_search_entities_lists_aliases(store):
    (hit,) = search_entities(store, "norvik")
    assert hit.aliases == ["Norvik"]


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"entity": "Atlantis"}, ["no entity named 'Atlantis' in the corpus"]),
        ({"speaker": "Nobody", "org": "steppe"}, ["no speaker matching 'Nobody' in the corpus"]),
        ({"entity": "Tarsk", "org": "Ministry"}, ["no speaker organisation matching 'Ministry' in the corpus"]),
        ({"entity": "Tarsk", "speaker": "serik"}, []),
    ],
)
def test_unmatched_filters_explains_empty_results(store, filters, expected):
    assert unmatched_filters(store, **filters) == expected


# -- semantic search -------------------------------------------------------------------------

FAKE_DIM = 64


def fake_encode(texts: list[str]) -> np.ndarray:
    """A deterministic hashed bag of words: texts sharing words get similar vectors."""
    vectors = np.zeros((len(texts), FAKE_DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().replace(",", " ").replace(".", " ").split():
            vectors[row, zlib.crc32(word.encode()) % FAKE_DIM] += 1.0
    return vectors


def test_claim_encoder_records_the_first_and_refuses_another(store):
    assert stored_encoder(store) is None
    claim_encoder(store, "static")
    claim_encoder(store, "static")  # the same encoder again is fine
    with pytest.raises(StoreError, match="come from the 'static' encoder, not 'minilm'"):
        claim_encoder(store, "minilm")
    assert stored_encoder(store) == "static"


@pytest.mark.parametrize("embedded,expected", [(True, "minilm"), (False, None)])
def test_version_1_database_with_vectors_is_marked_minilm(store, embedded, expected):
    if embedded:
        index_quote_embeddings(store, fake_encode)
    with store.connection:
        store.connection.execute("DROP TABLE settings")
        store.connection.execute("PRAGMA user_version = 1")
    with CorpusStore(store.path) as upgraded:
        assert stored_encoder(upgraded) == expected


def test_index_quote_embeddings_fills_only_missing(store):
    assert index_quote_embeddings(store, fake_encode, batch_size=3) == 7
    assert missing_embeddings(store) == 0
    assert index_quote_embeddings(store, fake_encode) == 0
    ids, vectors = next(iter_embeddings(store, dim=FAKE_DIM))
    assert len(ids) == 7
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_index_quote_embeddings_rejects_misaligned_encoder(store):
    with pytest.raises(ValueError, match="2 vectors for 7 quotes"):
        index_quote_embeddings(store, lambda texts: np.ones((2, FAKE_DIM)))
    assert missing_embeddings(store) == 7


@pytest.mark.parametrize(
    "text,filters,first",
    [
        ("container trains arrive daily", {}, TRAINS),
        ("irrigation quotas", {}, QUOTAS),
        ("copper prices", {"speaker": "tokayev"}, COPPER),
        ("copper prices now", {"speaker": "serik"}, TRAINS),
        ("tariffs hurt exporters", {"until": "2024"}, None),
    ],
)
def test_similar_quotes_ranks_by_cosine(store, text, filters, first):
    index_quote_embeddings(store, fake_encode)
    hits = similar_quotes(store, text, encode=fake_encode, limit=3, **filters)
    if first is None:
        assert {hit.date for hit in hits} == {"2024-03-05"}
    else:
        assert hits[0].quote.text == first
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert len(hits) <= 3


def test_similar_quotes_skips_vectors_of_another_encoder(store):
    index_quote_embeddings(store, fake_encode)
    store.connection.execute("UPDATE quotes SET embedding = ? WHERE text = ?", (b"\0" * 12, TRAINS))
    hits = similar_quotes(store, "container trains", encode=fake_encode, limit=10)
    assert TRAINS not in texts(hits) and len(hits) == 6


@pytest.mark.model
def test_similar_quotes_with_minilm_finds_the_same_meaning(store):
    from newsmine.models.embeddings.encoders import embed

    index_quote_embeddings(store, embed)
    hits = similar_quotes(store, "agricultural water allocation should be reduced", encode=embed, limit=2)
    assert hits[0].quote.text == QUOTAS


# -- command line ----------------------------------------------------------------------------


@pytest.fixture
def db_path(store):
    return str(store.path)


def run(command, args):
    result = CliRunner().invoke(command, args)
    return result.exit_code, result.stdout, result.stderr


def test_search_command_json_lines(db_path):
    code, out, err = run(search, ["--db", db_path, "--speaker", "tokayev", "--json"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == ""
    assert {row["text"] for row in rows} == {QUOTAS, CANALS, SMELTER, COPPER}
    assert all(row["sentence"] and row["title"] for row in rows)


def test_search_command_human_output_shows_source_and_sentence(db_path):
    code, out, _err = run(search, ["container", "--db", db_path])
    assert code == 0
    assert "Alma Serik (senior analyst, Steppe Policy Institute)" in out
    assert "Dry port volumes climb | 2024-03-05 | https://news.example/a" in out
    assert 'sentence: "Container trains now arrive daily," she said.' in out


@pytest.mark.parametrize("scope,expected", [("document", {QUOTAS, CANALS}), ("paragraph", set())])
def test_search_command_entity_scope(db_path, scope, expected):
    code, out, _err = run(search, ["--db", db_path, "--entity", "Kora", "--entity-scope", scope, "--json"])
    assert code == 0 and {json.loads(line)["text"] for line in out.splitlines()} == expected


@pytest.mark.parametrize(
    "kind,expected", [("documents", "River talks resume"), ("entities", "Tarsk [GPE]  1 document, 1 mention")]
)
def test_search_command_kinds(db_path, kind, expected):
    code, out, _err = run(search, ["--db", db_path, "--kind", kind, "--entity", "Kora"])
    assert code == 0 and expected in out


@pytest.mark.parametrize("query", HOSTILE_QUERIES + ["?!"])
def test_search_command_hostile_query_never_tracebacks(db_path, query):
    result = CliRunner().invoke(search, [query, "--db", db_path])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2)  # 2: click's usage error for a query that looks like an option
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args,code,stderr",
    [
        (["--entity", "Atlantis"], 0, "note: no entity named 'Atlantis' in the corpus\n"),
        (["rail AND (", "--raw"], 1, "drop --raw"),
        (["--since", "soon"], 1, "expected a date"),
        (["--limit", "0"], 2, "--limit"),
        (["glacier"], 0, "note: no results\n"),
    ],
)
def test_search_command_errors_are_one_line(db_path, args, code, stderr):
    exit_code, out, err = run(search, ["--db", db_path, *args])
    assert exit_code == code and out == ""
    assert stderr in err and "Traceback" not in err


def test_search_command_missing_database_is_an_error(tmp_path):
    code, _out, err = run(search, ["rail", "--db", str(tmp_path / "none.db")])
    assert code == 1 and "no such corpus database" in err
    assert not (tmp_path / "none.db").exists()


def test_entities_command_cooccur_and_type(db_path):
    code, out, _err = run(entities, ["--db", db_path, "--cooccur", "Kora", "--type", "PERSON", "--json"])
    assert code == 0
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["Bolat Tokayev"]


def test_experts_command_merges_variants(db_path):
    code, out, _err = run(experts, ["--db", db_path, "--org", "basin", "--json"])
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert (row["name"], row["variants"], row["quote_count"]) == ("Bolat Tokayev", ["Bolat Tokaev"], 4)
    assert row["latest_title"] == "Smelter deal signed"


def test_search_command_rejects_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("plain notes, not SQLite " * 40)
    code, _out, err = run(search, ["rail", "--db", str(path)])
    assert code == 1 and "notes.db" in err and len(err.strip().splitlines()) == 1


def test_search_command_similar_embeds_missing_quotes_first(db_path, monkeypatch):
    asked: list[str] = []

    def encode(texts, *, encoder):
        asked.append(encoder)
        return fake_encode(texts)

    monkeypatch.setattr("newsmine.models.embeddings.encoders.embed", encode)
    code, out, err = run(search, ["--db", db_path, "--similar", "farmers need canals", "--limit", "1", "--json"])
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and row["text"] == CANALS
    assert "embedding 7 quotes first" in err
    code, _out, err = run(search, ["--db", db_path, "--similar", "farmers need canals"])
    assert code == 0 and err == ""
    assert set(asked) == {"static"}  # the default encoder, now recorded as the database's
    with CorpusStore(db_path) as reopened:
        assert stored_encoder(reopened) == "static"


def test_search_command_similar_uses_the_databases_encoder(db_path, monkeypatch):
    with CorpusStore(db_path) as store:
        claim_encoder(store, "minilm")
    asked: list[str] = []

    def encode(texts, *, encoder):
        asked.append(encoder)
        return fake_encode(texts)

    monkeypatch.setattr("newsmine.models.embeddings.encoders.embed", encode)
    code, _out, _err = run(search, ["--db", db_path, "--similar", "farmers need canals"])
    assert code == 0 and set(asked) == {"minilm"}


@pytest.mark.parametrize(
    "command,args,note",
    [
        (entities, ["--cooccur", "Atlantis"], "note: no entity named 'Atlantis' in the corpus\n"),
        (entities, ["--type", "COMMODITY"], "note: no entities\n"),
        (experts, ["--org", "Ministry"], "note: no experts match\n"),
        (experts, ["--topic", "energy"], "note: no experts match\n"),
    ],
)
def test_listing_commands_empty_result_is_a_note_not_an_error(db_path, command, args, note):
    code, out, err = run(command, ["--db", db_path, *args])
    assert (code, out, err) == (0, "", note)


def test_search_command_similar_without_encoder_is_one_line(db_path, monkeypatch):
    def missing_model(texts, **_options):
        raise OSError("no such file: model.safetensors")

    monkeypatch.setattr("newsmine.models.embeddings.encoders.embed", missing_model)
    code, out, err = run(search, ["--db", db_path, "--similar", "canals"])
    assert (code, out) == (1, "") and "needs the packaged MiniLM encoder" in err
    assert len(err.strip().splitlines()) == 2  # the note about embedding, then the error


@pytest.mark.parametrize("flag,shown", [("--show-sql", True), ("--json", False)])
def test_search_command_show_sql_prints_the_ranking_query(db_path, flag, shown):
    for _ in range(2):  # a second run must not print twice
        code, out, err = run(search, ["canals", "--db", db_path, flag])
        assert code == 0 and "Farmers will need new canals" in out
        assert err.count("sql: SELECT") == (1 if shown else 0)
        assert ("quotes_fts MATCH" in err) is shown
