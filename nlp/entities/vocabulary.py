"""Word lists and limits of the entities stage: head nouns, titles, joiners, roles.

One place for the words every step consults, so each rule names its evidence once.
"""

from __future__ import annotations

from newsmine.corpus.schema import ENTITY_TYPES


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
        "consortium", "chamber", "federation", "network", "school", "club", "times", "post", "news", "international",
        "embassy", "consulate", "secretariat", "unit", "directorate", "parliament", "assembly",
    }
)
ALL_HEADS = FAC_HEADS | LOC_HEADS | GPE_HEADS | ORG_HEADS
# Rule heads: nouns that end an infrastructure or place name written with lower-case heads.
RULE_FAC_HEADS = (FAC_HEADS - {"hub", "line", "route", "road", "plant"}) | {"section"}  # "X-Y railway section"
# Heads that name a facility only after a modifier ("X solar plant", "X bypass line", "X rail line").
MODIFIED_FAC_HEADS = frozenset({"plant", "line"})
# "Xinjiang Uygur Autonomous Region": an autonomous region governs itself, so it is a GPE.
AUTONOMOUS = "autonomous"
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
        "solar", "wind", "thermal", "bypass", "multifunctional", "strategic", "manufacturing",
        "processing", "trunk", "passenger", "industrial", "main",
    }
)
LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "by"})
PERSON_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "premier", "minister",
        "prime", "deputy", "vice", "chairman", "chairwoman", "chair", "ambassador", "envoy", "general",
        "gen", "secretary", "senator", "governor", "mayor", "director", "ceo", "chief", "king", "queen",
        "prince", "sheikh", "sir", "lord", "madam", "mister", "expert", "analyst", "spokesperson",
        "spokesman", "spokeswoman", "foreign", "state", "said", "says", "councillor", "councilor",
        "councilman", "councilwoman", "alderman", "sheriff", "commissioner", "sen", "rep", "gov",
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
# "the trader Trafigura", "wealth fund Altyn Qor": a descriptor right before a name makes it an ORG.
ORG_DESCRIPTORS = frozenset(
    {
        "fund", "company", "firm", "group", "trader", "specialist", "operator", "giant", "maker",
        "producer", "miner", "developer", "consortium", "carrier", "lender", "insurer", "conglomerate",
        "broadcaster", "outlet", "newspaper", "agency", "bank", "contractor", "manufacturer", "startup",
        "subsidiary", "supplier", "investor", "builder", "shipper", "airline", "retailer", "exchange",
        "platform", "marketplace", "holding", "conglomerate", "automaker", "steelmaker",
    }
)
# Roles written right after a company's name ("Orda founder and CEO X"): the name owns them.
COMPANY_ROLES = frozenset({"founder", "co-founder", "ceo", "shareholders"})
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
# A language desk or regional branch of a larger body ("Kazakh Service", "Siberian Branch"): a
# nationality and one of these names a part, which the conventions do not list.
DESK_WORDS = frozenset({"service", "branch", "desk", "section", "edition"})
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
# How far back from a comma a role may stand ("the minister of the economy, X").
ROLE_LOOKBACK = 6
# A title phrase before a name: "Deputy Minister of Energy of Uzbekistan" (its words and joiners).
TITLE_PHRASE_WINDOW = 8
TITLE_JOINERS = frozenset({"of", "to", "for", "the", "and", "in"})
MAX_TITLED_NAME_TOKENS = 3
# Words between a leading head and the rest of its name ("Forum on ...", "Embassy in ...").
HEAD_CONNECTORS = frozenset({"of", "on", "for"})
# Places and facilities take only "of" after a leading head ("Port of Baku", "Gulf of Aden").
PLACE_CONNECTORS = frozenset({"of"})
MISSION_HEADS = frozenset({"embassy", "consulate"})
# Words that may join the parts of a name found by its acronym or by its leading head noun.
NAME_JOINERS = frozenset({"of", "for", "and", "on", "the", "&", "de", "-", "\u2013"})
MAX_EXPANSION_TOKENS = 12
# Words after "(ACR)" up to the head noun that ends the name ("(KTZ) National Company").
MAX_BRACKET_TAIL = 4
MIN_ROUTE_TOWNS = 2
# Function words that only a Title Case headline capitalises mid-line.
TITLE_CASE_FUNCTION_WORDS = frozenset({"Of", "To", "And", "In", "For", "With", "On", "As", "At", "By", "From", "Into"})
MAX_HEADLINE_NAME_TOKENS = 2
# A headline capitalises every word longer than a function word; it has at least this many.
MAX_FUNCTION_WORD_CHARS = 4
MIN_HEADLINE_WORDS = 5
# Words of a sentence about moving goods or people, where a chain of towns is a route.
ROUTE_CONTEXT = FAC_HEADS | frozenset(
    {"through", "via", "route", "routes", "train", "trains", "cargo", "freight", "transit", "section", "border"}
    | {"trucks"}
)
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
# Words that say what kind of facility a name is; a short form with one joins only a name with it.
FAC_KIND_WORDS = FAC_HEADS | frozenset({"section"})
# Types whose NER spans lose a leading demonym ("Russian Novorossisk"); organisations keep it.
NATIONALITY_TRIM_TYPES = frozenset({"PERSON", "GPE", "LOC"})
CORE_FILLERS = NAME_MODIFIERS | frozenset({"mega", "the", "lower", "upper", "new", "water", "deep", "sea"})
EXCLUDED = "EXCLUDED"

SOURCE_RANK = {"excluded": -1, "gazetteer": 0, "acronym": 1, "rule": 1, "ner": 2}
