"""`newsmine_ru_entities`: Russian named entities as the same `Entity` records as English.

Slovnet's NER (PER, ORG, LOC in `doc.ents`) finds the names; this stage types them into
newsmine's PERSON/ORG/GPE/LOC/FAC, names each in the nominative (Russian inflects names:
"с Китаем", "Касым-Жомарта Токаева") and merges the mentions of one thing ("Асеткуз" with
"Джадиера Асеткуз"). Places are GPE unless the gazetteer, a geographic word in the name
("Центральная Азия", "Тихий океан") or the noun before it ("реки Иртыш", "порт Актау") says
LOC or FAC; a facility keeps its noun in the name, as the English stage does ("порт Актау").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsmine.corpus.schema import Entity, Mention
from newsmine.models.gazetteer import default_gazetteer
from newsmine.nlp.extensions import register_extensions
from newsmine.nlp.ru.morphology import analyzer, to_nominative

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
UD_TO_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


@dataclass(slots=True)
class _Group:
    type: str
    names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def name(self) -> str:
        return max(self.names, key=lambda name: (len(name.split()), len(name)))


class RussianEntityRecognizer:
    """Types, names and merges Slovnet's entities into `doc._.entities`."""

    def __init__(self) -> None:
        self.gazetteer = default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        groups: dict[tuple[str, str], _Group] = {}
        for span in doc.ents:
            span = _with_facility_noun(span)
            entity_type = self._type(span)
            if entity_type is None:
                continue
            name = nominative_name(span, entity_type)
            group = groups.get(_key(name, entity_type)) or self._person_group(groups, name, entity_type)
            if group is None:
                group = groups.setdefault(_key(name, entity_type), _Group(entity_type))
            group.names.append(name)
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
        if label != "GPE":
            return label
        lemmas = {token.lemma_ for token in span}
        if span[0].lemma_ in FAC_NOUNS:
            return "FAC"
        before = span.doc[span.start - 1] if span.start > 0 else None
        if lemmas & LOC_WORDS or (before is not None and before.lemma_ in LOC_NOUNS):
            return "LOC"
        return "GPE"

    @staticmethod
    def _person_group(groups: dict[tuple[str, str], _Group], name: str, entity_type: str) -> _Group | None:
        """A surname alone joins the full name with the same surname ("Асеткуз" -> "Джадиера Асеткуз")."""
        if entity_type != "PERSON":
            return None
        surname = _stem(name.split()[-1])
        for (key_type, _), group in groups.items():
            if key_type == "PERSON" and any(_stem(known.split()[-1]) == surname for known in group.names):
                return group
        return None


def _with_facility_noun(span: Span) -> Span:
    """ "порту Актау": a facility's name takes the noun before it."""
    if span.start > 0 and span.doc[span.start - 1].lemma_ in FAC_NOUNS and span.label_ == "LOC":
        return Span(span.doc, span.start - 1, span.end, label=span.label_)
    return span


def nominative_name(span: Span, entity_type: str) -> str:
    """The name in the nominative: a person's every word, a place's or organisation's head phrase."""
    words = [token for token in span if not token.is_space]
    if entity_type == "PERSON":
        cases = [_case(token) for token in words]
        names = to_nominative([token.text for token in words], cases)
        return "".join(name + token.whitespace_ for name, token in zip(names, words, strict=True)).strip()
    head_phrase = _head_phrase(words)
    rest = words[len(head_phrase) :]
    inflected = [_nominative_word(token) for token in head_phrase]
    return " ".join(inflected + [token.text for token in rest])


def _head_phrase(words: Sequence[Token]) -> list[Token]:
    """The leading words that agree in case, up to the first noun: "Государственной пограничной службы"."""
    phrase: list[Token] = []
    case = _case(words[0]) if words else None
    for token in words:
        if _case(token) != case or token.pos_ not in ("ADJ", "NOUN", "PROPN"):
            return phrase if phrase and phrase[-1].pos_ in ("NOUN", "PROPN") else []
        phrase.append(token)
        if token.pos_ in ("NOUN", "PROPN"):
            return phrase
    return phrase


def _nominative_word(token: Token) -> str:
    case = UD_TO_CASE.get(_case(token) or "")
    if case in (None, "nomn") or token.text.isupper() or len(token.text) < 3:
        return token.text
    parses = [parse for parse in analyzer().parse(token.text) if parse.tag.case == case]
    inflected = parses[0].inflect({"nomn"}) if parses else None
    if inflected is None:
        return token.text
    word = inflected.word
    return word[:1].upper() + word[1:] if token.text[:1].isupper() else word


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
