"""`newsmine serve` as a real process and a real server: its default address, and serving on
while the corpus database is being written to."""

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from newsmine.corpus.store import CorpusStore
from newsmine.web.app import create_app
from webcorpus import extra_article, make_document, static_encode

NEWSMINE = str(Path(sys.executable).with_name("newsmine"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent); None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def wait_for(url: str, timeout: float = 30) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class ServerThread:
    """uvicorn serving the app on 127.0.0.1 in a background thread."""

    def __init__(self, app, port: int) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        wait_for(self.base + "/api/search")
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def test_serve_listens_on_loopback_only_by_default(corpus_db):
    port = free_port()
    process = subprocess.Popen([NEWSMINE, "serve", "--db", str(corpus_db), "--port", str(port)], stderr=subprocess.PIPE)
    try:
        response = wait_for(f"http://127.0.0.1:{port}/api/search?q=canals")
        assert response.json()["total"] == 1
        outward = outward_address()
        if outward is not None:
            with pytest.raises(httpx.TransportError):
                httpx.get(f"http://{outward}:{port}/", timeout=2)
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in err.decode()


def test_serve_refuses_a_missing_database(tmp_path):
    result = subprocess.run([NEWSMINE, "serve", "--db", str(tmp_path / "none.db")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "no such corpus database" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_pages_keep_being_served_while_the_corpus_is_written(tmp_path):
    from webcorpus import build_corpus

    db = build_corpus(tmp_path / "busy.db")
    written = threading.Event()
    errors: list[Exception] = []

    def writer() -> None:
        try:
            with CorpusStore(db) as store:
                for index in range(40):
                    store.add_documents([make_document(extra_article(index))])
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            written.set()

    with ServerThread(create_app(db, encode=static_encode), free_port()) as server, httpx.Client(base_url=server.base) as http:
        thread = threading.Thread(target=writer)
        thread.start()
        statuses = []
        while not written.is_set():
            statuses += [http.get(path).status_code for path in ("/", "/api/search?q=freight", "/documents/river-1")]
        thread.join()
        assert not errors
        assert set(statuses) == {200}
        final = http.get("/api/search", params={"q": "freight rates ease winter"}).json()
        assert final["total"] == 40  # every document written meanwhile is visible
