"""The newsmine_paragraphs component: a line break always ends a sentence, before the parser runs."""

from __future__ import annotations

import pytest

from newsmine.nlp.pipeline import PARAGRAPHS, build_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parsed():
    return build_pipeline(components=())


def test_a_headline_is_its_own_sentence(parsed) -> None:
    doc = parsed("Rail Freight Rises, Plans New Terminal\n\nTASHKENT – Volumes grew by a fifth, the railway said.")
    first = next(iter(doc.sents))
    assert first.text.strip() == "Rail Freight Rises, Plans New Terminal"


def test_every_line_starts_a_sentence(parsed) -> None:
    doc = parsed("Prices rose in May and\nthe bank kept its rate.\n  \n  Traders were surprised")
    starts = [sent[0].text for sent in doc.sents if not sent[0].is_space]
    assert starts == ["Prices", "the", "Traders"]


def test_the_component_runs_before_the_parser(parsed) -> None:
    names = parsed.pipe_names
    assert names.index(PARAGRAPHS) < names.index("parser")


def test_one_word_and_empty_texts_pass(parsed) -> None:
    assert [token.text for token in parsed("Hello")] == ["Hello"]
    assert len(parsed("")) == 0
