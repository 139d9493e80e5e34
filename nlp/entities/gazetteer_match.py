"""Gazetteer matching: a case-insensitive PhraseMatcher over the domain gazetteer's forms.

It proposes known names (and blocks names the conventions never list, such as the Belt and
Road Initiative) as candidates.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from newsmine.models.gazetteer import Gazetteer, GazetteerEntry

from newsmine.nlp.entities.candidates import Candidate
from newsmine.nlp.entities.vocabulary import COMMODITY, EXCLUDED, MAX_HYPHENATED_WORDS


EXCLUDED_ENTRY = GazetteerEntry(EXCLUDED, EXCLUDED)


def gazetteer_candidates(doc: Doc, matcher: PhraseMatcher, gazetteer: Gazetteer) -> list[Candidate]:
    """Gazetteer names written in the text; names must be capitalised, commodities need not be."""
    found = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        if doc.vocab.strings[match_id] == EXCLUDED:
            found.append(Candidate(start, end, EXCLUDED, "excluded", EXCLUDED_ENTRY))
            continue
        entry = gazetteer.lookup(span.text)
        if entry is None:
            continue
        if entry.type != COMMODITY and span[0].is_lower:
            continue
        found.append(Candidate(start, end, entry.type, "gazetteer", entry))
    return found


def build_matcher(language: Language, gazetteer: Gazetteer) -> PhraseMatcher:
    """A case-insensitive PhraseMatcher over every gazetteer form (leading "the" removed).

    Short multi-word forms are also matched hyphenated ("Power-of-Siberia"), as news often writes them.
    """
    matcher = PhraseMatcher(language.vocab, attr="LOWER")
    forms = {_strip_article(form) for entry in gazetteer.entries for form in entry.forms}
    forms |= {form.replace(" ", "-") for form in forms if " " in form and len(form.split()) <= MAX_HYPHENATED_WORDS}
    matcher.add("GAZETTEER", [language.make_doc(form) for form in sorted(forms) if form])
    matcher.add(EXCLUDED, [language.make_doc(form) for form in sorted(gazetteer.not_entity_forms)])
    return matcher


def _strip_article(form: str) -> str:
    return form[4:] if form.lower().startswith("the ") else form
