"""The Starlette application behind `newsmine serve`: routes, security headers and errors.

Every page is a GET; its JSON twin under /api/ carries the same data. Starlette answers any
other method with 405, so the server has no write endpoint, and the database connections
are read-only besides. Handlers are plain functions, run in Starlette's thread pool, each
with its own read-only connection and a time limit on its queries.

Errors are one line: a malformed parameter or a query the search layer refuses gives 400,
an unknown id 404, a query past the time limit 503; nothing a user types gives a 500.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import sqlite3
from collections.abc import Callable
from contextlib import closing
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
import numpy as np
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsmine.corpus.search import QueryError
from newsmine.web.database import CorpusReader, QueryTimeout
from newsmine.web.document import document_page
from newsmine.web.params import BadRequest, SearchParams, parse_search
from newsmine.web.profiles import entity_page, expert_page, topic_page
from newsmine.web.search_page import export_hits, run_search

logger = logging.getLogger(__name__)

Encoder = Callable[[list[str]], np.ndarray]

QUERY_TIMEOUT_S = 5.0
MAX_ID_CHARS = 300
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class JSONTwin(JSONResponse):
    """JSON with `<`, `>` and `&` written as \\u escapes: the same data, and no markup even
    if some client ignores the content type."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


class SecurityHeaders:
    """ASGI middleware adding the Content-Security-Policy and its companions to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1") not in SECURITY_HEADERS]
                headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def default_encoder(db_path: Path) -> Encoder | None:
    """The database's own quote encoder (as `search --similar` uses it); None when not installed.

    The model itself loads on the first similar-quote search, not at start.
    """
    try:
        from newsmine.models.embeddings import DEFAULT_ENCODER
        from newsmine.models.embeddings.encoders import embed
    except ImportError:
        return None
    with closing(sqlite3.connect(f"file:{quote(str(db_path))}?mode=ro", uri=True)) as connection:
        row = connection.execute("SELECT value FROM settings WHERE key = 'embeddings_encoder'").fetchone()
    return functools.partial(embed, encoder=row[0] if row else DEFAULT_ENCODER)


def create_app(db_path: str | Path, *, encode: Encoder | None = None, query_timeout_s: float = QUERY_TIMEOUT_S) -> Starlette:
    """The web application over the corpus at `db_path` (opened read-only).

    `encode` embeds the text of a similar-quote search; by default the database's own encoder.

    Raises:
        StoreError: the file is missing or not a newsmine database.
    """
    reader = CorpusReader(db_path, query_timeout_s=query_timeout_s)
    encoder = encode if encode is not None else default_encoder(reader.path)
    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("newsmine.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    templates.filters["web_url"] = web_url

    def page(template: str, request: Request, **context: Any) -> HTMLResponse:
        html = templates.get_template(template).render(request=request, **context)
        return HTMLResponse(html, status_code=context.get("status", 200))

    def answer(request: Request, what: str, build: Callable[..., dict[str, Any] | None], key: int | str) -> Response:
        with reader.corpus() as corpus:
            data = build(corpus, key)
        if data is None:
            raise HTTPException(404, f"no {what} {key!r} in this corpus")
        if request.url.path.startswith("/api/"):
            return JSONTwin({key: value for key, value in data.items() if not key.startswith("_")})
        return page(f"{what}.html", request, data=data)

    def search(request: Request) -> Response:
        params = parse_search(request.query_params)
        with reader.corpus() as corpus:
            result = run_search(corpus, params, encode=encoder)
        if request.url.path.startswith("/api/"):
            return JSONTwin(result.to_dict())
        return page("search.html", request, params=params, result=result, links=_links(params))

    def export(request: Request) -> Response:
        params = parse_search(request.query_params)
        fmt = request.path_params["fmt"]
        with reader.corpus() as corpus:
            hits = export_hits(corpus, params, encode=encoder)
        name = f"newsmine-{params.kind}.{fmt}"
        body = _csv(hits) if fmt == "csv" else "".join(json.dumps(hit, ensure_ascii=False) + "\n" for hit in hits)
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
        return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})

    def expert(request: Request) -> Response:
        return answer(request, "expert", expert_page, _int_id(request))

    def entity(request: Request) -> Response:
        return answer(request, "entity", entity_page, _int_id(request))

    def document(request: Request) -> Response:
        return answer(request, "document", document_page, _text_id(request))

    def topic(request: Request) -> Response:
        return answer(request, "topic", topic_page, _text_id(request))

    def error(request: Request, status: int, reason: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONTwin({"error": reason, "status": status}, status_code=status)
        return page("error.html", request, status=status, reason=reason)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405:
            return PlainTextResponse("405: this server is read-only (GET only)", status_code=405, headers={"allow": "GET, HEAD"})
        return error(request, exc.status_code, str(exc.detail))

    async def bad_request(request: Request, exc: Exception) -> Response:
        return error(request, 400, str(exc))

    async def unavailable(request: Request, exc: Exception) -> Response:
        return error(request, 503 if isinstance(exc, QueryTimeout) else 501, str(exc))

    routes = [
        Route("/", search),
        Route("/api/search", search),
        Route("/api/search.{fmt:str}", _only_formats(export)),
        Route("/experts/{id}", expert),
        Route("/api/experts/{id}", expert),
        Route("/entities/{id}", entity),
        Route("/api/entities/{id}", entity),
        Route("/documents/{id:path}", document),
        Route("/api/documents/{id:path}", document),
        Route("/topics/{id}", topic),
        Route("/api/topics/{id}", topic),
        Mount("/static", StaticFiles(directory=str(resources.files("newsmine.web") / "static")), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={
            HTTPException: http_error,
            BadRequest: bad_request,
            QueryError: bad_request,
            QueryTimeout: unavailable,
            LookupError: unavailable,
        },
    )


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address, else None: a corpus URL never becomes a javascript: link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _only_formats(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    def export(request: Request) -> Response:
        if request.path_params["fmt"] not in ("csv", "jsonl"):
            raise HTTPException(404, "export formats: csv, jsonl")
        return handler(request)

    return export


def _int_id(request: Request) -> int:
    value = request.path_params["id"]
    if len(value) > 12 or not value.isascii() or not value.isdigit():
        raise HTTPException(404, "no such item (ids are numbers)")
    return int(value)


def _text_id(request: Request) -> str:
    value = request.path_params["id"]
    if len(value) > MAX_ID_CHARS:
        raise BadRequest(f"id: too long ({len(value)} characters, at most {MAX_ID_CHARS})")
    return value


def _links(params: SearchParams) -> dict[str, Any]:
    """Query strings for the page's links: pages, kinds and exports of the same search."""
    return {
        "prev": urlencode(params.as_query(page=params.page - 1)) if params.page > 1 else None,
        "next": urlencode(params.as_query(page=params.page + 1)),
        "export": urlencode(params.as_query(page=1)),
        "kinds": {kind: urlencode(params.as_query(kind=kind, page=1, similar=None)) for kind in ("quotes", "documents", "entities")},
        "refine": lambda **changes: urlencode(params.as_query(page=1, **changes)),
    }


def _csv(hits: list[dict[str, Any]]) -> str:
    """Hits as CSV: one column per field, lists and objects as JSON."""
    if not hits:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(hits[0]), extrasaction="ignore")
    writer.writeheader()
    for hit in hits:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in hit.items()})
    return buffer.getvalue()
