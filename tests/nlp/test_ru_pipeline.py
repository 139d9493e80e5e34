"""The Russian pipeline: razdel tokens with exact offsets, Slovnet annotations the spaCy way, entities."""

import pytest

from newsmine.nlp.ru.morphology import to_nominative
from newsmine.nlp.ru.pipeline import build_russian_pipeline

BASE = ("newsmine_ru_natasha", "newsmine_ru_entities", "newsmine_ru_quotes")


@pytest.fixture(scope="module")
def russian():
    return build_russian_pipeline(components=BASE)


@pytest.mark.parametrize(
    "text",
    [
        "Заголовок без точки\n\nПервый абзац.  Второе предложение.\n\n\n  Третий абзац ",
        "  ведущие пробелы и\tтабуляция\r\n",
        "",
        "—",
        "x" * 3000,
        "Қазақстан мен Қытай әңгімелесті. Ұлттық қор өсті.",
    ],
)
def test_doc_text_is_exactly_the_input(russian, text):
    doc = russian(text)
    assert doc.text == text


def test_tokens_carry_pos_morph_dependencies_and_lemmas(russian):
    doc = russian("Министр энергетики Казахстана заявила, что поставки газа в Китай вырастут.")
    verb = next(token for token in doc if token.text == "заявила")
    assert verb.pos_ == "VERB"
    assert verb.lemma_ == "заявить"
    assert "Fem" in verb.morph.get("Gender")
    subject = next(child for child in verb.children if child.dep_ == "nsubj")
    assert subject.text == "Министр"
    assert len(list(doc.sents)) == 1
    roots = [token for token in doc if token.dep_ == "ROOT"]
    assert len(roots) == 1 and roots[0].head == roots[0]


def test_paragraphs_start_new_sentences(russian):
    doc = russian("Китай и Казахстан договорились\n\nСтороны подписали меморандум.")
    assert [sentence.text.strip() for sentence in doc.sents] == ["Китай и Казахстан договорились", "Стороны подписали меморандум."]


def test_entities_are_typed_named_in_the_nominative_and_merged(russian):
    doc = russian(
        "Премьер-министр Казахстана Олжас Бектенов встретился с Ли Цяном в Астане. "
        "Стороны обсудили судоходство по реке Иртыш и расширение порта Актау. "
        "Позже Бектенову показали терминал компании «Казахстан темир жолы» в Центральной Азии."
    )
    entities = {entity.name: entity.type for entity in doc._.entities}
    assert entities.get("Олжас Бектенов") == "PERSON"
    assert entities.get("Казахстан") == "GPE"
    assert entities.get("Астана") == "GPE"
    assert entities.get("Иртыш") == "LOC"
    assert entities.get("Центральная Азия") == "LOC"
    assert any(entity_type == "FAC" and "Актау" in name for name, entity_type in entities.items())
    bektenov = next(entity for entity in doc._.entities if entity.name == "Олжас Бектенов")
    assert all(doc.text[m.start : m.end] == m.text for m in bektenov.mentions)


@pytest.mark.parametrize(
    ("words", "cases", "gender", "expected"),
    [
        (["Джадиеры", "Асеткуз"], ["Gen", "Gen"], None, ["Джадиера", "Асеткуз"]),
        (["Асеткуз"], ["Gen"], "femn", ["Асеткуз"]),
        (["Касым-Жомарта", "Токаева"], ["Gen", "Gen"], None, ["Касым-Жомарт", "Токаев"]),
        (["Сергея", "Козлова"], ["Gen", "Gen"], None, ["Сергей", "Козлов"]),
        (["Анны", "Смирновой"], ["Gen", "Gen"], None, ["Анна", "Смирнова"]),
        (["Марина", "Иванова"], ["Nom", "Nom"], None, ["Марина", "Иванова"]),
        (["Алихану", "Смаилову"], ["Dat", "Dat"], None, ["Алихан", "Смаилов"]),
        (["Уларбека", "Шаршеева"], ["Gen", "Gen"], "masc", ["Уларбек", "Шаршеев"]),
        (["Айгерим", "Нурлановой"], ["Ins", "Ins"], "femn", ["Айгерим", "Нурланова"]),
        (["Си", "Цзиньпином"], ["Ins", "Ins"], None, ["Си", "Цзиньпин"]),
    ],
)
def test_names_are_put_into_the_nominative(words, cases, gender, expected):
    assert to_nominative(words, cases, gender=gender) == expected
