"""The sample corpus reads cleanly through ingest, without the model, in all three formats.

`make demo`, the trend report and several tests rely on these files, so their shape is
checked here: every file parses with the expected metadata, the synthetic ones say so, the
dates span more than a year, and the recurring experts recur.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from newsmine.corpus.schema import Document
from newsmine.scraper.ingest import read_documents

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
SEED_ID = "000_0ba59ea2cf4a0462"
FIRST_DAY, LAST_DAY = date(2024, 6, 1), date(2025, 9, 30)
MIN_WORDS, MAX_WORDS = 150, 400
BOILERPLATE = ("Disclaimer:", "Original Article:", "Subscribe", "cookies", "Most read", "Privacy")
RECURRING_EXPERTS = (
    "Saltanat Orynbekova",
    "Marat Zhaksylykov",
    "Bekzat Nurlanuly",
    "Aigerim Tulegenova",
    "Timur Abenov",
    "Chen Yiran",
)
QUOTE_MARKS = re.compile('["\u201c\u201d\u00ab\u00bb]')  # English and Russian («») quotation marks
RUSSIAN_SAMPLES = ("026_khorgos_transit_ru", "027_irtysh_water_ru", "028_uranium_exports_ru")


@pytest.fixture(scope="module")
def samples() -> dict[str, Document]:
    errors: list[Exception] = []
    documents = {document.id: document for document in read_documents([SAMPLES], on_error=errors.append)}
    assert errors == []
    return documents


def _synthetic(samples: dict[str, Document]) -> list[Document]:
    return [document for document_id, document in samples.items() if document_id != SEED_ID]


def test_samples_every_format_is_read(samples: dict[str, Document]) -> None:
    suffixes = Counter(path.suffix for path in SAMPLES.iterdir() if path.suffix != ".md")
    assert suffixes[".txt"] >= 10 and suffixes[".html"] >= 5 and suffixes[".jsonl"] == 1
    assert len(samples) >= 23


@pytest.mark.parametrize("field", ["title", "date", "source", "url"])
def test_samples_synthetic_documents_have_metadata(samples: dict[str, Document], field: str) -> None:
    missing = [document.id for document in _synthetic(samples) if not getattr(document, field)]
    assert missing == []


@pytest.mark.parametrize(
    "check",
    [
        lambda d: "(fictional)" in (d.source or ""),
        lambda d: (d.url or "").startswith("https://example.invalid/"),
        lambda d: FIRST_DAY <= date.fromisoformat((d.date or "")[:10]) <= LAST_DAY,
        lambda d: MIN_WORDS <= len(d.text.split()) <= MAX_WORDS,
        lambda d: not any(marker in d.text for marker in BOILERPLATE),
        lambda d: "\n\n" in d.text and not d.text.startswith(d.title or "\0"),
    ],
    ids=["fictional-source", "reserved-url", "date-in-range", "length", "no-boilerplate", "paragraphs"],
)
def test_samples_synthetic_documents_are_well_formed(samples: dict[str, Document], check) -> None:
    failing = [document.id for document in _synthetic(samples) if not check(document)]
    assert failing == []


def test_samples_seed_is_the_reference_article_unchanged(samples: dict[str, Document]) -> None:
    shared_seed = SAMPLES.parents[2] / "shared" / "seeds" / f"{SEED_ID}.txt"
    if shared_seed.exists():
        assert (SAMPLES / f"{SEED_ID}.txt").read_bytes() == shared_seed.read_bytes()
    assert samples[SEED_ID].source == "Kazinform" and samples[SEED_ID].date is None


@pytest.mark.parametrize(
    "pattern,marker",
    [
        ("*.txt", "Disclaimer: Synthetic article"),
        ("*.html", "<!-- Synthetic article"),
    ],
)
def test_samples_files_say_they_are_synthetic(pattern: str, marker: str) -> None:
    unmarked = [p.name for p in SAMPLES.glob(pattern) if p.stem != SEED_ID and marker not in p.read_text("utf-8")]
    assert unmarked == []


def test_samples_jsonl_lines_are_marked_synthetic() -> None:
    for path in SAMPLES.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            assert record["synthetic"] is True
            assert {"id", "title", "text", "date", "source", "url"} <= set(record)


def test_samples_dates_span_more_than_a_year(samples: dict[str, Document]) -> None:
    months = {document.date[:7] for document in _synthetic(samples) if document.date}
    assert len(months) >= 12


@pytest.mark.parametrize("name", RECURRING_EXPERTS)
def test_samples_experts_recur_over_time(samples: dict[str, Document], name: str) -> None:
    dates = {document.date[:7] for document in _synthetic(samples) if name in document.text and document.date}
    assert len(dates) >= 3


@pytest.mark.parametrize("quoted,expected", [(True, 27), (False, 1)])
def test_samples_all_but_one_article_quote_someone(samples: dict[str, Document], quoted: bool, expected: int) -> None:
    matching = [d for d in _synthetic(samples) if bool(QUOTE_MARKS.search(d.text)) is quoted]
    assert len(matching) == expected


@pytest.mark.parametrize("document_id", RUSSIAN_SAMPLES)
def test_samples_russian_articles_quote_in_russian_ways(samples: dict[str, Document], document_id: str) -> None:
    text = samples[document_id].text
    assert re.search(r"»,? — (?:отметил|заявил|подчеркнул|сказал)а?", text)  # «...», — отметил X
    assert "По словам" in text or "По мнению" in text  # reported speech
