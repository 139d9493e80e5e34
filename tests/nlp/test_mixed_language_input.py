"""Bad language input through the whole analysis: mixed scripts, Kazakh letters, a switch of
language mid-way. Each gets a sound result (offsets that point at their text, known topic
labels, a stored and searchable document) and no exception, whichever pipeline handles it."""

from __future__ import annotations

import pytest

from newsmine.corpus.schema import Document
from newsmine.corpus.search import search_documents
from newsmine.corpus.store import CorpusStore
from newsmine.models.topics.taxonomy import load_taxonomy
from newsmine.nlp.pipeline import analyze

SWITCH = (
    "Officials in Almaty said on Monday that the new canal would ease shortages on the Ili River. "
    '"We expect the reservoir to fill by spring," said Aidana Kemel, a water engineer at the Steppe '
    "Water Council.\n\n"
    "Стороны также обсудили вододеление на трансграничных реках. «Уровень воды в водохранилище упал "
    "из-за засухи», — отметила Айдана Кемел. По словам инженера, фермерам в низовьях не хватает воды "
    "для орошения."
)
KAZAKH = (
    "Қазақстан мен Қытай арасындағы теміржол жүк тасымалы өсті. «Біз жаңа терминал ашамыз», — деді "
    "Ерлан Сәрсенұлы. Үкімет Ақтау портына инвестиция салуды жоспарлап отыр. Һәм Іле өзені туралы."
)
MIXED_SCRIPT = (
    "Компания KazTransit Logistics открыла терминал в Khorgos Gateway. CEO компании Ainur Bekova "
    "заявила, что «rail freight вырастет на 20%». Tokayev и Си Цзиньпин обсудили Middle Corridor."
)
ODD = "Ә" * 300 + " " + "\u200b\u0301 " * 50 + "Ёж—ёж «» „“ — 123"


@pytest.mark.model
def test_awkward_documents_get_a_sound_result(pipeline, tmp_path):
    documents = [Document(id=name, text=text) for name, text in
                 (("switch", SWITCH), ("kazakh", KAZAKH), ("mixed", MIXED_SCRIPT), ("odd", ODD))]
    failures: list[tuple[Document, Exception]] = []
    analysed = {doc.id: doc for doc in analyze(documents, language=pipeline, on_error=lambda d, e: failures.append((d, e)))}
    assert failures == []
    assert set(analysed) == {"switch", "kazakh", "mixed", "odd"}
    labels = set(load_taxonomy().names)
    for document in analysed.values():
        for entity in document.entities:
            assert all(document.text[m.start : m.end] == m.text for m in entity.mentions)
        for quote in document.quotes:
            assert 0 <= quote.start <= quote.end <= len(document.text)
        assert {topic.label for topic in document.topics} <= labels
    assert "water_rivers" in {topic.label for topic in analysed["switch"].topics}  # both halves are about water
    with CorpusStore(tmp_path / "c.db") as store:
        assert store.add_documents(analysed.values()) == 4
        assert [hit.document_id for hit in search_documents(store, "водохранилище")] == ["switch"]
        assert [hit.document_id for hit in search_documents(store, "Қазақстан")] == ["kazakh"]
