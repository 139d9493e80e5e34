"""The small records the quote stages pass between them.

`QuoteMatch` is a quote found before its speaker is resolved; `Profile` is what a document
says about a named person (role, organisation); `Speaker` is a resolved speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


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
class Profile:
    """What the document says about one named speaker: role and organisation, as written."""

    role: str | None = None
    org: str | None = None


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: name (None when unnamed), role and organisation as written."""

    name: str | None
    role: str | None = None
    org: str | None = None
    person: bool = False
