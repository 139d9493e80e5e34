"""Entities stage: one `Entity` per real-world thing per document, under its fullest name.

The packaged statistical NER (`doc.ents`) is a good start but, on news of this domain, it
cuts spans badly ("the Kazakhstan Institute ...", "Russia's"), tags nationalities and dates,
mistypes infrastructure ("Gwadar Port" as a PERSON) and misses many names altogether
("Atasu-Alashankou oil pipeline", "Kazinform"). So candidate spans come from these sources:

- the NER, with glued spans cut apart ("Gazprom and Rosneft") (`candidates`);
- the domain gazetteer (`models.gazetteer`, a case-insensitive PhraseMatcher), which also
  blocks names the conventions never list (Belt and Road Initiative) (`gazetteer_match`);
- head-noun rules: "X oil pipeline", "X solar PV plant", "X River", "Arakan state", "port of
  X", "Forum on X", "the Chinese embassy in X";
- acronym definitions: "Long Name (ACR)" and "Long Name, ACR" give the written long name, and
  "Long Name (ACR) railway" the whole name, acronym included;
- person patterns: "Name Surname, a spokesman ...", "Name Surname said", bylines, and a name
  after its title ("Ambassador to Georgia Li Wen", "Minister of X, Name Surname, noted");
- routes written as chains of towns: "Dostyk-Alashankou", "Tashkent-Andijan-Osh-Kashgar";
- the place before "-based" ("a Washington-based think tank").

The longest non-overlapping candidates are kept and cleaned (`cleaning`: articles, titles,
quotes, "'s", demonyms, line breaks, Title Case headline guesses), typed one by one
(`entity_types`: gazetteer, then head noun, then context and case, then NER), and the
mentions of one document are merged (`merging`): surnames and initialled names ("S.
Petrov") into full names, acronyms into their expansion, aliases into their gazetteer
entry, "Kestrel" into "Kestrel Mining Group", "Renaissance Dam" into "Grand Ethiopian Renaissance
Dam" (a short form that names a kind of facility joins only that kind: a station never joins
a corridor). An entity's type is then the one its mentions give the most evidence for
(`evidence`: a full name over a short form, a decided type over a bare NER label, a speaker
position, a town written as a port), not a count of mentions. `component` runs the steps as
a spaCy pipe; `canonical_name` is the pure cross-document half, used by the store.
"""

from newsmine.models.gazetteer import canonical_name
from newsmine.nlp.entities.acronyms import is_acronym_of
from newsmine.nlp.entities.component import NewsEntities, find_entities, make_entities
from newsmine.nlp.entities.gazetteer_match import build_matcher

__all__ = ["NewsEntities", "build_matcher", "canonical_name", "find_entities", "is_acronym_of", "make_entities"]
