"""Fixtures of the web tests: a synthetic corpus database and the application over it."""

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from newsmine.web.app import create_app
from webcorpus import build_corpus, static_encode


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("web") / "corpus.db")


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> TestClient:
    with TestClient(create_app(corpus_db, encode=static_encode)) as opened:
        yield opened
