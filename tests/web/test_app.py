"""The web application over a synthetic corpus: the URL contract, the pages' content, the
JSON twins, and the hostile inputs a local server still has to survive."""

import csv
import io
import json
import sqlite3

import pytest

from newsmine.corpus.search import search_quotes
from newsmine.corpus.store import CorpusStore
from newsmine.web.database import CorpusReader, QueryTimeout
from webcorpus import HOSTILE


def speaker_id(corpus_db, name: str) -> int:
    with CorpusStore(corpus_db) as store:
        return store.connection.execute("SELECT id FROM speakers WHERE name = ?", (name,)).fetchone()[0]


def entity_id(corpus_db, name: str) -> int:
    with CorpusStore(corpus_db) as store:
        return store.connection.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0]


# -- the URL contract ------------------------------------------------------------------------


def test_api_search_hits_are_what_search_json_prints(client, corpus_db):
    answer = client.get("/api/search", params={"q": "canals"}).json()
    with CorpusStore(corpus_db) as store:
        expected = [hit.to_dict() for hit in search_quotes(store, "canals", limit=20)]
    assert answer["total"] == len(expected) == 1
    hit = {key: value for key, value in answer["hits"][0].items() if key != "speaker_id"}
    assert hit == expected[0]
    assert answer["hits"][0]["speaker_id"] == speaker_id(corpus_db, "Tomas Aldric")


def test_search_page_shows_cards_facets_and_chart(client):
    page = client.get("/", params={"speaker": "Dovlatova"})
    assert page.status_code == 200
    html = page.text
    assert "the expansion would double container volumes" in html
    assert "Brenmoor port authority" in html  # the card's organisation
    assert "Gateway expansion approved" in html  # the document title
    assert 'id="facet-speakers"' in html and 'id="facet-topics"' in html
    assert "<svg" in html and "similar quotes" in html
    answer = client.get("/api/search", params={"speaker": "Dovlatova"}).json()
    assert answer["total"] == 4
    assert {f["value"]: f["count"] for f in answer["facets"]["speakers"]} == {"Irena Dovlatova": 4}
    assert sum(point["count"] for point in answer["timeline"]) == 4


def test_filters_narrow_the_result_set(client):
    since = client.get("/api/search", params={"speaker": "Dovlatova", "since": "2025"}).json()
    assert since["total"] == 1
    topic = client.get("/api/search", params={"topic": "water_rivers"}).json()
    # labelled quotes, and an unlabelled one that inherits its document's topic
    assert {hit["speaker"] for hit in topic["hits"]} == {"Tomas Aldric", "Tomas Aldrik", "Irena Dovlatova"}
    entity = client.get("/api/search", params={"entity": "Vellmar Gateway", "org": "Sarn"}).json()
    assert {hit["document_id"] for hit in entity["hits"]} == {"river-1", "port-2"}


def test_documents_and_entities_kinds(client):
    documents = client.get("/api/search", params={"q": "irrigation", "kind": "documents"}).json()
    assert [hit["document_id"] for hit in documents["hits"]] == ["river-1"]
    entities = client.get("/api/search", params={"q": "vellmar", "kind": "entities"}).json()
    assert {hit["name"] for hit in entities["hits"]} == {"Vellmar", "Vellmar Gateway"}
    assert all(isinstance(hit["id"], int) for hit in entities["hits"])
    assert "Vellmar Gateway" in client.get("/", params={"q": "vellmar", "kind": "entities"}).text


def test_similar_quotes_rank_the_closest_meaning_first(client):
    answer = client.get("/api/search", params={"similar": "farmers need canals"}).json()
    assert answer["hits"][0]["text"] == "Farmers will need new canals before spring,"
    scores = [hit["score"] for hit in answer["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_paging_is_bounded_and_consistent(client):
    first = client.get("/api/search").json()
    assert first["total"] == 9 and len(first["hits"]) == 9
    assert client.get("/api/search", params={"page": "2"}).json()["hits"] == []
    assert client.get("/api/search", params={"page": "51"}).status_code == 400


def test_exports_hold_the_whole_result_set(client):
    lines = client.get("/api/search.jsonl", params={"speaker": "Aldric"}).text.splitlines()
    assert {json.loads(line)["speaker"] for line in lines} == {"Tomas Aldric", "Tomas Aldrik"}
    response = client.get("/api/search.csv", params={"speaker": "Aldric"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(lines) == 3
    assert client.get("/api/search.xml").status_code == 404


def test_expert_page_merges_variants_and_shows_their_world(client, corpus_db):
    aldric = speaker_id(corpus_db, "Tomas Aldric")
    data = client.get(f"/api/experts/{aldric}").json()
    assert data["expert"]["variants"] == ["Tomas Aldrik"]
    assert data["expert"]["quote_count"] == 3
    assert [a["org"] for a in data["expert"]["affiliations"]] == ["Sarn Basin Council", "Sarn Basin Council"]
    assert {t["label"] for t in data["topics"]} == {"water_rivers"}
    assert "Sarn" in {e["name"] for e in data["entities"]}
    assert "Tomas Aldric" not in {e["name"] for e in data["entities"]}
    assert {p["name"] for p in data["co_quoted"]} == {"Irena Dovlatova"}
    html = client.get(f"/experts/{aldric}").text
    assert "Tomas Aldrik" in html and "Quote timeline" in html and "Irena Dovlatova" in html


def test_expert_roles_follow_time(client, corpus_db):
    data = client.get(f"/api/experts/{speaker_id(corpus_db, 'Irena Dovlatova')}").json()
    roles = [(a["role"], a["org"]) for a in data["expert"]["affiliations"]]
    assert roles == [("chief economist", "Cobalt Ridge Institute"), ("adviser", "Brenmoor port authority")]


def test_entity_page(client, corpus_db):
    vellmar = entity_id(corpus_db, "Vellmar")
    data = client.get(f"/api/entities/{vellmar}").json()
    assert data["entity"]["type"] == "GPE"
    assert [c["name"] for c in data["contained"]] == ["Vellmar Gateway"]
    assert data["speakers"][0]["name"] == "Irena Dovlatova"
    assert "Brenmoor" in {e["name"] for e in data["cooccurring"]}
    assert sum(point["count"] for point in data["timeline"]) == 1
    html = client.get(f"/entities/{vellmar}").text
    assert "Contained names" in html and "Vellmar Gateway" in html


def test_document_page_highlights_quotes_and_entities(client, corpus_db):
    html = client.get("/documents/river-1").text
    assert '<mark class="q-direct"' in html and '<mark class="q-indirect"' in html
    assert f'href="/entities/{entity_id(corpus_db, "Sarn")}"' in html
    assert f'href="/experts/{speaker_id(corpus_db, "Tomas Aldric")}"' in html
    data = client.get("/api/documents/river-1").json()
    assert data["document"]["title"] == "Talks on the Sarn river resume"
    assert len(data["quotes"]) == 3 and len(data["entities"]) == 5


def test_topic_page(client):
    data = client.get("/api/topics/water_rivers").json()
    assert data["label"] == "water_rivers"
    assert [(p["name"], p["quotes"]) for p in data["experts"]] == [("Tomas Aldric", 2), ("Tomas Aldrik", 1)]
    assert data["timeline"] == [{"period": "2024-09", "count": 1}]
    assert {e["name"] for e in data["entities"]} >= {"Sarn", "Tomas Aldric"}
    assert "Latest quotes" in client.get("/topics/Water rivers").text


# -- security and reliability ----------------------------------------------------------------


def test_every_response_carries_a_content_security_policy(client):
    for path in ("/", "/api/search", "/documents/river-1", "/experts/999999", "/static/style.css"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy


def test_markup_in_the_corpus_and_in_parameters_is_escaped(client):
    for path, params in (
        ("/", {"q": "plan"}),
        ("/documents/hostile-1", {}),
        ("/", {"q": HOSTILE, "speaker": HOSTILE}),
        ("/", {"similar": HOSTILE}),
    ):
        html = client.get(path, params=params).text
        assert HOSTILE not in html
        assert "&lt;script&gt;" in html
        assert "javascript:" not in html  # the hostile document's URL is not linked


@pytest.mark.parametrize(
    "params",
    [
        {"q": 'plan" OR 1=1 --'},
        {"q": "NEAR(port freight) AND NOT *"},
        {"q": "'; DROP TABLE quotes; --"},
        {"speaker": "%' OR '1'='1"},
        {"entity": "\\%_"},
        {"org": ") UNION SELECT * FROM documents --"},
        {"q": "content:port ^freight"},
    ],
)
def test_fts_syntax_and_sql_fragments_are_just_words(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "\n" not in response.json()["error"]
    assert client.get("/api/search", params={"q": "canals"}).json()["total"] == 1  # the data is intact


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"q": "x" * 10_000}, "q: too long"),
        ({"similar": "y" * 10_240}, "similar: too long"),
        ({"since": "2024-13-01"}, "since: expected a date"),
        ({"until": "yesterday"}, "until: expected a date"),
        ({"since": "2024-02-30"}, "since: expected a date"),
        ({"kind": "users"}, "kind: expected one of"),
        ({"page": "0"}, "page: expected a whole number"),
        ({"page": "-1"}, "page: expected a whole number"),
        ({"page": "1e9"}, "page: expected a whole number"),
        ({"q": "!!! ???"}, "nothing to search for"),
    ],
)
def test_bad_parameters_get_a_one_line_400(client, params, reason):
    for path in ("/api/search", "/", "/api/search.csv"):
        response = client.get(path, params=params)
        assert response.status_code == 400, (path, params)
        assert reason in response.text
    error = client.get("/api/search", params=params).json()["error"]
    assert "\n" not in error and len(error) < 200


@pytest.mark.parametrize(
    "path",
    [
        "/experts/999999",
        "/experts/abc",
        "/api/experts/1%27%20OR%201=1",
        "/entities/0",
        "/api/entities/99999999999999999999",
        "/documents/no-such-document",
        "/api/documents/%3Cscript%3E",
        "/topics/no_such_topic",
        "/api/topics/%22%3B--",
        "/no/such/page",
    ],
)
def test_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<script>" not in response.text


def test_overlong_text_ids_are_400(client):
    assert client.get("/documents/" + "d" * 10_000).status_code == 400


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_no_write_endpoints(client, method):
    for path in ("/", "/api/search", "/api/experts/1", "/documents/river-1"):
        assert client.request(method, path).status_code == 405


def test_queries_past_the_time_limit_are_cut_off(corpus_db):
    reader = CorpusReader(corpus_db, query_timeout_s=0.05)
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    with pytest.raises(QueryTimeout, match="took longer than 0.05 s"):
        with reader.corpus() as corpus:
            corpus.connection.execute(endless).fetchone()
    with reader.corpus() as corpus:  # the connection is still usable afterwards
        assert corpus.connection.execute("SELECT count(*) FROM quotes").fetchone()[0] == 9


def test_the_server_cannot_write_to_the_database(corpus_db):
    with CorpusReader(corpus_db, query_timeout_s=1).corpus() as corpus:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            corpus.connection.execute("DELETE FROM quotes")


def test_json_twins_escape_markup_and_keep_the_data(client):
    response = client.get("/api/documents/hostile-1")
    assert response.headers["content-type"].startswith("application/json")
    assert "<script>" not in response.text
    assert response.json()["document"]["title"] == f"Markup test {HOSTILE}"
