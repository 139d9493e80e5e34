"""The corpus store: idempotent writes, replacement on change, rollback, FTS, reading back, other writers."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.store import SCHEMA_VERSION, CorpusStore, StoreError, speaker_key

TEXT = 'Lena Orvik, an analyst at the Fictional Grain Board, said exports would rise. "Rail is key," she said.'


def make_document(doc_id: str = "doc-1", text: str = TEXT) -> Document:
    quote_start = text.index("Rail")
    return Document(
        id=doc_id,
        text=text,
        title="Grain by rail",
        date="2025-01-02",
        entities=[Entity("Lena Orvik", "PERSON", [Mention(0, 10, "Lena Orvik")])],
        quotes=[
            Quote(
                text="Rail is key,",
                start=quote_start,
                end=quote_start + len("Rail is key,"),
                kind="direct",
                speaker="Lena Orvik",
                speaker_role="analyst",
                speaker_org="Fictional Grain Board",
                cue="say",
                topics=["transport_logistics"],
            )
        ],
        topics=[TopicScore("agriculture_food", 0.9), TopicScore("transport_logistics", 0.7)],
    )


@pytest.fixture
def store(tmp_path):
    with CorpusStore(tmp_path / "corpus.db") as opened:
        yield opened


def test_store_round_trip_keeps_every_field(store):
    document = make_document()
    store.add_documents([document])
    assert store.get_document("doc-1").to_dict() == document.to_dict()


def test_store_same_document_twice_leaves_one_copy(store):
    store.add_documents([make_document()])
    store.add_documents([make_document()])
    assert store.counts()["documents"] == 1
    assert store.counts()["quotes"] == 1
    assert store.counts()["mentions"] == 1


def test_store_changed_text_replaces_old_results(store):
    store.add_documents([make_document()])
    changed = Document(id="doc-1", text="Nothing quoted here any more.")
    assert not store.is_current(changed)
    store.add_documents([changed])
    assert store.get_document("doc-1").quotes == []
    assert store.counts()["quotes"] == 0
    assert store.connection.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'rail'").fetchone()[0] == 0


def test_store_is_current_only_for_identical_content(store):
    document = make_document()
    assert not store.is_current(document)
    store.add_documents([document])
    assert store.is_current(make_document())
    assert not store.is_current(make_document(text=TEXT + " More."))


def broken_document(doc_id: str) -> Document:
    broken = make_document(doc_id)
    broken.quotes[0].kind = "rumour"  # violates the CHECK constraint after the document row is written
    return broken


def test_store_failed_document_is_rolled_back_whole(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.add_documents([broken_document("doc-2")])
    assert store.counts() == {"documents": 0, "quotes": 0, "entities": 0, "mentions": 0, "speakers": 0}


def test_store_failed_document_loses_nothing_else_in_its_batch(store):
    failures = []
    written = store.add_documents(
        [make_document("doc-1"), broken_document("doc-2"), make_document("doc-3")],
        on_error=lambda document, error: failures.append(document.id),
    )
    assert written == 2
    assert failures == ["doc-2"]
    assert store.document_ids() == ["doc-1", "doc-3"]


def test_store_full_text_search_finds_documents_and_quotes(store):
    store.add_documents([make_document()])
    hits = store.connection.execute(
        "SELECT d.id FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid WHERE documents_fts MATCH ?",
        ("exports",),
    ).fetchall()
    assert [row[0] for row in hits] == ["doc-1"]
    speakers = store.connection.execute(
        "SELECT q.speaker FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid WHERE quotes_fts MATCH ?",
        ("rail",),
    ).fetchall()
    assert [row[0] for row in speakers] == ["Lena Orvik"]


def test_store_records_schema_version(store):
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_store_rejects_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not a database, just a long enough text file " * 20)
    with pytest.raises(StoreError, match="notes.db"):
        CorpusStore(path)


def test_store_entities_share_rows_across_documents(store):
    store.add_documents([make_document("doc-1"), make_document("doc-2")])
    assert store.counts()["entities"] == 1
    assert store.counts()["speakers"] == 1


def test_store_canonical_name_merges_aliases(tmp_path):
    aliases = {"PRC": "China"}
    with CorpusStore(tmp_path / "c.db", canonical_name=lambda name, _type: aliases.get(name, name)) as store:
        for doc_id, name in (("a", "PRC"), ("b", "China")):
            text = f"{name} said so."
            store.add_documents(
                [Document(id=doc_id, text=text, entities=[Entity(name, "GPE", [Mention(0, len(name), name)])])]
            )
        rows = store.connection.execute("SELECT name FROM entities").fetchall()
        assert [row[0] for row in rows] == ["China"]
        assert store.get_document("a").entities[0].name == "PRC"


@pytest.mark.parametrize(
    "a,b,same",
    [("Dana Kell", "dana kell", True), ("José Núñez", "Jose Nunez", True), ("Dana Kell", "Dana Kelly", False)],
)
def test_speaker_key_folds_case_and_accents_only(a, b, same):
    assert (speaker_key(a) == speaker_key(b)) is same


def test_store_default_canonical_names_come_from_the_gazetteer(store):
    for doc_id, name in (("a", "PRC"), ("b", "People's Republic of China")):
        text = f"{name} signed."
        store.add_documents([Document(id=doc_id, text=text, entities=[Entity(name, "GPE", [Mention(0, len(name), name)])])])
    assert [row[0] for row in store.connection.execute("SELECT name FROM entities")] == ["China"]


def hold_write_lock(path, seconds):
    """Another connection (as another process would) holds the write lock for `seconds`."""
    other = sqlite3.connect(path, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(seconds, other.commit)
    timer.start()
    return other, timer


def test_store_waits_out_another_writer_and_loses_nothing(tmp_path):
    path = tmp_path / "corpus.db"
    CorpusStore(path).close()
    with CorpusStore(path, busy_timeout_s=0.05, retries=5) as store:
        other, timer = hold_write_lock(path, 0.4)  # far longer than one busy timeout
        failures = []
        written = store.add_documents(
            [make_document(f"doc-{i}") for i in range(5)], on_error=lambda doc, error: failures.append(error)
        )
        timer.join()
        other.close()
        assert (written, failures) == (5, [])
        assert store.counts()["documents"] == 5


def test_store_busy_past_every_retry_is_one_clear_error_not_lost_documents(tmp_path):
    path = tmp_path / "corpus.db"
    CorpusStore(path).close()
    with CorpusStore(path, busy_timeout_s=0.05, retries=1) as store:
        other, timer = hold_write_lock(path, 5)
        failures = []
        try:
            with pytest.raises(StoreError, match="busy, another process held the write lock") as raised:
                store.add_documents([make_document()], on_error=lambda doc, error: failures.append(error))
        finally:
            timer.cancel()
            other.rollback()
            other.close()
        assert "locked" not in str(raised.value)
        assert failures == []  # the batch is not reported as bad documents: it was never written
        assert store.counts()["documents"] == 0


@pytest.mark.parametrize("attempt", range(20))  # the race is rare: 1 in 60 failed before the fix
def test_store_first_opens_at_once_all_get_the_schema(tmp_path, attempt):
    path = tmp_path / "corpus.db"
    start = threading.Barrier(4)

    def open_and_read_version(_):
        start.wait()  # all four open the new file at the same moment
        with CorpusStore(path) as opened:
            return opened.connection.execute("PRAGMA user_version").fetchone()[0]

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(open_and_read_version, range(4))) == [SCHEMA_VERSION] * 4


def test_store_opens_and_reads_while_another_process_writes(tmp_path):
    path = tmp_path / "corpus.db"
    with CorpusStore(path) as store:
        store.add_documents([make_document()])
    other, timer = hold_write_lock(path, 5)
    try:
        with CorpusStore(path, busy_timeout_s=0.05, retries=0) as reader:  # no lock needed to open a current database
            assert reader.counts()["documents"] == 1
    finally:
        timer.cancel()
        other.rollback()
        other.close()
