"""Dictionary forms of Russian words (pymorphy3), for matching terms and names in any case.

"экспорта", "экспортом" -> "экспорт"; "Китая" -> "китай"; "Тихому океану" -> "тихий океан".
Used for the Russian topic terms (models/topics/russian.py) and for the Russian aliases of
the gazetteer (crosslang.py). pymorphy3's dictionary comes as a pip package; when it cannot
load, words are cut to their stem (`ru_stem.cut_case_ending`) instead, so matching degrades
rather than fails. Proper names pymorphy3 does not know are guessed poorly (see translit.py),
which is why names are matched by `translit.name_key` first.
"""

from __future__ import annotations

import functools
import logging
import re

from newsmine.models.gazetteer.ru_stem import cut_case_ending

logger = logging.getLogger(__name__)

_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_WORD = re.compile(r"\w+(?:-\w+)*")


@functools.cache
def morph_analyzer():  # noqa: ANN201 - pymorphy3.MorphAnalyzer, or None when it cannot load
    """The process-wide pymorphy3 analyser (the Russian pipeline shares it), loaded on first use."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer()
    except Exception as error:  # a broken or missing dictionary must not stop the analysis
        logger.warning("pymorphy3 unavailable (%s): Russian words matched on stems instead of lemmas", error)
        return None


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case word (its stem when pymorphy3 cannot load); ё as е."""
    if not _CYRILLIC_LETTER.search(word):
        return word
    morph = morph_analyzer()
    form = morph.parse(word)[0].normal_form if morph is not None else cut_case_ending(word)
    return form.replace("ё", "е")


def lemmas(text: str) -> list[str]:
    """The lemmas of the words (hyphenated words kept whole) of `text`, in order."""
    return [lemma(word) for word in _WORD.findall(text.lower())]
