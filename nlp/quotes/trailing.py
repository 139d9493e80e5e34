"""Trailing attributions read from the surface: "<claim>, X said [when, where]." and "<claim>, said X".

Wire copy ends a claim with its source: "..., the port authority reported on Monday", "...,
said Deputy Minister Ana Costa", "..., Minister X told journalists". A long lead or a dateline
often leads spaCy's small parser astray (the verb hangs off a noun, or the claim is read as
the verb's object), so this shape is matched on the tokens: a comma, a short speaker phrase
and the speech verb, then only adjuncts (time, place, listener) up to the end of the sentence.
The claim is everything in the sentence before that comma. `reported.py` asks for it only
where the parse gave a cue no clause, or a clause that swallowed the cue itself.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsmine.nlp.quotes.cues import can_speak, cue_subject
from newsmine.nlp.quotes.marks import ALL_MARKS
from newsmine.nlp.quotes.lexicon import FINITE_TAGS, ROLE_NOUNS, SPEAKER_ENT_TYPES

MAX_SPEAKER_TOKENS = 16
MAX_OUTLET_TOKENS = 4  # ', Kazinform has learned from ...'
MAX_PHRASE_COMMAS = 2  # 'Ana Costa, a port official, said': the name and one apposition
LISTENER_VERBS = frozenset({"tell", "inform", "assure", "brief"})
TIME_ENT_TYPES = frozenset({"DATE", "TIME"})
SENTENCE_CLOSERS = frozenset(".!?;")


def trailing_claim(cue: Token) -> tuple[list[Token], Token] | None:
    """The claim before a trailing attribution and the token that names its speaker, or None."""
    found = _inverted(cue) or _preposed(cue)
    if found is None:
        return None
    comma, phrase = found
    claim = [tok for tok in cue.sent if tok.i < comma.i]
    return (claim, _speaker_token(cue, phrase)) if claim else None


def learned_from(verb: Token) -> tuple[list[Token], Token] | None:
    """'<claim>, the agency has learned from the ministry's press office': the source speaks, the
    outlet that learned it relays."""
    if verb.lemma_.lower() != "learn" or verb.pos_ != "VERB":
        return None
    source = next((grandchild for child in verb.children if child.dep_ == "prep" and child.lower_ == "from"
                   for grandchild in child.children if grandchild.dep_ == "pobj"), None)
    comma = next((tok for tok in reversed(verb.sent[: verb.i - verb.sent.start]) if tok.text == ","), None)
    if source is None or source.pos_ not in ("NOUN", "PROPN") or comma is None or verb.i - comma.i > MAX_OUTLET_TOKENS:
        return None
    claim = [tok for tok in verb.sent if tok.i < comma.i]
    return (claim, source) if claim else None


def _inverted(cue: Token) -> tuple[Token, list[Token]] | None:
    """'..., said Deputy Minister Ana Costa [on Monday | , the port's director].'"""
    before = cue.doc[cue.i - 1] if cue.i > cue.sent.start else None
    if before is None or before.text != ",":
        return None
    phrase = _speaker_phrase_after(cue)
    if not phrase or not _is_speaker_phrase(phrase):
        return None
    if cue.lemma_.lower() == "report" and not _names_person(phrase):
        return None  # '..., reported the Daily Mirror' tags where the story came from (a relay)
    tail = cue.doc[phrase[-1].i + 1 : cue.sent.end]
    return (before, phrase) if _only_adjuncts(cue, tail) or _apposition(tail) else None


def _preposed(cue: Token) -> tuple[Token, list[Token]] | None:
    """'..., the port authority reported [on Monday].' or '..., Ana Costa, a port official, said.'"""
    if not _only_adjuncts(cue, cue.doc[cue.i + 1 : cue.sent.end]):
        return None
    commas = [tok for tok in cue.sent if tok.text == "," and tok.i < cue.i][-MAX_PHRASE_COMMAS - 1 :]
    for comma in commas:  # the longest phrase first: the name with its apposition
        phrase = list(cue.doc[comma.i + 1 : cue.i])
        while phrase and phrase[0].text in ALL_MARKS:  # '... operation,” spokesman X told reporters'
            phrase = phrase[1:]
        while phrase and phrase[-1].text == ",":
            phrase = phrase[:-1]
        inner = [tok.i for tok in phrase if tok.text == ","]
        if inner and (len(inner) >= MAX_PHRASE_COMMAS or not _name_and_apposition(phrase, inner[0])):
            continue
        if phrase and _is_speaker_phrase([tok for tok in phrase if tok.text != ","]):
            return comma, phrase
    return None


def _name_and_apposition(phrase: list[Token], comma: int) -> bool:
    """'Ana Costa, a port official': a person's name, then a description with a role noun."""
    return any(tok.ent_type_ == "PERSON" for tok in phrase if tok.i < comma) \
        and any(tok.lemma_.lower() in ROLE_NOUNS for tok in phrase if tok.i > comma)


def _apposition(tail) -> bool:
    """', the port's director.' / ', from the board of the operator.': a description, no new clause."""
    tokens = [tok for tok in tail if not tok.is_space]
    return len(tokens) > 1 and tokens[0].text == "," and not any(
        tok.tag_ in FINITE_TAGS or tok.lower_ == "that" for tok in tokens)


def _speaker_phrase_after(cue: Token) -> list[Token]:
    """'said Foreign Ministry Spokesperson Lina Haddad on March 3': the name part."""
    phrase = []
    for token in cue.doc[cue.i + 1 : cue.sent.end]:
        if token.is_punct and token.text not in ("'", "’", "-", "(", ")") or token.ent_type_ in TIME_ENT_TYPES:
            break
        if token.pos_ == "ADP" and token.lower_ not in ("of", "for") and phrase:
            break
        phrase.append(token)
    return phrase


def _names_person(phrase: list[Token]) -> bool:
    return any(tok.ent_type_ == "PERSON" or tok.lemma_.lower() in ROLE_NOUNS for tok in phrase)


def _is_speaker_phrase(phrase: list[Token]) -> bool:
    """A short noun phrase that can speak: no verb, and a name, an organisation or a role noun in it."""
    if len(phrase) > MAX_SPEAKER_TOKENS or sum(tok.text in ALL_MARKS for tok in phrase) % 2:
        return False  # an odd quote mark: the phrase starts inside a quotation
    if any(tok.pos_ in ("VERB", "AUX") and tok.ent_type_ not in SPEAKER_ENT_TYPES for tok in phrase):
        return False
    if phrase[0].lower_ in ("and", "but", "which", "who", "that", "while", "as"):
        return False
    return any(can_speak(tok) and tok.pos_ != "PRON" or tok.lower_ in ("he", "she", "they") for tok in phrase)


def _only_adjuncts(cue: Token, tail) -> bool:
    """After the attribution only time, place, occasion or listener follow; then the sentence ends.

    '... told journalists', '... said on Tuesday at a forum in Vienna', '..., adding that
    ...' (a new clause of the same speaker, reported on its own).
    """
    tokens = [tok for tok in tail if not tok.is_space]
    if not tokens or tokens[0].text in SENTENCE_CLOSERS:
        return True
    if any(tok.dep_ == "ROOT" or tok.tag_ == "MD" for tok in tokens):
        return False  # 'The deal, analysts said on Monday, could collapse': the sentence goes on
    first = tokens[0]
    if first.text == "," and len(tokens) > 1 and tokens[1].tag_ == "VBG":
        return True
    if first.pos_ == "ADP" or first.ent_type_ in TIME_ENT_TYPES or first.pos_ == "ADV":
        return not any(tok.lower_ == "that" and tok.dep_ == "mark" for tok in tokens)
    if cue.lemma_.lower() in LISTENER_VERBS and first.pos_ in ("NOUN", "PROPN", "DET", "ADJ", "PRON"):
        return not any(tok.lower_ == "that" for tok in tokens)
    return False


def _speaker_token(cue: Token, phrase: list[Token]) -> Token:
    """The token the speaker resolution starts from: the parse's subject where it lies in the
    phrase, else a person's name, else the phrase's head."""
    commas = [tok.i for tok in phrase if tok.text == ","]
    if commas:  # 'Ana Costa, a port official': the name before the apposition
        phrase = [tok for tok in phrase if tok.i < commas[0]]
    subject = cue_subject(cue)
    if subject is not None and phrase[0].i <= subject.i <= phrase[-1].i:
        return subject
    for label in ("PERSON", "ORG", "GPE"):
        named = [tok for tok in phrase if tok.ent_type_ == label]
        if named:
            return named[-1]
    start, end = phrase[0].i, phrase[-1].i
    heads = [tok for tok in phrase if not start <= tok.head.i <= end and tok.pos_ in ("NOUN", "PROPN", "PRON")]
    nouns = [tok for tok in phrase if tok.pos_ in ("NOUN", "PROPN", "PRON")]
    return (heads or nouns or phrase)[-1]
