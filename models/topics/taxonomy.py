"""Load and check a topic taxonomy: the labels, what each means, and the words that signal it.

The taxonomy is data, not code, so a user can bring their own labels without touching the
classifier. A file is JSON: `{"labels": [{"label", "description", "seed_terms",
"related_terms"}], "neutral_terms": [...]}`. `seed_terms` are words that on their own point
at the label ("uranium"); `related_terms` only support it ("resources") and count for less;
the optional `offsets` (`{"static": 1.25, "minilm": 0.5}`) shift one label's score per
encoder, where its terms are more or less telling than other labels' (MODEL_CARD.md); the
optional top-level `neutral_terms` are phrases that count for no label and hide the
terms inside them ("Belt and Road" is a policy name, not a road). Anything
malformed raises `InputError` naming the file and the problem, because a silently empty
taxonomy would label every document with nothing.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from newsmine.errors import InputError

logger = logging.getLogger(__name__)

DEFAULT_TAXONOMY = Path(__file__).with_name("taxonomy.json")
REQUIRED_KEYS = ("label", "description", "seed_terms")
LABEL_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class TopicLabel:
    """One label of a taxonomy."""

    label: str
    description: str
    seed_terms: tuple[str, ...]
    related_terms: tuple[str, ...] = ()
    offsets: tuple[tuple[str, float], ...] = ()

    def offset(self, encoder: str) -> float:
        """The label's calibration offset (added to its logit) for `encoder`; 0 when none is set."""
        return dict(self.offsets).get(encoder, 0.0)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """An ordered set of topic labels; `source` is the file it came from."""

    labels: tuple[TopicLabel, ...]
    source: str
    neutral_terms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(topic.label for topic in self.labels)


def _terms(where: str, entry: dict, key: str) -> tuple[str, ...]:
    terms = entry.get(key, [])
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        owner = f"label {entry['label']!r}: " if entry.get("label") else ""
        raise InputError(where, f"{owner}{key} must be a list of non-empty strings")
    return tuple(t.strip().lower() for t in terms)


def _parse_label(where: str, entry: object) -> TopicLabel:
    if not isinstance(entry, dict):
        raise InputError(where, f"each label must be an object, got {type(entry).__name__}")
    missing = [key for key in REQUIRED_KEYS if key not in entry]
    if missing:
        raise InputError(where, f"label {entry.get('label')!r} lacks {', '.join(missing)}")
    name = entry["label"]
    if not isinstance(name, str) or not LABEL_PATTERN.match(name):
        raise InputError(where, f"label name {name!r} must be lower_snake_case")
    description = entry["description"]
    if not isinstance(description, str) or not description.strip():
        raise InputError(where, f"label {name!r}: description must be a non-empty string")
    seed_terms = _terms(where, entry, "seed_terms")
    if not seed_terms:
        raise InputError(where, f"label {name!r}: seed_terms is empty")
    related = _terms(where, entry, "related_terms")
    return TopicLabel(name, description.strip(), seed_terms, related, _offsets(where, name, entry))


def _offsets(where: str, name: str, entry: dict) -> tuple[tuple[str, float], ...]:
    offsets = entry.get("offsets", {})
    valid = isinstance(offsets, dict) and all(
        isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool) for k, v in offsets.items()
    )
    if not valid:
        raise InputError(where, f"label {name!r}: offsets must map encoder names to numbers")
    return tuple(sorted((k, float(v)) for k, v in offsets.items()))


def parse_taxonomy(data: object, *, where: str) -> Taxonomy:
    """Check a decoded taxonomy document and turn it into a `Taxonomy`."""
    if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
        raise InputError(where, 'taxonomy must be a JSON object with a "labels" list')
    labels = tuple(_parse_label(where, entry) for entry in data["labels"])
    if not labels:
        raise InputError(where, "taxonomy has no labels")
    names = [topic.label for topic in labels]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InputError(where, f"duplicate labels: {', '.join(duplicates)}")
    neutral = _terms(where, {"label": None, **data}, "neutral_terms")
    return Taxonomy(labels, where, tuple(t.lower() for t in neutral))


@functools.cache
def _load_cached(path: str) -> Taxonomy:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "taxonomy file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read taxonomy: {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(path, f"taxonomy is not valid JSON: {error}") from None
    taxonomy = parse_taxonomy(data, where=path)
    logger.info("loaded taxonomy %s with %d labels", path, len(taxonomy.labels))
    return taxonomy


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load the taxonomy at `path`, or the packaged default (the 11 labels of SCHEMA.md)."""
    return _load_cached(str(Path(path or DEFAULT_TAXONOMY).resolve()))
