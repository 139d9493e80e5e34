"""The quote vector index: same answers as an exact scan, kept right while quotes come and go,
and never a write to the database."""

import hashlib

import numpy as np
import pytest

from newsmine.corpus.embeddings_index import as_unit_rows, claim_encoder, index_quote_embeddings
from newsmine.corpus.search import similar_quotes
from newsmine.corpus.store import CorpusStore
from newsmine.corpus.vector_index import SUFFIX, QuoteVectorIndex
from webcorpus import ARTICLES, build_corpus, extra_article, make_document, static_encode


def exact_ranking(store: CorpusStore, text: str, limit: int) -> list[int]:
    """The reference: every stored vector scored against the query."""
    target = as_unit_rows(static_encode([text]))[0]
    rows = store.connection.execute("SELECT id, embedding FROM quotes WHERE embedding IS NOT NULL").fetchall()
    scored = sorted(((float(np.frombuffer(blob, np.float32) @ target), qid) for qid, blob in rows), key=lambda p: (-p[0], p[1]))
    return [qid for _score, qid in scored[:limit]]


def file_digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path):
    return build_corpus(tmp_path / "corpus.db")


@pytest.mark.parametrize("text", ["farmers need canals", "container volumes at the port", "rail freight"])
def test_index_ranks_like_an_exact_scan(db, text):
    with CorpusStore(db) as store:
        hits = similar_quotes(store, text, encode=static_encode, limit=5)
        assert [hit.quote_id for hit in hits] == exact_ranking(store, text, 5)


def test_index_file_is_written_beside_the_database_and_reused(db):
    with CorpusStore(db) as store:
        first = QuoteVectorIndex(db)
        assert first.sync(store.connection) == 9
        assert (db.parent / (db.name + SUFFIX)).is_file()
        again = QuoteVectorIndex(db)
        assert again.sync(store.connection) == 0  # loaded from the file, nothing to add
        assert len(again) == 9


def test_index_follows_new_quotes_and_deleted_documents(db):
    with CorpusStore(db) as store:
        index = QuoteVectorIndex(db)
        index.sync(store.connection)

        store.add_documents([make_document(extra_article(1))])
        index_quote_embeddings(store, static_encode)
        target = as_unit_rows(static_encode(["freight rates would ease by winter"]))[0]
        best = index.search(store.connection, target, limit=1)
        new_id = store.connection.execute("SELECT id FROM quotes WHERE document_id = 'extra-1'").fetchone()[0]
        assert best[0][0] == new_id
        with store.connection:
            store.connection.execute("DELETE FROM documents WHERE id = 'extra-1'")
        assert new_id not in {qid for qid, _ in index.search(store.connection, target, limit=20)}


def test_quotes_waiting_for_their_embedding_are_picked_up_later(db):
    with CorpusStore(db) as store:
        index = QuoteVectorIndex(db)
        index.sync(store.connection)

        store.add_documents([make_document(extra_article(2)), make_document(extra_article(3))])
        index.sync(store.connection)  # the new quotes have no vector yet
        index_quote_embeddings(store, static_encode)
        target = as_unit_rows(static_encode(["freight rates would ease by winter number 2"]))[0]
        found = {qid for qid, _ in index.search(store.connection, target, limit=3)}
        new_ids = {r[0] for r in store.connection.execute("SELECT id FROM quotes WHERE document_id LIKE 'extra-%'")}
        assert new_ids <= found


def test_filters_restrict_the_candidates(db):
    with CorpusStore(db) as store:
        hits = similar_quotes(store, "farmers need canals", encode=static_encode, limit=5, speaker="Dovlatova")
        assert hits and {hit.quote.speaker for hit in hits} == {"Irena Dovlatova"}


def test_a_damaged_index_file_is_rebuilt_and_the_database_untouched(db):
    with CorpusStore(db) as store:
        QuoteVectorIndex(db).sync(store.connection)
    before = file_digest(db)
    (db.parent / (db.name + SUFFIX)).write_bytes(b"not an index")
    with CorpusStore(db) as store:
        hits = similar_quotes(store, "rail freight", encode=static_encode, limit=3)
        assert [hit.quote_id for hit in hits] == exact_ranking(store, "rail freight", 3)
    assert file_digest(db) == before


def test_a_new_encoder_rebuilds_the_index(tmp_path):
    db = tmp_path / "corpus.db"
    with CorpusStore(db) as store:

        store.add_documents([make_document(article) for article in ARTICLES])
        claim_encoder(store, "static")
        index_quote_embeddings(store, static_encode)
        QuoteVectorIndex(db).sync(store.connection)
        with store.connection:
            store.connection.execute("UPDATE settings SET value = 'other' WHERE key = 'embeddings_encoder'")
        rebuilt = QuoteVectorIndex(db)
        assert rebuilt.sync(store.connection) == 9


def test_a_database_replaced_at_the_same_path_gets_a_new_index(tmp_path):
    db = tmp_path / "corpus.db"
    with CorpusStore(db) as store:
        store.add_documents([make_document(extra_article(index)) for index in range(9)])
        claim_encoder(store, "static")
        index_quote_embeddings(store, static_encode)
        QuoteVectorIndex(db).sync(store.connection)
    db.unlink()
    build_corpus(db)  # as many quotes, other texts
    with CorpusStore(db) as store:
        assert QuoteVectorIndex(db).sync(store.connection) == 9  # the old file is not trusted


def test_an_index_opened_from_its_file_still_grows(db):
    with CorpusStore(db) as store:
        QuoteVectorIndex(db).sync(store.connection)
        store.add_documents([make_document(extra_article(4))])
        index_quote_embeddings(store, static_encode)
        reopened = QuoteVectorIndex(db)
        assert reopened.sync(store.connection) == 1
        assert len(reopened) == 10
        assert QuoteVectorIndex(db).sync(store.connection) == 0  # and the grown file was saved
