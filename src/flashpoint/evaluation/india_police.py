"""IndiaPoliceEvents (slanglab; Times of India, March 2002): sentence-level questions "Did police kill
someone?" (KILL) and "Did police arrest someone?" (ARREST) on lower-cased, mojibake-laden text.

Each sentence is coded as its own text and answered from the events coded in it:

- ARREST: an arrest (COERCE, CAMEO 173 or mode `arrest`) that happened (not negated, hypothetical,
  conditional or future), by the police or by an actor the sentence leaves unnamed ("were arrested").
- KILL: a lethal assault (ASSAULT whose trigger is a killing word, CAMEO 186/20x, or with `dead` counted:
  "three protesters died in police firing") that happened, in a sentence where the police are an
  ASSAULT event's actor or are mentioned ("killed in police firing").

Scores are precision/recall/F1 over all sentences; no training is involved.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..coder import Coded, code_items
from ..ingest.article import Article
from ..records.model import ArticleRecord, Event
from .scoring import prf

LABELS = ("KILL", "ARREST")
_UNREAL = {"negated", "hypothetical", "conditional", "future"}
# How the questions map onto the event record (scoring protocol, not coding knowledge).
_LETHAL_WORDS = {
    "kill", "killed", "killing", "killings", "murder", "murdered", "shot", "gunned", "slain", "died",
}  # fmt: skip
_POLICE_WORDS = {"police", "policeman", "policemen", "cop", "cops", "constable", "constables", "jawans"}


def read_sentences(path: Path, limit: int | None = None) -> list[tuple[str, set[str]]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            rows.append((record["sent_text"], set(record.get("sent_labels") or ())))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _is_police(event: Event) -> bool:
    words = {w.lower() for a in event.actor for w in a.text.split()}
    trigger = set(event.trigger.text.lower().split())
    return any(a.sector == "COP" for a in event.actor) or bool((words | trigger) & _POLICE_WORDS)


def answers(record: ArticleRecord, text: str) -> set[str]:
    """The labels the coded events give a sentence."""
    real = [e for e in record.events if e.modality not in _UNREAL]
    found = set()
    for event in real:
        if event.type == "COERCE" and (event.cameo.startswith("173") or event.mode == "arrest"):
            coded_actor = any(a.code or a.sector for a in event.actor)
            if _is_police(event) or not coded_actor:
                found.add("ARREST")
    lethal = any(
        e.type == "ASSAULT"
        and (
            e.cameo.startswith(("186", "20"))
            or set(e.trigger.text.lower().split()) & _LETHAL_WORDS
            or (e.dead or 0) > 0
        )
        for e in real
    )
    # "killed in police firing": the police often appear only as a modifier or elsewhere in the sentence.
    police_present = any(e.sector == "COP" or e.text.lower() in _POLICE_WORDS for e in record.entities)
    police_force = police_present or any(e.type == "ASSAULT" and _is_police(e) for e in real)
    if lethal and police_force:
        found.add("KILL")
    return found


def evaluate_india_police(path: Path, *, model: str | None = None, limit: int | None = None) -> dict:
    """`path` is the folder with sents.jsonl (or the file itself)."""
    file = path / "sents.jsonl" if path.is_dir() else path
    rows = read_sentences(file, limit)
    articles = [Article(text=text or " ", id=f"s{i}") for i, (text, _) in enumerate(rows)]
    counts = {label: [0, 0, 0] for label in LABELS}
    coded = 0
    for (text, gold), item in zip(rows, code_items(articles, model=model, batch_size=128), strict=True):
        # A sentence that could not be coded answers nothing (and is counted).
        predicted = answers(item.record, text) if isinstance(item, Coded) else set()
        coded += isinstance(item, Coded)
        for label in LABELS:
            counts[label][0] += label in predicted and label in gold
            counts[label][1] += label in predicted
            counts[label][2] += label in gold
    result: dict = {"sentences": len(rows), "coded": coded}
    for label in LABELS:
        result[label] = prf(*counts[label])
    return result
