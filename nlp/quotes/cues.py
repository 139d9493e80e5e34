"""Cue detection: speech verbs and the subject that speaks through them.

A cue is a reporting verb from the lexicon; its speaker token is its subject, the agent of a
passive, an inverted subject, or the subject of the verb it hangs off.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsmine.nlp.quotes.lexicon import (
    DIRECT_CUE_VERBS,
    DOCUMENT_NOUNS,
    FINITE_TAGS,
    INHERIT_SUBJECT_DEPS,
    INVERTED_SUBJECT_DEPS,
    MIN_CLAUSE_TOKENS,
    ORG_NOUNS,
    ROLE_NOUNS,
    SPEAKER_ENT_TYPES,
    SUBJECT_DEPS,
)
from newsmine.nlp.quotes.marks import ALL_MARKS


# phrasal speech verbs: the verb speaks only with its particle ('pointed out', 'laid out', 'spelled out')
PARTICLE_CUES = {"point": "out", "lay": "out", "spell": "out", "rule": "out"}


def is_cue(token: Token, verbs: frozenset[str]) -> bool:
    """A speech verb; a phrasal one only with its particle ("pointed out")."""
    lemma = token.lemma_.lower()
    if lemma not in verbs or token.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in PARTICLE_CUES:
        return any(child.dep_ == "prt" and child.lower_ == PARTICLE_CUES[lemma] for child in token.children)
    return True


def cue_subject(cue: Token) -> Token | None:
    """The cue's speaker token: its subject, the agent of a passive, or an inverted subject.

    Verbs without a subject of their own ('..., adding that', 'and also said') take the one of
    the verb they hang off; an inherited subject that cannot speak ('the work is ... and
    expressed') is skipped for the next one up.
    """
    token = cue
    for _ in range(5):
        own = token.i == cue.i
        sibling = _sibling_cue_subject(token) if not own else None
        if sibling is not None:
            return sibling
        agent = _agent(token)
        if agent is not None and (own or can_speak(agent)):
            return agent
        subjects = [child for child in token.children
                    if child.dep_ in SUBJECT_DEPS and child.lower_ not in ("it", "that", "which")
                    and (own or can_speak(child))]
        if subjects:
            subject = min(subjects, key=lambda child: abs(child.i - cue.i))
            return None if own and _person_between(subject, cue) else subject
        for child in token.rights:
            if child.dep_ in INVERTED_SUBJECT_DEPS and child.ent_type_ in SPEAKER_ENT_TYPES:
                return child
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head
        if token.dep_ not in INHERIT_SUBJECT_DEPS or token.head.i == token.i:
            return None
        token = token.head
    return None


def _person_between(subject: Token, cue: Token) -> bool:
    """'The ore was shipped ..., Ana Costa, the secretary general, told X': a broken parse
    made a thing the subject while a named person stands between it and the verb."""
    if can_speak(subject) or subject.i > cue.i:
        return False
    return any(token.ent_type_ == "PERSON" for token in subject.doc[subject.i + 1 : cue.i])


def _sibling_cue_subject(head: Token) -> Token | None:
    """'"...", he said, adding ...': the subject of a speech verb hanging off the same head."""
    for child in head.children:
        if child.dep_ in ("parataxis", "ccomp") and is_cue(child, DIRECT_CUE_VERBS):
            found = next((g for g in child.children if g.dep_ in SUBJECT_DEPS), None)
            if found is not None:
                return found
    return None


def is_document(token: Token) -> bool:
    """Statements, reports, data: checked on the word too, since 'data' lemmatises to 'datum'."""
    return token.lower_ in DOCUMENT_NOUNS or token.lemma_.lower() in DOCUMENT_NOUNS


def can_speak(token: Token) -> bool:
    """People, organisations, pronouns and role nouns speak; 'the development work' does not."""
    if token.pos_ in ("PRON", "PROPN") or token.ent_type_ in SPEAKER_ENT_TYPES:
        return True
    lemma = token.lemma_.lower()
    return lemma in ROLE_NOUNS or lemma in ORG_NOUNS or is_document(token)


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def trim_clause(doc: Doc, tokens: list[Token]) -> tuple[int, int] | None:
    """Character span of a clause without a leading "that"/comma and trailing punctuation."""
    while tokens and (tokens[0].is_punct or tokens[0].lower_ == "that" and tokens[0].dep_ == "mark"):
        if tokens[0].text in ALL_MARKS:
            break
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in ALL_MARKS:
        tokens = tokens[:-1]
    if len(tokens) < MIN_CLAUSE_TOKENS:
        return None
    if not any(token.pos_ in ("VERB", "AUX") for token in tokens):
        return None
    if tokens[0].pos_ == "VERB" and tokens[0].tag_ in FINITE_TAGS and tokens[0].dep_ not in SUBJECT_DEPS:
        return None  # a predicate without its subject ('reported SCMP') is no reported clause
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def subtree_tokens(token: Token, *, exclude: Token | None = None) -> list[Token]:
    """Contiguous subtree of a token within its sentence, optionally cutting out a branch."""
    skipped = set()
    if exclude is not None:
        skipped = {descendant.i for descendant in exclude.subtree}
    sent = token.sent
    return [
        tok
        for tok in token.doc[token.left_edge.i : token.right_edge.i + 1]
        if tok.i not in skipped and sent.start <= tok.i < sent.end
    ]
