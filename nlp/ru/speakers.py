"""Who is speaking in a Russian sentence: the speech verb's subject turned into name, role, organisation.

A subject that is or contains a person's name gives that person under the document's fullest
nominative name ("Асеткуз" -> "Джадиера Асеткуз"), the words before the name as role and an
organisation inside the phrase as organisation. A pronoun (он, она) goes to the latest person
mentioned before it whose grammatical gender agrees with the pronoun or the past-tense verb
("сказала" is feminine). A bare role ("президент", "министр") goes to the latest person the
text introduced with that role; otherwise, as with unnamed groups ("эксперты"), the speaker is
None and the phrase is the role. An organisation speaks under its name; a press service
("пресс-служба Акорды") speaks as written, owner included.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsmine.corpus.schema import Entity
from newsmine.nlp.ru.morphology import analyzer, lemma, name_gender, to_nominative, verb_gender
from newsmine.nlp.ru.titles import listed_adjectives, role_words, without_org_type

PRONOUNS = {"он": "masc", "она": "femn", "они": None, "его": "masc", "её": "femn", "ее": "femn", "их": None}
PRESS_SERVICES = frozenset({"пресс-служба", "пресс-центр"})
SUBJECT_DEPS = ("nsubj", "nsubj:pass")
HEAD_OF_STATE = frozenset({"государство", "республика", "страна"})
APPOSITION_TOKENS = 24  # a title with a long organisation name after it
TITLE_LINKS = frozenset({"по", "и", "в"})
ROLE_BOUNDS = frozenset({",", "—", "–", ".", ";", "!", "?"})
# Nouns of the source cues "по словам X", "по мнению X", "по данным X": never a title of X.
CUE_NOUNS = frozenset({"слово", "мнение", "данные", "оценка", "информация", "сведение"})


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: name (None when unnamed), role and organisation as written."""

    name: str | None
    role: str | None = None
    org: str | None = None


@dataclass(slots=True)
class _Person:
    name: str
    start: int
    gender: str | None
    roles: frozenset[str]
    subject: bool  # named in the nominative (a subject) or already a speaker
    title: Speaker | None = None  # role and organisation written before the name, if any


class SpeakerResolver:
    """Resolves speakers within one Doc; holds the persons mentioned, in text order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.names: dict[int, Entity] = {}
        for entity in doc._.entities or []:
            for mention in entity.mentions:
                self.names[mention.start] = entity
        self.persons = [self._person(span) for span in doc.ents if self._entity(span, "PERSON") is not None]
        self.spoken: list[_Person] = []  # speakers resolved so far: a pronoun prefers them
        self.spoken_titles: dict[str, Speaker] = {}  # the title a subject phrase gave each speaker

    def quoted_person(self, verb: Token) -> Speaker | None:
        """The person whose words a quoting verb passes on ("привёл X слова Y" -> Y), or None."""
        after = [span for span in self.doc.ents if verb.i < span.start < verb.sent.end and self._entity(span, "PERSON")]
        return Speaker(self._entity(after[-1], "PERSON").name) if after else None

    def resolve(self, phrase: Span | None, *, verb: Token | None = None) -> Speaker:
        """The speaker a subject (or "по словам X") phrase names, at the position of the phrase."""
        speaker = self._resolve(phrase, verb)
        if speaker.name is not None and phrase is not None:
            known = next((person for person in self.persons if person.name == speaker.name), None)
            title = self._title_of(speaker.name)
            if speaker.role is None and speaker.org is None and title is not None:
                speaker = Speaker(speaker.name, title.role, title.org)
            if speaker.role or speaker.org:
                self.spoken_titles.setdefault(speaker.name, Speaker(None, speaker.role, speaker.org))
            gender = known.gender if known else (verb_gender(str(verb.morph)) if verb is not None else None)
            self.spoken.append(_Person(speaker.name, phrase.start, gender, frozenset(), True))
        return speaker

    def _resolve(self, phrase: Span | None, verb: Token | None) -> Speaker:
        if phrase is None or not phrase.text.strip():
            return Speaker(None)
        people = [span for span in self.doc.ents if span.start >= phrase.start and span.end <= phrase.end]
        persons = [span for span in people if self._entity(span, "PERSON") is not None]
        orgs = [span for span in people if self._entity(span, "ORG") is not None]
        head = phrase.root
        if head.lemma_ in PRESS_SERVICES:
            owned = len([token for token in phrase if not token.is_punct]) > 1
            if not owned:
                return Speaker(None, _clean(phrase.text))
            return Speaker(self._press_owner(phrase, head) or _clean(phrase.text), None, None)
        unnamed = _untagged_name(phrase) if not persons else None
        if unnamed is not None:  # 'один из фермеров Арман Бекетов': a name the NER missed
            words = [token.text for token in unnamed]
            cases = [(token.morph.get("Case") or [None])[0] for token in unnamed]
            title = self._title(self.doc[phrase.start : unnamed.start])
            return Speaker(" ".join(to_nominative(words, cases)), title.role, title.org)
        if persons:
            person = persons[-1]
            title = self._title(self.doc[phrase.start : person.start])
            return Speaker(self._entity(person, "PERSON").name, title.role, title.org)
        if head.lemma_ in PRONOUNS:
            gender = PRONOUNS[head.lemma_] or (verb_gender(str(verb.morph)) if verb is not None else None)
            return Speaker(self._latest(phrase.start, gender=gender, role=None), None, None)
        for span in people:
            entity = self._entity(span, "ORG") or self._entity(span, "GPE")
            if entity is not None and span.start <= head.i < span.end:
                return Speaker(entity.name)
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            surname = self._latest(phrase.start, gender=None, role=None, surname=head.text)
            return Speaker(surname or " ".join(to_nominative([head.text], [(head.morph.get("Case") or [None])[0]])))
        named = self._latest(phrase.start, gender=None, role=_role_of(head)) if head.pos_ == "NOUN" else None
        if named is None and head.pos_ == "NOUN" and _singular_person(head):
            named = self._latest(phrase.start, gender=None, role=None)
        title = self._title_of(named) if named is not None and len(phrase) <= 2 else None
        if title is not None and title.role:
            # "по словам гидролога", "глава республики", "дипломат": the title written with the name,
            # its head in the nominative where this mention writes it so ("сказал премьер-министр")
            words = title.role.split()
            if "Nom" in head.morph.get("Case") and lemma(words[0], "NOUN") == head.lemma_:
                words[0] = head.text if words[0][:1].islower() else head.text.capitalize()
            return Speaker(named, " ".join(words), title.org)
        role = _clean(role_words(phrase).text)
        org = self._entity(orgs[0], "ORG").name if orgs else None
        return Speaker(named, role, org)

    def _press_owner(self, phrase: Span, head: Token) -> str | None:
        """ "пресс-служба главы государства": the press service of the person the owner's title
        describes, under that person's name ("пресс-служба Нурсултан Назарбаев")."""
        owner = next((token for token in phrase if token.i > head.i and token.pos_ == "NOUN"), None)
        if owner is None or not _singular_person(owner) and owner.lemma_ != "глава":
            return None
        named = self._latest(phrase.start, gender=None, role=_role_of(owner))
        return f"{head.text} {named}" if named is not None else None

    def _title_of(self, name: str) -> Speaker | None:
        """The title a subject phrase gave `name`, else the one written with its first titled mention."""
        if name in self.spoken_titles:
            return self.spoken_titles[name]
        return next((person.title for person in self.persons if person.name == name and person.title is not None), None)

    def _latest(self, position: int, *, gender: str | None, role: str | None, surname: str | None = None) -> str | None:
        """The latest person before `position` that fits; speakers and subjects before other mentions."""
        candidates = sorted(
            (person for person in [*self.persons, *self.spoken] if person.start < position),
            key=lambda person: (person.subject, person.start),
        )
        for person in reversed(candidates):
            if surname is not None and _stem(person.name.split()[-1]) != _stem(surname):
                continue
            if role is not None and role not in person.roles:
                continue
            if gender is not None and person.gender not in (gender, None):
                continue
            return person.name
        return None

    def _entity(self, span: Span, entity_type: str) -> Entity | None:
        entity = self.names.get(span.start_char)
        return entity if entity is not None and entity.type == entity_type else None

    def _person(self, span: Span) -> _Person:
        words = [token.text for token in span]
        cases = [(token.morph.get("Case") or [None])[0] for token in span]
        gender = name_gender(words, cases) or _surname_gender(to_nominative(words, cases)[-1])
        head = span.root.head
        if gender is None and head.dep_ != "ROOT" and span.root.dep_ in SUBJECT_DEPS:
            gender = verb_gender(str(head.morph))
        roles = _role_nouns(self.doc, span.start)
        subject = "Nom" in span.root.morph.get("Case")
        title = self._title(self.doc[_title_start(self.doc, span.start) : span.start])
        apposition = _apposition(self.doc, span)
        if not title.role and apposition is not None:
            title = self._title(apposition)
            roles = frozenset({lemma(apposition[0].text, "NOUN")})
        return _Person(self._entity(span, "PERSON").name, span.start, gender, roles, subject, title if title.role else None)

    def _title(self, words: Span) -> Speaker:
        """Role and organisation of the words before a name: "председатель правления «Казатомпром»"
        -> role "председатель правления", organisation "Казатомпром" (the first one named)."""
        org = next((span for span in words.ents if self._entity(span, "ORG") is not None), None)
        if org is None:
            return Speaker(None, _clean(role_words(words).text))
        before = without_org_type(role_words(self.doc[words.start : org.start]))
        return Speaker(None, _clean(before.text), self._org_name(org, words.end))

    def _org_name(self, org: Span, end: int) -> str:
        """The organisation's name, with the genitive words that run on from it up to the name
        ("Пограничной службы Министерства обороны КНР"): they say whose body it is."""
        rest = self.doc[org.end : end]
        if len(rest) and all(token.is_alpha and ("Gen" in token.morph.get("Case") or token.is_upper) for token in rest):
            return _clean(self.doc[org.start : end].text) or self._entity(org, "ORG").name
        return self._entity(org, "ORG").name


def _role_of(head: Token) -> str:
    """The title a bare role stands for: "глава государства" (or республики, страны) is the president."""
    following = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if head.lemma_ == "глава" and following is not None and following.lemma_ in HEAD_OF_STATE:
        return "президент"
    return head.lemma_


def _untagged_name(phrase: Span) -> Span | None:
    """Two or three capitalised proper nouns closing a subject phrase after lower-case words: a
    person's name the NER did not tag."""
    end = phrase.end
    while end > phrase.start and phrase.doc[end - 1].is_punct:
        end -= 1
    start = end
    while start > phrase.start and phrase.doc[start - 1].pos_ == "PROPN" and phrase.doc[start - 1].text.istitle():
        start -= 1
    if not 2 <= end - start <= 3 or start == phrase.start or not phrase.doc[start - 1].text.islower():
        return None
    return phrase.doc[start:end]


def _title_start(doc: Doc, start: int) -> int:
    """Where the title written right before a name begins (nouns, adjectives, names, quote marks)."""
    index = start
    while index > 0 and (_title_word(doc[index - 1]) or doc[index - 1].text in "«»\"" or listed_adjectives(doc[index - 1])
                         or doc[index - 1].text in TITLE_LINKS and index > 1 and _title_word(doc[index - 2])):
        index -= 1  # 'директор компании по Южной Европе и Турции X': links inside one title
    while index < start and doc[index].pos_ not in ("NOUN", "ADJ"):
        index += 1
    return index


def _apposition(doc: Doc, name: Span) -> Span | None:
    """The role between commas right after a name: "Ерлан Сапаров, аналитик банка «Халык», сказал"
    -> "аналитик банка «Халык»". Found by its shape, since the parser often hangs such a noun
    off the verb: a lowercase noun in the nominative (adjectives before it) opening a phrase of up to
    APPOSITION_TOKENS words that a comma, dash or the sentence end closes."""
    if name.end + 1 >= len(doc) or doc[name.end].text != ",":
        return None
    first = doc[name.end + 1]
    noun = first
    while noun.pos_ == "ADJ" and noun.text.islower() and noun.i + 1 < len(doc):
        noun = doc[noun.i + 1]  # 'технологический специалист'
    if not first.text.islower() or not _nominative_noun(noun.text):
        return None
    bound = next((t for t in doc[first.i : min(first.i + APPOSITION_TOKENS, len(doc))]
                  if t.text in ROLE_BOUNDS or t.is_space), None)
    return doc[first.i : bound.i] if bound is not None else None


def _role_nouns(doc: Doc, start: int) -> frozenset[str]:
    """The head of the title written right before a name: "пресс-секретаря главы государства
    Тимура Ахметова" -> {"пресс-секретарь"} (not "глава", which only qualifies it)."""
    title = role_words(doc[_title_start(doc, start) : start])  # without 'на переговорах' before it
    role = next((token.lemma_ for token in title if token.pos_ == "NOUN"), None)
    return frozenset({role}) if role else frozenset()


def _title_word(token: Token) -> bool:
    """A word that can be part of a title before a name: a noun, name or adjective, not a cue noun."""
    return token.pos_ in ("NOUN", "PROPN", "ADJ") and token.lemma_ not in CUE_NOUNS


def _nominative_noun(word: str) -> bool:
    return any(parse.tag.POS == "NOUN" and parse.tag.case == "nomn" and "anim" in parse.tag for parse in analyzer().parse(word))


def _singular_person(token: Token) -> bool:
    return "Anim" in token.morph.get("Animacy") and "Sing" in token.morph.get("Number")


def _stem(word: str) -> str:
    word = word.lower()
    while len(word) > 3 and word[-1] in "аеёиоуыэюяйь":
        word = word[:-1]
    return word


def _surname_gender(surname: str) -> str | None:
    if surname.endswith(("ова", "ева", "ёва", "ина", "ская", "цкая")):
        return "femn"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ский", "цкий")):
        return "masc"
    return None


def _clean(text: str) -> str | None:
    text = " ".join(text.replace("—", " ").split()).strip(" ,.:;")
    return text or None
