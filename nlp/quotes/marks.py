"""Quote-mark scanning: pair quote marks into quoted spans, per paragraph.

`find_quote_spans(text)` pairs straight, curly, single, guillemet and low-9 marks; an
unclosed mark runs to the end of its own paragraph only, which is also how news writes
quotes that continue over several paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Quote marks. A straight double quote opens or closes depending on state; curly and
# guillemet marks say which they are. "“" also closes a low-9 "„" (German style). Typewriter
# and TeX conventions write a double quote as two characters: ``…'' and ''…''.
DOUBLE_OPENERS = frozenset("“„«〝")
DOUBLE_CLOSERS = frozenset("”»〞")
DOUBLE_AMBIGUOUS = frozenset('"＂')
TWO_CHAR_OPENER = "``"
TWO_CHAR_AMBIGUOUS = "''"
SINGLE_OPENERS = frozenset("‘‚'")
SINGLE_CLOSERS = frozenset("’'")
ALL_MARKS = DOUBLE_OPENERS | DOUBLE_CLOSERS | DOUBLE_AMBIGUOUS | SINGLE_OPENERS | SINGLE_CLOSERS \
    | {TWO_CHAR_OPENER, TWO_CHAR_AMBIGUOUS, "`"}
OPENING_CONTEXT = frozenset(" \t([{—–-:/")
TRIMMED_TAIL = ",;: \t"
ATTRIBUTION_END = frozenset(",?!—–-…")
# only the positions of marks are visited (a per-character loop was most of the stage's time)
DOUBLE_MARK = re.compile("``|''|[" + re.escape("".join(DOUBLE_OPENERS | DOUBLE_CLOSERS | DOUBLE_AMBIGUOUS)) + "]")
SINGLE_MARK = re.compile("[" + re.escape("".join(SINGLE_OPENERS | SINGLE_CLOSERS | {"`"})) + "]")
MAX_TITLE_MINOR_LEN = 3


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Content of one quotation between marks: `text[start:end]`, marks and trailing comma excluded.

    `closed` is False for a span that runs to the end of its paragraph (an unclosed mark).
    `open_at` is the offset of the opening mark; `ends_attributive` says the content ended
    with a comma, question mark or dash, i.e. an attribution may follow in the same sentence.
    """

    start: int
    end: int
    open_at: int
    close_at: int
    closed: bool
    ends_attributive: bool


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Line-level paragraphs: an unbalanced mark never leaks past a line break."""
    for match in re.finditer(r"[^\n]+", text):
        yield match.start(), match.end()


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _span_from_marks(text: str, open_at: int, close_at: int, *, closed: bool,
                     open_width: int = 1, close_width: int = 1) -> QuoteSpan | None:
    """Trim whitespace and a trailing comma; None when nothing readable is left.

    `close_at` is where the closing mark starts; the span records where it ends, so that
    the text after a two-character mark starts at `close_at + 1` like after any other.
    """
    start, end = open_at + open_width, close_at
    while start < end and text[start].isspace():
        start += 1
    raw_end = end
    while end > start and text[end - 1] in TRIMMED_TAIL:
        end -= 1
    if not any(_is_word_char(char) for char in text[start:end]):
        return None
    tail = text[start:raw_end].rstrip()
    ends_attributive = bool(tail) and tail[-1] in ATTRIBUTION_END
    return QuoteSpan(start, end, open_at, close_at + close_width - 1, closed, ends_attributive)


def _double_mark(text: str, index: int, end: int) -> tuple[str, int]:
    """The double mark at `index`: ('open' | 'close' | 'either' | '', its width in characters)."""
    pair = text[index : min(index + 2, end)]
    if pair == TWO_CHAR_OPENER:
        return "open", 2
    if pair == TWO_CHAR_AMBIGUOUS:
        return "either", 2
    char = text[index]
    if char in DOUBLE_AMBIGUOUS:
        return "either", 1
    if char in DOUBLE_OPENERS:
        return "open", 1
    if char in DOUBLE_CLOSERS:
        return "close", 1
    return "", 1


def _continues_quote(text: str, para_start: int, close_at: int) -> bool:
    """A paragraph whose first mark closes a quote, after a paragraph left open, continues it.

    'He said: “We will build it,\n\nand we will pay for it,” he said.' The paragraph
    before must hold an opening mark that it never closed; otherwise a stray closing mark
    starts nothing.
    """
    before = text[:para_start].rstrip("\n")
    if not before:
        return False
    previous = before[before.rfind("\n") + 1 :]
    opened = sum(previous.count(mark) for mark in DOUBLE_OPENERS)
    closed = sum(previous.count(mark) for mark in DOUBLE_CLOSERS)
    return opened > closed and not any(text[position] in DOUBLE_OPENERS for position in range(para_start, close_at))


def _scan_double(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Pair double marks inside one paragraph; an unclosed opening runs to the paragraph end."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    open_width = 1
    for found in DOUBLE_MARK.finditer(text, start, end):
        index = found.start()
        kind, width = _double_mark(text, index, end)
        before = text[index - 1] if index > start else " "
        after = text[index + width] if index + width < end else " "
        if kind == "either":
            if width == 1 and _is_word_char(before) and after.isalpha() and after.islower():
                continue  # an apostrophe typed as a double quote: country"s
            if open_at is None:
                if not after.isspace():
                    open_at, open_width = index, width
                continue
        elif kind == "open":
            closes_low9 = text[index] == "“" and open_at is not None and text[open_at] == "„"
            if not closes_low9:
                open_at, open_width = index, width
                continue
        elif kind == "close" and open_at is None and not spans and _continues_quote(text, start, index):
            open_at, open_width = start, 0  # a quote carried over from the paragraph before
        elif kind != "close" or open_at is None:
            continue
        span = _span_from_marks(text, open_at, index, closed=True, open_width=open_width, close_width=width)
        if span is not None:
            spans.append(span)
        open_at = None
    if open_at is not None:
        span = _span_from_marks(text, open_at, end, closed=False, open_width=open_width)
        if span is not None:
            spans.append(span)
    return spans


def _scan_single(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Pair single marks; apostrophes (letter on both sides) and unclosed openings are ignored."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for found in SINGLE_MARK.finditer(text, start, end):
        index = found.start()
        char = text[index]
        before = text[index - 1] if index > start else " "
        after = text[index + 1] if index + 1 < end else " "
        if _is_word_char(before) and _is_word_char(after):
            continue
        if char in "'`" and (before in "'`" or after in "'`"):
            continue  # half of a two-character double mark left unpaired
        if open_at is None:
            if char in SINGLE_OPENERS and before in OPENING_CONTEXT and _is_word_char(after):
                open_at = index
        elif char in SINGLE_CLOSERS and not before.isspace() and not _is_word_char(after):
            span = _span_from_marks(text, open_at, index, closed=True)
            if span is not None:
                spans.append(span)
            open_at = None
    return spans


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All quoted spans of a text, per paragraph; single marks only outside double-quoted text."""
    spans: list[QuoteSpan] = []
    for para_start, para_end in _paragraphs(text):
        doubles = _scan_double(text, para_start, para_end)
        spans.extend(doubles)
        cursor = para_start
        for span in doubles:
            spans.extend(_scan_single(text, cursor, span.open_at))
            cursor = span.close_at + 1
        spans.extend(_scan_single(text, cursor, para_end))
    spans.sort(key=lambda span: span.start)
    return spans


def is_title_like(content: str) -> bool:
    """Quoted names and titles ("Belt and Road") capitalise every longer word."""
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    if not words:
        return True
    longer = [word for word in words if len(word) > MAX_TITLE_MINOR_LEN]
    if not all(word[0].isupper() for word in longer):
        return False
    # one capitalised longer word opens any sentence ("This is the end of an era")
    return len(longer) >= 2 or all(word[0].isupper() for word in words)
