"""Bytes to text for local files and fetched pages.

News files arrive in whatever encoding their outlet used (cp1251 for older Russian sites,
gb18030 for Chinese ones, UTF-8 with or without a BOM for the rest). We trust, in order: a
byte-order mark, strict UTF-8, the charset the page declares, the two single-byte Russian
encodings (cp1251, KOI8-R) when one of them reads as Russian text, and finally statistical
detection by charset-normalizer. Anything that fails all of these is reported with a reason
instead of being decoded into mojibake.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from newsmine.errors import InputError

logger = logging.getLogger(__name__)

# How far into a page to look for <meta charset> / an XML declaration (the HTML spec says 1024).
SNIFF_BYTES = 2048
_DECLARED_CHARSET_RE = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of replacement-prone control bytes above which a file is binary even without NULs.
MAX_CONTROL_SHARE = 0.1
_CONTROL_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}


def declared_charset(data: bytes) -> str | None:
    """The encoding a page names in its first bytes (meta charset or XML declaration)."""
    match = _DECLARED_CHARSET_RE.search(data[:SNIFF_BYTES])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        logger.debug("unknown declared charset %r", name)
        return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:SNIFF_BYTES]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > MAX_CONTROL_SHARE * len(sample)


# cp1251 and KOI8-R order the Cyrillic letters differently, so decoding with the wrong one of the
# two turns the frequent letters of Russian into rare ones ("экспорт" -> "щйяонпр"). A reading
# counts as Russian when its Cyrillic letters are mostly the frequent ones. charset-normalizer
# takes short KOI8-R texts for Japanese, hence this check before it.
RUSSIAN_ENCODINGS = ("cp1251", "koi8-r")
FREQUENT_RUSSIAN_LETTERS = frozenset("оеаинтсрвлкмдпуяыз")  # about 85% of the letters of Russian prose
MIN_FREQUENT_SHARE = 0.65  # of the Cyrillic letters; a wrong reading gives about 0.45
MIN_CYRILLIC_HIGH_SHARE = 0.85  # of the characters decoded from bytes >= 0x80 (the rest: «», —, №)


def _russian_single_byte(data: bytes) -> str | None:
    """`data` decoded as cp1251 or KOI8-R, whichever reads as Russian text, or None."""
    high = sum(1 for byte in data if byte >= 0x80)
    best: tuple[float, str] | None = None
    for encoding in RUSSIAN_ENCODINGS if high else ():
        text = _try_decode(data, encoding)
        letters = [char.lower() for char in text or "" if "\u0400" <= char <= "\u04ff"]
        if not letters or len(letters) < MIN_CYRILLIC_HIGH_SHARE * high:
            continue
        share = sum(1 for char in letters if char in FREQUENT_RUSSIAN_LETTERS) / len(letters)
        if share >= MIN_FREQUENT_SHARE and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best else None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, *, where: str, declared: str | None = None) -> str:
    """Decode `data` to text, or raise InputError naming `where` and why it is not text.

    Args:
        data: the raw bytes of a file or page.
        where: file name or URL, used in the error message.
        declared: a charset named outside the bytes (an HTTP header); the bytes' own
            declaration is used when this is None.

    Raises:
        InputError: "empty file", "binary file, not text" or "undecodable text".
    """
    if not data.strip():
        raise InputError(where, "empty file")
    bom = _bom_encoding(data)
    if bom is not None:
        text = _try_decode(data, bom)
        if text is not None:
            return text.lstrip("\ufeff")
    if _looks_binary(data):
        raise InputError(where, "binary file, not text")
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text
    for encoding in (declared, declared_charset(data)):
        if encoding:
            text = _try_decode(data, encoding)
            if text is not None:
                logger.debug("%s: decoded as declared %s", where, encoding)
                return text
    text = _russian_single_byte(data)
    if text is not None:
        logger.debug("%s: decoded as single-byte Russian", where)
        return text
    best = from_bytes(data).best()
    if best is None:
        raise InputError(where, "undecodable text: not UTF-8 and no charset detected")
    logger.debug("%s: detected encoding %s", where, best.encoding)
    return str(best)
