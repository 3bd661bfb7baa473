"""The modality test set Flashpoint ships (data/evaluation/modality_sentences.tsv): per-class P/R/F1.

Each row is one sentence, the word that expresses its event and the modality an analyst gives it. The
sentence is coded like any article (published on the row's date); the modality scored is that of the
event coded at the trigger word. Where the events stage codes no event at that word (its lexicon does not
know the word in that use), the modality is read for the word exactly as the events stage would read it
(same attribution, same date), and the row is counted in `no_event`, so the scores measure modality, not
event detection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..coder import code_parsed, parse_articles
from ..data import data_path
from ..errors import EvaluationError
from ..events.modality import token_modality
from ..ingest.article import Article, parse_published
from ..nlp import load_pipeline
from ..records.model import MODALITIES
from .scoring import classification_report

DEFAULT_PATH = data_path("evaluation", "modality_sentences.tsv")


@dataclass(frozen=True)
class ModalityCase:
    modality: str
    trigger: str
    occurrence: int
    published: str
    case: str
    sentence: str
    split: str = "dev"


def read_modality_set(path: Path = DEFAULT_PATH) -> list[ModalityCase]:
    cases = []
    lines = path.read_text(encoding="utf-8").splitlines()
    header: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        if len(fields) != len(header):
            raise EvaluationError(f"{path}:{number}: expected {len(header)} tab-separated fields")
        row = dict(zip(header, fields, strict=True))
        if row["modality"] not in MODALITIES:
            raise EvaluationError(f"{path}:{number}: unknown modality {row['modality']!r}")
        word, _, nth = row["trigger"].partition("#")
        cases.append(
            ModalityCase(
                row["modality"],
                word,
                int(nth or 1),
                row["published"],
                row["case"],
                row["sentence"],
                row.get("split", "dev"),
            )
        )
    return cases


def evaluate_modality(path: Path = DEFAULT_PATH, *, model: str | None = None) -> dict:
    """Per-class precision, recall and F1 of event modality on the test set at `path`."""
    cases = read_modality_set(path)
    nlp = load_pipeline(model)
    articles = [
        Article(text=c.sentence, id=f"m{i}", published=c.published) for i, c in enumerate(cases, start=1)
    ]
    docs = parse_articles(nlp, articles, batch_size=64)
    gold, predicted, misses = [], [], []
    by_split: dict[str, list[int]] = {}
    no_event = 0
    for case, article, doc in zip(cases, articles, docs, strict=True):
        coded = code_parsed(nlp, article, doc)
        token = _trigger(doc, case)
        if token is None:
            raise EvaluationError(f"trigger {case.trigger!r} not found in: {case.sentence}")
        events = getattr(coded, "record", None)
        event = next(
            (
                e
                for e in (events.events if events is not None else ())
                if e.trigger.start <= token.idx < e.trigger.end
            ),
            None,
        )
        if event is not None:
            modality = event.modality
        else:
            no_event += 1
            modality = token_modality(doc, token, _date(case.published)).modality
        gold.append(case.modality)
        predicted.append(modality)
        tally = by_split.setdefault(case.split, [0, 0])
        tally[0] += modality == case.modality
        tally[1] += 1
        if modality != case.modality:
            misses.append(
                {
                    "sentence": case.sentence,
                    "trigger": case.trigger,
                    "gold": case.modality,
                    "got": modality,
                    "split": case.split,
                }
            )
    result = classification_report(gold, predicted, MODALITIES)
    result["no_event"] = no_event
    result["accuracy_by_split"] = {
        split: {"accuracy": round(right / total, 4), "n": total} for split, (right, total) in by_split.items()
    }
    result["misses"] = misses
    return result


def _date(value: str) -> dt.date | None:
    published = parse_published(value)
    return dt.date.fromisoformat(published[:10]) if published else None


def _trigger(doc, case: ModalityCase):
    seen = 0
    for token in doc:
        if token.text == case.trigger:
            seen += 1
            if seen == case.occurrence:
                return token
    return None


__all__ = ["DEFAULT_PATH", "ModalityCase", "evaluate_modality", "read_modality_set"]
