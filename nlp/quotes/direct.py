"""Direct quotes: which quoted spans are quotations, and the cue that attributes each.

A span of at least `min_words` words is a quotation unless it reads like a title; a shorter
one counts only inside a sentence with a speech cue (a partial quote).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from newsmine.nlp.quotes.cues import can_speak, cue_subject, is_cue
from newsmine.nlp.quotes.index import (
    DocIndex,
    build_index,
    has_parse,
    inside_spans,
    token_at,
    tokens_between,
)
from newsmine.nlp.quotes.lexicon import (
    CLAUSE_PATH_DEPS,
    DIRECT_CUE_VERBS,
    MIN_PARTIAL_WORDS,
    SENTENCE_END,
)
from newsmine.nlp.quotes.marks import QuoteSpan, find_quote_spans, is_title_like
from newsmine.nlp.quotes.records import QuoteMatch

NAMING_VERBS = frozenset({"call", "describe", "dub", "term", "label", "brand", "tell", "ask"})
MAX_ATTRIBUTION_WORDS = 8  # 'Osmonov said on Friday.' between a quote and the sentence that goes on from it


def _sentence_tokens(index: DocIndex, token_i: int) -> Span | None:
    doc = index.doc
    if not doc.has_annotation("SENT_START") and not has_parse(doc):
        return None
    return doc[token_i].sent


def _cue_in(index: DocIndex, token_range: Iterable[int], quoted: list[tuple[int, int]],
            starts: list[int], *, last: bool) -> Token | None:
    """The first (or last) speech cue in a token range that lies outside every quote."""
    doc = index.doc
    found = None
    for i in token_range:
        token = doc[i]
        if inside_spans(token.idx, quoted, starts) or not is_cue(token, DIRECT_CUE_VERBS):
            continue
        if cue_subject(token) is None and not _has_nearby_entity(index, token):
            continue
        found = token
        if not last:
            break
    return found


def _has_nearby_entity(index: DocIndex, token: Token) -> bool:
    sent = token.sent
    return any(index.ent_of_token.get(tok.i) is not None and tok.ent_type_ == "PERSON" for tok in sent)


def _after_segment(index: DocIndex, span: QuoteSpan, limit: int) -> range:
    """Tokens after the closing mark up to the end of that sentence (or the next quote)."""
    doc = index.doc
    tokens = tokens_between(index, span.close_at + 1, limit)
    end = tokens.start
    for i in tokens:
        end = i + 1
        if doc[i].text in SENTENCE_END and i > tokens.start:
            break
    return range(tokens.start, end)


def _before_segment(index: DocIndex, span: QuoteSpan, limit: int) -> range:
    """Tokens of the last sentence before the opening mark (after the previous quote)."""
    doc = index.doc
    tokens = tokens_between(index, limit, span.open_at)
    start = tokens.start
    for i in reversed(tokens):
        if doc[i].text in SENTENCE_END and i < tokens.stop - 1:
            start = i + 1
            break
    return range(start, tokens.stop)


def _direct_cue(index: DocIndex, spans: list[QuoteSpan], position: int,
                quoted: list[tuple[int, int]], starts: list[int]) -> Token | None:
    """Attribution of a quoted span: after it in the same sentence, else just before it."""
    span = spans[position]
    governing = _governing_cue(index, span, quoted, starts)
    if governing is not None:
        return governing
    text = index.text
    para_start = text.rfind("\n", 0, span.open_at) + 1
    para_end = text.find("\n", span.end)
    para_end = len(text) if para_end < 0 else para_end
    next_open = spans[position + 1].open_at if position + 1 < len(spans) else para_end
    prev_close = spans[position - 1].close_at + 1 if position > 0 else para_start
    after_text = text[span.close_at + 1 : min(next_open, para_end)].lstrip()
    if span.closed and (span.ends_attributive or after_text[:1].islower() or after_text[:1] == ","):
        cue = _cue_in(index, _after_segment(index, span, min(next_open, para_end)), quoted, starts,
                      last=False)
        if cue is not None:
            return cue
    return _cue_in(index, _before_segment(index, span, max(prev_close, para_start)), quoted, starts,
                   last=True)


def _governing_cue(index: DocIndex, span: QuoteSpan, quoted: list[tuple[int, int]],
                   starts: list[int]) -> Token | None:
    """The speech verb whose clause contains the quote ('X said the deal had "changed everything"')."""
    token = index.doc[token_at(index, span.start)]
    while token.head.i != token.i:
        child, token = token, token.head
        if inside_spans(token.idx, quoted, starts) or child.dep_ not in CLAUSE_PATH_DEPS:
            continue
        subject = cue_subject(token) if is_cue(token, DIRECT_CUE_VERBS) else None
        if subject is not None and can_speak(subject):
            return token
    return None


def _sentence_has_cue(index: DocIndex, span: QuoteSpan, quoted: list[tuple[int, int]],
                      starts: list[int]) -> bool:
    """A short quoted phrase is a quote only when its sentence reports someone's words."""
    sent = _sentence_tokens(index, token_at(index, span.start))
    if sent is None:
        return False
    speaking = [i for i in range(sent.start, sent.end) if not _acts_on_object(index.doc[i])]
    return _cue_in(index, speaking, quoted, starts, last=False) is not None


def _acts_on_object(token: Token) -> bool:
    """'maintaining partnerships', 'added two lines': a speech verb used for an act on a thing.

    Naming verbs ('called it "a disaster"', 'described X as "Y"') take an object and still quote.
    """
    if token.lemma_.lower() in NAMING_VERBS or any(child.dep_ == "ccomp" for child in token.children):
        return False
    return any(child.dep_ == "dobj" and child.pos_ == "NOUN" for child in token.children)


def find_direct_quotes(doc: Doc, *, min_words: int = 6) -> list[QuoteMatch]:
    """Quoted spans that are quotations, each with the cue and subject that attribute it.

    A span of at least `min_words` words is a quotation unless it reads like a title; a
    shorter one counts only inside a sentence with a speech cue (a partial quote) and never
    when it is title-like ("Belt and Road"). Unattributed quotes get a cue of None and take
    their speaker from the surrounding quotes (`attribute_speakers`).
    """
    index = build_index(doc)
    return direct_matches(index, find_quote_spans(index.text), min_words=min_words)


def direct_matches(index: DocIndex, spans: list[QuoteSpan], *, min_words: int) -> list[QuoteMatch]:
    quoted = [(span.open_at, span.close_at + 1) for span in spans]
    starts = [start for start, _ in quoted]
    parsed = has_parse(index.doc)
    matches = []
    accepted: set[int] = set()
    for position, span in enumerate(spans):
        content = index.text[span.start : span.end]
        words = len(re.findall(r"\w+", content))
        if is_title_like(content) and words < 2 * min_words:
            continue
        if words < MIN_PARTIAL_WORDS:
            continue
        if words < min_words and not (parsed and _sentence_has_cue(index, span, quoted, starts)) \
                and not _continues_quote(index.text, spans, position, accepted):
            continue
        if not span.closed and words < min_words:
            continue
        cue = _direct_cue(index, spans, position, quoted, starts) if parsed else None
        subject = cue_subject(cue) if cue is not None else None
        inherit = "next" if not span.closed and cue is None else None
        matches.append(QuoteMatch(span.start, span.end, "direct", cue, subject, inherit))
        accepted.add(position)
    return matches



def _continues_quote(text: str, spans: list[QuoteSpan], position: int, accepted: set[int]) -> bool:
    """'"...," Osmonov said. "Our farmers need it too."': a short quoted sentence that goes on
    from a quotation in the same paragraph, past only its attribution, is part of what was said."""
    if position == 0 or position - 1 not in accepted:
        return False
    span, previous = spans[position], spans[position - 1]
    between = text[previous.close_at + 1 : span.open_at]
    content = text[span.start : span.end].rstrip()
    return ("\n" not in between and len(between.split()) <= MAX_ATTRIBUTION_WORDS
            and between.rstrip().endswith((".", ",", ":")) and content[:1].isupper()
            and content.endswith((".", "!", "?")))
