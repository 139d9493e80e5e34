"""Typing one mention: gazetteer type, else head noun, else context words, else the NER label."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsmine.models.gazetteer import Gazetteer, GazetteerEntry, normalize_key

from newsmine.nlp.entities.candidates import Candidate
from newsmine.nlp.entities.tokens import head_type
from newsmine.nlp.entities.vocabulary import (
    APPOSITION_WINDOW,
    DIRECTION_WORDS,
    GENERIC_WORDS,
    COMPANY_ROLES,
    EXCLUDED,
    NON_TITLE_CAPITALS,
    ORG_DESCRIPTORS,
    OUTPUT_TYPES,
    PERSON_TITLES,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
)


def decide_type(doc: Doc, cand: Candidate, gazetteer: Gazetteer) -> str | None:
    """Gazetteer type, else the head noun's, else the context's or NER's; None for non-entities."""
    if cand.label == EXCLUDED:
        return None
    span = doc[cand.start : cand.end]
    if cand.entry is not None and normalize_key(span.text) in _entry_keys(cand.entry):
        return cand.entry.type
    noun_type = head_type(span)
    if noun_type == "FAC" and _names_rail_operator(span, gazetteer):
        return "ORG"
    if noun_type is not None:
        return noun_type
    if cand.source == "ner" and len(span) == 1:
        return _context_type(doc, span[0], cand.label)
    if cand.source == "ner" and _names_team_by_town(span, gazetteer):
        return "ORG"
    if cand.source == "ner" and _follows_person_title(doc, cand.start):
        return "PERSON"
    return cand.label if cand.label in OUTPUT_TYPES else None


def _names_team_by_town(span: Span, gazetteer: Gazetteer) -> bool:
    """ "Kairat Almaty", "Tobol Kostanay", "Dynamo Moscow": an unknown word before a known town is
    a club (or a company) named after the town, not a person or a place."""
    if len(span) != 2 or not all(t.is_title and t.is_alpha for t in span):
        return False
    first, town = span
    if gazetteer.lookup(town.text, "GPE") is None or gazetteer.is_country(town.text):
        return False
    known_first = gazetteer.lookup(first.text) is not None or gazetteer.is_nationality(first.text)
    return not known_first and first.lower_ not in DIRECTION_WORDS | PERSON_TITLES | GENERIC_WORDS


def _names_rail_operator(span: Span, gazetteer: Gazetteer) -> bool:
    """ "China Railway", "Pakistan Railway": a country's Railway is the company that runs its lines.

    A railway named by its ends or its route ("Baku-Tbilisi-Kars Railway") is the line (FAC).
    """
    if len(span) != 2 or span[-1].text != "Railway":
        return False
    return gazetteer.is_country(span[0].text) or gazetteer.is_nationality(span[0].text)


def _follows_person_title(doc: Doc, start: int) -> bool:
    """ "President Kassym-Jomart Tokayev": a capitalised title right before a name makes it a person."""
    if start == 0:
        return False
    title = doc[start - 1]
    return title.is_title and title.lower_ in PERSON_TITLES and title.lower_ not in NON_TITLE_CAPITALS


def _context_type(doc: Doc, token: Token, label: str) -> str | None:
    """Retype a one-word NER name from its neighbours: "trader Trafigura" ORG, "in Lobito" a place."""
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if before is not None and (before.lower_ in ORG_DESCRIPTORS or _described_in_apposition(doc, before)):
        return "ORG"
    if after is not None and after.lower_ in COMPANY_ROLES:  # "Uzum founder and CEO ...": the company
        return "ORG"
    if label == "PERSON" and token.pos_ != "PROPN":
        return None
    if token.pos_ == "VERB" and token.is_sent_start:  # "Noting the delays, ...": a participle, not a name
        return None
    if label in {"PERSON", "GPE"} and token.is_upper:
        return _capitals_type(doc, token, label)
    if label == "PERSON" and _has_place_apposition(doc, token):
        return "GPE"
    if label == "PERSON" and before is not None and before.lower_ in PLACE_PREPOSITIONS:
        according = token.i > 1 and doc[token.i - 2].lower_ == "according"
        return label if according else "GPE"
    return label if label in OUTPUT_TYPES else None


def _described_in_apposition(doc: Doc, comma: Token) -> bool:
    """ "the region's largest ride-hailing app, Zoomly, ...": a descriptor, a comma, then the name."""
    return comma.text == "," and comma.i > 0 and doc[comma.i - 1].lower_ in ORG_DESCRIPTORS


def _capitals_type(doc: Doc, token: Token, label: str) -> str | None:
    """A one-word ALL-CAPS name the gazetteer does not know, typed by the case of its line.

    In running text it is an acronym the NER did not know ("RT", "KTZ": ORG). In a line
    written all in capitals (a heading, a dateline, a results line) case says nothing: a
    place stays a place, and a "person" there is a section word ("FOOTBALL"), not a name.
    """
    if not _in_capitals_line(doc, token):
        return "ORG"
    return label if label == "GPE" else None


def _in_capitals_line(doc: Doc, token: Token) -> bool:
    """Whether the line holding `token` has no lower-case letter."""
    start = doc.text.rfind("\n", 0, token.idx) + 1
    end = doc.text.find("\n", token.idx)
    line = doc.text[start : end if end >= 0 else len(doc.text)]
    return not any(ch.islower() for ch in line)


def _has_place_apposition(doc: Doc, token: Token) -> bool:
    """ "X, a small village in ..." / "X, the capital of ...": the next few words call X a place."""
    window = doc[token.i + 1 : token.i + 1 + APPOSITION_WINDOW]
    if len(window) < 2 or window[0].text != ",":
        return False
    return any(t.lower_ in PLACE_NOUNS for t in window[1:]) and window[1].lower_ in {"a", "an", "the"}


def _entry_keys(entry: GazetteerEntry) -> frozenset[str]:
    return frozenset(normalize_key(form) for form in entry.forms)
