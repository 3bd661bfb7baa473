"""ConfliBERT's CAMEO data (eventdata/ConfliBERT, train splits): quad-class sentences and role spans.

Each sentence is coded as its own article. The sentence's class is the quad class of its main event
(`events.ranker.main_event`), or 0 when there is none; roles are the main event's actor (S) and recipient
(T) spans, mapped onto the gold tokens.

The shipped event ranker is trained on the quad file, and most role sentences are quad sentences too, so
its scores here are k-fold cross-validated: sentences are put in K folds by a hash of their normalised
text, and each sentence is ranked by a model trained on the other folds only (`cv_models`). The
rules-only scores (ranker off) are reported beside them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..coder import parse_articles
from ..errors import EvaluationError
from ..events.coder import find_events
from ..events.ranker import QuadModel, main_event, rank_events, sentence_features, train_quad_model
from ..ingest.article import Article, article_id
from ..nlp.pipeline import load_pipeline, run_stages
from ..records.model import Event
from .scoring import classification_report, prf

QUAD_LABELS = (0, 1, 2, 3, 4)
FOLDS = 5


def read_quad(path: Path) -> list[tuple[str, int]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        if not text or not label.strip().isdigit():
            raise EvaluationError(f"{path}:{number}: expected 'sentence<TAB>label'")
        rows.append((text, int(label)))
    return rows


@dataclass(frozen=True)
class CodedSentence:
    """One sentence coded by the rules, with what the ranker reads from it."""

    text: str
    events: list[Event]  # rule confidences (ranker off)
    features: list[str]
    doc: object  # the spaCy Doc, for re-ranking


def fold_of(text: str, folds: int = FOLDS) -> int:
    """A sentence's fold, from its normalised text, so the same sentence in both files shares a fold."""
    key = re.sub(r"\W+", "", text.lower())
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % folds


def code_sentences(texts: Sequence[str], model: str | None = None) -> Iterator[CodedSentence]:
    """Each text through the whole pipeline; its events as the rules rank them."""
    nlp = load_pipeline(model)
    articles = [Article(text=t, id=article_id(t) + f"-{i}") for i, t in enumerate(texts)]
    for start in range(0, len(articles), 256):
        batch = articles[start : start + 256]
        for article, doc in zip(batch, parse_articles(nlp, batch, batch_size=64), strict=True):
            doc._.article = article
            doc = run_stages(nlp, doc)
            events = find_events(doc, ranker=None)
            features = sentence_features(doc[:], events)
            yield CodedSentence(article.text, events, features, doc)


def cv_models(path: Path, coded: list[CodedSentence] | None = None, folds: int = FOLDS) -> list[QuadModel]:
    """One ranker per fold, each trained on the quad sentences of the other folds."""
    rows = read_quad(path)
    if coded is None:
        coded = list(code_sentences([t for t, _ in rows]))
    assignment = [fold_of(t, folds) for t, _ in rows]
    models = []
    for fold in range(folds):
        keep = [i for i, f in enumerate(assignment) if f != fold]
        models.append(train_quad_model([coded[i].features for i in keep], [rows[i][1] for i in keep]))
    return models


def _main(sentence: CodedSentence, model: QuadModel | None, *, minimum: float | None = None) -> Event | None:
    ranked = rank_events(sentence.doc, sentence.events, model)  # type: ignore[arg-type]
    return main_event(ranked) if minimum is None else main_event(ranked, minimum=minimum)


def evaluate_quad(path: Path, *, model: str | None = None, limit: int | None = None) -> dict:
    """Quad class of the main event per sentence, with the ranker cross-validated (see module doc)."""
    rows = read_quad(path)
    coded = list(code_sentences([text for text, _ in rows], model))
    models = cv_models(path, coded)
    rows, coded = rows[:limit], coded[:limit]
    gold = [label for _, label in rows]
    learned, rules = [], []
    for (text, _), sentence in zip(rows, coded, strict=True):
        for out, ranker in ((learned, models[fold_of(text)]), (rules, None)):
            event = _main(sentence, ranker)
            out.append(event.quad_class if event is not None else 0)
    report = classification_report(gold, learned, QUAD_LABELS)
    report["protocol"] = f"{FOLDS}-fold cross-validation (folds by text hash); ranker trained on other folds"
    report["rules_only"] = classification_report(gold, rules, QUAD_LABELS)
    return report


def evaluate_quad_rules(path: Path, *, model: str | None = None, limit: int | None = None) -> dict:
    """The same, with the rules' own confidences choosing the main event (no training involved)."""
    rows = read_quad(path)[:limit]
    predicted = []
    for sentence in code_sentences([text for text, _ in rows], model):
        event = _main(sentence, None)
        predicted.append(event.quad_class if event is not None else 0)
    return classification_report([label for _, label in rows], predicted, QUAD_LABELS)


def read_bio(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, _, tag = line.rpartition(" ")
        current.append((token, tag.strip()))
    if current:
        sentences.append(current)
    return sentences


def _spans(tags: list[str], role: str) -> set[tuple[int, int]]:
    """Contiguous token runs of a role; R (a joint actor) counts as both S and T."""
    spans, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        inside = tag != "O" and tag[2:] in (role, "R")
        begins = inside and (tag.startswith("B-") or start is None)
        if start is not None and (not inside or begins):
            spans.add((start, i))
            start = None
        if begins:
            start = i
    return spans


def evaluate_roles(
    path: Path, *, model: str | None = None, limit: int | None = None, quad_path: Path | None = None
) -> dict:
    """Role spans of the main event; the main event is chosen by the ranker of the sentence's fold,
    trained on the quad sentences outside that fold (`quad_train.tsv` beside the roles file)."""
    sentences = read_bio(path)[:limit]
    texts, offsets = [], []
    for sentence in sentences:
        starts, position = [], 0
        for token, _ in sentence:
            starts.append(position)
            position += len(token) + 1
        texts.append(" ".join(token for token, _ in sentence))
        offsets.append(starts)
    quad_path = quad_path or path.with_name("quad_train.tsv")
    models = cv_models(quad_path) if quad_path.exists() else [None] * FOLDS
    counts = {role: {"tok": [0, 0, 0], "span": [0, 0, 0]} for role in ("S", "T")}
    for sentence, starts, coded in zip(sentences, offsets, code_sentences(texts, model), strict=True):
        tags = [tag for _, tag in sentence]
        # Every role sentence reports an event: its best-ranked one, however confident.
        event = _main(coded, models[fold_of(coded.text)], minimum=0.0)
        for role, actors in (("S", event.actor if event else ()), ("T", event.recipient if event else ())):
            gold_spans = _spans(tags, role)
            predicted_spans = _merge_coordinated(
                {r for a in actors if (r := _token_range(starts, a.start, a.end)) is not None},
                [token for token, _ in sentence],
            )
            gold_tokens = {i for s, e in gold_spans for i in range(s, e)}
            predicted_tokens = {i for s, e in predicted_spans for i in range(s, e)}  # type: ignore[misc]
            for kind, p, g in (("tok", predicted_tokens, gold_tokens), ("span", predicted_spans, gold_spans)):
                counts[role][kind][0] += len(p & g)
                counts[role][kind][1] += len(p)
                counts[role][kind][2] += len(g)
    return {
        "n": len(sentences),
        "protocol": f"main event by the {FOLDS}-fold cross-validated ranker"
        if quad_path.exists()
        else "rules only (no quad file to train the ranker)",
        **{f"{role}_{kind}": prf(*counts[role][kind]) for role in ("S", "T") for kind in ("tok", "span")},
    }


# Tokens that may stand between the members of one coordinated participant ("the US and China").
_COORDINATION = {"and", "or", ",", "&", "as", "well"}


def _merge_coordinated(spans: set[tuple[int, int]], words: list[str]) -> set[tuple[int, int]]:
    """ConfliBERT marks a coordinated participant as one span; an event lists each member as an actor.
    Members separated only by "and", "or" or commas are joined into one span before scoring."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        between = words[merged[-1][1] : start] if merged and start >= merged[-1][1] else None
        if between is not None and all(w.lower() in _COORDINATION for w in between):
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end])
    return {(s, e) for s, e in merged}


def _token_range(starts: list[int], start: int, end: int) -> tuple[int, int] | None:
    first = next((i for i, s in enumerate(starts) if s >= start), None)
    last = max((i for i, s in enumerate(starts) if s < end), default=None)
    if first is None or last is None or last < first:
        return None
    return (first, last + 1)
