"""Local files -> Documents: .txt articles, HTML pages, JSON Lines, and every kind of bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsmine.errors import InputError
from newsmine.scraper.ingest import MAX_INPUT_BYTES, document_id, find_input_files, parse_text_article, read_documents
from newsmine.scraper.textio import decode_bytes

DATA = Path(__file__).parent / "data"

BODY_1 = "The night ferry will run all winter, the harbour board said on Monday."
BODY_2 = '"People asked for it for years," said the operations manager, Tamsin Orrowby.'
TXT_ARTICLE = f"""Night ferry to run all winter

{BODY_1}

{BODY_2}

Source: Harbourlight Gazette

Original Article: https://harbourlight-gazette.example/news/ferry

Date: 2031-01-14

Disclaimer: This article represents the views of the author alone.
"""

RUSSIAN = (
    "Паром будет ходить всю зиму между двумя городами, сообщил совет гавани в понедельник. "
    "Раньше последний рейс уходил в шесть часов вечера, и рабочие рыбного рынка оставались на острове."
)
CHINESE = (
    "港口委员会星期一表示，夜间渡轮将在整个冬季运行。以前最后一班船在晚上六点离开，"
    "鱼市的工人经常被困在岛上。额外的航班每个季节将花费大约四万克朗，票价不会改变。"
)


def _read_all(paths: list[Path]) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    documents = list(read_documents(paths, on_error=errors.append))
    return documents, errors


@pytest.mark.parametrize(
    "field,expected",
    [
        ("id", "000_ferry"),
        ("title", "Night ferry to run all winter"),
        ("text", f"{BODY_1}\n\n{BODY_2}"),
        ("source", "Harbourlight Gazette"),
        ("url", "https://harbourlight-gazette.example/news/ferry"),
        ("date", "2031-01-14"),
    ],
)
def test_read_documents_txt_article_fields(tmp_path: Path, field: str, expected: str) -> None:
    path = tmp_path / "000_ferry.txt"
    path.write_text(TXT_ARTICLE, encoding="utf-8")
    documents, errors = _read_all([path])
    assert errors == []
    assert getattr(documents[0], field) == expected


@pytest.mark.parametrize(
    "text,title,body",
    [
        ("Headline\n\nFirst paragraph.\n\nSecond paragraph.\n", "Headline", "First paragraph.\n\nSecond paragraph."),
        ("Headline\r\n\r\nBody line one\r\nstill paragraph one.\r\n", "Headline", "Body line one still paragraph one."),
        ("A first line that runs on\ninto a second line.\n\nMore.", None, "A first line that runs on into a second line.\n\nMore."),
        ("Headline\n\nBody that ends with a label.\n\nNote: not a trailer line", "Headline", "Body that ends with a label.\n\nNote: not a trailer line"),
        ("Headline\n\nBody.\n\nDisclaimer: dropped", "Headline", "Body."),
    ],
)
def test_parse_text_article_title_and_paragraphs(text: str, title: str | None, body: str) -> None:
    document = parse_text_article(text, doc_id="x")
    assert (document.title, document.text) == (title, body)


@pytest.mark.parametrize("text", ["Headline only\n", "Headline\n\nSource: Nobody\nDate: 2031-01-01\n"])
def test_parse_text_article_without_body_raises(text: str) -> None:
    with pytest.raises(InputError, match="no body text"):
        parse_text_article(text, doc_id="x")


def test_read_documents_jsonl_streams_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": BODY_1, "url": "https://x.example/a", "date": "2031-01-14", "extra": 1}),
        json.dumps({"id": "b", "title": "no text here"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "text": BODY_2, "source": "Gazette", "title": "T"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, errors = _read_all([path])
    assert [(d.id, d.text, d.url, d.date, d.source, d.title) for d in documents] == [
        ("a", BODY_1, "https://x.example/a", "2031-01-14", None, None),
        ("7", BODY_2, None, None, "Gazette", "T"),
    ]
    assert [error.where for error in errors] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert [error.reason.split(" (")[0] for error in errors] == ["no 'text'", "malformed JSON", "not a JSON object"]


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.HTML"])
def test_read_documents_html_page(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes((DATA / "generic_article.html").read_bytes())
    documents, errors = _read_all([path])
    assert errors == []
    assert documents[0].id == "page"
    assert documents[0].title == "Valley orchards try giant fans against spring frost"
    assert documents[0].text.startswith("Three apple growers")


def test_read_documents_gzipped_html_page(tmp_path: Path) -> None:
    path = tmp_path / "001_frost.html.gz"
    path.write_bytes(gzip.compress((DATA / "generic_article.html").read_bytes()))
    documents, errors = _read_all([path])
    assert errors == [] and documents[0].id == "001_frost"


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("nul.txt", b"Headline\n\nBody\x00\x00with NUL bytes", "binary file, not text"),
        ("image.txt", bytes(range(256)) * 4, "binary file, not text"),
        ("empty.jsonl", b"", "empty file"),
        ("empty.html", b"", "empty file"),
        ("broken.html.gz", b"\x1f\x8b\x08\x00not really gzip", "corrupt gzip file"),
        ("listing.html", (DATA / "listing.html").read_bytes(), "listing page"),
        ("bomb.html.gz", gzip.compress(b" " * (MAX_INPUT_BYTES + 10)), "too large"),
        ("cut.html.gz", gzip.compress((DATA / "generic_article.html").read_bytes())[:200], "truncated"),
        ("title_only.txt", b"Night ferry to run all winter\n\nSource: Gazette\n", "no body text"),
    ],
)
def test_read_documents_bad_file_reports_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "zz_good.txt"
    good.write_text(TXT_ARTICLE, encoding="utf-8")
    documents, errors = _read_all([path, good])
    assert [d.id for d in documents] == ["zz_good"]
    assert len(errors) == 1
    assert errors[0].where == str(path) and reason in errors[0].reason


def test_read_documents_unreadable_file_reports_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(TXT_ARTICLE, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    documents, errors = _read_all([path])
    assert documents == []
    assert str(errors[0]) == f"{path}: unreadable: permission denied"


@pytest.mark.parametrize("text,encoding", [(RUSSIAN, "cp1251"), (CHINESE, "gb18030"), (RUSSIAN, "utf-8-sig"), (CHINESE, "utf-16")])
def test_read_documents_non_utf8_text_decodes_right(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "foreign.txt"
    path.write_bytes(f"Заголовок\n\n{text}\n".encode(encoding))
    documents, errors = _read_all([path])
    assert errors == []
    assert documents[0].text == text


@pytest.mark.parametrize(
    "data,declared,expected",
    [
        ("Ferry news".encode(), None, "Ferry news"),
        (RUSSIAN.encode("koi8_r"), "koi8_r", RUSSIAN),
        ('<meta charset="windows-1251"><p>Паром</p>'.encode("cp1251"), None, '<meta charset="windows-1251"><p>Паром</p>'),
    ],
)
def test_decode_bytes_uses_declared_charset(data: bytes, declared: str | None, expected: str) -> None:
    assert decode_bytes(data, where="x", declared=declared) == expected


def _tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "a").mkdir()
    for name in ["b/2.txt", "b/1.jsonl", "a/page.html.gz", "a/notes.docx", "a/x.htm", "c.html", "image.png"]:
        (root / name).write_bytes(b"x")


def test_find_input_files_recurses_sorted_and_skips_other_types(tmp_path: Path) -> None:
    _tree(tmp_path)
    skipped: list[str] = []
    found = find_input_files([tmp_path], on_skip=lambda path, reason: skipped.append(path.name))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/page.html.gz", "a/x.htm", "b/1.jsonl", "b/2.txt", "c.html"]
    assert skipped == ["notes.docx", "image.png"]


def test_find_input_files_missing_path_raises(tmp_path: Path) -> None:
    _tree(tmp_path)
    with pytest.raises(InputError, match="no such file or folder"):
        find_input_files([tmp_path / "c.html", tmp_path / "nothing_here"])


def test_find_input_files_skips_a_named_unsupported_file_and_keeps_the_rest(tmp_path: Path) -> None:
    _tree(tmp_path)
    skipped: list[tuple[str, str]] = []
    found = find_input_files([tmp_path / "a" / "notes.docx", tmp_path / "c.html"], on_skip=lambda p, r: skipped.append((p.name, r)))
    assert [p.name for p in found] == ["c.html"]
    assert skipped[0][0] == "notes.docx" and "unsupported file type" in skipped[0][1]


def test_find_input_files_passes_over_folder_documentation_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("about this folder")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "1.txt").write_text("x")
    skipped: list[str] = []
    assert [p.name for p in find_input_files([tmp_path], on_skip=lambda p, r: skipped.append(p.name))] == ["1.txt"]
    assert skipped == []


@pytest.mark.parametrize(
    "name,expected",
    [("000_x.txt", "000_x"), ("a.b.html.gz", "a.b"), ("page.HTM", "page"), ("feed.jsonl", "feed"), ("odd.gz", "odd")],
)
def test_document_id_strips_input_extension(name: str, expected: str) -> None:
    assert document_id(Path("some/folder") / name) == expected


@pytest.mark.parametrize(
    "line,expected_date",
    [
        ({"id": "a", "text": BODY_1, "date": "2031-01-14"}, "2031-01-14"),
        ({"id": "a", "text": BODY_1, "date": "Tue, 14 Jan 2031 07:30:00 GMT"}, "2031-01-14T07:30:00+00:00"),
        ({"id": "a", "text": BODY_1, "date": "mid-January"}, "mid-January"),
        ({"id": "a", "text": BODY_1}, None),
    ],
)
def test_read_documents_jsonl_normalizes_dates_and_accepts_bom(tmp_path: Path, line: dict, expected_date: str | None) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(line).encode() + b"\n")
    documents, errors = _read_all([path])
    assert errors == []
    assert documents[0].date == expected_date


def test_find_input_files_lists_each_file_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = find_input_files([tmp_path / "c.html", tmp_path, tmp_path / "a" / ".." / "c.html"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["c.html", "a/page.html.gz", "a/x.htm", "b/1.jsonl", "b/2.txt"]


def test_read_documents_huge_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(TXT_ARTICLE, encoding="utf-8")
    monkeypatch.setattr("newsmine.scraper.ingest.MAX_INPUT_BYTES", 100)
    documents, errors = _read_all([path])
    assert documents == [] and "too large" in errors[0].reason
