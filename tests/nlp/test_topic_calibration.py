"""Per-label calibration and the evidence each label needs: trade words, crops, base metals."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsmine.errors import InputError
from newsmine.models.topics.taxonomy import load_taxonomy
from newsmine.models.topics.zeroshot import FEATURE_NAMES, combine, lexical_evidence


def label_evidence(text: str) -> dict[str, float]:
    taxonomy = load_taxonomy()
    return dict(zip(taxonomy.names, lexical_evidence(text, taxonomy)))


def write_taxonomy(tmp_path, offsets) -> str:
    label = {"label": "a", "description": "d", "seed_terms": ["x"], "offsets": offsets}
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps({"labels": [label, {"label": "b", "description": "e", "seed_terms": ["y"]}]}))
    return str(path)


def test_offsets_shift_only_their_label_and_encoder(tmp_path):
    taxonomy = load_taxonomy(write_taxonomy(tmp_path, {"static": 2.0}))
    features = np.zeros((1, 2, len(FEATURE_NAMES)), dtype=np.float32)
    plain = combine(features, "static")
    shifted = combine(features, "static", taxonomy)
    assert shifted[0, 0] > plain[0, 0]
    assert shifted[0, 1] == pytest.approx(plain[0, 1])
    assert combine(features, "minilm", taxonomy) == pytest.approx(combine(features, "minilm"))


@pytest.mark.parametrize("offsets", [{"static": "high"}, [1.0], {"static": True}])
def test_bad_offsets_name_the_label(tmp_path, offsets):
    with pytest.raises(InputError, match="label 'a': offsets"):
        load_taxonomy(write_taxonomy(tmp_path, offsets))


def test_packaged_offsets_lower_technology_for_the_static_encoder():
    topics = {topic.label: topic for topic in load_taxonomy().labels}
    assert topics["technology_digital"].offset("static") < 0 < topics["investment"].offset("static")
    assert topics["trade"].offset("static") == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Shares of the Eastern Trade Bank rose 3 percent after its quarterly results beat forecasts.",
        "Dealers said the dollar firmed as the central bank drained reserves from the money market.",
    ],
)
def test_finance_words_and_company_names_are_not_trade_evidence(text):
    one_export = label_evidence("Exports rose.")["trade"]
    assert label_evidence(text)["trade"] < one_export / 2


def test_goods_crossing_borders_are_trade_evidence():
    evidence = label_evidence("Exports of wheat rose while imports fell after the new tariffs and customs rules.")
    assert evidence["trade"] > 3.0


@pytest.mark.parametrize(
    "text,label",
    [
        ("The country bought 60,000 tonnes of rapeseed and soybeans this month.", "agriculture_food"),
        ("The smelter produces lead and zinc concentrate for export.", "mining_raw_materials"),
        ("Tankers carrying crude waited for days before crossing the strait.", "transport_logistics"),
    ],
)
def test_commodity_and_shipping_words_count_for_their_label(text, label):
    assert label_evidence(text)[label] > 0.0


def test_lead_the_verb_is_not_a_metal():
    assert label_evidence("She will lead the delegation to the talks next week.")["mining_raw_materials"] == 0.0
