"""What a token or span looks like as part of a name: capitals, dashes, line breaks, head noun."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsmine.nlp.entities.vocabulary import (
    AUTONOMOUS,
    FAC_HEADS,
    GPE_HEADS,
    HYPHENS,
    LOC_HEADS,
    NON_NAME_WORDS,
    NUMERIC_LABELS,
    ORG_HEADS,
)


def head_type(tokens: Sequence[Token]) -> str | None:
    """Type implied by the span's head noun: "... pipeline" FAC, "... River" LOC, "Bank of ..." ORG."""
    words = [t.lower_ for t in tokens]
    head_index = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    head = words[head_index]
    if head in GPE_HEADS and tokens[head_index].is_title and len(words) > 1:
        return "GPE"
    if head == "region" and head_index > 0 and words[head_index - 1] == AUTONOMOUS:  # self-governing
        return "GPE"
    if head in FAC_HEADS:
        return "FAC"
    if head in LOC_HEADS:
        return "LOC"
    if head in ORG_HEADS or any(t.is_title and t.lower_ in ORG_HEADS for t in tokens):
        return "ORG"
    return None


def is_proper(token: Token) -> bool:
    """A token that can carry a name: a proper noun or a capitalised word that is not a demonym."""
    if token.ent_type_ == "NORP":
        return False
    return token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start)


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper() or token.is_digit


def is_time_word(token: Token) -> bool:
    """Dates, numbers and weekday or month names never continue a name ("port of X on Monday")."""
    return token.ent_type_ in NUMERIC_LABELS or token.lower_ in NON_NAME_WORDS


def breaks_line(token: Token) -> bool:
    return "\n" in token.text


def is_spaced_dash(doc: Doc, token: Token) -> bool:
    """A dash with spaces around it separates phrases ("Anaklia Port - Georgian rival")."""
    return token.text in HYPHENS and bool(token.whitespace_) and token.i > 0 and bool(doc[token.i - 1].whitespace_)


def is_dashed_tag(token: Token) -> bool:
    """A byline tag glued to dashes ("-TDO-"): never part of the name before it."""
    return len(token.text) > 2 and token.text[0] in HYPHENS and any(ch.isalpha() for ch in token.text)
