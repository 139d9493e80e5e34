"""Request parameters, checked before any query runs: a bad one becomes a 400 with one line.

Every text parameter has a length bound, dates must be YYYY, YYYY-MM or YYYY-MM-DD, `kind`
one of the search kinds and `page` a number within the page bound, so neither a 10 kB
parameter nor a deep page can make the server do unbounded work.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from collections.abc import Mapping

KINDS = ("quotes", "documents", "entities")
PAGE_SIZE = 20
MAX_PAGE = 50  # results beyond 1,000 are for the export, not for paging
MAX_QUERY_CHARS = 500
MAX_FILTER_CHARS = 200
MAX_SIMILAR_CHARS = 2_000
DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
TEXT_LIMITS = {
    "q": MAX_QUERY_CHARS,
    "speaker": MAX_FILTER_CHARS,
    "org": MAX_FILTER_CHARS,
    "entity": MAX_FILTER_CHARS,
    "topic": MAX_FILTER_CHARS,
    "similar": MAX_SIMILAR_CHARS,
}


class BadRequest(Exception):
    """A request parameter is malformed; the message is the one-line reason shown to the user."""


@dataclass(slots=True, frozen=True)
class SearchParams:
    """The search page's parameters, validated; empty texts are None."""

    q: str | None = None
    speaker: str | None = None
    org: str | None = None
    entity: str | None = None
    topic: str | None = None
    since: str | None = None
    until: str | None = None
    kind: str = "quotes"
    similar: str | None = None
    page: int = 1

    @property
    def filters(self) -> dict[str, str | None]:
        """The filters as the query layer's keyword arguments."""
        return {
            "entity": self.entity,
            "speaker": self.speaker,
            "org": self.org,
            "topic": self.topic,
            "since": self.since,
            "until": self.until,
        }

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def as_query(self, **changes: Any) -> dict[str, str]:
        """The non-empty parameters (with `changes`), for building links."""
        values = {**asdict(self), **changes}
        return {key: str(value) for key, value in values.items() if value not in (None, "") and (key, value) not in _DEFAULTS}


_DEFAULTS = {("kind", "quotes"), ("page", 1)}


def parse_search(params: Mapping[str, str]) -> SearchParams:
    """Validate the search parameters (unknown ones are ignored, as browsers add their own).

    Raises:
        BadRequest: a text too long, a malformed date, an unknown kind or a bad page.
    """
    texts = {name: text(params, name, limit) for name, limit in TEXT_LIMITS.items()}
    kind = params.get("kind") or "quotes"
    if kind not in KINDS:
        raise BadRequest(f"kind: expected one of {', '.join(KINDS)}")
    return SearchParams(
        **texts,
        since=date_param(params, "since"),
        until=date_param(params, "until"),
        kind=kind,
        page=int_param(params, "page", default=1, low=1, high=MAX_PAGE),
    )


def text(params: Mapping[str, str], name: str, limit: int) -> str | None:
    """A stripped text parameter of at most `limit` characters; None when empty or absent."""
    value = params.get(name)
    if value is None:
        return None
    if len(value) > limit:
        raise BadRequest(f"{name}: too long ({len(value)} characters, at most {limit})")
    if "\x00" in value:
        raise BadRequest(f"{name}: contains a NUL character")
    return value.strip() or None


def date_param(params: Mapping[str, str], name: str) -> str | None:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD; None when empty or absent."""
    value = text(params, name, 10 + 1)
    if value is None:
        return None
    try:
        datetime.strptime(value, DATE_FORMATS[len(value)])
    except (KeyError, ValueError):
        raise BadRequest(f"{name}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def int_param(params: Mapping[str, str], name: str, *, default: int, low: int, high: int) -> int:
    """A whole number between `low` and `high`; `default` when absent."""
    value = params.get(name)
    if value is None or value == "":
        return default
    if len(value) > 6 or not value.isascii() or not value.isdigit():
        raise BadRequest(f"{name}: expected a whole number from {low} to {high}")
    number = int(value)
    if not low <= number <= high:
        raise BadRequest(f"{name}: expected a whole number from {low} to {high}")
    return number
