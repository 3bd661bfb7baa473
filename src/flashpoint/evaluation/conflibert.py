"""ConfliBERT's CAMEO data (eventdata/ConfliBERT, train splits): quad-class sentences and role spans.

Each sentence is coded as its own article. The sentence's class is the quad class of its main event
(`events.ranker.main_event`), or 0 when there is none; roles are the main event's actor (S) and recipient
(T) spans, mapped onto the gold tokens; the parties of a reciprocal event count as both (ConfliBERT's R).

The shipped event ranker is trained on the quad file, and most role sentences are quad sentences too, so
its scores here are k-fold cross-validated: sentences are put in K folds by a hash of their normalised
text, and each sentence is ranked by a model trained on the other folds only (`cv_models`). The role
chooser (events.roles) is trained on the role file, so it is cross-validated the same way, with the same
folds: a sentence's main event is chosen by the ranker of its fold and its roles by a role model trained
on the role sentences of the other folds (whose main events that same ranker chose). The rules-only
scores (ranker or role model off) are reported beside them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..actors.index import EntityIndex
from ..coder import parse_articles
from ..data import data_path
from ..errors import EvaluationError
from ..events.coder import (
    RECIPROCAL,
    TaggedRoles,
    choose_roles,
    find_events,
    is_reciprocal,
    mark_reciprocal,
    option_actors,
    role_frame,
    sentence_span,
    tagged_roles,
)
from ..events.ranker import (
    QuadModel,
    file_digest,
    main_event,
    rank_events,
    sentence_features,
    train_quad_model,
)
from ..events.roles import RoleExample, RoleModel, role_options, train_role_model
from ..events.tagger import (
    SEEDS,
    TRAINING_VERSION,
    RoleTagger,
    TrainingSettings,
    role_spans,
    save_tagger,
    train_role_tagger,
)
from ..ingest.article import Article, article_id
from ..nlp.extensions import stage_results
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
            events = find_events(doc, ranker=None, roles=None)
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


def training_parser(description: str, model_file: tuple[str, ...]) -> argparse.ArgumentParser:
    """The command line of a tool that trains a model on a ConfliBERT file (tools/train_*.py): `--data`
    (the shared data folder) and `--out` (the weights file, by default the shipped one); a tool adds its
    own options to it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=data_path(*model_file), help="weights file to write")
    return parser


def training_file(data: Path, file_name: str) -> Path | None:
    """The ConfliBERT training file in the shared data folder, or None (with a message) when it is missing."""
    path = data / "conflibert_cameo" / file_name
    if not path.exists():
        print(f"no training data at {path}", file=sys.stderr)
        return None
    return path


def training_data(
    argv: Sequence[str] | None, description: str, file_name: str, model_file: tuple[str, ...]
) -> tuple[Path, Path] | None:
    """`training_parser`'s command line read: the training file and the output path, or None (with a
    message) when the file is missing."""
    args = training_parser(description, model_file).parse_args(argv)
    path = training_file(args.data, file_name)
    return None if path is None else (path, args.out)


def write_weights(out: Path, text: str, features: int) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} kB, {features} features)")


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


@dataclass(frozen=True)
class RoleSentence:
    """One role-annotated sentence: its gold tokens and tags, and the sentence coded by the rules."""

    words: list[str]
    tags: list[str]
    starts: list[int]  # character offset of each gold token in the coded text (tokens joined by spaces)
    coded: CodedSentence

    def gold(self, role: str) -> set[tuple[int, int]]:
        return role_spans(self.tags, role)

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        return _token_range(self.starts, start, end)


def _split_off(words: list[str], n: int) -> bool:
    """Whether ConfliBERT's tokenizer cut one written word before `words[n]`: it splits the typographic
    possessive ("May ’ s offer"), which spaCy reads as a possessive only when written as in the source
    ("May’s offer")."""
    possessive = [words[n - 1 : n + 1], words[n : n + 2]]
    return any(len(p) == 2 and p[0] == "\u2019" and p[1].lower() == "s" for p in possessive)


def code_role_sentences(
    path: Path, *, model: str | None = None, limit: int | None = None
) -> list[RoleSentence]:
    """The sentences of a BIO roles file, each coded as an article by the rules (no learned roles)."""
    sentences = read_bio(path)[:limit]
    texts, offsets = [], []
    for sentence in sentences:
        starts, position, text = [], 0, ""
        words = [token for token, _ in sentence]
        for n, token in enumerate(words):
            if n and not _split_off(words, n):
                text += " "
                position += 1
            starts.append(position)
            text += token
            position += len(token)
        texts.append(text)
        offsets.append(starts)
    return [
        RoleSentence([w for w, _ in sentence], [t for _, t in sentence], starts, coded)
        for sentence, starts, coded in zip(sentences, offsets, code_sentences(texts, model), strict=True)
    ]


def _main_with_roles(
    sentence: RoleSentence,
    ranker: QuadModel | None,
    roles: RoleModel | None,
    tagged: TaggedRoles | None = None,
) -> Event | None:
    """The sentence's main event (every role sentence reports one: the best, however confident), with
    its roles chosen by `roles` (None: the rules' roles), reading what a tagger marked if given."""
    event = _main(sentence.coded, ranker, minimum=0.0)
    if event is None or roles is None:
        return event
    doc = sentence.coded.doc
    index = EntityIndex(doc)  # type: ignore[arg-type]
    plain = replace(event, provenance=";".join(p for p in event.provenance.split(";") if p != RECIPROCAL))
    quotes = stage_results(doc, "quotes")  # type: ignore[arg-type]
    chosen = choose_roles(doc, plain, roles, index, quotes, tagged=tagged)  # type: ignore[arg-type]
    return mark_reciprocal(chosen, doc)  # type: ignore[arg-type]


def cv_taggers(path: Path, folds: int = FOLDS, cache: Path | None = None) -> list[RoleTagger]:
    """One role tagger per fold, each trained on the role sentences of the other folds (every member of
    the ensemble, one per seed: events.tagger.SEEDS). Each member takes minutes, so the weights are kept
    under `cache` (default $FLASHPOINT_CACHE, else ~/.cache/flashpoint), keyed by the data, the fold, the
    settings and the training's version: a rerun reuses them."""
    sentences = [([w for w, _ in s], [t for _, t in s]) for s in read_bio(path)]
    assignment = [fold_of(" ".join(words), folds) for words, _ in sentences]
    cache = cache or Path(os.environ.get("FLASHPOINT_CACHE") or Path.home() / ".cache" / "flashpoint")
    taggers = []
    for fold in range(folds):
        members = []
        for seed in SEEDS:
            settings = TrainingSettings(seed=seed)
            key = f"{file_digest(path)}|{fold}/{folds}|{settings}|v{TRAINING_VERSION}"
            weights = (
                cache / "role_tagger" / f"fold{fold}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"
            )
            if not weights.exists():
                training = [s for s, f in zip(sentences, assignment, strict=True) if f != fold]
                print(
                    f"training the role tagger of fold {fold}, seed {seed} ({len(training)} sentences)",
                    file=sys.stderr,
                )
                save_tagger(train_role_tagger(training, settings), weights)
            members.append(weights)
        taggers.append(RoleTagger.from_files(members, model_id=f"fold{fold}"))
    return taggers


def _event_spans(sentence: RoleSentence, event: Event | None, role: str) -> set[tuple[int, int]]:
    """An event's participants in one role as gold-token spans; a reciprocal event's parties are each
    actor and recipient (ConfliBERT's R). An event lists coordinated members one by one, as ConfliBERT
    marks the members of a source or target (S and T spans run "X", "Y" 33 and 54 times in the role file,
    "X and Y" at most 17 and 22 times); the parties of a joint act it marks as one R span ("Trump and
    Putin", 45 times), so a reciprocal event's members are joined."""
    if event is None:
        return set()
    if is_reciprocal(event):
        parties = event.actor + event.recipient
        spans = {r for a in parties if (r := sentence.token_range(a.start, a.end)) is not None}
        return _merge_coordinated(spans, sentence.words)  # type: ignore[arg-type]
    actors = event.actor if role == "S" else event.recipient
    return {r for a in actors if (r := sentence.token_range(a.start, a.end)) is not None}


def role_example(
    sentence: RoleSentence, event: Event, tagged: TaggedRoles | None = None
) -> RoleExample | None:
    """The role options of `event` with the ones matching the gold S and T spans marked right: an exact
    match, else one overlapping the gold span, else (to learn the head at least) the full reading of the
    gold span's head. The "none" option is right where the role has no gold span. With `tagged`, the
    options carry the tagger's features (TaggedRoles.with_features)."""
    doc = sentence.coded.doc
    frame = role_frame(doc, event)  # type: ignore[arg-type]
    if frame is None:
        return None
    index = EntityIndex(doc)  # type: ignore[arg-type]
    options = role_options(frame, index.coded_heads())
    if tagged is not None:
        options = tagged.with_features(options, doc)  # type: ignore[arg-type]
    spans = []
    for option in options:
        actors = option_actors(option, index, frame.anchor, None)
        found = {r for a in actors if (r := sentence.token_range(a.start, a.end)) is not None}
        spans.append(_merge_coordinated(found, sentence.words))
    correct = []
    for role in ("S", "T"):
        gold = sentence.gold(role)
        right = {k for k, span in enumerate(spans) if span == gold}
        if gold and not right:
            right = {k for k, span in enumerate(spans) if span & gold}
        if gold and not right:
            heads = {h.i for h in _gold_heads(sentence, gold)}
            right = {k for k, o in enumerate(options) if o.head in heads and "full" in o.features}
        correct.append(frozenset(right))
    return RoleExample([o.features for o in options], (correct[0], correct[1]))


def _gold_heads(sentence: RoleSentence, gold: set[tuple[int, int]]) -> list:
    doc = sentence.coded.doc
    heads = []
    for start, end in gold:
        span = doc.char_span(  # type: ignore[attr-defined]
            sentence.starts[start],
            sentence.starts[end - 1] + len(sentence.words[end - 1]),
            alignment_mode="expand",
        )
        if span is not None and len(span):
            heads.append(span.root)
    return heads


def role_examples(
    sentences: Sequence[RoleSentence],
    ranker: QuadModel | None,
    tagged: Sequence[TaggedRoles | None] | None = None,
) -> list[RoleExample]:
    """Training examples of the role model: each sentence's main event (chosen by `ranker`) and its gold
    (with what a tagger marked in each sentence, if `tagged`)."""
    examples = []
    for sentence, marked in zip(sentences, tagged or [None] * len(sentences), strict=True):
        event = _main(sentence.coded, ranker, minimum=0.0)
        example = role_example(sentence, event, marked) if event is not None else None
        if example is not None:
            examples.append(example)
    return examples


def evaluate_roles(
    path: Path,
    *,
    model: str | None = None,
    limit: int | None = None,
    quad_path: Path | None = None,
    tagger: bool = False,
) -> dict:
    """Role spans of each sentence's main event, cross-validated (folds by text hash, shared with the
    quad file): for the sentences of fold k, the main event is chosen by the quad ranker trained on the
    quad sentences outside fold k, and its roles by the role model trained on the role sentences
    outside fold k. The rules' own roles (role model off) are reported beside them.

    With `tagger`, the accurate profile's: every sentence is tagged by the role tagger trained outside
    its fold, and the role model (trained with the tagger's features, TaggedRoles.with_features) reads
    those tags both where it learns and where it is scored. (A sentence of another fold, which the role
    model of fold k learns from, was tagged by a tagger that saw fold k's gold spans: the usual stacking
    of out-of-fold predictions, slightly optimistic against fully nested folds.)"""
    taggers = cv_taggers(path) if tagger else []  # first: without the transformer extra, nothing to do
    sentences = code_role_sentences(path, model=model)
    quad_path = quad_path or path.with_name("quad_train.tsv")
    rankers: list[QuadModel | None] = cv_models(quad_path) if quad_path.exists() else [None] * FOLDS
    folds = [fold_of(s.coded.text) for s in sentences]
    tagged: list[TaggedRoles | None] = [None] * len(sentences)
    extra = {}
    if tagger:
        tagged = tagged_roles_out_of_fold(list(zip(sentences, folds, strict=True)), rankers, taggers)
        # The tagger on its own, on the gold words: the sentence's source and target, no event (as
        # ConfliBERT itself is scored).
        extra["tagger_alone"] = _tagger_alone(list(zip(sentences, folds, strict=True))[:limit], taggers)
    role_models = []
    for k in range(FOLDS):
        training = [i for i, fold in enumerate(folds) if fold != k]
        examples = role_examples([sentences[i] for i in training], rankers[k], [tagged[i] for i in training])
        role_models.append(train_role_model(examples))
    scored = list(zip(sentences, folds, strict=True))[:limit]
    learned = [
        (s, _main_with_roles(s, rankers[f], role_models[f], t))
        for (s, f), t in zip(scored, tagged, strict=False)
    ]
    rules = [(s, _main_with_roles(s, rankers[f], None)) for s, f in scored]
    ranked = "quad ranker" if quad_path.exists() else "rules (no quad file to train the ranker)"
    return {
        "n": len(scored),
        "protocol": f"{FOLDS}-fold cross-validation by text hash: main event by the {ranked}, roles by the "
        f"role model{' guided by the role tagger' if tagger else ''}, each trained outside the sentence's "
        "fold",
        **_role_counts(learned),
        "rules_only": _role_counts(rules),
        # ConfliBERT marks a coordinated participant now as one span, now as one per member; merging the
        # members on both sides scores both markings alike (reported beside).
        "gold_coordination_merged": _role_counts(learned, merge_gold=True),
        **extra,
    }


def evaluate_roles_tagged(
    path: Path, *, model: str | None = None, limit: int | None = None, quad_path: Path | None = None
) -> dict:
    """`evaluate_roles` for the accurate profile (role tagger on); the first run trains five taggers."""
    return evaluate_roles(path, model=model, limit=limit, quad_path=quad_path, tagger=True)


def tagged_roles_out_of_fold(
    scored: list[tuple[RoleSentence, int]], rankers: Sequence[QuadModel | None], taggers: list[RoleTagger]
) -> list[TaggedRoles | None]:
    """What each fold's tagger marks in the sentence of each fold's main event."""
    tagged: list[TaggedRoles | None] = [None] * len(scored)
    for fold, tagger in enumerate(taggers):
        positions = [i for i, (_, f) in enumerate(scored) if f == fold]
        spans = []
        for i in positions:
            event = _main(scored[i][0].coded, rankers[fold], minimum=0.0)
            spans.append(sentence_span(scored[i][0].coded.doc, event) if event else None)  # type: ignore[arg-type]
        for i, found in zip(positions, tagged_roles(spans, tagger), strict=True):
            tagged[i] = found
    return tagged


def _tagger_alone(scored: list[tuple[RoleSentence, int]], taggers: list[RoleTagger]) -> dict:
    counts = {role: [0, 0, 0] for role in ("S", "T")}
    for fold, tagger in enumerate(taggers):
        sentences = [s for s, f in scored if f == fold]
        for sentence, tags in zip(sentences, tagger.tag([s.words for s in sentences]), strict=True):
            for role, (hit, found, gold) in counts.items():
                predicted, wanted = role_spans(tags, role), sentence.gold(role)
                counts[role] = [hit + len(predicted & wanted), found + len(predicted), gold + len(wanted)]
    return {f"{role}_span": prf(*c) for role, c in counts.items()}


def _role_counts(pairs: Iterable[tuple[RoleSentence, Event | None]], *, merge_gold: bool = False) -> dict:
    counts = {role: {"tok": [0, 0, 0], "span": [0, 0, 0]} for role in ("S", "T")}
    for sentence, event in pairs:
        for role in ("S", "T"):
            gold_spans = sentence.gold(role)
            predicted_spans = _event_spans(sentence, event, role)
            if merge_gold:
                gold_spans = _merge_coordinated(gold_spans, sentence.words)
                predicted_spans = _merge_coordinated(predicted_spans, sentence.words)
            gold_tokens = {i for s, e in gold_spans for i in range(s, e)}
            predicted_tokens = {i for s, e in predicted_spans for i in range(s, e)}
            for kind, p, g in (("tok", predicted_tokens, gold_tokens), ("span", predicted_spans, gold_spans)):
                counts[role][kind][0] += len(p & g)
                counts[role][kind][1] += len(p)
                counts[role][kind][2] += len(g)
    return {f"{role}_{kind}": prf(*counts[role][kind]) for role in ("S", "T") for kind in ("tok", "span")}


# Tokens that may stand between the members of one coordinated participant ("the US and China").
_COORDINATION = {"and", "or", ",", "&", "as", "well"}


def _merge_coordinated(spans: set[tuple[int, int]], words: list[str]) -> set[tuple[int, int]]:
    """ConfliBERT marks the coordinated parties of a joint act as one span; an event lists each member as
    an actor. Members separated only by "and", "or" or commas are joined into one span."""
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
