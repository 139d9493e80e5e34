"""The `newsmine_paragraphs` component: every paragraph starts a sentence.

spaCy's parser joins a headline or a dateline with the first paragraph ("Minister says ...
\n\nASTANA - The railway ..., the minister said.") into one sentence, and the quote rules
then read a reporting verb across the break. Run before the parser, this component marks
the first token after a line break as a sentence start; the parser keeps preset starts.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsmine_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """Mark the token after each whitespace token holding a line break as a sentence start."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
