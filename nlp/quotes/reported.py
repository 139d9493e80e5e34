"""Reported speech: clauses governed by a reporting verb, an opinion noun or "according to".

"X said (that) ...", "..., X said", "expressed the hope that ...", "according to X, ..." and
"in his words, ...". Needs the dependency parse.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsmine.nlp.quotes.cues import (
    can_speak,
    cue_subject,
    is_cue,
    is_document,
    subtree_tokens,
    trim_clause,
)
from newsmine.nlp.quotes.index import has_parse
from newsmine.nlp.quotes.lexicon import (
    CLAUSE_DEPS,
    DEFINITE_DETS,
    EXPRESSIVE_VERBS,
    MAX_THAT_GAP,
    NEED_NOUNS,
    NEGATED_CLAIM_VERBS,
    OPINION_NOUNS,
    PERSON_PRONOUNS,
    SPEAKER_ENT_TYPES,
    SPEECH_VERBS,
    VIEWPOINT_NOUNS,
)
from newsmine.nlp.quotes.marks import ALL_MARKS
from newsmine.nlp.quotes.records import QuoteMatch
from newsmine.nlp.quotes.trailing import learned_from, trailing_claim


# verbs that, coordinated with a reported clause and without a subject, start the speaker's next statement
COORDINATED_CUES = (SPEECH_VERBS | EXPRESSIVE_VERBS) - {"be", "give", "offer", "share"}


TOPIC_WORDS = frozenset({"why", "how", "what", "whether"})  # an indirect question after a non-question verb
QUESTION_VERBS = frozenset({"ask", "wonder", "question", "inquire", "enquire"})
MAX_APPOSED_NAME = 6
CUE_WORDS = SPEECH_VERBS | QUESTION_VERBS | NEGATED_CLAIM_VERBS | OPINION_NOUNS | {"learn"}


def _clause_of_cue(cue: Token) -> list[Token] | None:
    """The reported clause a speech verb governs (ccomp, or the host clause of a parenthetical)."""
    clauses = [child for child in cue.children if child.dep_ == "ccomp"]
    if clauses:
        clause = next((child for child in clauses if child.i > cue.i), clauses[0])
        if is_cue(clause, SPEECH_VERBS) and all(tok.is_punct for tok in clause.subtree if tok.i > clause.i):
            return None  # '"...," the farmer said, the newspaper reported': a relay, not the content
        tokens = _before_coordinated_cue(clause, subtree_tokens(clause))
        if cue.dep_ in ("ccomp", "parataxis") and cue.head.i > cue.i and clause.i > cue.i:
            tokens = [tok for tok in cue.sent if tok.i >= tokens[0].i]
        return tokens
    for child in cue.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in NEED_NOUNS:
            return subtree_tokens(child)
        if child.dep_ == "acomp" and any(grandchild.dep_ == "xcomp" for grandchild in child.children):
            return subtree_tokens(child)  # headline ellipsis: 'Russia says ready to resume talks'
    if _as_passive(cue):
        return None  # '..., as was noted at the forum': the outlet recalls, nobody is said to say it
    if cue.dep_ == "advcl" and _has_own_complement(cue):
        return None  # '... as experts urge price protection': the verb says something else
    if cue.dep_ == "parataxis" or (cue.dep_ == "advcl" and (cue.i > cue.head.i or _as_clause(cue))):
        host = cue.head
        tokens = subtree_tokens(host, exclude=cue)
        if cue.i < host.i and not _interrupts(cue, tokens):
            return [tok for tok in tokens if tok.i > cue.right_edge.i]
        return tokens
    return None


def _before_coordinated_cue(clause: Token, tokens: list[Token]) -> list[Token]:
    """'said the port is ready and expressed the hope that ...': the clause ends before the second verb.

    The parser hangs a speech verb without a subject of its own on the reported clause; it is
    the speaker's next statement, not part of the first.
    """
    for child in clause.children:
        if child.dep_ == "conj" and child.i > clause.i and child.lemma_.lower() in COORDINATED_CUES \
                and not any(grandchild.dep_ in ("nsubj", "nsubjpass") for grandchild in child.children):
            cut = min((tok.i for tok in clause.children if tok.dep_ == "cc" and clause.i < tok.i < child.i), default=child.i)
            return [tok for tok in tokens if tok.i < cut]
    other = next((tok for tok in tokens if _other_speaker_report(clause, tok)), None)
    if other is not None:  # '..., although a later statement said ...'
        return [tok for tok in tokens if tok.i < other.left_edge.i]
    return tokens


def _other_speaker_report(clause: Token, child: Token) -> bool:
    """A speech verb with its own speaker and clause, attached after the reported clause."""
    return child.dep_ in ("advcl", "conj") and child.i > clause.i and is_cue(child, SPEECH_VERBS) \
        and any(grandchild.dep_ == "ccomp" for grandchild in child.children) \
        and any(grandchild.dep_ == "nsubj" and can_speak(grandchild) and grandchild.lower_ not in PERSON_PRONOUNS
                for grandchild in child.children)


def _as_clause(cue: Token) -> bool:
    """'As X noted, ...': a speech verb with a named subject in an 'as' clause before its host."""
    return any(child.dep_ == "mark" and child.lower_ == "as" for child in cue.children) \
        and any(child.dep_ in ("nsubj", "agent") for child in cue.children)


def _has_own_complement(cue: Token) -> bool:
    """'warn of growing threats', 'urge price protection', 'call for talks': the verb's own content."""
    return any(child.dep_ == "xcomp" or child.dep_ == "dobj" and not can_speak(child)  # 'reported the ambassador'
               or child.dep_ in ("prep", "prt") and child.lower_ in ("of", "for", "against", "about")
               for child in cue.children)


def _as_passive(cue: Token) -> bool:
    """'as was noted', 'as is reported': an 'as' clause in the passive with no agent."""
    deps = {(child.dep_, child.lower_ if child.dep_ == "mark" else "") for child in cue.children}
    return ("mark", "as") in deps and ("auxpass", "") in deps and ("agent", "") not in deps


def _interrupts(cue: Token, host_tokens: list[Token]) -> bool:
    """'The plan, officials said, favours ...': the cue stands inside its host clause.

    Then the whole host clause is the reported content (the quote keeps the inserted cue,
    since a quote is one stretch of the text).
    """
    return any(tok.i < cue.left_edge.i and not tok.is_punct for tok in host_tokens) \
        and any(tok.i > cue.right_edge.i and not tok.is_punct for tok in host_tokens)


def is_relay(cue: Token) -> bool:
    """A wire relay, not a speaker: '..., Xinhua reports', 'it was reported that', or an outlet
    tag on a sentence that already has its own speaker ('..., the minister said, TASS reported').
    """
    if cue.lemma_.lower() != "report":
        return False
    leads = any(child.dep_ == "ccomp" and child.i > cue.i for child in cue.children)  # 'X reports that ...'
    if cue.tag_ == "VBZ" and not leads or any(child.dep_ in ("auxpass", "nsubjpass") for child in cue.children) \
            or any(child.dep_ == "mark" and child.lower_ == "as" for child in cue.children):
        return True
    nearby = cue.doc[max(cue.sent.start, cue.i - 4) : cue.i]
    return any(tok.i != cue.i and is_cue(tok, SPEECH_VERBS) and tok.lemma_.lower() != "report"
               and not any(child.dep_ in ("xcomp", "auxpass") for child in tok.children)  # acts, passives
               for tok in (*cue.sent, *nearby))


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
    if source is None or _unsourced_document(_document_source(source)):
        return None
    phrase = token if token.dep_ != "pcomp" else token.head
    sent = token.sent
    left, right = phrase.left_edge.i, _past_apposition(phrase.right_edge)
    before = [tok for tok in sent if tok.i < left]
    after = [tok for tok in sent if tok.i > right]
    clause = after if len(after) >= len(before) else before
    return clause, _document_source(source)


def _past_apposition(last: Token) -> int:
    """'According to the head of the administration, Aidar Omarov, the road ...': the name after
    the source is part of the phrase, not of the claim."""
    doc, sent_end = last.doc, last.sent.end
    if last.i + 2 >= sent_end or doc[last.i + 1].text != ",":
        return last.i
    name = [doc[i] for i in range(last.i + 2, min(sent_end, last.i + 2 + MAX_APPOSED_NAME))]
    closing = next((tok.i for tok in name if tok.text == ","), None)
    if closing is None or closing == last.i + 2:
        return last.i
    if all(tok.ent_type_ == "PERSON" for tok in doc[last.i + 2 : closing]):
        return closing
    return last.i


def _unsourced_document(source: Token) -> bool:
    """'according to last year's data' names no source; 'customs data', 'the statement' do.

    A document counts when a definite article refers back to one already named, or a noun
    or adjective before it, or 'from/by/of X' after it, says whose it is.
    """
    if not is_document(source):
        return False
    return not any(
        (child.dep_ == "det" and child.lower_ in DEFINITE_DETS)
        or (child.dep_ in ("compound", "amod") and child.ent_type_ not in ("DATE", "TIME"))
        or (child.dep_ == "prep" and child.lower_ in ("by", "from", "of"))
        for child in source.children
    )


def _document_source(source: Token) -> Token:
    """'a map by Gazprom' speaks for Gazprom, 'his website' for him, 'a Reuters analysis' for Reuters.

    A document with no named owner ('according to customs data') stays the source: the
    statement then has no speaker.
    """
    if is_document(source):
        for child in source.children:
            if child.dep_ == "compound" and child.ent_type_ in SPEAKER_ENT_TYPES:
                return child
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
    if token.lower_ in ("according", "in") and token.dep_ in ("prep", "pcomp"):
        found = _according_to(token)
        return (found[0], token, found[1]) if found is not None else None
    lemma = token.lemma_.lower()
    if lemma not in CUE_WORDS:  # most tokens: one set look-up (the stage's time budget is tight)
        return None
    if token.pos_ == "NOUN" and lemma in OPINION_NOUNS:
        found = _opinion_clause(token)
        if found is None:
            verb = token.head
            clause = _that_clause_after(token) if verb.lemma_.lower() in EXPRESSIVE_VERBS else None
            return (clause, verb, cue_subject(verb)) if clause else None
        return found[0], found[1], cue_subject(found[1])
    if lemma in NEGATED_CLAIM_VERBS:
        return _negated_claim(token)
    if lemma == "learn":
        learned = learned_from(token)
        return (learned[0], token, learned[1]) if learned is not None else None
    if lemma in QUESTION_VERBS:
        return _reported_question(token)
    if is_cue(token, SPEECH_VERBS) and not is_relay(token):
        return _speech_verb_clause(token)
    return None


def _negated_claim(token: Token) -> tuple[list[Token], Token, Token | None] | None:
    """'do not preclude that ...', 'did not rule out that ...'."""
    if not is_cue(token, NEGATED_CLAIM_VERBS) or not any(child.dep_ == "neg" for child in token.children):
        return None
    clause = next((subtree_tokens(child) for child in token.children if child.dep_ == "ccomp"), None)
    return (clause, token, cue_subject(token)) if clause else None


def _reported_question(token: Token) -> tuple[list[Token], Token, Token | None] | None:
    """'asked why the contract went to ...', 'asked whether ...'."""
    if token.pos_ != "VERB" or token.tag_ == "VBN" and not any(child.dep_ == "aux" for child in token.children):
        return None  # 'Asked whether ..., she said': the question is the reporter's
    clause = next((subtree_tokens(child) for child in token.children if child.dep_ == "ccomp"), None)
    if clause and clause[0].lower_ in TOPIC_WORDS | {"if"}:
        return clause, token, cue_subject(token)
    return None


def _speech_verb_clause(token: Token) -> tuple[list[Token], Token, Token | None] | None:
    """The clause of a speech verb: parsed, else read from the surface, else the sentence before."""
    clause = _clause_of_cue(token) or _that_clause_after(token)
    if clause is None or clause[0].i < token.i < clause[-1].i:  # no clause, or one that swallowed its cue
        trailing = trailing_claim(token)
        if trailing is not None:
            return trailing[0], token, trailing[1]
    elif clause[-1].i < token.i:
        clause = _whole_claim_before(token, clause)
    if clause is None:
        previous = _anaphoric_claim(token)
        return (previous, token, cue_subject(token)) if previous else None
    if _names_a_topic(token, clause):
        return None
    return clause, token, cue_subject(token)


def _whole_claim_before(cue: Token, clause: list[Token]) -> list[Token]:
    """'There is no proof ..., but China gave no data, neighbours say': the parser hands the verb
    only the last conjunct; a trailing attribution reports everything before its comma."""
    subject = cue_subject(cue)
    comma = next((tok for tok in reversed(cue.sent[: cue.i - cue.sent.start]) if tok.text == ","), None)
    if subject is None or comma is None or not comma.i < subject.i < cue.i or comma.i < clause[-1].i:
        return clause
    whole = [tok for tok in cue.sent if tok.i < comma.i]
    return whole if not any(tok.text in ALL_MARKS for tok in whole) else clause


def _anaphoric_claim(cue: Token) -> list[Token] | None:
    """'X said it today at a briefing', 'That was announced during the call': the sentence before
    (in the same paragraph) is what was said."""
    refers = any(child.dep_ == "dobj" and child.lower_ in ("it", "this", "so") for child in cue.children) \
        or any(child.dep_ == "nsubjpass" and child.lower_ in ("that", "this", "it") and child.i == cue.sent.start
               for child in cue.children)
    start = cue.sent.start
    if not refers or start == 0 or "\n" in cue.doc[start - 1].text:
        return None
    previous = cue.doc[start - 1].sent
    return list(previous) if previous.end == start and "\n" not in previous.text else None


def _names_a_topic(cue: Token, clause: list[Token]) -> bool:
    """'explained why the workers are foreign' names what was talked about; 'asked why ...' reports a question."""
    first = next((tok for tok in clause if not tok.is_punct), None)
    return first is not None and first.lower_ in TOPIC_WORDS and cue.lemma_.lower() not in QUESTION_VERBS


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
