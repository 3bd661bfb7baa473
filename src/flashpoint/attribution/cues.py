"""Attribution cues: the word that says someone said, wrote, thought or found something.

A token is a cue when the shipped lexicons say that word, in its syntactic frame, introduces an
attribution: the hand-written speech verbs of `attribution.yaml`, and the cue rates counted from annotated
news (`attribution_cues.tsv`, PolNeAR train: how often a lemma heading a given frame was annotated as the
cue of an attribution). The frame is what the word governs: a clause ("said that ..."), an infinitive
("refused to ..."), an object ("criticized the plan"), a preposition ("called for ...") or nothing, and
whether it has a subject of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..data import read_tsv, read_yaml

CLAUSE_DEPS = ("ccomp", "parataxis")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
COARSE_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ", "ADP": "ADP"}


def coarse_pos(token: Token) -> str:
    return COARSE_POS.get(token.pos_, token.pos_)


def cue_frame(token: Token) -> str:
    """What the word governs: ccomp | xcomp | dobj | prep | none, with `+s` when it has a subject."""
    return frame_of_deps({c.dep_ for c in token.children})


def frame_of_deps(deps: set[str]) -> str:
    """`cue_frame` from the set of a word's children's dependency labels."""
    if not deps.isdisjoint(CLAUSE_DEPS):
        frame = "ccomp"
    elif "xcomp" in deps:
        frame = "xcomp"
    elif "dobj" in deps:
        frame = "dobj"
    elif "prep" in deps:
        frame = "prep"
    else:
        frame = "none"
    return frame + "+s" if not deps.isdisjoint(SUBJECT_DEPS) else frame


@dataclass(frozen=True)
class CueRates:
    """Counts of (annotated as cue, seen) per (lemma, pos, frame), per frame without the subject flag, and
    per (lemma, pos); a rare frame leans on the word's overall rate."""

    by_frame: dict[tuple[str, str, str], tuple[int, int]]
    by_base: dict[tuple[str, str, str], tuple[int, int]]
    by_word: dict[tuple[str, str], tuple[int, int]]
    min_seen: int
    threshold: float
    prior_weight: float

    def rate(self, lemma: str, pos: str, frame: str) -> float | None:
        """Smoothed rate at which this word in this frame is a cue; None when never seen often enough."""
        word = self.by_word.get((lemma, pos))
        if word is None or word[1] < self.min_seen:
            return None
        prior = word[0] / word[1]
        cue, seen = self.by_frame.get((lemma, pos, frame), (0, 0))
        if seen < self.min_seen:
            cue, seen = self.by_base.get((lemma, pos, frame.removesuffix("+s")), (0, 0))
        return (cue + self.prior_weight * prior) / (seen + self.prior_weight)


@lru_cache(maxsize=1)
def cue_rates() -> CueRates:
    settings = read_yaml("lexicons", "attribution.yaml")["learned_cues"]
    by_frame: dict[tuple[str, str, str], tuple[int, int]] = {}
    by_base: dict[tuple[str, str, str], tuple[int, int]] = {}
    by_word: dict[tuple[str, str], tuple[int, int]] = {}
    for row in read_tsv("lexicons", "attribution_cues.tsv"):
        lemma, pos, frame = row["lemma"] or "", row["pos"] or "", row["frame"] or ""
        counts = (int(row["cue"] or 0), int(row["seen"] or 0))
        by_frame[(lemma, pos, frame)] = counts
        for table, key in ((by_base, (lemma, pos, frame.removesuffix("+s"))), (by_word, (lemma, pos))):
            before = table.get(key, (0, 0))
            table[key] = (before[0] + counts[0], before[1] + counts[1])  # type: ignore[index]
    return CueRates(
        by_frame=by_frame,
        by_base=by_base,
        by_word=by_word,
        min_seen=int(settings["min_seen"]),
        threshold=float(settings["threshold"]),
        prior_weight=float(settings["prior_weight"]),
    )


def learned_cue_rate(token: Token) -> float | None:
    rates = cue_rates()
    lemma, pos = token.lemma_.lower(), coarse_pos(token)
    if (lemma, pos) not in rates.by_word:
        return None  # most words: no need to read the frame (children are a scan of the subtree)
    return rates.rate(lemma, pos, cue_frame(token))


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    return frozenset(read_yaml("lexicons", "attribution.yaml")["speech_verbs"])


def is_cue(token: Token) -> bool:
    """Does `token` head an attribution cue?"""
    return is_cue_word(
        token.lemma_.lower(),
        token.pos_,
        lambda: cue_frame(token),
        lambda: any(c.dep_ in CLAUSE_DEPS for c in token.rights),
    )


def is_cue_word(lemma: str, pos: str, frame: Callable[[], str], clause_on_right: Callable[[], bool]) -> bool:
    """`is_cue` from the word's lowercased lemma and fine part of speech; its frame (`cue_frame`) and
    whether it governs a clause to its right are asked for only when the lexicons need them."""
    rates = cue_rates()
    coarse = COARSE_POS.get(pos, pos)
    rate = rates.rate(lemma, coarse, frame()) if (lemma, coarse) in rates.by_word else None
    if rate is not None:
        return rate >= rates.threshold
    # Words the annotated news never showed often enough: the hand-written speech verbs with a clause.
    return pos in {"VERB", "AUX"} and lemma in _speech_verbs() and clause_on_right()
