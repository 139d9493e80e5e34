"""Russian pages and files in cp1251 and KOI8-R that do not say their encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmine.errors import InputError
from newsmine.scraper.extract import extract_article
from newsmine.scraper.ingest import read_documents
from newsmine.scraper.textio import decode_bytes

SHORT = "Экспорт зерна в Китай вырос."
SENTENCES = [
    'Экспорт казахстанского зерна в Китай вырос на треть за полгода, сообщили в министерстве.',
    '"Мы ожидаем нового рекорда осенью", - отметил аналитик зернового союза Ерлан Мусин.',
    "По словам эксперта, транзит через Хоргос и Алтынколь вырастет, если на границе откроют новый терминал.",
]
CHINESE = "中国和哈萨克斯坦的贸易额增长了百分之二十。霍尔果斯口岸的货运量创新高。"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("text", [SHORT, " ".join(SENTENCES), SHORT.upper()])
def test_undeclared_russian_single_byte_text_decodes_right(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), where="x") == text


@pytest.mark.parametrize("text,encoding", [(CHINESE, "gb18030"), ("Доклад: Ёлки и ёжики.", "utf-8")])
def test_other_encodings_are_not_taken_for_russian(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), where="x") == text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_undeclared_russian_files_are_read_right(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "001_grain.txt").write_bytes(("Зерно для Китая\n\n" + "\n\n".join(SENTENCES)).encode(encoding))
    page = "<html><head><title>Зерно для Китая</title></head><body><article>"
    page += "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article></body></html>"
    (tmp_path / "002_grain.html").write_bytes(page.encode(encoding))
    errors: list[InputError] = []
    documents = list(read_documents([tmp_path], on_error=errors.append))
    assert errors == []
    assert [document.title for document in documents] == ["Зерно для Китая"] * 2
    assert all(document.text == "\n\n".join(SENTENCES) for document in documents)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_extract_article_reads_an_undeclared_russian_page(encoding: str) -> None:
    page = "<html><head><title>Зерно</title></head><body><article>"
    page += "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article></body></html>"
    assert extract_article(page.encode(encoding), id="ru").text == "\n\n".join(SENTENCES)
