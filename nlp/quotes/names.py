"""Named speakers: from a subject token to the person or organisation name it stands for.

Covers names the NER missed or glued onto an organisation, first names it left out, and
surnames that stand for a fuller name given earlier in the document.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from newsmine.models.gazetteer import default_gazetteer

from newsmine.nlp.quotes.index import (
    PORTFOLIO_LINKS,
    DocIndex,
    canonical_name,
    clean_name,
    entity_label,
    is_country_word,
    name_tokens,
    phrase_start,
)
from newsmine.nlp.quotes.lexicon import (
    NAME_CONNECTORS,
    NAME_ENT_TYPES,
    NON_PHRASE_DEPS,
    ORG_NAME_WORDS,
    ROLE_NOUNS,
    SPEAKER_ENT_TYPES,
    TITLE_ABBREVIATIONS,
)


def entity_of(index: DocIndex, token: Token) -> Span | None:
    """The named speaker a subject token stands for, from the NER or a proper-noun fallback."""
    ent = index.ent_of_token.get(token.i)
    if ent is not None and ent.label_ in SPEAKER_ENT_TYPES:
        return ent
    if ent is not None and ent.label_ not in NAME_ENT_TYPES:
        ent = None
    apposed_first = sorted(token.children, key=lambda child: child.dep_ == "compound")  # 'X founder Y Z': Y Z
    for child in apposed_first:
        if child.dep_ not in ("appos", "compound") and not _apposed_conjunct(token, child):
            continue
        if child.dep_ == "compound" and _modifies_group(token, child):
            continue
        candidate = index.ent_of_token.get(child.i)
        if candidate is not None and candidate.label_ == "PERSON":
            return candidate
        if child.dep_ != "compound" and child.pos_ == "PROPN" and candidate is None:
            return _proper_name(index, child)
    inner = person_in_phrase(index, token)
    if inner is not None:
        return inner
    if ent is not None and ent.label_ == "NORP" and (is_surname(index, ent.text) or surname_of_fuller(index, ent)):
        return Span(index.doc, ent.start, ent.end, label="PERSON")
    if token.pos_ == "PROPN" and ent is None and token.lower_ not in ROLE_NOUNS:
        return _proper_name(index, token)
    return None


def _modifies_group(head: Token, compound: Token) -> bool:
    """'Tajik analysts', 'Kyrgyz officials': a word before a plural common noun, or a
    nationality, says which group speaks; it names no speaker (whatever the NER calls it)."""
    return head.tag_ == "NNS" or (compound.is_title and default_gazetteer().is_nationality(compound.text))


def _apposed_conjunct(head: Token, child: Token) -> bool:
    """'Minister of Agriculture, Rustam Nazarov, noted': a name the parser joined to a title as a
    conjunct though no 'and' or 'or' joins them, which makes it an apposition."""
    return child.dep_ == "conj" and child.i > head.i and head.lower_ in ROLE_NOUNS \
        and not any(other.dep_ == "cc" for other in head.children)


def person_in_phrase(index: DocIndex, head: Token) -> Span | None:
    """'Chinese ambassador to Nepal Wang Lei', 'the director of X Li Wenbo': the named person."""
    if head.pos_ not in ("NOUN", "PROPN") or (head.pos_ == "PROPN" and head.lower_ not in ROLE_NOUNS
                                               and head.is_title and head.ent_type_ != "ORG"):
        return None
    found = None
    for token in _phrase_tokens(head):
        if token.i < head.i and _modifies_group(head, token):
            continue
        ent = index.ent_of_token.get(token.i)
        if ent is not None and ent.label_ == "PERSON":
            found = ent
        elif ent is not None and token.i == ent.end - 1 == head.right_edge.i and head.lower_ in ROLE_NOUNS:
            found = glued_person(ent, token, after_role=True) or found
    if found is not None:
        return found
    last = head.right_edge
    if last.i > head.i and last.pos_ == "PROPN" and not last.ent_type_ and last.lower_ not in ROLE_NOUNS \
            and head.lower_ in ROLE_NOUNS:
        return _proper_name(index, last)
    return None


def _phrase_tokens(head: Token) -> Iterator[Token]:
    """The noun phrase of a head, without relative clauses or verbs hanging off it."""
    for child in head.children:
        if child.dep_ in NON_PHRASE_DEPS:
            continue
        yield child
        yield from _phrase_tokens(child)


def _proper_name(index: DocIndex, token: Token) -> Span:
    """A capitalised name the NER missed: a person unless it reads like an organisation."""
    doc = index.doc
    start = token.i
    first = phrase_start(token)
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i < token.i + 1 \
            and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i >= first \
            and doc[start - 1].lower_ not in ROLE_NOUNS and not is_country_word(doc[start - 1]):
        start -= 1
    cut_off = index.ent_of_token.get(start - 1) if start > 0 and doc[start - 1].whitespace_ else None
    if cut_off is not None and cut_off.label_ == "PERSON" and cut_off.end == start:
        start = cut_off.start  # 'Li | Wen': the NER cut the name in two at a parser break
    words = [tok.lower_ for tok in doc[start : token.i + 1]]
    label = "ORG" if any(word in ORG_NAME_WORDS for word in words) or token.is_upper else "PERSON"
    return Span(doc, start, token.i + 1, label=label)


def fuller_mention(index: DocIndex, surname: Token) -> Span | None:
    """'Qureshi said' where the NER missed 'Imran Tariq Qureshi' earlier: the longest written form.

    Another mention of the same word with capitalised first names compounded onto it (and
    no organisation or place entity among them) is the person's full name.
    """
    doc = index.doc
    best = None
    for token in doc:
        if token.text != surname.text or token.i == surname.i:
            continue
        start = token.i
        while start > 0 and _first_name(index, doc[start - 1], token):
            start -= 1
        if start < token.i and (best is None or token.i - start > len(best) - 1):
            best = Span(doc, start, token.i + 1, label="PERSON")
    return best


def with_first_names(index: DocIndex, ent: Span) -> Span:
    """'Imran' tagged as a nationality before 'Tariq Qureshi': first names the NER left out."""
    start = ent.start
    first = phrase_start(ent[0])
    while start > first and _first_name(index, index.doc[start - 1], ent.root) \
            and index.ent_of_token.get(start - 1) is not ent:
        start -= 1
    return ent if start == ent.start else Span(index.doc, start, ent.end, label=ent.label_)


def _first_name(index: DocIndex, token: Token, surname: Token) -> bool:
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.i == surname.i and token.is_title \
        and token.lower_ not in ROLE_NOUNS and token.lower_ not in ORG_NAME_WORDS \
        and token.lower_.rstrip(".") not in TITLE_ABBREVIATIONS and entity_label(index, token) not in ("ORG", "GPE", "LOC", "FAC")


def register_person(index: DocIndex, ent: Span) -> None:
    """Add a mention the NER missed to the people list, under the fullest matching name."""
    name = canonical_name(clean_name(ent.text), index.people, ent.start_char)
    for known, offsets in index.people:
        if known == name:
            offsets.append(ent.start_char)
            return
    index.people.append((name, [ent.start_char]))


def glued_person(ent: Span, subject: Token, *, after_role: bool = False) -> Span | None:
    """'Caspian Shipping CJSC Rauf Aliyev': a name the NER glued onto the organisation before it.

    The subject token and its compound first names end the entity, and the entity has an
    organisation part before them (joined by a preposition or conjunction, or an acronym).
    """
    if subject.i != ent.end - 1 or subject.lower_ in ORG_NAME_WORDS or not subject.is_title:
        return None
    start = subject.i
    while start > ent.start and ent.doc[start - 1].dep_ == "compound" and ent.doc[start - 1].is_title \
            and ent.doc[start - 1].lower_ not in ORG_NAME_WORDS and not is_country_word(ent.doc[start - 1]):
        start -= 1
    head_part = [tok for tok in ent.doc[ent.start : start] if tok.lower_ not in ("the", "a", "an")]
    if start == subject.i or not head_part:
        return None
    if not after_role and not any(tok.lower_ in NAME_CONNECTORS or tok.is_upper for tok in head_part):
        return None
    return Span(ent.doc, start, ent.end, label="PERSON")


def after_portfolio(index: DocIndex, ent: Span) -> Span | None:
    """'Minister of | Agriculture Nurlan Aitov': a name the NER glued to the portfolio word before it.

    An organisation entity of three or more capitalised words right after a title's 'of', 'for'
    or 'and' is the portfolio's last word and the name after it.
    """
    doc = index.doc
    if len(ent) < 3 or ent.start < 2 or not all(token.is_title and token.pos_ == "PROPN" for token in ent):
        return None
    link, title = doc[ent.start - 1], doc[ent.start - 2]
    if link.lower_ not in PORTFOLIO_LINKS or not (title.lower_ in ROLE_NOUNS or title.is_title):
        return None
    if not any(token.lower_ in ROLE_NOUNS for token in doc[phrase_start(ent[0]) : ent.start]):
        return None
    name = Span(doc, ent.start + 1, ent.end, label="PERSON")
    if len(name) > 3 or any(token.lower_.rstrip(".") in ORG_NAME_WORDS or is_country_word(token) for token in name):
        return None  # 'Chairman of Arman | Holding Timur Sadykov': the organisation runs on
    return name


def is_known_person(index: DocIndex, ent: Span) -> bool:
    """'Costa said' after 'Ana Costa, director of X': a surname the NER took for a company."""
    return is_surname(index, ent.text)


def surname_of_fuller(index: DocIndex, ent: Span) -> bool:
    """'Orynbekova said' after 'Economist Saltanat Orynbekova' the NER did not tag: a surname."""
    return len(ent) == 1 and ent[0].is_title and fuller_mention(index, ent[0]) is not None


def is_surname(index: DocIndex, text: str) -> bool:
    tokens = name_tokens(clean_name(text))
    return len(tokens) == 1 and any(name_tokens(name)[-1:] == tokens for name, _ in index.people)
