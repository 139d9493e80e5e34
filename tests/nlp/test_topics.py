"""Topics stage: taxonomy loading, term and segment helpers, the component on written sentences."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy

import newsmine.nlp  # noqa: F401  (registers the newsmine factories)
from newsmine.corpus.schema import Quote, TopicScore
from newsmine.models.topics.taxonomy import load_taxonomy
from newsmine.models.topics.zeroshot import (
    FEATURE_NAMES,
    SEMANTIC_FEATURE,
    combine,
    lexical_evidence,
    split_segments,
    term_hits,
)
from newsmine.errors import InputError
from newsmine.models.embeddings.encoders import resolve_device
from newsmine.nlp.topics import assigned_topics

SCHEMA_LABELS = (
    "investment", "transport_logistics", "water_rivers", "energy", "mining_raw_materials", "trade",
    "industry_manufacturing", "agriculture_food", "technology_digital", "geopolitics_security",
    "environment_climate",
)
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_0ba59ea2cf4a0462.txt"
SEED_LABELS = ("investment", "transport_logistics", "water_rivers", "energy", "mining_raw_materials", "trade")

RAIL = (
    "The new railway line will carry freight containers from the dry port to the seaport. "
    "Cargo trains will cross the border in two days instead of five, and the logistics hub "
    "plans to handle a million tonnes of transit traffic."
)
RIVER = (
    "The two countries signed a deal on sharing the water of the river. Farmers downstream "
    "depend on irrigation canals, and the reservoir is at its lowest level after the drought."
)
CHIPS = (
    "The company opened a research centre for artificial intelligence and cybersecurity. "
    "Its engineers build software for the digital economy and test new semiconductor designs."
)
WEATHER = "It was a sunny afternoon and the children played in the park until dinner time."


@pytest.fixture(scope="session")
def topics_nlp():
    """A blank English pipeline with only the topics stage (zero-shot, never a trained model)."""
    language = spacy.blank("en")
    language.add_pipe("newsmine_topics", config={"use_trained": False})
    return language


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "taxonomy.json"
    path.write_text(content, encoding="utf-8")
    return path


def test_taxonomy_default_has_schema_labels():
    taxonomy = load_taxonomy()
    assert taxonomy.names == SCHEMA_LABELS
    assert all(topic.description and topic.seed_terms for topic in taxonomy.labels)


@pytest.mark.parametrize("names", [("alpha",), ("alpha", "beta_gamma")])
def test_taxonomy_user_file_loads(tmp_path, names):
    labels = [{"label": n, "description": f"about {n}", "seed_terms": [n]} for n in names]
    taxonomy = load_taxonomy(_write(tmp_path, json.dumps({"labels": labels})))
    assert taxonomy.names == names


@pytest.mark.parametrize(
    "content,reason",
    [
        ("{not json", "not valid JSON"),
        ("[]", '"labels" list'),
        ('{"labels": []}', "no labels"),
        ('{"labels": [{"label": "a", "seed_terms": ["x"]}]}', "lacks description"),
        ('{"labels": [{"label": "A b", "description": "d", "seed_terms": ["x"]}]}', "lower_snake_case"),
        ('{"labels": [{"label": "a", "description": "d", "seed_terms": []}]}', "seed_terms is empty"),
        ('{"labels": [{"label": "a", "description": "d", "seed_terms": [3]}]}', "non-empty strings"),
        (
            '{"neutral_terms": "x", "labels": [{"label": "a", "description": "d", "seed_terms": ["x"]}]}',
            "neutral_terms must be a list",
        ),
        (
            (
                '{"labels": [{"label": "a", "description": "d", "seed_terms": ["x"]},'
                ' {"label": "a", "description": "e", "seed_terms": ["y"]}]}'
            ),
            "duplicate labels: a",
        ),
    ],
)
def test_taxonomy_bad_file_names_file_and_reason(tmp_path, content, reason):
    path = _write(tmp_path, content)
    with pytest.raises(InputError) as caught:
        load_taxonomy(path)
    assert str(path.resolve()) in str(caught.value)
    assert reason in str(caught.value)


def test_taxonomy_missing_file_is_clear(tmp_path):
    with pytest.raises(InputError, match="taxonomy file not found"):
        load_taxonomy(tmp_path / "absent.json")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("One paragraph.\n\nAnother one.", ["One paragraph.", "Another one."]),
        ("  spaced   out\n text \n\n\n", ["spaced out text"]),
        ("", []),
    ],
)
def test_split_segments_paragraphs(text, expected):
    assert split_segments(text) == expected


def test_split_segments_cuts_long_paragraph_at_sentences():
    sentence = "The port handled more cargo than last year."
    segments = split_segments(" ".join([sentence] * 12), max_words=20)
    assert len(segments) == 6
    assert all(segment.endswith("year.") for segment in segments)


@pytest.mark.parametrize(
    "text,label",
    [(RAIL, "transport_logistics"), (RIVER, "water_rivers"), (CHIPS, "technology_digital")],
)
def test_lexical_evidence_favours_the_topic(text, label):
    taxonomy = load_taxonomy()
    evidence = lexical_evidence(text, taxonomy)
    assert taxonomy.names[int(np.argmax(evidence))] == label


@pytest.mark.parametrize(
    "text,label,hits",
    [
        ("Food security worries the farmers.", "geopolitics_security", 0.0),
        ("Food security worries the farmers.", "agriculture_food", 2.0),
        ("The power plant opened.", "industry_manufacturing", 0.0),
        ("Exports, exports and more exports, then exports again.", "trade", 3.0),
        ("Security forces guarded the summit.", "geopolitics_security", 2.0),
        ("The Belt and Road plan has a new roadmap.", "transport_logistics", 0.0),
        ("The road and the rail link were finished.", "transport_logistics", 2.0),
    ],
)
def test_term_hits_longest_term_wins_and_counts_cap(text, label, hits):
    taxonomy = load_taxonomy()
    assert term_hits(text, taxonomy)[taxonomy.names.index(label)] == pytest.approx(hits)


@pytest.mark.parametrize(
    "agenda,plain",
    [
        ("Energy and irrigation will be the key topics of the talks.", "Energy and irrigation were mentioned at the talks."),
        ("The agenda covers irrigation.", "The minister mentioned irrigation."),
    ],
)
def test_lexical_evidence_agenda_sentence_counts_extra(agenda, plain):
    taxonomy = load_taxonomy()
    water = taxonomy.names.index("water_rivers")
    assert lexical_evidence(agenda, taxonomy)[water] > lexical_evidence(plain, taxonomy)[water] > 0


def test_declared_topics_outweigh_priorities():
    taxonomy = load_taxonomy()
    water = taxonomy.names.index("water_rivers")
    declared = lexical_evidence("Irrigation will be a key topic of the talks.", taxonomy)[water]
    priority = lexical_evidence("Irrigation will be a priority of the talks.", taxonomy)[water]
    assert declared > priority > lexical_evidence("Irrigation was mentioned at the talks.", taxonomy)[water]


def test_combine_uses_each_encoders_calibration():
    features = np.zeros((1, 1, len(FEATURE_NAMES)), dtype=np.float32)
    features[..., SEMANTIC_FEATURE] = 0.1
    assert combine(features, "static") != pytest.approx(combine(features, "minilm"))
    with pytest.raises(ValueError, match="unknown encoder 'bert'"):
        combine(features, "bert")


def test_lexical_evidence_zero_without_terms():
    assert not lexical_evidence(WEATHER, load_taxonomy()).any()


@pytest.mark.parametrize(
    "scores,threshold,expected",
    [
        ({"a": 0.2, "b": 0.9, "c": 0.6}, 0.5, ["b", "c"]),
        ({"a": 0.2, "b": 0.9, "c": 0.6}, 0.95, []),
        ({"a": 0.5, "b": 0.5}, 0.5, ["a", "b"]),
        ({"a": 0.2}, 0.0, ["a"]),
    ],
)
def test_assigned_topics_threshold(scores, threshold, expected):
    chosen = assigned_topics(scores, threshold=threshold)
    assert [topic.label for topic in chosen] == expected
    assert all(isinstance(topic, TopicScore) for topic in chosen)


@pytest.mark.model
@pytest.mark.parametrize(
    "text,expected,unexpected",
    [
        (RAIL, "transport_logistics", "agriculture_food"),
        (RIVER, "water_rivers", "technology_digital"),
        (CHIPS, "technology_digital", "water_rivers"),
    ],
)
def test_topics_component_labels_written_sentences(topics_nlp, text, expected, unexpected):
    doc = topics_nlp(text)
    labels = [topic.label for topic in doc._.topics]
    assert expected in labels
    assert unexpected not in labels
    assert labels[0] == expected


@pytest.mark.model
def test_topics_component_scores_every_label(topics_nlp):
    doc = topics_nlp(RAIL)
    assert tuple(doc._.topic_scores) == SCHEMA_LABELS
    assert all(0.0 <= score <= 1.0 for score in doc._.topic_scores.values())
    scores = [topic.score for topic in doc._.topics]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.model
@pytest.mark.parametrize("text", [WEATHER, "", "   \n\n  "])
def test_topics_component_no_topic_for_unrelated_or_empty_text(topics_nlp, text):
    doc = topics_nlp(text)
    assert doc._.topics == []
    assert tuple(doc._.topic_scores) == SCHEMA_LABELS


@pytest.mark.parametrize("device,expected", [("cpu", "cpu"), ("cuda", "cuda")])
def test_resolve_device_explicit(device, expected):
    assert resolve_device(device) == expected


def test_resolve_device_auto_is_available_one():
    assert resolve_device("auto") in {"cpu", "cuda"}


@pytest.mark.parametrize("device", ["gpu", "", "CPU"])
def test_resolve_device_rejects_unknown(device):
    with pytest.raises(ValueError, match="unknown device"):
        resolve_device(device)


@pytest.mark.model
@pytest.mark.parametrize("threshold,count", [(0.0, len(SCHEMA_LABELS)), (1.01, 0)])
def test_topics_component_threshold_config(threshold, count):
    language = spacy.blank("en")
    language.add_pipe("newsmine_topics", config={"threshold": threshold, "use_trained": False})
    assert len(language(RAIL)._.topics) == count


@pytest.mark.model
def test_topics_component_labels_quotes(topics_nlp):
    text = f"{RAIL} {CHIPS}"
    doc = topics_nlp.make_doc(text)
    quotes = [
        Quote(text=RAIL, start=0, end=len(RAIL), kind="direct"),
        Quote(text=CHIPS, start=len(RAIL) + 1, end=len(text), kind="indirect"),
    ]
    doc._.quotes = quotes
    doc = topics_nlp.get_pipe("newsmine_topics")(doc)
    assert "transport_logistics" in quotes[0].topics and "technology_digital" not in quotes[0].topics
    assert "technology_digital" in quotes[1].topics and "transport_logistics" not in quotes[1].topics


@pytest.mark.model
def test_topics_component_user_taxonomy(tmp_path):
    labels = [
        {"label": "space", "description": "Space flight: rockets, satellites and orbit.", "seed_terms": ["rocket", "orbit"]},
        {"label": "cooking", "description": "Cooking: recipes, kitchens and chefs.", "seed_terms": ["recipe", "chef"]},
    ]
    path = _write(tmp_path, json.dumps({"labels": labels}))
    language = spacy.blank("en")
    language.add_pipe("newsmine_topics", config={"taxonomy": str(path), "use_trained": False})
    doc = language("The chef shared her favourite soup recipe with the kitchen staff.")
    assert set(doc._.topic_scores) == {"space", "cooking"}
    assert [topic.label for topic in doc._.topics] == ["cooking"]


@pytest.mark.model
def test_topics_component_seed_article(topics_nlp):
    if not SEED.exists():
        pytest.skip(f"{SEED} not present")
    labels = {topic.label for topic in topics_nlp(SEED.read_text(encoding="utf-8"))._.topics}
    assert set(SEED_LABELS) <= labels
