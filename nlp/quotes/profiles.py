"""Role and organisation profiles: what the document says about each named person.

Appositions ("X, senior expert at Y,"), premodifiers ("Kyrgyz President X", "Rio Tinto CEO
X") and postmodifiers ("X of the Y Institute") are split into a role and an organisation,
as written.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from newsmine.models.gazetteer import default_gazetteer
from newsmine.nlp.quotes.index import (
    DocIndex,
    canonical_name,
    clean_name,
    contains_run,
    entity_label,
    is_country_word,
    name_tokens,
    phrase_start,
)
from newsmine.nlp.quotes.lexicon import (
    BOARD_NOUNS,
    COMPANY_SUFFIXES,
    DEMONYM_SUFFIXES,
    ENVOY_TITLES,
    LEAD_VERBS,
    MAX_ROLE_TOKENS,
    NAME_CONNECTORS,
    OFFICE_ABBREVIATIONS,
    ORG_NAME_WORDS,
    ORG_NOUNS,
    PLACE_ENT_TYPES,
    PLACE_NOUNS,
    PORTFOLIO_HEADS,
    PORTFOLIO_TITLES,
    ROLE_NOUNS,
    ROLE_PREPOSITIONS,
    UNIT_NOUNS,
)
from newsmine.nlp.quotes.marks import ALL_MARKS
from newsmine.nlp.quotes.names import glued_person, register_person, with_first_names
from newsmine.nlp.quotes.records import Profile

MAX_PHRASE_TOKENS = 2 * MAX_ROLE_TOKENS  # a title plus a long organisation name
NAME_NOUNS = frozenset({"name", "surname"})
PERSON_SUFFIXES = ("ist", "ian", "or", "er", "eer")  # 'epidemiologist', 'historian', 'lecturer', 'engineer'
KIN_NOUNS = frozenset({"mother", "father", "brother", "sister", "daughter", "grandmother", "grandfather"})
TITLE_MODIFIERS = frozenset({"senior", "vice", "executive", "managing", "general", "first", "chief", "acting",
                             "deputy", "former", "assistant", "associate", "principal", "lead", "head", "interim"})


def merge_profiles(profile: Profile | None, *found: Profile) -> Profile:
    """Keep the first role (with its organisation); an organisation alone fills a gap."""
    profile = profile or Profile()
    for candidate in found:
        if candidate.role and not profile.role:
            profile.role = candidate.role
            profile.org = profile.org or candidate.org
        elif candidate.org and (not profile.org or is_description(profile.org)) \
                and not is_description(candidate.org):
            profile.org = candidate.org
    return profile


def is_description(org: str | None) -> bool:
    """'the state firm running the project': an organisation described, not named."""
    return bool(org) and not any(word[:1].isupper() for word in org.split())


def _role_words(tokens: list[Token], *, described: bool = False) -> bool:
    return any(_role_noun(token, described=described) for token in tokens)


def _role_noun(token: Token, *, described: bool = False) -> bool:
    """A title noun; in a description with an article ('an epidemiologist at X') also a noun
    that names a person by its ending, beyond the lexicon's list."""
    if token.lower_ in ROLE_NOUNS or (token.text.endswith(".") and token.lower_[:-1] in OFFICE_ABBREVIATIONS):
        return True
    return described and token.pos_ == "NOUN" and token.is_lower and token.lower_.endswith(PERSON_SUFFIXES) \
        and token.lower_ not in KIN_NOUNS


def _split_role_org(index: DocIndex, tokens: list[Token]) -> Profile:
    """'senior expert at the X Department of the Y Institute' -> role 'senior expert', org 'Y Institute'."""
    tokens = [tok for tok in tokens if not tok.is_space]
    described = bool(tokens) and tokens[0].lower_ in ("a", "an")
    envoy = any(tok.lower_ in ENVOY_TITLES for tok in tokens)
    while tokens and (tokens[0].lower_ in ("a", "an", "the", "who", "is", "was", "as") or tokens[0].is_punct
                      or (is_nationality(index, tokens[0]) and not envoy and not _starts_org(index, tokens))
                      or _country_owner(tokens)):
        tokens = tokens[2:] if _country_owner(tokens) else tokens[1:]  # "Kazakhstan's president"
    while tokens and tokens[-1].is_punct and not (tokens[-1].text == ")" and any(tok.text == "(" for tok in tokens)):
        tokens = tokens[:-1]
    tokens = _without_age(tokens)
    tokens = _without_country(index, tokens)
    if not tokens or not _role_words(tokens, described=described):
        return Profile()
    cut = next(
        (pos for pos, tok in enumerate(tokens)
         if tok.lower_ in ROLE_PREPOSITIONS and pos > 0 and _role_noun(tokens[pos - 1], described=described)),
        None,
    )
    if cut is not None:
        cut = _after_field(tokens, cut)
    if cut is not None and (_keeps_portfolio(index, tokens, cut)
                            or not any(tok.text[:1].isupper() or tok.lower_ in ("the", "a", "an") or tok.tag_ == "POS"
                                       for tok in tokens[cut + 1 :])):
        cut = None  # 'Minister for Planning', 'minister of ecology': a portfolio, no organisation
    if (len(tokens) if cut is None else cut) > MAX_ROLE_TOKENS:
        return Profile()  # a long organisation name may follow a title; a long title is no title
    if cut is not None:
        cut = _after_board(tokens, cut)
        role_tokens, org_tokens = tokens[:cut], tokens[cut + 1 :]
        org = None if _names_place(index, org_tokens) else _org_text(index, org_tokens)
        return Profile(_join(role_tokens), org)
    org_ent = next((index.ent_of_token[tok.i] for tok in tokens
                    if tok.i in index.ent_of_token and index.ent_of_token[tok.i].label_ == "ORG"), None)
    if org_ent is not None and not _is_portfolio(org_ent, tokens):
        role_tokens = [tok for tok in tokens if tok.i >= org_ent.end]
        org_tokens = [tok for tok in tokens if tok.i < org_ent.end]
        named = _org_name_rest(role_tokens)
        org_tokens, role_tokens = org_tokens + role_tokens[:named], role_tokens[named:]
        if role_tokens and _role_words(role_tokens):
            return Profile(_join(role_tokens), _canonical_org(index, clean_name(_join(org_tokens) or "")))
    while tokens and is_nationality(index, tokens[0]) and not envoy:
        tokens = tokens[1:]
    owner = _owner_name_length(index, tokens)
    if owner:
        return Profile(_join(tokens[owner:]), _org_text(index, tokens[:owner]))
    return Profile(_join(tokens), None)


def _owner_name_length(index: DocIndex, tokens: list[Token]) -> int:
    """'Uzum founder and CEO', 'Meridian spokesman': a name the NER did not tag as an
    organisation, right before a lower-case title, is the organisation the title serves.
    Returns how many leading tokens it spans (0 when none)."""
    length = 0
    while length < len(tokens) and _name_word(tokens[length]) and tokens[length].lower_ not in ROLE_NOUNS \
            and not is_country_word(tokens[length]) and not is_nationality(index, tokens[length]) \
            and entity_label(index, tokens[length]) not in PLACE_ENT_TYPES:
        length += 1
    following = tokens[length] if length < len(tokens) else None
    return length if following is not None and following.is_lower and following.lower_ in ROLE_NOUNS else 0


def _after_field(tokens: list[Token], cut: int) -> int:
    """'head of research at X': a lower-case field after 'of' belongs to the title; the
    organisation follows the next preposition."""
    pos = cut + 1
    while pos < len(tokens) and tokens[pos].is_lower and tokens[pos].is_alpha and tokens[pos].lower_ not in ROLE_PREPOSITIONS \
            and tokens[pos].lower_ not in ("the", "a", "an"):
        pos += 1
    named = [tok for tok in tokens[pos + 1 :] if tok.lower_ != "the"]
    if pos > cut + 1 and pos < len(tokens) and tokens[pos].lower_ in ROLE_PREPOSITIONS and named \
            and named[0].text[:1].isupper():
        return pos
    return cut


def _country_owner(tokens: list[Token]) -> bool:
    return len(tokens) > 2 and tokens[1].tag_ == "POS" and is_country_word(tokens[0])


def _without_age(tokens: list[Token]) -> list[Token]:
    """'26-year-old engineer' -> 'engineer': a person's age is no part of the role."""
    words = [token.lower_ for token in tokens[:5]]
    if len(tokens) > 5 and tokens[0].like_num and words[1:] == ["-", "year", "-", "old"]:
        return tokens[5:]
    return tokens


def _org_name_rest(tokens: list[Token]) -> int:
    """'(KTZ) National Company CEO' after the NER's 'Kazakhstan Temir Zholy', 'Neft CEO' after
    'Gazprom': how many leading tokens still belong to the organisation, a capitalised run up to
    the title's noun (without title modifiers such as 'Senior') or ending in an organisation word."""
    rest = 0
    for pos, token in enumerate(tokens):
        if token.lower_ in ROLE_NOUNS:
            return pos if pos and not TITLE_MODIFIERS & {tok.lower_ for tok in tokens[:pos]} else rest
        if not (token.is_title or token.is_upper or token.text in "()"):
            break
        if token.lower_ in ORG_NAME_WORDS:
            rest = pos + 1
    return rest


def _after_board(tokens: list[Token], cut: int) -> int:
    """'Deputy Chairman of the Board of X': the board belongs to the title, X is the organisation.

    Returns the position of the 'of' after '(the) (Management) Board (of Directors)' when
    a capitalised name follows it, else the cut unchanged.
    """
    pos = cut + 1
    while pos < len(tokens) and tokens[pos].lower_ == "the":
        pos += 1
    while pos < len(tokens) and tokens[pos].is_title and tokens[pos].lower_ not in BOARD_NOUNS:
        pos += 1  # 'Management', 'Supervisory'
    if pos >= len(tokens) or tokens[pos].lower_ not in BOARD_NOUNS:
        return cut
    pos += 1
    if pos + 1 < len(tokens) and tokens[pos].lower_ == "of" and tokens[pos + 1].lower_ == "directors":
        pos += 2
    named = [tok for tok in tokens[pos + 1 :] if tok.lower_ != "the"]
    if pos < len(tokens) and tokens[pos].lower_ == "of" and named and named[0].text[:1].isupper():
        return pos
    return cut


def _without_country(index: DocIndex, tokens: list[Token]) -> list[Token]:
    """'Deputy Minister of Energy of Uzbekistan' -> 'Deputy Minister of Energy': the country a
    title serves is not part of it ('Ambassador to China' keeps its 'to')."""
    for pos in range(len(tokens) - 1, 0, -1):
        if tokens[pos].lower_ == "of":
            rest = [tok for tok in tokens[pos + 1 :] if tok.lower_ != "the"]
            if rest and all(entity_label(index, tok) == "GPE" or is_country_word(tok) for tok in rest):
                return tokens[:pos]
            return tokens
    return tokens


def _is_portfolio(org_ent: Span, tokens: list[Token]) -> bool:
    """'Energy Minister', 'Treasury Secretary': the NER's one-word "organisation" is the portfolio.

    A short entity with no institution noun, right before a minister's or secretary's title,
    belongs to the title (the gold convention: role "Energy Minister", no organisation).
    """
    following = next((tok for tok in tokens if tok.i == org_ent.end), None)
    return (
        following is not None
        and following.lower_ in PORTFOLIO_HEADS
        and len(org_ent) <= 2
        and not any(tok.lower_ in ORG_NOUNS for tok in org_ent)
    )


def _names_place(index: DocIndex, tokens: list[Token]) -> bool:
    """'President of the Republic of X', 'analyst in the southern province of Y': a place, not an organisation.

    Places are told apart by their entity type or a place noun at the head of the phrase;
    any organisation entity or organisation word keeps the phrase an organisation.
    """
    words = [tok for tok in tokens if not (tok.is_punct or tok.lower_ in ("the", "a", "an", "of", "and"))]
    if not words:
        return False
    if any(entity_label(index, tok) == "ORG" for tok in words):
        return False
    if any(tok.lower_ in ORG_NAME_WORDS and tok.lower_ not in PLACE_NOUNS
           and entity_label(index, tok) not in PLACE_ENT_TYPES for tok in words):
        return False
    nouns = [tok for tok in words if tok.pos_ in ("NOUN", "PROPN")]
    if nouns and nouns[0].lower_ in PLACE_NOUNS:
        return True
    return all(entity_label(index, tok) in PLACE_ENT_TYPES or tok.pos_ == "ADJ" for tok in words)


def _starts_org(index: DocIndex, tokens: list[Token]) -> bool:
    """'Chinese Foreign Ministry spokesman': the nationality belongs to the organisation."""
    if len(tokens) < 2:
        return False
    ent = index.ent_of_token.get(tokens[1].i)
    return ent is not None and ent.label_ == "ORG"


def _keeps_portfolio(index: DocIndex, tokens: list[Token], cut: int) -> bool:
    """'Minister for Planning', 'Ambassador to China': the portfolio is part of the title."""
    if tokens[cut - 1].lower_ not in PORTFOLIO_TITLES:
        return False
    rest = tokens[cut + 1 :]
    if tokens[cut].lower_ in ("to", "for") or not tokens[cut - 1].is_title:
        return tokens[cut].lower_ in ("to", "for") or all(tok.ent_type_ == "GPE" for tok in rest)
    named = [tok for tok in rest if tok.lower_ != "the"]
    if len(named) == 1 and named[0].is_title and named[0].lower_ in ORG_NOUNS:
        return False  # 'Minister of the Ministry': the body the text named before
    return not any(_names_org_entity(index, tok, rest) for tok in rest)


def _names_org_entity(index: DocIndex, token: Token, phrase: list[Token]) -> bool:
    """An organisation entity at token that names a body: 'Port of Varna JSC Ivan X' is a firm,
    'Transport of Armenia Aram X' and 'Minister of Trade' are portfolios."""
    ent = index.ent_of_token.get(token.i)
    if ent is None or ent.label_ != "ORG":
        return False
    if ent.end <= phrase[-1].i + 1:
        # 'Minister of Trade', 'Minister of Industry and Infrastructure Development': portfolio words
        # the NER calls an organisation are a portfolio unless an institution word names a body
        return _institution(ent)
    return _institution(phrase)


def _institution(tokens: Iterable[Token]) -> bool:
    """An institution word, a company's legal form or an acronym names a body, not a portfolio."""
    return any(tok.lower_.rstrip(".") in ORG_NOUNS | COMPANY_SUFFIXES or (tok.is_upper and len(tok) > 1)
               for tok in tokens)


def is_nationality(index: DocIndex, token: Token) -> bool:
    """Nationality adjectives and 'U.S.-based' style modifiers are not part of a role.

    The NER misses demonyms it reads as name parts ('Turkmen President X'); the packaged
    gazetteer's demonym list catches those.
    """
    ent = index.ent_of_token.get(token.i)
    if token.ent_type_ == "NORP" or (ent is not None and ent.label_ == "NORP"):
        return True
    if token.is_title and default_gazetteer().is_nationality(token.text):
        return True
    if token.pos_ in ("ADJ", "PROPN") and token.is_title and token.lower_.endswith(DEMONYM_SUFFIXES) \
            and token.lower_ not in ROLE_NOUNS:
        return True
    return token.lower_.endswith("-based") or (token.pos_ == "ADJ" and token.text.endswith("-based"))


def _join(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text or None


def _org_text(index: DocIndex, tokens: list[Token]) -> str | None:
    """Organisation as written, without article, owner country, quote marks or a sub-unit prefix."""
    while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].text in ALL_MARKS):
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ALL_MARKS:
        tokens = tokens[:-1]
    if len(tokens) > 2 and tokens[1].tag_ == "POS" and index.ent_of_token.get(tokens[0].i) is not None \
            and index.ent_of_token[tokens[0].i].label_ == "GPE":
        tokens = tokens[2:]
    for pos, tok in enumerate(tokens):
        if tok.lower_ in UNIT_NOUNS and pos + 1 < len(tokens) and tokens[pos + 1].lower_ == "of":
            rest = tokens[pos + 2 :]
            while rest and rest[0].lower_ == "the":
                rest = rest[1:]
            if rest and rest[0].is_title and any(tok.lower_ in ORG_NAME_WORDS for tok in rest[1:]):
                tokens = rest  # the unit of a named body; 'Department of Commerce' is the body itself
            break
    owner = next((pos for pos, tok in enumerate(tokens) if tok.tag_ == "POS"), None)
    if owner and tokens[-1].lower_ in UNIT_NOUNS and tokens[owner - 1].is_title:
        tokens = tokens[:owner]
    first_capital = next((pos for pos, tok in enumerate(tokens) if tok.text[:1].isupper()), None)
    if first_capital:
        tokens = tokens[first_capital:]
    described = [pos for pos, tok in enumerate(tokens) if tok.is_lower and tok.pos_ in ("NOUN", "ADJ")]
    if described and described[-1] + 1 < len(tokens) and tokens[described[-1] + 1].is_title:
        tokens = tokens[described[-1] + 1 :]  # 'the Turkish-Georgian joint venture Black Sea Cargo'
    tokens = _without_location(index, tokens)
    text = _join(tokens)
    return _canonical_org(index, text) if text else None


def _without_location(index: DocIndex, tokens: list[Token]) -> list[Token]:
    """'X Authority in Pakistan' -> 'X Authority': where an organisation sits is not its name.

    A nation's body abroad keeps its place ('Korean Chamber of Commerce in Mongolia'): the
    place tells which of the nation's bodies it is.
    """
    if tokens and is_nationality(index, tokens[0]):
        return tokens
    for pos in range(len(tokens) - 1, 0, -1):
        if tokens[pos].lower_ == "in" and tokens[pos].dep_ == "prep":
            rest = [tok for tok in tokens[pos + 1 :] if not tok.is_punct and tok.lower_ != "the"]
            if rest and all(entity_label(index, tok) in PLACE_ENT_TYPES for tok in rest):
                return tokens[:pos]
    return tokens


def _canonical_org(index: DocIndex, text: str) -> str:
    """'Meridian' -> 'Meridian Policy Center' when the document names it in full; a name written
    after a description ('National Atomic Company X') stays as the text gives it at this mention."""
    query = name_tokens(text)
    fuller = [name for name, label, _ in index.orgs
              if label == "ORG" and len(name_tokens(name)) > len(query) and name_tokens(name)[: len(query)] == query
              and not BOARD_NOUNS & set(name_tokens(name)[:2])]  # 'Board of X' is X's board, not a fuller X
    return max(fuller, key=len) if fuller and len(query) <= 2 else text


def _boundary(token: Token) -> bool:
    return token.text in (",", ".", ";", ":", "(", ")") or token.text in ALL_MARKS or token.pos_ in ("VERB", "AUX") \
        or token.lower_ in ("who", "which", "that", "whose")


def _apposition_after(index: DocIndex, ent: Span) -> Profile:
    """'X, senior expert at Y,' and 'X, who is director of Y,' after a name."""
    doc = index.doc
    i = ent.end
    if i >= len(doc) or doc[i].text != ",":
        return Profile()
    i += 1
    if i + 2 < len(doc) and doc[i].like_num and doc[i + 1].text == ",":
        i += 2  # 'Li Wei, 45, a shopkeeper': the age comes first
    if i + 1 < len(doc) and doc[i].lower_ == "who" and doc[i + 1].lemma_ == "be":
        i += 2
    elif i + 2 < len(doc) and doc[i].lower_ == "who" and doc[i + 2].lower_ == "as" \
            and doc[i + 1].lemma_.lower() in ("serve", "work", "act"):
        i += 3  # 'X, who serves as counsel at Y,'
    tokens = []
    while i < len(doc) and len(tokens) <= MAX_PHRASE_TOKENS:
        token = doc[i]
        if _acronym_in_brackets(doc, i) and tokens:
            tokens.extend(doc[i : i + 3])  # 'Institute of X (IX) of the Academy of Y'
            i += 3
            continue
        if token.text == "," and _role_words(tokens):
            qualified = _qualified_title(index, tokens, i)
            if qualified is not None:
                return qualified
        if token.text == "," and tokens:
            listed = _listed_name_parts(index, i)
            if listed:
                tokens.extend(doc[i:listed])
                i = listed
                continue
        participle = token.pos_ == "VERB" and (token.tag_ == "VBN" and tokens or token.dep_ == "amod")
        if _boundary(token) and not participle and not _before_company_suffix(token):
            # 'founding director', 'director appointed in May', 'X Co., Ltd'
            break
        if token.lower_ == "and" and tokens and _second_description(doc, i + 1):
            break  # 'director at X and (a) faculty member at Y': the second description starts
        tokens.append(token)
        i += 1
    if tokens and tokens[0].lower_ in ("of", "from", "at"):
        return Profile(None, _org_text(index, tokens[1:])) if _names_org(index, tokens[1:]) else Profile()
    return _split_role_org(index, tokens)


def _qualified_title(index: DocIndex, title: list[Token], comma: int) -> Profile | None:
    """'X, deputy chief executive, commercial, at Y,', 'X, director, Asia, at Y,': a title qualified
    by a lower-case area or a region between commas, then the organisation; the area stays in the role."""
    doc = index.doc
    end = comma + 1
    while end < len(doc) and end - comma <= 2 and doc[end].is_alpha \
            and (doc[end].is_lower or entity_label(index, doc[end]) in PLACE_ENT_TYPES):
        end += 1  # 'commercial', 'Asia'

    if end == comma + 1 or end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("at", "of"):
        return None
    stop = end + 2
    while stop < len(doc) and not _boundary(doc[stop]):
        stop += 1
    named = [tok for tok in doc[end + 2 : stop] if tok.lower_ != "the"]
    if not _names_org(index, named) or _role_words(list(doc[comma:end])):
        return None
    org = _org_text(index, named)
    role = _split_role_org(index, title).role
    return Profile(f"{role}{doc[comma:end].text}", org) if role else None


def _acronym_in_brackets(doc: Doc, i: int) -> bool:
    return i + 2 < len(doc) and doc[i].text == "(" and doc[i + 1].is_upper and doc[i + 2].text == ")"


def _before_company_suffix(token: Token) -> bool:
    """The comma of 'X Co., Ltd': it stays inside the company's name."""
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return token.text == "," and following is not None and following.lower_.rstrip(".") in COMPANY_SUFFIXES


def _second_description(doc: Doc, start: int) -> bool:
    """After 'and': lower-case words that hold a role noun begin a second description."""
    for token in doc[start:]:
        if not token.is_lower or _boundary(token) or token.lower_ in ROLE_PREPOSITIONS:
            return False
        if token.lower_ in ROLE_NOUNS or token.lemma_.lower() in ROLE_NOUNS:
            return True
    return False


def _listed_name_parts(index: DocIndex, comma: int) -> int:
    """'Ministry of Water, Energy, Industry and Mineral Resources': end of a listed name.

    From a comma inside a capitalised name, capitalised parts separated by commas and closed
    by 'and' plus a capitalised part continue the name; returns the index after it, or 0.
    """
    doc = index.doc
    if not doc[comma - 1].is_title:
        return 0
    i = comma
    while i < len(doc) and doc[i].text == ",":
        i += 1
        part = i
        while i < len(doc) and _name_part(index, doc[i]):
            i += 1
        if i == part:
            return 0
        if i < len(doc) and doc[i].lower_ == "and":
            i += 1
            last = i
            while i < len(doc) and _name_part(index, doc[i]):
                i += 1
            return i if i > last else 0
    return 0


def _name_part(index: DocIndex, token: Token) -> bool:
    return token.is_title and token.pos_ in ("PROPN", "NOUN", "ADJ") and entity_label(index, token) != "PERSON" \
        and token.lower_ not in ROLE_NOUNS


def _names_org(index: DocIndex, tokens: list[Token]) -> bool:
    """'of Tengri Holding': a capitalised organisation name, not a place."""
    return _capitalised(tokens) and not _names_place(index, tokens) \
        and not any(entity_label(index, tok) == "PERSON" for tok in tokens)


def _capitalised(tokens: list[Token]) -> bool:
    words = [tok for tok in tokens if not tok.is_punct and tok.lower_ not in NAME_CONNECTORS]
    return bool(words) and all(tok.is_title or tok.is_upper for tok in words)


def mention_profiles(index: DocIndex, ent: Span) -> tuple[Profile, Profile]:
    """What the words around one mention of a name say: before it (with 'of Y' after it), then after it."""
    before = _premodifier(index, ent)
    if not before.org:
        before.org = _postmodifier_org(index, ent)
    return before, _apposition_after(index, ent)


def _postmodifier_org(index: DocIndex, ent: Span) -> str | None:
    """The organisation right after a name, where no role noun introduces it.

    'Economist X of the Y Institute said', 'X from Y Holding said', 'X, who heads Y, said',
    'X, who leads the research team at Y,', 'X writing in Y said'.
    """
    doc = index.doc
    i = ent.end
    comma = i < len(doc) and doc[i].text == ","
    i += comma
    if i + 1 >= len(doc):
        return None
    if doc[i].lower_ == "who" and doc[i + 1].lemma_.lower() in LEAD_VERBS or doc[i].lower_ == "writing":
        i += 2 if doc[i].lower_ == "who" else 1
        return _first_org_before_boundary(index, i)
    if comma or doc[i].lower_ not in ("of", "from", "at"):
        return None
    i += 1
    while i < len(doc) and doc[i].lower_ == "the":
        i += 1
    return _org_at(index, i)


def _first_org_before_boundary(index: DocIndex, start: int) -> str | None:
    """The first named organisation in a short clause, up to its comma, full stop or next verb."""
    doc = index.doc
    for i in range(start, min(len(doc), start + MAX_ROLE_TOKENS)):
        if i > start and _boundary(doc[i]):
            return None
        found = _org_at(index, i)
        if found:
            return found
    return None


def _org_at(index: DocIndex, i: int) -> str | None:
    """A capitalised organisation entity starting at token i (NER or entity component, the longer)."""
    spans = [span for span in (index.ent_of_token.get(i), *index.ner) if span is not None and span.start <= i < span.end]
    org = max((span for span in spans if span.label_ == "ORG"), key=len, default=None)
    if org is None:
        return None
    tokens = [tok for tok in org if tok.i >= i]
    if len(tokens) > 2 and tokens[1].tag_ == "POS" and is_country_word(tokens[0]):
        tokens = tokens[2:]  # "at Britain's University of Leeds"
    return _org_text(index, tokens) if _capitalised(tokens) and not _names_place(index, tokens) else None


def _premodifier(index: DocIndex, ent: Span) -> Profile:
    """'Kyrgyz President X', 'Rio Tinto CEO X', 'Minister for Planning X', 'Chairman of Y, X'."""
    doc = index.doc
    i = ent.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    tokens: list[Token] = []
    first = phrase_start(ent[0])
    while i >= first and len(tokens) <= MAX_ROLE_TOKENS:
        token = doc[i]
        proper = token.pos_ in ("PROPN", "NOUN", "ADJ") or token.text in ("(", ")", "-", "/") or token.tag_ == "POS" \
            or _before_company_suffix(token) or _quoted_name_mark(token)
        if not (proper or token.lower_ in NAME_CONNECTORS or token.lower_ == "in"):
            break
        if _another_name(index, token) or _dateline_tag(token):
            break
        if token.lower_ == "the" and not (i > 0 and doc[i - 1].lower_ in ROLE_PREPOSITIONS):
            break
        tokens.insert(0, token)
        i -= 1
    while tokens and tokens[0].lower_ in NAME_CONNECTORS:
        tokens = tokens[1:]
    tokens = _without_event(tokens)
    owner = max((pos for pos, tok in enumerate(tokens) if tok.tag_ == "POS"), default=None)
    if owner is None:
        return _split_role_org(index, tokens)
    return _owned_role(index, tokens[:owner], tokens[owner + 1 :])


def _dateline_tag(token: Token) -> bool:
    """'ASTANA. KAZINFORM Minister of X': the agency tag after a wire dateline is no part of a title."""
    doc = token.doc
    return token.is_upper and token.is_alpha and token.i >= 2 and doc[token.i - 1].text in (".", "–", "—") \
        and doc[token.i - 2].is_upper and doc[token.i - 2].is_alpha


def _quoted_name_mark(token: Token) -> bool:
    """A quote mark beside a capitalised word: 'director of "KTZ-Express" X' quotes a name."""
    doc = token.doc
    beside = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return token.text in ALL_MARKS and any(other.text[:1].isupper() for other in beside)


def _another_name(index: DocIndex, token: Token) -> bool:
    """A word of another person's name ends a title read backwards from a name.

    Words the NER glued into a person span but that are no name ('Tajik Minister of',
    'Co., Ltd Zhao Ming'): a title word, a nationality, a country or a company suffix.
    """
    return token.pos_ == "PROPN" and entity_label(index, token) == "PERSON" and not is_country_word(token) \
        and token.lower_.rstrip(".") not in COMPANY_SUFFIXES and token.lower_ not in ROLE_NOUNS \
        and not is_nationality(index, token)


def _name_word(token: Token) -> bool:
    """A capitalised proper noun, or a word tagged otherwise that the document also writes
    capitalised inside a sentence (not just capitalised at a sentence start)."""
    if not (token.is_title or token.is_upper):
        return False
    if token.pos_ == "PROPN":
        return True
    return any(other.text == token.text and not other.is_sent_start and other.i != token.i for other in token.doc)


def _without_event(tokens: list[Token]) -> list[Token]:
    """'the state visit of President X': lower-case words before 'of' whose head is no role
    noun name an event or a thing, not the person's title."""
    of = next((pos for pos, tok in enumerate(tokens) if tok.lower_ == "of"), None)
    if of and all(tok.is_lower for tok in tokens[:of]) and tokens[of - 1].lower_ not in ROLE_NOUNS:
        return tokens[of + 1 :]
    return tokens


def _owned_role(index: DocIndex, owner: list[Token], rest: list[Token]) -> Profile:
    """'Gazprom's chief executive X': the owner names the organisation; 'China's President X' a place."""
    profile = _split_role_org(index, rest)
    if (profile.role or not rest) and not profile.org and _capitalised(owner) and not _names_place(index, owner):
        profile.org = _org_text(index, owner)  # "Radio Meridian's Tom Hale": the outlet he writes for
    return profile


def build_profiles(index: DocIndex) -> None:
    """Role and organisation of each named person, from anywhere in the document."""
    people = []
    for ent in sorted({id(ent): ent for ent in index.ent_of_token.values()}.values(), key=lambda span: span.start):
        if ent.label_ != "PERSON":
            ent = glued_person(ent, ent[-1]) if ent.label_ == "ORG" else None
            if ent is None:
                continue
            register_person(index, ent)
        people.append(ent)
    for ent in people:
        fuller = with_first_names(index, ent)
        if fuller is not ent:
            ent = fuller
            register_person(index, ent)
        name = canonical_name(clean_name(ent.text), index.people, ent.start_char)
        profile = index.profiles.get(name)
        if profile is None or not (profile.role and profile.org) or is_description(profile.org):
            index.profiles[name] = merge_profiles(profile, *mention_profiles(index, ent))
    for name, profile in index.profiles.items():
        if is_description(profile.org):
            name_described_org(index, name, profile)


def name_described_org(index: DocIndex, name: str, profile: Profile) -> None:
    """'officer of the state firm' then 'Bat, of Gobi Coal,': a later surname mention names the firm."""
    surname = name.split()[-1]
    for token in index.doc:
        if token.text == surname and token.pos_ == "PROPN":
            found = _apposition_after(index, Span(index.doc, token.i, token.i + 1, label="PERSON"))
            if found.org and not found.role and not is_description(found.org):
                profile.org = found.org
                return


def self_named(index: DocIndex, noun: Token) -> Span | None:
    """'the head of X, who gave only his surname Li,': the name a described speaker gives.

    The name, found in a relative clause on the description that mentions a name or surname,
    is registered as a person whose profile is the description ('head', 'X').
    """
    clause = next((child for child in noun.children if child.dep_ == "relcl"), None)
    if clause is None or not any(token.lemma_.lower() in NAME_NOUNS for token in clause.subtree):
        return None
    proper = [token for token in clause.subtree if token.pos_ == "PROPN" and token.is_title]
    if not proper:
        return None
    name = Span(index.doc, proper[0].i, proper[-1].i + 1, label="PERSON")
    if any(token.pos_ != "PROPN" for token in name):
        return None
    register_person(index, name)
    described = [token for token in noun.subtree if token.i < clause.left_edge.i and not token.is_punct]
    key = canonical_name(clean_name(name.text), index.people, name.start_char)
    index.profiles[key] = merge_profiles(index.profiles.get(key), _split_role_org(index, described))
    return name
