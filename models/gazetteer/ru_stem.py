"""Russian case endings cut from a word, the way the project's evaluation compares names.

Russian names change with grammatical case ("Токаев", "Токаева", "Токаеву"), so the
evaluation (`newsmine evaluate`, and the reference scorers it must agree with) compares a
Cyrillic word by its stem: the longest ending of `CASE_ENDINGS` is cut, as long as three
letters remain, from words of five letters or more that hold a Russian letter. English
words and short words come back unchanged.

This is a deliberately crude stemmer: it has to give exactly the figures of the reference
definition, so a better lemmatiser (pymorphy3) would make the numbers disagree.
"""

from __future__ import annotations

import re

# Adjective, noun and name endings of the six cases, singular and plural.
CASE_ENDINGS = (
    "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией",
    "ой", "ей", "ий", "ый", "ом", "ем", "ам", "ям", "ах", "ях", "ую", "юю", "ая", "яя",
    "ое", "ее", "ые", "ие", "ых", "их", "ым", "им",
    "у", "ю", "а", "я", "е", "ы", "и", "о", "ь", "й",
)  # fmt: skip
MIN_STEM_LETTERS = 3
MIN_WORD_LETTERS = 5

_RUSSIAN_LETTER = re.compile("[а-яё]")
# The shortest stem of at least MIN_STEM_LETTERS followed by an ending: the longest ending wins.
_STEM_AND_ENDING = re.compile(
    rf"(.{{{MIN_STEM_LETTERS},}}?)(?:{'|'.join(sorted(CASE_ENDINGS, key=len, reverse=True))})", re.DOTALL
)


def cut_case_ending(word: str) -> str:
    """`word` without its Russian case ending ("казахстаном" -> "казахстан"); expects lower case."""
    if len(word) < MIN_WORD_LETTERS or not _RUSSIAN_LETTER.search(word):
        return word
    match = _STEM_AND_ENDING.fullmatch(word)
    return match.group(1) if match else word
