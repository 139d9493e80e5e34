"""The reference article end to end: everything newsmine does must work on it first."""

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed(pipeline, seed_path):
    from newsmine.nlp.pipeline import analyze
    from newsmine.scraper.ingest import read_documents

    errors = []
    (document,) = analyze(read_documents([seed_path], on_error=errors.append), language=pipeline)
    assert errors == []
    return document


def quotes_by(seed, speaker):
    return [quote for quote in seed.quotes if quote.speaker == speaker]


def test_seed_metadata_from_trailer(seed):
    assert seed.id == "000_0ba59ea2cf4a0462"
    assert seed.title.startswith("China-Kazakhstan Cooperation")
    assert seed.source == "Kazinform"
    assert seed.url == "https://www.toutiao.com/article/1835055998380108/"
    assert "Disclaimer" not in seed.text
    assert "迎来" in seed.text


@pytest.mark.parametrize(
    "speaker,role,org",
    [
        ("Jadiera Asetkuz", "senior expert", "Kazakhstan Institute for Strategic Studies"),
        ("Aidar Amirebayev", "director", "Kazakhstan Political Research Center"),
    ],
)
def test_seed_experts_with_role_and_org(seed, speaker, role, org):
    quotes = quotes_by(seed, speaker)
    assert {quote.kind for quote in quotes} == {"direct", "indirect"}
    assert all(quote.speaker_role == role and quote.speaker_org == org for quote in quotes)


@pytest.mark.parametrize(
    "speaker,kind,opening",
    [
        ("Jadiera Asetkuz", "direct", "Kazakhstan is not only a resource exporter"),
        ("Jadiera Asetkuz", "direct", "Investment cooperation will"),
        ("Jadiera Asetkuz", "indirect", "future agreements are expected"),
        ("Jadiera Asetkuz", "indirect", "another important direction would be"),
        ("Aidar Amirebayev", "direct", "China's current economic quality"),
        ("Aidar Amirebayev", "direct", "We compete with Russia"),
        ("Aidar Amirebayev", "indirect", "this summit should be fully utilized"),
        ("Aidar Amirebayev", "indirect", "although diversified cooperation"),
    ],
)
def test_seed_quotes_have_the_right_speaker(seed, speaker, kind, opening):
    matching = [quote for quote in seed.quotes if quote.text.startswith(opening)]
    assert len(matching) == 1, [quote.text[:40] for quote in seed.quotes]
    (quote,) = matching
    assert (quote.speaker, quote.kind) == (speaker, kind)
    assert seed.text[quote.start:quote.end] == quote.text


@pytest.mark.parametrize(
    "name,type_",
    [
        ("China", "GPE"), ("Kazakhstan", "GPE"), ("Russia", "GPE"), ("India", "GPE"),
        ("Central Asia", "LOC"), ("Caspian Sea", "LOC"),
        ("Jadiera Asetkuz", "PERSON"), ("Aidar Amirebayev", "PERSON"),
        ("Kazakhstan Institute for Strategic Studies", "ORG"), ("Kazakhstan Political Research Center", "ORG"),
        ("Atasu-Alashankou oil pipeline", "FAC"), ("Khorgos land port", "FAC"), ("Middle Corridor", "FAC"),
    ],
)
def test_seed_entities(seed, name, type_):
    assert (name, type_) in {(entity.name, entity.type) for entity in seed.entities}


def test_seed_one_entity_per_person(seed):
    people = sorted(entity.name for entity in seed.entities if entity.type == "PERSON")
    assert people == ["Aidar Amirebayev", "Jadiera Asetkuz"]


def test_seed_topics(seed):
    labels = {topic.label for topic in seed.topics}
    assert {"investment", "transport_logistics", "water_rivers", "energy", "mining_raw_materials", "trade"} <= labels
    assert all(0.0 <= topic.score <= 1.0 for topic in seed.topics)


def test_seed_offsets_are_true(seed):
    for entity in seed.entities:
        for mention in entity.mentions:
            assert seed.text[mention.start:mention.end] == mention.text
