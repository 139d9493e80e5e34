"""Merging the mentions of one document into entities.

Surnames join full names, acronyms their expansion, aliases their gazetteer entry, and
"Renaissance Dam" joins "Grand Ethiopian Renaissance Dam"; each group takes one type.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsmine.corpus.schema import Mention
from newsmine.models.gazetteer import GazetteerEntry, normalize_key

from newsmine.nlp.entities.acronyms import is_acronym_of, looks_like_acronym, spells_exactly, starts_alike
from newsmine.nlp.entities.candidates import Candidate
from newsmine.nlp.entities.evidence import mention_evidence
from newsmine.nlp.entities.vocabulary import (
    ALL_HEADS,
    CORE_FILLERS,
    CORE_MERGE_TYPES,
    FAC_HEADS,
    FAC_KIND_WORDS,
    LOC_HEADS,
    MAX_SURNAME_MERGE_TOKENS,
    MIN_PERSON_TOKENS,
)

# A person written with an initial and a surname: "S. Petrov", "A.K. Verma".
# An acronym in brackets inside a name: "China-Kyrgyzstan-Uzbekistan (CKU) railway".
BRACKETED = re.compile(r"\s*\([^()]*\)\s*")
INITIALLED_NAME = re.compile(r"^(?:[A-Z]\.\s?)+[A-Z][\w'-]+$")


@dataclass(slots=True)
class _Group:
    """The mentions of one real-world thing within a document, while they are being merged."""

    mentions: list[Mention] = field(default_factory=list)
    evidence: Counter[str] = field(default_factory=Counter)
    entry: GazetteerEntry | None = None

    @property
    def type(self) -> str:
        """The type with the most evidence (see `evidence`); the gazetteer's type unless the
        context outweighs it (a known town written as a port is the port)."""
        best = self.evidence.most_common(1)[0][0] if self.evidence else None
        if self.entry is not None and (best is None or self.evidence[best] <= self.evidence[self.entry.type]):
            return self.entry.type
        return best

    @property
    def name(self) -> str:
        """Fullest written form: the longest mention (of the gazetteer's forms, when it has an entry)."""
        mentions = self.mentions
        if self.entry is not None:
            forms = {normalize_key(form) for form in self.entry.forms}
            mentions = [m for m in mentions if normalize_key(m.text) in forms or BRACKETED.search(m.text)] or mentions
        best = max(mentions, key=lambda m: (len(m.text), not m.text.isupper(), -m.start))
        return best.text

    def absorb(self, other: _Group) -> None:
        self.mentions.extend(other.mentions)
        self.evidence.update(other.evidence)
        self.entry = self.entry or other.entry


def _acronym_definitions(doc: Doc, chosen: list[tuple[Candidate, str]]) -> dict[str, int]:
    """`Long Name (ACR)` and `Long Name, ACR` written in the text: acronym -> index into chosen."""
    defined: dict[str, int] = {}
    known = {doc[cand.start : cand.end].text for cand, _ in chosen if cand.entry is not None}
    for index, (cand, _) in enumerate(chosen):
        name = doc[cand.start : cand.end].text
        after = doc[cand.end : cand.end + 2]
        if len(after) == 2 and after[0].text in {"(", ","}:
            acronym = after[1].text
            if looks_like_acronym(acronym) and (is_acronym_of(acronym, name) or starts_alike(acronym, name)):
                defined.setdefault(acronym, index)
        inside = [t.i + 1 for t in doc[cand.start : cand.end] if t.text == "(" and t.i + 1 < cand.end]
        if inside and doc[inside[0]].text not in known:  # "X (CKU) railway" defines CKU as itself
            defined.setdefault(doc[inside[0]].text, index)
    return defined


def build_groups(doc: Doc, chosen: list[tuple[Candidate, str]]) -> list[_Group]:
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
        group.evidence.update(mention_evidence(doc, cand, entity_type))
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
        if all(not m.start <= token.idx < m.end for m in group.mentions):
            group.mentions.append(Mention(token.idx, token.idx + len(token.text), token.text))


def merge_short_forms(groups: list[_Group]) -> list[_Group]:
    """Merge short forms into the fullest name: surnames, bare acronyms, "Renaissance Dam"."""
    _promote_persons(groups)
    persons = [
        g for g in groups if g.type == "PERSON" and len(_name_parts(g.name)) > 1 and not INITIALLED_NAME.match(g.name)
    ]
    by_part: dict[str, list[_Group]] = {}
    for person in persons:
        parts = _name_parts(person.name)
        for part in {parts[0], parts[-1], " ".join(parts[-MAX_SURNAME_MERGE_TOKENS:])}:
            by_part.setdefault(normalize_key(part), []).append(person)
    targets = {id(group): _short_form_target(group, groups, by_part) for group in groups}
    merged: list[_Group] = []
    for group in groups:
        target = targets[id(group)]
        seen = {id(group)}
        while target is not None and targets[id(target)] is not None and id(target) not in seen:
            seen.add(id(target))
            target = targets[id(target)]
        if target is None or target is group:
            merged.append(group)
        else:
            target.absorb(group)
    return merged


def _promote_persons(groups: list[_Group]) -> None:
    """A full name the NER mistyped is a person when its surname alone is one ("Tokayev said")."""
    surnames = {normalize_key(g.name) for g in groups if g.type == "PERSON" and len(_name_parts(g.name)) == 1}
    for group in groups:
        parts = _name_parts(group.name)
        if group.type == "PERSON" or group.entry is not None or len(parts) < MIN_PERSON_TOKENS:
            continue
        if any(part.lower() in ALL_HEADS for part in parts) or normalize_key(parts[-1]) not in surnames:
            continue
        group.evidence["PERSON"] += sum(group.evidence.values()) + 1


def _name_parts(name: str) -> list[str]:
    """Words of a name, hyphenated surnames split too ("el-Sisi" -> "el", "Sisi")."""
    return [part for word in name.split() for part in word.split("-") if part]


def _short_form_target(group: _Group, groups: list[_Group], by_part: dict[str, list[_Group]]) -> _Group | None:
    name = group.name
    if group.entry is not None and group.entry.type != "PERSON":
        return None
    owners = [g for g in by_part.get(normalize_key(name), []) if g is not group]
    if len(owners) == 1 and len(name.split()) <= MAX_SURNAME_MERGE_TOKENS and len(owners[0].name) > len(name):
        return owners[0]
    if group.type == "PERSON" and INITIALLED_NAME.match(name):
        return _full_name_of_initialled(name, group, by_part)
    if looks_like_acronym(name):
        expansions = [g for g in groups if len(g.name.split()) > 1 and spells_exactly(name, g.name)]
        if len(expansions) == 1 and expansions[0].type != "PERSON":
            return expansions[0]
    container = _containing_group(group, groups) if group.type in CORE_MERGE_TYPES else None
    if container is not None:
        return container
    if len(name.split()) == 1 and (group.type == "ORG" or (group.entry is None and group.type != "PERSON")):
        return _org_with_first_word(group, groups)
    return None


def _full_name_of_initialled(name: str, group: _Group, by_part: dict[str, list[_Group]]) -> _Group | None:
    """ "S. Petrov" -> "Sergei Petrov": the one full name with that surname and that initial."""
    initial, surname = name[0], name.split()[-1]
    owners = [
        g for g in by_part.get(normalize_key(surname), [])
        if g is not group and g.name[0] == initial and not INITIALLED_NAME.match(g.name)
    ]
    return owners[0] if len(owners) == 1 else None


def _org_with_first_word(group: _Group, groups: list[_Group]) -> _Group | None:
    """ "Rio" -> "Rio Tinto": a one-word name that starts exactly one longer organisation.

    An unknown word the NER took for a place ("sold the mine to Kestrel") is that company too;
    a gazetteer place is not ("Kazakhstan" and "Kazakhstan Temir Zholy")."""
    key = normalize_key(group.name)
    owners = [
        g for g in groups if g is not group and g.type == "ORG" and normalize_key(g.name).split()[:1] == [key]
    ]
    return owners[0] if len(owners) == 1 and len(owners[0].name.split()) > 1 else None


def _core(name: str) -> list[str]:
    """A place or facility name without its generic words: "Power of Siberia mega pipeline" -> power of siberia."""
    words = normalize_key(name.replace("(", " ").replace(")", " ")).split()
    return [w for w in words if w not in FAC_HEADS and w not in LOC_HEADS and w not in CORE_FILLERS]


def _containing_group(group: _Group, groups: list[_Group]) -> _Group | None:
    """The same-type group this one is a short or decorated form of, preferring gazetteer entries.

    "Renaissance Dam" joins "Grand Ethiopian Renaissance Dam" (its core is inside the longer
    core); "Mekong basin" joins the gazetteer's "Mekong River" (same core). A number the other
    core adds ("Power of Siberia 2") marks a different thing.
    """
    core = _core(group.name)
    if not core:
        return None
    best = None
    for other in groups:
        if other is group or other.type != group.type or not _extends(other, group):
            continue
        if group.type == "FAC" and not _same_kind_of_facility(group.name, other.name):
            continue
        other_core = _core(other.name)
        if not _contains(other_core, core) or any(w.isdigit() for w in other_core if w not in core):
            continue
        if best is None or (other.entry is not None, len(other.name)) > (best.entry is not None, len(best.name)):
            best = other
    return best


def _same_kind_of_facility(short: str, long: str) -> bool:
    """ "Dostyk station" is not the "Dostyk-Moiynty corridor", nor a "Tavan Tolgoi rail line" the
    Tavan Tolgoi mine: a short form that names its kind of facility joins only a name of that kind."""
    kind = normalize_key(short).split()[-1]
    return kind not in FAC_KIND_WORDS or kind in normalize_key(long).split()


def _extends(other: _Group, group: _Group) -> bool:
    """Whether `other` may absorb `group`: a gazetteer entry, a longer name, or the earlier of equals."""
    if other.entry is not None or len(other.name) > len(group.name):
        return True
    return len(other.name) == len(group.name) and other.mentions[0].start < group.mentions[0].start


def _contains(words: list[str], part: list[str]) -> bool:
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))
