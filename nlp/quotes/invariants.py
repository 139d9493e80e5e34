"""The structural rules every extracted quote obeys, enforced after the finders have run.

- no quote lies inside another quote (quoted words inside a reported clause belong to it);
- no quote crosses a paragraph break unless quote marks continue it (the mark scanner already
  keeps direct quotes to one paragraph; a reported clause is cut to its cue's paragraph);
- a speaker string is always a mention in the text (`speaker_in_text`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsmine.nlp.quotes.records import QuoteMatch


def without_nested(matches: list[QuoteMatch]) -> list[QuoteMatch]:
    """Drop every match whose span lies inside another's; of two equal spans the first stays."""
    ordered = sorted(matches, key=lambda match: (match.start, -match.end))
    kept: list[QuoteMatch] = []
    outer_end = -1
    for match in ordered:
        if match.end <= outer_end:
            continue
        kept.append(match)
        outer_end = match.end
    return kept


def paragraph_of(text: str, offset: int) -> tuple[int, int]:
    """Start and end offsets of the line-level paragraph that holds `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def within_cue_paragraph(doc: Doc, match: QuoteMatch) -> QuoteMatch | None:
    """A reported clause cut to the paragraph of its cue (a parse may run a sentence over a break).

    Without a cue, the paragraph where the clause starts is kept. None when nothing is left.
    """
    text = doc.text
    if "\n" not in text[match.start : match.end]:
        return match
    anchor = match.cue.idx if match.cue is not None else match.start
    para_start, para_end = paragraph_of(text, anchor)
    start, end = max(match.start, para_start), min(match.end, para_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    if len(text[start:end].split()) < 3:
        return None
    match.start, match.end = start, end
    return match


def speaker_in_text(text: str, speaker: str | None) -> bool:
    """Every speaker string must be written in the document (as a whole name or its words in order)."""
    return speaker is None or speaker in text
