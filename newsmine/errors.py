"""The few exceptions newsmine raises for bad input, each carrying what failed and why.

Batch loops catch these per item, print `str(error)` as one stderr line and carry on, so
the message must name the file or URL and the reason on its own.
"""

from __future__ import annotations


class NewsmineError(Exception):
    """Base class: `where` is the file, URL or document id; `reason` a short phrase."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class InputError(NewsmineError):
    """A local input file (or one line of it) cannot be read as a document."""


class ExtractionError(NewsmineError):
    """An HTML page holds no article (index page, error page, too little text...)."""


class FetchError(NewsmineError):
    """A URL could not be fetched (network error, HTTP status, robots.txt, size limit...)."""
