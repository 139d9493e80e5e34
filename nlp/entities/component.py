"""The spaCy component: candidates, cleaning, typing and merging run in order over one `Doc`."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from newsmine.corpus.schema import Entity
from newsmine.models.gazetteer import Gazetteer, load_gazetteer
from newsmine.nlp.extensions import register_extensions
from newsmine.nlp.entities.candidates import (
    acronym_candidates,
    based_in_candidates,
    head_first_candidates,
    mission_candidates,
    ner_candidates,
    person_pattern_candidates,
    route_candidates,
    rule_candidates,
    split_trailing_speaker,
    titled_person_candidates,
)
from newsmine.nlp.entities.cleaning import (
    drop_headline_spans,
    drop_place_compounds,
    drop_qualifier,
    drop_subunit_prefix,
    drop_subunits,
    drop_title_prefix,
    extend_tail,
    is_name_text,
    select_longest,
    split_and_trim,
)
from newsmine.nlp.entities.entity_types import decide_type
from newsmine.nlp.entities.gazetteer_match import build_matcher, gazetteer_candidates
from newsmine.nlp.entities.merging import build_groups, merge_short_forms
from newsmine.nlp.entities.vocabulary import COMMODITY

logger = logging.getLogger(__name__)

register_extensions()


def find_entities(
    doc: Doc, *, gazetteer: Gazetteer, matcher: PhraseMatcher, emit_commodities: bool = True
) -> list[Entity]:
    """All entities of `doc`, one per thing, ordered by first mention."""
    raw = (
        ner_candidates(doc)
        + gazetteer_candidates(doc, matcher, gazetteer)
        + rule_candidates(doc, gazetteer)
        + head_first_candidates(doc)
        + mission_candidates(doc, gazetteer)
        + based_in_candidates(doc)
        + acronym_candidates(doc, gazetteer)
        + route_candidates(doc, gazetteer)
        + person_pattern_candidates(doc, gazetteer)
        + titled_person_candidates(doc, gazetteer)
    )
    trimmed = [split_and_trim(doc, cand) for cand in raw]
    cleaned = [extend_tail(doc, drop_qualifier(doc, c, gazetteer), gazetteer) for c in trimmed if c is not None]
    cleaned = [
        drop_title_prefix(doc, drop_subunit_prefix(doc, part), gazetteer)
        for cand in cleaned
        for part in split_trailing_speaker(doc, cand)
    ]
    chosen = []
    for cand in select_longest(drop_headline_spans(doc, drop_place_compounds(doc, cleaned))):
        entity_type = decide_type(doc, cand, gazetteer)
        if entity_type is None or not is_name_text(cand, doc[cand.start : cand.end].text, entity_type, gazetteer):
            continue
        chosen.append((cand, entity_type))
    groups = merge_short_forms(build_groups(doc, drop_subunits(doc, chosen)))
    entities = []
    for group in groups:
        if group.type == COMMODITY and not emit_commodities:
            continue
        mentions = sorted({(m.start, m.end): m for m in group.mentions}.values(), key=lambda m: m.start)
        entities.append(Entity(name=group.name, type=group.type, mentions=mentions))
    return sorted(entities, key=lambda e: e.mentions[0].start)


class NewsEntities(Pipe):
    """spaCy component: sets `doc._.entities` (list of `corpus.schema.Entity`)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "newsmine_entities",
        *,
        extra_gazetteers: Iterable[str] = (),
        emit_commodities: bool = True,
    ) -> None:
        self.name = name
        self.emit_commodities = emit_commodities
        self.gazetteer = load_gazetteer(extra_files=list(extra_gazetteers))
        self.matcher = build_matcher(nlp, self.gazetteer)
        logger.debug("%s: gazetteer of %d entries loaded", name, len(self.gazetteer.entries))

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            doc._.entities = find_entities(
                doc, gazetteer=self.gazetteer, matcher=self.matcher, emit_commodities=self.emit_commodities
            )
        except Exception as error:  # noqa: BLE001  (spaCy's error handler decides: raise or skip)
            return error_handler(self.name, self, [doc], error)
        return doc


@Language.factory(
    "newsmine_entities",
    default_config={"extra_gazetteers": [], "emit_commodities": True},
    requires=["doc.ents"],
    assigns=["doc._.entities"],
)
def make_entities(nlp: Language, name: str, extra_gazetteers: list[str], emit_commodities: bool) -> NewsEntities:
    """Factory for `nlp.add_pipe("newsmine_entities")`; the gazetteer is read from its data files."""
    return NewsEntities(nlp, name, extra_gazetteers=extra_gazetteers, emit_commodities=emit_commodities)
