"""`newsmine_ru_entities`: Russian named entities as the same `Entity` records as English.

Slovnet's NER (PER, ORG, LOC in `doc.ents`) finds the names; this stage types them into
newsmine's PERSON/ORG/GPE/LOC/FAC, names them and merges the mentions of one thing ("Асеткуз"
with "Джадиера Асеткуз", "Ли" with "Ли Вэньбо"). A person is named in the nominative
("Касым-Жомарта Токаева" -> "Касым-Жомарт Токаев"), as speakers are; a one-word place the
dictionary knows by its nominative ("Иртыше" -> "Иртыш"); anything else by its
fullest nominative mention as written, else its fullest mention ("в Центральной Азии"), as
the dev set's schema asks: inflecting phrases with pymorphy3 broke adjective agreement
("Всекитайское собрание"). Places are GPE unless the gazetteer, a geographic word in the name
("Центральная Азия", "Тихий океан") or the noun before it ("реки Иртыш", "рек Или и Иртыша",
"порт Актау") says LOC or FAC; a facility keeps its noun in the name, as the English stage
does ("порт Актау"). A capitalised one-word name opening a paragraph before a comma is a
wire dateline's city ("АШХАБАД, 22 окт."), whatever the NER thought.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsmine.corpus.schema import Entity, Mention
from newsmine.models.gazetteer import default_gazetteer
from newsmine.models.gazetteer.ru_stem import cut_case_ending
from newsmine.nlp.extensions import register_extensions
from newsmine.nlp.ru.morphology import place_nominative, to_nominative

register_extensions()

NER_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
# Lemmas of words that make a place a region, sea or river rather than a state or city.
LOC_WORDS = frozenset(
    "азия европа африка америка океан море озеро река залив пустыня горы хребет кавказ сибирь восток долина бассейн".split()
)
# Lemmas of nouns before a name that make it a river or lake (LOC) or a facility (FAC).
LOC_NOUNS = frozenset("река озеро море водохранилище".split())
FAC_NOUNS = frozenset(
    "порт морпорт сухопорт терминал аэропорт вокзал мост трубопровод газопровод нефтепровод коридор "
    "автодорога магистраль гэс аэс тэц месторождение".split()
)


OPENING_MARKS = frozenset("«„“\"")
CLOSING_MARKS = frozenset("»“”\"")


@dataclass(slots=True)
class _Group:
    type: str
    names: list[str] = field(default_factory=list)
    nominative: list[bool] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def name(self) -> str:
        """The fullest name, from the nominative mentions when there are any."""
        pairs = list(zip(self.names, self.nominative, strict=True))
        chosen = [name for name, nominative in pairs if nominative] or self.names
        return max(chosen, key=lambda name: (len(name.split()), len(name)))


class RussianEntityRecognizer:
    """Types, names and merges Slovnet's entities into `doc._.entities`."""

    def __init__(self) -> None:
        self.gazetteer = default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        groups: dict[tuple[str, str], _Group] = {}
        for span in doc.ents:
            span = _without_stray_quote_marks(_with_facility_noun(span))
            if span is None:
                continue
            entity_type = self._type(span)
            if entity_type is None:
                continue
            name, nominative = entity_name(span, entity_type)
            key = _key(name if entity_type == "PERSON" else " ".join(token.lemma_ for token in span), entity_type)
            group = groups.get(key) or self._person_group(groups, name, entity_type)
            if group is None:
                group = groups.setdefault(key, _Group(entity_type))
            group.names.append(name)
            group.nominative.append(nominative)
            group.mentions.append(Mention(span.start_char, span.end_char, span.text))
        doc._.entities = [Entity(group.name(), group.type, group.mentions) for group in _unique(groups)]
        return doc

    def _type(self, span: Span) -> str | None:
        label = NER_TYPES.get(span.label_)
        if label is None or not any(character.isalpha() for character in span.text):
            return None
        entry = self.gazetteer.lookup(span.text)
        if entry is not None and entry.type in {"PERSON", "ORG", "GPE", "LOC", "FAC"}:
            return entry.type
        before = _noun_before(span)
        if before in LOC_NOUNS:
            return "LOC"
        if label == "ORG" and _is_dateline(span):
            return "GPE"
        if label != "GPE":
            return label
        if span[0].lemma_ in FAC_NOUNS:
            return "FAC"
        if {token.lemma_ for token in span} & LOC_WORDS:
            return "LOC"
        return "GPE"

    @staticmethod
    def _person_group(groups: dict[tuple[str, str], _Group], name: str, entity_type: str) -> _Group | None:
        """A surname alone joins the full name with the same surname ("Асеткуз" -> "Джадиера Асеткуз")."""
        if entity_type != "PERSON":
            return None
        words = {_stem(word) for word in _name_words(name)}
        for (key_type, _), group in groups.items():
            if key_type != "PERSON":
                continue
            for known in group.names:
                known_words = [_stem(word) for word in _name_words(known)]
                # a surname alone, or with initials: "Асеткуз", "Н.Назарбаев"; or a Chinese family name: "Ли"
                if known_words[-1] in words and words <= set(known_words) | {_stem(w) for w in _initials(name)}:
                    return group
                if len(words) == 1 and words <= {known_words[0], known_words[-1]}:
                    return group
        return None


def _name_words(name: str) -> list[str]:
    return [word for word in re.split(r"[\s.]+", name) if word]


def _initials(name: str) -> list[str]:
    return [word for word in _name_words(name) if len(word) == 1]


def _noun_before(span: Span) -> str | None:
    """The lemma of the common noun a name follows, across a coordination: "рек Или и Иртыша"."""
    for token in reversed(span.doc[max(0, span.start - 4) : span.start]):
        if token.pos_ == "NOUN":
            return token.lemma_
        if token.pos_ not in ("PROPN", "CCONJ") and token.text != ",":
            return None
    return None


def _is_dateline(span: Span) -> bool:
    """ "АШХАБАД, 22 окт - ПРАЙМ.": a capitalised word opening a paragraph, then a comma."""
    doc = span.doc
    opens = span.start == 0 or "\n" in doc[span.start - 1].text
    return len(span) == 1 and span.text.isupper() and opens and span.end < len(doc) and doc[span.end].text == ","


def _without_stray_quote_marks(span: Span) -> Span | None:
    """Quote marks balanced at a name's edges: "Актау Порт Сервис»" -> "Актау Порт Сервис",
    "«Казатомпром»" -> "Казатомпром", "НИАТ «Ховар" -> "НИАТ «Ховар»"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].text in OPENING_MARKS and not _closes(doc, start, end) or doc[start].text in CLOSING_MARKS):
        start += 1
    while end > start and doc[end - 1].text in CLOSING_MARKS and not any(doc[i].text in OPENING_MARKS for i in range(start, end)):
        end -= 1
    opened = any(doc[index].text in OPENING_MARKS for index in range(start, end)) and not _closes(doc, start, end)
    if opened and end < len(doc) and doc[end].text in CLOSING_MARKS:  # "НИАТ «Ховар" + "»"
        end += 1
    if end - start >= 2 and doc[start].text in OPENING_MARKS and doc[end - 1].text in CLOSING_MARKS:
        start, end = start + 1, end - 1
    return Span(doc, start, end, label=span.label_) if end > start else None


def _closes(doc: Doc, start: int, end: int) -> bool:
    return any(doc[index].text in CLOSING_MARKS for index in range(start + 1, end))


def _with_facility_noun(span: Span) -> Span:
    """ "порту Актау": a facility's name takes the noun before it."""
    if span.start > 0 and span.doc[span.start - 1].lemma_ in FAC_NOUNS and span.label_ == "LOC":
        return Span(span.doc, span.start - 1, span.end, label=span.label_)
    return span


def entity_name(span: Span, entity_type: str) -> tuple[str, bool]:
    """The name a mention gives, and whether it is in the nominative (a person's always is)."""
    words = [token for token in span if not token.is_space]
    if entity_type == "PERSON":
        names = to_nominative([token.text for token in words], [_case(token) for token in words])
        return "".join(name + token.whitespace_ for name, token in zip(names, words, strict=True)).strip(), True
    if entity_type in ("GPE", "LOC") and len(words) == 1:
        nominative = place_nominative(words[0].text, _case(words[0]))
        # Only where the shared stem definition still sees the same word: "Иртыше" -> "Иртыш",
        # but "Китая" stays, as "Китай" has another stem there ("кита" against "кит").
        if nominative is not None and cut_case_ending(nominative.lower()) == cut_case_ending(words[0].text.lower()):
            return nominative, True
    return span.text, _case(span.root) in ("Nom", None)


def _case(token: Token) -> str | None:
    values = token.morph.get("Case")
    return values[0] if values else None


def _stem(word: str) -> str:
    """Enough of a word to recognise it in any case: drop up to two final vowels / soft signs."""
    word = word.lower()
    while len(word) > 3 and word[-1] in "аеёиоуыэюяйь":
        word = word[:-1]
    return word


def _key(name: str, entity_type: str) -> tuple[str, str]:
    return entity_type, " ".join(_stem(word) for word in name.split())


def _unique(groups: dict[tuple[str, str], _Group]) -> list[_Group]:
    seen: list[_Group] = []
    for group in groups.values():
        if all(group is not other for other in seen):
            seen.append(group)
    return seen


@Language.factory("newsmine_ru_entities", assigns=["doc._.entities"], requires=["doc.ents", "token.morph"])
def make_russian_entities(nlp: Language, name: str) -> RussianEntityRecognizer:
    return RussianEntityRecognizer()
