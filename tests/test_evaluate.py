"""The project's fixed scoring definitions (newsmine evaluate), on hand-made gold and predictions."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsmine.corpus.schema import Document, Entity, Quote, TopicScore
from newsmine.evaluate import entity_key, evaluate, overlap_f1, same_entity, same_speaker, word_tokens

TEXT = '"Freight will double," said Dr. Lena Orvik of the Fictional Rail Board. Exports rose.'


@pytest.mark.parametrize(
    "predicted,gold,expected",
    [("freight will double", "Freight will double,", 1.0), ("freight", "freight will double", 0.5), ("", "x", 0.0)],
)
def test_overlap_f1_is_bag_of_tokens_f1(predicted, gold, expected):
    assert overlap_f1(word_tokens(predicted), word_tokens(gold)) == pytest.approx(expected)


@pytest.mark.parametrize(
    "gold,predicted,same",
    [
        ("Lena Orvik", "Orvik", True),
        ("Dr. Lena Orvik", "Lena Orvik", True),
        ("Lena Orvik", "Lena Orvik's", True),
        ("Lena Orvik", "Mira Talbek", False),
        (None, None, True),
        ("Lena Orvik", None, False),
    ],
)
def test_same_speaker_rules(gold, predicted, same):
    assert same_speaker(gold, predicted) is same


@pytest.mark.parametrize(
    "a,b,same",
    [("the Caspian Sea", "Caspian Sea", True), ("Aktau", "Aktau port", True), ("Ili", "Ili River", False)],
)
def test_same_entity_by_normalised_containment(a, b, same):
    assert same_entity(entity_key(a), entity_key(b)) is same


def gold_document() -> dict:
    return {
        "id": "g1",
        "text": TEXT,
        "quotes": [
            {"text": "Freight will double,", "kind": "direct", "speaker": "Lena Orvik",
             "speaker_role": None, "speaker_org": "Fictional Rail Board"},
        ],
        "entities": [{"name": "Lena Orvik", "type": "PERSON"}, {"name": "Fictional Rail Board", "type": "ORG"}],
        "topics": ["transport_logistics", "trade"],
    }


def prediction(speaker: str | None, org: str | None, kind: str = "direct") -> Document:
    return Document(
        id="g1",
        text=TEXT,
        quotes=[Quote("Freight will double", 1, 20, kind, speaker=speaker, speaker_org=org)],
        entities=[Entity("Orvik", "PERSON"), Entity("Fictional Rail Board", "GPE")],
        topics=[TopicScore("transport_logistics", 0.9)],
    )


def test_evaluate_counts_quotes_speakers_entities_and_topics():
    figures = evaluate([gold_document()], {"g1": prediction("Orvik", "Fictional Rail Board")}).to_dict()
    assert figures["quotes"]["overall"]["f1"] == 1.0
    assert figures["quotes"]["e2e"]["f1"] == 1.0
    assert figures["speaker_accuracy"] == 1.0
    assert figures["org_accuracy"] == 1.0
    assert figures["role_accuracy"] is None
    assert figures["entities"]["untyped"]["f1"] == 1.0
    assert figures["entities"]["typed"]["tp"] == 1
    assert figures["topics"]["per_label"]["trade"]["tp"] == 0
    assert figures["topics"]["micro_f1"] == round(2 / 3, 4)


def test_evaluate_wrong_speaker_and_kind_are_errors():
    evaluation = evaluate([gold_document()], {"g1": prediction("Mira Talbek", None, kind="indirect")})
    figures = evaluation.to_dict()
    assert figures["quotes"]["overall"]["tp"] == 1
    assert figures["quotes"]["direct"]["tp"] == 0
    assert figures["quotes"]["e2e"]["tp"] == 0
    assert figures["org_accuracy"] == 0.0
    assert {"wrong speaker", "missed topic"} <= {error["error"] for error in evaluation.errors}


def test_evaluate_missing_document_counts_as_empty():
    figures = evaluate([gold_document()], {}).to_dict()
    assert figures["quotes"]["overall"]["n_gold"] == 1
    assert figures["quotes"]["overall"]["n_pred"] == 0
    assert figures["quotes"]["overall"]["f1"] == 0.0


@pytest.mark.parametrize(
    "gold,predicted,same",
    [
        ("Джадиера Асеткуз", "Асеткуз", True),
        ("Касым-Жомарт Токаев", "Касым-Жомарта Токаева", True),  # genitive, as in "по словам ..."
        ("Тулегенова", "Тулегеновой", True),
        ("Токаев", "Жапаров", False),
    ],
)
def test_same_speaker_compares_cyrillic_words_by_stem(gold, predicted, same):
    assert same_speaker(gold, predicted) is same


@pytest.mark.parametrize(
    "a,b,same",
    [("Казахстан", "Казахстаном", True), ("порт Актау", "порту Актау", True), ("Иртыш", "Ишим", False)],
)
def test_same_entity_compares_cyrillic_words_by_stem(a, b, same):
    assert same_entity(entity_key(a), entity_key(b)) is same


REFERENCE_TOOLS = Path(__file__).resolve().parents[2] / "shared" / "tools"
RU_TEXT = (
    "«Экспорт зерна вырастет на треть», — заявил Ерлан Мусин. По словам Айгерим Тулегеновой, "
    "порт Актау не справится с потоком. Казахстан ждёт новых судов."
)


def _russian_case() -> tuple[list[dict], dict[str, Document]]:
    gold = [{
        "id": "r1", "text": RU_TEXT,
        "quotes": [
            {"text": "Экспорт зерна вырастет на треть", "kind": "direct", "speaker": "Ерлан Мусин"},
            {"text": "порт Актау не справится с потоком", "kind": "indirect", "speaker": "Айгерим Тулегенова"},
        ],
        "entities": [{"name": "Ерлан Мусин", "type": "PERSON"}, {"name": "Айгерим Тулегенова", "type": "PERSON"},
                     {"name": "порт Актау", "type": "FAC"}, {"name": "Казахстан", "type": "GPE"}],
        "topics": ["trade", "transport_logistics"],
    }]
    predicted = Document(
        id="r1", text=RU_TEXT,
        quotes=[Quote("Экспорт зерна вырастет на треть", 1, 32, "direct", speaker="Ерлана Мусина"),
                Quote("порт Актау не справится с потоком", 80, 113, "indirect", speaker="Тулегеновой")],
        entities=[Entity("Мусина", "PERSON"), Entity("Айгерим Тулегеновой", "PERSON"),
                  Entity("порту Актау", "FAC"), Entity("Казахстаном", "GPE")],
        topics=[TopicScore("trade", 0.9)],
    )
    return gold, {"r1": predicted}


def test_russian_case_forms_match_their_gold_names():
    figures = evaluate(*_russian_case()).to_dict()
    assert figures["speaker_accuracy"] == 1.0
    assert figures["quotes"]["e2e"]["f1"] == 1.0
    assert figures["entities"]["typed"]["f1"] == 1.0


def test_evaluate_agrees_with_the_reference_scorers_on_russian_names(tmp_path):
    if not REFERENCE_TOOLS.exists():
        pytest.skip(f"{REFERENCE_TOOLS} not present")
    gold, predicted = _russian_case()
    gold_path, system_path = tmp_path / "gold.jsonl", tmp_path / "system.jsonl"
    gold_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold), encoding="utf-8")
    system_path.write_text(json.dumps(predicted["r1"].to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")

    def reference(script: str) -> dict:
        command = [sys.executable, str(REFERENCE_TOOLS / script), str(gold_path), str(system_path)]
        return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)

    quotes, others = reference("score_quotes.py"), reference("score_entities_topics.py")
    ours = evaluate(gold, predicted).to_dict()
    assert ours["speaker_accuracy"] == quotes["speaker_accuracy"]
    assert ours["quotes"]["e2e"]["f1"] == quotes["e2e"]["f1"]
    assert ours["entities"]["typed"]["f1"] == others["entity_typed_f1"]
    assert ours["entities"]["untyped"]["f1"] == others["entity_untyped_f1"]
    assert ours["topics"]["micro_f1"] == others["topic_micro_f1"]
