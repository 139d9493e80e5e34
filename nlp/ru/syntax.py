"""Natasha's Russian models as spaCy pieces: a razdel tokenizer and one Slovnet component.

`RazdelTokenizer` splits text into sentences and tokens with razdel (Natasha's segmenter)
and marks sentence starts. The `newsmine_ru_natasha` component runs Slovnet's news morphology
tagger, dependency parser and NER (on Navec embeddings; all four models ship inside the
`natasha` wheel, nothing is downloaded) over every sentence of a batch of Docs at once and
writes the results the spaCy way: `token.pos_`, `token.morph`, `token.dep_`, `token.head`,
`token.lemma_` (pymorphy3, by part of speech) and `doc.ents` (PER, ORG, LOC).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import numpy
import razdel
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab
from threadpoolctl import threadpool_limits

from newsmine.nlp.batched import BatchedPipe
from newsmine.nlp.ru.morphology import lemma

# Slovnet's matrices are small: with BLAS free to start a thread per core, the 40-document
# benchmark below took 4.3 CPU-s (13.5 s wall on the shared 2-core machine); with one BLAS
# thread 0.6 CPU-s (1.8 s wall). So its calls run under threadpool_limits(1).
SLOVNET_BATCH_SIZE = 64
MAX_SENTENCE_TOKENS = 200  # Slovnet's parser is quadratic in sentence length; longer runs are split


class RazdelTokenizer:
    """razdel's sentences and tokens as a spaCy Doc whose text is exactly the input.

    Whitespace other than one space between tokens becomes a whitespace token, as in spaCy.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        sent_starts: list[bool] = []
        position = 0
        for sentence in razdel.sentenize(text):
            for index, token in enumerate(razdel.tokenize(sentence.text)):
                start = sentence.start + token.start
                self._gap(text[position:start], words, spaces, sent_starts)
                words.append(token.text)
                spaces.append(False)
                sent_starts.append(index % MAX_SENTENCE_TOKENS == 0 or "\n" in (words[-2:-1] or [""])[0])
                position = start + len(token.text)
        self._gap(text[position:], words, spaces, sent_starts)
        return Doc(self.vocab, words=words, spaces=spaces, sent_starts=sent_starts or None)

    @staticmethod
    def _gap(gap: str, words: list[str], spaces: list[bool], sent_starts: list[bool]) -> None:
        if not gap:
            return
        if words and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            sent_starts.append(not words[:-1])


@functools.cache
def _models() -> tuple[object, object, object]:
    """Slovnet's morphology tagger, syntax parser and NER on shared Navec vectors, loaded once."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    embedding = NewsEmbedding()
    models = (NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding))
    for model in models:
        model.batch_size = SLOVNET_BATCH_SIZE
    return models


class NatashaAnnotator(BatchedPipe):
    """Fills part of speech, morphology, dependencies, lemmas and entities from Slovnet."""

    def __init__(self, nlp: Language, name: str, batch_size: int) -> None:
        self.name = name
        self.batch_size = batch_size
        self.vocab = nlp.vocab

    def _annotate(self, docs: Sequence[Doc]) -> None:
        morph_tagger, parser, ner = _models()
        sentences = [sentence for doc in docs for sentence in doc.sents if _has_words(sentence)]
        words = [[token.text for token in _words(sentence)] for sentence in sentences]
        with threadpool_limits(limits=1, user_api="blas"):
            morphs = _by_length(morph_tagger, words)
            syntaxes = _by_length(parser, words)
            entities = _by_length(ner, [sentence.text for sentence in sentences])
        by_doc: dict[int, list[int]] = {}
        for index, sentence in enumerate(sentences):
            by_doc.setdefault(id(sentence.doc), []).append(index)
        for doc in docs:
            rows = _empty_rows(doc)
            spans: list[Span] = []
            for index in by_doc.get(id(doc), []):
                sentence = sentences[index]
                self._fill(rows, sentence, morphs[index], syntaxes[index])
                spans.extend(_entity_spans(sentence, entities[index]))
            doc.from_array([POS, MORPH, LEMMA, HEAD, DEP], rows)
            doc.ents = filter_spans(spans)

    def _fill(self, rows: numpy.ndarray, sentence: Span, morph: object, syntax: object) -> None:
        strings = self.vocab.strings
        tokens = _words(sentence)
        heads = as_tree([int(parsed.head_id) - 1 for parsed in syntax.tokens])
        for token, tagged, parsed, head in zip(tokens, morph.tokens, syntax.tokens, heads, strict=True):
            row = rows[token.i]
            feats = "|".join(f"{key}={value}" for key, value in sorted(tagged.feats.items()))
            row[0] = strings.add(tagged.pos)
            row[1] = self.vocab.morphology.add(feats)
            row[2] = strings.add(lemma(token.text.lower(), tagged.pos))
            is_root = head == token.i - tokens[0].i
            row[3] = _offset(tokens[head].i - token.i)
            row[4] = strings.add("ROOT" if is_root else parsed.rel)


def as_tree(heads: list[int]) -> list[int]:
    """Slovnet's heads (index in the sentence, -1 for the root) made one tree: spaCy needs it.

    Slovnet picks each word's head on its own, so a sentence can come with no root, several,
    or a cycle. The first root stays the root (its own head, spaCy's convention); the word
    nearest the start becomes it when there is none; other roots and the first word of each
    cycle hang off it.
    """
    size = len(heads)
    if size == 0:
        return []
    heads = [head if 0 <= head < size else -1 for head in heads]
    roots = [index for index, head in enumerate(heads) if head == -1]
    root = roots[0] if roots else 0
    heads = [root if (head == -1 and index != root) else head for index, head in enumerate(heads)]
    heads[root] = root
    for start in range(size):
        seen = set()
        node = start
        while node != root and node not in seen:
            seen.add(node)
            node = heads[node]
        if node != root:  # a cycle: cut it where the walk came back
            heads[node] = root
    return heads


def _by_length(model: object, items: list) -> list:
    """`model.map(items)` in their order, run shortest first so each Slovnet batch pads little.

    Slovnet pads every sentence of a batch to the longest one; sorting first cut the CPU time
    of the three models on 40 recombined Russian news documents from 0.82 s to 0.65 s.
    """
    order = sorted(range(len(items)), key=lambda index: len(items[index]))
    results: list = [None] * len(items)
    for index, result in zip(order, model.map([items[index] for index in order]), strict=True):
        results[index] = result
    return results


def _words(sentence: Span) -> list[Token]:
    return [token for token in sentence if not token.is_space]


def _offset(relative: int) -> numpy.uint64:
    """A relative head offset as spaCy's uint64 array stores it (two's complement)."""
    return numpy.int64(relative).astype("uint64")


def _has_words(sentence: Span) -> bool:
    return any(not token.is_space for token in sentence)


def _empty_rows(doc: Doc) -> numpy.ndarray:
    """POS, MORPH, LEMMA, HEAD, DEP columns; a whitespace token hangs off its neighbour in the sentence."""
    rows = numpy.zeros((len(doc), 5), dtype="uint64")
    space_tag = doc.vocab.strings.add("SPACE")
    dep = doc.vocab.strings.add("dep")
    for token in doc:
        if token.is_space and len(doc) > 1:
            neighbour = token.i - 1 if token.i > 0 and not token.is_sent_start else token.i + 1
            rows[token.i, 0] = space_tag
            rows[token.i, 3] = _offset(neighbour - token.i)
            rows[token.i, 4] = dep
    return rows


def _entity_spans(sentence: Span, markup: object) -> Iterator[Span]:
    for found in markup.spans:
        span = sentence.doc.char_span(
            sentence.start_char + found.start, sentence.start_char + found.stop, label=found.type, alignment_mode="expand"
        )
        if span is not None:
            yield span


@Language.factory(
    "newsmine_ru_natasha",
    default_config={"batch_size": 32},
    assigns=["token.pos", "token.morph", "token.dep", "token.head", "token.lemma", "doc.ents"],
)
def make_natasha_annotator(nlp: Language, name: str, batch_size: int) -> NatashaAnnotator:
    return NatashaAnnotator(nlp, name, batch_size)
