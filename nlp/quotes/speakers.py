"""Speaker resolution: turn each quote's subject into a speaker, in text order.

Named people under their fullest name with role and organisation; pronouns and definite
descriptions ("she", "the minister", "the company") resolved to the nearest compatible
earlier speaker or entity; unnamed speakers ("experts believe") as speaker None with a role.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsmine.corpus.schema import Quote
from newsmine.nlp.quotes.cues import is_document
from newsmine.nlp.quotes.index import (
    DocIndex,
    build_index,
    canonical_name,
    clean_name,
    entity_label,
    name_tokens,
    nearest_offset,
    token_at,
)
from newsmine.nlp.quotes.invariants import allowed_speaker
from newsmine.nlp.quotes.lexicon import (
    DEFINITE_DETS,
    GROUP_PRONOUNS,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
)
from newsmine.nlp.quotes.names import (
    after_portfolio,
    entity_of,
    fuller_mention,
    glued_person,
    is_known_person,
    is_surname,
    person_in_phrase,
    register_person,
    surname_of_fuller,
    with_first_names,
)
from newsmine.nlp.quotes.profiles import (
    build_profiles,
    is_description,
    is_nationality,
    mention_profiles,
    merge_profiles,
    name_described_org,
    self_named,
)
from newsmine.nlp.quotes.records import Profile, QuoteMatch, Speaker

LEAD_PARAGRAPHS = 3  # headline, dateline line and lead paragraph before a wire story's body
SIDE_NOUNS = frozenset({"side", "party"})
MIN_DEMONYM_STEM = 4
PRESS_UNITS = frozenset({"service", "office", "center", "centre", "department", "secretariat", "team"})
PRESS_WORDS = frozenset({"press", "media", "communications"})


def _person(index: DocIndex, ent: Span) -> Speaker:
    """A named person under the fullest name the document gives, with role and organisation."""
    ent = with_first_names(index, ent)
    register_person(index, ent)
    mentions = [ent]
    if len(ent) == 1 and len(name_tokens(canonical_name(ent.text, index.people, ent.start_char))) < 2:
        fuller = fuller_mention(index, ent[0])
        if fuller is not None:
            register_person(index, fuller)
            mentions.insert(0, fuller)
    name = canonical_name(clean_name(ent.text), index.people, ent.start_char)
    profile = index.profiles.get(name)
    if profile is None or not profile.role or is_description(profile.org):
        for mention in mentions:
            profile = merge_profiles(profile, *mention_profiles(index, mention))
        if is_description(profile.org):
            name_described_org(index, name, profile)
        index.profiles[name] = profile
    return Speaker(name, profile.role, profile.org, person=True)


def _describe(index: DocIndex, subject: Token, history: list[Speaker]) -> Speaker | None:
    """Speaker of a subject token; None when the token names nobody (then context decides)."""
    doc = index.doc
    subject = _participle_subject(subject)
    joint = _joint_names(subject)
    if joint is not None:
        return Speaker(joint, person=True)
    ent = entity_of(index, subject)
    if ent is not None and _only_in_headline(index.text, ent):
        return Speaker(None, ent.text)  # 'Port Operator Says ...': title case, not a name
    if ent is not None and ent.label_ == "PERSON":
        return _person(index, _behind_byline(index, ent, subject) or ent)
    if ent is not None and ent.label_ == "ORG" and (is_known_person(index, ent) or surname_of_fuller(index, ent)):
        return _person(index, ent)
    glued = glued_person(ent, subject) if ent is not None and ent.label_ != "PERSON" else None
    if glued is None and ent is not None and ent.label_ == "ORG" and subject.i == ent.end - 1:
        glued = after_portfolio(index, ent)
    if glued is not None:
        return _person(index, glued)
    if ent is not None and ent.label_ in ("ORG", "GPE") and not _described_org(ent, subject):
        name = canonical_name(clean_name(ent.text), [(n, o) for n, _, o in index.orgs], ent.start_char)
        return Speaker(name)
    lower = subject.lower_
    if lower in PERSON_PRONOUNS:
        return _last_person(index, history, subject.idx)
    if lower in GROUP_PRONOUNS:
        return history[-1] if history else None
    if subject.pos_ not in ("NOUN", "PROPN"):
        return None
    return _describe_noun(index, subject, history, doc)


def _only_in_headline(text: str, ent: Span) -> bool:
    """A name in a headline whose last word the story never writes again, capitalised.

    Headlines capitalise every word, so a description ('Port Operator Says ...') reads as a
    name there; a real name comes back in the body, at least as a surname.
    """
    headline_end = text.find("\n")
    if headline_end < 0 or ent.end_char > headline_end or text[:headline_end].rstrip().endswith("."):
        return False
    return re.search(rf"\b{re.escape(ent[-1].text)}\b", text[headline_end:]) is None  # surnames come back


def _qualified(noun: Token) -> bool:
    """'the agriculture ministry', 'the state railway': a modifier names another body than the
    last organisation that spoke, so the phrase does not refer back to it."""
    return any(child.dep_ in ("compound", "amod", "nmod") and child.is_lower and child.pos_ in ("NOUN", "ADJ")
               for child in noun.children)


def _described_org(ent: Span, subject: Token) -> bool:
    """'the Kazakh ministry' tagged as an organisation: a lower-case head describes, it names nothing."""
    return subject.i == ent.root.i and subject.is_lower and subject.lemma_.lower() in ORG_NOUNS


def _joint_names(subject: Token) -> str | None:
    """'Ivan Petrov and Maria Santos said', 'Charles and David Koenig said': one joint speaker.

    Names joined by 'and' (or commas) are spoken for together; the speaker is the whole
    coordinated phrase as written, so it stays a mention of the text.
    """
    conjuncts = [child for child in subject.children if child.dep_ == "conj" and child.pos_ == "PROPN"]
    if subject.pos_ != "PROPN" or not conjuncts:
        return None
    last = max(conjuncts, key=lambda token: token.i)
    start = min(token.i for token in subject.subtree if token.dep_ == "compound" or token.i == subject.i)
    span = subject.doc[start : last.i + 1]
    if not all(token.pos_ == "PROPN" or token.lower_ in ("and", ",", "&") for token in span):
        return None
    return span.text


def _behind_byline(index: DocIndex, ent: Span, subject: Token) -> Span | None:
    """'John Doe -AGENCY- (CITY)- The Chairman of X, Y Z, said': the byline's name is not the speaker.

    A name that opens the sentence and runs into punctuation other than a comma is a byline
    when a role noun in apposition to it carries another person's name.
    """
    doc = index.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    punctuation_after = after is not None and after.pos_ == "PUNCT" and after.text != ","
    broken = any(tok.pos_ == "PUNCT" for tok in ent) or punctuation_after
    opens = ent.start == ent.sent.start or doc[ent.start - 1].is_space
    if not opens or not broken:
        return None
    for token in subject.subtree:
        if token.dep_ == "appos" and token.lower_ in ROLE_NOUNS:
            inner = person_in_phrase(index, token)
            if inner is not None and inner.start >= ent.end:
                return inner
    return None


def _participle_subject(subject: Token) -> Token:
    """'X writing in Y said that': the parser makes 'writing' the subject; X speaks."""
    if subject.tag_ != "VBG":
        return subject
    return next((child for child in subject.children if child.dep_ == "nsubj" and child.pos_ == "PROPN"), subject)


def _describe_noun(index: DocIndex, noun: Token, history: list[Speaker], doc: Doc) -> Speaker | None:
    lemma = noun.lemma_.lower()
    dets = {child.lower_ for child in noun.children if child.dep_ in ("det", "poss")}
    poss_person = any(child.dep_ == "poss" and child.ent_type_ == "PERSON" for child in noun.children)
    plural = noun.tag_ in ("NNS", "NNPS")
    bare_title = not dets and noun.is_title and not plural and noun.lemma_.lower() in ROLE_NOUNS
    definite = bool(dets & DEFINITE_DETS) or any(child.dep_ == "poss" for child in noun.children) or bare_title
    if is_document(noun):
        # 'The filing said': a document speaks for the organisation that issued it, never
        # for a person named in it
        source = _document_source(index, noun, history)
        if source is not None:
            return source
        issuer = next((speaker for speaker in reversed(history) if speaker.name and not speaker.person), None)
        return issuer if definite and issuer is not None and not plural else Speaker(None)
    if _is_press_unit(noun):
        return _press_unit(index, noun)
    phrase = _noun_phrase(index, noun)
    named = self_named(index, noun)
    if named is not None and _only_in_headline(index.text, named):
        return Speaker(None, named.text)
    if named is not None:
        return _person(index, named)
    if definite and not plural and not poss_person:
        lemma = _leader_title(noun) or lemma
        if lemma in ROLE_NOUNS or _has_synonyms(lemma):
            person = _person_with_role(index, lemma, noun.idx)
            if person is not None:
                return person
            if not _has_of_phrase(noun):
                return Speaker(None, phrase)  # a description links only to a person it describes
        if lemma in ORG_NOUNS:
            owner = next((child for child in noun.children if child.dep_ == "poss"
                          and entity_label(index, child) in ("GPE", "ORG")), None)
            if owner is not None:
                return _describe(index, owner, history)  # "Kyrgyzstan's government said"
            found = _last_org(index, history, noun.idx, lemma)
            if found.name and lemma in name_tokens(found.name):
                return found
            if found.name and not _qualified(noun):
                return _national_body(index, noun) or found
            return _national_body(index, noun) or Speaker(None, phrase)
    return Speaker(None, phrase)  # unnamed: 'police', 'officials', 'a spokeswoman' (SCHEMA.md)


def _document_source(index: DocIndex, noun: Token, history: list[Speaker]) -> Speaker | None:
    """'the ministry's statement said', 'statistics from the X embassy', 'a report by X': the
    named owner or sender of a document speaks for it."""
    owners = [child for child in noun.children if child.dep_ == "poss"]
    for prep in (child for token in (noun, *(c for c in noun.children if c.dep_ == "acl")) for child in token.children):
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("from", "by"):
            owners += [child for child in prep.children if child.dep_ == "pobj"]
    for owner in owners:
        if owner.pos_ in ("NOUN", "PROPN") and not is_document(owner):
            speaker = _describe(index, owner, history)
            if speaker is not None and speaker.name:
                return speaker
    return None


def _is_press_unit(noun: Token) -> bool:
    return noun.lemma_.lower() in PRESS_UNITS and any(
        child.dep_ in ("compound", "amod") and child.lower_ in PRESS_WORDS for child in noun.children)


def _press_unit(index: DocIndex, noun: Token) -> Speaker:
    """'the KTZ press service said': a press service speaks under its owner's name as written;
    with no named owner ('the ministry's press office') it is an unnamed speaker (SCHEMA.md)."""
    start = noun.left_edge.i
    while start < noun.i and (index.doc[start].lower_ in DEFINITE_DETS | {"a", "an"} or index.doc[start].is_punct):
        start += 1
    phrase = index.doc[start : noun.i + 1]
    owner = [token for token in phrase if token.i < noun.i and token.lower_ not in PRESS_WORDS]
    named = any(token.text[:1].isupper() for token in owner)
    return Speaker(phrase.text) if named else Speaker(None, phrase.text)


def _leader_title(noun: Token) -> str | None:
    """'the head of state', 'the head of government': a description of a country's leader."""
    if noun.lemma_.lower() != "head":
        return None
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and any(
                child.dep_ == "pobj" and child.lower_ in ("state", "government") for child in prep.children):
            return "leader"
    return None


def _has_synonyms(lemma: str) -> bool:
    return lemma in ROLE_SYNONYMS


def _has_of_phrase(noun: Token) -> bool:
    return any(child.dep_ == "prep" and child.lower_ == "of" for child in noun.children)


def _noun_phrase(index: DocIndex, noun: Token) -> str | None:
    """'many analysts in China' -> 'analysts', 'Mekong nations', 'head of state'."""
    tokens = [child for child in noun.lefts
              if (child.dep_ == "compound" or child.dep_ == "amod" and child.ent_type_ not in ("GPE", "NORP"))
              and not is_nationality(index, child) and child.pos_ != "NUM" and child.lower_ not in QUANTIFIERS]
    tokens = [tok for tok in tokens if tok.i >= (tokens[-1].i if tokens else noun.i) - 3]
    start = min([tok.i for tok in tokens] + [noun.i])
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.is_lower and not any(g.dep_ == "det" for g in pobj.children):
                end = pobj.i + 1
    doc = index.doc
    while start < noun.i and (doc[start].is_punct or not _contiguous(doc, start, noun.i)):
        start += 1
    return doc[start:end].text


def _contiguous(doc: Doc, start: int, head: int) -> bool:
    return all(doc[i].head.i in range(start, head + 1) or doc[i].i == head for i in range(start, head + 1))


def _role_matches(role: str | None, lemma: str) -> bool:
    if not role:
        return False
    words = set(re.findall(r"[a-z]+", role.lower()))
    return bool(words & (ROLE_SYNONYMS.get(lemma, frozenset()) | {lemma}))


def _person_with_role(index: DocIndex, lemma: str, position: int) -> Speaker | None:
    """The nearest named person whose role contains the description's noun ('the minister')."""
    best = None
    for name, offsets in index.people:
        profile = index.profiles.get(name)
        if profile is None or not _role_matches(profile.role, lemma):
            continue
        key = nearest_offset(offsets, position)
        if best is None or key < best[0]:
            best = (key, Speaker(name, profile.role, profile.org, person=True))
    return best[1] if best else None


def _last_person(index: DocIndex, history: list[Speaker], position: int) -> Speaker | None:
    """He/she: the latest person speaker (named, or one unnamed person: 'said an engineer'),
    unless a person introduced as a sentence subject since then is nearer; else the nearest
    person mentioned before."""
    for speaker in reversed(history):
        if speaker.person or (speaker.name is None and _one_person(speaker.role)):
            return _subject_since(index, speaker, position) or speaker
    best = None
    for name, offsets in index.people:
        key = nearest_offset(offsets, position)
        if best is None or key < best[0]:
            best = (key, name)
    if best is None:
        return None
    profile = index.profiles.get(best[1], Profile())
    return Speaker(best[1], profile.role, profile.org, person=True)


def _one_person(role: str | None) -> bool:
    """'engineer', 'senior analyst': a description of one person ('officials' is many)."""
    return bool(role) and role.split()[-1].lower() in ROLE_NOUNS


def _subject_since(index: DocIndex, speaker: Speaker, position: int) -> Speaker | None:
    """'X, a young engineer on the site, is responsible for ...' between the last speaker and
    'he said': the person who is the subject of an earlier sentence after the last speaker's
    latest mention is the one the pronoun picks up."""
    if speaker.name is None:
        return None
    doc = index.doc
    pronoun_sentence = doc[token_at(index, position)].sent.start
    own = [offset for name, offsets in index.people if name == speaker.name for offset in offsets if offset < position]
    since = max(own, default=-1)
    best = None
    surname = name_tokens(speaker.name)[-1:]
    for name, offsets in index.people:
        if name_tokens(name)[-1:] == surname:
            continue  # the same person under another form of the name
        for offset in offsets:
            root = doc[token_at(index, offset)]
            while root.dep_ == "compound" and root.head.i > root.i:
                root = root.head
            if since < offset and root.i < pronoun_sentence and root.dep_ in ("nsubj", "nsubjpass") \
                    and (best is None or offset > best[0]):
                best = (offset, name)
    if best is None:
        return None
    profile = index.profiles.get(best[1], Profile())
    return Speaker(best[1], profile.role, profile.org, person=True)


def _last_org(index: DocIndex, history: list[Speaker], position: int, noun: str) -> Speaker:
    """'The company said': the latest organisation speaker, else the nearest organisation before.

    One whose name holds the noun ('the ministry' for 'Ministry of Energy') comes first.
    """
    speakers = [speaker for speaker in reversed(history) if speaker.name and not speaker.person]
    named = [speaker for speaker in speakers if noun in name_tokens(speaker.name)]
    if named:
        return named[0]
    best = None
    for name, label, offsets in index.orgs:
        if label != "ORG" or is_surname(index, name):
            continue
        before = [offset for offset in offsets if offset < position]
        if before:
            key = (noun in name_tokens(name), max(before))
            if best is None or key > best[0]:
                best = (key, name)
    if best is not None and (best[0][0] or not speakers):
        return Speaker(best[1])
    return speakers[0] if speakers else Speaker(None)


def _national_body(index: DocIndex, noun: Token) -> Speaker | None:
    """'the Chinese embassy in Astana said': a body a nationality or country names, as written."""
    modifiers = [child for child in noun.lefts if child.dep_ in ("amod", "compound", "poss")]
    if not any(is_nationality(index, child) or entity_label(index, child) == "GPE" for child in modifiers):
        return None
    if noun.lemma_.lower() in SIDE_NOUNS:
        country = _country_of(index, modifiers)
        if country is not None:
            return Speaker(country)  # 'the Chinese side said': China, in diplomatic usage
    start = min(child.left_edge.i for child in modifiers)
    end = noun.i + 1
    place = next((child for child in noun.rights if child.dep_ == "prep" and child.lower_ == "in"), None)
    if place is not None and all(entity_label(index, token) == "GPE" for token in place.subtree if token.i > place.i
                                 and not token.is_punct and token.lower_ != "the"):
        end = place.right_edge.i + 1
    return Speaker(index.doc[start:end].text)


def _country_of(index: DocIndex, modifiers: list[Token]) -> str | None:
    """The country the document names whose name a nationality word is made from
    ('Chinese' -> 'China', 'Kazakh' -> 'Kazakhstan'): the longest shared start, four letters at least."""
    for modifier in modifiers:
        if entity_label(index, modifier) == "GPE":
            return canonical_name(clean_name(modifier.text), [(n, o) for n, _, o in index.orgs], modifier.idx)
        word = modifier.lower_
        countries = [name for name, label, _ in index.orgs if label == "GPE" and len(name.split()) == 1]
        shared = [(len(_common_start(word, name.lower())), name) for name in countries]
        best = max(shared, default=(0, None))
        if best[0] >= MIN_DEMONYM_STEM and best[0] >= len(word) - 3:
            return best[1]
    return None


def _common_start(first: str, second: str) -> str:
    size = 0
    while size < min(len(first), len(second)) and first[size] == second[size]:
        size += 1
    return first[:size]


def attribute_speakers(doc: Doc, matches: list[QuoteMatch]) -> list[Quote]:
    """Resolve every match's speaker in text order and build the Quote records."""
    index = build_index(doc)
    build_profiles(index)
    return attribute_matches(index, matches)


def attribute_matches(index: DocIndex, matches: list[QuoteMatch]) -> list[Quote]:
    matches = sorted(matches, key=lambda match: (match.start, match.kind))
    history: list[Speaker] = []
    resolved: list[Speaker | None] = []
    previous_end = -1
    for match in matches:
        speaker = None
        if match.subject is not None:
            speaker = _describe(index, match.subject, history)
        elif match.cue is not None:
            speaker = _group_pronoun(index, match.cue, history) or _nearest_person_in_sentence(index, match.cue)
        if speaker is None and match.kind == "direct" and match.inherit != "next" \
                and _continues_previous(index.text, previous_end, match.start):
            speaker = _previous_speaker(history)
        if speaker is not None and not allowed_speaker(index.text, match, speaker.name):
            speaker = None
        resolved.append(speaker)
        if speaker is not None and (speaker.name or speaker.role):
            history.append(speaker)
            previous_end = match.end
    _inherit_forward(matches, resolved)
    _name_lead_source(index, matches, resolved)
    return [_to_quote(index, match, speaker) for match, speaker in zip(matches, resolved)]


def _name_lead_source(index: DocIndex, matches: list[QuoteMatch], resolved: list[Speaker | None]) -> None:
    """Wire leads: '..., a senior Polish official said on Friday.', then 'Deputy Foreign
    Minister X told a briefing ...': the one unnamed person of the lead is the first named,
    titled person the story quotes after it, when the lead did not name that person already
    and no other unnamed person speaks in between. Spokespeople are left unnamed."""
    for position, (match, speaker) in enumerate(zip(matches, resolved)):
        if speaker is None or speaker.name is not None or not _one_person(speaker.role):
            continue
        if index.text.count("\n\n", 0, match.start) > LEAD_PARAGRAPHS or not _indefinite(match.subject) \
                or speaker.role.split()[-1].lower().startswith("spokes"):
            return  # an unnamed spokesperson usually stays unnamed
        later = next((j for j in range(position + 1, len(resolved))
                      if resolved[j] is not None and resolved[j].person and resolved[j].name), None)
        if later is None or not resolved[later].role or resolved[later].name in index.text[: match.start] or any(other is not None and other is not speaker and other.name is None
                                and _one_person(other.role) for other in resolved[position + 1 : later]):
            return
        for j in range(position, later):
            if resolved[j] is speaker:
                resolved[j] = resolved[later]
        return


def _indefinite(subject: Token | None) -> bool:
    """'a senior diplomat', 'an official': one person the lead does not name yet."""
    return subject is not None and any(child.dep_ == "det" and child.lower_ in ("a", "an") for child in subject.children)


def _continues_previous(text: str, previous_end: int, start: int) -> bool:
    """An unattributed quote continues the last speaker only from the same or the next paragraph.

    News runs a speaker's quotes on over paragraphs; further away, nothing links them.
    """
    if previous_end < 0:
        return False
    between = text[previous_end:start]
    return len([line for line in between.split("\n")[1:-1] if line.strip()]) == 0


def _previous_speaker(history: list[Speaker]) -> Speaker | None:
    return history[-1] if history else None


def _inherit_forward(matches: list[QuoteMatch], resolved: list[Speaker | None]) -> None:
    """A paragraph that opens a quote without closing it is continued by the next quote."""
    for position in range(len(matches) - 1, -1, -1):
        if resolved[position] is None and matches[position].inherit == "next":
            later = next((resolved[j] for j in range(position + 1, len(matches)) if resolved[j] is not None), None)
            earlier = next((resolved[j] for j in range(position - 1, -1, -1) if resolved[j] is not None), None)
            resolved[position] = later or earlier


def _group_pronoun(index: DocIndex, cue: Token, history: list[Speaker]) -> Speaker | None:
    """'The ministry said ... It added that ...': an active cue whose subject is 'it' or 'they'
    goes on with the last speaker ('it was announced' has no speaker and is left alone)."""
    if any(child.dep_ in ("auxpass", "nsubjpass") for child in cue.children):
        return None
    subject = next((child for child in cue.children if child.dep_ == "nsubj" and child.lower_ in GROUP_PRONOUNS), None)
    return _describe(index, subject, history) if subject is not None else None


def _nearest_person_in_sentence(index: DocIndex, cue: Token) -> Speaker | None:
    sent = cue.sent
    people = [index.ent_of_token[tok.i] for tok in sent
              if tok.i in index.ent_of_token and index.ent_of_token[tok.i].label_ == "PERSON"]
    if not people:
        return None
    return _person(index, min(people, key=lambda span: abs(span.start - cue.i)))


def _to_quote(index: DocIndex, match: QuoteMatch, speaker: Speaker | None) -> Quote:
    text = index.text[match.start : match.end]
    cue = match.cue.lemma_.lower() if match.cue is not None else None
    if speaker is None:
        return Quote(text=text, start=match.start, end=match.end, kind=match.kind, cue=cue)
    return Quote(text=text, start=match.start, end=match.end, kind=match.kind, speaker=speaker.name,
                 speaker_role=speaker.role, speaker_org=speaker.org, cue=cue)
