"""One entity and one expert across languages: Russian and English records in one corpus.

The Russian records are built by hand, as the Russian pipeline would fill them, so these
tests hold whoever produces them.
"""

import sqlite3

import pytest

from newsmine.corpus.experts import expert_registry
from newsmine.corpus.reports import experts as report_experts
from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.search import entity_ids, search_documents, search_entities, search_quotes
from newsmine.corpus.store import CorpusStore
from newsmine.corpus.trends import topic_trends

RU_TEXT = (
    "«Хоргос станет главным узлом на пути в Европу», — заявил Касым-Жомарт Токаев. "
    "По словам Токаева, грузы с Иртыша пойдут по железной дороге. Казатомпром увеличит поставки."
)
EN_TEXT = (
    '"Khorgos is our gateway," Kassym-Jomart Tokayev said. Tokaev added that barges on the Irtysh '
    "would carry more grain. Kazatomprom will ship uranium to China."
)
RU_LATER = "«Мы удвоим экспорт урана», — отметил Токаев на встрече с представителями Казатомпрома."


def mention(text: str, written: str) -> Mention:
    start = text.index(written)
    return Mention(start, start + len(written), written)


def entity(text: str, name: str, type_: str, written: str | None = None) -> Entity:
    return Entity(name, type_, [mention(text, written or name)])


def quote(text: str, said: str, speaker: str, kind: str = "direct") -> Quote:
    start = text.index(said)
    return Quote(said, start, start + len(said), kind, speaker=speaker, speaker_role="президент")


@pytest.fixture
def store(tmp_path):
    ru = Document(
        id="ru-1", text=RU_TEXT, date="2025-03-02", language="ru", title="Хоргос и Иртыш",
        entities=[
            entity(RU_TEXT, "Касым-Жомарт Токаев", "PERSON"),
            entity(RU_TEXT, "Хоргос", "GPE"),
            entity(RU_TEXT, "Иртыш", "LOC", "Иртыша"),  # NER span in the genitive
            entity(RU_TEXT, "Казатомпром", "ORG"),
        ],
        quotes=[
            quote(RU_TEXT, "Хоргос станет главным узлом на пути в Европу", "Касым-Жомарт Токаев"),
            quote(RU_TEXT, "грузы с Иртыша пойдут по железной дороге", "Токаева", "indirect"),  # not normalised
        ],
        topics=[TopicScore("transport_logistics", 0.9)],
    )
    en = Document(
        id="en-1", text=EN_TEXT, date="2025-01-15", language="en", title="Khorgos gateway",
        entities=[
            entity(EN_TEXT, "Kassym-Jomart Tokayev", "PERSON"),
            entity(EN_TEXT, "Khorgos", "GPE"),
            entity(EN_TEXT, "Irtysh River", "LOC", "Irtysh"),
            entity(EN_TEXT, "Kazatomprom", "ORG"),
        ],
        quotes=[
            quote(EN_TEXT, "Khorgos is our gateway,", "Kassym-Jomart Tokayev"),
            quote(EN_TEXT, "barges on the Irtysh would carry more grain", "Tokaev", "indirect"),
        ],
        topics=[TopicScore("transport_logistics", 0.8)],
    )
    later = Document(
        id="ru-2", text=RU_LATER, date="2025-04-20", language="ru",
        entities=[entity(RU_LATER, "Токаев", "PERSON"), entity(RU_LATER, "Казатомпрома", "ORG")],
        quotes=[quote(RU_LATER, "Мы удвоим экспорт урана", "Токаев")],
        topics=[TopicScore("mining_raw_materials", 0.9)],
    )
    with CorpusStore(tmp_path / "corpus.db") as corpus:
        corpus.add_documents([ru, en, later])
        yield corpus


def entity_names(store: CorpusStore, type_: str) -> list[str]:
    rows = store.connection.execute("SELECT name FROM entities WHERE type = ? ORDER BY name", (type_,))
    return [row[0] for row in rows]


def test_places_and_organisations_are_one_entity_in_either_script(store):
    assert entity_names(store, "GPE") == ["Khorgos"]
    assert entity_names(store, "LOC") == ["Irtysh River"]
    assert entity_names(store, "ORG") == ["Kazatomprom"]


def test_a_person_is_one_entity_across_scripts_and_case_forms(store):
    assert entity_names(store, "PERSON") == ["Kassym-Jomart Tokayev"]
    (hit,) = search_entities(store, entity_type="PERSON")
    assert hit.document_count == 3
    assert {"Касым-Жомарт Токаев", "Токаев"} <= set(hit.aliases)


@pytest.mark.parametrize("name", ["Хоргос", "Хоргосе", "Khorgos", "khorgos"])
def test_entity_filter_accepts_either_script(store, name):
    hits = search_documents(store, entity=name)
    assert {hit.document_id for hit in hits} == {"ru-1", "en-1"}


def test_one_expert_across_scripts_spellings_and_case_forms(store):
    (profile,) = expert_registry(store)
    assert profile.speaker.quote_count == 5
    assert {"Касым-Жомарт Токаев", "Токаева", "Tokaev", "Токаев"} <= {profile.speaker.name, *profile.variants}


@pytest.mark.parametrize(
    "speaker,documents",
    [
        ("Tokayev", {"ru-1", "en-1", "ru-2"}),
        ("Токаев", {"ru-1", "en-1", "ru-2"}),
        ("Tokaev", {"ru-1", "en-1", "ru-2"}),
        # a full name also finds the bare surname ("Токаев" in ru-2) that the expert registry merges with it
        ("Kassym-Jomart Tokayev", {"ru-1", "en-1", "ru-2"}),
        ("Касым-Жомарт Токаев", {"ru-1", "en-1", "ru-2"}),
    ],
)
def test_speaker_filter_finds_quotes_in_both_languages(store, speaker, documents):
    assert {hit.document_id for hit in search_quotes(store, speaker=speaker)} == documents


def test_speaker_in_latin_script_finds_the_russian_quote(store):
    texts = {hit.quote.text for hit in search_quotes(store, speaker="Tokayev")}
    assert "Хоргос станет главным узлом на пути в Европу" in texts


def test_different_people_stay_apart(tmp_path):
    text = "Асель Нурланова и Bolat Nurlanov заявили, что тарифы вырастут."
    documents = [
        Document(
            id="d", text=text,
            quotes=[quote(text, "тарифы вырастут", "Асель Нурланова"), quote(text, "тарифы", "Bolat Nurlanov")],
        )
    ]
    with CorpusStore(tmp_path / "c.db") as store:
        store.add_documents(documents)
        assert len(expert_registry(store)) == 2


def test_report_leaderboard_has_one_row_for_the_person(store):
    (entry,) = report_experts(store)
    assert entry.documents == 3
    assert entry.latest[0][0].text == "Мы удвоим экспорт урана"  # the latest quote, in Russian


def test_trends_by_entity_count_documents_in_both_languages(store):
    rows = topic_trends(store, by="quarter", entity="Хоргос", topic="transport_logistics")
    assert sum(row.documents for row in rows) == 2


def test_a_version_2_database_gets_cross_language_keys(tmp_path):
    path = tmp_path / "old.db"
    with CorpusStore(path) as store:
        store.add_documents(
            [Document(id="a", text="Tokaev said so.", entities=[entity("Tokaev said so.", "Bolat Tokaev", "PERSON", "Tokaev")],
                      quotes=[quote("Tokaev said so.", "so", "Bolat Tokaev", "indirect")])]
        )
    connection = sqlite3.connect(path)
    with connection:  # what version 2 wrote: no key table, speaker keys folded only
        connection.execute("DROP TABLE entity_keys")
        connection.execute("INSERT INTO speakers (name, key) VALUES ('Bolat Tokayev', 'bolat tokayev')")
        connection.execute("UPDATE speakers SET key = lower(name)")
        connection.execute("UPDATE quotes SET speaker_id = (SELECT max(id) FROM speakers)")
        connection.execute("PRAGMA user_version = 2")
    connection.close()
    with CorpusStore(path) as store:
        assert store.connection.execute("SELECT count(*) FROM speakers").fetchone()[0] == 1
        assert entity_ids(store, "Болат Токаев") == entity_ids(store, "Bolat Tokaev") != []
        assert len(search_quotes(store, speaker="Tokayev")) == 1
