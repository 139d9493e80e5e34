"""`newsmine_ru_quotes`: direct and reported speech in Russian news, as `Quote` records.

Direct quotes are the spans inside «…» (nested «…» allowed), „…“, “…” and "…" that a speech
verb attributes: after the closing mark (`«…», — отметил эксперт.`, `«…», — цитирует X`),
before the opening mark (`X заявил: «…»`), or a quote paragraph that continues the previous
attributed quote. Reported speech is "X отметил/заявил/считает, что …", "по словам X, …",
"как отметил X, …", "по мнению/данным X, …", "…, — сообщил X." without quote marks, orders
and calls with an infinitive ("поручил провести …") and the impersonal "Отмечается, что …"
(speaker None). An outlet's relay ("сообщает ТАСС", "со ссылкой на …") is not a speaker, and
"Напомним, что …" (the outlet recalling its own reports) is not a quote. Speakers come from
`speakers.SpeakerResolver`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsmine.corpus.schema import Quote
from newsmine.nlp.extensions import register_extensions
from newsmine.nlp.ru.speakers import Speaker, SpeakerResolver

register_extensions()

SPEECH_VERBS = frozenset(
    "сказать заявить заявлять отметить отмечать подчеркнуть подчёркивать подчеркивать сообщить сообщать "
    "считать добавить добавлять пояснить пояснять говорить рассказать рассказывать уточнить указать "
    "указывать констатировать признать признавать заметить полагать объяснить предупредить предупреждать "
    "напомнить заверить уверять выразить резюмировать цитировать написать убеждён надеяться "
    "подытожить акцентировать высказать высказаться высказываться прокомментировать ответить привести".split()
)
# Verbs whose object or infinitive is the content: "поручил провести расчёты", "призвал стороны ...".
DIRECTIVE_VERBS = frozenset(
    "поручить призвать призывать предложить предлагать потребовать пообещать обещать распорядиться приказать".split()
)
# Verbs of quoting someone else: "цитирует пресс-служба Н.Иванова", "привёл X слова Y" - Y speaks.
QUOTING_VERBS = frozenset({"цитировать", "привести", "процитировать"})
# Impersonal passives with a that-clause: "Отмечается, что ...".
IMPERSONAL = frozenset("отмечаться сообщаться подчёркиваться подчеркиваться говориться указываться уточняться".split())
# Present-tense verbs with which an outlet tags where a story came from ("сообщает ТАСС").
RELAY_VERBS = frozenset("сообщать передавать писать информировать".split())
ACCORDING_TO = re.compile(
    r"\b[Пп]о\s+(?:(?P<pronoun>его|её|ее|их)\s+)?(?:словам|мнению|данным|оценке|оценкам|информации)[\s,]+"
)
AS_SAID = re.compile(r"\b[Кк]ак\s+(?:\w+\s+){0,2}?(\w+)\s+")
QUOTE_PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"'}
DASHES = "—–-"
MIN_QUOTE_WORDS = 3
THAT_WINDOW = 15  # "заявил в среду на брифинге в Астане журналистам, что …"


class RussianQuoteExtractor:
    """Sets `doc._.quotes` for a Russian Doc parsed by `newsmine_ru_natasha`."""

    def __call__(self, doc: Doc) -> Doc:
        resolver = SpeakerResolver(doc)
        quotes = list(self._direct(doc, resolver))
        quoted = [(quote.start - 1, quote.end + 1) for quote in quotes]
        for quote in self._reported(doc, resolver):
            if not any(start <= quote.start < end for start, end in quoted):
                quotes.append(quote)
        doc._.quotes = sorted(_unique(quotes), key=lambda quote: quote.start)
        return doc

    # --- direct -------------------------------------------------------------------------

    def _direct(self, doc: Doc, resolver: SpeakerResolver) -> Iterator[Quote]:
        previous: Speaker | None = None
        for start, end in quote_spans(doc.text):
            inner = doc.text[start:end]
            if len(inner.split()) < MIN_QUOTE_WORDS:
                continue
            attribution = self._after(doc, end + 1) or self._before(doc, start - 1)
            if attribution is not None:
                verb, phrase = attribution
                speaker, cue = resolver.resolve(phrase, verb=verb), verb.text
                if verb.lemma_ in IMPERSONAL:
                    speaker = _document_owner(verb, resolver)
                if verb.lemma_ in QUOTING_VERBS:
                    speaker = resolver.quoted_person(verb) or speaker
            elif previous is not None and _opens_paragraph(doc.text, start - 1):
                speaker, cue = previous, "continued"  # a quote paragraph goes on with the last speaker
            else:
                continue
            previous = speaker
            stripped = _strip(doc.text, start, end)
            if stripped is not None:
                yield _quote(doc, stripped, "direct", speaker, cue)

    def _after(self, doc: Doc, position: int) -> tuple[Token, Span | None] | None:
        """`«…», — отметил X.`: a speech verb right after the closing mark, in the same sentence."""
        rest = doc.text[position : position + 12]
        match = re.match(rf"\s*[,.!?…]?\s*[{DASHES}]\s*", rest)
        if match is None:
            return None
        token = _token_at(doc, position + match.end())
        if token is None:
            return None
        for candidate in doc[token.i : min(token.i + 4, token.sent.end)]:
            if candidate.lemma_ in SPEECH_VERBS:
                return candidate, resolver_subject(candidate)
            if candidate.lemma_ in IMPERSONAL:  # «…», — говорится в заявлении МИД.
                return candidate, _source_after_v(candidate)
        return None

    def _before(self, doc: Doc, position: int) -> tuple[Token, Span | None] | None:
        """`X заявил: «…»`: a speech verb in the clause that ends with a colon before the quote."""
        if not doc.text[max(0, position - 3) : position].rstrip().endswith(":"):
            return None
        colon = _token_at(doc, doc.text.rindex(":", 0, position))
        if colon is None:
            return None
        for candidate in reversed(doc[colon.sent.start : colon.i]):
            if candidate.lemma_ in SPEECH_VERBS and candidate.pos_ in ("VERB", "ADJ"):
                return candidate, resolver_subject(candidate)
        return None

    # --- reported -----------------------------------------------------------------------

    def _reported(self, doc: Doc, resolver: SpeakerResolver) -> Iterator[Quote]:
        for sentence in doc.sents:
            yield from self._according_to(doc, sentence, resolver)
            for token in sentence:
                if token.lower_ == "напомним":
                    break
                if token.lemma_ in IMPERSONAL and _that_clause(token) is not None:
                    yield _quote(doc, _that_clause(token), "indirect", _document_owner(token, resolver), token.text)
                elif token.lemma_ in SPEECH_VERBS and token.pos_ == "VERB":
                    yield from self._speech_verb(doc, token, resolver)
                elif token.lemma_ in DIRECTIVE_VERBS and token.pos_ == "VERB":
                    content = _directive_content(token)
                    if content is not None:
                        yield _quote(doc, content, "indirect", resolver.resolve(resolver_subject(token), verb=token), token.text)

    def _speech_verb(self, doc: Doc, verb: Token, resolver: SpeakerResolver) -> Iterator[Quote]:
        subject = resolver_subject(verb) or _impersonal_source(verb)
        if _is_relay(verb, subject) or _is_as_said(verb):
            return
        clause = _that_clause(verb) or _colon_clause(verb)
        if clause is None:
            clause = _preceding_clause(doc, verb) or _about_this(doc, verb) or _stated_intention(verb)
        if clause is not None and subject is not None:
            yield _quote(doc, clause, "indirect", resolver.resolve(subject, verb=verb), verb.text)
        elif clause is not None and "Plur" in verb.morph.get("Number") and "Past" in verb.morph.get("Tense"):
            yield _quote(doc, clause, "indirect", Speaker(None), verb.text)  # "Об этом сообщили": no speaker

    def _according_to(self, doc: Doc, sentence: Span, resolver: SpeakerResolver) -> Iterator[Quote]:
        """ "по словам X, …" and "как отметил X, …": the source before a comma, the content after it."""
        text = sentence.text
        for match in [*ACCORDING_TO.finditer(text), *_as_said(sentence)]:
            comma = match.end() - 1 if match.re is ACCORDING_TO and match.group("pronoun") else text.find(",", match.end())
            if comma < 0:
                continue
            if match.re is ACCORDING_TO and match.group("pronoun"):
                pronoun = _token_at(doc, sentence.start_char + match.start("pronoun"))
                source = doc[pronoun.i : pronoun.i + 1] if pronoun is not None else None
                content = _strip(doc.text, sentence.start_char + match.end(), sentence.end_char)
                if source is not None and content is not None:
                    yield _quote(doc, content, "indirect", resolver.resolve(source), match.group(0).strip(" ,"))
                continue
            source_start = sentence.start_char + match.end()
            source = doc.char_span(source_start, sentence.start_char + comma, alignment_mode="expand")
            if source is None or len(source) > 15 or "со ссылкой" in source.text:
                continue
            content = _strip(doc.text, sentence.start_char + comma + 1, sentence.end_char)
            if content is None:
                continue
            verb = _token_at(doc, sentence.start_char + match.start(1)) if match.re is AS_SAID else None
            speaker = resolver.resolve(source, verb=verb)
            yield _quote(doc, content, "indirect", speaker, match.group(0).strip())


def resolver_subject(verb: Token) -> Span | None:
    """The verb's subject phrase; for an inverted clause ("…, отмечает премьер") the nominative noun after it."""
    subject = next((child for child in verb.children if child.dep_ in ("nsubj", "nsubj:pass")), None)
    if subject is None:
        after = verb.doc[verb.i + 1 : verb.sent.end]
        clause = itertools.takewhile(lambda token: not token.is_punct, after)  # not into a that-clause
        # the nominative noun the verb governs, or the first word after it ('отмечает премьер');
        # a name deep in 'на переговорах X с Y' is no subject
        subject = next((token for position, token in enumerate(clause) if token.pos_ in ("NOUN", "PROPN")
                        and "Nom" in token.morph.get("Case") and (token.head.i == verb.i or position == 0)), None)
        if subject is None:
            return None
        return verb.doc[subject.i : _name_end(subject) + 1]
    return verb.doc[subject.left_edge.i : subject.right_edge.i + 1]


def _impersonal_source(verb: Token) -> Span | None:
    """ "сообщили в министерстве": a plural verb without subject speaks for the place after "в"."""
    if "Plur" not in verb.morph.get("Number"):
        return None
    return _source_after_v(verb)


def _document_owner(verb: Token, resolver: SpeakerResolver) -> Speaker:
    """ "говорится в заявлении МИД": the organisation or person whose document it is, else nobody."""
    source = _source_after_v(verb)
    if source is None or not any(span.label_ in ("ORG", "PER") for span in source.ents):
        return Speaker(None)
    named = [span for span in source.ents if span.label_ in ("ORG", "PER")]
    return resolver.resolve(named[-1], verb=verb)


def _stated_intention(verb: Token) -> tuple[int, int] | None:
    """ "заявил о намерении увеличить экспорт": an "о …" object that carries an infinitive states a
    claim; one that only names a topic ("рассказал о проекте") does not."""
    for child in verb.children:
        if child.dep_ != "obl" or child.i < verb.i:
            continue
        if not any(grand.dep_ == "case" and grand.lower_ in ("о", "об") for grand in child.children):
            continue
        if any("Inf" in token.morph.get("VerbForm") for token in child.subtree):
            words = [token for token in child.subtree if not (token.dep_ == "case" and token.head == child)]
            return _strip(verb.doc.text, words[0].idx, words[-1].idx + len(words[-1].text))
    return None


def _colon_clause(verb: Token) -> tuple[int, int] | None:
    """ "Министр отметил: проект завершат в срок." - a clause after a colon, without quote marks."""
    sentence = verb.sent
    for token in verb.doc[verb.i + 1 : min(verb.i + THAT_WINDOW, sentence.end)]:
        if token.text == ":":
            following = verb.doc[token.i + 1] if token.i + 1 < sentence.end else None
            if following is None or following.text in QUOTE_PAIRS or following.is_space:
                return None
            return _strip(verb.doc.text, following.idx, sentence.end_char)
        if token.is_punct and token.text != ",":
            return None
    return None


def _source_after_v(verb: Token) -> Span | None:
    """The phrase of the verb's "в …" dependent, without the preposition: "в заявлении МИД" -> "заявлении МИД"."""
    for child in verb.children:
        if child.dep_ == "obl" and any(grand.dep_ == "case" and grand.lower_ in ("в", "во") for grand in child.children):
            words = [token for token in child.subtree if not (token.dep_ == "case" and token.head == child)]
            return verb.doc[words[0].i : words[-1].i + 1] if words else None
    return None


def _name_end(token: Token) -> int:
    """The last token of a noun and the flat/appositive name words that follow it."""
    end = token.i
    while end + 1 < token.sent.end and token.doc[end + 1].head.i in (token.i, end) and token.doc[end + 1].dep_ in (
        "appos", "flat:name", "flat", "nmod", "amod"
    ):
        end += 1
    return end


def _about_this(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """ "…. Об этом заявил X.": the previous sentence is what X said."""
    sentence = verb.sent
    opening = " ".join(token.lower_ for token in doc[sentence.start : min(sentence.start + 2, sentence.end)])
    if opening != "об этом" or sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    while previous.start > 0 and not any(not token.is_space for token in previous):
        previous = doc[previous.start - 1].sent
    if doc.text[previous.start_char : previous.end_char].lstrip()[:1] in QUOTE_PAIRS:
        return None
    return _strip(doc.text, previous.start_char, previous.end_char)


def _as_said(sentence: Span) -> Iterator[re.Match[str]]:
    for match in AS_SAID.finditer(sentence.text):
        token = _token_at(sentence.doc, sentence.start_char + match.start(1))
        if token is not None and token.lemma_ in SPEECH_VERBS:
            yield match


def _is_as_said(verb: Token) -> bool:
    """ "как отметил X, …" is handled with "по словам"; its verb has no clause of its own."""
    return any(child.lower_ == "как" for child in verb.children) or (verb.i > 0 and verb.doc[verb.i - 1].lower_ == "как")


def _is_relay(verb: Token, subject: Span | None) -> bool:
    if verb.lemma_ not in RELAY_VERBS or "Pres" not in verb.morph.get("Tense"):
        return False
    return subject is None or any(entity.label_ == "ORG" for entity in subject.ents) or subject.root.pos_ == "PROPN"


def _that_clause(verb: Token) -> tuple[int, int] | None:
    """The clause after "что" following the verb (", что …"), to the end of the sentence."""
    sentence = verb.sent
    for token in verb.doc[verb.i + 1 : min(verb.i + THAT_WINDOW, sentence.end)]:
        if token.lower_ in ("что", "чтобы") and token.i + 1 < sentence.end:
            return _strip(verb.doc.text, verb.doc[token.i + 1].idx, _clause_end(verb.doc[token.i + 1 : sentence.end]))
        if token.is_punct and token.text not in ",":
            return None
    return None


def _clause_end(rest: Span) -> int:
    """Where a reported clause ends: the sentence end, or the comma before another speaker's verb
    ("одни считают, что A, другие же предупреждают, что B")."""
    comma = None
    for token in rest:
        if token.text == ",":
            comma = token
        elif token.lemma_ in SPEECH_VERBS and token.pos_ == "VERB" and comma is not None:
            return comma.idx
    return rest.end_char


def _preceding_clause(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """ "Проект завершат в срок, — сообщил министр.": the clause before ", —" or "," and the verb."""
    sentence = verb.sent
    if verb.i - sentence.start < 4:
        return None
    before = doc[verb.i - 1]
    comma = doc[verb.i - 2] if before.text in DASHES else before
    if comma.text != ",":
        return None
    opening = sentence.start
    if doc[opening].text in QUOTE_PAIRS:
        return None
    return _strip(doc.text, doc[opening].idx, comma.idx)


def _directive_content(verb: Token) -> tuple[int, int] | None:
    """ "поручил провести расчёты …": the infinitive (or object) and everything it governs."""
    parts = [child for child in verb.children if child.dep_ in ("xcomp", "obj", "ccomp") and child.i > verb.i]
    if not parts:
        return None
    start = max(verb.i + 1, min(part.left_edge.i for part in parts))
    end = max(part.right_edge.i for part in parts)
    if end - start < 2:
        return None
    return _strip(verb.doc.text, verb.doc[start].idx, verb.doc[end].idx + len(verb.doc[end].text))


def _opens_paragraph(text: str, position: int) -> bool:
    return position <= 0 or text[:position].rstrip(" ").endswith("\n")


def _token_at(doc: Doc, position: int) -> Token | None:
    span = doc.char_span(position, position + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding whitespace, quote marks left open and final punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:—–"):
        end -= 1
    return (start, end) if end - start > 1 else None


def _quote(doc: Doc, span: tuple[int, int], kind: str, speaker: Speaker, cue: str | None) -> Quote:
    start, end = span
    return Quote(
        text=doc.text[start:end],
        start=start,
        end=end,
        kind=kind,
        speaker=speaker.name,
        speaker_role=speaker.role,
        speaker_org=speaker.org,
        cue=cue,
    )


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each outermost pair of quote marks, per paragraph.

    «…» nest («Он сказал: «да»»); an unclosed mark runs to the end of its paragraph.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend((offset + start, offset + end) for start, end in _paragraph_spans(paragraph))
        offset += len(paragraph) + 1
    return spans


def _paragraph_spans(paragraph: str) -> Iterator[tuple[int, int]]:
    index = 0
    while index < len(paragraph):
        opening = paragraph[index]
        closing = QUOTE_PAIRS.get(opening)
        if closing is None:
            index += 1
            continue
        depth, position = 1, index + 1
        while position < len(paragraph) and depth:
            character = paragraph[position]
            if character == closing and closing != opening:
                depth -= 1
            elif character == opening and closing != opening:
                depth += 1
            elif character == closing:
                depth = 0
            position += 1
        end = position - 1 if depth == 0 else len(paragraph)
        yield index + 1, end
        index = position


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: dict[tuple[int, int], Quote] = {}
    for quote in quotes:
        seen.setdefault((quote.start, quote.end), quote)
    return list(seen.values())


@Language.factory("newsmine_ru_quotes", assigns=["doc._.quotes"], requires=["doc._.entities", "token.dep"])
def make_russian_quotes(nlp: Language, name: str) -> RussianQuoteExtractor:
    return RussianQuoteExtractor()
