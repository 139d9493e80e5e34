"""The `newsmine_paragraphs` component: every paragraph starts a sentence.

spaCy's parser joins a headline or a dateline with the first paragraph ("Minister says ...
\n\nASTANA - The railway ..., the minister said.") into one sentence, and the quote rules
then read a reporting verb across the break. Run before the parser, this component marks
the first token after a line break as a sentence start; the parser keeps preset starts.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

LINE_BREAK = re.compile(r"\n\s*")


@Language.component("newsmine_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """Mark the first token after each line break as a sentence start.

    Only the line breaks are visited (found in the text, then looked up among the token
    offsets), not every token: a Python loop over all tokens cost more than the rest of it.
    """
    if len(doc) < 2:
        return doc
    offsets = doc.to_array(IDX).tolist()
    for found in LINE_BREAK.finditer(doc.text):
        position = bisect_left(offsets, found.end())
        if 0 < position < len(doc) and offsets[position] == found.end():
            doc[position].is_sent_start = True
    return doc
