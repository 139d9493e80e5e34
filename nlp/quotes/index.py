"""Per-Doc lookups shared by every quote stage: token offsets, entity spans, canonical names.

`build_index(doc)` is built once per Doc; `canonical_name` picks the fullest written form of
a name among the document's mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsmine.models.gazetteer import default_gazetteer
from newsmine.nlp.extensions import register_extensions
from newsmine.nlp.quotes.lexicon import (
    COMPANY_SUFFIXES,
    DIRECT_CUE_VERBS,
    HONORIFICS,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    NAME_PUNCTUATION,
    NOT_NAME_LABELS,
    ROLE_NOUNS,
    SPEAKER_ENT_TYPES,
    SPEECH_VERBS,
    TITLE_ABBREVIATIONS,
)
from newsmine.nlp.quotes.records import Profile

register_extensions()

PORTFOLIO_LINKS = frozenset({"of", "for", "and", "&"})  # words inside a title before a glued-on name


@dataclass(slots=True)
class DocIndex:
    """Per-Doc lookups built once: token offsets, entity spans and canonical entity names."""

    doc: Doc
    text: str
    token_starts: list[int]
    ent_of_token: dict[int, Span]
    people: list[tuple[str, list[int]]]
    orgs: list[tuple[str, str, list[int]]]
    ner: tuple[Span, ...] = ()
    profiles: dict[str, Profile] = field(default_factory=dict)


def build_index(doc: Doc) -> DocIndex:
    ner = doc.ents  # computed on each access: read once
    ents = [_as_person_if_described(doc, ent) for ent in (*ner, *_component_entity_spans(doc))]
    place_words = {token.text for ent in ner if ent.label_ in NOT_NAME_LABELS for token in ent}
    place_words |= {word for entity in doc._.entities or [] if entity.type in NOT_NAME_LABELS
                    for word in entity.name.split()}
    ents = [bare_person(ent, place_words) if ent.label_ == "PERSON" else ent for ent in ents]
    ents = [ent for ent in ents if ent.label_ != "PERSON" or any(token.text[:1].isupper() for token in ent)]
    ent_of_token: dict[int, Span] = {}
    for ent in ents:
        for token in ent:
            ent_of_token[token.i] = ent
    text = doc.text
    people, orgs = _entity_names(doc, text, ents, place_words)
    return DocIndex(doc, text, [token.idx for token in doc], ent_of_token, people, orgs, ner)


def bare_person(ent: Span, place_words: set[str]) -> Span:
    """A person's name without the title or headline words the NER glued on before it.

    'Deputy Minister of Transport of Armenia Aram Petrosyan', 'Spokesperson Lina
    Haddad', 'Jane Smith Tells': the name is the run of capitalised words after the last
    role noun, lower-case word, connector or place name, and before a trailing reporting verb.
    """
    tokens = list(ent)
    end = len(tokens)
    while end > 1 and tokens[end - 1].lemma_.lower() in SPEECH_VERBS | DIRECT_CUE_VERBS:
        end -= 1
    verb = next((position for position, token in enumerate(tokens[:end]) if position >= 2 and token.pos_ == "VERB"
                 and token.lemma_.lower() in SPEECH_VERBS | DIRECT_CUE_VERBS), None)
    if verb is not None:
        end = verb  # 'Jane Smith Tells Lawmakers ...': a headline's verb and what follows it
    start = 0
    for position, token in enumerate(tokens[: end - 1]):
        word = token.lower_
        if word in ROLE_NOUNS or word.rstrip(".") in TITLE_ABBREVIATIONS | COMPANY_SUFFIXES or word in NAME_CONNECTORS or (token.is_lower and word not in NAME_PARTICLES) or (token.is_punct and token.text not in NAME_PUNCTUATION) \
                or token.text in place_words or is_country_word(token):
            start = position + 1
            if word in ("of", "for", "to") and position + 2 < end:
                start = position + 2  # 'Transport of Armenia Aram ...': the object of 'of' is no name
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if start == 0 and end - start >= 3 and before is not None and before.lower_ in PORTFOLIO_LINKS:
        start = 1  # 'Minister for Ports and | Shipping Rana Qadir': the portfolio's last word
    if start == 0 and end == len(tokens):
        return ent
    return Span(ent.doc, ent.start + start, ent.start + end, label=ent.label_)


def _component_entity_spans(doc: Doc) -> list[Span]:
    """Mentions from `doc._.entities` as spans: they overrule the raw NER where both exist."""
    spans = []
    for entity in doc._.entities or []:
        if entity.type not in SPEAKER_ENT_TYPES:
            continue
        for mention in entity.mentions:
            span = doc.char_span(mention.start, mention.end, label=entity.type, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    return spans


def _as_person_if_described(doc: Doc, ent: Span) -> Span:
    """A name the NER calls an organisation but the text describes as a person is a person.

    'Ana Costa, director of X' or 'President Ana Costa': a role noun in apposition or right
    before the name (with the first name the NER left out re-attached).
    """
    if ent.label_ not in ("ORG", "GPE", "NORP") or not has_parse(doc):
        return ent
    root = ent.root
    described = any(child.dep_ == "appos" and child.lemma_.lower() in ROLE_NOUNS and child.i > root.i
                    for child in root.children)
    start = ent.start
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
            and not doc[start - 1].ent_type_:
        start -= 1
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ in ROLE_NOUNS and before.pos_ in ("NOUN", "PROPN"):
        described = True
    if not described or ent[0].lower_ == "the":
        return ent
    return Span(doc, start, ent.end, label="PERSON")


def clean_name(text: str) -> str:
    """Entity text without a leading article or trailing possessive, as a speaker name."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    return re.sub(r"['’]s$", "", text).strip(" ,.")


def _bare_name(doc: Doc, text: str, name: str, place_words: set[str]) -> str:
    """`bare_person` for a name string: trimmed through its first mention in the text."""
    at = text.find(name)
    span = doc.char_span(at, at + len(name), label="PERSON") if at >= 0 else None
    return clean_name(bare_person(span, place_words).text) if span is not None else name


def _known(entities: list, name: str) -> bool:
    """The entity stage already lists this name (or a fuller form of it), as anything."""
    words = name_tokens(name)
    return any(contains_run(name_tokens(entity.name), words) for entity in entities)


def _entity_names(
    doc: Doc, text: str, ents: list[Span], place_words: set[str]
) -> tuple[list[tuple[str, list[int]]], list[tuple[str, str, list[int]]]]:
    """People and organisations with mention offsets, from `doc._.entities` or else the NER."""
    people: dict[str, list[int]] = {}
    orgs: dict[str, tuple[str, list[int]]] = {}
    entities = doc._.entities or []
    if entities:
        for entity in entities:
            offsets = [mention.start for mention in entity.mentions]
            if entity.type == "PERSON":
                people.setdefault(_bare_name(doc, text, entity.name, place_words), []).extend(offsets)
            elif entity.type in SPEAKER_ENT_TYPES:
                orgs.setdefault(entity.name, (entity.type, []))[1].extend(offsets)
    for ent in ents:
        name = clean_name(ent.text)
        if not name:
            continue
        if ent.label_ == "PERSON" and (not entities or not _known(entities, name)):
            people.setdefault(name, []).append(ent.start_char)  # a person the entity stage missed
        elif ent.label_ in SPEAKER_ENT_TYPES and not entities:
            orgs.setdefault(name, (ent.label_, []))[1].append(ent.start_char)
    return (
        list(people.items()),
        [(name, label, offsets) for name, (label, offsets) in orgs.items()],
    )


def name_tokens(name: str) -> list[str]:
    tokens = re.findall(r"\w+", name.lower())
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tokens


def contains_run(big: list[str], small: list[str]) -> bool:
    size = len(small)
    return size > 0 and any(big[i : i + size] == small for i in range(len(big) - size + 1))


def spells_out(full: list[str], short: list[str]) -> bool:
    """'Sergei Petrov' spells out 'S. Petrov': same words, initials written in full."""
    return full != short and len(full) == len(short) and all(
        word == initial or (len(initial) == 1 and word.startswith(initial)) for word, initial in zip(full, short))


def nearest_offset(offsets: list[int], position: int) -> int:
    """Distance rank: mentions before the position win over mentions after it."""
    before = [position - offset for offset in offsets if offset <= position]
    if before:
        return min(before)
    return 10 * min((offset - position for offset in offsets), default=10**9)


def canonical_name(name: str, candidates: Iterable[tuple[str, list[int]]], position: int) -> str:
    """The fullest written form of `name`: same surname or contained, nearest mention first.

    A shorter form of a longer matching name ('Aliyev' beside 'Rauf Aliyev') is the same
    person and gives way to it; different people sharing a surname stay apart by distance.
    """
    query = name_tokens(name)
    if not query:
        return name
    matching = []
    for candidate, offsets in candidates:
        tokens = name_tokens(candidate)
        if contains_run(tokens, query) or (tokens and tokens[-1] == query[-1]):
            matching.append((candidate, tokens, offsets))
    fullest = [
        (candidate, tokens, offsets) for candidate, tokens, offsets in matching
        if not any(len(other) > len(tokens) and contains_run(other, tokens) or spells_out(other, tokens)
                   for _, other, _ in matching)
    ]
    best: tuple[int, int, str] | None = None
    for candidate, tokens, offsets in fullest:
        key = (nearest_offset(offsets, position), -len(tokens), candidate)
        if best is None or key < best:
            best = key
    if best is None or len(name_tokens(best[2])) < len(query):
        return name
    return best[2]


def token_at(index: DocIndex, offset: int) -> int:
    """Index of the token that contains (or starts after) a character offset."""
    return max(0, bisect_right(index.token_starts, offset) - 1)


def tokens_between(index: DocIndex, start: int, end: int) -> range:
    return range(bisect_left(index.token_starts, start), bisect_left(index.token_starts, end))


def has_parse(doc: Doc) -> bool:
    return doc.has_annotation("DEP")


def inside_spans(offset: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    position = bisect_right(starts, offset) - 1
    return position >= 0 and spans[position][0] <= offset < spans[position][1]


def is_country_word(token: Token) -> bool:
    """'Armenia' in 'Minister of Armenia Aram X', even where the NER glued it onto the name."""
    return token.is_title and default_gazetteer().is_country(token.text)


def phrase_start(token: Token) -> int:
    """Start of the token's sentence, moved back where the parser broke a sentence inside a
    name ('... Group Co. Ltd. | Wang Lei said', 'Ambassador to X Li | Wen described'): the
    token before the break is a company suffix or a capitalised word with no full stop."""
    doc = token.doc
    start = token.sent.start
    while start > 0 and doc[start - 1].whitespace_ and (
            doc[start - 1].lower_.rstrip(".") in COMPANY_SUFFIXES
            or doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and doc[start - 1].text[-1].isalpha()):
        start = doc[start - 1].sent.start
    return start


def entity_label(index: DocIndex, token: Token) -> str:
    ent = index.ent_of_token.get(token.i)
    return ent.label_ if ent is not None else token.ent_type_
