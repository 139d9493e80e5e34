"""Topic model training (reproducible with a seed, saved and loaded back) and topic discovery."""

from __future__ import annotations

import json

import numpy as np
import pytest
import spacy
from click.testing import CliRunner

import newsmine.models.topics.scorer as scorer_module
import newsmine.nlp  # noqa: F401  (registers the newsmine factories)
from newsmine.models.topics.discover import class_tfidf_terms, cluster, discover
from newsmine.models.topics.scorer import TrainedScorer, ZeroShotScorer, load_scorer
from newsmine.models.topics.train import (
    label_matrix,
    load_model,
    read_examples,
    save_model,
    train,
    train_and_save,
)
from newsmine.commands.topics import topics
from newsmine.errors import InputError
from newsmine.models.embeddings.encoders import embed

PORTS = [
    "The container port added two new cranes to load more cargo ships.",
    "Freight trains now reach the seaport terminal twice a day.",
    "Trucks wait for hours at the border crossing before customs lets them through.",
    "The railway company ordered new locomotives for its transit corridor.",
    "Shipping lines moved more containers through the harbour this year.",
    "A new highway links the logistics hub with the airport cargo terminal.",
]
FARMS = [
    "Farmers harvested a record wheat crop after the spring rains.",
    "The ministry gave grain growers cheap fertilizer before the sowing season.",
    "Cattle and sheep herders moved their livestock to summer pastures.",
    "The dairy cooperative collected more milk from village farms.",
    "Rice paddies need irrigation water during the hot summer months.",
    "Food prices fell as the fruit and vegetable harvest reached the markets.",
]
BOTH = [
    "Grain trains carried the wheat harvest from the farms to the export port.",
    "Refrigerated trucks bring vegetables from farms across the border crossing.",
    "Farmers load their livestock onto freight wagons bound for the coast.",
]
EXAMPLES = (
    [(text, ["transport"]) for text in PORTS]
    + [(text, ["farming"]) for text in FARMS]
    + [(text, ["farming", "transport"]) for text in BOTH]
)
NEW_PORT = "The port authority dredged the channel so larger cargo ships can dock."
NEW_FARM = "Villagers planted potatoes and barley on their small farms."


@pytest.fixture(scope="module")
def trained():
    return train(EXAMPLES, seed=7)


def test_label_matrix_sorted_labels():
    labels, matrix = label_matrix([("a", ["y", "x"]), ("b", ["x"])])
    assert labels == ("x", "y")
    assert matrix.tolist() == [[1, 1], [1, 0]]


@pytest.mark.model
@pytest.mark.parametrize("text,label", [(NEW_PORT, 1), (NEW_FARM, 0)])
def test_train_learns_labels(trained, text, label):
    probabilities = trained.predict_proba([text])[0]
    assert int(np.argmax(probabilities)) == label
    assert probabilities[label] > 0.5 > probabilities[1 - label]


@pytest.mark.model
def test_train_reproducible_with_seed(trained):
    again = train(EXAMPLES, seed=7)
    texts = [NEW_PORT, NEW_FARM]
    np.testing.assert_array_equal(trained.predict_proba(texts), again.predict_proba(texts))


@pytest.mark.parametrize(
    "examples,reason",
    [
        ([("only one", ["a"])], "at least 2 examples"),
        ([("one", []), ("two", [])], "no example carries a label"),
        ([("one", ["a"]), ("two", ["a", "b"])], "labels on every example cannot be learned: a"),
    ],
)
def test_train_rejects_unusable_examples(examples, reason):
    with pytest.raises(InputError, match=reason):
        train(examples, seed=1)


@pytest.mark.model
def test_train_and_save_round_trip(tmp_path):
    model = train_and_save(EXAMPLES, seed=3, output=tmp_path, data="synthetic")
    loaded = load_model(tmp_path / "model.joblib")
    assert loaded.labels == ("farming", "transport")
    np.testing.assert_allclose(loaded.predict_scores([NEW_PORT]), model.predict_scores([NEW_PORT]))
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert meta["seed"] == 3 and meta["examples"] == len(EXAMPLES)
    assert set(meta["metrics"]) == {"micro_f1", "macro_f1"}
    assert "scikit-learn" in (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line,reason",
    [("{oops", "not JSON"), ('{"topics": []}', '"text" string'), ('{"text": "t"}', '"topics" list')],
)
def test_read_examples_bad_line(tmp_path, line, reason):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"text": "fine", "topics": ["a"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"{path}:2: .*{reason}"):
        read_examples(path)


def test_read_examples_accepts_both_topic_shapes(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text(
        '{"text": "one", "topics": ["a"]}\n\n{"text": "two", "topics": [{"label": "b", "score": 1}]}\n',
        encoding="utf-8",
    )
    assert read_examples(path) == [("one", ["a"]), ("two", ["b"])]


@pytest.mark.model
def test_model_saved_before_encoders_were_a_choice_loads_as_minilm(tmp_path):
    model = train_and_save(EXAMPLES, seed=3, output=tmp_path, data="synthetic", encoder="static")
    features = model.pipeline.named_steps["features"]
    assert features.kw_args["encoder"] == "static"
    legacy = {key: value for key, value in features.kw_args.items() if key != "encoder"}
    features.set_params(kw_args=legacy)
    save_model(model, tmp_path)
    loaded = load_model(tmp_path / "model.joblib")
    assert loaded.pipeline.named_steps["features"].kw_args["encoder"] == "minilm"


def test_load_model_missing_file(tmp_path):
    with pytest.raises(InputError, match="trained topic model not found"):
        load_model(tmp_path / "model.joblib")


SPORT = [
    "The football club signed a new striker before the league season, and fans cheered in the stadium.",
    "Their striker scored twice as the club won the league match in front of a full stadium of fans.",
    "League officials fined the football club after fans threw flares onto the pitch during the match.",
]
MUSIC = [
    "The orchestra performed a new symphony at the concert hall, and the violin soloist got an ovation.",
    "Concert hall tickets sold out for the orchestra's symphony season with a famous violin soloist.",
    "The conductor led the orchestra through the symphony while the violins played the opening theme.",
]
RAILWAY = "The railway company ordered new locomotives to carry freight containers to the seaport terminal."


@pytest.mark.parametrize(
    "classes,expected_first",
    [
        (["apple apple pear", "plum plum pear", "pear"], ["apple", "plum", None]),
        (["rail freight rail", "farm grain farm"], ["rail", "farm"]),
    ],
)
def test_class_tfidf_terms_distinctive_first(classes, expected_first):
    named = class_tfidf_terms(classes, top=3)
    assert [terms[0] if terms else None for terms in named][: len(expected_first)] == [
        e if e is not None else named[2][0] for e in expected_first
    ]
    assert "pear" not in named[0][:1]


@pytest.mark.parametrize(
    "vectors,n_clusters,expected",
    [
        ([[1, 0], [0.99, 0.1], [0, 1], [0.1, 0.99]], None, 2),
        ([[1, 0], [0.99, 0.1], [0, 1], [0.1, 0.99]], 1, 1),
        ([[1, 0]], None, 1),
    ],
)
def test_cluster_groups_similar_vectors(vectors, n_clusters, expected):
    ids = cluster(np.asarray(vectors, dtype=float), distance=0.6, n_clusters=n_clusters)
    assert len(set(ids.tolist())) == expected
    if len(vectors) == 4 and expected == 2:
        assert ids[0] == ids[1] != ids[2] == ids[3]


def test_cluster_needs_a_distance_or_a_count():
    with pytest.raises(ValueError, match="a distance or a number of clusters"):
        cluster(np.eye(3))


@pytest.fixture(scope="module", params=["static", "minilm"])
def emerging(request):
    return discover([*SPORT, *MUSIC, RAILWAY], min_size=3, encoder=request.param)


@pytest.mark.model
def test_discover_finds_off_taxonomy_clusters(emerging):
    assert len(emerging) == 2
    names = {topic.terms[0] for topic in emerging}
    assert names & {"club", "football", "league", "striker", "fans"}
    assert names & {"orchestra", "symphony", "violin", "concert"}
    assert all(topic.size == 3 for topic in emerging)


@pytest.mark.model
def test_discover_leaves_taxonomy_topics_out(emerging):
    assert all(RAILWAY not in topic.examples for topic in emerging)
    assert all("locomotives" not in topic.terms for topic in emerging)


@pytest.mark.model
@pytest.mark.parametrize("min_size,expected", [(4, 0), (3, 2)])
def test_discover_min_size(min_size, expected):
    assert len(discover([*SPORT, *MUSIC], min_size=min_size)) == expected


@pytest.mark.model
def test_topics_cli_train_writes_model(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps({"text": t, "topics": l}) + "\n" for t, l in EXAMPLES), encoding="utf-8")
    result = CliRunner().invoke(topics, ["train", str(labels), "-o", str(tmp_path / "out"), "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "labels farming, transport" in result.output
    assert load_model(tmp_path / "out" / "model.joblib").meta["seed"] == 5


@pytest.mark.parametrize(
    "content,message",
    [("{bad\n", "labels.jsonl:1: not JSON"), ('{"text": "a", "topics": ["x"]}\n', "at least 2 examples")],
)
def test_topics_cli_train_bad_labels_one_line(tmp_path, content, message):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(topics, ["train", str(labels), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.model
def test_topics_cli_discover_json(tmp_path):
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate([*SPORT, *MUSIC])),
        encoding="utf-8",
    )
    result = CliRunner().invoke(topics, ["discover", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.output.splitlines()]
    assert sorted(topic["size"] for topic in found) == [3, 3]


@pytest.mark.parametrize("args", [["discover", "no/such/folder"], ["discover", "no/such/file.jsonl", "--json"]])
def test_topics_cli_discover_missing_path_one_line(args):
    result = CliRunner().invoke(topics, args)
    assert result.exit_code == 1
    assert args[1] in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trained")
    train_and_save(EXAMPLES, seed=11, output=folder, data="synthetic")
    return folder


@pytest.mark.model
def test_topics_component_uses_given_trained_model(saved_model):
    language = spacy.blank("en")
    language.add_pipe("newsmine_topics", config={"model": str(saved_model / "model.joblib")})
    doc = language(NEW_PORT)
    assert set(doc._.topic_scores) == {"farming", "transport"}
    assert [topic.label for topic in doc._.topics] == ["transport"]


@pytest.mark.model
@pytest.mark.parametrize("use_trained,kind", [(True, TrainedScorer), (False, ZeroShotScorer)])
def test_load_scorer_default_trained_folder_rule(saved_model, monkeypatch, use_trained, kind):
    monkeypatch.setattr(scorer_module, "DEFAULT_OUTPUT", saved_model)
    assert isinstance(load_scorer(use_trained=use_trained), kind)


@pytest.mark.model
def test_trained_scorer_offers_no_vectors_for_the_pipelines_quotes(saved_model):
    scores, vectors = load_scorer(model=saved_model / "model.joblib").score_and_embed([NEW_PORT])
    assert scores.shape == (1, 2) and vectors == [None]
    long_text = " ".join([NEW_PORT] * 5)  # more than one piece: its mean of pieces is not offered
    _scores, (short, empty, long) = load_scorer(use_trained=False).score_and_embed([NEW_PORT, "", long_text])
    np.testing.assert_allclose(short, embed([NEW_PORT])[0], rtol=1e-5)
    assert empty is None and long is None


def test_load_scorer_zero_shot_without_trained_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(scorer_module, "DEFAULT_OUTPUT", tmp_path / "absent")
    chosen = load_scorer(threshold=0.7)
    assert isinstance(chosen, ZeroShotScorer)
    assert chosen.threshold == 0.7
