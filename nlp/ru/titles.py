"""A Russian title cut to the role as the annotation convention writes it.

The words before a name carry more than the title: the end of a quotation and its cue
("...», – заявил заместитель редактора"), a circumstance ("В текущем году президент",
"заявил в среду директор"), a
possessive ("его пресс-секретаря"), a nationality ("китайский премьер-министр") and the
country the title serves ("президент Казахстана"). The role is what is left; an envoy keeps
the country and nationality, since they say whom he is sent by and to ("посол КНР в Казахстане").
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from newsmine.models.gazetteer.crosslang import load_russian_aliases

BOUNDARY_TEXTS = frozenset({"«", "»", "\"", "–", "—", "-", ",", ":", ";", "(", ")"})
POSSESSIVES = frozenset({"его", "её", "ее", "их", "наш", "ваш", "свой"})
QUANTIFIERS = frozenset({"один", "другой", "некоторый", "многий", "ряд", "некий", "часть"})
TIME_NOUNS = frozenset({"понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
                        "день", "неделя", "месяц", "год", "утро", "вечер"})
ENVOYS = frozenset({"посол", "посланник", "консул", "полпред"})
COUNTRY_ABBREVIATIONS = frozenset({"РК", "КР", "КНР", "РФ", "РУз", "РТ", "США"})
DEMONYM_ENDINGS = ("ский", "цкий", "ской", "ий")
ORG_TYPES = frozenset({"газета", "журнал", "издание", "агентство", "компания", "корпорация", "холдинг", "банк",
                       "фонд", "концерн", "группа", "предприятие", "общество"})


def role_words(words: Span) -> Span:
    """The title inside the words written before a name (or a subject phrase), as a span."""
    doc = words.doc
    start, end = words.start, words.end
    while end > start and doc[end - 1].text in BOUNDARY_TEXTS:
        end -= 1
    start = max((token.i + 1 for token in doc[start:end] if _boundary(token)), default=start)
    # 'специалист базирующейся в X компании': a participle phrase after the title describes the organisation
    end = next((token.i for token in doc[start + 1 : end] if "Part" in token.morph.get("VerbForm")), end)
    envoy = any(token.lemma_ in ENVOYS for token in doc[start:end])
    while start < end and _lead_word(doc[start], envoy, doc[start + 1 : end]):
        start += 1
    while end > start + 1 and not envoy and _country(doc[end - 1]):
        end -= 1
    return doc[start:end]


def without_org_type(words: Span) -> Span:
    """'редактора газеты' before «X»: the kind of organisation is said by its name that follows."""
    if len(words) > 1 and words[-1].lemma_ in ORG_TYPES:
        return words[:-1]
    return words


def _boundary(token: Token) -> bool:
    finite = token.pos_ in ("VERB", "AUX") and "Part" not in token.morph.get("VerbForm")
    return (token.text in BOUNDARY_TEXTS and not listed_adjectives(token)) or finite


def listed_adjectives(comma: Token) -> bool:
    """'Министр сельского, водного хозяйства': a comma between adjectives stays inside the title."""
    doc = comma.doc
    if comma.text != "," or comma.i == 0 or comma.i + 1 >= len(doc):
        return False
    return doc[comma.i - 1].pos_ == "ADJ" and doc[comma.i + 1].pos_ == "ADJ" and doc[comma.i + 1].text.islower()


def _lead_word(token: Token, envoy: bool, rest: Span) -> bool:
    """A word before the title proper: preposition, circumstance, possessive, quantifier, nationality."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.text == "из":
        return False  # 'один из местных жителей' is the role as written
    if token.pos_ in ("ADP", "ADV", "CCONJ", "PART", "NUM"):
        return True
    if "Loc" in token.morph.get("Case"):
        # 'В текущем году президент', 'на переговорах премьер-министра': a circumstance before a
        # person's title; 'в министерстве энергетики' with no person after it is the source itself
        return any("Anim" in later.morph.get("Animacy") and "Loc" not in later.morph.get("Case")
                   for later in rest if later.pos_ == "NOUN")
    if token.text.lower() in POSSESSIVES or token.lemma_ in QUANTIFIERS or token.lemma_ in TIME_NOUNS:
        return True  # 'его пресс-секретаря', 'одни эксперты'
    return not envoy and token.pos_ == "ADJ" and token.text.islower() and is_demonym(token.lemma_)


def _country(token: Token) -> bool:
    """A country written after a title: 'Казахстана', 'Республики Узбекистан', 'РК'."""
    if token.text in COUNTRY_ABBREVIATIONS:
        return True
    return token.text[:1].isupper() and _stem(token.text) in _country_stems()


def is_demonym(lemma: str) -> bool:
    """'китайский', 'казахстанский', 'узбекский': an adjective made from a country's name."""
    lemma = lemma.lower()
    if not lemma.endswith(DEMONYM_ENDINGS):
        return False
    root = lemma[:-4] if lemma.endswith(("ский", "цкий", "ской")) else lemma[:-2]
    return len(root) >= 4 and any(stem.startswith(root) or root.startswith(stem) for stem in _country_stems())


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    """Stems of the Russian names of the countries in the gazetteer ('казахстан', 'кита')."""
    return frozenset(_stem(form) for entry in load_russian_aliases() if entry.type == "GPE"
                     for form in entry.aliases if " " not in form and len(form) > 3)


def _stem(word: str) -> str:
    word = word.lower()
    while len(word) > 4 and word[-1] in "аеёиоуыэюяйь":
        word = word[:-1]
    return word
