"""The Russian case-ending stemmer the evaluation compares Cyrillic names with."""

import pytest

from newsmine.models.gazetteer.ru_stem import cut_case_ending


@pytest.mark.parametrize(
    "word,stem",
    [
        ("казахстаном", "казахстан"),
        ("токаева", "токаев"),
        ("токаевой", "токаев"),  # the longer ending wins over "й"
        ("железными", "железн"),
        ("актау", "акта"),
        ("иртыш", "иртыш"),  # no ending
        ("порт", "порт"),  # too short to cut
        ("ями", "ями"),
        ("tokayeva", "tokayeva"),  # Latin words are left alone
        ("қазақстанға", "қазақстанғ"),  # Kazakh words count as Cyrillic when they hold a Russian letter
    ],
)
def test_cut_case_ending(word, stem):
    assert cut_case_ending(word) == stem


def test_cut_case_ending_keeps_three_letters():
    assert cut_case_ending("абвями") == "абв"
    assert cut_case_ending("абями") == "абям"  # "ями" would leave two letters, "и" is cut instead
