"""Reported speech: clauses governed by a reporting verb, an opinion noun or "according to".

"X said (that) ...", "..., X said", "expressed the hope that ...", "according to X, ..." and
"in his words, ...". Needs the dependency parse.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsmine.nlp.quotes.cues import cue_subject, is_cue, is_document, subtree_tokens, trim_clause
from newsmine.nlp.quotes.index import has_parse
from newsmine.nlp.quotes.lexicon import (
    CLAUSE_DEPS,
    DEFINITE_DETS,
    EXPRESSIVE_VERBS,
    MAX_THAT_GAP,
    NEED_NOUNS,
    OPINION_NOUNS,
    SPEAKER_ENT_TYPES,
    SPEECH_VERBS,
    VIEWPOINT_NOUNS,
)
from newsmine.nlp.quotes.records import QuoteMatch


def _clause_of_cue(cue: Token) -> list[Token] | None:
    """The reported clause a speech verb governs (ccomp, or the host clause of a parenthetical)."""
    clauses = [child for child in cue.children if child.dep_ == "ccomp"]
    if clauses:
        clause = next((child for child in clauses if child.i > cue.i), clauses[0])
        tokens = subtree_tokens(clause)
        if cue.dep_ in ("ccomp", "parataxis") and cue.head.i > cue.i and clause.i > cue.i:
            tokens = [tok for tok in cue.sent if tok.i >= tokens[0].i]
        return tokens
    for child in cue.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in NEED_NOUNS:
            return subtree_tokens(child)
    if cue.dep_ == "parataxis" or (cue.dep_ in ("advcl",) and cue.i > cue.head.i):
        host = cue.head
        tokens = subtree_tokens(host, exclude=cue)
        if cue.i < host.i:
            return [tok for tok in tokens if tok.i > cue.right_edge.i]
        return tokens
    return None


def _opinion_clause(noun: Token) -> tuple[list[Token], Token] | None:
    """'expressed the hope that ...', 'were of the view that ...': clause and governing verb."""
    clause = next(
        (child for child in noun.children
         if child.dep_ in CLAUSE_DEPS and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)),
        None,
    )
    if clause is None:
        return None
    verb = noun.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in EXPRESSIVE_VERBS:
        return None
    return subtree_tokens(clause), verb


def _according_to(token: Token) -> tuple[list[Token], Token | None] | None:
    """'According to X, ...' / '..., according to X' / 'In his words, ...': clause and source."""
    source = None
    if token.lower_ == "according":
        to = next((child for child in token.children if child.lower_ == "to"), None)
        source = next((child for child in to.children if child.dep_ == "pobj"), None) if to else None
    elif token.lower_ == "in":
        pobj = next((child for child in token.children if child.dep_ == "pobj"), None)
        if pobj is None or pobj.lower_ not in VIEWPOINT_NOUNS:
            return None
        source = next((child for child in pobj.children if child.dep_ == "poss"), None)
        if source is None:
            return None
    if source is None or _anonymous_document(_document_source(source)):
        return None
    phrase = token if token.dep_ != "pcomp" else token.head
    sent = token.sent
    left, right = phrase.left_edge.i, phrase.right_edge.i
    before = [tok for tok in sent if tok.i < left]
    after = [tok for tok in sent if tok.i > right]
    clause = after if len(after) >= len(before) else before
    return clause, _document_source(source)


def _anonymous_document(source: Token) -> bool:
    """'according to last year's data' names no one; 'according to the statement' refers back."""
    if not is_document(source):
        return False
    return not any(child.dep_ == "det" and child.lower_ in DEFINITE_DETS for child in source.children)


def _document_source(source: Token) -> Token:
    """'a map by Gazprom' speaks for Gazprom, 'his website' for him."""
    if is_document(source):
        for child in source.children:
            if child.dep_ == "poss" and (child.pos_ in ("PRON", "PROPN") and child.ent_type_ not in ("DATE", "TIME")):
                return child
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and (pobj.ent_type_ in SPEAKER_ENT_TYPES or pobj.pos_ == "PRON"):
                    return pobj
    return source


def find_reported_speech(doc: Doc) -> list[QuoteMatch]:
    """Reported clauses with their cue and subject; needs the dependency parse."""
    if not has_parse(doc):
        return []
    return reported_matches(doc)


def reported_matches(doc: Doc) -> list[QuoteMatch]:
    matches: list[QuoteMatch] = []
    verb_sentences: set[int] = set()
    for token in doc:
        found = _reported_from_token(token)
        if found is None:
            continue
        tokens, cue, subject = found
        span = trim_clause(doc, tokens)
        if span is None:
            continue
        if cue is not None and cue.lower_ not in ("according", "in"):
            verb_sentences.add(token.sent.start)
        matches.append(QuoteMatch(span[0], span[1], "indirect", cue, subject))
    return [
        match for match in matches
        if match.cue is None or match.cue.lower_ not in ("according", "in")
        or match.cue.sent.start not in verb_sentences
    ]


def _reported_from_token(token: Token) -> tuple[list[Token], Token, Token | None] | None:
    lemma = token.lemma_.lower()
    if token.lower_ in ("according", "in") and token.dep_ in ("prep", "pcomp"):
        found = _according_to(token)
        if found is None:
            return None
        return found[0], token, found[1]
    if token.pos_ == "NOUN" and lemma in OPINION_NOUNS:
        found = _opinion_clause(token)
        if found is None:
            verb = token.head
            clause = _that_clause_after(token) if verb.lemma_.lower() in EXPRESSIVE_VERBS else None
            return (clause, verb, cue_subject(verb)) if clause else None
        return found[0], found[1], cue_subject(found[1])
    if is_cue(token, SPEECH_VERBS):
        clause = _clause_of_cue(token) or _that_clause_after(token)
        if clause is None:
            return None
        return clause, token, cue_subject(token)
    return None


def _that_clause_after(cue: Token) -> list[Token] | None:
    """Surface fallback when the parse lost the clause: 'said only that ...', 'told reporters that ...'."""
    sent = cue.sent
    for i in range(cue.i + 1, min(cue.i + 1 + MAX_THAT_GAP, sent.end)):
        token = cue.doc[i]
        if token.lower_ == "that":
            return [tok for tok in sent if tok.i > i]
        if token.is_punct or token.pos_ in ("VERB", "AUX", "SCONJ"):
            return None
    return None
