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
from newsmine.nlp.quotes.lexicon import ROLE_NOUNS, SPEAKER_ENT_TYPES

MAX_SPEAKER_TOKENS = 14
LISTENER_VERBS = frozenset({"tell", "inform", "assure", "brief"})
TIME_ENT_TYPES = frozenset({"DATE", "TIME"})
SENTENCE_CLOSERS = frozenset(".!?;")


def trailing_claim(cue: Token) -> tuple[list[Token], Token] | None:
    """The claim before a trailing attribution and the token that names its speaker, or None."""
    sent = cue.sent
    before = cue.doc[cue.i - 1] if cue.i > sent.start else None
    if before is not None and before.text == ",":  # '..., said Deputy Minister Ana Costa'
        phrase = _speaker_phrase_after(cue)
        if cue.lemma_.lower() == "report" and not _names_person(phrase):
            return None  # '..., reported the Daily Mirror' tags where the story came from (a relay)
        comma = before
        tail_start = phrase[-1].i + 1 if phrase else None
    else:  # '..., the port authority reported'
        comma = next((tok for tok in reversed(sent[: cue.i - sent.start]) if tok.text == ","), None)
        phrase = list(cue.doc[comma.i + 1 : cue.i]) if comma is not None else []
        tail_start = cue.i + 1
    if not phrase or tail_start is None or not _is_speaker_phrase(phrase):
        return None
    if not _only_adjuncts(cue, cue.doc[tail_start : sent.end]):
        return None
    claim = [tok for tok in sent if tok.i < comma.i]
    return (claim, _speaker_token(cue, phrase)) if claim else None


def _speaker_phrase_after(cue: Token) -> list[Token]:
    """'said Kazakh Foreign Ministry Spokesperson Aibek Smadiyarov on April 1': the name part."""
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
    if len(phrase) > MAX_SPEAKER_TOKENS:
        return False
    if any(tok.pos_ in ("VERB", "AUX") and tok.ent_type_ not in SPEAKER_ENT_TYPES for tok in phrase):
        return False
    if phrase[0].lower_ in ("and", "but", "which", "who", "that", "while", "as"):
        return False
    return any(can_speak(tok) and tok.pos_ != "PRON" or tok.lower_ in ("he", "she", "they") for tok in phrase)


def _only_adjuncts(cue: Token, tail) -> bool:
    """After the attribution only time, place, occasion or listener follow; then the sentence ends.

    '... told journalists', '... said on Tuesday at a forum in Hong Kong', '..., adding that
    ...' (a new clause of the same speaker, reported on its own).
    """
    tokens = [tok for tok in tail if not tok.is_space]
    if not tokens or tokens[0].text in SENTENCE_CLOSERS:
        return True
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
