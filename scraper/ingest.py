"""Local files -> `Document`s: plain-text articles, saved HTML pages, PDFs and JSON Lines.

`newsmine analyze` accepts files and folders of `.txt`, `.html`, `.htm`, `.html.gz`, `.pdf`
and `.jsonl`. Reading streams (a multi-gigabyte `.jsonl` is read line by line) and a bad file or
line never stops the batch: it is handed to the caller's `on_error` as an `InputError` whose
message names the file (and line) and the reason, and reading carries on. A file of another
type (a spreadsheet, an image), named or found in a folder, is such an error too; only a
folder's own documentation (README, LICENSE), hidden files and database files (the corpus
often sits in the folder it reads) are passed over in silence.

A `.txt` article has the shape of the project's seed: a headline line, the body (paragraphs
separated by blank lines), then trailer lines such as `Source: X`, `Original Article: URL`,
`Date: 2025-03-04` and `Disclaimer: ...` (dropped). A `.pdf` gives the text of its text layer
(pypdf), page by page; a scanned PDF without one is reported, not guessed at.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsmine.corpus.schema import Article, Document
from newsmine.errors import ExtractionError, InputError
from newsmine.scraper.extract import extract_article, normalize_date
from newsmine.scraper.textio import decode_bytes

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html.gz", ".html", ".htm")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
PDF_SUFFIXES = (".pdf",)
INPUT_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + PDF_SUFFIXES + JSONL_SUFFIXES

# Trailer labels of a .txt article (lower-case) -> Document field; None: dropped.
TRAILER_FIELDS: dict[str, str | None] = {
    "source": "source",
    "original article": "url",
    "url": "url",
    "date": "date",
    "published": "date",
    "disclaimer": None,
}
_TRAILER_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(.*?)\s*$")
# A first line longer than this is body text, not a headline.
MAX_TITLE_CHARS = 300
JSONL_FIELDS = ("url", "source", "date", "title")
# A saved page or text larger than this is not one article (trafilatura's own limit is 20 MB).
MAX_INPUT_BYTES = 20_000_000
# zlib window bits for the gzip container (16 + the maximum window).
GZIP_WBITS = 16 + zlib.MAX_WBITS

ErrorCallback = Callable[[InputError], None]
SkipCallback = Callable[[Path, str], None]
# Files a folder of articles may hold that are not articles and not worth a line each: its
# documentation, and databases (the corpus itself often lives in the folder it reads).
FOLDER_DOCUMENTATION = frozenset({"readme", "license", "licence", "notice", "changelog"})
DATABASE_ENDINGS = (".db", ".sqlite", ".sqlite3", ".db-wal", ".db-shm", ".db-journal")


def input_suffix(path: Path, suffixes: Iterable[str] = INPUT_SUFFIXES) -> str | None:
    """The accepted suffix `path` ends with (".html.gz" before ".gz"), or None."""
    name = path.name.lower()
    return next((suffix for suffix in suffixes if name.endswith(suffix)), None)


def document_id(path: Path) -> str:
    """The file name without its input extension: "a/000_x.html.gz" -> "000_x"."""
    suffix = input_suffix(path)
    return path.name[: -len(suffix)] if suffix else path.stem


def find_input_files(
    paths: Iterable[str | Path],
    *,
    suffixes: tuple[str, ...] = INPUT_SUFFIXES,
    on_skip: SkipCallback | None = None,
) -> list[Path]:
    """The input files named by `paths`, folders recursed in sorted order.

    Files of other types, named or inside a folder, are skipped: logged and passed to
    `on_skip` with the reason (a folder's README or LICENSE and hidden files silently).

    Raises:
        InputError: a path does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_files_in_folder(path, suffixes, on_skip))
        elif path.is_file() or path.exists():
            if input_suffix(path, suffixes) is None:
                _skip(path, suffixes, on_skip)
                continue
            found.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return _unique_files(found)


def _unique_files(paths: list[Path]) -> list[Path]:
    """`paths` without repeats (a file named both alone and through its folder), first one kept."""
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def _files_in_folder(folder: Path, suffixes: tuple[str, ...], on_skip: SkipCallback | None) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or _is_folder_documentation(path.relative_to(folder)):
            continue
        if input_suffix(path, suffixes) is None:
            _skip(path, suffixes, on_skip)
            continue
        yield path


def _is_folder_documentation(relative: Path) -> bool:
    """Hidden files (and files in hidden folders), a README/LICENSE and databases: not articles, not errors."""
    hidden = any(part.startswith(".") for part in relative.parts)
    name = relative.name.lower()
    return hidden or name.split(".")[0] in FOLDER_DOCUMENTATION or name.endswith(DATABASE_ENDINGS)


def _skip(path: Path, suffixes: tuple[str, ...], on_skip: SkipCallback | None) -> None:
    reason = f"unsupported file type, skipped (newsmine reads {', '.join(suffixes)})"
    logger.info("%s: %s", path, reason)
    if on_skip is not None:
        on_skip(path, reason)


def read_documents(paths: Iterable[str | Path], *, on_error: ErrorCallback) -> Iterator[Document]:
    """Stream the documents of every input file; bad files and lines, and files of an
    unsupported type, go to `on_error`.

    Raises:
        InputError: from `find_input_files` (a path that does not exist), before any reading.
    """
    skipped = lambda path, reason: on_error(InputError(str(path), reason))  # noqa: E731
    for path in find_input_files(paths, on_skip=skipped):
        try:
            if input_suffix(path) in JSONL_SUFFIXES:
                yield from _read_jsonl(path, on_error=on_error)
            elif input_suffix(path) in HTML_SUFFIXES:
                yield load_article(path).to_document()
            elif input_suffix(path) in PDF_SUFFIXES:
                yield load_pdf_article(path)
            else:
                yield load_text_article(path)
        except InputError as error:
            on_error(error)
        except ExtractionError as error:
            on_error(InputError(str(path), error.reason))


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped for `.gz`; unreadable, corrupt or huge files raise InputError."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(str(path), f"too large: over {MAX_INPUT_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except PermissionError as error:
        raise InputError(str(path), "unreadable: permission denied") from error
    except OSError as error:
        raise InputError(str(path), f"unreadable: {error.strerror or error}") from error
    if path.name.lower().endswith(".gz"):
        data = _gunzip(data, where=str(path))
    return data


def _gunzip(data: bytes, *, where: str) -> bytes:
    """Decompress at most MAX_INPUT_BYTES, so a small archive cannot expand to fill memory."""
    decompressor = zlib.decompressobj(wbits=GZIP_WBITS)
    try:
        inflated = decompressor.decompress(data, MAX_INPUT_BYTES + 1)
    except zlib.error as error:
        raise InputError(where, "corrupt gzip file") from error
    if len(inflated) > MAX_INPUT_BYTES:
        raise InputError(where, f"too large: over {MAX_INPUT_BYTES // 1_000_000} MB uncompressed")
    if not decompressor.eof:
        raise InputError(where, "corrupt gzip file (truncated)")
    return inflated


def load_article(path: Path) -> Article:
    """The article of a saved HTML page (`.html`, `.htm`, `.html.gz`), id from its file name.

    Raises:
        InputError: the file cannot be read.
        ExtractionError: the page holds no article (its `where` is the file path).
    """
    data = read_bytes(path)
    if not data.strip():
        raise InputError(str(path), "empty file")
    try:
        return extract_article(data, id=document_id(path))
    except ExtractionError as error:
        raise ExtractionError(str(path), error.reason) from error


def load_text_article(path: Path) -> Document:
    """The Document of a `.txt` article file, id from its file name.

    Raises:
        InputError: the file cannot be read or decoded, or holds no body text.
    """
    text = decode_bytes(read_bytes(path), where=str(path))
    try:
        return parse_text_article(text, doc_id=document_id(path))
    except InputError as error:
        raise InputError(str(path), error.reason) from error


def load_pdf_article(path: Path) -> Document:
    """The Document of a `.pdf` file: its text layer, one paragraph per blank-line block and
    page break (lines inside a block joined), title from the PDF's metadata.

    Raises:
        InputError: the file cannot be read, is not a readable PDF, is encrypted, or has no text layer.
    """
    from pypdf import PdfReader  # only for PDFs: most corpora hold none

    data = read_bytes(path)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(str(path), "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001  (a damaged PDF can fail anywhere in the parser)
        raise InputError(str(path), f"unreadable PDF ({type(error).__name__}: {error})") from None
    body = "\n\n".join(paragraph for page in pages for paragraph in _paragraphs(page.splitlines()))
    if not body:
        raise InputError(str(path), "PDF has no text layer (a scanned document needs OCR first)")
    return Document(id=document_id(path), text=body, title=str(title).strip() if title else None)


def parse_text_article(text: str, *, doc_id: str) -> Document:
    """A `.txt` article: headline line, body paragraphs, then `Label: value` trailer lines.

    Raises:
        InputError: nothing is left as body text.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields, end = _read_trailer(lines)
    start, title = _read_title(lines[:end])
    body = "\n\n".join(_paragraphs(lines[start:end]))
    if not body:
        raise InputError(doc_id, "no body text")
    return Document(
        id=doc_id,
        text=body,
        title=title,
        url=fields.get("url"),
        source=fields.get("source"),
        date=normalize_date(fields.get("date")) or fields.get("date"),
    )


def _read_trailer(lines: list[str]) -> tuple[dict[str, str], int]:
    """Fields of the trailing `Label: value` lines, and the index where the trailer starts."""
    fields: dict[str, str] = {}
    end = len(lines)
    while end > 0:
        line = lines[end - 1]
        match = _TRAILER_RE.match(line)
        if line.strip() and (match is None or match.group(1).lower() not in TRAILER_FIELDS):
            break
        if match is not None:
            target = TRAILER_FIELDS[match.group(1).lower()]
            if target is not None and match.group(2):
                fields.setdefault(target, match.group(2))
        end -= 1
    return fields, end


def _read_title(lines: list[str]) -> tuple[int, str | None]:
    """Index where the body starts, and the headline (a short first line set off by a blank line)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first >= len(lines):
        return first, None
    headline = lines[first].strip()
    alone = first + 1 >= len(lines) or not lines[first + 1].strip()
    if alone and len(headline) <= MAX_TITLE_CHARS:
        return first + 1, headline
    return first, None


def _paragraphs(lines: list[str]) -> Iterator[str]:
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            yield " ".join(block)
            block = []


def _read_jsonl(path: Path, *, on_error: ErrorCallback) -> Iterator[Document]:
    """One Document per line, streamed; a bad line goes to `on_error` as "FILE:LINE: reason"."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(str(path), f"unreadable: {error.strerror or error}") from error
    with handle:
        empty = True
        for number, raw in enumerate(handle, start=1):
            raw = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
            if not raw.strip():
                continue
            empty = False
            try:
                yield _jsonl_document(raw, where=f"{path}:{number}")
            except InputError as error:
                on_error(error)
    if empty:
        raise InputError(str(path), "empty file")


def _jsonl_document(raw: bytes, *, where: str) -> Document:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError as error:
        raise InputError(where, "not UTF-8 text") from error
    except ValueError as error:
        raise InputError(where, f"malformed JSON ({error.msg})") from error
    if not isinstance(record, dict):
        raise InputError(where, "not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "no 'text'")
    doc_id = record.get("id")
    if doc_id is None or isinstance(doc_id, (dict, list)):
        raise InputError(where, "no 'id'")
    extra = {key: str(record[key]) for key in JSONL_FIELDS if record.get(key) is not None}
    if "date" in extra:
        extra["date"] = normalize_date(extra["date"]) or extra["date"]
    return Document(id=str(doc_id), text=text, **extra)
