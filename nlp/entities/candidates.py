"""Candidate spans from the NER, head-noun rules, acronym definitions and person patterns.

Each source proposes spans with a provisional label; cleaning, typing and merging follow.
Gazetteer candidates come from `gazetteer_match`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsmine.models.gazetteer import Gazetteer, GazetteerEntry

from newsmine.nlp.entities.acronyms import looks_like_acronym, spells_exactly, spells_nearly
from newsmine.nlp.entities.tokens import (
    breaks_line,
    head_type,
    is_capitalised,
    is_dashed_tag,
    is_proper,
    is_spaced_dash,
    is_time_word,
)
from newsmine.nlp.entities.vocabulary import (
    FAC_HEADS,
    GPE_HEADS,
    HEAD_CONNECTORS,
    HYPHENS,
    LOC_HEADS,
    LOWERCASE_LOC_HEADS,
    MAX_BRACKET_TAIL,
    MAX_EXPANSION_TOKENS,
    MIN_ROUTE_TOWNS,
    MAX_PERSON_TOKENS,
    MIN_PERSON_TOKENS,
    MISSION_HEADS,
    MODIFIED_FAC_HEADS,
    NAME_JOINERS,
    NAME_MODIFIERS,
    NER_TYPES,
    NON_TITLE_CAPITALS,
    ORG_DESCRIPTORS,
    MAX_TITLED_NAME_TOKENS,
    PERSON_TITLES,
    ROLE_LOOKBACK,
    TITLE_JOINERS,
    TITLE_PHRASE_WINDOW,
    PLACE_CONNECTORS,
    ORG_HEADS,
    PERSON_ROLES,
    RETYPABLE_LABELS,
    ROLE_WINDOW,
    RULE_FAC_HEADS,
    ROUTE_CONTEXT,
    RULE_LOC_HEADS,
    SPEECH_VERBS,
    TRAILING_NAME_TOKENS,
)


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


def _rule_label(head: Token) -> str | None:
    lower = head.lower_
    if lower in RULE_FAC_HEADS or (lower in MODIFIED_FAC_HEADS and _follows_modifier(head)):
        return "FAC"
    if lower in GPE_HEADS and head.i > 0 and _names_admin_unit(head.doc[head.i - 1]) and not _modifies_noun(head):
        return "GPE"
    if lower in RULE_LOC_HEADS and (head.is_title or lower in LOWERCASE_LOC_HEADS):
        return "LOC"
    return None


def _follows_modifier(head: Token) -> bool:
    """ "X solar PV plant", "X bypass line": a plant or line is named when a facility modifier
    (acronyms such as PV or LNG passed over) stands before it; "the X line" alone is too vague."""
    index = head.i - 1
    while index >= 0 and head.doc[index].is_upper and len(head.doc[index]) > 1:
        index -= 1
    return index >= 0 and head.doc[index].lower_ in NAME_MODIFIERS and head.doc[index].is_lower


def _modifies_noun(head: Token) -> bool:
    """ "the Nurly Zhol state program": a lower-case "state" before a noun qualifies it, names no state."""
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    return head.is_lower and after is not None and after.is_lower and after.pos_ == "NOUN"


def _names_admin_unit(token: Token) -> bool:
    """A capitalised proper noun right before an administrative head ("Arakan state")."""
    return token.pos_ == "PROPN" and token.is_title and token.ent_type_ != "NORP"


def rule_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Names ending in a head noun: "Atasu-Alashankou oil pipeline", "Syr Darya River", "Arakan state"."""
    found = []
    for head in doc:
        label = _rule_label(head)
        if label is None:
            continue
        allow_norp = label == "LOC"
        start = _extend_left(doc, head.i, allow_norp=allow_norp)
        proper = [t for t in doc[start : head.i] if is_proper(t) or (allow_norp and t.is_title)]
        if not proper or (not allow_norp and all(gazetteer.is_nationality(t.text) for t in proper)):
            continue
        if len(proper) == 1 and head.is_lower and gazetteer.is_country(proper[0].text):
            continue  # "a Kazakhstan port" is a port in the country; "Aktau port" is the city's port (FAC)
        found.append(Candidate(start, head.i + 1, label, "rule"))
    return found


def _extend_left(doc: Doc, head_index: int, *, allow_norp: bool) -> int:
    """First token of the name that ends at `head_index`; `head_index` itself when there is none."""

    def nameish(token: Token) -> bool:
        return is_proper(token) or (allow_norp and token.is_title and not token.is_sent_start) or (
            allow_norp and token.ent_type_ == "NORP"
        )

    start = head_index
    while start > 0:
        left = doc[start - 1]
        if breaks_line(left) or left.is_space:
            break
        joins = (left.text in HYPHENS and not is_spaced_dash(doc, left)) or left.lower_ == "of"
        joins = joins or _hyphen_suffix(doc, start - 1)
        if left.lower_ == "and" and not (doc[start].is_lower and start >= 2 and doc[start - 2].is_lower):
            break
        acronym = left.is_upper and left.is_alpha and len(left) > 1  # "solar PV plant", "LNG terminal"
        if nameish(left) or left.lower_ in NAME_MODIFIERS or acronym or (joins and start >= 2):
            start -= 1
            continue
        break
    while start < head_index and not nameish(doc[start]):
        start += 1
    return start


def _hyphen_suffix(doc: Doc, index: int) -> bool:
    """A lower-case part glued by a hyphen to the name before it ("Aral-bek", "Ust-ordynsky")."""
    token = doc[index]
    return token.is_lower and token.is_alpha and index >= 2 and _joins_chain(doc, index - 1)


def head_first_candidates(doc: Doc) -> list[Candidate]:
    """Names led by a capitalised head noun: "Forum on China-Africa Cooperation", "Port of Baku".

    Infrastructure heads may be lower case ("the port of Mombasa"): news writes them so.

    A complement that is itself an organisation ("Department of the X Institute") is left to
    the other sources: the inner organisation is the entity the conventions list.
    """
    found = []
    for head in doc:
        if head.i + 2 >= len(doc) or doc[head.i + 1].lower_ not in ANY_HEAD_CONNECTOR:
            continue
        label = head_type([head])
        if label is None or doc[head.i + 1].lower_ not in _head_connectors(head, label):
            continue
        if not (head.is_title or (label == "FAC" and doc[head.i + 2].is_title)):
            continue
        end = _extend_right(doc, head.i + 2)
        if end <= head.i + 2 or any(t.is_title and t.lower_ in ORG_HEADS for t in doc[head.i + 2 : end]):
            continue
        start = head.i
        while head.is_title and start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
            start -= 1
        found.append(Candidate(start, end, label, "rule"))
    return found


ANY_HEAD_CONNECTOR = HEAD_CONNECTORS | PLACE_CONNECTORS | {"in"}


def _head_connectors(head: Token, label: str) -> frozenset[str]:
    """Words that may follow a leading head: "Port of X", but "Forum on X" and "Fund for X" only
    for organisations ("Issyk-Kul Lake on the X-Y section" is a lake, then a section)."""
    if label != "ORG":
        return PLACE_CONNECTORS
    return HEAD_CONNECTORS | ({"in"} if head.lower_ in MISSION_HEADS else frozenset())


def _extend_right(doc: Doc, index: int) -> int:
    """End of a run of capitalised words and joiners starting at `index` (joiners not at the end)."""
    end = index
    scan = index
    while scan < len(doc) and scan - index < MAX_EXPANSION_TOKENS:
        token = doc[scan]
        if breaks_line(token) or (token.ent_iob_ == "B" and token.ent_type_ == "PERSON") or is_time_word(token):
            break
        if is_capitalised(token) and not token.is_punct:
            end = scan + 1
        elif token.lower_ not in NAME_JOINERS:
            break
        scan += 1
    return end


def acronym_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """The written expansion of an acronym defined in the text: "Long Name (ACR)" or "Long Name, ACR"."""
    found = []
    for token in doc:
        if token.i < 2 or not looks_like_acronym(token.text) or doc[token.i - 1].text not in {"(", ","}:
            continue
        end = token.i - 1
        start = _expansion_start(doc, end, token.text)
        if start is None:
            continue
        span = doc[start:end]
        after = doc[token.i + 2] if token.i + 2 < len(doc) else None
        label = _expansion_label(span, after, gazetteer)
        found.append(Candidate(start, end, label, "acronym"))
        if doc[token.i - 1].text == "(" and token.i + 1 < len(doc) and doc[token.i + 1].text == ")":
            found.extend(_bracketed_name(doc, start, token.i + 1, gazetteer))
    return found


def based_in_candidates(doc: Doc) -> list[Candidate]:
    """ "a Washington-based think tank", "Almaty-based": the word before "-based" is a place."""
    if "based" not in doc.text:
        return []
    return [
        Candidate(based.i - 2, based.i - 1, "GPE", "rule")
        for based in doc
        if based.lower_ == "based" and based.i >= 2 and doc[based.i - 2].is_title and is_based_suffix(doc, based.i - 1)
    ]


def is_based_suffix(doc: Doc, index: int) -> bool:
    """Whether "-based" starts at `index` (a hyphen glued to the word before it, then "based")."""
    return index + 1 < len(doc) and _joins_chain(doc, index) and doc[index + 1].lower_ == "based"


def mission_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """ "the Chinese embassy in Bishkek": a country's mission, named by its nationality and its
    host place, is an organisation whichever case news writes "embassy" in."""
    found = []
    for head in doc:
        if head.lower_ not in MISSION_HEADS or head.i == 0 or head.i + 2 >= len(doc):
            continue
        owner, joiner, place = doc[head.i - 1], doc[head.i + 1], doc[head.i + 2]
        if owner.is_title and gazetteer.is_nationality(owner.text) and joiner.lower_ == "in" and place.is_title:
            found.append(Candidate(owner.i, _extend_right(doc, place.i), "ORG", "rule"))
    return found


def _bracketed_name(doc: Doc, start: int, close: int, gazetteer: Gazetteer) -> list[Candidate]:
    """ "China-Kyrgyzstan-Uzbekistan (CKU) railway", "X Temir Zholy (KTZ) National Company": a name
    that goes on after its acronym to a head noun is written whole, acronym and all."""
    end = None
    for index in range(close + 1, min(len(doc), close + 1 + MAX_BRACKET_TAIL)):
        token = doc[index]
        if token.lower_ in FAC_HEADS | ORG_HEADS:
            end = index + 1
        elif not (token.is_title or token.lower_ in NAME_MODIFIERS):
            break
    if end is None:
        return []
    label = head_type(doc[close + 1 : end]) or "ORG"
    inner = doc[start : close - 2].text
    entry = gazetteer.lookup(f"{inner} {doc[close + 1 : end].text}") or gazetteer.lookup(inner)
    if entry is not None and entry.type != label:
        return []  # "China-Pakistan Economic Corridor (CPEC) Authority": the known corridor stays itself
    return [Candidate(start, end, label, "acronym", entry)]


def bracketed_acronym_at(doc: Doc, index: int) -> bool:
    """Whether `doc[index]` opens "(ACR)": a bracketed acronym that may stand inside a name."""
    return (
        doc[index].text == "("
        and index + 2 < len(doc)
        and doc[index + 2].text == ")"
        and looks_like_acronym(doc[index + 1].text)
    )


def _expansion_start(doc: Doc, end: int, acronym: str) -> int | None:
    """Start of the run of capitalised words before `end` whose initials spell `acronym`.

    An exact spelling may start anywhere in the run (the longest wins); a near spelling
    ("LMC" for "Lancang-Mekong Cooperation Framework") takes the shortest, so that a title
    before the name ("Chairman of the ...") is not swallowed.
    """
    first = end
    while first > 0 and end - first < MAX_EXPANSION_TOKENS:
        left = doc[first - 1]
        if breaks_line(left) or is_time_word(left) or not (is_capitalised(left) or left.lower_ in NAME_JOINERS):
            break
        first -= 1
    starts = [start for start in range(first, end) if doc[start].text[:1].isupper()]
    for start in starts:
        if spells_exactly(acronym, doc[start:end].text):
            return start
    for start in reversed(starts):
        if spells_nearly(acronym, doc[start:end].text):
            return start
    return None


def _expansion_label(span: Span, after: Token | None, gazetteer: Gazetteer) -> str:
    entry = gazetteer.lookup(span.text)
    if entry is not None:
        return entry.type
    if after is not None and after.lower_ in FAC_HEADS:
        return "FAC"
    return head_type(span) or "ORG"


def ner_candidates(doc: Doc) -> list[Candidate]:
    """The statistical NER's spans of the types we list, or of others a head noun retypes.

    Coordinated names the NER glued together are cut apart: "Gazprom and Rosneft".
    """
    found = []
    for ent in doc.ents:
        if ent.label_ in NER_TYPES or (ent.label_ in RETYPABLE_LABELS and head_type(ent) is not None):
            parts = _split_coordination(doc, ent.start, ent.end)
            found.extend(Candidate(start, end, ent.label_, "ner") for start, end in parts)
    return found


def _split_coordination(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """ "Gazprom and Rosneft" -> two spans; "Ministry of Trade and Industry" stays whole."""
    words = [t.lower_ for t in doc[start:end]]
    if "and" not in words[1:-1] or any(w in {"of", "for", "on"} for w in words[: words.index("and")]):
        return [(start, end)]
    middle = start + words.index("and")
    if not (is_capitalised(doc[middle - 1]) and is_capitalised(doc[middle + 1])):
        return [(start, end)]
    if head_type(doc[start:end]) is not None and head_type(doc[start:middle]) is None:
        return [(start, end)]
    return [(start, middle), (middle + 1, end)]


def split_trailing_speaker(doc: Doc, cand: Candidate) -> list[Candidate]:
    """An organisation span that runs into a person's name: "... Academy of Sciences Li Wenbo said".

    The name is cut off when a speech verb follows, or when its last word (the surname)
    recurs on its own elsewhere in the text ("... of Dala Agro Holding Serik Temirov,
    ...", later "added Temirov").
    """
    span = doc[cand.start : cand.end]
    size = TRAILING_NAME_TOKENS
    if (cand.label != "ORG" and head_type(span) != "ORG") or len(span) <= size + 1 or cand.end >= len(doc):
        return [cand]
    if cand.entry is not None or span[-size - 1].lower_ in NAME_JOINERS:
        return [cand]  # "the Ministry of Foreign Affairs said": a known name, or one cut after "of"
    speaks = doc[cand.end].lower_ in SPEECH_VERBS
    if not (speaks or _recurs_alone(doc, span[-1])) or head_type(span[:-size]) is None:
        return [cand]
    tail = span[-size:]
    if not all(t.pos_ == "PROPN" and t.is_title and t.lower_ not in ORG_HEADS for t in tail):
        return [cand]
    organisation = Candidate(cand.start, cand.end - size, "ORG", cand.source)
    return [organisation, Candidate(cand.end - size, cand.end, "PERSON", "rule")]


def _recurs_alone(doc: Doc, word: Token) -> bool:
    """Whether `word` occurs elsewhere in the text as a one-word name (not inside a longer one)."""
    if doc.text.count(word.text) < 2:  # the usual case, found without walking the tokens
        return False
    for token in doc:
        if token.i == word.i or token.text != word.text:
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if not any(t is not None and t.is_title and not t.is_sent_start for t in (before, after)):
            return True
    return False


def person_pattern_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Capitalised runs that the context calls a person, whatever the NER made of them.

    "Ana Putri Wibowo, a spokesman for ..." (an apposition with a role noun) and
    "Omar Kell writing in ... said" / "Dana Amir said" (a run opening its sentence
    right before a speech verb).
    """
    found = _byline_candidates(doc)
    for token in doc:
        apposition = token.text == "," and _role_follows(doc, token.i + 1)
        if not apposition and not (token.lower_ in SPEECH_VERBS | {"writing"} and token.i > 0):
            continue
        end = start = token.i
        while start > 0 and end - start < MAX_PERSON_TOKENS and _is_person_word(doc[start - 1], gazetteer, apposition):
            start -= 1
        opens_clause = start == 0 or doc[start - 1].is_punct or doc[start].is_sent_start
        if end - start >= MIN_PERSON_TOKENS and (apposition or opens_clause):
            found.append(Candidate(start, end, "PERSON", "rule"))
    return found


def titled_person_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """A name set after its title, which the NER glues to the title or misses.

    "Deputy Minister of Water of Mongolia Bat Erdene said", "Ambassador to Georgia Li Wen
    described": the name is the run of two or three name words after the title's last
    known place. "Minister of Fisheries, Anna Kovac, noted": after the comma that
    closes a role, up to the next comma or verb.
    """
    found = []
    for token in doc:
        if token.text == "," and role_before(doc, token.i):
            start = token.i + 1
        elif token.is_title and token.lower_ in PERSON_TITLES - NON_TITLE_CAPITALS:
            start = _after_titled_place(doc, token.i, gazetteer)
        else:
            continue
        if start is None:
            continue
        end = start
        while end < len(doc) and end - start < MAX_TITLED_NAME_TOKENS and _is_person_word(doc[end], gazetteer, True):
            end += 1
        closes = end < len(doc) and (doc[end].is_punct or doc[end].pos_ in {"VERB", "AUX"})
        if end - start >= MIN_PERSON_TOKENS and closes:
            found.append(Candidate(start, end, "PERSON", "rule"))
    return found


def _after_titled_place(doc: Doc, title: int, gazetteer: Gazetteer) -> int | None:
    """The index after the last known place of a title phrase ("Minister of X of Uzbekistan"), if any."""
    after = None
    index = title + 1
    while index < len(doc) and index - title <= TITLE_PHRASE_WINDOW:
        token = doc[index]
        if token.lower_ in TITLE_JOINERS:
            index += 1
            continue
        if not token.is_title:
            break
        if gazetteer.lookup(token.text, "GPE") is not None or gazetteer.is_country(token.text):
            after = index + 1
        index += 1
    return after


def role_before(doc: Doc, comma: int) -> bool:
    """A role or title among the few words before the comma ("the Minister of the Ministry, X")."""
    window = doc[max(0, comma - ROLE_LOOKBACK) : comma]
    return any(t.lower_ in PERSON_ROLES or t.lower_ in PERSON_TITLES - NON_TITLE_CAPITALS for t in window)


def _byline_candidates(doc: Doc) -> list[Candidate]:
    """A paragraph that opens with a byline: "Paul KERRIGAN -PK-" or "By Dana Amir"."""
    found = []
    line_starts = [0] + [token.i + 1 for token in doc if breaks_line(token)]
    for token in (doc[i] for i in line_starts if i + 2 <= len(doc)):
        first, second = token, doc[token.i + 1]
        after = doc[token.i + 2] if token.i + 2 < len(doc) else None
        ends = after is None or breaks_line(after) or is_dashed_tag(after) or after.text in {"(", ","}
        if first.is_title and first.is_alpha and second.is_upper and second.is_alpha and len(second) > 1 and ends:
            found.append(Candidate(token.i, token.i + 2, "PERSON", "rule"))
        elif (
            first.lower_ == "by"
            and token.i + 3 <= len(doc)
            and all(t.is_title for t in doc[token.i + 1 : token.i + 3])
        ):
            found.append(Candidate(token.i + 1, token.i + 3, "PERSON", "rule"))
    return found


def _is_person_word(token: Token, gazetteer: Gazetteer, described: bool) -> bool:
    """A word of a person's name; the NER's ORG tag is overruled when a role describes the run."""
    excluded_labels = {"GPE", "LOC", "FAC"} if described else {"GPE", "LOC", "FAC", "ORG"}
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.lower_ not in ORG_HEADS | FAC_HEADS | LOC_HEADS | GPE_HEADS
        and token.ent_type_ not in excluded_labels
        and not gazetteer.is_nationality(token.text)
        and gazetteer.lookup(token.text) is None
        and not is_time_word(token)
    )


def _role_follows(doc: Doc, index: int) -> bool:
    """Within the next few words after the comma: an optional article, then a role noun."""
    window = doc[index : index + ROLE_WINDOW]
    if len(window) and window[0].lower_ in {"a", "an", "the"}:
        window = window[1:]
    for token in window:
        if token.lower_ in PERSON_ROLES:
            return True
        if not (token.is_lower or token.is_title) or token.is_punct:
            return False
    return False


def route_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Routes written as a chain of towns: "Dostyk-Alashankou", "Tashkent-Andijan-Osh-Kashgar" (FAC).

    A chain of one-word capitalised names joined by unspaced hyphens, with no country, in a
    sentence about transport, whose towns the gazetteer knows or whose surroundings rule out
    a person and a company (`_is_unknown_chain`): "Kyrgyzstan-China" names a relation, not a
    route, "Beijing-Moscow talks" are not about a route.
    """
    found = []
    index = 0
    while index < len(doc):
        end = index + 1
        while end + 1 < len(doc) and _joins_chain(doc, end) and doc[end + 1].is_title and doc[end + 1].is_alpha:
            end += 2
        parts = [doc[i] for i in range(index, end, 2)]
        if len(parts) < MIN_ROUTE_TOWNS or not doc[index].is_title:
            index = end
            continue
        town_chain = _is_town_chain(parts, gazetteer) or _is_unknown_chain(doc, index, end, parts, gazetteer)
        if town_chain and any(t.lower_ in ROUTE_CONTEXT for t in doc[index].sent):
            found.append(Candidate(index, end, "FAC", "rule"))
        index = end
    return found


def _joins_chain(doc: Doc, index: int) -> bool:
    token = doc[index]
    return token.text in HYPHENS and not token.whitespace_ and not doc[index - 1].whitespace_


def _is_unknown_chain(doc: Doc, start: int, end: int, parts: list[Token], gazetteer: Gazetteer) -> bool:
    """Towns the gazetteer does not know ("Tarvel-Oskemir"), told from a double first name
    ("Kassym-Jomart Tokayev") and a company ("construction group Soares-Braga") by what stands
    around them: no name or speech verb after, no title or company word before."""
    if any(gazetteer.is_country(t.text) or gazetteer.is_nationality(t.text) for t in parts):
        return False
    after = doc[end] if end < len(doc) else None
    before = doc[start - 1] if start > 0 else None
    if after is not None and (after.is_title or after.lower_ in SPEECH_VERBS):
        return False
    return before is None or before.lower_.rstrip(".") not in PERSON_TITLES | ORG_DESCRIPTORS


def _is_town_chain(parts: list[Token], gazetteer: Gazetteer) -> bool:
    if any(gazetteer.is_country(t.text) or gazetteer.is_nationality(t.text) for t in parts):
        return False
    return any(gazetteer.lookup(t.text, "GPE") is not None for t in parts)
