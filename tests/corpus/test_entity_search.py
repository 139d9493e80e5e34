"""Entity search finds what a user means: the place and everything named after it, and every
quote of a person under each name the expert registry merges."""

import json

import pytest
from click.testing import CliRunner

from newsmine.commands.search import search
from newsmine.corpus.schema import Document, Entity, Mention, Quote
from newsmine.corpus.search import entity_ids, search_documents, search_entities, search_quotes
from newsmine.corpus.store import CorpusStore

PLACE = "Tarvel"
TEXTS = {
    "exact": "Tarvel officials opened a new customs hall on Monday. Trucks waited at Tarvel for hours.",
    "gateway": "The Tarvel Gateway dry port handled more containers than a year ago.",
    "zone": "Investors in the Tarvel\u2013Eastern Gate SEZ asked for longer tax holidays.",
    "lookalike": "Tarvelbank cut its lending rate, the bank said in a statement.",
}
ENTITIES = {
    "exact": ("Tarvel", "GPE"),
    "gateway": ("Tarvel Gateway", "FAC"),
    "zone": ("Tarvel\u2013Eastern Gate SEZ", "FAC"),
    "lookalike": ("Tarvelbank", "ORG"),
}
DATES = {"exact": "2024-01-01", "gateway": "2024-03-01", "zone": "2024-02-01", "lookalike": "2024-04-01"}

SPEECH = {
    "full": ("Aigerim Sadvakasova, an economist, said the corridor would pay off.", "Aigerim Sadvakasova"),
    "surname": ("Sadvakasova said the corridor would pay off within a decade.", "Sadvakasova"),
    "variant": ("Aigerim Sadvakassova said freight rates had doubled.", "Aigerim Sadvakassova"),
    "other": ("Marat Ospanov said the tariffs were too high.", "Marat Ospanov"),
}


def mentioned(text: str, name: str, entity_type: str) -> Entity:
    start = text.index(name)
    return Entity(name, entity_type, [Mention(start, start + len(name), name)])


def place_documents() -> list[Document]:
    return [
        Document(f"doc-{key}", text, date=DATES[key], title=f"{key} story", entities=[mentioned(text, *ENTITIES[key])])
        for key, text in TEXTS.items()
    ]


def speech_documents() -> list[Document]:
    documents = []
    for key, (text, speaker) in SPEECH.items():
        said = text.index(" said ") + len(" said ")
        quote = Quote(text[said:-1], said, len(text) - 1, "indirect", speaker, None, None, "say")
        person = mentioned(text, speaker, "PERSON")
        documents.append(Document(f"speech-{key}", text, date="2024-05-01", entities=[person], quotes=[quote]))
    return documents


@pytest.fixture
def store(tmp_path):
    with CorpusStore(tmp_path / "corpus.db") as opened:
        opened.add_documents(place_documents() + speech_documents())
        yield opened


def test_entity_ids_put_the_exact_entity_first_then_names_containing_it(store):
    names = dict(store.connection.execute("SELECT id, name FROM entities").fetchall())
    found = [names[i] for i in entity_ids(store, "tarvel")]
    assert found[0] == "Tarvel"
    assert set(found[1:]) == {"Tarvel Gateway", "Tarvel\u2013Eastern Gate SEZ"}


def test_whole_words_only_a_longer_word_does_not_match(store):
    names = dict(store.connection.execute("SELECT id, name FROM entities").fetchall())
    assert "Tarvelbank" not in {names[i] for i in entity_ids(store, PLACE)}


def test_documents_of_contained_names_are_found_exact_ones_ranked_first(store):
    hits = search_documents(store, entity=PLACE)
    assert [hit.document_id for hit in hits] == ["doc-exact", "doc-gateway", "doc-zone"]
    assert [hit.matched_entities for hit in hits] == [["Tarvel"], ["Tarvel Gateway"], ["Tarvel\u2013Eastern Gate SEZ"]]


def test_exact_first_also_under_a_full_text_query(store):
    hits = search_documents(store, "customs OR containers OR investors", entity=PLACE, raw=True)
    assert hits[0].document_id == "doc-exact"
    assert {hit.document_id for hit in hits} == {"doc-exact", "doc-gateway", "doc-zone"}


def test_entity_listing_ranks_the_exact_name_first(store):
    hits = search_entities(store, "Tarvel")
    assert hits[0].entity.name == "Tarvel"
    assert {hit.entity.name for hit in hits} >= {"Tarvel Gateway", "Tarvelbank"}


def test_speaker_search_finds_every_name_the_registry_merged(store):
    found = {hit.quote.speaker for hit in search_quotes(store, speaker="Aigerim Sadvakasova")}
    assert found == {"Aigerim Sadvakasova", "Sadvakasova", "Aigerim Sadvakassova"}


def test_speaker_search_keeps_a_shared_surname_apart(tmp_path):
    text = "Ruslan Sadvakasova said the port would grow."
    said = text.index(" said ") + len(" said ")
    namesake = Document(
        "speech-namesake",
        text,
        entities=[mentioned(text, "Ruslan Sadvakasova", "PERSON")],
        quotes=[Quote(text[said:-1], said, len(text) - 1, "indirect", "Ruslan Sadvakasova", None, None, "say")],
    )
    with CorpusStore(tmp_path / "corpus.db") as store:
        store.add_documents(speech_documents() + [namesake])
        found = {hit.quote.speaker for hit in search_quotes(store, speaker="Aigerim Sadvakasova")}
    assert "Sadvakasova" not in found  # two people have that surname: the registry does not merge it


def test_search_command_shows_which_entity_matched(store):
    store.close()
    runner = CliRunner()
    result = runner.invoke(search, ["--entity", PLACE, "--kind", "documents", "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert "entity: Tarvel Gateway" in result.output
    as_json = runner.invoke(search, ["--entity", PLACE, "--kind", "documents", "--json", "--db", str(store.path)])
    first = json.loads(as_json.output.splitlines()[0])
    assert first["matched_entities"] == ["Tarvel"]


def test_documents_are_found_by_an_alias_the_store_merged(tmp_path):
    text = "Freight through the Tarvel dry port rose by a quarter in March."
    merged = {"Tarvel dry port": "Tarvel Gateway"}
    with CorpusStore(tmp_path / "corpus.db", canonical_name=lambda name, _type: merged.get(name, name)) as store:
        store.add_documents(place_documents() + [Document("doc-alias", text, entities=[mentioned(text, "Tarvel dry port", "FAC")])])
        hits = search_documents(store, entity="tarvel dry port")
    assert {hit.document_id for hit in hits} == {"doc-gateway", "doc-alias"}
    assert all(hit.matched_entities == ["Tarvel Gateway"] for hit in hits)
