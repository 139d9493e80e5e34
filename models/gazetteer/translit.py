"""One key for a name in any script: "Токаев", "Tokayev" and "Tokaev" all give "tokaev".

The same person or place is written in Cyrillic by the Russian-language press and in one of
several romanisations by the English-language one. `name_key` turns a name into a matching
key in three steps, each applied to every word whatever its script, so the keys of two
spellings agree when the spellings differ only in the ways below:

1. `romanize`: Cyrillic letters, Kazakh ones included (ә ғ қ ң ө ұ ү һ і), become Latin in a
   GOST/BGN-like scheme ("Хоргос" -> "khorgos", "Қасым" -> "kasym"); accents are dropped.
2. `_skeleton`: the differences between romanisation schemes and common English spellings
   are folded: zh/dzh/j, kh/h, q/k, x/ks, a y-glide between vowels or before a word's first
   vowel ("Tokayev"/"Tokaev", "Yerlan"/"Erlan"), y/i after a vowel ("Nurlybay"/"Нурлыбай"),
   doubled letters ("Kassym"/"Касым").
3. `_nominative`: the Russian case endings of names are cut where they follow the stem of a
   surname (-ов/-ев/-ин: "Токаева", "Токаеву", "Токаевым" -> "tokaev") or a consonant
   ("Хоргосе" -> "horgos"), leaving four letters at least; cutting repeats, so a nominative
   that looks inflected meets its case forms ("Казатомпром", "Казатомпромом" -> "kazatompr").
   The surname rule folds the feminine form into the masculine one ("Tokayeva" -> "tokaev"),
   as the evaluation's stemmer does; a final -y or -i is never cut, so "Kelly" stays apart
   from "Kell".

Why rules and not a morphological analyser: pymorphy3 does not know most Central Asian
surnames and guesses badly ("Токаев" -> "токай", "Асеткуз" -> "асеткуза"), while the case
endings of names are few and regular. The key is for matching only; names are displayed as
written.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Cyrillic to Latin, lower case; Kazakh letters by their nearest Russian sound.
# fmt: off
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ў": "u", "ї": "yi", "є": "ye", "ґ": "g",
}
# fmt: on
VOWELS = "aeiou"
MIN_NOMINATIVE_LETTERS = 4

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W_]+")
# After a vowel, BGN writes е as "ye" (Токаев -> Tokayev); ё after a consonant is usually "e".
_E_AFTER_VOWEL = re.compile("(?<=[аеёиоуыэюяәөұүі])е|^е")
_YO_AFTER_CONSONANT = re.compile("(?<=[бвгджзклмнпрстфхцчшщ])ё")
_SKELETON_STEPS = (
    (re.compile("dzh|zh|dj"), "j"),
    (re.compile("kh"), "h"),
    (re.compile("ck|q"), "k"),
    (re.compile("x"), "ks"),
    (re.compile(f"(?:(?<=[{VOWELS}])|^)y(?=[{VOWELS}])"), ""),  # Tokayev -> tokaev, Yerlan -> erlan
    (re.compile(f"(?<=[{VOWELS}])y(?![{VOWELS}])"), "i"),  # Nurlybay -> nurlybai, like й
    (re.compile(r"(.)\1+"), r"\1"),  # Kassym -> kasym
)
# Case endings of names, after romanisation and skeleton: surname stems, then consonant stems.
_SURNAME_CASE = re.compile(r"(?<=[oe]v|in|yn)(?:a|u|ym|im|om|e|oi|oiu)$")
_CONSONANT_CASE = re.compile(rf"(?<=[^{VOWELS}y])(?:a|u|om|em|e|ia|iu|ya|yu)$")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def romanize(text: str) -> str:
    """Lower-case Latin letters for `text`: Cyrillic transliterated, accents dropped."""
    lowered = text.lower()
    if has_cyrillic(lowered):
        lowered = _YO_AFTER_CONSONANT.sub("е", _E_AFTER_VOWEL.sub("йе", lowered))
        lowered = "".join(CYRILLIC_TO_LATIN.get(char, char) for char in lowered)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _skeleton(word: str) -> str:
    for pattern, replacement in _SKELETON_STEPS:
        word = pattern.sub(replacement, word)
    return word


def _nominative(word: str) -> str:
    """Cut case endings until none is left, so that a nominative that looks inflected
    ("kazatomprom") and its case forms ("kazatompromom") end on the same stem."""
    while True:
        match = _SURNAME_CASE.search(word) or _CONSONANT_CASE.search(word)
        if match is None or match.start() < MIN_NOMINATIVE_LETTERS:
            return word
        word = word[: match.start()]


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The matching key of one word (see the module docstring)."""
    return _nominative(_skeleton(romanize(word)))


def name_key(name: str) -> str:
    """The matching key of a name: its words' keys joined by spaces ("" for no letters)."""
    return " ".join(word_key(word) for word in _WORD.findall(name))
