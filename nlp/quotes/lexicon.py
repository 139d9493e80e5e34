"""Word lists and dependency labels the quote stage reads.

The word lists (speech verbs, role nouns, organisation words, ...) live in
`nlp/data/quotes_lexicon.json` so linguists can extend them without touching code; the
dependency-label sets and size limits the rules share are defined here.
"""

from __future__ import annotations

import json
from pathlib import Path

LEXICON_PATH = Path(__file__).parent.parent / "data" / "quotes_lexicon.json"


def _load_lexicon(path: Path) -> dict:
    """Word lists live in a data file so linguists can extend them without touching code."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


_LEXICON = _load_lexicon(LEXICON_PATH)
SPEECH_VERBS = frozenset(_LEXICON["speech_verbs"])
DIRECT_CUE_VERBS = SPEECH_VERBS | frozenset(_LEXICON["direct_cue_verbs"])
OPINION_NOUNS = frozenset(_LEXICON["opinion_nouns"])
EXPRESSIVE_VERBS = frozenset(_LEXICON["expressive_verbs"]) | SPEECH_VERBS
NEED_NOUNS = frozenset(_LEXICON["need_nouns"])
ROLE_NOUNS = frozenset(_LEXICON["role_nouns"])
PORTFOLIO_TITLES = frozenset(_LEXICON["portfolio_titles"])
PORTFOLIO_HEADS = frozenset({"minister", "secretary"})  # titles a bare portfolio word can precede
DEMONYM_SUFFIXES = ("an", "ese", "ish", "i")
ENVOY_TITLES = frozenset({"ambassador", "envoy", "consul"})
QUANTIFIERS = frozenset({"many", "some", "several", "few", "most", "other", "numerous", "various", "certain", "all"})
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    key: frozenset(values) for key, values in _LEXICON["role_synonyms"].items()
}
ORG_NOUNS = frozenset(_LEXICON["org_nouns"])
COMPANY_SUFFIXES = frozenset({"co", "ltd", "llc", "llp", "inc", "plc", "corp", "jsc", "ojsc", "cjsc", "pjsc", "gmbh"})
ORG_NAME_WORDS = ORG_NOUNS | frozenset(_LEXICON["org_name_words"]) | COMPANY_SUFFIXES \
    | {f"{word}." for word in COMPANY_SUFFIXES}
DOCUMENT_NOUNS = frozenset(_LEXICON["document_nouns"])
VIEWPOINT_NOUNS = frozenset(_LEXICON["viewpoint_nouns"])
UNIT_NOUNS = frozenset(_LEXICON["unit_nouns"])
HONORIFICS = frozenset(_LEXICON["honorifics"])
PLACE_NOUNS = frozenset(_LEXICON["place_nouns"])
PLACE_ENT_TYPES = frozenset({"GPE", "LOC", "NORP"})
NOT_NAME_LABELS = PLACE_ENT_TYPES  # entity types whose words are never part of a person's name
NAME_PUNCTUATION = frozenset({"-", "‐", "'", "’", "."})  # Kassym-Jomart, O'Neill, A. Petrov
# Abbreviated titles of an office or rank ('Sen. X', 'Gov. Y'): roles, unlike the honorifics after them.
OFFICE_ABBREVIATIONS = frozenset({"sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "adm", "maj", "amb", "pres"})
TITLE_ABBREVIATIONS = OFFICE_ABBREVIATIONS | frozenset({"dr", "mr", "mrs", "ms", "prof", "st"})
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "van", "von", "der", "den", "al", "el", "bin", "ibn", "la", "le", "du", "dos"})
LEAD_VERBS = frozenset(_LEXICON["lead_verbs"])
CLAIM_OBJECT_VERBS = frozenset(_LEXICON["claim_object_verbs"])
CALL_VERBS = frozenset(_LEXICON["call_verbs"])
COMMITMENT_VERBS = frozenset(_LEXICON["commitment_verbs"])
EMPHASIS_VERBS = frozenset(_LEXICON["emphasis_verbs"])
CLAIM_NOUNS = frozenset(_LEXICON["claim_nouns"])
EVALUATIVE_ADJECTIVES = frozenset(_LEXICON["evaluative_adjectives"])
NEGATED_CLAIM_VERBS = frozenset(_LEXICON["negated_claim_verbs"])
PROPOSAL_VERBS = frozenset(_LEXICON["proposal_verbs"])
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
INHERIT_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "ccomp"})
CLAUSE_DEPS = frozenset({"ccomp", "acl", "advcl", "relcl"})
CLAUSE_PATH_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj", "dep", "csubj", "oprd"})
NON_PHRASE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct"})
INVERTED_SUBJECT_DEPS = frozenset({"dobj", "attr", "npadvmod", "appos", "dative"})
NAME_ENT_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
SPEAKER_ENT_TYPES = frozenset({"PERSON", "ORG", "GPE"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})
BOARD_NOUNS = frozenset({"board", "presidium"})  # 'Chairman of the Board of X': the board is part of the title
ROLE_PREPOSITIONS = frozenset({"of", "at", "for", "with", "in", "to", "from"})
NAME_CONNECTORS = frozenset({"of", "for", "to", "and", "&", "at", "the", "on"})
SENTENCE_END = frozenset(".!?")
MIN_CLAUSE_TOKENS = 3
MAX_THAT_GAP = 4
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
MIN_PARTIAL_WORDS = 2
MAX_ROLE_TOKENS = 16
