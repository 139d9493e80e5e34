"""The attribution pattern suite: every row of quote_patterns.ROWS through the real pipeline.

A row passes when the quotes found are exactly the expected ones: same kind, same text
(punctuation and quote marks at the ends aside), same speaker, and the same role where the
row gives one. Rows the rules still get wrong are listed in KNOWN_MISSES with their error
class; they run as strict xfails, so a fix that makes one pass shows up at once.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsmine.nlp.pipeline import build_pipeline
from quote_patterns import ROWS  # tests/nlp is on sys.path (rootdir-relative test modules)

pytestmark = pytest.mark.model

END_PUNCTUATION = " .,;:!?\"'“”‘’«»`"

# text of the row -> the error class it still shows
KNOWN_MISSES: dict[str, str] = {
    "Locals call the road the “highway of death” because of its accidents.":
        "naming verb taken for speech: 'call X \"Y\"' names, it does not quote",
    "“People are scared,” said a nurse who asked not to be named. “We have no masks left.”":
        "short unattributed quote after an attributed one is dropped (under min_quote_words)",
    "The railway will connect the two countries by 2027, the minister said, Kazinform reports.":
        "wire relay after a parenthetical cue: the parse hangs the relay in the reported clause",
    "The president of the association Gulnara Ismailova underlined that exporters need cheaper loans.":
        "name apposed after an of-phrase: the role noun is taken for an unnamed speaker",
    "The chorus goes “all the rivers run to the sea.”":
        "song lyric long enough to pass as a quotation with no speech cue",
    "Governor Ilya Marin praised the speed of the reconstruction work.":
        "surname the NER types as a place ('Marin' GPE): the first name is lost",
    "Farmers complained that the new canal had dried up their wells.":
        "sentence-initial plural noun tagged as a proper noun and taken for a name",
}


@pytest.fixture(scope="module")
def attribution_nlp() -> Language:
    return build_pipeline(components=("newsmine_entities", "newsmine_quotes"))


def _normal(text: str | None) -> str | None:
    return None if text is None else text.strip(END_PUNCTUATION).lower()


def _found(language: Language, text: str) -> list[tuple]:
    return [(quote.kind, _normal(quote.text), quote.speaker, _normal(quote.speaker_role))
            for quote in language(text)._.quotes]


def _matches(found: tuple, expected: tuple) -> bool:
    kind, text, speaker = expected[:3]
    if (found[0], found[1], found[2]) != (kind, _normal(text), speaker):
        return False
    return len(expected) < 4 or found[3] == _normal(expected[3])


def _params():
    for style, text, expected in ROWS:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[text])] if text in KNOWN_MISSES else []
        yield pytest.param(text, expected, id=f"{style}: {text[:60]}", marks=marks)


@pytest.mark.parametrize("text,expected", list(_params()))
def test_attribution_pattern(attribution_nlp: Language, text: str, expected: list[tuple]) -> None:
    found = _found(attribution_nlp, text)
    unmatched = list(found)
    for quote in expected:
        hit = next((item for item in unmatched if _matches(item, quote)), None)
        assert hit is not None, f"expected {quote}, found {found}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected quotes {unmatched}"


def test_the_table_is_large_and_has_negatives() -> None:
    assert len(ROWS) >= 200
    assert sum(1 for _, _, expected in ROWS if not expected) >= 30
    assert {style for style, _, _ in ROWS} >= {"wire", "broadsheet", "interview", "headline", "russian-press"}
