"""How much one mention says about its entity's type: the evidence that `merging` weighs.

An entity's mentions often disagree ("Timur Rakhimov" PERSON, then "Rakhimov" three times
ORG), so the type is not a vote of mentions but a sum of evidence weights:
- a full name (two words or more) says more than a one-word short form;
- a type that a head noun, a rule or the context decided says more than the bare NER label;
- a one-word ALL-CAPS mention says little: the NER reads capitals as acronyms, so the
  type comes from the same word's other mentions ("ALMATY" in a dateline, "Almaty" below);
- speaker evidence: a name of at most three words with no organisation or place head noun,
  right before or after a speech verb ("Rakhimov said", "said Rakhimov", "writes Lotte de
  Vries") or set after a role ("said the minister, Yerlan Sadvakasov."), is a person
  speaking; it outweighs the NER's ORG for a full name, which the NER often gives to
  unfamiliar (Central Asian, Dutch) names;
- facility evidence: a town written as a port or a mine ("the ports of Varna and Burgas",
  "Kestrel and Redhill open pit copper mines") is that facility;
- company evidence: a name right before "founder" or "CEO" ("Orda founder and CEO Ruslan
  Abdullaev") owns that role, so it is an organisation.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsmine.nlp.entities.candidates import Candidate, role_before
from newsmine.nlp.entities.vocabulary import (
    ALL_HEADS,
    COMPANY_ROLES,
    NAME_PARTICLES,
    NON_TITLE_CAPITALS,
    PERSON_ROLES,
    PERSON_TITLES,
    SPEECH_VERBS,
)

FULL_NAME_WEIGHT = 3.0
SHORT_FORM_WEIGHT = 1.0
ALL_CAPS_WEIGHT = 0.25
DECIDED_FACTOR = 2.0
SPEAKER_WEIGHT = 4.0
MAX_SPEAKER_TOKENS = 3
FACILITY_WEIGHT = 4.0
FACILITY_WINDOW = 8
FACILITY_PLURALS = frozenset({"ports", "seaports", "mines", "stations", "terminals", "airports"})
LIST_JOINERS = frozenset({"of", "and", "the", "at", "in", "both"})
COMPANY_WEIGHT = 4.0
WRITING_VERBS = frozenset({"write", "writes", "wrote"})
# Speech verbs that put their speaker after them ("said Rakhimov"); "added", "noted" rarely do.
INVERTED_SPEECH_VERBS = frozenset({"said", "says", "added", "noted", "explained", "stressed"}) | WRITING_VERBS


def mention_evidence(doc: Doc, cand: Candidate, entity_type: str) -> dict[str, float]:
    """Evidence weights by type that this mention gives its entity."""
    span = doc[cand.start : cand.end]
    if len(span) > 1:
        weight = FULL_NAME_WEIGHT
    elif span.text.isupper() and len(span.text) > 1:
        weight = ALL_CAPS_WEIGHT
    else:
        weight = SHORT_FORM_WEIGHT
    if cand.source != "ner" or entity_type != cand.label:
        weight *= DECIDED_FACTOR
    evidence = {entity_type: weight}
    decided = cand.source != "ner" or entity_type != cand.label
    if entity_type != "PERSON" and not (decided and len(span) == 1) and _is_speaker(doc, cand):
        evidence["PERSON"] = SPEAKER_WEIGHT
    if entity_type != "FAC" and len(span) == 1 and (_follows_facilities(doc, cand) or _precedes_facilities(doc, cand)):
        evidence["FAC"] = FACILITY_WEIGHT
    if entity_type != "ORG" and len(span) == 1 and cand.end < len(doc) and doc[cand.end].lower_ in COMPANY_ROLES:
        evidence["ORG"] = COMPANY_WEIGHT
    return evidence


def _follows_facilities(doc: Doc, cand: Candidate) -> bool:
    """ "ports of X and Y", "two ports, X and Y": a plural facility noun, then only names,
    numbers and joiners up to the mention."""
    index = cand.start - 1
    while index >= 0 and cand.start - index <= FACILITY_WINDOW:
        token = doc[index]
        if token.lower_ in FACILITY_PLURALS:
            return True
        if not (token.lower_ in LIST_JOINERS or token.is_punct or token.like_num or token.is_title):
            return False
        index -= 1
    return False


def _precedes_facilities(doc: Doc, cand: Candidate) -> bool:
    """ "X and Y open pit copper mines": names, joiners and lower-case modifiers, then a plural facility noun."""
    index = cand.end
    while index < len(doc) and index - cand.end < FACILITY_WINDOW:
        token = doc[index]
        if token.lower_ in FACILITY_PLURALS:
            return True
        modifier = token.is_lower and token.pos_ in {"ADJ", "NOUN"}
        if not (token.lower_ in LIST_JOINERS or token.text == "," or token.is_title or modifier):
            return False
        index += 1
    return False


def _is_speaker(doc: Doc, cand: Candidate) -> bool:
    """A short capitalised name with no head noun that speaks: next to a speech verb, or after a role."""
    span = doc[cand.start : cand.end]
    if cand.entry is not None or len(span) > MAX_SPEAKER_TOKENS:
        return False
    if any(t.lower_ in ALL_HEADS or not (t.is_title or t.lower_ in NAME_PARTICLES) for t in span):
        return False
    if cand.start > 0 and doc[cand.start - 1].lower_ == "the":
        return False  # "the Kremlin said", "The White House said": people take no article
    after = doc[cand.end] if cand.end < len(doc) else None
    before = doc[cand.start - 1] if cand.start > 0 else None
    if after is not None and after.lower_ in SPEECH_VERBS | WRITING_VERBS and after.pos_ == "VERB":
        return True
    ends_clause = after is None or after.is_punct or after.lower_ == "and"
    if before is not None and before.lower_ in INVERTED_SPEECH_VERBS and ends_clause:
        return True
    return before is not None and before.text == "," and ends_clause and role_before(doc, before.i)
