"""Entities stage: one `Entity` per real-world thing per document, under its fullest name.

The packaged statistical NER (`doc.ents`) is a good start but, on news of this domain, it
cuts spans badly ("the Kazakhstan Institute ...", "Russia's"), tags nationalities and dates,
mistypes infrastructure ("Gwadar Port" as a PERSON) and misses many names altogether
("Atasu-Alashankou oil pipeline", "Kazinform"). This component combines three sources of
candidate spans -- the NER, the domain gazetteer (`models.gazetteer`) and a head-noun rule
for named infrastructure -- keeps the longest non-overlapping ones, cleans and types them,
and then merges the mentions of one document: surnames into full names, acronyms into the
name they abbreviate, aliases into their gazetteer entry. `canonical_name` is the pure
cross-document half, used by the store.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, Token

from corpus.schema import ENTITY_TYPES, Entity, Mention
from models.gazetteer import Gazetteer, GazetteerEntry, canonical_name, load_gazetteer, normalize_key
from nlp.extensions import register_extensions

logger = logging.getLogger(__name__)

register_extensions()

__all__ = ["NewsEntities", "canonical_name", "find_entities"]

COMMODITY = "COMMODITY"
OUTPUT_TYPES = frozenset(ENTITY_TYPES) | {COMMODITY}
NER_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# NER labels kept only when a head noun gives them a proper type ("the Power of Siberia pipeline").
RETYPABLE_LABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP"})

FAC_HEADS = frozenset(
    {
        "port", "seaport", "pipeline", "railway", "railroad", "corridor", "highway", "motorway",
        "expressway", "bridge", "tunnel", "dam", "canal", "station", "mine", "terminal", "airport",
        "checkpoint", "crossing", "gateway", "plant", "hub", "line", "route", "road",
    }
)
LOC_HEADS = frozenset(
    {
        "river", "sea", "lake", "ocean", "gulf", "bay", "strait", "basin", "valley", "mountains",
        "desert", "island", "islands", "peninsula", "region", "plateau", "delta",
    }
)
ORG_HEADS = frozenset(
    {
        "ministry", "institute", "institution", "university", "bank", "company", "corporation",
        "corp", "agency", "center", "centre", "council", "commission", "committee", "party",
        "association", "foundation", "fund", "authority", "administration", "department", "railways",
        "airlines", "academy", "college", "forum", "office", "group", "holding", "holdings",
        "organisation", "organization", "union", "service", "inc", "ltd", "llc", "plc", "co",
        "consortium", "chamber", "federation", "network", "school", "club", "times", "post", "news",
    }
)
# Rule heads: nouns that end an infrastructure or place name written with lower-case heads.
RULE_FAC_HEADS = FAC_HEADS - {"hub", "line", "route", "road", "plant"}
RULE_LOC_HEADS = frozenset({"river", "sea", "lake", "basin", "valley", "desert", "island", "peninsula"})
# Lower-case words allowed inside an infrastructure name before its head ("Khorgos land port").
NAME_MODIFIERS = frozenset(
    {
        "oil", "gas", "land", "dry", "sea", "deep", "deep-sea", "economic", "transport", "railway",
        "rail", "border", "hydropower", "hydroelectric", "power", "nuclear", "coal", "copper", "gold",
        "freight", "logistics", "international", "container", "cargo", "high-speed", "speed", "high",
        "standard", "gauge", "water", "irrigation", "crude", "trade", "transit", "pass", "and",
    }
)
LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "by"})
PERSON_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "premier", "minister",
        "prime", "deputy", "vice", "chairman", "chairwoman", "chair", "ambassador", "envoy", "general",
        "gen", "secretary", "senator", "governor", "mayor", "director", "ceo", "chief", "king", "queen",
        "prince", "sheikh", "sir", "lord", "madam", "mister", "expert", "analyst", "spokesperson",
        "spokesman", "spokeswoman", "foreign", "state", "said", "says",
    }
)
NON_NAME_WORDS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "today", "yesterday", "tomorrow",
    }
)
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
SPLITTERS = frozenset({"(", ")", "[", "]", "|", ":", ";", "\u2014", "--"})
HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2012", "\u2013"})
ACRONYM_STOPWORDS = frozenset({"of", "for", "and", "the", "on", "in", "de", "&"})
MIN_ACRONYM_UPPER = 2
MAX_SURNAME_MERGE_TOKENS = 2

SOURCE_RANK = {"rule": 0, "gazetteer": 1, "ner": 2}


@dataclass(slots=True)
class Candidate:
    """A token span proposed as an entity mention, with where it came from."""

    start: int
    end: int
    label: str
    source: str
    entry: GazetteerEntry | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class _Group:
    """The mentions of one real-world thing within a document, while they are being merged."""

    mentions: list[Mention] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)
    entry: GazetteerEntry | None = None

    @property
    def type(self) -> str:
        if self.entry is not None:
            return self.entry.type
        return self.votes.most_common(1)[0][0]

    @property
    def name(self) -> str:
        """Fullest written form: the longest mention, mixed case preferred to ALL CAPS."""
        best = max(self.mentions, key=lambda m: (len(m.text), not m.text.isupper(), -m.start))
        return best.text

    def absorb(self, other: _Group) -> None:
        self.mentions.extend(other.mentions)
        self.votes.update(other.votes)
        self.entry = self.entry or other.entry


# ---------------------------------------------------------------------------- candidates


def _head_type(tokens: Sequence[Token]) -> str | None:
    """Type implied by the span's head noun: "... pipeline" FAC, "... River" LOC, "Bank of ..." ORG."""
    words = [t.lower_ for t in tokens]
    head_index = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    head = words[head_index]
    if head in FAC_HEADS:
        return "FAC"
    if head in LOC_HEADS:
        return "LOC"
    if head in ORG_HEADS or any(t.is_title and t.lower_ in ORG_HEADS for t in tokens):
        return "ORG"
    return None


def _is_proper(token: Token) -> bool:
    """A token that can carry a name: a proper noun or a capitalised word that is not a demonym."""
    if token.ent_type_ == "NORP":
        return False
    return token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start)


def _rule_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Names ending in an infrastructure or water head noun: "Atasu-Alashankou oil pipeline"."""
    found = []
    for head in doc:
        lower = head.lower_
        if lower in RULE_FAC_HEADS:
            label = "FAC"
        elif lower in RULE_LOC_HEADS and head.is_title:
            label = "LOC"
        else:
            continue
        start = head.i
        while start > 0:
            left = doc[start - 1]
            if "\n" in left.text or left.is_space:
                break
            if _is_proper(left) or left.lower_ in NAME_MODIFIERS or (left.text in HYPHENS and start >= 2):
                start -= 1
                continue
            break
        while start < head.i and not _is_proper(doc[start]):
            start += 1
        if start == head.i:
            continue
        proper = [t for t in doc[start : head.i] if _is_proper(t)]
        if not proper or all(gazetteer.is_nationality(t.text) for t in proper):
            continue
        if len(proper) == 1 and head.is_lower and _is_country(gazetteer, proper[0].text):
            continue
        found.append(Candidate(start, head.i + 1, label, "rule"))
    return found


def _is_country(gazetteer: Gazetteer, text: str) -> bool:
    entry = gazetteer.lookup(text, "GPE")
    return entry is not None


def _gazetteer_candidates(doc: Doc, matcher: PhraseMatcher, gazetteer: Gazetteer) -> list[Candidate]:
    """Gazetteer names written in the text; names must be capitalised, commodities need not be."""
    found = []
    for _, start, end in matcher(doc):
        span = doc[start:end]
        entry = gazetteer.lookup(span.text)
        if entry is None:
            continue
        if entry.type != COMMODITY and span[0].is_lower:
            continue
        found.append(Candidate(start, end, entry.type, "gazetteer", entry))
    return found


def _ner_candidates(doc: Doc) -> list[Candidate]:
    """The statistical NER's spans of the types we list, or of others a head noun retypes."""
    found = []
    for ent in doc.ents:
        if ent.label_ in NER_TYPES or (ent.label_ in RETYPABLE_LABELS and _head_type(ent) is not None):
            found.append(Candidate(ent.start, ent.end, ent.label_, "ner"))
    return found


def _split_and_trim(doc: Doc, candidate: Candidate) -> Candidate | None:
    """Cut the span at line breaks and brackets, then trim articles, titles, quotes and "'s"."""
    start, end = candidate.start, candidate.end
    for index in range(start, end):
        token = doc[index]
        if "\n" in token.text or token.text in SPLITTERS:
            end = index
            break
    while start < end and _is_leading_junk(doc[start], candidate.label):
        start += 1
    while end > start and _is_trailing_junk(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return Candidate(start, end, candidate.label, candidate.source, candidate.entry)


def _is_leading_junk(token: Token, label: str) -> bool:
    if token.is_punct or token.is_quote or token.is_space or token.lower_ in LEADING_WORDS:
        return True
    return label == "PERSON" and token.lower_.rstrip(".") in PERSON_TITLES


def _is_trailing_junk(token: Token) -> bool:
    return token.is_punct or token.is_quote or token.is_space or token.text in POSSESSIVES


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest spans first, rule over gazetteer over NER on ties; no two chosen spans overlap."""
    taken: set[int] = set()
    chosen = []
    for cand in sorted(candidates, key=lambda c: (-c.length, SOURCE_RANK[c.source], c.start)):
        positions = set(range(cand.start, cand.end))
        if positions & taken:
            continue
        taken |= positions
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _drop_place_compounds(candidates: list[Candidate]) -> list[Candidate]:
    """Drop NER spans that only glue known places together ("China-Kazakhstan"): keep the parts."""
    places = [c for c in candidates if c.source == "gazetteer" and c.label in {"GPE", "LOC"}]
    kept = []
    for cand in candidates:
        inside = [p for p in places if cand.start <= p.start and p.end <= cand.end and p.length < cand.length]
        if cand.source == "ner" and len(inside) >= 2:
            continue
        kept.append(cand)
    return kept


def _decide_type(doc: Doc, cand: Candidate) -> str | None:
    """Gazetteer type, else the head noun's, else the NER label; None when it is no entity of ours."""
    span = doc[cand.start : cand.end]
    if cand.entry is not None and normalize_key(span.text) in _entry_keys(cand.entry):
        return cand.entry.type
    head_type = _head_type(span)
    if head_type is not None:
        return head_type
    if cand.label == "PERSON" and span.text.isupper() and len(span) == 1:
        return "ORG"
    return cand.label if cand.label in OUTPUT_TYPES else None


def _entry_keys(entry: GazetteerEntry) -> frozenset[str]:
    return frozenset(normalize_key(form) for form in entry.forms)


def _is_name_text(text: str, entity_type: str, gazetteer: Gazetteer) -> bool:
    """Reject what the conventions never list: demonyms, programmes, dates, lower-case phrases."""
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if entity_type != COMMODITY and not any(ch.isupper() for ch in text):
        return False
    if gazetteer.is_nationality(text) or gazetteer.is_excluded(text):
        return False
    return normalize_key(text) not in NON_NAME_WORDS


# ---------------------------------------------------------------------------- merging


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


def _looks_like_acronym(text: str) -> bool:
    return " " not in text and sum(ch.isupper() for ch in text) >= MIN_ACRONYM_UPPER and text.isalpha()


def _acronym_definitions(doc: Doc, chosen: list[tuple[Candidate, str]]) -> dict[str, int]:
    """`Long Name (ACR)` and `ACR (Long Name)` written in the text: acronym -> index into chosen."""
    defined: dict[str, int] = {}
    for index, (cand, _) in enumerate(chosen):
        name = doc[cand.start : cand.end].text
        after = doc[cand.end : cand.end + 3]
        if len(after) == 3 and after[0].text == "(" and after[2].text == ")":
            acronym = after[1].text
            if _looks_like_acronym(acronym) and is_acronym_of(acronym, name):
                defined.setdefault(acronym, index)
    return defined


def _build_groups(doc: Doc, chosen: list[tuple[Candidate, str]]) -> list[_Group]:
    """Group mentions: by gazetteer entry, by defined acronym, else by normalized text."""
    defined = _acronym_definitions(doc, chosen)
    groups: dict[object, _Group] = {}
    for cand, entity_type in chosen:
        span = doc[cand.start : cand.end]
        if span.text in defined:
            definer, definer_type = chosen[defined[span.text]]
            key: object = _group_key(doc, definer)
            entity_type = definer_type
            entry = definer.entry
        else:
            key = _group_key(doc, cand)
            entry = cand.entry if entity_type == (cand.entry.type if cand.entry else None) else None
        group = groups.setdefault(key, _Group())
        group.mentions.append(Mention(span.start_char, span.end_char, span.text))
        weight = 2 if cand.source != "ner" else 1
        group.votes[entity_type] += weight
        group.entry = group.entry or entry
    _add_undetected_acronym_mentions(doc, defined, chosen, groups)
    return list(groups.values())


def _group_key(doc: Doc, cand: Candidate) -> object:
    if cand.entry is not None:
        return ("entry", cand.entry.name, cand.entry.type)
    return ("text", normalize_key(doc[cand.start : cand.end].text))


def _add_undetected_acronym_mentions(
    doc: Doc, defined: dict[str, int], chosen: list[tuple[Candidate, str]], groups: dict[object, _Group]
) -> None:
    """Occurrences of a defined acronym that no source proposed still belong to its expansion."""
    for token in doc:
        if token.text not in defined:
            continue
        group = groups[_group_key(doc, chosen[defined[token.text]][0])]
        if all(m.start != token.idx for m in group.mentions):
            group.mentions.append(Mention(token.idx, token.idx + len(token.text), token.text))


def _merge_short_forms(groups: list[_Group], gazetteer: Gazetteer) -> list[_Group]:
    """Merge surnames into full person names and bare acronyms into the name they abbreviate."""
    persons = [g for g in groups if g.type == "PERSON" and len(g.name.split()) > 1]
    by_part: dict[str, list[_Group]] = {}
    for person in persons:
        parts = person.name.split()
        for part in {parts[0], parts[-1], " ".join(parts[-MAX_SURNAME_MERGE_TOKENS:])}:
            by_part.setdefault(normalize_key(part), []).append(person)
    long_names = [g for g in groups if len(g.name.split()) > 1 and g.type != "PERSON"]
    merged: list[_Group] = []
    for group in groups:
        target = _short_form_target(group, by_part, long_names, gazetteer)
        if target is None or target is group:
            merged.append(group)
        else:
            target.absorb(group)
    return merged


def _short_form_target(
    group: _Group, by_part: dict[str, list[_Group]], long_names: list[_Group], gazetteer: Gazetteer
) -> _Group | None:
    name = group.name
    if group.entry is not None and group.entry.type != "PERSON":
        return None
    owners = by_part.get(normalize_key(name), [])
    if len(owners) == 1 and group.type in {"PERSON", "ORG", "GPE", "LOC", "FAC"} and len(name.split()) <= 2:
        if owners[0] is not group and len(owners[0].name) > len(name):
            return owners[0]
    if _looks_like_acronym(name):
        expansions = [g for g in long_names if _initials_without_stopwords(g.name) == name.upper()]
        if len(expansions) == 1:
            return expansions[0]
    return None


# ---------------------------------------------------------------------------- public API


def find_entities(
    doc: Doc, *, gazetteer: Gazetteer, matcher: PhraseMatcher, emit_commodities: bool = True
) -> list[Entity]:
    """All entities of `doc`, one per thing, ordered by first mention."""
    raw = _ner_candidates(doc) + _gazetteer_candidates(doc, matcher, gazetteer) + _rule_candidates(doc, gazetteer)
    trimmed = [c for c in (_split_and_trim(doc, cand) for cand in raw) if c is not None]
    chosen = []
    for cand in _select(_drop_place_compounds(trimmed)):
        entity_type = _decide_type(doc, cand)
        if entity_type is None or not _is_name_text(doc[cand.start : cand.end].text, entity_type, gazetteer):
            continue
        chosen.append((cand, entity_type))
    groups = _merge_short_forms(_build_groups(doc, chosen), gazetteer)
    entities = []
    for group in groups:
        if group.type == COMMODITY and not emit_commodities:
            continue
        mentions = sorted({(m.start, m.end): m for m in group.mentions}.values(), key=lambda m: m.start)
        entities.append(Entity(name=group.name, type=group.type, mentions=mentions))
    return sorted(entities, key=lambda e: e.mentions[0].start)


def build_matcher(language: Language, gazetteer: Gazetteer) -> PhraseMatcher:
    """A case-insensitive PhraseMatcher over every gazetteer form (leading "the" removed)."""
    matcher = PhraseMatcher(language.vocab, attr="LOWER")
    forms = {_strip_article(form) for entry in gazetteer.entries for form in entry.forms}
    matcher.add("GAZETTEER", [language.make_doc(form) for form in sorted(forms) if form])
    return matcher


def _strip_article(form: str) -> str:
    return form[4:] if form.lower().startswith("the ") else form


class NewsEntities(Pipe):
    """spaCy component: sets `doc._.entities` (list of `corpus.schema.Entity`)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "newsmine_entities",
        *,
        extra_gazetteers: Iterable[str] = (),
        emit_commodities: bool = True,
    ) -> None:
        self.name = name
        self.emit_commodities = emit_commodities
        self.gazetteer = load_gazetteer(extra_files=list(extra_gazetteers))
        self.matcher = build_matcher(nlp, self.gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            doc._.entities = find_entities(
                doc, gazetteer=self.gazetteer, matcher=self.matcher, emit_commodities=self.emit_commodities
            )
        except Exception as error:  # noqa: BLE001  (spaCy's error handler decides: raise or skip)
            return error_handler(self.name, self, [doc], error)
        return doc


@Language.factory(
    "newsmine_entities",
    default_config={"extra_gazetteers": [], "emit_commodities": True},
    requires=["doc.ents"],
    assigns=["doc._.entities"],
)
def make_entities(nlp: Language, name: str, extra_gazetteers: list[str], emit_commodities: bool) -> NewsEntities:
    """Factory for `nlp.add_pipe("newsmine_entities")`; the gazetteer is read from its data files."""
    return NewsEntities(nlp, name, extra_gazetteers=extra_gazetteers, emit_commodities=emit_commodities)
