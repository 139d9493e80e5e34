"""The invariants every extracted quote obeys (nlp/quotes/invariants.py), on the real pipeline.

No quote inside another; no quote across a paragraph break unless the marks continue it; the
speaker is a name written in the text, outside a direct quote's words, and never the
listener; a speaker from an earlier paragraph only through a linking pronoun or description.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsmine.nlp.pipeline import build_pipeline
from newsmine.nlp.quotes.invariants import without_nested
from newsmine.nlp.quotes.records import QuoteMatch
from quote_patterns import ROWS  # tests/nlp is on sys.path (rootdir-relative test modules)

pytestmark = pytest.mark.model

ARTICLE = (
    "Senator Jane Smith said the plan was \"very, very troubling\" for the region and should be withdrawn.\n\n"
    "''Nobody rebuilds a rail network in a year,'' said Omar Tessler, a freight analyst.\n\n"
    "The governor, 64, told Channel 5's Lena Ortiz that the bridge would reopen in May.\n\n"
    "“Ask Ahmed Yilmaz what he thinks of the plan,” said Daniel Cho, a city councillor.\n\n"
    "Officials said the tunnel, which opened in 2019, had \"never been fully safe\" for heavy trucks.\n\n"
    "The port handled a record volume of containers last year.\n\n"
    "“Ahmed Yilmaz will never agree to pay for a project like this one, believe me.”\n\n"
    "Maria Lopez told Peter Grant that the figures were wrong.\n\n"
    "Export volumes rose sharply in the autumn\n\nand the ministry said the trend would continue."
)


@pytest.fixture(scope="module")
def article_quotes():
    language: Language = build_pipeline(components=("newsmine_entities", "newsmine_quotes"))
    return language(ARTICLE)._.quotes


def _paragraph_of(offset: int) -> int:
    return ARTICLE.count("\n\n", 0, offset)


def test_no_quote_lies_inside_another(article_quotes) -> None:
    spans = [(quote.start, quote.end) for quote in article_quotes]
    for start, end in spans:
        assert not any(other != (start, end) and other[0] <= start and end <= other[1] for other in spans)
    assert not any(quote.text == "very, very troubling" for quote in article_quotes)


def test_no_quote_crosses_a_paragraph_break(article_quotes) -> None:
    for quote in article_quotes:
        assert "\n" not in quote.text, quote


def test_every_speaker_is_written_in_the_text(article_quotes) -> None:
    assert all(quote.speaker is None or quote.speaker in ARTICLE for quote in article_quotes)


def test_the_listener_never_speaks(article_quotes) -> None:
    speakers = {quote.text: quote.speaker for quote in article_quotes}
    assert speakers["the bridge would reopen in May"] is None
    assert speakers["the figures were wrong"] == "Maria Lopez"
    assert "Lena Ortiz" not in speakers.values() and "Peter Grant" not in speakers.values()


def test_a_name_inside_the_quoted_words_never_speaks(article_quotes) -> None:
    speakers = {quote.text: quote.speaker for quote in article_quotes}
    assert speakers["Ask Ahmed Yilmaz what he thinks of the plan"] == "Daniel Cho"
    lone = next(quote for quote in article_quotes if quote.text.startswith("Ahmed Yilmaz will never"))
    assert lone.speaker is None


def test_no_speaker_jumps_paragraphs_without_a_link(article_quotes) -> None:
    """The lone quote two paragraphs after Daniel Cho's has nothing that links it to him."""
    lone = next(quote for quote in article_quotes if quote.text.startswith("Ahmed Yilmaz will never"))
    assert _paragraph_of(lone.start) - _paragraph_of(ARTICLE.index("Daniel Cho")) > 1
    assert lone.speaker != "Daniel Cho"


def test_a_reported_clause_stays_in_its_cues_paragraph(article_quotes) -> None:
    trend = next(quote for quote in article_quotes if "trend would continue" in quote.text)
    assert trend.text == "the trend would continue"


def test_the_pattern_table_speakers_are_mentions() -> None:
    """The expected answers obey the invariants too: every expected speaker is in its sentence."""
    for _style, text, expected in ROWS:
        for quote in expected:
            assert quote[2] is None or quote[2] in text, (text, quote)


def test_without_nested_keeps_the_outer_quote() -> None:
    text = 'He said the plan was "very troubling" indeed.'
    outer = QuoteMatch(8, 44, "indirect")
    inner = QuoteMatch(22, 37, "direct")
    assert without_nested(text, [inner, outer]) == [outer]
    assert without_nested(text, [QuoteMatch(0, 5, "direct"), QuoteMatch(6, 10, "direct")]) == [
        QuoteMatch(0, 5, "direct"), QuoteMatch(6, 10, "direct")]
