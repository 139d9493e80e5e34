"""Entities stage: span cleaning, typing, gazetteer, within-document merging, canonical names."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmine.models.gazetteer import GazetteerEntry, canonical_name, load_gazetteer, normalize_key
from newsmine.nlp.entities import is_acronym_of

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_0ba59ea2cf4a0462.txt"


@pytest.fixture(scope="session")
def entities_nlp():
    """The packaged English model plus the entities stage only, loaded once."""
    from newsmine.nlp.pipeline import build_pipeline

    return build_pipeline(components=("newsmine_entities",))


def found(nlp, text: str) -> set[tuple[str, str]]:
    return {(entity.name, entity.type) for entity in nlp(text)._.entities}


@pytest.mark.parametrize(
    "name,entity_type,expected",
    [
        ("PRC", "GPE", "China"),
        ("People's Republic of China", "GPE", "China"),
        ("People\u2019s  Republic of  China", "GPE", "China"),
        ("the Caspian", "LOC", "Caspian Sea"),
        ("KazISS", "ORG", "Kazakhstan Institute for Strategic Studies"),
        ("PRC", "ORG", "PRC"),
        ("Unknown   Valley Works", "FAC", "Unknown Valley Works"),
    ],
)
def test_canonical_name_resolves_aliases_of_the_same_type(name, entity_type, expected):
    assert canonical_name(name, entity_type) == expected


@pytest.mark.parametrize(
    "written,key",
    [
        ("The China\u2013Pakistan  Economic Corridor", "china pakistan economic corridor"),
        ("Xi\u2019an", "xi'an"),
        ("Atasu - Alashankou", "atasu alashankou"),
        ("Power-of-Siberia", "power of siberia"),
        ("Theodore Roosevelt", "theodore roosevelt"),
    ],
)
def test_normalize_key_ignores_case_dashes_apostrophes_and_article(written, key):
    assert normalize_key(written) == key


@pytest.mark.parametrize(
    "acronym,name,expected",
    [
        ("KazISS", "Kazakhstan Institute for Strategic Studies", True),
        ("CPEC", "China-Pakistan Economic Corridor", True),
        ("GERD", "Grand Ethiopian Renaissance Dam", True),
        ("SCO", "Kazakhstan Institute for Strategic Studies", False),
        ("K", "Kazakhstan", False),
        ("ADB", "Asian Infrastructure Investment Bank", False),
    ],
)
def test_is_acronym_of_needs_initials_in_order(acronym, name, expected):
    assert is_acronym_of(acronym, name) is expected


def test_load_gazetteer_user_file_extends_and_adds(tmp_path):
    user_file = tmp_path / "mine.tsv"
    user_file.write_text(
        "# comment line\nChina\tGPE\tMiddle Kingdom\nLake Zorkul\tLOC\tZorkul\nbroken line without type\n",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer(extra_files=[user_file])
    assert gazetteer.canonical_name("Middle Kingdom", "GPE") == "China"
    assert gazetteer.canonical_name("PRC", "GPE") == "China"
    assert gazetteer.lookup("Zorkul") == GazetteerEntry("Lake Zorkul", "LOC", ("Zorkul",))
    assert gazetteer.lookup("broken line without type") is None


@pytest.mark.model
@pytest.mark.parametrize(
    "text,present,absent",
    [
        (
            "The Chinese delegation arrived in Kazakhstan on Monday, 3 June 2024.",
            {("Kazakhstan", "GPE")},
            {("Chinese", "GPE"), ("Chinese", "NORP"), ("Monday", "DATE"), ("3 June 2024", "DATE")},
        ),
        (
            "Freight through the Khorgos land port grew by 20 percent last year.",
            {("Khorgos land port", "FAC")},
            {("Khorgos", "GPE"), ("20 percent", "PERCENT")},
        ),
        (
            "Gas now moves along the Zhanatas-Karatau gas pipeline to the Syr Darya.",
            {("Zhanatas-Karatau gas pipeline", "FAC"), ("Syr Darya", "LOC")},
            {("Zhanatas", "GPE")},
        ),
        (
            "Russia's exports of uranium to India rose, the ministry said.",
            {("Russia", "GPE"), ("India", "GPE"), ("uranium", "COMMODITY")},
            {("Russia's", "GPE")},
        ),
        (
            "The Eurasian Logistics Research Institute (ELRI) published a study. ELRI expects growth.",
            {("Eurasian Logistics Research Institute", "ORG")},
            {("ELRI", "ORG")},
        ),
        (
            "Officials in the PRC and in the People's Republic of China agreed.",
            {("People's Republic of China", "GPE")},
            {("PRC", "GPE")},
        ),
        (
            "Talks under the Belt and Road Initiative continued in Astana.",
            {("Astana", "GPE")},
            {("Belt and Road Initiative", "ORG"), ("Belt and Road Initiative", "FAC")},
        ),
        (
            "Talgat Mukanov, a senior analyst at the bank, disagreed.",
            {("Talgat Mukanov", "PERSON")},
            {("Talgat Mukanov", "ORG")},
        ),
        (
            "Trucks crossed Zhetysu oblast and reached Kashgar.",
            {("Zhetysu oblast", "GPE"), ("Kashgar", "GPE")},
            {("Zhetysu", "PERSON")},
        ),
        (
            "Cargo left the port of Zhanaozen on Monday.",
            {("port of Zhanaozen", "FAC")},
            {("port of Zhanaozen on Monday", "FAC"), ("Zhanaozen", "GPE"), ("Monday", "DATE")},
        ),
        (
            "Aliya BEKOVA -KT- (ASTANA)- The ministry said exports grew.",
            {("Aliya BEKOVA", "PERSON")},
            {("Aliya BEKOVA -KT-", "PERSON")},
        ),
        (
            "Temirtau Steel JSC reported a loss.",
            {("Temirtau Steel JSC", "ORG")},
            {("Temirtau Steel", "ORG")},
        ),
        (
            "Gas will flow through Nord Stream 2 next year.",
            {("Nord Stream 2", "FAC")},
            {("Nord Stream", "FAC")},
        ),
        (
            "Asel Nurova of the Energy Department of the Caspian Research Institute spoke.",
            {("Asel Nurova", "PERSON"), ("Caspian Research Institute", "ORG")},
            {("Energy Department of the Caspian Research Institute", "ORG"), ("Energy Department", "ORG")},
        ),
        (
            "Aktau Port - Kazakh rival of Baku, expands.",
            {("Aktau Port", "FAC"), ("Baku", "GPE")},
            {("Aktau Port - Kazakh", "GPE"), ("Kazakh", "GPE")},
        ),
        (
            "Staff of the Kazakh Embassy in Mongolia issued visas.",
            {("Kazakh Embassy in Mongolia", "ORG")},
            {("Mongolia", "GPE"), ("Kazakh", "NORP")},
        ),
        (
            "The Bank Chairperson resigned after the audit.",
            set(),
            {("Bank Chairperson", "ORG"), ("Bank", "ORG")},
        ),
    ],
)
def test_entities_typed_and_cleaned(entities_nlp, text, present, absent):
    result = found(entities_nlp, text)
    assert present <= result
    assert not absent & result


@pytest.mark.model
@pytest.mark.parametrize(
    "text,full_name,entity_type,mention_texts",
    [
        (
            "The Caspian Freight Union (CFU) met in Aktau. CFU members agreed on tariffs.",
            "Caspian Freight Union",
            "ORG",
            ["Caspian Freight Union", "CFU", "CFU"],
        ),
        (
            "The Great Kyzyl Dam opened in May. Engineers said the Kyzyl Dam holds water.",
            "Great Kyzyl Dam",
            "FAC",
            ["Great Kyzyl Dam", "Kyzyl Dam"],
        ),
        (
            "Steppe Copper Holdings (SCH) will list in Astana; SCH shares rose.",
            "Steppe Copper Holdings",
            "ORG",
            ["Steppe Copper Holdings", "SCH", "SCH"],
        ),
        (
            "Beijing and the PRC were named; People's Republic of China was written once.",
            "People's Republic of China",
            "GPE",
            ["PRC", "People's Republic of China"],
        ),
    ],
)
def test_entities_short_forms_merged_into_fullest_name(entities_nlp, text, full_name, entity_type, mention_texts):
    entities = entities_nlp(text)._.entities
    (entity,) = [e for e in entities if e.name == full_name]
    assert entity.type == entity_type
    assert [m.text for m in entity.mentions] == mention_texts
    others = {e.name for e in entities} - {full_name}
    assert not others & set(mention_texts)


@pytest.mark.model
@pytest.mark.parametrize(
    "text,full_name,mentions",
    [
        ("Marat Tokayev of the bank spoke first. Later Tokayev added a warning.", "Marat Tokayev", 2),
        ("Dina Serikova said prices would rise. Serikova is an economist.", "Dina Serikova", 2),
        ("President Nurlan Abenov opened the forum. Abenov praised the builders.", "Nurlan Abenov", 2),
        ("Kassym-Jomart Tokayev met the delegation. Tokayev said the talks went well.", "Kassym-Jomart Tokayev", 2),
    ],
)
def test_entities_surname_merged_into_full_name(entities_nlp, text, full_name, mentions):
    entities = entities_nlp(text)._.entities
    people = [e for e in entities if e.type == "PERSON"]
    assert [p.name for p in people] == [full_name]
    assert len(people[0].mentions) == mentions


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "\u201cWe are a transit country,\u201d said Aigerim Bekova of the Almaty Logistics Center.",
        "Investment will\u8fce\u6765 new momentum in BEIJING.\n\nSource: Kazinform",
        "",
    ],
)
def test_entities_mentions_point_into_text(entities_nlp, text):
    doc = entities_nlp(text)
    for entity in doc._.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
        assert entity.name == max((m.text for m in entity.mentions), key=len) or entity.type == "PERSON"


@pytest.mark.model
def test_entities_seed_article(entities_nlp):
    if not SEED.exists():
        pytest.skip(f"{SEED} not present")
    result = found(entities_nlp, SEED.read_text(encoding="utf-8"))
    expected = {
        ("China", "GPE"),
        ("Kazakhstan", "GPE"),
        ("Russia", "GPE"),
        ("India", "GPE"),
        ("Central Asia", "LOC"),
        ("Caspian Sea", "LOC"),
        ("Jadiera Asetkuz", "PERSON"),
        ("Aidar Amirebayev", "PERSON"),
        ("Kazakhstan Institute for Strategic Studies", "ORG"),
        ("Kazakhstan Political Research Center", "ORG"),
        ("Atasu-Alashankou oil pipeline", "FAC"),
        ("Khorgos land port", "FAC"),
        ("Middle Corridor", "FAC"),
        ("Kazinform", "ORG"),
    }
    assert expected <= result
    names = [name for name, _ in result]
    assert len(names) == len(set(names))
    assert not {"Asetkuz", "Chinese", "Belt and Road Initiative", "2023"} & set(names)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Trucks queued at Zhibek Zholy gate before dawn.", {("Silk Gate Crossing", "FAC")}),
        ("Freight to the PRC grew.", {("China", "GPE")}),
        ("The silk gate crossing was closed.", set()),
    ],
)
def test_component_reads_extra_gazetteer_from_config(tmp_path, text, expected):
    import spacy

    import newsmine.nlp  # noqa: F401  (registers the factory)

    user_file = tmp_path / "aliases.tsv"
    user_file.write_text("Silk Gate Crossing\tFAC\tZhibek Zholy gate|silk gate crossing\n", encoding="utf-8")
    blank = spacy.blank("en")
    blank.add_pipe("newsmine_entities", config={"extra_gazetteers": [str(user_file)]})
    gazetteer = blank.get_pipe("newsmine_entities").gazetteer
    entities = blank(text)._.entities
    assert {(gazetteer.canonical_name(e.name, e.type), e.type) for e in entities} == expected


@pytest.mark.model
def test_a_company_named_by_its_first_word_joins_the_full_name(entities_nlp):
    text = (
        "Kestrel Mining Group from Guangdong Province runs the copper mine today. "
        "In 2015, the state had sold the mine to Kestrel for $300 million."
    )
    entities = {entity.name: entity.type for entity in entities_nlp(text)._.entities}
    assert entities.get("Kestrel Mining Group") == "ORG"
    assert "Kestrel" not in entities


@pytest.mark.model
def test_a_name_that_goes_on_after_its_bracketed_acronym_is_written_whole(entities_nlp):
    text = (
        "Talks on the Kashgar-Osh-Andijan (KOA) railway resumed in Bishkek. "
        "The KOA would cut the journey by five days, officials said."
    )
    entities = {entity.name: entity for entity in entities_nlp(text)._.entities}
    railway = entities["Kashgar-Osh-Andijan (KOA) railway"]
    assert railway.type == "FAC"
    assert [m.text for m in railway.mentions] == ["Kashgar-Osh-Andijan (KOA) railway", "KOA"]


@pytest.mark.model
def test_a_known_name_before_a_bracketed_acronym_stays_itself_under_another_head(entities_nlp):
    text = "The China-Pakistan Economic Corridor (CPEC) Authority met in Islamabad. CPEC projects were reviewed."
    entities = {entity.name: entity.type for entity in entities_nlp(text)._.entities}
    assert entities.get("China-Pakistan Economic Corridor") == "FAC"
