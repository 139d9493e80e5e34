"""`newsmine serve`: the corpus database in a browser (read-only), served by uvicorn.

The application lives in `newsmine.web`; this command only checks the database, picks the
address (127.0.0.1 unless --host says otherwise) and runs the server.
"""

from __future__ import annotations

import click

from newsmine.corpus.store import StoreError
from newsmine.options import db_option

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@click.command(name="serve")
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on (0.0.0.0 exposes the corpus to the network).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db: str, host: str, port: int) -> None:
    """Serve the corpus as a read-only web application: search, expert, entity, document and topic pages.

    Every page has a JSON twin under /api/ (e.g. /api/search?q=water). The database is
    opened read-only, so `newsmine analyze` can keep adding to it meanwhile.

    Example: newsmine serve --db newsmine.db   (then open http://127.0.0.1:8000/)
    """
    import uvicorn

    from newsmine.web.app import create_app

    try:
        app = create_app(db)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"newsmine: serving {db} read-only at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
