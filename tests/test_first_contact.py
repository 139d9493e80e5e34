"""What a new user meets first (issue 16), run as a user runs it: the `newsmine` command.

Each test drives the command line through click's runner and checks the exit status and
the lines on stderr, bad paths included: one `error:` line per problem, no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsmine.cli import cli
from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.store import CorpusStore

ARTICLE = """Rail freight grows at a fictional border

"Volumes doubled this year," said Mira Talbek, chief analyst at the Fictional Freight Institute.

Source: Synthetic Wire (fictional)
"""
RAIL = "Freight trains and rail wagons crossed the border; the railway line carried more containers."
FISH = "Fishing fleets landed a record catch; trawlers reported more fish in the northern waters."


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def assert_one_clean_error(result, *needles: str) -> None:
    """Exactly one `error:` line, naming every needle, and no traceback."""
    (line,) = error_lines(result.stderr)
    for needle in needles:
        assert needle in line
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- 1. a trained topic model is used only when asked for ----------------------------------


@pytest.fixture(scope="module")
def trained_model(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("model")
    labels = folder / "labels.jsonl"
    lines = [{"text": RAIL, "topics": ["railways"]}, {"text": FISH, "topics": ["fisheries"]}] * 4
    labels.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["topics", "train", str(labels), "-o", str(folder / "elsewhere")])
    assert result.exit_code == 0, result.stderr
    assert "--topic-model" in result.stdout  # says how to use it
    return folder / "elsewhere"


@pytest.mark.model
def test_topics_train_never_overwrites_without_force(runner, trained_model):
    labels = trained_model.parent / "labels.jsonl"
    before = (trained_model / "model.joblib").read_bytes()
    result = runner.invoke(cli, ["topics", "train", str(labels), "-o", str(trained_model)])
    assert result.exit_code == 2
    assert_one_clean_error(result, str(trained_model), "--force")
    assert (trained_model / "model.joblib").read_bytes() == before
    assert runner.invoke(cli, ["topics", "train", str(labels), "-o", str(trained_model), "--force"]).exit_code == 0


@pytest.mark.model
def test_analyze_uses_a_trained_model_only_when_told_and_says_which(runner, trained_model, tmp_path, monkeypatch):
    import newsmine.models.topics.scorer as scorer

    monkeypatch.setattr(scorer, "DEFAULT_OUTPUT", trained_model)  # a model in the old auto-pickup folder
    article = tmp_path / "a.txt"
    article.write_text(f"Rail news\n\n{RAIL}\n", encoding="utf-8")
    plain = runner.invoke(cli, ["analyze", str(article), "--db", str(tmp_path / "a.db"), "--workers", "1", "-o", "-"])
    assert plain.exit_code == 0, plain.stderr
    assert "note: topics: zero-shot" in plain.stderr
    assert {topic["label"] for topic in json.loads(plain.stdout)["topics"]} <= {"transport_logistics", "trade"}

    told = runner.invoke(cli, ["analyze", str(article), "--db", str(tmp_path / "b.db"), "--workers", "1", "-o", "-",
                               "--topic-model", str(trained_model)])
    assert told.exit_code == 0, told.stderr
    assert f"note: topics: trained model {trained_model / 'model.joblib'}" in told.stderr
    assert [topic["label"] for topic in json.loads(told.stdout)["topics"]] == ["railways"]


@pytest.mark.model
def test_evaluate_takes_a_topic_model(runner, trained_model, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": RAIL, "quotes": [], "entities": [], "topics": ["railways"]}) + "\n")
    result = runner.invoke(cli, ["evaluate", str(gold), "--json", "--topic-model", str(trained_model)])
    assert result.exit_code == 0, result.stderr
    assert "trained model" in result.stderr
    assert json.loads(result.stdout)["topics"]["micro_f1"] == 1.0


def test_a_topic_model_that_is_not_one_is_a_clean_usage_error(runner, tmp_path):
    fake = tmp_path / "model.joblib"
    fake.write_text("not a model", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(article), "--db", str(tmp_path / "c.db"), "--topic-model", str(fake)])
    assert result.exit_code == 2
    assert_one_clean_error(result, str(fake))
    assert not (tmp_path / "c.db").exists() or not CorpusStore(tmp_path / "c.db").document_ids()


# -- 3. unsupported files: one line each, the rest of the batch runs, exit 1; PDFs are read --


def tiny_pdf(lines: list[str], title: str) -> bytes:
    """A one-page PDF with a text layer (Helvetica), written by hand: no PDF writer needed."""
    escape = lambda text: text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")  # noqa: E731
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({escape(title)}) >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.mark.model
def test_a_pdf_with_a_text_layer_is_analysed(runner, tmp_path):
    lines = ['"Volumes doubled this year," said Mira Talbek,', "chief analyst at the Fictional Freight Institute."]
    (tmp_path / "brief.pdf").write_bytes(tiny_pdf(lines, "Rail freight grows"))
    result = runner.invoke(cli, ["analyze", str(tmp_path), "--db", str(tmp_path / "c.db"), "--workers", "1", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["id"], document["title"]) == ("brief", "Rail freight grows")
    assert document["text"] == " ".join(lines)
    assert [quote["speaker"] for quote in document["quotes"]] == ["Mira Talbek"]


@pytest.mark.model
@pytest.mark.parametrize(
    "name,content,reason",
    [("report.pdf", b"%PDF-1.4 not really", "unreadable PDF"), ("budget.xlsx", b"PK\x03\x04", "unsupported file type")],
)
def test_a_bad_or_unsupported_file_is_reported_and_the_text_beside_it_analysed(runner, tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "c.db"
    result = runner.invoke(cli, ["analyze", str(tmp_path / name), str(tmp_path / "good.txt"),
                                 "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1
    assert_one_clean_error(result, name, reason)
    with CorpusStore(db) as store:
        assert store.document_ids() == ["good"]


def test_a_folder_of_unsupported_files_names_every_skipped_file_and_exits_1(runner, tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    for name in ("a.docx", "b.pptx"):
        (folder / name).write_bytes(b"PK\x03\x04")
    (folder / "README.md").write_text("what this folder holds")  # folder documentation: no line
    (folder / "newsmine.db").write_bytes(b"")  # the corpus beside its inputs: no line either
    result = runner.invoke(cli, ["analyze", str(folder), "--db", str(tmp_path / "c.db"), "--workers", "1"])
    assert result.exit_code == 1
    assert [line.split(":")[1].strip() for line in error_lines(result.stderr)] == [
        str(folder / "a.docx"), str(folder / "b.pptx")
    ]
    assert "0 documents" in result.stderr and "2 failures" in result.stderr


# -- 4. reextract's summary, and re-analysis of an older analysis version --------------------


@pytest.mark.model
def test_analyze_reanalyses_documents_stored_by_an_older_analysis_version(runner, tmp_path, monkeypatch):
    import newsmine.corpus.store as store_module

    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = ["analyze", str(article), "--db", str(tmp_path / "c.db"), "--workers", "1"]
    assert "1 analysed" in runner.invoke(cli, args).stderr
    assert "0 analysed, 1 unchanged" in runner.invoke(cli, args).stderr
    monkeypatch.setattr(store_module, "ANALYSIS_VERSION", store_module.ANALYSIS_VERSION + ".next")
    assert "1 analysed, 0 unchanged" in runner.invoke(cli, args).stderr


# -- 5. long documents ---------------------------------------------------------------------


@pytest.mark.model
def test_a_long_document_is_analysed_in_windows_with_document_offsets(runner, tmp_path, monkeypatch):
    import newsmine.nlp.pipeline as pipeline

    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 400)
    paragraphs = [f'"Volumes rose by {n} percent," said Mira Talbek of the Fictional Freight Institute.' for n in range(12)]
    text = "\n\n".join(paragraphs)
    feed = tmp_path / "long.jsonl"
    feed.write_text(json.dumps({"id": "long", "text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(feed), "--db", str(tmp_path / "c.db"), "--workers", "1", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["quotes"]) == 12
    for quote in document["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    mentions = [m for entity in document["entities"] for m in entity["mentions"]]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)
    assert len({entity["name"] for entity in document["entities"]}) == len(document["entities"])  # joined once


def test_a_document_over_the_limit_is_one_line_and_the_batch_goes_on(runner, tmp_path, monkeypatch):
    import newsmine.nlp.pipeline as pipeline

    monkeypatch.setattr(pipeline, "MAX_DOCUMENT_CHARS", 1_000)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "huge", "text": "Word. " * 400}) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(feed), "--db", str(tmp_path / "c.db"), "--workers", "1"])
    assert result.exit_code == 1
    assert_one_clean_error(result, "huge", "too long")
    assert "E088" not in result.stderr


# -- 6. read-only database -----------------------------------------------------------------


@pytest.fixture
def read_only_db(tmp_path):
    """A corpus database this process cannot write (immutable as root, else mode 444)."""
    db = tmp_path / "ro.db"
    with CorpusStore(db) as store:
        store.add_documents([Document(id="old", text="Trade rose, the ministry said.")])
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a file read-only for root here (no chattr)")
    else:
        db.chmod(0o444)
    yield db
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_a_read_only_database_fails_once_before_any_work(runner, read_only_db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(article), "--db", str(read_only_db), "--force", "--workers", "1"])
    assert result.exit_code == 2
    assert_one_clean_error(result, str(read_only_db), "cannot write")
    assert "stored in" not in result.stderr and "analysed" not in result.stderr


# -- 7. --device cuda without a GPU --------------------------------------------------------


def _has_gpu() -> bool:
    import torch

    return torch.cuda.is_available()


def test_device_cuda_without_a_gpu_is_one_line_and_exit_2(runner, tmp_path):
    if _has_gpu():
        pytest.skip("a GPU is present")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(article), "--db", str(tmp_path / "c.db"),
                                 "--embeddings", "minilm", "--device", "cuda"])
    assert result.exit_code == 2
    assert_one_clean_error(result, "--device cuda", "no CUDA GPU")


@pytest.mark.model
def test_device_auto_without_a_gpu_runs_on_the_cpu_with_a_note(runner, tmp_path):
    if _has_gpu():
        pytest.skip("a GPU is present")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(article), "--db", str(tmp_path / "c.db"), "--workers", "1",
                                 "--embeddings", "minilm", "--device", "auto"])
    assert result.exit_code == 0, result.stderr
    assert "note: --device auto: no CUDA GPU found, running on the CPU" in result.stderr


# -- 8. experts: topic ranking, people apart from organisations, current role, unnamed -------


def _said(text: str, fragment: str, speaker: str | None, role: str | None, org: str | None, topics=()) -> Quote:
    start = text.index(fragment)
    return Quote(fragment, start, start + len(fragment), "indirect", speaker, role, org, "say", list(topics))


T1 = "Dana Kell, a logistics expert at the Lakeside Transit Observatory, said that rails rust and rivers dry."
T2 = "Dana Kell, now head of the Lakeside Transit Observatory, said that ports grow."
T3 = "Omar Tessler said that rivers shrink and canals leak. The agriculture ministry said that quotas fall."
T4 = "Officials said that the dam will open. The Steppe Institute for said that harvests fail."


@pytest.fixture
def experts_db(tmp_path) -> Path:
    db = tmp_path / "experts.db"
    documents = [
        Document("d1", T1, date="2024-06-28", title="Rails", quotes=[
            _said(T1, "rails rust", "Dana Kell", "logistics expert", "Lakeside Transit Observatory", ["transport_logistics"]),
            _said(T1, "rivers dry", "Dana Kell", "logistics expert", "Lakeside Transit Observatory", ["water_rivers"]),
        ], entities=[Entity("Dana Kell", "PERSON", [Mention(0, 9, "Dana Kell")])]),
        Document("d2", T2, date="2025-09-10", title="Ports", url="https://example.invalid/ports", quotes=[
            _said(T2, "ports grow", "Dana Kell", "head", "Lakeside Transit Observatory", ["transport_logistics"]),
        ]),
        Document("d3", T3, date="2025-01-05", title="Rivers", topics=[TopicScore("water_rivers", 0.9)], quotes=[
            _said(T3, "rivers shrink", "Omar Tessler", "analyst", None, ["water_rivers"]),
            _said(T3, "canals leak", "Omar Tessler", "analyst", None, ["water_rivers"]),
            _said(T3, "quotas fall", "agriculture ministry", None, None, ["water_rivers"]),
        ]),
        Document("d4", T4, date="2025-02-01", title="Dam", quotes=[
            _said(T4, "the dam will open", None, "Officials", None, ["water_rivers"]),
            _said(T4, "harvests fail", "Steppe Institute for", None, None, ["agriculture_food"]),
        ]),
    ]
    with CorpusStore(db) as store:
        store.add_documents(documents)
    return db


def _experts(runner, db, *args) -> list[dict]:
    result = runner.invoke(cli, ["experts", "--json", "--db", str(db), *args])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_experts_on_a_topic_are_ranked_by_their_quotes_on_it(runner, experts_db):
    # Dana Kell has more quotes in all (3), Omar Tessler more on water_rivers (2 against 1).
    ranked = _experts(runner, experts_db, "--topic", "water_rivers")
    assert [(row["name"], row["topic_quote_count"], row["quote_count"]) for row in ranked] == [
        ("Omar Tessler", 2, 2), ("Dana Kell", 1, 3)
    ]
    text = runner.invoke(cli, ["experts", "--topic", "water_rivers", "--db", str(experts_db)]).stdout
    assert "1. Omar Tessler  2 quotes on water_rivers (2 in all)" in text


def test_experts_keep_people_and_organisations_apart(runner, experts_db):
    assert [row["name"] for row in _experts(runner, experts_db)] == ["Dana Kell", "Omar Tessler"]
    organisations = _experts(runner, experts_db, "--kind", "organisations")
    assert {row["name"] for row in organisations} == {"agriculture ministry", "Steppe Institute for"}
    assert {row["kind"] for row in organisations} == {"organisation"}


def test_an_experts_current_role_is_the_latest_one(runner, experts_db):
    (kell,) = [row for row in _experts(runner, experts_db) if row["name"] == "Dana Kell"]
    assert kell["current"]["role"] == "head"
    text = runner.invoke(cli, ["experts", "--db", str(experts_db)]).stdout
    assert "   now: head, Lakeside Transit Observatory" in text.splitlines()[1]


def test_the_report_leaderboard_shows_people_with_their_current_role_and_links_sources(runner, experts_db, tmp_path):
    out = tmp_path / "report.html"
    assert runner.invoke(cli, ["report", "-o", str(out), "--db", str(experts_db)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    board = html[html.index('id="experts"') :]
    board = board[: board.index("</section>")]
    assert "Steppe Institute for" not in board and "agriculture ministry" not in board
    assert "head, Lakeside Transit Observatory" in board
    assert '<a href="https://example.invalid/ports"' in html


def test_unnamed_sources_are_shown_by_their_description(runner, experts_db):
    (row,) = _experts(runner, experts_db, "--kind", "unnamed")
    assert (row["speaker"], row["speaker_role"], row["quote_count"]) == (None, "Officials", 1)
    search = runner.invoke(cli, ["search", "dam", "--db", str(experts_db)])
    assert search.exit_code == 0, search.stderr
    assert search.stdout.startswith("1. unnamed: Officials")


# -- 9. messages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,needles",
    [
        (["search", "--topic", "water"], ["--topic water", "water_rivers", "transport_logistics"]),
        (["experts", "--topic", "water"], ["--topic water", "water_rivers"]),
        (["trends", "--topic", "water"], ["--topic water", "water_rivers"]),
        (["entities", "--type", "PEOPLE"], ["--type PEOPLE", "PERSON", "ORG"]),
    ],
)
def test_an_unknown_topic_or_type_lists_the_valid_values(runner, experts_db, args, needles):
    result = runner.invoke(cli, [*args, "--db", str(experts_db)])
    assert result.exit_code == 2
    assert_one_clean_error(result, *needles)


def test_a_topic_is_accepted_as_written_in_any_case(runner, experts_db):
    assert runner.invoke(cli, ["search", "--topic", "Water Rivers", "--db", str(experts_db)]).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["search", "x", "--db", "{missing}"],
        ["search", "x", "--db", "{garbage}"],
        ["export", "--db", "{garbage}"],
        ["analyze", "{missing}"],
        ["extract", "{missing}"],
        ["search", "--no-such-option"],
    ],
)
def test_every_error_has_one_prefix_and_is_printed_once(runner, tmp_path, args):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    args = [arg.format(missing=tmp_path / "missing.db", garbage=garbage) for arg in args]
    result = runner.invoke(cli, args)
    assert result.exit_code in (1, 2)
    assert_one_clean_error(result)
    assert "Error:" not in result.stderr


def test_scrape_reports_a_failed_host_once_with_the_reason_and_exit_1(runner, tmp_path, monkeypatch):
    """The command's part: whatever the crawler reports as failed is one error line and exit 1."""
    import newsmine.commands.scrape as scrape_command
    from newsmine.scraper.crawl import CrawlEvent

    def unreachable(urls, *, on_event, **_options):
        for url in urls:
            on_event(CrawlEvent(url=url, outcome="failed", reason="connection refused"))
        return iter(())

    monkeypatch.setattr(scrape_command, "crawl", unreachable)
    result = runner.invoke(cli, ["scrape", "http://127.0.0.1:9/news", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1
    assert_one_clean_error(result, "http://127.0.0.1:9/news", "connection refused")


def test_the_installed_command_prints_no_traceback_for_a_damaged_database(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not sqlite" * 100)
    result = subprocess.run([sys.executable, "-m", "newsmine.cli", "entities", "--db", str(garbage)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")


# -- 4 (reextract) --------------------------------------------------------------------------


@pytest.mark.model
def test_reextract_summary_is_true_and_force_reanalyses(runner, tmp_path, monkeypatch):
    import newsmine.commands.scrape as scrape_command
    import newsmine.corpus.store as store_module
    from newsmine.corpus.schema import Article
    from newsmine.scraper.crawl import CrawlEvent

    def kept_pages(_frontier, *, on_event):
        on_event(CrawlEvent(url="https://example.invalid/index", outcome="skipped", reason="no article"))
        for n in range(2):
            yield Article(id=f"p{n}", text=f'"Freight rose {n} percent," said Mira Talbek.', url=f"https://example.invalid/{n}")

    monkeypatch.setattr(scrape_command, "reextract", kept_pages)
    db = str(tmp_path / "c.db")

    def summary(*args: str) -> str:
        result = runner.invoke(cli, ["reextract", "--db", db, *args])
        assert result.exit_code == 0, result.stderr
        return result.stderr.splitlines()[-1]

    assert summary().startswith("3 kept pages re-extracted (2 articles, 1 without one); 2 analysed, 0 unchanged")
    assert "0 analysed, 2 unchanged (already stored), 0 not stored; 0 documents stored" in summary()
    assert "2 analysed, 0 unchanged" in summary("--force")
    monkeypatch.setattr(store_module, "ANALYSIS_VERSION", store_module.ANALYSIS_VERSION + ".next")
    assert "2 analysed, 0 unchanged" in summary()


def test_reextract_says_when_there_is_nothing_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["reextract", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0
    assert "keeps no raw pages" in result.stderr


# -- 10. long, silent work -----------------------------------------------------------------


def test_topics_discover_says_when_it_finds_nothing(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["topics", "discover", str(tmp_path), "--embeddings", "static"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "note: no emerging topics" in result.stderr


def test_topics_discover_reports_progress_while_scoring(monkeypatch):
    import newsmine.models.topics.discover as discover_module

    monkeypatch.setattr(discover_module, "SCORING_BATCH", 2)
    seen: list[tuple[int, int]] = []
    paragraphs = [f"Paragraph {n} talks about orchards, pears and the apple harvest in the valley." for n in range(5)]
    discover_module.discover(["\n\n".join(paragraphs)], encoder="static", progress=lambda *step: seen.append(step))
    assert seen == [(2, 5), (4, 5), (5, 5)]
