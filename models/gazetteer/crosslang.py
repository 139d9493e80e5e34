"""Canonical names across languages: "Хоргос", "Хоргосе" and "Khorgos" are one place.

`canonical_name(name, type)` extends the gazetteer's (models/gazetteer/__init__.py) to every
script: a name the gazetteer does not know as written is looked up by its cross-script key
(`translit.name_key`) among the gazetteer's forms and the Russian aliases of
`aliases_ru.tsv` (which also names the region's leaders, so "Касым-Жомарт Токаев" and
"Tokayev" are "Kassym-Jomart Tokayev"), and last, for a Cyrillic name, by its words'
lemmas (`ru_lemma`), which meets the case forms that the name key leaves apart ("Китая",
"России", "Кыргызской Республики", "Тихому океану"). The store names entities with it; the
entities stage of the English pipeline is not affected.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from newsmine.models.gazetteer import DATA_DIR, GazetteerEntry, default_gazetteer, normalize_key, read_entries
from newsmine.models.gazetteer.ru_lemma import lemma
from newsmine.models.gazetteer.translit import has_cyrillic, name_key

logger = logging.getLogger(__name__)

RUSSIAN_ALIASES_FILE = DATA_DIR / "aliases_ru.tsv"


def load_russian_aliases(path: Path = RUSSIAN_ALIASES_FILE) -> list[GazetteerEntry]:
    """The entries of `aliases_ru.tsv`: canonical (English) name, type, Russian forms."""
    return read_entries(path)


Index = dict[tuple[str, str], str]


def lemma_key(name: str) -> str:
    """The lemmas of the words of `name` ("Кыргызской Республики" -> "кыргызский республика")."""
    return " ".join(lemma(word) for word in re.findall(r"\w+", name.lower()))


@functools.cache
def _indexes() -> tuple[Index, Index, Index]:
    """(written form | name key | Cyrillic lemma key, type) -> canonical name; the first entry wins."""
    by_form: Index = {}
    by_key: Index = {}
    by_lemma: Index = {}
    for entry in [*default_gazetteer().entries, *load_russian_aliases()]:
        for form in entry.forms:
            by_form.setdefault((normalize_key(form), entry.type), entry.name)
            key = name_key(form)
            if key:
                by_key.setdefault((key, entry.type), entry.name)
            if has_cyrillic(form):
                by_lemma.setdefault((lemma_key(form), entry.type), entry.name)
    return by_form, by_key, by_lemma


def known_name(name: str, entity_type: str) -> str | None:
    """The canonical name of `name` when the gazetteer or the Russian aliases know it, in any script or case."""
    by_form, by_key, by_lemma = _indexes()
    found = by_form.get((normalize_key(name), entity_type)) or by_key.get((name_key(name), entity_type))
    if found is None and has_cyrillic(name):
        found = by_lemma.get((lemma_key(name), entity_type))
    return found


def canonical_name(name: str, entity_type: str) -> str:
    """Cross-document, cross-language canonical name; unknown names come back tidied."""
    return known_name(name, entity_type) or default_gazetteer().canonical_name(name, entity_type)
