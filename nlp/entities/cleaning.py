"""Cleaning candidate spans: trim articles, titles, possessives and qualifiers, pick the longest.

Also rejects what the conventions never list (demonyms, dates, generic phrases) and the
sub-units of an organisation that the text names.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newsmine.models.gazetteer import Gazetteer, normalize_key

from newsmine.nlp.entities.candidates import Candidate, bracketed_acronym_at, is_based_suffix
from newsmine.nlp.entities.tokens import breaks_line, head_type, is_capitalised, is_dashed_tag, is_spaced_dash
from newsmine.nlp.entities.vocabulary import (
    MAX_FUNCTION_WORD_CHARS,
    MAX_HEADLINE_NAME_TOKENS,
    MIN_HEADLINE_WORDS,
    TITLE_CASE_FUNCTION_WORDS,
    COMMODITY,
    DESK_WORDS,
    DIRECTION_WORDS,
    FAC_HEADS,
    GENERIC_WORDS,
    LEADING_WORDS,
    LEGAL_SUFFIXES,
    LOC_HEADS,
    MAX_FACILITY_NUMBER_CHARS,
    MAX_GENERIC_WORDS,
    MIN_PERSON_TOKENS,
    NAME_PARTICLES,
    NAME_POSSESSORS,
    NATIONALITY_TRIM_TYPES,
    NON_NAME_WORDS,
    ORG_HEADS,
    PERSON_TITLES,
    POSSESSIVES,
    ROLE_WORDS,
    SOURCE_RANK,
    SPLITTERS,
    SUBUNIT_HEADS,
)


# A match score: "2-1", "3–0", "1:1".
SCORE = re.compile(r"\d{1,2}[-–:]\d{1,2}")


def split_and_trim(doc: Doc, candidate: Candidate) -> Candidate | None:
    """Cut the span at line breaks and brackets, then trim articles, titles, quotes and "'s"."""
    start, end = candidate.start, candidate.end
    inner_brackets = set()
    for index in range(start, end):
        token = doc[index]
        if candidate.source == "acronym" and bracketed_acronym_at(doc, index) and index + 3 < end:
            inner_brackets |= {index, index + 2}  # "X (ACR) railway" keeps its acronym
        if index in inner_brackets:
            continue
        if breaks_line(token) or token.text in SPLITTERS or is_dashed_tag(token) or is_spaced_dash(doc, token):
            end = index
            break
    for index in range(start + 1, end):
        if is_based_suffix(doc, index + 1):  # "University of X and Washington-based ...": the place starts anew
            end = index - 1 if doc[index - 1].lower_ == "and" else index
            break
    while start < end and _is_leading_junk(doc[start], candidate):
        start += 1
    if end - start > 2 and doc[start].lower_ == "government" and doc[start + 1].lower_ == "of":
        start += 2
    while end > start and _is_trailing_junk(doc[end - 1]):
        end -= 1
    end = _cut_score(doc, start, end)
    if candidate.entry is None:
        start, end = _cut_at_possessive(doc, start, end)
    if start >= end:
        return None
    return Candidate(start, end, candidate.label, candidate.source, candidate.entry)


def _cut_score(doc: Doc, start: int, end: int) -> int:
    """ "Astana 2-1", "Tobol 3–0": a match score the NER ran into ends before the name's end."""
    words = [t.text for t in doc[start:end]]
    for size in (3, 1):
        tail = "".join(words[-size:])
        if len(words) > size and SCORE.fullmatch(tail):
            return end - size
    return end


def _cut_at_possessive(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """ "Anaklia's deep water" -> "Anaklia"; "Russia's Gazprom" -> "Gazprom": a possessive joins two things."""
    for index in range(start + 1, end - 1):
        if doc[index].lower_ in POSSESSIVES and doc[index - 1].lower_ not in NAME_POSSESSORS:
            if all(not is_capitalised(t) for t in doc[index + 1 : end]):
                return start, index
            return index + 1, end
    return start, end


def drop_title_prefix(doc: Doc, cand: Candidate, gazetteer: Gazetteer) -> Candidate:
    """ "Transport of Armenia Aram Petrosyan" -> the person after the title's last known place.

    The NER often glues a title's tail to the name after it, as a PERSON or an ORG span."""
    span = doc[cand.start : cand.end]
    if cand.label not in {"PERSON", "ORG"} or not any(t.lower_ in {"of", "to"} for t in span):
        return cand
    places = [t.i for t in span if gazetteer.lookup(t.text, "GPE") is not None or gazetteer.is_country(t.text)]
    if not places or cand.end - (places[-1] + 1) < MIN_PERSON_TOKENS:
        return cand
    name, title = doc[places[-1] + 1 : cand.end], doc[cand.start : places[-1] + 1]
    if cand.label == "ORG" and (head_type(title) is not None or not all(_is_name_word(t, gazetteer) for t in name)):
        return cand  # "Development Bank of Kazakhstan ...": an organisation, not a title
    return Candidate(name.start, cand.end, "PERSON", cand.source)


def _is_name_word(token: Token, gazetteer: Gazetteer) -> bool:
    return token.pos_ == "PROPN" and token.is_title and token.lower_ not in ORG_HEADS and gazetteer.lookup(token.text) is None


def drop_subunit_prefix(doc: Doc, cand: Candidate) -> Candidate:
    """ "Energy Department of the Caspian Research Institute" -> the institute, which is what is listed."""
    span = doc[cand.start : cand.end]
    for token in span[1:-1]:
        if token.lower_ not in {"of", "at"} or doc[token.i - 1].lower_ not in SUBUNIT_HEADS:
            continue
        start = token.i + 2 if doc[token.i + 1].lower_ == "the" else token.i + 1
        rest = doc[start : cand.end]
        if len(rest) and any(t.is_title and t.lower_ in ORG_HEADS for t in rest):
            return Candidate(start, cand.end, "ORG", cand.source, cand.entry)
    return cand


def extend_tail(doc: Doc, cand: Candidate, gazetteer: Gazetteer) -> Candidate:
    """Take in a legal-form suffix ("Port of Baku CJSC": ORG) or a facility's number ("Nord Stream 2")."""
    if cand.end >= len(doc):
        return cand
    following = doc[cand.end]
    if following.text.rstrip(".") in LEGAL_SUFFIXES:
        return Candidate(cand.start, cand.end + 1, "ORG", cand.source)
    is_facility = cand.label == "FAC" or (cand.entry is not None and cand.entry.type == "FAC")
    if is_facility and following.is_digit and len(following.text) <= MAX_FACILITY_NUMBER_CHARS:
        entry = gazetteer.lookup(doc[cand.start : cand.end + 1].text, "FAC")
        return Candidate(cand.start, cand.end + 1, "FAC", cand.source, entry)
    return cand


def drop_qualifier(doc: Doc, cand: Candidate, gazetteer: Gazetteer) -> Candidate:
    """"Western Georgia", "Russian Black Sea" -> the known place, unless the whole is itself known.

    A leading demonym is dropped from person and place spans in any case; "Chinese Academy of
    Sciences" keeps it.
    """
    span = doc[cand.start : cand.end]
    first = span[0].lower_
    if len(span) < 2 or (first not in DIRECTION_WORDS and not gazetteer.is_nationality(first)):
        return cand
    if gazetteer.is_nationality(first) and cand.label in NATIONALITY_TRIM_TYPES and cand.entry is None:
        return Candidate(cand.start + 1, cand.end, cand.label, cand.source)
    rest = gazetteer.lookup(span[1:].text)
    if rest is None or gazetteer.lookup(span.text) is not None:
        return cand
    return Candidate(cand.start + 1, cand.end, rest.type, cand.source, rest)


def _is_leading_junk(token: Token, candidate: Candidate) -> bool:
    if token.is_punct or token.is_quote or token.is_space or token.lower_ in LEADING_WORDS:
        return True
    if token.is_lower and candidate.source == "ner" and token.lower_ not in NAME_PARTICLES:
        return True
    if token.text.rstrip(".") in LEGAL_SUFFIXES:  # "... Co., Ltd Zhao Ming said": the suffix ends the name before
        return True
    return candidate.label == "PERSON" and token.lower_.rstrip(".") in PERSON_TITLES


def _is_trailing_junk(token: Token) -> bool:
    return token.is_punct or token.is_quote or token.is_space or token.lower_ in POSSESSIVES


def select_longest(candidates: list[Candidate]) -> list[Candidate]:
    """Longest spans first, gazetteer over rules over NER on ties; no two chosen spans overlap."""
    taken: set[int] = set()
    chosen = []
    for cand in sorted(candidates, key=lambda c: (-c.length, SOURCE_RANK[c.source], c.start)):
        positions = set(range(cand.start, cand.end))
        if positions & taken:
            continue
        taken |= positions
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def drop_place_compounds(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Drop NER spans that only glue known places together ("China-Kazakhstan"): keep the parts."""
    places = [c for c in candidates if c.source == "gazetteer" and c.label in {"GPE", "LOC"}]
    kept = []
    for cand in candidates:
        inside = [p for p in places if cand.start <= p.start and p.end <= cand.end and p.length < cand.length]
        if cand.source == "ner" and len(inside) >= 2 and head_type(doc[cand.start : cand.end]) is None:
            continue
        kept.append(cand)
    return kept


def drop_headline_spans(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Drop long NER spans in a Title Case headline ("Tajikistan Approves Construction Of New ...").

    There every word is capitalised, so capitals no longer mark names and the NER glues verbs
    and nouns into one "organisation"; spans of one or two words, and those the gazetteer or
    a head noun vouches for, stay.
    """
    kept = []
    for cand in candidates:
        span = doc[cand.start : cand.end]
        is_long_guess = cand.source == "ner" and len(span) > MAX_HEADLINE_NAME_TOKENS and head_type(span) is None
        if is_long_guess and _in_title_case_line(doc, cand.start):
            continue
        kept.append(cand)
    return kept


def _in_title_case_line(doc: Doc, index: int) -> bool:
    """A line whose function words are capitalised too ("... Of New Chinese-Funded Plant")."""
    start = index
    while start > 0 and not breaks_line(doc[start - 1]):
        start -= 1
    end = index
    while end < len(doc) and not breaks_line(doc[end]):
        end += 1
    words = [t for t in doc[start:end] if t.is_alpha]
    if any(t.text in TITLE_CASE_FUNCTION_WORDS for t in words[1:]) and all(t.text[0].isupper() for t in words):
        return True
    # "X Raises Grain Exports to Iran, Plans to Open ...": lower-case function words only
    content = [t for t in words if len(t) > MAX_FUNCTION_WORD_CHARS]
    unpunctuated = end == start or doc[end - 1].text not in {".", "!", "?", '"', "”"}
    return unpunctuated and len(content) >= MIN_HEADLINE_WORDS and all(t.text[0].isupper() for t in content)


def is_name_text(cand: Candidate, text: str, entity_type: str, gazetteer: Gazetteer) -> bool:
    """Reject what the conventions never list: demonyms, programmes, dates, generic phrases."""
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if entity_type != COMMODITY and not any(ch.isupper() for ch in text):
        return False
    if gazetteer.is_nationality(text) or gazetteer.is_excluded(text):
        return False
    words = normalize_key(text).split()
    if all(gazetteer.is_nationality(word) for word in words):  # "Kazakh-Chinese" qualifies, names nothing
        return False
    if gazetteer.is_nationality(words[0]) and text.split(maxsplit=1)[-1].islower():  # "Kazakh ministry"
        return False
    if len(words) == 2 and gazetteer.is_nationality(words[0]) and words[1] in DESK_WORDS:  # "RFE/RL's Kazakh Service"
        return False
    generic = all(w in GENERIC_WORDS or w in ORG_HEADS or w in LOC_HEADS or w in FAC_HEADS for w in words)
    if cand.entry is None and generic and len(words) <= MAX_GENERIC_WORDS:
        return False
    if entity_type != "PERSON" and words[-1] in ROLE_WORDS:
        return False
    return normalize_key(text) not in NON_NAME_WORDS


def drop_subunits(doc: Doc, chosen: list[tuple[Candidate, str]]) -> list[tuple[Candidate, str]]:
    """Drop "Asian Studies Department" in "... Department of the X Institute": the unit is not listed."""
    org_starts = {cand.start for cand, entity_type in chosen if entity_type == "ORG"}
    kept = []
    for cand, entity_type in chosen:
        after = cand.end + 1
        if after < len(doc) and doc[after].lower_ == "the":
            after += 1
        is_unit = entity_type == "ORG" and doc[cand.end - 1].lower_ in SUBUNIT_HEADS
        if is_unit and cand.end < len(doc) and doc[cand.end].lower_ in {"of", "at"} and after in org_starts:
            continue
        kept.append((cand, entity_type))
    return kept
