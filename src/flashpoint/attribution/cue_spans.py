"""Which words around a cue's head belong to the cue: the learned cue-span model.

News annotation draws a cue wider than its head word, and not by a fixed rule: "*said in a statement*",
"*has not yet said*", "*according to*", "*agreed Saturday*", but "said" apart from "*on Monday*" or "*in
her office*". The rules of `quotes._cue_span` (the dependents the
lexicon lists) give a first span; this hashed logistic regression (`linear`), trained on PolNeAR train by
`tools/train_attribution.py`, then decides for each word below the head, outside the statement's content
and source, whether it is part of the cue. It reads the path of relations from the head down to the word,
the two words, the rules' answer and, for a preposition, what it governs. A word is kept when P >=
`threshold` and the word it hangs from is kept; the cue is the contiguous run of kept words around the head
(punctuation, and a single adverb or particle, may lie between them).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..nlp.spans import TIME_LABELS
from .features import DocContext
from .linear import LinearModel, Rows

MAX_DEPTH = 4  # how far below the head a cue word may hang ("said in *an* interview": prep > pobj > det)
MAX_DISTANCE = 12  # how far from the head, in words
SUBJECT_OR_PUNCT = frozenset({"punct", "nsubj", "nsubjpass", "csubj", "expl"})
EXPLETIVES = frozenset({"it", "there"})
Candidate = tuple[int, tuple[str, ...]]  # a word's index and the relations from the head down to it


def span_candidates(head: int, excluded: Collection[int], c: DocContext) -> list[Candidate]:
    """The words below the head that could belong to its cue, each with the path of relations from the
    head down to it, parents before children. Words in `excluded` (the content and the source) and what
    hangs below them are never candidates, nor the head's subject (but for an empty "it" or "there") or
    punctuation."""
    found: list[Candidate] = []
    frontier: list[Candidate] = [(head, ())]
    while frontier:
        node, path = frontier.pop(0)
        if len(path) >= MAX_DEPTH:
            continue
        for child in c.children[node]:
            dep = c.dep[child]
            if child in excluded or c.pos[child] == "SPACE" or abs(child - head) > MAX_DISTANCE:
                continue
            if node == head and dep in SUBJECT_OR_PUNCT and c.lower[child] not in EXPLETIVES:
                continue  # the source is not the cue; an empty "it" may be ("*it is not clear* that")
            step = (*path, dep)
            if c.pos[child] != "PUNCT":
                found.append((child, step))
            frontier.append((child, step))
    return found


def span_features(
    head: int, word: int, path: tuple[str, ...], in_rule: bool, bridges: bool, c: DocContext
) -> list[str]:
    """Features of `word` as part of the cue headed by `head`."""
    hl, wl = c.lemma[head], c.lemma[word]
    full = ">".join(path)
    top = path[0]
    rule = int(in_rule)
    dep = c.dep[word]
    features = [
        "b",
        "p=" + full,
        "p1=" + top,
        f"n={len(path)}",
        f"pl={full}|{wl}",
        f"hp={hl}|{full}",
        f"hw={hl}|{top}|{wl}",
        f"hpos={c.pos[head]}|{full}",
        f"wt={c.tag[word]}|{full}",
        f"r={rule}",
        f"rp={rule}|{full}",
        f"rh={rule}|{hl}|{top}",
        f"side={'before' if word < head else 'after'}|{top}",
        f"dist={min(abs(word - head), 6)}|{top}",
        f"br={int(bridges)}|{wl}",
        f"brp={int(bridges)}|{full}",
        f"ent={c.ent[word]}|{full}",
    ]
    if len(path) > 1:
        parent = c.lemma[c.head[word]]
        features.append(f"pa={parent}|{dep}")
        features.append(f"hpa={hl}|{parent}|{full}")
    if dep == "prep":
        objects = [g for g in c.children[word] if c.dep[g] in {"pobj", "pcomp"}]
        time = int(any(c.dep[g] == "pobj" and c.ent[g] in TIME_LABELS for g in objects))
        features.append(f"time={time}|{wl}")
        if objects:
            obj = objects[0]
            features.append(f"po={wl}|{c.lemma[obj]}")
            features.append(f"pe={wl}|{c.ent[obj] or c.pos[obj]}")
            features.append(f"hpo={hl}|{wl}|{c.lemma[obj]}")
    if dep in {"pobj", "dobj", "npadvmod"}:
        features.append(f"time={int(dep == 'pobj' and c.ent[word] in TIME_LABELS)}|{dep}")
        features.append(f"ow={c.ent[word] or c.pos[word]}|{full}")
    return features


def span_examples(
    head: int, candidates: Sequence[Candidate], rule: Span | None, content: Collection[int], c: DocContext
) -> list[list[str]]:
    """The features of each candidate word of one cue; `rule` is the cue the lexicon's rules drew."""
    rule_ids = range(rule.start, rule.end) if rule is not None else range(head, head + 1)
    examples = []
    for word, path in candidates:
        # the word joins the cue to what it says ("called *for* X", "said *that*"-less clauses)
        bridges = word - 1 in content or word + 1 in content or any(g in content for g in c.children[word])
        examples.append(span_features(head, word, path, word in rule_ids, bridges, c))
    return examples


@dataclass(frozen=True)
class CueToDraw:
    """A cue head, the cue its rules drew, and the words its statements say and who says them."""

    head: int
    rule: Span | None
    content: Collection[int]
    source: Collection[int]


def learned_cue_spans(
    cues: Sequence[CueToDraw], c: DocContext, model: LinearModel, threshold: float
) -> list[Span]:
    """The cue around each head: the words the model keeps (see the module docstring), one model call for
    the whole Doc."""
    candidates = [span_candidates(cue.head, set(cue.content) | set(cue.source), c) for cue in cues]
    examples = [
        features
        for cue, listed in zip(cues, candidates, strict=True)
        for features in span_examples(cue.head, listed, cue.rule, cue.content, c)
    ]
    probabilities = model.probabilities(Rows.build(examples, model.buckets)).tolist() if examples else []
    spans = []
    position = 0
    for cue, listed in zip(cues, candidates, strict=True):
        kept = {cue.head}
        for word, _ in listed:
            if probabilities[position] >= threshold and c.head[word] in kept:
                kept.add(word)
            position += 1
        spans.append(contiguous_run(c.doc, cue.head, kept))
    return spans


def contiguous_run(doc: Doc, center: int, members: Collection[int]) -> Span:
    """The run of `members` around `center`, across punctuation and a single adverb or particle."""

    def bridge(i: int) -> bool:
        if not 0 <= i < len(doc) or doc[i].is_space:
            return False
        return doc[i].is_punct or doc[i].pos_ in {"ADV", "PART"}

    start = end = center
    while True:
        if start - 1 in members:
            start -= 1
        elif start - 2 in members and bridge(start - 1):
            start -= 2
        else:
            break
    while True:
        if end + 1 in members:
            end += 1
        elif end + 2 in members and bridge(end + 1):
            end += 2
        else:
            break
    return doc[start : end + 1]


__all__ = [
    "CueToDraw",
    "contiguous_run",
    "learned_cue_spans",
    "span_candidates",
    "span_examples",
    "span_features",
]
