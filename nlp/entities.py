"""Entities stage: one `Entity` per real-world thing per document, under its fullest name.

The packaged statistical NER (`doc.ents`) is a good start but, on news of this domain, it
cuts spans badly ("the Kazakhstan Institute ...", "Russia's"), tags nationalities and dates,
mistypes infrastructure ("Gwadar Port" as a PERSON) and misses many names altogether
("Atasu-Alashankou oil pipeline", "Kazinform"). So candidate spans come from five sources:

- the NER, with glued spans cut apart ("Gazprom and Rosneft");
- the domain gazetteer (`models.gazetteer`, a case-insensitive PhraseMatcher), which also
  blocks names the conventions never list (Belt and Road Initiative);
- head-noun rules: "X oil pipeline", "X River", "Arakan state", "port of X", "Forum on X";
- acronym definitions: "Long Name (ACR)" and "Long Name, ACR" give the written long name;
- person patterns: "Name Surname, a spokesman ...", "Name Surname said", bylines.

The longest non-overlapping candidates are kept, cleaned (articles, titles, quotes, "'s",
demonyms, line breaks) and typed (gazetteer, then head noun, then context, then NER). The
mentions of one document are then merged: surnames into full names, acronyms into their
expansion, aliases into their gazetteer entry, "Renaissance Dam" into "Grand Ethiopian
Renaissance Dam". `canonical_name` is the pure cross-document half, used by the store.
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

from newsmine.corpus.schema import ENTITY_TYPES, Entity, Mention
from newsmine.models.gazetteer import Gazetteer, GazetteerEntry, canonical_name, load_gazetteer, normalize_key
from newsmine.nlp.extensions import register_extensions

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
        "checkpoint", "crossing", "gateway", "plant", "hub", "line", "route",
    }
)
LOC_HEADS = frozenset(
    {
        "river", "sea", "lake", "ocean", "gulf", "bay", "strait", "basin", "valley", "mountains",
        "desert", "island", "islands", "peninsula", "region", "plateau", "delta", "straits",
    }
)
# Capitalised heads of administrative units ("Rakhine State", "Mandalay Division").
GPE_HEADS = frozenset(
    {"state", "states", "province", "division", "oblast", "prefecture", "district", "county", "governorate", "krai"}
)
# LOC heads that name a place even when written in lower case ("the Tibetan plateau").
LOWERCASE_LOC_HEADS = frozenset({"plateau", "peninsula", "basin", "delta"})
ORG_HEADS = frozenset(
    {
        "ministry", "institute", "institution", "university", "bank", "company", "corporation",
        "corp", "agency", "center", "centre", "council", "commission", "committee", "party",
        "association", "foundation", "fund", "authority", "administration", "department", "railways",
        "airlines", "academy", "college", "forum", "office", "group", "holding", "holdings",
        "organisation", "organization", "union", "service", "inc", "ltd", "llc", "plc", "co",
        "consortium", "chamber", "federation", "network", "school", "club", "times", "post", "news",
        "embassy", "consulate", "secretariat", "unit", "directorate", "parliament", "assembly",
    }
)
ALL_HEADS = FAC_HEADS | LOC_HEADS | GPE_HEADS | ORG_HEADS
# Rule heads: nouns that end an infrastructure or place name written with lower-case heads.
RULE_FAC_HEADS = FAC_HEADS - {"hub", "line", "route", "road", "plant"}
RULE_LOC_HEADS = frozenset(
    {"river", "sea", "lake", "basin", "valley", "desert", "island", "peninsula", "plateau", "delta"}
)
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
# Capitalised words in PERSON_TITLES that also open non-person names ("State Grid", "General Electric").
NON_TITLE_CAPITALS = frozenset({"state", "general", "foreign", "said", "says", "chief", "deputy", "vice"})
NON_NAME_WORDS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "today", "yesterday", "tomorrow",
    }
)
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
SPLITTERS = frozenset({"(", ")", "[", "]", "|", ":", ";", "\u2014", "--"})
HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2012", "\u2013"})
ACRONYM_STOPWORDS = frozenset({"of", "for", "and", "the", "on", "in", "de", "&"})
MIN_ACRONYM_UPPER = 2
MAX_SURNAME_MERGE_TOKENS = 2

# Words that alone never make a name ("the Executive Committee", "the West", "Press").
GENERIC_WORDS = frozenset(
    {
        "executive", "security", "press", "army", "military", "police", "government", "board",
        "state", "national", "federal", "international", "foreign", "affairs", "general", "public",
        "east", "west", "north", "south", "eastern", "western", "northern", "southern", "central",
        "upper", "lower", "new", "old", "great", "greater", "first", "second", "phase", "project",
        "economic", "development", "planning", "transport", "energy", "trade", "investment", "and",
        "of", "for", "the", "on", "minister", "president", "secretary", "chairman", "spokesperson",
        "cooperation", "global", "joint", "special", "senior", "direct", "investments", "foreign",
    }
)
DIRECTION_WORDS = frozenset(
    {"east", "west", "north", "south", "eastern", "western", "northern", "southern", "central", "upper", "lower"}
)
# Lower-case words that may open a name ("de Gaulle", "al-Sisi").
NAME_PARTICLES = frozenset({"de", "da", "van", "von", "bin", "al", "el", "du", "di", "la", "le"})
# "the trader Trafigura", "wealth fund Danantara": a descriptor right before a name makes it an ORG.
ORG_DESCRIPTORS = frozenset(
    {
        "fund", "company", "firm", "group", "trader", "specialist", "operator", "giant", "maker",
        "producer", "miner", "developer", "consortium", "carrier", "lender", "insurer", "conglomerate",
        "broadcaster", "outlet", "newspaper", "agency", "bank", "contractor", "manufacturer", "startup",
        "subsidiary", "supplier", "investor", "builder", "shipper", "airline", "retailer", "exchange",
    }
)
# Prepositions of place: a one-word "PERSON" after them is a place ("trains enter through Malaszewicze").
PLACE_PREPOSITIONS = frozenset({"in", "at", "through", "from", "near", "via", "into", "across", "to", "outside"})
# "X, a small village in ...": nouns that make an apposition call X a place.
PLACE_NOUNS = frozenset(
    {"village", "town", "city", "capital", "port", "province", "region", "district", "county", "island", "state"}
)
APPOSITION_WINDOW = 5
# Parts of an organisation, not listed when the text names the organisation they belong to.
SUBUNIT_HEADS = frozenset(
    {"department", "division", "unit", "office", "faculty", "school", "laboratory", "bureau", "section", "desk"}
)
# Nouns that describe a person in an apposition ("X, a spokesman for ...").
PERSON_ROLES = frozenset(
    {
        "spokesman", "spokeswoman", "spokesperson", "speaker", "director", "minister", "analyst", "expert",
        "professor", "researcher", "economist", "chairman", "chairwoman", "chairperson", "president",
        "ceo", "founder", "fellow", "official", "adviser", "advisor", "envoy", "ambassador", "secretary",
        "governor", "mayor", "commissioner", "editor", "correspondent", "lawyer", "engineer", "lecturer",
        "scientist", "manager", "officer", "head", "deputy", "chief", "senator", "lawmaker", "diplomat",
    }
)
SPEECH_VERBS = frozenset(
    {"said", "says", "told", "added", "noted", "stated", "explained", "stressed", "emphasized", "emphasised",
     "pointed", "argued", "warned", "believes", "wrote", "asked", "claimed", "confirmed"}
)
TRAILING_NAME_TOKENS = 2
MIN_PERSON_TOKENS = 2
MAX_PERSON_TOKENS = 4
ROLE_WINDOW = 4
# Words between a leading head and the rest of its name ("Forum on ...", "Embassy in ...").
HEAD_CONNECTORS = frozenset({"of", "on", "for"})
MISSION_HEADS = frozenset({"embassy", "consulate"})
# Words that may join the parts of a name found by its acronym or by its leading head noun.
NAME_JOINERS = frozenset({"of", "for", "and", "on", "the", "&", "de", "-", "\u2013"})
MAX_EXPANSION_TOKENS = 12
MAX_GENERIC_WORDS = 2
MAX_HYPHENATED_WORDS = 4
MAX_FACILITY_NUMBER_CHARS = 2
# Possessives that belong inside a name ("People's Liberation Army").
NAME_POSSESSORS = frozenset({"people", "women", "workers", "children", "farmers", "peoples"})
# Legal forms written after a company name (common in Central Asia and Russia: JSC, LLP).
LEGAL_SUFFIXES = frozenset(
    {
        "JSC", "CJSC", "OJSC", "PJSC", "LLP", "LLC", "Ltd", "Inc", "Plc", "PLC", "AG", "GmbH", "SA",
        "NV", "BV", "Corp", "Co", "AO", "OAO", "ZAO", "OOO", "TOO", "PAO",
    }
)
# A name ending in a role is a person's title, not an organisation ("Bank Chairperson").
ROLE_WORDS = frozenset(
    {
        "chairperson", "chairman", "chairwoman", "president", "director", "secretary", "minister",
        "spokesperson", "spokesman", "spokeswoman", "ceo", "head", "chief", "ambassador", "envoy",
    }
)
# Same-type places and facilities merge when one name's core holds the other's.
CORE_MERGE_TYPES = frozenset({"FAC", "LOC", "GPE"})
# Types whose NER spans lose a leading demonym ("Russian Novorossisk"); organisations keep it.
NATIONALITY_TRIM_TYPES = frozenset({"PERSON", "GPE", "LOC"})
CORE_FILLERS = NAME_MODIFIERS | frozenset({"mega", "the", "lower", "upper", "new", "water", "deep", "sea"})
EXCLUDED = "EXCLUDED"
EXCLUDED_ENTRY = GazetteerEntry(EXCLUDED, EXCLUDED)

SOURCE_RANK = {"excluded": -1, "gazetteer": 0, "acronym": 1, "rule": 1, "ner": 2}


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
        """Fullest written form: the longest mention (of the gazetteer's forms, when it has an entry)."""
        mentions = self.mentions
        if self.entry is not None:
            forms = {normalize_key(form) for form in self.entry.forms}
            mentions = [m for m in mentions if normalize_key(m.text) in forms] or mentions
        best = max(mentions, key=lambda m: (len(m.text), not m.text.isupper(), -m.start))
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
    if head in GPE_HEADS and tokens[head_index].is_title and len(words) > 1:
        return "GPE"
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


def _is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper() or token.is_digit


def _is_time_word(token: Token) -> bool:
    """Dates, numbers and weekday or month names never continue a name ("port of X on Monday")."""
    return token.ent_type_ in NUMERIC_LABELS or token.lower_ in NON_NAME_WORDS


def _breaks_line(token: Token) -> bool:
    return "\n" in token.text


def _rule_label(head: Token) -> str | None:
    lower = head.lower_
    if lower in RULE_FAC_HEADS:
        return "FAC"
    if lower in GPE_HEADS and head.i > 0 and _names_admin_unit(head.doc[head.i - 1]):
        return "GPE"
    if lower in RULE_LOC_HEADS and (head.is_title or lower in LOWERCASE_LOC_HEADS):
        return "LOC"
    return None


def _names_admin_unit(token: Token) -> bool:
    """A capitalised proper noun right before an administrative head ("Arakan state")."""
    return token.pos_ == "PROPN" and token.is_title and token.ent_type_ != "NORP"


def _rule_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Names ending in a head noun: "Atasu-Alashankou oil pipeline", "Syr Darya River", "Arakan state"."""
    found = []
    for head in doc:
        label = _rule_label(head)
        if label is None:
            continue
        allow_norp = label == "LOC"
        start = _extend_left(doc, head.i, allow_norp=allow_norp)
        proper = [t for t in doc[start : head.i] if _is_proper(t) or (allow_norp and t.is_title)]
        if not proper or (not allow_norp and all(gazetteer.is_nationality(t.text) for t in proper)):
            continue
        if len(proper) == 1 and head.is_lower and gazetteer.lookup(proper[0].text, "GPE") is not None:
            continue
        found.append(Candidate(start, head.i + 1, label, "rule"))
    return found


def _extend_left(doc: Doc, head_index: int, *, allow_norp: bool) -> int:
    """First token of the name that ends at `head_index`; `head_index` itself when there is none."""

    def nameish(token: Token) -> bool:
        return _is_proper(token) or (allow_norp and token.is_title and not token.is_sent_start) or (
            allow_norp and token.ent_type_ == "NORP"
        )

    start = head_index
    while start > 0:
        left = doc[start - 1]
        if _breaks_line(left) or left.is_space:
            break
        joins = (left.text in HYPHENS and not _is_spaced_dash(doc, left)) or left.lower_ == "of"
        if left.lower_ == "and" and not (doc[start].is_lower and start >= 2 and doc[start - 2].is_lower):
            break
        if nameish(left) or left.lower_ in NAME_MODIFIERS or (joins and start >= 2):
            start -= 1
            continue
        break
    while start < head_index and not nameish(doc[start]):
        start += 1
    return start


def _head_first_candidates(doc: Doc) -> list[Candidate]:
    """Names led by a capitalised head noun: "Forum on China-Africa Cooperation", "Port of Baku".

    Infrastructure heads may be lower case ("the port of Mombasa"): news writes them so.

    A complement that is itself an organisation ("Department of the X Institute") is left to
    the other sources: the inner organisation is the entity the conventions list.
    """
    found = []
    for head in doc:
        connectors = HEAD_CONNECTORS | ({"in"} if head.lower_ in MISSION_HEADS else set())
        if head.i + 2 >= len(doc) or doc[head.i + 1].lower_ not in connectors:
            continue
        label = _head_type([head])
        if label is None or not (head.is_title or (label == "FAC" and doc[head.i + 2].is_title)):
            continue
        end = _extend_right(doc, head.i + 2)
        if end <= head.i + 2 or any(t.is_title and t.lower_ in ORG_HEADS for t in doc[head.i + 2 : end]):
            continue
        start = head.i
        while head.is_title and start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
            start -= 1
        found.append(Candidate(start, end, label, "rule"))
    return found


def _extend_right(doc: Doc, index: int) -> int:
    """End of a run of capitalised words and joiners starting at `index` (joiners not at the end)."""
    end = index
    scan = index
    while scan < len(doc) and scan - index < MAX_EXPANSION_TOKENS:
        token = doc[scan]
        if _breaks_line(token) or (token.ent_iob_ == "B" and token.ent_type_ == "PERSON") or _is_time_word(token):
            break
        if _is_capitalised(token) and not token.is_punct:
            end = scan + 1
        elif token.lower_ not in NAME_JOINERS:
            break
        scan += 1
    return end


def _acronym_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """The written expansion of an acronym defined in the text: "Long Name (ACR)" or "Long Name, ACR"."""
    found = []
    for token in doc:
        if token.i < 2 or not _looks_like_acronym(token.text) or doc[token.i - 1].text not in {"(", ","}:
            continue
        end = token.i - 1
        start = _expansion_start(doc, end, token.text)
        if start is None:
            continue
        span = doc[start:end]
        after = doc[token.i + 2] if token.i + 2 < len(doc) else None
        label = _expansion_label(span, after, gazetteer)
        found.append(Candidate(start, end, label, "acronym"))
    return found


def _expansion_start(doc: Doc, end: int, acronym: str) -> int | None:
    """Start of the run of capitalised words before `end` whose initials spell `acronym`.

    An exact spelling may start anywhere in the run (the longest wins); a near spelling
    ("LMC" for "Lancang-Mekong Cooperation Framework") takes the shortest, so that a title
    before the name ("Chairman of the ...") is not swallowed.
    """
    first = end
    while first > 0 and end - first < MAX_EXPANSION_TOKENS:
        left = doc[first - 1]
        if _breaks_line(left) or _is_time_word(left) or not (_is_capitalised(left) or left.lower_ in NAME_JOINERS):
            break
        first -= 1
    starts = [start for start in range(first, end) if doc[start].text[:1].isupper()]
    for start in starts:
        if _spells_exactly(acronym, doc[start:end].text):
            return start
    for start in reversed(starts):
        if _spells_nearly(acronym, doc[start:end].text):
            return start
    return None


def _capitals(acronym: str) -> str:
    return "".join(ch for ch in acronym if ch.isupper())


def _spells_exactly(acronym: str, name: str) -> bool:
    """The acronym's capitals are the name's initials, with or without its joiner words."""
    return _capitals(acronym) in {_acronym_letters(name), _initials_without_stopwords(name)}


def _spells_nearly(acronym: str, name: str) -> bool:
    """The capitals are the name's initials in order, one initial at most left out."""
    missing = len(_initials_without_stopwords(name)) - len(_capitals(acronym))
    return is_acronym_of(acronym, name) and 0 <= missing <= 1


def _expansion_label(span: Span, after: Token | None, gazetteer: Gazetteer) -> str:
    entry = gazetteer.lookup(span.text)
    if entry is not None:
        return entry.type
    if after is not None and after.lower_ in FAC_HEADS:
        return "FAC"
    return _head_type(span) or "ORG"


def _gazetteer_candidates(doc: Doc, matcher: PhraseMatcher, gazetteer: Gazetteer) -> list[Candidate]:
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


def _ner_candidates(doc: Doc) -> list[Candidate]:
    """The statistical NER's spans of the types we list, or of others a head noun retypes.

    Coordinated names the NER glued together are cut apart: "Gazprom and Rosneft".
    """
    found = []
    for ent in doc.ents:
        if ent.label_ in NER_TYPES or (ent.label_ in RETYPABLE_LABELS and _head_type(ent) is not None):
            parts = _split_coordination(doc, ent.start, ent.end)
            found.extend(Candidate(start, end, ent.label_, "ner") for start, end in parts)
    return found


def _split_coordination(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """ "Gazprom and Rosneft" -> two spans; "Ministry of Trade and Industry" stays whole."""
    words = [t.lower_ for t in doc[start:end]]
    if "and" not in words[1:-1] or any(w in {"of", "for", "on"} for w in words[: words.index("and")]):
        return [(start, end)]
    middle = start + words.index("and")
    if not (_is_capitalised(doc[middle - 1]) and _is_capitalised(doc[middle + 1])):
        return [(start, end)]
    if _head_type(doc[start:end]) is not None and _head_type(doc[start:middle]) is None:
        return [(start, end)]
    return [(start, middle), (middle + 1, end)]


def _split_trailing_speaker(doc: Doc, cand: Candidate) -> list[Candidate]:
    """An organisation span that runs into the speaker's name: "... Academy of Sciences Da Zhigang said"."""
    span = doc[cand.start : cand.end]
    size = TRAILING_NAME_TOKENS
    if (cand.label != "ORG" and _head_type(span) != "ORG") or len(span) <= size + 1 or cand.end >= len(doc):
        return [cand]
    if doc[cand.end].lower_ not in SPEECH_VERBS or _head_type(span[:-size]) is None:
        return [cand]
    tail = span[-size:]
    if not all(t.pos_ == "PROPN" and t.is_title and t.lower_ not in ORG_HEADS for t in tail):
        return [cand]
    organisation = Candidate(cand.start, cand.end - size, "ORG", cand.source)
    return [organisation, Candidate(cand.end - size, cand.end, "PERSON", "rule")]


def _person_pattern_candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Capitalised runs that the context calls a person, whatever the NER made of them.

    "Nirwala Dwi Heryanto, a spokesman for ..." (an apposition with a role noun) and
    "Jevans Nyabiage writing in ... said" / "Dana Amir said" (a run opening its sentence
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


def _byline_candidates(doc: Doc) -> list[Candidate]:
    """A paragraph that opens with a byline: "Robert HARNEIS -AB-" or "By Dana Amir"."""
    found = []
    for token in doc:
        if not (token.i == 0 or _breaks_line(doc[token.i - 1])) or token.i + 2 > len(doc):
            continue
        first, second = token, doc[token.i + 1]
        after = doc[token.i + 2] if token.i + 2 < len(doc) else None
        ends = after is None or _breaks_line(after) or _is_dashed_tag(after) or after.text in {"(", ","}
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


def _split_and_trim(doc: Doc, candidate: Candidate) -> Candidate | None:
    """Cut the span at line breaks and brackets, then trim articles, titles, quotes and "'s"."""
    start, end = candidate.start, candidate.end
    for index in range(start, end):
        token = doc[index]
        if _breaks_line(token) or token.text in SPLITTERS or _is_dashed_tag(token) or _is_spaced_dash(doc, token):
            end = index
            break
    while start < end and _is_leading_junk(doc[start], candidate):
        start += 1
    if end - start > 2 and doc[start].lower_ == "government" and doc[start + 1].lower_ == "of":
        start += 2
    while end > start and _is_trailing_junk(doc[end - 1]):
        end -= 1
    if candidate.entry is None:
        start, end = _cut_at_possessive(doc, start, end)
    if start >= end:
        return None
    return Candidate(start, end, candidate.label, candidate.source, candidate.entry)


def _cut_at_possessive(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """ "Anaklia's deep water" -> "Anaklia"; "Russia's Gazprom" -> "Gazprom": a possessive joins two things."""
    for index in range(start + 1, end - 1):
        if doc[index].text in POSSESSIVES and doc[index - 1].lower_ not in NAME_POSSESSORS:
            if all(not _is_capitalised(t) for t in doc[index + 1 : end]):
                return start, index
            return index + 1, end
    return start, end


def _drop_subunit_prefix(doc: Doc, cand: Candidate) -> Candidate:
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


def _extend_tail(doc: Doc, cand: Candidate, gazetteer: Gazetteer) -> Candidate:
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


def _drop_qualifier(doc: Doc, cand: Candidate, gazetteer: Gazetteer) -> Candidate:
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


def _is_spaced_dash(doc: Doc, token: Token) -> bool:
    """A dash with spaces around it separates phrases ("Anaklia Port - Georgian rival")."""
    return token.text in HYPHENS and bool(token.whitespace_) and token.i > 0 and bool(doc[token.i - 1].whitespace_)


def _is_dashed_tag(token: Token) -> bool:
    """A byline tag glued to dashes ("-TDO-"): never part of the name before it."""
    return len(token.text) > 2 and token.text[0] in HYPHENS and any(ch.isalpha() for ch in token.text)


def _is_leading_junk(token: Token, candidate: Candidate) -> bool:
    if token.is_punct or token.is_quote or token.is_space or token.lower_ in LEADING_WORDS:
        return True
    if token.is_lower and candidate.source == "ner" and token.lower_ not in NAME_PARTICLES:
        return True
    return candidate.label == "PERSON" and token.lower_.rstrip(".") in PERSON_TITLES


def _is_trailing_junk(token: Token) -> bool:
    return token.is_punct or token.is_quote or token.is_space or token.text in POSSESSIVES


def _select(candidates: list[Candidate]) -> list[Candidate]:
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


def _drop_place_compounds(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Drop NER spans that only glue known places together ("China-Kazakhstan"): keep the parts."""
    places = [c for c in candidates if c.source == "gazetteer" and c.label in {"GPE", "LOC"}]
    kept = []
    for cand in candidates:
        inside = [p for p in places if cand.start <= p.start and p.end <= cand.end and p.length < cand.length]
        if cand.source == "ner" and len(inside) >= 2 and _head_type(doc[cand.start : cand.end]) is None:
            continue
        kept.append(cand)
    return kept


def _decide_type(doc: Doc, cand: Candidate) -> str | None:
    """Gazetteer type, else the head noun's, else the context's or NER's; None for non-entities."""
    if cand.label == EXCLUDED:
        return None
    span = doc[cand.start : cand.end]
    if cand.entry is not None and normalize_key(span.text) in _entry_keys(cand.entry):
        return cand.entry.type
    head_type = _head_type(span)
    if head_type is not None:
        return head_type
    if cand.source == "ner" and len(span) == 1:
        return _context_type(doc, span[0], cand.label)
    if cand.source == "ner" and _follows_person_title(doc, cand.start):
        return "PERSON"
    return cand.label if cand.label in OUTPUT_TYPES else None


def _follows_person_title(doc: Doc, start: int) -> bool:
    """ "President Kassym-Jomart Tokayev": a capitalised title right before a name makes it a person."""
    if start == 0:
        return False
    title = doc[start - 1]
    return title.is_title and title.lower_ in PERSON_TITLES and title.lower_ not in NON_TITLE_CAPITALS


def _context_type(doc: Doc, token: Token, label: str) -> str | None:
    """Retype a one-word NER name from its neighbours: "trader Trafigura" ORG, "in Lobito" a place."""
    before = doc[token.i - 1] if token.i > 0 else None
    if before is not None and before.lower_ in ORG_DESCRIPTORS:
        return "ORG"
    if label == "PERSON" and token.pos_ != "PROPN":
        return None
    if label in {"PERSON", "GPE"} and token.is_upper:
        return "ORG"
    if label == "PERSON" and _has_place_apposition(doc, token):
        return "GPE"
    if label == "PERSON" and before is not None and before.lower_ in PLACE_PREPOSITIONS:
        according = token.i > 1 and doc[token.i - 2].lower_ == "according"
        return label if according else "GPE"
    return label if label in OUTPUT_TYPES else None


def _has_place_apposition(doc: Doc, token: Token) -> bool:
    """ "X, a small village in ..." / "X, the capital of ...": the next few words call X a place."""
    window = doc[token.i + 1 : token.i + 1 + APPOSITION_WINDOW]
    if len(window) < 2 or window[0].text != ",":
        return False
    return any(t.lower_ in PLACE_NOUNS for t in window[1:]) and window[1].lower_ in {"a", "an", "the"}


def _entry_keys(entry: GazetteerEntry) -> frozenset[str]:
    return frozenset(normalize_key(form) for form in entry.forms)


def _is_name_text(cand: Candidate, text: str, entity_type: str, gazetteer: Gazetteer) -> bool:
    """Reject what the conventions never list: demonyms, programmes, dates, generic phrases."""
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if entity_type != COMMODITY and not any(ch.isupper() for ch in text):
        return False
    if gazetteer.is_nationality(text) or gazetteer.is_excluded(text):
        return False
    words = normalize_key(text).split()
    generic = all(w in GENERIC_WORDS or w in ORG_HEADS or w in LOC_HEADS or w in FAC_HEADS for w in words)
    if cand.entry is None and generic and len(words) <= MAX_GENERIC_WORDS:
        return False
    if entity_type != "PERSON" and words[-1] in ROLE_WORDS:
        return False
    return normalize_key(text) not in NON_NAME_WORDS


def _drop_subunits(doc: Doc, chosen: list[tuple[Candidate, str]]) -> list[tuple[Candidate, str]]:
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
    """`Long Name (ACR)` and `Long Name, ACR` written in the text: acronym -> index into chosen."""
    defined: dict[str, int] = {}
    for index, (cand, _) in enumerate(chosen):
        name = doc[cand.start : cand.end].text
        after = doc[cand.end : cand.end + 2]
        if len(after) == 2 and after[0].text in {"(", ","}:
            acronym = after[1].text
            if _looks_like_acronym(acronym) and (is_acronym_of(acronym, name) or _starts_alike(acronym, name)):
                defined.setdefault(acronym, index)
    return defined


def _starts_alike(acronym: str, name: str) -> bool:
    """A ticker-like short form in brackets right after a name ("Turquoise Hill Resources (TRQ)")."""
    return acronym.isupper() and len(name.split()) > 1 and acronym[0] == name[0]


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
        weight = 2 if cand.source != "ner" or entity_type != cand.label else 1
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


def _merge_short_forms(groups: list[_Group]) -> list[_Group]:
    """Merge short forms into the fullest name: surnames, bare acronyms, "Renaissance Dam"."""
    _promote_persons(groups)
    persons = [g for g in groups if g.type == "PERSON" and len(_name_parts(g.name)) > 1]
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
        group.votes["PERSON"] += sum(group.votes.values()) + 1


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
    if _looks_like_acronym(name):
        expansions = [g for g in groups if len(g.name.split()) > 1 and _spells_exactly(name, g.name)]
        if len(expansions) == 1 and expansions[0].type != "PERSON":
            return expansions[0]
    if group.type in CORE_MERGE_TYPES:
        return _containing_group(group, groups)
    if group.type == "ORG" and len(name.split()) == 1:
        return _org_with_first_word(group, groups)
    return None


def _org_with_first_word(group: _Group, groups: list[_Group]) -> _Group | None:
    """ "Rio" -> "Rio Tinto": a one-word organisation that starts exactly one longer organisation."""
    key = normalize_key(group.name)
    owners = [
        g for g in groups if g is not group and g.type == "ORG" and normalize_key(g.name).split()[:1] == [key]
    ]
    return owners[0] if len(owners) == 1 and len(owners[0].name.split()) > 1 else None


def _core(name: str) -> list[str]:
    """A place or facility name without its generic words: "Power of Siberia mega pipeline" -> power of siberia."""
    words = normalize_key(name).split()
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
        other_core = _core(other.name)
        if not _contains(other_core, core) or any(w.isdigit() for w in other_core if w not in core):
            continue
        if best is None or (other.entry is not None, len(other.name)) > (best.entry is not None, len(best.name)):
            best = other
    return best


def _extends(other: _Group, group: _Group) -> bool:
    """Whether `other` may absorb `group`: a gazetteer entry, a longer name, or the earlier of equals."""
    if other.entry is not None or len(other.name) > len(group.name):
        return True
    return len(other.name) == len(group.name) and other.mentions[0].start < group.mentions[0].start


def _contains(words: list[str], part: list[str]) -> bool:
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))


# ---------------------------------------------------------------------------- public API


def find_entities(
    doc: Doc, *, gazetteer: Gazetteer, matcher: PhraseMatcher, emit_commodities: bool = True
) -> list[Entity]:
    """All entities of `doc`, one per thing, ordered by first mention."""
    raw = (
        _ner_candidates(doc)
        + _gazetteer_candidates(doc, matcher, gazetteer)
        + _rule_candidates(doc, gazetteer)
        + _head_first_candidates(doc)
        + _acronym_candidates(doc, gazetteer)
        + _person_pattern_candidates(doc, gazetteer)
    )
    trimmed = [_split_and_trim(doc, cand) for cand in raw]
    cleaned = [_extend_tail(doc, _drop_qualifier(doc, c, gazetteer), gazetteer) for c in trimmed if c is not None]
    cleaned = [_drop_subunit_prefix(doc, part) for cand in cleaned for part in _split_trailing_speaker(doc, cand)]
    chosen = []
    for cand in _select(_drop_place_compounds(doc, cleaned)):
        entity_type = _decide_type(doc, cand)
        if entity_type is None or not _is_name_text(cand, doc[cand.start : cand.end].text, entity_type, gazetteer):
            continue
        chosen.append((cand, entity_type))
    groups = _merge_short_forms(_build_groups(doc, _drop_subunits(doc, chosen)))
    entities = []
    for group in groups:
        if group.type == COMMODITY and not emit_commodities:
            continue
        mentions = sorted({(m.start, m.end): m for m in group.mentions}.values(), key=lambda m: m.start)
        entities.append(Entity(name=group.name, type=group.type, mentions=mentions))
    return sorted(entities, key=lambda e: e.mentions[0].start)


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
        logger.debug("%s: gazetteer of %d entries loaded", name, len(self.gazetteer.entries))

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
