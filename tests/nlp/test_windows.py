"""Paragraph windows: cut where a reader would, cover the text exactly, join results back."""

import pytest

from newsmine.corpus.schema import Entity, Mention, Quote
from newsmine.nlp.windows import merge_entities, merge_quotes, merge_topic_scores, split_windows

PARAGRAPH = "The port handled more containers this year. Rail traffic rose as well."


@pytest.mark.parametrize(
    "text,size",
    [
        ("\n\n".join([PARAGRAPH] * 40), 300),                  # paragraph breaks
        ("\n".join([PARAGRAPH] * 40), 300),                    # line breaks only
        (" ".join([PARAGRAPH] * 40), 300),                     # one long paragraph: sentence ends
        ("x" * 1000, 300),                                     # no break at all: hard cuts
        ("short", 300),
        ("", 300),
    ],
)
def test_windows_cover_the_text_exactly_and_stay_within_size(text, size):
    windows = split_windows(text, size)
    assert "".join(piece for _, piece in windows) == text
    assert all(text[start : start + len(piece)] == piece for start, piece in windows)
    assert all(len(piece) <= size for _, piece in windows)


def test_windows_end_at_paragraph_breaks_when_there_are_some():
    text = "\n\n".join([PARAGRAPH] * 40)
    for _, piece in split_windows(text, 300)[:-1]:
        assert piece.endswith("\n\n")


def test_merged_results_carry_document_offsets():
    entities = merge_entities([
        (0, [Entity("Astana", "GPE", [Mention(4, 10, "Astana")])]),
        (100, [Entity("Astana", "GPE", [Mention(2, 8, "Astana")]), Entity("Kell", "PERSON", [Mention(20, 24, "Kell")])]),
    ])
    assert [(e.name, [(m.start, m.end) for m in e.mentions]) for e in entities] == [
        ("Astana", [(4, 10), (102, 108)]), ("Kell", [(120, 124)])
    ]
    quotes = list(merge_quotes([(0, [Quote("a", 1, 2, "direct")]), (50, [Quote("b", 3, 9, "indirect")])]))
    assert [(q.start, q.end) for q in quotes] == [(1, 2), (53, 59)]


def test_topic_scores_are_weighted_by_window_length():
    scores = merge_topic_scores([(300, {"trade": 1.0}), (100, {"trade": 0.0, "energy": 1.0})])
    assert scores == {"trade": 0.75, "energy": 0.25}
