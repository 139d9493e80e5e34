"""pymorphy3 over Russian words: lemmas, grammatical gender, and names put into the nominative.

One analyser per process (its dictionaries ship in pymorphy3-dicts-ru, ~15 MB in memory);
lemmas are cached per (word, part of speech) because news repeats its vocabulary.
"""

from __future__ import annotations

import functools

import pymorphy3

from newsmine.models.gazetteer.ru_lemma import morph_analyzer

# Universal POS (Slovnet) -> the OpenCorpora tags pymorphy3 uses for the same word class.
UD_TO_OPENCORPORA = {
    "NOUN": {"NOUN"},
    "PROPN": {"NOUN"},
    "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"},
    "AUX": {"VERB", "INFN"},
    "ADJ": {"ADJF", "ADJS", "COMP", "PRTF", "PRTS"},
    "ADV": {"ADVB", "COMP", "PRED"},
    "PRON": {"NPRO"},
    "DET": {"ADJF", "NPRO"},
    "NUM": {"NUMR", "NUMB"},
    "ADP": {"PREP"},
    "CCONJ": {"CONJ"},
    "SCONJ": {"CONJ"},
    "PART": {"PRCL"},
}
NAME_TAGS = ("Name", "Surn", "Patr")


def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process-wide analyser, shared with the gazetteer's lemmas (one dictionary load)."""
    loaded = morph_analyzer()
    if loaded is None:
        raise RuntimeError("pymorphy3 could not load its Russian dictionary (pymorphy3-dicts-ru)")
    return loaded


@functools.lru_cache(maxsize=200_000)
def lemma(word: str, pos: str) -> str:
    """The dictionary form of `word` read as part of speech `pos` (a Universal POS tag)."""
    if not any(character.isalpha() for character in word):
        return word
    parses = analyzer().parse(word)
    wanted = UD_TO_OPENCORPORA.get(pos, set())
    best = next((parse for parse in parses if parse.tag.POS in wanted), parses[0])
    return best.normal_form


def to_nominative(words: list[str], cases: list[str | None], *, gender: str | None = None) -> list[str]:
    """A person's name, word by word, in the nominative: ["Джадиеры", "Асеткуз"] -> ["Джадиера", "Асеткуз"].

    `cases` are Slovnet's Universal cases of the words ("Gen", "Nom", None when unknown) and
    `gender` ("masc"/"femn", e.g. from the sentence's verb) picks between readings such as
    Ахметова (a woman, nominative) and Ахметова (a man, genitive). pymorphy3 inflects the names
    its dictionary knows; the Central Asian and Chinese names it does not know change only
    by the surname and consonant-stem endings below, and otherwise stay as written.
    """
    gender = gender or name_gender(words, cases)
    return [_nominative_word(word, case, gender) for word, case in zip(words, cases, strict=True)]


UD_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
# (gender, case) -> (ending written, ending of the nominative) for names outside the dictionary.
SURNAME_ENDINGS = {
    ("masc", "gent"): (("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын")),
    ("masc", "accs"): (("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын")),
    ("masc", "datv"): (("ову", "ов"), ("еву", "ев"), ("ину", "ин"), ("ыну", "ын")),
    ("masc", "ablt"): (("овым", "ов"), ("евым", "ев"), ("иным", "ин"), ("ыным", "ын")),
    ("masc", "loct"): (("ове", "ов"), ("еве", "ев"), ("ине", "ин")),
    ("femn", "gent"): (("овой", "ова"), ("евой", "ева"), ("иной", "ина")),
    ("femn", "datv"): (("овой", "ова"), ("евой", "ева"), ("иной", "ина")),
    ("femn", "ablt"): (("овой", "ова"), ("евой", "ева"), ("иной", "ина")),
    ("femn", "loct"): (("овой", "ова"), ("евой", "ева"), ("иной", "ина")),
    ("femn", "accs"): (("ову", "ова"), ("еву", "ева"), ("ину", "ина")),
}
# Case endings of a masculine name with a consonant stem (Нурлана, Бахытбеку, Сержаном).
MASCULINE_STEM_ENDINGS = {"gent": ("а", "я"), "accs": ("а", "я"), "datv": ("у", "ю"), "ablt": ("ом", "ем"), "loct": ("е",)}
VOWELS = set("аеёиоуыэюяь")


def name_gender(words: list[str], cases: list[str | None]) -> str | None:
    """The gender of the first word pymorphy3's dictionary knows as a first name in this case, else None."""
    for word, case in zip(words, cases, strict=True):
        for parse in analyzer().parse(word.rpartition("-")[2]):
            known_name = _in_dictionary(parse) and "Name" in parse.tag and parse.tag.gender
            if known_name and parse.tag.case == UD_CASES.get(case or "", parse.tag.case):
                return str(parse.tag.gender)
    return None


def _nominative_word(word: str, case: str | None, gender: str | None) -> str:
    if "-" in word:  # only the last part of a hyphenated name declines: Касым-Жомарта
        head, _, last = word.rpartition("-")
        return f"{head}-{_nominative_word(last, case, gender)}"
    wanted_case = UD_CASES.get(case or "")
    if wanted_case in (None, "nomn") or not word[:1].isupper() or not _is_cyrillic(word) or word.isupper():
        return word
    known = [
        parse
        for parse in analyzer().parse(word)
        if _in_dictionary(parse)
        and any(tag in parse.tag for tag in NAME_TAGS)
        and parse.tag.case == wanted_case
        and parse.tag.number != "plur"  # one person's name: "Касенов" is no plural of a name "Касен"
    ]
    if gender:
        known = [parse for parse in known if parse.tag.gender in (gender, None)]
    if known:
        inflected = known[0].inflect({"nomn"})
        return _match_case(inflected.word, word) if inflected else word
    return _by_ending(word, wanted_case, gender)


def place_nominative(word: str, case: str | None) -> str | None:
    """A one-word place name in the nominative when the dictionary knows it as a place in the case
    written ("Иртыше" -> "Иртыш", "Караганду" -> "Караганда"), else None."""
    wanted_case = UD_CASES.get(case or "")
    if wanted_case in (None, "nomn") or not word.isalpha() or not word[:1].isupper() or not _is_cyrillic(word) or word.isupper():
        return None  # "Иссык-Куле" too: pymorphy3 lower-cases the second part
    for parse in analyzer().parse(word):
        known = len(parse.methods_stack) == 1 and _in_dictionary(parse)  # not guessed: "Алтынколе" stays
        if known and "Geox" in parse.tag and parse.tag.case == wanted_case:
            inflected = parse.inflect({"nomn"})
            return _match_case(inflected.word, word) if inflected else None
    return None


def _by_ending(word: str, case: str, gender: str | None) -> str:
    for written, nominative in SURNAME_ENDINGS.get((gender or "masc", case), ()):
        if word.endswith(written) and len(word) > len(written) + 1:
            return word[: -len(written)] + nominative
    if gender != "femn":
        for ending in MASCULINE_STEM_ENDINGS.get(case, ()):
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 3 and stem[-1].lower() not in VOWELS:
                return stem
    return word


def _in_dictionary(parse: pymorphy3.analyzer.Parse) -> bool:
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _match_case(new: str, original: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def _is_cyrillic(word: str) -> bool:
    return any("а" <= character.lower() <= "я" or character in "ёЁ" for character in word)


def verb_gender(feats: str) -> str | None:
    """"masc"/"femn" from a past-tense verb's Universal features ("Gender=Fem|..."), else None."""
    if "Gender=Fem" in feats:
        return "femn"
    if "Gender=Masc" in feats:
        return "masc"
    return None
