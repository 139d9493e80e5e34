"""Acronyms and the names they abbreviate: "CPEC" spells "China-Pakistan Economic Corridor"."""

from __future__ import annotations

from newsmine.nlp.entities.vocabulary import ACRONYM_STOPWORDS, MIN_ACRONYM_UPPER


def _capitals(acronym: str) -> str:
    return "".join(ch for ch in acronym if ch.isupper())


def spells_exactly(acronym: str, name: str) -> bool:
    """The acronym's capitals are the name's initials, with or without its joiner words."""
    return _capitals(acronym) in {_acronym_letters(name), _initials_without_stopwords(name)}


def spells_nearly(acronym: str, name: str) -> bool:
    """The capitals are the name's initials in order, one initial at most left out."""
    missing = len(_initials_without_stopwords(name)) - len(_capitals(acronym))
    return is_acronym_of(acronym, name) and 0 <= missing <= 1


def _acronym_letters(name: str) -> str:
    """Initials of a name's words, hyphenated parts counted as words ("China-Pakistan ..." -> CP...)."""
    words = name.replace("\u2013", "-").replace("-", " ").split()
    return "".join(w[0].upper() for w in words if w and w[0].isalpha())


def _initials_without_stopwords(name: str) -> str:
    words = name.replace("\u2013", "-").replace("-", " ").split()
    return "".join(w[0].upper() for w in words if w.lower() not in ACRONYM_STOPWORDS and w[0].isalpha())


def is_acronym_of(acronym: str, name: str) -> bool:
    """True when `acronym`'s capitals spell `name`'s initials in order, starting with the first."""
    capitals = "".join(ch for ch in acronym if ch.isupper())
    initials = _acronym_letters(name)
    if len(capitals) < MIN_ACRONYM_UPPER or not initials or capitals[0] != initials[0]:
        return False
    remaining = iter(initials)
    return all(letter in remaining for letter in capitals)


def looks_like_acronym(text: str) -> bool:
    return " " not in text and sum(ch.isupper() for ch in text) >= MIN_ACRONYM_UPPER and text.isalpha()


def starts_alike(acronym: str, name: str) -> bool:
    """A ticker-like short form in brackets right after a name ("Steppe Copper Resources (SCR)")."""
    return acronym.isupper() and len(name.split()) > 1 and acronym[0] == name[0]
