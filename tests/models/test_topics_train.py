"""Topic model training (reproducible with a seed, saved and loaded back) and topic discovery."""

from __future__ import annotations

import json

import numpy as np
import pytest

from models.topics.train import (
    label_matrix,
    load_model,
    read_examples,
    train,
    train_and_save,
)
from newsmine.errors import InputError

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


def test_load_model_missing_file(tmp_path):
    with pytest.raises(InputError, match="trained topic model not found"):
        load_model(tmp_path / "model.joblib")
