"""Every `Doc._` extension newsmine sets, declared once behind `has_extension` guards.

The components write records from `corpus.schema`, so a user's own spaCy pipeline gets the
same objects as the CLI: `doc._.entities` (list[Entity]), `doc._.quotes` (list[Quote]),
`doc._.topics` (list[TopicScore], the labels assigned to the document) and
`doc._.topic_scores` (dict label -> score for every label of the taxonomy).
Defaults are None (a mutable default would be shared by every Doc); each component
assigns a fresh value.
"""

from spacy.tokens import Doc

DOC_EXTENSIONS = ("entities", "quotes", "topics", "topic_scores")


def register_extensions() -> None:
    """Declare the extensions; idempotent, so every component module may call it."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
