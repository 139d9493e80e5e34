"""Quote extraction and speaker attribution: who said what, directly or in reported speech.

The `newsmine_quotes` component runs after the parser, the NER and `newsmine_entities`, and
sets `doc._.quotes` to `corpus.schema.Quote` records in text order. The work is done by pure
functions over a parsed Doc (textacy-style), which the component only calls:

- `find_quote_spans(text)` pairs quote marks per paragraph (straight, curly, single,
  guillemets, low-9); an unclosed mark runs to the end of its own paragraph only, which is
  also how news writes quotes that continue over several paragraphs.
- `find_direct_quotes(doc)` keeps the spans that are quotations (long enough, or attributed
  by a speech verb in their sentence) and drops scare quotes and quoted titles.
- `find_reported_speech(doc)` finds reported clauses: speech and cognition verbs with a
  clause ("X said (that) ...", "..., X said"), opinion nouns ("expressed the hope that"),
  "according to X, ..." and "in his words, ...".
- `attribute_speakers(doc, matches)` turns each match's subject into a speaker: named people
  under their fullest name with role and organisation, pronouns and definite descriptions
  ("she", "the minister", "the company") resolved to the nearest compatible earlier speaker or
  entity, and unnamed speakers ("experts believe") as speaker None with a role.
"""

from __future__ import annotations

import json
import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsmine.corpus.schema import Quote
from newsmine.nlp.extensions import register_extensions

register_extensions()

logger = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).parent / "data" / "quotes_lexicon.json"


def _load_lexicon(path: Path) -> dict:
    """Word lists live in a data file so linguists can extend them without touching code."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


_LEXICON = _load_lexicon(LEXICON_PATH)
SPEECH_VERBS = frozenset(_LEXICON["speech_verbs"])
DIRECT_CUE_VERBS = SPEECH_VERBS | frozenset(_LEXICON["direct_cue_verbs"])
OPINION_NOUNS = frozenset(_LEXICON["opinion_nouns"])
EXPRESSIVE_VERBS = frozenset(_LEXICON["expressive_verbs"]) | SPEECH_VERBS
NEED_NOUNS = frozenset(_LEXICON["need_nouns"])
ROLE_NOUNS = frozenset(_LEXICON["role_nouns"])
PORTFOLIO_TITLES = frozenset(_LEXICON["portfolio_titles"])
PORTFOLIO_HEADS = frozenset({"minister", "secretary"})  # titles a bare portfolio word can precede
DEMONYM_SUFFIXES = ("an", "ese", "ish", "i")
ENVOY_TITLES = frozenset({"ambassador", "envoy", "consul"})
QUANTIFIERS = frozenset({"many", "some", "several", "few", "most", "other", "numerous", "various", "certain", "all"})
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    key: frozenset(values) for key, values in _LEXICON["role_synonyms"].items()
}
ORG_NOUNS = frozenset(_LEXICON["org_nouns"])
ORG_NAME_WORDS = ORG_NOUNS | frozenset(_LEXICON["org_name_words"])
DOCUMENT_NOUNS = frozenset(_LEXICON["document_nouns"])
VIEWPOINT_NOUNS = frozenset(_LEXICON["viewpoint_nouns"])
UNIT_NOUNS = frozenset(_LEXICON["unit_nouns"])
HONORIFICS = frozenset(_LEXICON["honorifics"])
PLACE_NOUNS = frozenset(_LEXICON["place_nouns"])
PLACE_ENT_TYPES = frozenset({"GPE", "LOC", "NORP"})
LEAD_VERBS = frozenset(_LEXICON["lead_verbs"])

# Quote marks. A straight double quote opens or closes depending on state; curly and
# guillemet marks say which they are. "“" also closes a low-9 "„" (German style).
DOUBLE_OPENERS = frozenset("“„«〝")
DOUBLE_CLOSERS = frozenset("”»〞")
DOUBLE_AMBIGUOUS = frozenset('"＂')
SINGLE_OPENERS = frozenset("‘‚'")
SINGLE_CLOSERS = frozenset("’'")
ALL_MARKS = DOUBLE_OPENERS | DOUBLE_CLOSERS | DOUBLE_AMBIGUOUS | SINGLE_OPENERS | SINGLE_CLOSERS
OPENING_CONTEXT = frozenset(" \t([{—–-:/")
TRIMMED_TAIL = ",;: \t"

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
INHERIT_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "ccomp"})
CLAUSE_DEPS = frozenset({"ccomp", "acl", "advcl", "relcl"})
CLAUSE_PATH_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj", "dep", "csubj", "oprd"})
NON_PHRASE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct"})
INVERTED_SUBJECT_DEPS = frozenset({"dobj", "attr", "npadvmod", "appos", "dative"})
NAME_ENT_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
SPEAKER_ENT_TYPES = frozenset({"PERSON", "ORG", "GPE"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})
ROLE_PREPOSITIONS = frozenset({"of", "at", "for", "with", "in", "to", "from"})
NAME_CONNECTORS = frozenset({"of", "for", "to", "and", "&", "at", "the", "on"})
SENTENCE_END = frozenset(".!?")
ATTRIBUTION_END = frozenset(",?!—–-…")
MIN_CLAUSE_TOKENS = 3
MAX_THAT_GAP = 4
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
MIN_PARTIAL_WORDS = 2
MAX_ROLE_TOKENS = 16
MAX_TITLE_MINOR_LEN = 3


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Content of one quotation between marks: `text[start:end]`, marks and trailing comma excluded.

    `closed` is False for a span that runs to the end of its paragraph (an unclosed mark).
    `open_at` is the offset of the opening mark; `ends_attributive` says the content ended
    with a comma, question mark or dash, i.e. an attribution may follow in the same sentence.
    """

    start: int
    end: int
    open_at: int
    close_at: int
    closed: bool
    ends_attributive: bool


@dataclass(slots=True)
class QuoteMatch:
    """A quote found in a Doc before speaker resolution: content offsets, cue and subject."""

    start: int
    end: int
    kind: str
    cue: Token | None = None
    subject: Token | None = None
    inherit: str | None = None


@dataclass(slots=True)
class _Profile:
    """What the document says about one named speaker: role and organisation, as written."""

    role: str | None = None
    org: str | None = None


@dataclass(slots=True)
class _DocIndex:
    """Per-Doc lookups built once: token offsets, entity spans and canonical entity names."""

    doc: Doc
    text: str
    token_starts: list[int]
    ent_of_token: dict[int, Span]
    people: list[tuple[str, list[int]]]
    orgs: list[tuple[str, str, list[int]]]
    profiles: dict[str, _Profile] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Quote marks
# ---------------------------------------------------------------------------


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Line-level paragraphs: an unbalanced mark never leaks past a line break."""
    for match in re.finditer(r"[^\n]+", text):
        yield match.start(), match.end()


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _span_from_marks(text: str, open_at: int, close_at: int, *, closed: bool) -> QuoteSpan | None:
    """Trim whitespace and a trailing comma; None when nothing readable is left."""
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    raw_end = end
    while end > start and text[end - 1] in TRIMMED_TAIL:
        end -= 1
    if not any(_is_word_char(char) for char in text[start:end]):
        return None
    tail = text[start:raw_end].rstrip()
    ends_attributive = bool(tail) and tail[-1] in ATTRIBUTION_END
    return QuoteSpan(start, end, open_at, close_at, closed, ends_attributive)


def _scan_double(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Pair double marks inside one paragraph; an unclosed opening runs to the paragraph end."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for index in range(start, end):
        char = text[index]
        if char in DOUBLE_AMBIGUOUS:
            before = text[index - 1] if index > start else " "
            after = text[index + 1] if index + 1 < end else " "
            if _is_word_char(before) and after.isalpha() and after.islower():
                continue  # an apostrophe typed as a double quote: country"s
            if open_at is None:
                if not after.isspace():
                    open_at = index
                continue
        elif char in DOUBLE_OPENERS:
            closes_low9 = char == "“" and open_at is not None and text[open_at] == "„"
            if not closes_low9:
                open_at = index
                continue
        elif char not in DOUBLE_CLOSERS or open_at is None:
            continue
        span = _span_from_marks(text, open_at, index, closed=True)
        if span is not None:
            spans.append(span)
        open_at = None
    if open_at is not None:
        span = _span_from_marks(text, open_at, end, closed=False)
        if span is not None:
            spans.append(span)
    return spans


def _scan_single(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Pair single marks; apostrophes (letter on both sides) and unclosed openings are ignored."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for index in range(start, end):
        char = text[index]
        before = text[index - 1] if index > start else " "
        after = text[index + 1] if index + 1 < end else " "
        if _is_word_char(before) and _is_word_char(after):
            continue
        if open_at is None:
            if char in SINGLE_OPENERS and before in OPENING_CONTEXT and _is_word_char(after):
                open_at = index
        elif char in SINGLE_CLOSERS and not before.isspace() and not _is_word_char(after):
            span = _span_from_marks(text, open_at, index, closed=True)
            if span is not None:
                spans.append(span)
            open_at = None
    return spans


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All quoted spans of a text, per paragraph; single marks only outside double-quoted text."""
    spans: list[QuoteSpan] = []
    for para_start, para_end in _paragraphs(text):
        doubles = _scan_double(text, para_start, para_end)
        spans.extend(doubles)
        cursor = para_start
        for span in doubles:
            spans.extend(_scan_single(text, cursor, span.open_at))
            cursor = span.close_at + 1
        spans.extend(_scan_single(text, cursor, para_end))
    spans.sort(key=lambda span: span.start)
    return spans


def _is_title_like(content: str) -> bool:
    """Quoted names and titles ("Belt and Road") capitalise every longer word."""
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    if not words:
        return True
    return all(word[0].isupper() for word in words if len(word) > MAX_TITLE_MINOR_LEN)


# ---------------------------------------------------------------------------
# Doc helpers
# ---------------------------------------------------------------------------


def _build_index(doc: Doc) -> _DocIndex:
    ents = [_as_person_if_described(doc, ent) for ent in doc.ents] + _component_entity_spans(doc)
    ent_of_token: dict[int, Span] = {}
    for ent in ents:
        for token in ent:
            ent_of_token[token.i] = ent
    people, orgs = _entity_names(doc, ents)
    return _DocIndex(doc, doc.text, [token.idx for token in doc], ent_of_token, people, orgs)


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
    if ent.label_ not in ("ORG", "GPE", "NORP") or not _has_parse(doc):
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


def _clean_name(text: str) -> str:
    """Entity text without a leading article or trailing possessive, as a speaker name."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    return re.sub(r"['’]s$", "", text).strip(" ,.")


def _entity_names(
    doc: Doc, ents: list[Span]
) -> tuple[list[tuple[str, list[int]]], list[tuple[str, str, list[int]]]]:
    """People and organisations with mention offsets, from `doc._.entities` or else the NER."""
    people: dict[str, list[int]] = {}
    orgs: dict[str, tuple[str, list[int]]] = {}
    entities = doc._.entities or []
    if entities:
        for entity in entities:
            offsets = [mention.start for mention in entity.mentions]
            if entity.type == "PERSON":
                people.setdefault(entity.name, []).extend(offsets)
            elif entity.type in SPEAKER_ENT_TYPES:
                orgs.setdefault(entity.name, (entity.type, []))[1].extend(offsets)
    else:
        for ent in ents:
            name = _clean_name(ent.text)
            if not name:
                continue
            if ent.label_ == "PERSON":
                people.setdefault(name, []).append(ent.start_char)
            elif ent.label_ in SPEAKER_ENT_TYPES:
                orgs.setdefault(name, (ent.label_, []))[1].append(ent.start_char)
    return (
        list(people.items()),
        [(name, label, offsets) for name, (label, offsets) in orgs.items()],
    )


def _name_tokens(name: str) -> list[str]:
    tokens = re.findall(r"\w+", name.lower())
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tokens


def _contains(big: list[str], small: list[str]) -> bool:
    size = len(small)
    return size > 0 and any(big[i : i + size] == small for i in range(len(big) - size + 1))


def _nearest_offset(offsets: list[int], position: int) -> int:
    """Distance rank: mentions before the position win over mentions after it."""
    before = [position - offset for offset in offsets if offset <= position]
    if before:
        return min(before)
    return 10 * min((offset - position for offset in offsets), default=10**9)


def canonical_name(name: str, candidates: Iterable[tuple[str, list[int]]], position: int) -> str:
    """The fullest written form of `name`: same surname or contained, nearest mention first.

    A shorter form of a longer matching name ('Habibli' beside 'Elmar Habibli') is the same
    person and gives way to it; different people sharing a surname stay apart by distance.
    """
    query = _name_tokens(name)
    if not query:
        return name
    matching = []
    for candidate, offsets in candidates:
        tokens = _name_tokens(candidate)
        if _contains(tokens, query) or (tokens and tokens[-1] == query[-1]):
            matching.append((candidate, tokens, offsets))
    fullest = [
        (candidate, tokens, offsets) for candidate, tokens, offsets in matching
        if not any(len(other) > len(tokens) and _contains(other, tokens) for _, other, _ in matching)
    ]
    best: tuple[int, int, str] | None = None
    for candidate, tokens, offsets in fullest:
        key = (_nearest_offset(offsets, position), -len(tokens), candidate)
        if best is None or key < best:
            best = key
    if best is None or len(_name_tokens(best[2])) < len(query):
        return name
    return best[2]


def _token_at(index: _DocIndex, offset: int) -> int:
    """Index of the token that contains (or starts after) a character offset."""
    return max(0, bisect_right(index.token_starts, offset) - 1)


def _tokens_between(index: _DocIndex, start: int, end: int) -> range:
    return range(bisect_left(index.token_starts, start), bisect_left(index.token_starts, end))


def _has_parse(doc: Doc) -> bool:
    return doc.has_annotation("DEP")


def _inside(offset: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    position = bisect_right(starts, offset) - 1
    return position >= 0 and spans[position][0] <= offset < spans[position][1]


# ---------------------------------------------------------------------------
# Cues and subjects
# ---------------------------------------------------------------------------


def _is_cue(token: Token, verbs: frozenset[str]) -> bool:
    """A speech verb; "point" only with its particle ("pointed out")."""
    lemma = token.lemma_.lower()
    if lemma not in verbs or token.pos_ not in ("VERB", "AUX"):
        return False
    if lemma == "point":
        return any(child.dep_ == "prt" for child in token.children)
    return True


def _cue_subject(cue: Token) -> Token | None:
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
        if agent is not None and (own or _can_speak(agent)):
            return agent
        subjects = [child for child in token.children
                    if child.dep_ in SUBJECT_DEPS and child.lower_ not in ("it", "that", "which")
                    and (own or _can_speak(child))]
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
    if _can_speak(subject) or subject.i > cue.i:
        return False
    return any(token.ent_type_ == "PERSON" for token in subject.doc[subject.i + 1 : cue.i])


def _sibling_cue_subject(head: Token) -> Token | None:
    """'"...", he said, adding ...': the subject of a speech verb hanging off the same head."""
    for child in head.children:
        if child.dep_ in ("parataxis", "ccomp") and _is_cue(child, DIRECT_CUE_VERBS):
            found = next((g for g in child.children if g.dep_ in SUBJECT_DEPS), None)
            if found is not None:
                return found
    return None


def _is_document(token: Token) -> bool:
    """Statements, reports, data: checked on the word too, since 'data' lemmatises to 'datum'."""
    return token.lower_ in DOCUMENT_NOUNS or token.lemma_.lower() in DOCUMENT_NOUNS


def _can_speak(token: Token) -> bool:
    """People, organisations, pronouns and role nouns speak; 'the development work' does not."""
    if token.pos_ in ("PRON", "PROPN") or token.ent_type_ in SPEAKER_ENT_TYPES:
        return True
    lemma = token.lemma_.lower()
    return lemma in ROLE_NOUNS or lemma in ORG_NOUNS or _is_document(token)


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _trim_clause(doc: Doc, tokens: list[Token]) -> tuple[int, int] | None:
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
    if tokens[0].pos_ == "VERB" and tokens[0].tag_ in FINITE_TAGS:
        return None  # a predicate without its subject ('reported SCMP') is no reported clause
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_tokens(token: Token, *, exclude: Token | None = None) -> list[Token]:
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


# ---------------------------------------------------------------------------
# Direct quotes
# ---------------------------------------------------------------------------


def _sentence_tokens(index: _DocIndex, token_i: int) -> Span | None:
    doc = index.doc
    if not doc.has_annotation("SENT_START") and not _has_parse(doc):
        return None
    return doc[token_i].sent


def _cue_in(index: _DocIndex, token_range: Iterable[int], quoted: list[tuple[int, int]],
            starts: list[int], *, last: bool) -> Token | None:
    """The first (or last) speech cue in a token range that lies outside every quote."""
    doc = index.doc
    found = None
    for i in token_range:
        token = doc[i]
        if _inside(token.idx, quoted, starts) or not _is_cue(token, DIRECT_CUE_VERBS):
            continue
        if _cue_subject(token) is None and not _has_nearby_entity(index, token):
            continue
        found = token
        if not last:
            break
    return found


def _has_nearby_entity(index: _DocIndex, token: Token) -> bool:
    sent = token.sent
    return any(index.ent_of_token.get(tok.i) is not None and tok.ent_type_ == "PERSON" for tok in sent)


def _after_segment(index: _DocIndex, span: QuoteSpan, limit: int) -> range:
    """Tokens after the closing mark up to the end of that sentence (or the next quote)."""
    doc = index.doc
    tokens = _tokens_between(index, span.close_at + 1, limit)
    end = tokens.start
    for i in tokens:
        end = i + 1
        if doc[i].text in SENTENCE_END and i > tokens.start:
            break
    return range(tokens.start, end)


def _before_segment(index: _DocIndex, span: QuoteSpan, limit: int) -> range:
    """Tokens of the last sentence before the opening mark (after the previous quote)."""
    doc = index.doc
    tokens = _tokens_between(index, limit, span.open_at)
    start = tokens.start
    for i in reversed(tokens):
        if doc[i].text in SENTENCE_END and i < tokens.stop - 1:
            start = i + 1
            break
    return range(start, tokens.stop)


def _direct_cue(index: _DocIndex, spans: list[QuoteSpan], position: int,
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


def _governing_cue(index: _DocIndex, span: QuoteSpan, quoted: list[tuple[int, int]],
                   starts: list[int]) -> Token | None:
    """The speech verb whose clause contains the quote ('X said the deal had "changed everything"')."""
    token = index.doc[_token_at(index, span.start)]
    while token.head.i != token.i:
        child, token = token, token.head
        if _inside(token.idx, quoted, starts) or child.dep_ not in CLAUSE_PATH_DEPS:
            continue
        subject = _cue_subject(token) if _is_cue(token, DIRECT_CUE_VERBS) else None
        if subject is not None and _can_speak(subject):
            return token
    return None


def _sentence_has_cue(index: _DocIndex, span: QuoteSpan, quoted: list[tuple[int, int]],
                      starts: list[int]) -> bool:
    """A short quoted phrase is a quote only when its sentence reports someone's words."""
    sent = _sentence_tokens(index, _token_at(index, span.start))
    if sent is None:
        return False
    return _cue_in(index, range(sent.start, sent.end), quoted, starts, last=False) is not None


def find_direct_quotes(doc: Doc, *, min_words: int = 6) -> list[QuoteMatch]:
    """Quoted spans that are quotations, each with the cue and subject that attribute it.

    A span of at least `min_words` words is a quotation unless it reads like a title; a
    shorter one counts only inside a sentence with a speech cue (a partial quote) and never
    when it is title-like ("Belt and Road"). Unattributed quotes get a cue of None and take
    their speaker from the surrounding quotes (`attribute_speakers`).
    """
    index = _build_index(doc)
    return _direct_quotes(index, find_quote_spans(index.text), min_words=min_words)


def _direct_quotes(index: _DocIndex, spans: list[QuoteSpan], *, min_words: int) -> list[QuoteMatch]:
    quoted = [(span.open_at, span.close_at + 1) for span in spans]
    starts = [start for start, _ in quoted]
    parsed = _has_parse(index.doc)
    matches = []
    for position, span in enumerate(spans):
        content = index.text[span.start : span.end]
        words = len(re.findall(r"\w+", content))
        if _is_title_like(content) and words < 2 * min_words:
            continue
        if words < MIN_PARTIAL_WORDS:
            continue
        if words < min_words and not (parsed and _sentence_has_cue(index, span, quoted, starts)):
            continue
        if not span.closed and words < min_words:
            continue
        cue = _direct_cue(index, spans, position, quoted, starts) if parsed else None
        subject = _cue_subject(cue) if cue is not None else None
        inherit = "next" if not span.closed and cue is None else None
        matches.append(QuoteMatch(span.start, span.end, "direct", cue, subject, inherit))
    return matches


# ---------------------------------------------------------------------------
# Reported speech
# ---------------------------------------------------------------------------


def _clause_of_cue(cue: Token) -> list[Token] | None:
    """The reported clause a speech verb governs (ccomp, or the host clause of a parenthetical)."""
    clauses = [child for child in cue.children if child.dep_ == "ccomp"]
    if clauses:
        clause = next((child for child in clauses if child.i > cue.i), clauses[0])
        tokens = _subtree_tokens(clause)
        if cue.dep_ in ("ccomp", "parataxis") and cue.head.i > cue.i and clause.i > cue.i:
            tokens = [tok for tok in cue.sent if tok.i >= tokens[0].i]
        return tokens
    for child in cue.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in NEED_NOUNS:
            return _subtree_tokens(child)
    if cue.dep_ == "parataxis" or (cue.dep_ in ("advcl",) and cue.i > cue.head.i):
        host = cue.head
        tokens = _subtree_tokens(host, exclude=cue)
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
    return _subtree_tokens(clause), verb


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
    if not _is_document(source):
        return False
    return not any(child.dep_ == "det" and child.lower_ in DEFINITE_DETS for child in source.children)


def _document_source(source: Token) -> Token:
    """'a map by Gazprom' speaks for Gazprom, 'his website' for him."""
    if _is_document(source):
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
    if not _has_parse(doc):
        return []
    return _reported(doc)


def _reported(doc: Doc) -> list[QuoteMatch]:
    matches: list[QuoteMatch] = []
    verb_sentences: set[int] = set()
    for token in doc:
        found = _reported_from_token(token)
        if found is None:
            continue
        tokens, cue, subject = found
        span = _trim_clause(doc, tokens)
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
            return (clause, verb, _cue_subject(verb)) if clause else None
        return found[0], found[1], _cue_subject(found[1])
    if _is_cue(token, SPEECH_VERBS):
        clause = _clause_of_cue(token) or _that_clause_after(token)
        if clause is None:
            return None
        return clause, token, _cue_subject(token)
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


# ---------------------------------------------------------------------------
# Speakers
# ---------------------------------------------------------------------------


def _entity_of(index: _DocIndex, token: Token) -> Span | None:
    """The named speaker a subject token stands for, from the NER or a proper-noun fallback."""
    ent = index.ent_of_token.get(token.i)
    if ent is not None and ent.label_ in SPEAKER_ENT_TYPES:
        return ent
    if ent is not None and ent.label_ not in NAME_ENT_TYPES:
        ent = None
    for child in token.children:
        if child.dep_ not in ("appos", "compound"):
            continue
        candidate = index.ent_of_token.get(child.i)
        if candidate is not None and candidate.label_ == "PERSON":
            return candidate
        if child.dep_ == "appos" and child.pos_ == "PROPN" and candidate is None:
            return _proper_name(index, child)
    inner = _person_in_phrase(index, token)
    if inner is not None:
        return inner
    if ent is not None and ent.label_ == "NORP" and (_is_surname(index, ent.text) or _surname_of_fuller(index, ent)):
        return Span(index.doc, ent.start, ent.end, label="PERSON")
    if token.pos_ == "PROPN" and ent is None and token.lower_ not in ROLE_NOUNS:
        return _proper_name(index, token)
    return None


def _person_in_phrase(index: _DocIndex, head: Token) -> Span | None:
    """'Chinese ambassador to Pakistan Yao Jing', 'the director of X Da Zhigang': the named person."""
    if head.pos_ not in ("NOUN", "PROPN") or (head.pos_ == "PROPN" and head.lower_ not in ROLE_NOUNS
                                               and head.is_title and head.ent_type_ != "ORG"):
        return None
    found = None
    for token in _phrase_tokens(head):
        ent = index.ent_of_token.get(token.i)
        if ent is not None and ent.label_ == "PERSON":
            found = ent
        elif ent is not None and token.i == ent.end - 1 == head.right_edge.i and head.lower_ in ROLE_NOUNS:
            found = _glued_person(ent, token, after_role=True) or found
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


def _proper_name(index: _DocIndex, token: Token) -> Span:
    """A capitalised name the NER missed: a person unless it reads like an organisation."""
    doc = index.doc
    start = token.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i < token.i + 1 \
            and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i >= token.sent.start \
            and doc[start - 1].lower_ not in ROLE_NOUNS:
        start -= 1
    words = [tok.lower_ for tok in doc[start : token.i + 1]]
    label = "ORG" if any(word in ORG_NAME_WORDS for word in words) or token.is_upper else "PERSON"
    return Span(doc, start, token.i + 1, label=label)


def _person(index: _DocIndex, ent: Span) -> _Speaker:
    """A named person under the fullest name the document gives, with role and organisation."""
    ent = _with_first_names(index, ent)
    _register_person(index, ent)
    mentions = [ent]
    if len(ent) == 1 and len(_name_tokens(canonical_name(ent.text, index.people, ent.start_char))) < 2:
        fuller = _fuller_mention(index, ent[0])
        if fuller is not None:
            _register_person(index, fuller)
            mentions.insert(0, fuller)
    name = canonical_name(_clean_name(ent.text), index.people, ent.start_char)
    profile = index.profiles.get(name)
    if profile is None or not profile.role or _is_description(profile.org):
        for mention in mentions:
            profile = _merge_profiles(profile, *_mention_profiles(index, mention))
        if _is_description(profile.org):
            _name_described_org(index, name, profile)
        index.profiles[name] = profile
    return _Speaker(name, profile.role, profile.org, person=True)


def _fuller_mention(index: _DocIndex, surname: Token) -> Span | None:
    """'Bajwa said' where the NER missed 'Asim Saleem Bajwa' earlier: the longest written form.

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


def _with_first_names(index: _DocIndex, ent: Span) -> Span:
    """'Asim' tagged as a nationality before 'Saleem Kavu': first names the NER left out."""
    start = ent.start
    while start > ent.sent.start and _first_name(index, index.doc[start - 1], ent.root) \
            and index.ent_of_token.get(start - 1) is not ent:
        start -= 1
    return ent if start == ent.start else Span(index.doc, start, ent.end, label=ent.label_)


def _first_name(index: _DocIndex, token: Token, surname: Token) -> bool:
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.i == surname.i and token.is_title \
        and token.lower_ not in ROLE_NOUNS and token.lower_ not in ORG_NAME_WORDS \
        and _entity_label(index, token) not in ("ORG", "GPE", "LOC", "FAC")


def _register_person(index: _DocIndex, ent: Span) -> None:
    """Add a mention the NER missed to the people list, under the fullest matching name."""
    name = canonical_name(_clean_name(ent.text), index.people, ent.start_char)
    for known, offsets in index.people:
        if known == name:
            offsets.append(ent.start_char)
            return
    index.people.append((name, [ent.start_char]))


def _merge_profiles(profile: _Profile | None, *found: _Profile) -> _Profile:
    """Keep the first role (with its organisation); an organisation alone fills a gap."""
    profile = profile or _Profile()
    for candidate in found:
        if candidate.role and not profile.role:
            profile.role = candidate.role
            profile.org = profile.org or candidate.org
        elif candidate.org and (not profile.org or _is_description(profile.org)) \
                and not _is_description(candidate.org):
            profile.org = candidate.org
    return profile


def _is_description(org: str | None) -> bool:
    """'the state firm running the project': an organisation described, not named."""
    return bool(org) and not any(word[:1].isupper() for word in org.split())


def _role_words(tokens: list[Token]) -> bool:
    return any(token.lower_ in ROLE_NOUNS for token in tokens)


def _split_role_org(index: _DocIndex, tokens: list[Token]) -> _Profile:
    """'senior expert at the X Department of the Y Institute' -> role 'senior expert', org 'Y Institute'."""
    tokens = [tok for tok in tokens if not tok.is_space]
    envoy = any(tok.lower_ in ENVOY_TITLES for tok in tokens)
    while tokens and (tokens[0].lower_ in ("a", "an", "the", "who", "is", "was", "as") or tokens[0].is_punct
                      or (_is_nationality(index, tokens[0]) and not envoy and not _starts_org(index, tokens))):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > MAX_ROLE_TOKENS or not _role_words(tokens):
        return _Profile()
    cut = next(
        (pos for pos, tok in enumerate(tokens)
         if tok.lower_ in ROLE_PREPOSITIONS and pos > 0 and tokens[pos - 1].lower_ in ROLE_NOUNS),
        None,
    )
    if cut is not None and _keeps_portfolio(index, tokens, cut):
        cut = None
    if cut is not None:
        role_tokens, org_tokens = tokens[:cut], tokens[cut + 1 :]
        org = None if _names_place(index, org_tokens) else _org_text(index, org_tokens)
        return _Profile(_join(role_tokens), org)
    org_ent = next((index.ent_of_token[tok.i] for tok in tokens
                    if tok.i in index.ent_of_token and index.ent_of_token[tok.i].label_ == "ORG"), None)
    if org_ent is not None and not _is_portfolio(org_ent, tokens):
        role_tokens = [tok for tok in tokens if tok.i >= org_ent.end]
        org_tokens = [tok for tok in tokens if tok.i < org_ent.end]
        if role_tokens and _role_words(role_tokens):
            return _Profile(_join(role_tokens), _canonical_org(index, _clean_name(_join(org_tokens) or "")))
    while tokens and _is_nationality(index, tokens[0]) and not envoy:
        tokens = tokens[1:]
    return _Profile(_join(tokens), None)


def _is_portfolio(org_ent: Span, tokens: list[Token]) -> bool:
    """'Energy Minister', 'Treasury Secretary': the NER's one-word "organisation" is the portfolio.

    A short entity with no institution noun, right before a minister's or secretary's title,
    belongs to the title (the gold convention: role "Energy Minister", no organisation).
    """
    following = next((tok for tok in tokens if tok.i == org_ent.end), None)
    return (
        following is not None
        and following.lower_ in PORTFOLIO_HEADS
        and len(org_ent) <= 2
        and not any(tok.lower_ in ORG_NOUNS for tok in org_ent)
    )


def _names_place(index: _DocIndex, tokens: list[Token]) -> bool:
    """'President of the Republic of X', 'analyst in the southern province of Y': a place, not an organisation.

    Places are told apart by their entity type or a place noun at the head of the phrase;
    any organisation entity or organisation word keeps the phrase an organisation.
    """
    words = [tok for tok in tokens if not (tok.is_punct or tok.lower_ in ("the", "a", "an", "of", "and"))]
    if not words:
        return False
    if any(_entity_label(index, tok) == "ORG" for tok in words):
        return False
    if any(tok.lower_ in ORG_NAME_WORDS and tok.lower_ not in PLACE_NOUNS
           and _entity_label(index, tok) not in PLACE_ENT_TYPES for tok in words):
        return False
    nouns = [tok for tok in words if tok.pos_ in ("NOUN", "PROPN")]
    if nouns and nouns[0].lower_ in PLACE_NOUNS:
        return True
    return all(_entity_label(index, tok) in PLACE_ENT_TYPES or tok.pos_ == "ADJ" for tok in words)


def _entity_label(index: _DocIndex, token: Token) -> str:
    ent = index.ent_of_token.get(token.i)
    return ent.label_ if ent is not None else token.ent_type_


def _starts_org(index: _DocIndex, tokens: list[Token]) -> bool:
    """'Chinese Foreign Ministry spokesman': the nationality belongs to the organisation."""
    if len(tokens) < 2:
        return False
    ent = index.ent_of_token.get(tokens[1].i)
    return ent is not None and ent.label_ == "ORG"


def _keeps_portfolio(index: _DocIndex, tokens: list[Token], cut: int) -> bool:
    """'Minister for Planning', 'Ambassador to China': the portfolio is part of the title."""
    if tokens[cut - 1].lower_ not in PORTFOLIO_TITLES:
        return False
    rest = tokens[cut + 1 :]
    if tokens[cut].lower_ in ("to", "for") or not tokens[cut - 1].is_title:
        return tokens[cut].lower_ in ("to", "for") or all(tok.ent_type_ == "GPE" for tok in rest)
    return not any(index.ent_of_token.get(tok.i) is not None
                   and index.ent_of_token[tok.i].label_ == "ORG" for tok in rest)


def _is_nationality(index: _DocIndex, token: Token) -> bool:
    """Nationality adjectives and 'U.S.-based' style modifiers are not part of a role."""
    ent = index.ent_of_token.get(token.i)
    if token.ent_type_ == "NORP" or (ent is not None and ent.label_ == "NORP"):
        return True
    if token.pos_ in ("ADJ", "PROPN") and token.is_title and token.lower_.endswith(DEMONYM_SUFFIXES) \
            and token.lower_ not in ROLE_NOUNS:
        return True
    return token.lower_.endswith("-based") or (token.pos_ == "ADJ" and token.text.endswith("-based"))


def _join(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text or None


def _org_text(index: _DocIndex, tokens: list[Token]) -> str | None:
    """Organisation as written, without article, owner country or a sub-unit prefix."""
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    if len(tokens) > 2 and tokens[1].tag_ == "POS" and index.ent_of_token.get(tokens[0].i) is not None \
            and index.ent_of_token[tokens[0].i].label_ == "GPE":
        tokens = tokens[2:]
    for pos, tok in enumerate(tokens):
        if tok.lower_ in UNIT_NOUNS and pos + 1 < len(tokens) and tokens[pos + 1].lower_ == "of":
            rest = tokens[pos + 2 :]
            while rest and rest[0].lower_ == "the":
                rest = rest[1:]
            if rest and rest[0].is_title:
                tokens = rest
            break
    owner = next((pos for pos, tok in enumerate(tokens) if tok.tag_ == "POS"), None)
    if owner and tokens[-1].lower_ in UNIT_NOUNS and tokens[owner - 1].is_title:
        tokens = tokens[:owner]
    first_capital = next((pos for pos, tok in enumerate(tokens) if tok.text[:1].isupper()), None)
    if first_capital:
        tokens = tokens[first_capital:]
    tokens = _without_location(index, tokens)
    text = _join(tokens)
    return _canonical_org(index, text) if text else None


def _without_location(index: _DocIndex, tokens: list[Token]) -> list[Token]:
    """'X Authority in Pakistan' -> 'X Authority': where an organisation sits is not its name."""
    for pos in range(len(tokens) - 1, 0, -1):
        if tokens[pos].lower_ == "in" and tokens[pos].dep_ == "prep":
            rest = [tok for tok in tokens[pos + 1 :] if not tok.is_punct and tok.lower_ != "the"]
            if rest and all(_entity_label(index, tok) in PLACE_ENT_TYPES for tok in rest):
                return tokens[:pos]
    return tokens


def _canonical_org(index: _DocIndex, text: str) -> str:
    """'Carnegie' -> 'Carnegie Russia-Eurasia Center' when the document names it in full."""
    query = _name_tokens(text)
    fuller = [name for name, label, _ in index.orgs
              if label == "ORG" and len(_name_tokens(name)) > len(query) and _contains(_name_tokens(name), query)]
    return max(fuller, key=len) if fuller and len(query) <= 2 else text


def _boundary(token: Token) -> bool:
    return token.text in (",", ".", ";", ":", "(", ")") or token.text in ALL_MARKS or token.pos_ in ("VERB", "AUX") \
        or token.lower_ in ("who", "which", "that", "whose")


def _apposition_after(index: _DocIndex, ent: Span) -> _Profile:
    """'X, senior expert at Y,' and 'X, who is director of Y,' after a name."""
    doc = index.doc
    i = ent.end
    if i >= len(doc) or doc[i].text != ",":
        return _Profile()
    i += 1
    if i + 1 < len(doc) and doc[i].lower_ == "who" and doc[i + 1].lemma_ == "be":
        i += 2
    tokens = []
    while i < len(doc) and len(tokens) <= MAX_ROLE_TOKENS:
        token = doc[i]
        if token.text == "," and tokens:
            listed = _listed_name_parts(index, i)
            if listed:
                tokens.extend(doc[i:listed])
                i = listed
                continue
        if _boundary(token) and not (token.pos_ == "VERB" and token.tag_ == "VBN" and tokens):
            break
        if token.lower_ == "and" and tokens and _second_description(doc, i + 1):
            break  # 'director at X and (a) faculty member at Y': the second description starts
        tokens.append(token)
        i += 1
    if tokens and tokens[0].lower_ in ("of", "from", "at"):
        return _Profile(None, _org_text(index, tokens[1:])) if _names_org(index, tokens[1:]) else _Profile()
    return _split_role_org(index, tokens)


def _second_description(doc: Doc, start: int) -> bool:
    """After 'and': lower-case words that hold a role noun begin a second description."""
    for token in doc[start:]:
        if not token.is_lower or _boundary(token) or token.lower_ in ROLE_PREPOSITIONS:
            return False
        if token.lower_ in ROLE_NOUNS or token.lemma_.lower() in ROLE_NOUNS:
            return True
    return False


def _listed_name_parts(index: _DocIndex, comma: int) -> int:
    """'Ministry of Roads, Transport, Construction and Urban Development': end of a listed name.

    From a comma inside a capitalised name, capitalised parts separated by commas and closed
    by 'and' plus a capitalised part continue the name; returns the index after it, or 0.
    """
    doc = index.doc
    if not doc[comma - 1].is_title:
        return 0
    i = comma
    while i < len(doc) and doc[i].text == ",":
        i += 1
        part = i
        while i < len(doc) and _name_part(index, doc[i]):
            i += 1
        if i == part:
            return 0
        if i < len(doc) and doc[i].lower_ == "and":
            i += 1
            last = i
            while i < len(doc) and _name_part(index, doc[i]):
                i += 1
            return i if i > last else 0
    return 0


def _name_part(index: _DocIndex, token: Token) -> bool:
    return token.is_title and token.pos_ in ("PROPN", "NOUN", "ADJ") and _entity_label(index, token) != "PERSON" \
        and token.lower_ not in ROLE_NOUNS


def _names_org(index: _DocIndex, tokens: list[Token]) -> bool:
    """'of Erdenes Holding': a capitalised organisation name, not a place."""
    return _capitalised(tokens) and not _names_place(index, tokens) \
        and not any(_entity_label(index, tok) == "PERSON" for tok in tokens)


def _capitalised(tokens: list[Token]) -> bool:
    words = [tok for tok in tokens if not tok.is_punct and tok.lower_ not in NAME_CONNECTORS]
    return bool(words) and all(tok.is_title or tok.is_upper for tok in words)


def _mention_profiles(index: _DocIndex, ent: Span) -> tuple[_Profile, _Profile]:
    """What the words around one mention of a name say: before it (with 'of Y' after it), then after it."""
    before = _premodifier(index, ent)
    if not before.org:
        before.org = _postmodifier_org(index, ent)
    return before, _apposition_after(index, ent)


def _postmodifier_org(index: _DocIndex, ent: Span) -> str | None:
    """The organisation right after a name, where no role noun introduces it.

    'Economist X of the Y Institute said', 'X from Y Holding said', 'X, who heads Y, said',
    'X, who leads the research team at Y,', 'X writing in Y said'.
    """
    doc = index.doc
    i = ent.end
    comma = i < len(doc) and doc[i].text == ","
    i += comma
    if i + 1 >= len(doc):
        return None
    if doc[i].lower_ == "who" and doc[i + 1].lemma_.lower() in LEAD_VERBS or doc[i].lower_ == "writing":
        i += 2 if doc[i].lower_ == "who" else 1
        return _first_org_before_boundary(index, i)
    if comma or doc[i].lower_ not in ("of", "from", "at"):
        return None
    i += 1
    while i < len(doc) and doc[i].lower_ == "the":
        i += 1
    return _org_at(index, i)


def _first_org_before_boundary(index: _DocIndex, start: int) -> str | None:
    """The first named organisation in a short clause, up to its comma, full stop or next verb."""
    doc = index.doc
    for i in range(start, min(len(doc), start + MAX_ROLE_TOKENS)):
        if i > start and _boundary(doc[i]):
            return None
        found = _org_at(index, i)
        if found:
            return found
    return None


def _org_at(index: _DocIndex, i: int) -> str | None:
    """A capitalised organisation entity starting at token i (NER or entity component, the longer)."""
    doc = index.doc
    spans = [span for span in (index.ent_of_token.get(i), *doc.ents) if span is not None and span.start <= i < span.end]
    org = max((span for span in spans if span.label_ == "ORG"), key=len, default=None)
    if org is None:
        return None
    tokens = [tok for tok in org if tok.i >= i]
    return _org_text(index, tokens) if _capitalised(tokens) and not _names_place(index, tokens) else None


def _premodifier(index: _DocIndex, ent: Span) -> _Profile:
    """'Kyrgyz President X', 'Rio Tinto CEO X', 'Minister for Planning X', 'Chairman of Y, X'."""
    doc = index.doc
    i = ent.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    tokens: list[Token] = []
    while i >= ent.sent.start and len(tokens) <= MAX_ROLE_TOKENS:
        token = doc[i]
        proper = token.pos_ in ("PROPN", "NOUN", "ADJ") or token.text in ("(", ")", "-") or token.tag_ == "POS"
        if not (proper or token.lower_ in NAME_CONNECTORS or token.lower_ == "in"):
            break
        if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
            break
        if token.lower_ == "the" and not (i > 0 and doc[i - 1].lower_ in ROLE_PREPOSITIONS):
            break
        tokens.insert(0, token)
        i -= 1
    while tokens and tokens[0].lower_ in NAME_CONNECTORS:
        tokens = tokens[1:]
    owner = max((pos for pos, tok in enumerate(tokens) if tok.tag_ == "POS"), default=None)
    if owner is None:
        return _split_role_org(index, tokens)
    return _owned_role(index, tokens[:owner], tokens[owner + 1 :])


def _owned_role(index: _DocIndex, owner: list[Token], rest: list[Token]) -> _Profile:
    """'Gazprom's chief executive X': the owner names the organisation; 'China's President X' a place."""
    profile = _split_role_org(index, rest)
    if profile.role and not profile.org and _capitalised(owner) and not _names_place(index, owner):
        profile.org = _org_text(index, owner)
    return profile


def _build_profiles(index: _DocIndex) -> None:
    """Role and organisation of each named person, from anywhere in the document."""
    people = []
    for ent in sorted({id(ent): ent for ent in index.ent_of_token.values()}.values(), key=lambda span: span.start):
        if ent.label_ != "PERSON":
            ent = _glued_person(ent, ent[-1]) if ent.label_ == "ORG" else None
            if ent is None:
                continue
            _register_person(index, ent)
        people.append(ent)
    for ent in people:
        fuller = _with_first_names(index, ent)
        if fuller is not ent:
            ent = fuller
            _register_person(index, ent)
        name = canonical_name(_clean_name(ent.text), index.people, ent.start_char)
        profile = index.profiles.get(name)
        if profile is None or not (profile.role and profile.org) or _is_description(profile.org):
            index.profiles[name] = _merge_profiles(profile, *_mention_profiles(index, ent))
    for name, profile in index.profiles.items():
        if _is_description(profile.org):
            _name_described_org(index, name, profile)


def _name_described_org(index: _DocIndex, name: str, profile: _Profile) -> None:
    """'officer of the state firm' then 'Bat, of Gobi Coal,': a later surname mention names the firm."""
    surname = name.split()[-1]
    for token in index.doc:
        if token.text == surname and token.pos_ == "PROPN":
            found = _apposition_after(index, Span(index.doc, token.i, token.i + 1, label="PERSON"))
            if found.org and not found.role and not _is_description(found.org):
                profile.org = found.org
                return


@dataclass(slots=True)
class _Speaker:
    name: str | None
    role: str | None = None
    org: str | None = None
    person: bool = False


def _describe(index: _DocIndex, subject: Token, history: list[_Speaker]) -> _Speaker | None:
    """Speaker of a subject token; None when the token names nobody (then context decides)."""
    doc = index.doc
    subject = _participle_subject(subject)
    ent = _entity_of(index, subject)
    if ent is not None and ent.label_ == "PERSON":
        return _person(index, _behind_byline(index, ent, subject) or ent)
    if ent is not None and ent.label_ == "ORG" and (_is_known_person(index, ent) or _surname_of_fuller(index, ent)):
        return _person(index, ent)
    glued = _glued_person(ent, subject) if ent is not None and ent.label_ != "PERSON" else None
    if glued is not None:
        return _person(index, glued)
    if ent is not None and ent.label_ in ("ORG", "GPE"):
        name = canonical_name(_clean_name(ent.text), [(n, o) for n, _, o in index.orgs], ent.start_char)
        return _Speaker(name)
    lower = subject.lower_
    if lower in PERSON_PRONOUNS:
        return _last_person(index, history, subject.idx)
    if lower in GROUP_PRONOUNS:
        return history[-1] if history else None
    if subject.pos_ not in ("NOUN", "PROPN"):
        return None
    return _describe_noun(index, subject, history, doc)


def _behind_byline(index: _DocIndex, ent: Span, subject: Token) -> Span | None:
    """'John Doe -AGENCY- (CITY)- The Chairman of X, Y Z, said': the byline's name is not the speaker.

    A name that opens the sentence and runs into punctuation other than a comma is a byline
    when a role noun in apposition to it carries another person's name.
    """
    doc = index.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    punctuation_after = after is not None and after.pos_ == "PUNCT" and after.text != ","
    broken = any(tok.pos_ == "PUNCT" for tok in ent) or punctuation_after
    opens = ent.start == ent.sent.start or doc[ent.start - 1].is_space
    if not opens or not broken:
        return None
    for token in subject.subtree:
        if token.dep_ == "appos" and token.lower_ in ROLE_NOUNS:
            inner = _person_in_phrase(index, token)
            if inner is not None and inner.start >= ent.end:
                return inner
    return None


def _participle_subject(subject: Token) -> Token:
    """'X writing in Y said that': the parser makes 'writing' the subject; X speaks."""
    if subject.tag_ != "VBG":
        return subject
    return next((child for child in subject.children if child.dep_ == "nsubj" and child.pos_ == "PROPN"), subject)


def _glued_person(ent: Span, subject: Token, *, after_role: bool = False) -> Span | None:
    """'Port of Baku CJSC Elmar Habibli': a name the NER glued onto the organisation before it.

    The subject token and its compound first names end the entity, and the entity has an
    organisation part before them (joined by a preposition or conjunction, or an acronym).
    """
    if subject.i != ent.end - 1 or subject.lower_ in ORG_NAME_WORDS or not subject.is_title:
        return None
    start = subject.i
    while start > ent.start and ent.doc[start - 1].dep_ == "compound" and ent.doc[start - 1].is_title \
            and ent.doc[start - 1].lower_ not in ORG_NAME_WORDS:
        start -= 1
    head_part = [tok for tok in ent.doc[ent.start : start] if tok.lower_ not in ("the", "a", "an")]
    if start == subject.i or not head_part:
        return None
    if not after_role and not any(tok.lower_ in NAME_CONNECTORS or tok.is_upper for tok in head_part):
        return None
    return Span(ent.doc, start, ent.end, label="PERSON")


def _is_known_person(index: _DocIndex, ent: Span) -> bool:
    """'Costa said' after 'Ana Costa, director of X': a surname the NER took for a company."""
    return _is_surname(index, ent.text)


def _surname_of_fuller(index: _DocIndex, ent: Span) -> bool:
    """'Orynbekova said' after 'Economist Saltanat Orynbekova' the NER did not tag: a surname."""
    return len(ent) == 1 and ent[0].is_title and _fuller_mention(index, ent[0]) is not None


def _is_surname(index: _DocIndex, text: str) -> bool:
    tokens = _name_tokens(_clean_name(text))
    return len(tokens) == 1 and any(_name_tokens(name)[-1:] == tokens for name, _ in index.people)


def _describe_noun(index: _DocIndex, noun: Token, history: list[_Speaker], doc: Doc) -> _Speaker | None:
    lemma = noun.lemma_.lower()
    dets = {child.lower_ for child in noun.children if child.dep_ in ("det", "poss")}
    poss_person = any(child.dep_ == "poss" and child.ent_type_ == "PERSON" for child in noun.children)
    plural = noun.tag_ in ("NNS", "NNPS")
    bare_title = not dets and noun.is_title and not plural and noun.lemma_.lower() in ROLE_NOUNS
    definite = bool(dets & DEFINITE_DETS) or any(child.dep_ == "poss" for child in noun.children) or bare_title
    if _is_document(noun):
        return history[-1] if definite and history and not plural else _Speaker(None)
    phrase = _noun_phrase(index, noun)
    if definite and not plural and not poss_person:
        if lemma in ROLE_NOUNS or _has_synonyms(lemma):
            person = _person_with_role(index, lemma, noun.idx)
            if person is not None:
                return person
            if not _has_of_phrase(noun):
                return _last_person(index, history, noun.idx) or _Speaker(None, phrase)
        if lemma in ORG_NOUNS:
            found = _last_org(index, history, noun.idx)
            return found if found is not None and found.name else _Speaker(None, phrase)
    if lemma in ORG_NOUNS and lemma not in ROLE_NOUNS:
        return _Speaker(None)
    return _Speaker(None, phrase)


def _has_synonyms(lemma: str) -> bool:
    return lemma in ROLE_SYNONYMS


def _has_of_phrase(noun: Token) -> bool:
    return any(child.dep_ == "prep" and child.lower_ == "of" for child in noun.children)


def _noun_phrase(index: _DocIndex, noun: Token) -> str | None:
    """'many analysts in China' -> 'analysts', 'Mekong nations', 'head of state'."""
    tokens = [child for child in noun.lefts
              if (child.dep_ == "compound" or child.dep_ == "amod" and child.ent_type_ not in ("GPE", "NORP"))
              and not _is_nationality(index, child) and child.pos_ != "NUM" and child.lower_ not in QUANTIFIERS]
    tokens = [tok for tok in tokens if tok.i >= (tokens[-1].i if tokens else noun.i) - 3]
    start = min([tok.i for tok in tokens] + [noun.i])
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.is_lower and not any(g.dep_ == "det" for g in pobj.children):
                end = pobj.i + 1
    doc = index.doc
    while start < noun.i and (doc[start].is_punct or not _contiguous(doc, start, noun.i)):
        start += 1
    return doc[start:end].text


def _contiguous(doc: Doc, start: int, head: int) -> bool:
    return all(doc[i].head.i in range(start, head + 1) or doc[i].i == head for i in range(start, head + 1))


def _role_matches(role: str | None, lemma: str) -> bool:
    if not role:
        return False
    words = set(re.findall(r"[a-z]+", role.lower()))
    return bool(words & (ROLE_SYNONYMS.get(lemma, frozenset()) | {lemma}))


def _person_with_role(index: _DocIndex, lemma: str, position: int) -> _Speaker | None:
    """The nearest named person whose role contains the description's noun ('the minister')."""
    best = None
    for name, offsets in index.people:
        profile = index.profiles.get(name)
        if profile is None or not _role_matches(profile.role, lemma):
            continue
        key = _nearest_offset(offsets, position)
        if best is None or key < best[0]:
            best = (key, _Speaker(name, profile.role, profile.org, person=True))
    return best[1] if best else None


def _last_person(index: _DocIndex, history: list[_Speaker], position: int) -> _Speaker | None:
    """He/she: the latest named person speaker, else the nearest person mentioned before."""
    for speaker in reversed(history):
        if speaker.person:
            return speaker
    best = None
    for name, offsets in index.people:
        key = _nearest_offset(offsets, position)
        if best is None or key < best[0]:
            best = (key, name)
    if best is None:
        return None
    profile = index.profiles.get(best[1], _Profile())
    return _Speaker(best[1], profile.role, profile.org, person=True)


def _last_org(index: _DocIndex, history: list[_Speaker], position: int) -> _Speaker | None:
    """'The company said': the latest organisation speaker, else the nearest organisation before."""
    for speaker in reversed(history):
        if speaker.name and not speaker.person:
            return speaker
    best = None
    for name, label, offsets in index.orgs:
        if label != "ORG" or _is_surname(index, name):
            continue
        before = [offset for offset in offsets if offset < position]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), name)
    return _Speaker(best[1]) if best else _Speaker(None)


def attribute_speakers(doc: Doc, matches: list[QuoteMatch]) -> list[Quote]:
    """Resolve every match's speaker in text order and build the Quote records."""
    index = _build_index(doc)
    _build_profiles(index)
    return _attribute(index, matches)


def _attribute(index: _DocIndex, matches: list[QuoteMatch]) -> list[Quote]:
    matches = sorted(matches, key=lambda match: (match.start, match.kind))
    history: list[_Speaker] = []
    resolved: list[_Speaker | None] = []
    for match in matches:
        speaker = None
        if match.subject is not None:
            speaker = _describe(index, match.subject, history)
        elif match.cue is not None:
            speaker = _nearest_person_in_sentence(index, match.cue)
        if speaker is None and match.kind == "direct" and match.inherit != "next":
            speaker = _previous_speaker(history)
        resolved.append(speaker)
        if speaker is not None and (speaker.name or speaker.role):
            history.append(speaker)
    _inherit_forward(matches, resolved)
    return [_to_quote(index, match, speaker) for match, speaker in zip(matches, resolved)]


def _previous_speaker(history: list[_Speaker]) -> _Speaker | None:
    return history[-1] if history else None


def _inherit_forward(matches: list[QuoteMatch], resolved: list[_Speaker | None]) -> None:
    """A paragraph that opens a quote without closing it is continued by the next quote."""
    for position in range(len(matches) - 1, -1, -1):
        if resolved[position] is None and matches[position].inherit == "next":
            later = next((resolved[j] for j in range(position + 1, len(matches)) if resolved[j] is not None), None)
            earlier = next((resolved[j] for j in range(position - 1, -1, -1) if resolved[j] is not None), None)
            resolved[position] = later or earlier


def _nearest_person_in_sentence(index: _DocIndex, cue: Token) -> _Speaker | None:
    sent = cue.sent
    people = [index.ent_of_token[tok.i] for tok in sent
              if tok.i in index.ent_of_token and index.ent_of_token[tok.i].label_ == "PERSON"]
    if not people:
        return None
    return _person(index, min(people, key=lambda span: abs(span.start - cue.i)))


def _to_quote(index: _DocIndex, match: QuoteMatch, speaker: _Speaker | None) -> Quote:
    text = index.text[match.start : match.end]
    cue = match.cue.lemma_.lower() if match.cue is not None else None
    if speaker is None:
        return Quote(text=text, start=match.start, end=match.end, kind=match.kind, cue=cue)
    return Quote(text=text, start=match.start, end=match.end, kind=match.kind, speaker=speaker.name,
                 speaker_role=speaker.role, speaker_org=speaker.org, cue=cue)


# ---------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------


def _drop_overlaps(direct: list[QuoteMatch], reported: list[QuoteMatch]) -> list[QuoteMatch]:
    """A reported clause that is mostly a direct quote is that quote; duplicates go too."""
    spans = sorted((match.start, match.end) for match in direct)
    kept: list[QuoteMatch] = []
    for match in reported:
        length = max(1, match.end - match.start)
        covered = sum(max(0, min(end, match.end) - max(start, match.start)) for start, end in spans)
        if covered / length > 0.5:
            continue
        if any(other.start == match.start and other.end == match.end for other in kept):
            continue
        kept.append(match)
    return direct + kept


def _outside_quotes(matches: list[QuoteMatch], direct: list[QuoteMatch]) -> list[QuoteMatch]:
    """Speech verbs inside someone's quotation are part of the quote, not new reported speech."""
    spans = sorted((match.start, match.end) for match in direct)
    starts = [start for start, _ in spans]
    return [match for match in matches if match.cue is None or not _inside(match.cue.idx, spans, starts)]


def extract_quotes(doc: Doc, *, min_words: int = 6) -> list[Quote]:
    """Direct and reported quotes of a Doc with resolved speakers, in text order."""
    index = _build_index(doc)
    parsed = _has_parse(doc)
    if parsed:
        _build_profiles(index)
    direct = _direct_quotes(index, find_quote_spans(index.text), min_words=min_words)
    reported = _outside_quotes(_reported(doc), direct) if parsed else []
    if not parsed:
        logger.debug("no dependency parse: only quote marks used, speakers left empty")
    return _attribute(index, _drop_overlaps(direct, reported))


class QuoteExtractor:
    """The `newsmine_quotes` pipeline component: sets `doc._.quotes` (list of Quote)."""

    def __init__(self, nlp: Language, name: str = "newsmine_quotes", *, min_quote_words: int = 6) -> None:
        if min_quote_words < 1:
            raise ValueError(f"min_quote_words must be >= 1, got {min_quote_words!r}")
        self.name = name
        self.min_quote_words = min_quote_words

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, min_words=self.min_quote_words)
        return doc


@Language.factory(
    "newsmine_quotes",
    default_config={"min_quote_words": 6},
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.quotes"],
)
def make_quote_extractor(nlp: Language, name: str, min_quote_words: int) -> QuoteExtractor:
    """Factory for `nlp.add_pipe("newsmine_quotes")`."""
    return QuoteExtractor(nlp, name, min_quote_words=min_quote_words)
