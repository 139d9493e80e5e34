"""The domain gazetteer: known places, infrastructure, organisations and commodities.

The statistical NER misses or mistypes many names of this domain (dry ports, pipelines,
Central Asian institutes), and the same thing is written in several ways across documents
("PRC", "People's Republic of China", "China"). The gazetteer lists each known thing once,
with its type and its written aliases, so that the entities stage can find and type it and
the store can merge it across documents through `canonical_name`. The data lives in the TSV
and text files beside this module (format in README.md); users add their own aliases in
`user_aliases.tsv` or in extra files passed to `load_gazetteer`.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent
COUNTRIES_FILE = "countries.tsv"
ENTRY_FILES = (
    COUNTRIES_FILE,
    "cities.tsv",
    "geography.tsv",
    "infrastructure.tsv",
    "organisations.tsv",
    "commodities.tsv",
    "user_aliases.tsv",
)
NATIONALITIES_FILE = "nationalities.txt"
NOT_ENTITIES_FILE = "not_entities.txt"
GAZETTEER_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "COMMODITY"})
ALIAS_SEPARATOR = "|"
COMMENT = "#"

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc`]")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+")


def normalize_key(name: str) -> str:
    """Lookup key for a written name: case, dashes (or spaces), apostrophes and "the" do not matter."""
    key = _APOSTROPHES.sub("'", _DASHES.sub("-", name)).lower()
    key = _SPACES.sub(" ", key.replace("-", " ")).strip()
    return _LEADING_THE.sub("", key)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known thing: its canonical name, its type and the other ways it is written."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(slots=True)
class Gazetteer:
    """Entries indexed by normalized written form, plus the word lists that are never entities."""

    entries: list[GazetteerEntry] = field(default_factory=list)
    nationalities: frozenset[str] = frozenset()
    not_entity_forms: frozenset[str] = frozenset()
    country_keys: frozenset[str] = frozenset()
    _by_key: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    _not_entity_keys: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.nationalities = frozenset(normalize_key(word) for word in self.nationalities)
        self._not_entity_keys = frozenset(normalize_key(form) for form in self.not_entity_forms)
        for entry in self.entries:
            self._index(entry)

    def _index(self, entry: GazetteerEntry) -> None:
        for form in entry.forms:
            bucket = self._by_key.setdefault(normalize_key(form), [])
            if entry not in bucket:
                bucket.append(entry)

    def add(self, entry: GazetteerEntry) -> None:
        """Add an entry, or extend the aliases of the existing entry with the same name and type."""
        for index, known in enumerate(self.entries):
            if known.name == entry.name and known.type == entry.type:
                aliases = tuple(dict.fromkeys(known.aliases + entry.aliases))
                merged = GazetteerEntry(known.name, known.type, aliases)
                self.entries[index] = merged
                for bucket in self._by_key.values():
                    bucket[:] = [merged if item is known else item for item in bucket]
                self._index(merged)
                return
        self.entries.append(entry)
        self._index(entry)

    def lookup(self, name: str, entity_type: str | None = None) -> GazetteerEntry | None:
        """The entry written as `name` (of `entity_type` when given), or None."""
        candidates = self._by_key.get(normalize_key(name), [])
        for entry in candidates:
            if entity_type is None or entry.type == entity_type:
                return entry
        return None

    def is_nationality(self, name: str) -> bool:
        """True for demonyms ("Chinese", "Kazakh"), which are never entities."""
        return normalize_key(name) in self.nationalities

    def is_country(self, name: str) -> bool:
        """True for a country or bloc of `countries.tsv` under any of its forms ("PRC", "China")."""
        return normalize_key(name) in self.country_keys

    def is_excluded(self, name: str) -> bool:
        """True for names the annotation conventions never list (programmes, currencies...)."""
        return normalize_key(name) in self._not_entity_keys

    def canonical_name(self, name: str, entity_type: str) -> str:
        """The gazetteer's name for `name`, else `name` with its whitespace tidied."""
        entry = self.lookup(name, entity_type)
        return entry.name if entry else _SPACES.sub(" ", name).strip()


def _data_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith(COMMENT):
                yield line


def read_entries(path: Path) -> list[GazetteerEntry]:
    """Entries of one TSV file: `name<TAB>type[<TAB>alias|alias...]`; bad lines are logged and skipped."""
    entries = []
    for number, line in enumerate(_data_lines(path), start=1):
        columns = line.split("\t")
        name = columns[0].strip()
        entity_type = columns[1].strip() if len(columns) > 1 else ""
        if not name or entity_type not in GAZETTEER_TYPES:
            logger.warning("%s: data line %d skipped: need name and a type in %s", path, number, sorted(GAZETTEER_TYPES))
            continue
        raw_aliases = columns[2] if len(columns) > 2 else ""
        aliases = tuple(a.strip() for a in raw_aliases.split(ALIAS_SEPARATOR) if a.strip())
        entries.append(GazetteerEntry(name, entity_type, aliases))
    return entries


def read_words(path: Path) -> frozenset[str]:
    """The names of a one-name-per-line list, as written."""
    return frozenset(line.strip() for line in _data_lines(path))


def load_gazetteer(directory: Path = DATA_DIR, *, extra_files: Iterable[str | Path] = ()) -> Gazetteer:
    """Read the gazetteer from `directory`, then the user's `extra_files` (same TSV format)."""
    gazetteer = Gazetteer(
        nationalities=read_words(directory / NATIONALITIES_FILE),
        not_entity_forms=read_words(directory / NOT_ENTITIES_FILE),
    )
    paths = [directory / name for name in ENTRY_FILES] + [Path(p) for p in extra_files]
    for path in paths:
        if not path.exists():
            logger.warning("%s: gazetteer file not found, skipped", path)
            continue
        entries = read_entries(path)
        for entry in entries:
            gazetteer.add(entry)
        if path.name == COUNTRIES_FILE:
            gazetteer.country_keys = frozenset(normalize_key(form) for entry in entries for form in entry.forms)
    logger.debug("gazetteer: %d entries from %d files", len(gazetteer.entries), len(paths))
    return gazetteer


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer (with `user_aliases.tsv`), read once per process."""
    return load_gazetteer()


def canonical_name(name: str, entity_type: str) -> str:
    """Cross-document canonical name: "PRC"/GPE -> "China"; unknown names come back tidied.

    Pure apart from reading the packaged gazetteer once; the store uses it to merge the
    same thing written differently in different documents.
    """
    return default_gazetteer().canonical_name(name, entity_type)
