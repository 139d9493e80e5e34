"""The pipeline's tokenizer guard: long unbroken runs are tokenised in pieces, text unchanged."""

import pytest
import spacy

from newsmine.nlp.pipeline import LONG_RUN_CHARS, LongRunTokenizer


@pytest.fixture(scope="module")
def tokenizers():
    blank = spacy.blank("en")
    return blank.tokenizer, LongRunTokenizer(blank.tokenizer)


@pytest.mark.parametrize(
    "text",
    [
        'Rail is key, she said. "Volumes doubled," he added.',
        "A link: https://example.invalid/" + "a" * 50 + " and more.",
        "",
    ],
)
def test_long_run_tokenizer_leaves_ordinary_text_to_spacy(tokenizers, text):
    plain, guarded = tokenizers
    assert [t.text for t in guarded(text)] == [t.text for t in plain(text)]


@pytest.mark.parametrize(
    "text",
    [
        "\u2018" * 20_000,
        "Before. " + '"' * (LONG_RUN_CHARS * 3 + 7) + " after the marks, she said.",
        "x" * (LONG_RUN_CHARS + 1) + "\n\n" + "y" * LONG_RUN_CHARS,
    ],
)
def test_long_run_tokenizer_keeps_text_and_offsets(tokenizers, text):
    _, guarded = tokenizers
    doc = guarded(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    assert max(len(t.text) for t in doc) <= LONG_RUN_CHARS  # the tokenizer never saw a longer run
