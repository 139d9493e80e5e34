"""The Russian pipeline: razdel tokens with exact offsets, Slovnet annotations the spaCy way, entities."""

import pytest

from newsmine.nlp.ru.morphology import to_nominative
from newsmine.nlp.ru.pipeline import build_russian_pipeline
from newsmine.nlp.ru.syntax import as_tree

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


def test_entities_are_typed_merged_and_named(russian):
    """People in the nominative; other names by a nominative mention, else as written."""
    doc = russian(
        "Премьер-министр Казахстана Олжас Бектенов встретился с Ли Цяном в Астане. "
        "Стороны обсудили судоходство по реке Иртыш и расширение порта Актау. "
        "Позже Бектенову показали терминал в Центральной Азии. Казахстан намерен нарастить транзит."
    )
    entities = {entity.name: entity.type for entity in doc._.entities}
    assert entities.get("Олжас Бектенов") == "PERSON"
    assert entities.get("Ли Цян") == "PERSON"
    assert entities.get("Казахстан") == "GPE"
    assert "Казахстана" not in entities
    assert entities.get("Астана") == "GPE"  # a known place in the nominative
    assert entities.get("Иртыш") == "LOC"
    assert entities.get("Центральной Азии") == "LOC"
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
        (["Ерлану", "Сейтову"], ["Dat", "Dat"], None, ["Ерлан", "Сейтов"]),
        (["Бахытбека", "Жумабаева"], ["Gen", "Gen"], "masc", ["Бахытбек", "Жумабаев"]),
        (["Айгерим", "Нурлановой"], ["Ins", "Ins"], "femn", ["Айгерим", "Нурланова"]),
        (["Си", "Цзиньпином"], ["Ins", "Ins"], None, ["Си", "Цзиньпин"]),
        # unknown surnames a tagger misreads as genitive stay as written, not "Касены"-style plurals
        (["Нурлан", "Жаксыбеков"], ["Nom", "Gen"], None, ["Нурлан", "Жаксыбеков"]),
        (["Тимур", "Абенов"], ["Nom", "Gen"], None, ["Тимур", "Абенов"]),
        (["Ерлан", "Сапарин"], ["Nom", "Acc"], None, ["Ерлан", "Сапарин"]),
    ],
)
def test_names_are_put_into_the_nominative(words, cases, gender, expected):
    assert to_nominative(words, cases, gender=gender) == expected


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        ([-1, 0, 1], [0, 0, 1]),  # already a tree: the root becomes its own head
        ([1, 0, 1], [0, 0, 1]),  # no root and a cycle: the first word becomes the root
        ([-1, -1, 1], [0, 0, 1]),  # two roots: the second hangs off the first
        ([2, 0, 1, -1], [3, 0, 1, 3]),  # a cycle apart from the root is cut where the walk closes it
        ([], []),
    ],
)
def test_slovnet_heads_become_one_tree(heads, expected):
    assert as_tree(heads) == expected


def test_dateline_city_and_coordinated_rivers_are_typed_as_places(russian):
    doc = russian(
        "Заголовок новости\n\nДУШАНБЕ, 3 мая. Власти обсудили состояние рек Вахш и Пянджа.\n\n"
        "Уровень воды в реке Зеравшан снизился."
    )
    entities = {entity.name: entity.type for entity in doc._.entities}
    assert entities.get("ДУШАНБЕ") == "GPE"
    assert entities.get("Зеравшан") == "LOC"
    assert any(name.startswith("Пяндж") and entity_type == "LOC" for name, entity_type in entities.items())


def test_organisation_names_keep_only_balanced_quote_marks(russian):
    doc = russian("Компания «Казатомпром» и агентство НИАТ «Ховар» подписали соглашение.")
    names = {entity.name for entity in doc._.entities}
    assert "Казатомпром" in names
    assert all(name.count("«") == name.count("»") for name in names)


# (text, names the entities must have, names they must not have)
PLACE_NAME_CASES = [
    ("Делегация прибыла в Бишкек из Ташкента.", {"Бишкек", "Ташкент"}, {"Ташкента"}),
    ("Уровень воды в Иртыше у Семея снизился, сообщили в Алтае.", {"Иртыш", "Алтай"}, {"Иртыше", "Алтае"}),
    ("Туристы отдыхают на Иссык-Куле.", {"Иссык-Куле"}, {"Иссык-куль"}),
    ("Евразийский банк развития выдал кредит Таджикистану.", {"Евразийский банк развития", "Таджикистан"}, set()),
]


@pytest.mark.parametrize(("text", "present", "absent"), PLACE_NAME_CASES)
def test_known_places_are_named_in_the_nominative(russian, text, present, absent):
    """One-word places the dictionary knows take their nominative; hyphenated places and
    multiword organisations stay as written."""
    names = {entity.name for entity in russian(text)._.entities}
    assert present <= names
    assert not absent & names
