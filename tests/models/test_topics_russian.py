"""Topics for Russian text: Russian terms on lemmas, and the rescoring of Russian and mixed rows."""

import json

import numpy as np
import pytest
import spacy

import newsmine.nlp  # noqa: F401 - registers the newsmine_* factories
from newsmine.models.topics.russian import (
    RUSSIAN_TAXONOMY,
    cyrillic_share,
    russian_evidence,
    russian_scores,
    score_russian_texts,
)
from newsmine.models.gazetteer.ru_lemma import lemmas
from newsmine.models.topics.taxonomy import load_taxonomy, parse_taxonomy

RAIL_RU = (
    "Грузооборот на железной дороге между Казахстаном и Китаем вырос на треть. По новому коридору "
    "через сухой порт пошли контейнерные поезда, а на пограничном переходе открыли второй терминал. "
    "Логистические компании увеличили число вагонов."
)
WATER_RU = (
    "Стороны обсудили вододеление на трансграничных реках. Из-за засухи уровень воды в водохранилище "
    "упал, и в низовьях не хватает воды для орошения."
)
WEATHER_RU = "Вечером в парке играли дети, а бабушки сидели на скамейках и говорили о погоде."
RAIL_EN = "Container trains crossed the border at the dry port, and freight volumes on the railway doubled."


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_every_label_has_russian_terms(taxonomy):
    data = json.loads(RUSSIAN_TAXONOMY.read_text(encoding="utf-8"))
    assert set(data["labels"]) == set(taxonomy.names)
    assert all(entry["seed_terms"] for entry in data["labels"].values())


def test_case_forms_share_a_lemma():
    assert lemmas("железной дороги") == lemmas("железная дорога") == lemmas("железными дорогами")


@pytest.mark.parametrize("text,label", [(RAIL_RU, "transport_logistics"), (WATER_RU, "water_rivers")])
def test_russian_text_gets_its_topic(taxonomy, text, label):
    scores = dict(zip(taxonomy.names, russian_scores(text, taxonomy)))
    assert max(scores, key=scores.get) == label
    assert scores[label] >= 0.5
    assert sorted(scores.values())[-2] < 0.5  # and nothing else


def test_unrelated_russian_text_gets_no_topic(taxonomy):
    assert russian_scores(WEATHER_RU, taxonomy).max() < 0.5


def test_related_terms_count_less_than_seed_terms(taxonomy):
    transport = taxonomy.names.index("transport_logistics")
    seed = russian_evidence("Терминал.", taxonomy)[transport]
    related = russian_evidence("Станция.", taxonomy)[transport]
    assert 0 < related < seed


@pytest.mark.parametrize(
    "text,low,high",
    [(RAIL_EN, 0.0, 0.0), (RAIL_RU, 0.95, 1.0), (RAIL_EN * 3 + " " + WATER_RU, 0.3, 0.6), ("", 0.0, 0.0), ("123 —", 0.0, 0.0)],
)
def test_cyrillic_share(text, low, high):
    assert low <= cyrillic_share(text) <= high


def test_score_russian_texts_rescores_russian_and_mixed_rows_only(taxonomy):
    texts = [RAIL_EN, RAIL_RU, RAIL_EN * 3 + "\n\n" + WATER_RU]
    english = np.full((3, len(taxonomy.names)), 0.2, dtype=np.float32)
    rescored = score_russian_texts(texts, english, taxonomy)
    water = taxonomy.names.index("water_rivers")
    assert np.array_equal(rescored[0], english[0])  # English: untouched
    assert rescored[1].max() > 0.5 and rescored[1].min() < 0.2  # Russian: replaced
    assert rescored[2, water] >= 0.5 and rescored[2].min() >= 0.2  # mixed: the higher of the two


def test_labels_without_russian_terms_keep_their_english_scores():
    own = parse_taxonomy(
        {"labels": [{"label": "rail", "description": "Rail.", "seed_terms": ["railway"]}]}, where="own.json"
    )
    scores = np.array([[0.7]], dtype=np.float32)
    assert score_russian_texts([RAIL_RU], scores, own)[0, 0] == pytest.approx(0.7)


@pytest.mark.parametrize(
    "text",
    ["Қазақстан мен Қытай арасындағы теміржол жүк тасымалы өсті.", "ӘҒҚҢӨҰҮҺІ " * 50, "\u0301\u0301", "Ёж" * 3000],
)
def test_odd_text_is_scored_without_error(taxonomy, text):
    scores = score_russian_texts([text], np.zeros((1, len(taxonomy.names)), dtype=np.float32), taxonomy)
    assert scores.shape == (1, len(taxonomy.names))
    assert np.all((scores >= 0) & (scores <= 1))


@pytest.mark.model
def test_topics_component_labels_russian_text():
    language = spacy.blank("en")
    language.add_pipe("newsmine_topics", config={"use_trained": False})
    assert [topic.label for topic in language(RAIL_RU)._.topics] == ["transport_logistics"]
