"""Language identification per document, and routing: English and Russian analysed, others stored."""

import pytest

from newsmine.corpus.schema import Document
from newsmine.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kazakhstan and China signed an agreement on Tuesday to expand the dry port at Khorgos, officials said.", "en"),
        ("Казахстан и Китай во вторник подписали соглашение о расширении сухого порта Хоргос, сообщили в министерстве.", "ru"),
        ("Қазақстан мен Қытай сейсенбі күні Қорғас құрғақ портын кеңейту туралы келісімге қол қойды.", "kk"),
        ("Kasachstan und China haben am Dienstag ein Abkommen über den Ausbau des Trockenhafens unterzeichnet.", "de"),
    ],
)
def test_detects_the_language_of_news_sentences(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "OK", "12:45 | 03.05.2024", "«»—", "\x00\x01", "Tokayev met Xi"])
def test_too_short_or_letterless_text_gives_no_verdict(text):
    assert detect_language(text) is None


@pytest.mark.parametrize(("text", "expected"), [("Астана, 12 мая", "ru"), ("Қорғас, 12 мамыр", "kk"), ("Xi в Астане", "ru")])
def test_short_cyrillic_text_goes_by_its_script(text, expected):
    assert detect_language(text) == expected


def test_mixed_script_text_gets_one_language():
    text = "Министр заявил, что Kazakhstan Temir Zholy и China Railway Express увеличат число контейнерных поездов до 20 в неделю."
    assert detect_language(text) == "ru"


@pytest.mark.model
def test_analyze_routes_each_document_by_language(pipeline):
    from newsmine.nlp.pipeline import analyze

    documents = [
        Document("en", "Transport minister Aida Bekova said that freight through the Khorgos gateway rose by a fifth this year."),
        Document("ru", "Министр транспорта Айда Бекова заявила, что грузооборот через Хоргос в этом году вырос на пятую часть."),
        Document("kk", "Көлік министрі Айда Бекова биыл Қорғас арқылы жүк айналымы бестен бірге өскенін мәлімдеді."),
    ]
    analysed = {document.id: document for document in analyze(documents, language=pipeline)}
    assert [analysed[key].language for key in ("en", "ru", "kk")] == ["en", "ru", "kk"]
    assert analysed["en"].quotes and analysed["ru"].quotes
    assert analysed["ru"].quotes[0].speaker == "Айда Бекова"
    assert analysed["kk"].entities == [] and analysed["kk"].quotes == []
    assert list(analysed) == ["en", "ru", "kk"]  # text order kept within a batch
