"""The structural rules every extracted quote obeys, enforced after the finders have run.

- no quote lies inside another quote (quoted words inside a reported clause belong to it);
- no quote crosses a paragraph break unless quote marks continue it (the mark scanner already
  keeps direct quotes to one paragraph; a reported clause is cut to its cue's paragraph);
- a speaker is a name written in the text, outside the quote, and never the listener
  (`allowed_speaker`).
"""

from __future__ import annotations

from newsmine.nlp.quotes.records import QuoteMatch

ADDRESSING_VERBS = frozenset({"say", "explain", "complain", "speak", "write", "confide", "admit"})


def without_nested(text: str, matches: list[QuoteMatch]) -> list[QuoteMatch]:
    """Drop every match whose span lies inside another's; of two equal spans the first stays."""
    ordered = sorted(matches, key=lambda match: (match.start, -match.end))
    kept: list[QuoteMatch] = []
    for match in ordered:
        if kept and _inside(text, match, kept[-1]):
            continue
        kept.append(match)
    return kept


def _inside(text: str, inner: QuoteMatch, outer: QuoteMatch) -> bool:
    """Inside, where only marks and punctuation stick out ('were “a mistake.”' ends a clause)."""
    overhang = text[outer.end : inner.end] if inner.end > outer.end else ""
    return inner.start >= outer.start and all(not char.isalnum() for char in overhang)


def paragraph_of(text: str, offset: int) -> tuple[int, int]:
    """Start and end offsets of the line-level paragraph that holds `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def within_cue_paragraph(text: str, match: QuoteMatch) -> QuoteMatch | None:
    """A reported clause cut to the paragraph of its cue (a parse may run a sentence over a break).

    Without a cue, the paragraph where the clause starts is kept. None when nothing is left.
    """
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


def allowed_speaker(text: str, match: QuoteMatch, name: str | None) -> bool:
    """A speaker name is written in the text outside the quote, and is not the cue's listener.

    'told Channel 5's Lena Ortiz that ...': Lena Ortiz listens. '"Ask Ahmed Yilmaz," said X':
    a name inside the quoted words never speaks them.
    """
    if name is None:
        return True
    # a reported clause may name its own speaker ('X was there, according to his website')
    outside = text if match.kind == "indirect" else text[: match.start] + " " + text[match.end :]
    return name in outside and name not in _listeners(match)


def _listeners(match: QuoteMatch) -> list[str]:
    """The names a speech verb addresses: 'told X', 'asked X', 'said to X', 'wrote to X'."""
    if match.cue is None or match.cue.lower_ == "according" or match.cue.pos_ != "VERB":
        return []
    names = []
    for child in match.cue.children:
        if child.dep_ in ("dative", "dobj") and match.cue.lemma_.lower() in ("tell", "ask", "inform", "assure"):
            names.append(child)
        elif child.dep_ == "prep" and child.lower_ == "to" and match.cue.lemma_.lower() in ADDRESSING_VERBS:
            names.extend(grandchild for grandchild in child.children if grandchild.dep_ == "pobj")
    return [" ".join(token.text for token in name.subtree if token.ent_type_ == "PERSON") for name in names]
