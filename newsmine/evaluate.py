"""`newsmine evaluate`: score an analysis against a gold file (shared/eval/SCHEMA.md).

The definitions are the project's one measure, fixed so that figures are comparable
everywhere (they agree with the reference scorers in shared/tools):
- quote span match: bag-of-tokens overlap F1 >= 0.5 between predicted and gold quote text
  (lower-cased `\\w+` tokens, accents folded), matched greedily one-to-one per document,
  best overlap first; overall ignores kind, direct/indirect match within a kind only;
- speaker match: after dropping punctuation, possessives and leading honorifics, cutting
  Russian case endings from Cyrillic words (`cut_case_ending`: "Асеткуз отметила",
  "по словам Ахметова") and folding, the last tokens are equal or one name's tokens contain
  the other's; two nulls match;
- quote+speaker (end to end): the one-to-one matching redone over pairs matching both;
- entities: per-document sets of (name, type) over PERSON/ORG/GPE/LOC/FAC, a match when the
  normalised names (Cyrillic words cut to their stem, as for speakers) are equal or one contains the other at word boundaries, micro-averaged;
- topics: micro and macro F1 over labels (macro over the labels the gold uses).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsmine.corpus.schema import ENTITY_TYPES, Document
from newsmine.models.gazetteer.ru_stem import cut_case_ending

SPAN_THRESHOLD = 0.5
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "dame", "lord", "lady"})
KINDS = ("direct", "indirect")
MIN_CONTAINED_ENTITY_CHARS = 4


def fold(text: str | None) -> str:
    """Lower-case and strip accents (NFKD), so 'Núñez' and 'nunez' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def word_tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", fold(text))


def overlap_f1(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """Bag-of-tokens F1 between two token lists."""
    common = sum((Counter(predicted) & Counter(gold)).values())
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def speaker_tokens(name: str | None) -> list[str]:
    """The words of a speaker name as compared; Cyrillic words are stemmed before folding,
    so that "й" and "ё" still read as themselves when the ending is cut."""
    lowered = re.sub(r"['’`´]s\b", "", (name or "").lower())
    tokens = [fold(cut_case_ending(word)) for word in re.sub(r"[^\w\s]|_", " ", lowered).split()]
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tokens


def _contains(longer: list[str], shorter: list[str]) -> bool:
    size = len(shorter)
    return size > 0 and any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    gold_tokens, predicted_tokens = speaker_tokens(gold), speaker_tokens(predicted)
    if not gold_tokens or not predicted_tokens:
        return not gold_tokens and not predicted_tokens
    return (
        gold_tokens[-1] == predicted_tokens[-1]
        or _contains(gold_tokens, predicted_tokens)
        or _contains(predicted_tokens, gold_tokens)
    )


@dataclass(slots=True)
class _QuoteView:
    text: str
    kind: str
    speaker: str | None
    tokens: list[str]


def _quote_views(quotes: Iterable[dict[str, Any]]) -> list[_QuoteView]:
    views = []
    for quote in quotes:
        tokens = word_tokens(quote.get("text"))
        if tokens:
            views.append(_QuoteView(quote["text"], quote.get("kind") or "indirect", quote.get("speaker"), tokens))
    return views


def match_quotes(
    gold: Sequence[_QuoteView], predicted: Sequence[_QuoteView], *, need_speaker: bool = False
) -> list[tuple[int, int]]:
    """Greedy one-to-one (gold index, predicted index) pairs, best overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            score = overlap_f1(p.tokens, g.tokens)
            if score >= SPAN_THRESHOLD and (not need_speaker or same_speaker(g.speaker, p.speaker)):
                candidates.append((-score, gi, pi))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gi, pi))
    return pairs


@dataclass(slots=True)
class PRF:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "n_pred": self.predicted,
            "n_gold": self.gold,
        }


@dataclass
class Evaluation:
    """All figures of one evaluation run, plus the per-error listing."""

    quotes: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in ("overall", *KINDS, "e2e")})
    speaker_correct: int = 0
    role_org: Counter = field(default_factory=Counter)
    entities_typed: PRF = field(default_factory=PRF)
    entities_untyped: PRF = field(default_factory=PRF)
    entity_types: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in ENTITY_TYPES})
    topic_counts: dict[str, PRF] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        matched = self.quotes["overall"].tp
        return self.speaker_correct / matched if matched else 0.0

    def _share(self, right: str, total: str) -> float | None:
        """Accuracy over matched quotes whose gold speaker has a role / an organisation."""
        count = self.role_org[total]
        return round(self.role_org[right] / count, 4) if count else None

    def topic_micro_f1(self) -> float:
        total = PRF()
        for counts in self.topic_counts.values():
            total.add(counts.tp, counts.predicted, counts.gold)
        return total.f1

    def topic_macro_f1(self) -> float:
        used = [counts.f1 for counts in self.topic_counts.values() if counts.gold]
        return sum(used) / len(used) if used else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "quotes": {name: counts.to_dict() for name, counts in self.quotes.items()},
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "role_org_accuracy": self._share("right", "with_role_or_org"),
            "role_accuracy": self._share("role_right", "with_role"),
            "org_accuracy": self._share("org_right", "with_org"),
            "entities": {
                "typed": self.entities_typed.to_dict(),
                "untyped": self.entities_untyped.to_dict(),
                "per_type": {t: counts.to_dict() for t, counts in self.entity_types.items()},
            },
            "topics": {
                "micro_f1": round(self.topic_micro_f1(), 4),
                "macro_f1": round(self.topic_macro_f1(), 4),
                "per_label": {label: counts.to_dict() for label, counts in sorted(self.topic_counts.items())},
            },
        }


def evaluate(gold_documents: Iterable[dict[str, Any]], predicted: dict[str, Document]) -> Evaluation:
    """Score predicted Documents (by id) against gold documents; a missing id counts as empty."""
    evaluation = Evaluation()
    for gold in gold_documents:
        document = predicted.get(str(gold["id"])) or Document(id=str(gold["id"]), text=gold.get("text", ""))
        prediction = document.to_dict()
        _score_quotes(evaluation, gold, prediction)
        _score_entities(evaluation, gold, prediction)
        _score_topics(evaluation, gold, prediction)
    return evaluation


def _score_quotes(evaluation: Evaluation, gold: dict[str, Any], prediction: dict[str, Any]) -> None:
    gold_quotes = _quote_views(gold.get("quotes") or [])
    predicted_quotes = _quote_views(prediction["quotes"])
    pairs = match_quotes(gold_quotes, predicted_quotes)
    evaluation.quotes["overall"].add(len(pairs), len(predicted_quotes), len(gold_quotes))
    evaluation.quotes["e2e"].add(
        len(match_quotes(gold_quotes, predicted_quotes, need_speaker=True)), len(predicted_quotes), len(gold_quotes)
    )
    for kind in KINDS:
        gold_kind = [q for q in gold_quotes if q.kind == kind]
        predicted_kind = [q for q in predicted_quotes if q.kind == kind]
        evaluation.quotes[kind].add(len(match_quotes(gold_kind, predicted_kind)), len(predicted_kind), len(gold_kind))
    gold_raw = [q for q in gold.get("quotes") or [] if word_tokens(q.get("text"))]
    predicted_raw = [q for q in prediction["quotes"] if word_tokens(q.get("text"))]
    for gi, pi in pairs:
        right_speaker = same_speaker(gold_quotes[gi].speaker, predicted_quotes[pi].speaker)
        evaluation.speaker_correct += right_speaker
        _score_role_org(evaluation, gold_raw[gi], predicted_raw[pi])
        if not right_speaker:
            evaluation.errors.append(
                {"id": gold["id"], "error": "wrong speaker", "text": gold_quotes[gi].text,
                 "gold": gold_quotes[gi].speaker, "predicted": predicted_quotes[pi].speaker}
            )
    matched_gold = {gi for gi, _ in pairs}
    matched_predicted = {pi for _, pi in pairs}
    for gi, quote in enumerate(gold_quotes):
        if gi not in matched_gold:
            evaluation.errors.append(
                {"id": gold["id"], "error": f"missed {quote.kind} quote", "text": quote.text, "gold": quote.speaker}
            )
    for pi, quote in enumerate(predicted_quotes):
        if pi not in matched_predicted:
            evaluation.errors.append(
                {"id": gold["id"], "error": f"false {quote.kind} quote", "text": quote.text,
                 "predicted": quote.speaker}
            )


def _same_value(gold: str | None, predicted: str | None) -> bool:
    return word_tokens(gold) == word_tokens(predicted)


def _score_role_org(evaluation: Evaluation, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
    """Role and organisation of a matched quote, each counted where the gold speaker has it."""
    role_right = _same_value(gold.get("speaker_role"), predicted.get("speaker_role"))
    org_right = _same_value(gold.get("speaker_org"), predicted.get("speaker_org"))
    for field_name, right in (("role", role_right), ("org", org_right)):
        if gold.get(f"speaker_{field_name}"):
            evaluation.role_org[f"with_{field_name}"] += 1
            evaluation.role_org[f"{field_name}_right"] += right
    if gold.get("speaker_role") or gold.get("speaker_org"):
        evaluation.role_org["with_role_or_org"] += 1
        evaluation.role_org["right"] += role_right and org_right


def entity_key(name: str | None) -> str:
    """Normalised entity name: lower-case, no possessive, punctuation as space, no leading 'the',
    Cyrillic words cut to their stem."""
    text = (name or "").lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    return " ".join(cut_case_ending(word) for word in text.split())


def same_entity(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= MIN_CONTAINED_ENTITY_CHARS and re.search(rf"\b{re.escape(shorter)}\b", longer) is not None


def count_entity_matches(gold: list[tuple[str, str]], predicted: list[tuple[str, str]], *, typed: bool) -> int:
    """Greedy one-to-one matches, longest names first."""
    gold = sorted(gold, key=lambda item: -len(item[0]))
    predicted = sorted(predicted, key=lambda item: -len(item[0]))
    used: set[int] = set()
    matches = 0
    for gold_name, gold_type in gold:
        for index, (name, type_) in enumerate(predicted):
            if index not in used and (not typed or type_ == gold_type) and same_entity(gold_name, name):
                used.add(index)
                matches += 1
                break
    return matches


def _entity_set(entities: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    keyed = {(entity_key(e.get("name")), e.get("type")) for e in entities}
    return sorted(item for item in keyed if item[0] and item[1] in ENTITY_TYPES)


def _score_entities(evaluation: Evaluation, gold: dict[str, Any], prediction: dict[str, Any]) -> None:
    gold_set = _entity_set(gold.get("entities") or [])
    predicted_set = _entity_set(prediction["entities"])
    evaluation.entities_typed.add(count_entity_matches(gold_set, predicted_set, typed=True), len(predicted_set), len(gold_set))
    evaluation.entities_untyped.add(
        count_entity_matches(gold_set, predicted_set, typed=False), len(predicted_set), len(gold_set)
    )
    for type_, counts in evaluation.entity_types.items():
        gold_of_type = [item for item in gold_set if item[1] == type_]
        predicted_of_type = [item for item in predicted_set if item[1] == type_]
        counts.add(count_entity_matches(gold_of_type, predicted_of_type, typed=True), len(predicted_of_type), len(gold_of_type))
        matched_names = {name for name, _ in predicted_of_type}
        for name, _ in gold_of_type:
            if not any(same_entity(name, other) for other in matched_names):
                evaluation.errors.append({"id": gold["id"], "error": f"missed {type_} entity", "text": name})


def _score_topics(evaluation: Evaluation, gold: dict[str, Any], prediction: dict[str, Any]) -> None:
    gold_labels = set(gold.get("topics") or [])
    predicted_labels = {topic["label"] for topic in prediction["topics"]}
    for label in gold_labels | predicted_labels:
        counts = evaluation.topic_counts.setdefault(label, PRF())
        counts.add(int(label in gold_labels and label in predicted_labels), int(label in predicted_labels), int(label in gold_labels))
        if label in gold_labels - predicted_labels:
            evaluation.errors.append({"id": gold["id"], "error": "missed topic", "text": label})
        elif label in predicted_labels - gold_labels:
            evaluation.errors.append({"id": gold["id"], "error": "false topic", "text": label})


def format_report(evaluation: Evaluation) -> str:
    """Human-readable figures, one component per block."""
    figures = evaluation.to_dict()
    lines = ["Quotes          P       R       F1"]
    for name in ("overall", "direct", "indirect", "e2e"):
        q = figures["quotes"][name]
        label = "quote+speaker" if name == "e2e" else name
        lines.append(f"  {label:<13} {q['p']:.3f}   {q['r']:.3f}   {q['f1']:.3f}   (gold {q['n_gold']}, predicted {q['n_pred']})")
    lines.append(f"  speaker accuracy {figures['speaker_accuracy']:.3f}")
    for key, label in (("role_accuracy", "role"), ("org_accuracy", "organisation"), ("role_org_accuracy", "both")):
        if figures[key] is not None:
            lines.append(f"  {label} right {figures[key]:.3f}")
    lines.append("Entities        P       R       F1")
    for name in ("typed", "untyped"):
        e = figures["entities"][name]
        lines.append(f"  {name:<13} {e['p']:.3f}   {e['r']:.3f}   {e['f1']:.3f}")
    for type_, e in figures["entities"]["per_type"].items():
        lines.append(f"    {type_:<11} {e['p']:.3f}   {e['r']:.3f}   {e['f1']:.3f}   (gold {e['n_gold']})")
    topics = figures["topics"]
    lines.append(f"Topics          micro-F1 {topics['micro_f1']:.3f}   macro-F1 {topics['macro_f1']:.3f}")
    for label, t in topics["per_label"].items():
        lines.append(f"    {label:<24} {t['p']:.3f}   {t['r']:.3f}   {t['f1']:.3f}   (gold {t['n_gold']})")
    return "\n".join(lines)
