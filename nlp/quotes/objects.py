"""Speech verbs whose object, not a clause, states the claim or the call (SCHEMA.md).

"X called for the transformation of the seaports", "X urged members to ...", "X denied the
charge", "X highlighted the growing debt as a potential challenge", "X pledged to ...".
The object counts only when it states something: evaluative and call verbs always, emphasis
verbs ("stressed", "highlighted") only with a claim noun ("the importance of ...") or an
"as" complement; "X highlighted the projects", "X discussed cooperation" and "X pledged
funding" name a topic or an act and do not count.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsmine.nlp.quotes.cues import cue_subject, is_cue, subtree_tokens
from newsmine.nlp.quotes.lexicon import (
    CALL_VERBS,
    CLAIM_NOUNS,
    CLAIM_OBJECT_VERBS,
    COMMITMENT_VERBS,
    EMPHASIS_VERBS,
    EVALUATIVE_ADJECTIVES,
    NEGATED_CLAIM_VERBS,
    PROPOSAL_VERBS,
)
from newsmine.nlp.quotes.marks import ALL_MARKS
from newsmine.nlp.quotes.records import QuoteMatch

MIN_OBJECT_TOKENS = 2
MIN_PROPOSAL_TOKENS = 3


def object_claims(doc: Doc) -> list[QuoteMatch]:
    """Indirect quotes whose content is a speech verb's object; needs the dependency parse."""
    matches = []
    for token in doc:
        if token.pos_ != "VERB":
            continue
        tokens = _claim_tokens(token)
        span = _object_span(tokens) if tokens else None
        if span is not None:
            matches.append(QuoteMatch(span[0], span[1], "indirect", token, cue_subject(token)))
    return matches


def _claim_tokens(verb: Token) -> list[Token] | None:
    lemma = verb.lemma_.lower()
    if any(child.dep_ in ("ccomp", "nsubjpass", "auxpass") for child in verb.children):
        return None  # a clause is reported speech proper; a passive names no speaker
    objects = [child for child in verb.children if child.dep_ == "dobj"]
    complements = [child for child in verb.children if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX")]
    if lemma in CALL_VERBS:
        if lemma in ("call", "appeal"):
            return _prepositional_object(verb, "for")
        if objects and complements and complements[0].i > objects[0].i:  # 'urged members to oppose ...'
            return _between(objects[0], complements[0])
        return None
    if lemma in COMMITMENT_VERBS:
        return subtree_tokens(complements[0]) if complements and not objects else None
    if lemma == "warn":
        return _prepositional_object(verb, "of") or _prepositional_object(verb, "against")
    if lemma in NEGATED_CLAIM_VERBS and objects and _negated(verb) and is_cue(verb, NEGATED_CLAIM_VERBS):
        return subtree_tokens(objects[0])  # 'does not exclude the participation of ...', 'did not rule out ...'
    if lemma in CLAIM_OBJECT_VERBS and objects and objects[0].pos_ == "NOUN":
        if lemma == "describe" and not _has_as_complement(verb, objects[0]):
            return None  # 'praised the U.S.' names whom, not what: a proper name is no claim
        return subtree_tokens(objects[0]) + _as_complement(verb)
    proposal = objects or [child for child in complements if child.tag_ == "VBG"]  # 'proposed setting up a fund'
    if lemma in PROPOSAL_VERBS and proposal and len(subtree_tokens(proposal[0])) >= MIN_PROPOSAL_TOKENS:
        return subtree_tokens(proposal[0])  # 'proposed fast-tracking a development bank'; 'the route' only names it
    if lemma in EMPHASIS_VERBS and objects:
        head = objects[0]
        framed = lemma == "highlight" and _has_as_complement(verb, head)  # 'highlighted X as a challenge'
        if _has_that_clause(head):
            return None  # 'expressed confidence that ...': the clause is the reported speech
        if head.lemma_.lower() in CLAIM_NOUNS or framed or _judged(head):
            return subtree_tokens(head) + _as_complement(verb)
    if lemma == "inform":  # 'informed about the positive trend in ...'
        return _prepositional_object(verb, "about")
    return None


def _judged(noun: Token) -> bool:
    """'noted the company's successful experience', 'underscored the long-standing cooperation':
    an evaluative adjective makes the object a judgement, not a topic."""
    return any(child.dep_ in ("amod", "conj") and EVALUATIVE_ADJECTIVES & {_adjective(child), child.lemma_.lower()}
               for child in noun.children)


def _adjective(token: Token) -> str:
    """The adjective with its hyphenated parts ('long-standing' is three tokens)."""
    return token.doc[token.left_edge.i : token.i + 1].text.lower()


def _negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _has_that_clause(noun: Token) -> bool:
    return any(child.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)
               for child in noun.children)


def _prepositional_object(verb: Token, preposition: str) -> list[Token] | None:
    for child in verb.children:
        if child.dep_ in ("prep", "prt") and child.lower_ == preposition:
            pobj = next((grandchild for grandchild in child.children if grandchild.dep_ == "pobj"), None)
            if pobj is not None:
                return subtree_tokens(pobj)
    return None


def _between(first: Token, last: Token) -> list[Token]:
    tokens = subtree_tokens(first) + subtree_tokens(last)
    start, end = min(tok.i for tok in tokens), max(tok.i for tok in tokens)
    return list(first.doc[start : end + 1])


def _as_complement(verb: Token) -> list[Token]:
    """'highlighted X as a potential challenge': the 'as' phrase completes the claim."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            return subtree_tokens(child)
    return []


def _has_as_complement(verb: Token, head: Token) -> bool:
    return bool(_as_complement(verb)) or any(child.dep_ == "prep" and child.lower_ == "as" for child in head.children)


def _object_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Character span of an object phrase, without punctuation at its ends; None when too short."""
    tokens = sorted(tokens, key=lambda token: token.i)
    while tokens and tokens[0].is_punct and tokens[0].text not in ALL_MARKS:
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in ALL_MARKS:
        tokens = tokens[:-1]
    if len(tokens) < MIN_OBJECT_TOKENS or "\n" in tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
