"""The record types every newsmine stage shares.

One definition per thing (see DESIGN.md): the scraper produces `Article`s, ingest turns
files into `Document`s, the NLP stages fill a Document's `entities`, `quotes` and `topics`,
and the store and the CLI read them back. Every record that points into the text carries
`start`/`end` character offsets into `Document.text`, so the sentence an item came from
can always be shown. `to_dict()` is the JSON contract of `newsmine analyze` / `extract`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC")
QUOTE_KINDS = ("direct", "indirect")


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity: `text[start:end] == text`."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    """A distinct real-world thing named in one document, under its fullest written name."""

    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "mentions": [mention.to_dict() for mention in self.mentions],
        }


@dataclass(slots=True)
class TopicScore:
    """A topic label with the classifier's confidence in [0, 1]."""

    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": round(float(self.score), 4)}


@dataclass(slots=True)
class Quote:
    """A statement attributed to a speaker.

    `text` is the quoted content without its quote marks, `text == document.text[start:end]`.
    `kind` is "direct" (inside quote marks) or "indirect" (reported speech). `speaker` is the
    fullest name the document gives (a person, or an organisation when no person speaks) and
    None for unnamed speakers, whose description then goes into `speaker_role`.
    `embedding` is the quote's unit-length vector for semantic search, set by the
    `newsmine_quote_vectors` stage with the analysis' encoder; it is stored, not part of the
    JSON contract.
    """

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_role: str | None = None
    speaker_org: str | None = None
    cue: str | None = None
    topics: list[str] = field(default_factory=list)
    embedding: np.ndarray | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "speaker_org": self.speaker_org,
            "cue": self.cue,
            "topics": list(self.topics),
        }


@dataclass(slots=True)
class Speaker:
    """A person (or organisation) quoted anywhere in the corpus, merged across documents."""

    name: str
    roles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    quote_count: int = 0
    latest_quote: str | None = None
    latest_date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "roles": list(self.roles),
            "orgs": list(self.orgs),
            "quote_count": self.quote_count,
            "latest_quote": self.latest_quote,
            "latest_date": self.latest_date,
        }


@dataclass(slots=True)
class Article:
    """An article extracted from one HTML page (the `newsmine extract` contract)."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "date": self.date,
            "authors": list(self.authors),
            "language": self.language,
            "text": self.text,
        }

    def to_document(self) -> Document:
        return Document(
            id=self.id,
            text=self.text,
            url=self.url,
            source=self.source,
            date=self.date,
            title=self.title,
            language=self.language or "en",
        )


@dataclass(slots=True)
class Document:
    """A text to analyse, and after analysis its entities, quotes and topics."""

    id: str
    text: str
    url: str | None = None
    source: str | None = None
    date: str | None = None
    title: str | None = None
    language: str = "en"
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    topics: list[TopicScore] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "date": self.date,
            "title": self.title,
            "text": self.text,
            "language": self.language,
            "entities": [entity.to_dict() for entity in self.entities],
            "quotes": [quote.to_dict() for quote in self.quotes],
            "topics": [topic.to_dict() for topic in self.topics],
        }
