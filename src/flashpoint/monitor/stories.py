"""Stories: the articles that report one happening, linked as they are stored.

An article's context is a bag of terms: the content words of its title and text, those of its lead once
more, the names of the people, organisations and facilities it mentions (from its coded record), and the
absolute dates it states. Contexts are compared by the cosine of their TF-IDF vectors (monitor/text.py).

Each distinct article keeps links to its `neighbours` most similar articles (cosine at least `threshold`,
data/monitor/monitor.yaml `stories`) among those published within `window_days` of it, earlier or later:
a new article links to its nearest stored ones, and takes the place of a stored article's weakest link
when it is nearer than that. The connected groups of linked articles (the components of a
k-nearest-neighbour graph, as in graph-based document clustering) are then cut where two densely linked
parts meet through a few weak links (normalized cut below `max_cut`, recursively): each part is a story,
named after its earliest article.

Reports of two similar happenings (two heavyweight title defences, a rule and its repeal, two quakes on
one island years apart) each link densely among themselves, and a few of them link to the other's: the
cut undoes such chaining, which a plain connected group cannot. Because a later article can take a
link's place, a story can also split or merge as reports arrive: only the groups whose links changed
are read (whole) and cut again, so storing stays incremental. A near-duplicate belongs to the story of
its original.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .config import StorySettings
from .text import TermWeights, content_words, term_counts, words

_ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Links = list[tuple[float, str]]  # (cosine, neighbour id), nearest first
_MIN_PART = 2  # articles: a story is never cut into a lone article and the rest
_POWER_ITERATIONS = 500
_SWEEP_SEED = 20201  # fixed: a story must be cut the same way on every run


def article_terms(
    article: Mapping[str, Any],
    record: Mapping[str, Any],
    settings: StorySettings,
    text_words: Sequence[str] | None = None,
) -> Counter[str]:
    """The context terms of an article (see the module docstring) and their counts.

    text_words: `words(article["text"])`, when the caller has them already (fingerprinting shingles them).
    """
    title, text = article.get("title"), article["text"]
    if text_words is None:
        text_words = words(text)
    # (The words of a title and text joined by a line break are the title's then the text's.)
    counted = content_words(title) + content_words(text_words) if title else content_words(text_words)
    terms = Counter(counted)
    lines = text.strip().split("\n")
    if len(lines) <= settings.lead_lines:
        terms.update(counted)  # the lead is the title and the whole text, whose words are counted above
    else:
        terms.update(term_counts("\n".join([*([title] if title else []), *lines[: settings.lead_lines]])))
    labels = set(settings.entity_labels)
    for entity in record.get("entities") or ():
        if entity.get("label") in labels:
            name = (entity.get("name") or entity.get("text") or "").strip().lower()
            if name:
                terms[f"name:{name}"] += 1
    for time in record.get("times") or ():
        match = _ABSOLUTE.match(str(time.get("value") or ""))
        if match:
            terms[f"year:{match[1]}"] += settings.date_weight
            if match[2]:
                terms[f"month:{match[1]}-{match[2]}"] += settings.date_weight
            if match[3]:
                terms[f"day:{match[0]}"] += settings.date_weight
    return terms


class NeighbourIndex:
    """The articles within reach of those being stored: an inverted index of their context vectors, and
    every article's links (see the module docstring).

    Vectors are weighed with the idf of when the index is built (once per stored batch) or, for a new
    article, of when it is added: idf drifts slowly, and recomputing every stored vector for every new
    article would make storing quadratic.
    """

    def __init__(self, settings: StorySettings, weights: TermWeights) -> None:
        self.settings = settings
        self.weights = weights
        self.ids: list[str] = []
        self.published: list[dt.date | None] = []
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.links: dict[str, Links] = {}
        self.changed: set[str] = set()  # articles whose own links changed (to be saved)
        self.touched: set[str] = set()  # articles that gained or lost a link (their stories are redone)

    def add_stored(self, article_id: str, published: dt.date | None, terms: Mapping[str, int], links: Links):
        """Index a stored article with its saved links."""
        self.links[article_id] = sorted(links, reverse=True)
        self._index(article_id, published, terms)

    def add_new(self, article_id: str, published: dt.date | None, terms: Mapping[str, int]) -> Links:
        """Link a new article (its terms already counted in `weights`) and index it. RETURNS its links."""
        k, threshold = self.settings.neighbours, self.settings.threshold
        vector = self.weights.vector(terms)
        scores: dict[int, float] = {}
        for term, value in vector.items():
            for row, weight in self.postings.get(term, ()):
                scores[row] = scores.get(row, 0.0) + value * weight
        reach = dt.timedelta(days=self.settings.window_days)
        near = sorted(
            (
                (score, self.ids[row])
                for row, score in scores.items()
                if score >= threshold and _within(published, self.published[row], reach)
            ),
            reverse=True,
        )
        mine = near[:k]
        self.links[article_id] = mine
        self.changed.add(article_id)
        self.touched.add(article_id)
        self.touched.update(other for _, other in mine)
        for score, other in near:
            theirs = self.links.setdefault(other, [])
            if len(theirs) >= k and score <= theirs[-1][0]:
                continue
            theirs.append((score, article_id))
            theirs.sort(reverse=True)
            self.touched.update(dropped for _, dropped in theirs[k:])
            del theirs[k:]
            self.changed.add(other)
            self.touched.update((other, article_id))
        self._index(article_id, published, terms, vector)
        return mine

    def _index(
        self,
        article_id: str,
        published: dt.date | None,
        terms: Mapping[str, int],
        vector: Mapping[str, float] | None = None,
    ) -> None:
        row = len(self.ids)
        self.ids.append(article_id)
        self.published.append(published)
        for term, weight in (vector if vector is not None else self.weights.vector(terms)).items():
            self.postings.setdefault(term, []).append((row, weight))


def _within(a: dt.date | None, b: dt.date | None, reach: dt.timedelta) -> bool:
    return a is None or b is None or abs(a - b) <= reach


def connected_stories(
    links: Mapping[str, Iterable[tuple[float, str]]],
    order: Callable[[str], Any],
    max_cut: float | None = None,
) -> dict[str, str]:
    """Story of every article in `links` (article -> its links (cosine, linked article), closed: every
    linked article is a key): the connected groups, each cut by `normalized_cut_parts` when `max_cut` is
    given, each named after its member that comes first by `order`."""
    parent = {aid: aid for aid in links}

    def root(aid: str) -> str:
        while parent[aid] != aid:
            parent[aid] = parent[parent[aid]]
            aid = parent[aid]
        return aid

    for aid, neighbours in links.items():
        for _, other in neighbours:
            a, b = root(aid), root(other)
            if a != b:
                parent[a] = b
    groups: dict[str, list[str]] = {}
    for aid in sorted(links):
        groups.setdefault(root(aid), []).append(aid)
    found = {}
    for members in groups.values():
        parts = [members] if max_cut is None else normalized_cut_parts(members, links, max_cut)
        for part in parts:
            name = min(part, key=order)
            found.update(dict.fromkeys(part, name))
    return found


def normalized_cut_parts(
    members: Sequence[str], links: Mapping[str, Iterable[tuple[float, str]]], max_cut: float
) -> list[list[str]]:
    """A connected group of linked articles cut into parts, recursively, wherever two parts are joined by
    links weighing less than `max_cut` as normalized cut (Shi and Malik 2000: cut/vol(A) + cut/vol(B),
    links weighed by their cosine). Reports of two similar happenings each link densely among themselves
    and through a few links to the other; a single report of either one is not cut off (parts have at
    least two articles). The cut is the best sweep of the Fiedler vector of the normalized graph
    Laplacian, found by power iteration over the links (cost: iterations times links).
    """
    if len(members) < 2 * _MIN_PART:
        return [list(members)]
    row = {aid: i for i, aid in enumerate(members)}
    weight: dict[tuple[int, int], float] = {}
    for aid in members:
        for score, other in links[aid]:
            if other in row and other != aid:
                key = (min(row[aid], row[other]), max(row[aid], row[other]))
                weight[key] = max(weight.get(key, 0.0), score)
    if not weight:
        return [list(members)]
    pairs = np.array(list(weight), dtype=np.int64)
    values = np.array(list(weight.values()))
    side = _best_sweep(len(members), pairs, values)
    if side is None or side[0] >= max_cut:
        return [list(members)]
    inside = side[1]
    first = [aid for i, aid in enumerate(members) if inside[i]]
    second = [aid for i, aid in enumerate(members) if not inside[i]]
    return normalized_cut_parts(first, links, max_cut) + normalized_cut_parts(second, links, max_cut)


def _best_sweep(n: int, pairs: np.ndarray, values: np.ndarray) -> tuple[float, np.ndarray] | None:
    """The lowest normalized cut among the sweeps of the Fiedler vector (nodes in its order, each prefix
    against the rest), and which nodes are in that prefix; None when the graph is not connected enough
    to have one (a node with no link)."""
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[:, 0]])
    w = np.concatenate([values, values])
    degree = np.bincount(src, weights=w, minlength=n)
    if (degree <= 0).any():
        return None
    root_degree = np.sqrt(degree)
    top = root_degree / np.linalg.norm(root_degree)  # first eigenvector of the normalized adjacency
    x = np.random.default_rng(_SWEEP_SEED).standard_normal(n)
    dst_root_degree = root_degree[dst]
    for _ in range(_POWER_ITERATIONS):
        x -= (x @ top) * top
        # (I + D^-1/2 A D^-1/2) / 2: eigenvalues in [0, 1], the second largest is the Fiedler vector's.
        y = np.bincount(src, weights=w * x[dst] / dst_root_degree, minlength=n) / root_degree
        x_next = (x + y) / 2
        norm = math.sqrt(x_next.dot(x_next))  # (what np.linalg.norm computes, without its checks)
        if norm == 0:
            return None
        x_next /= norm
        converged = np.abs(x_next - x).max() < 1e-9
        x = x_next
        if converged:
            break
    order = np.argsort(x / root_degree, kind="stable")
    neighbours: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for (a, b), value in zip(pairs.tolist(), values.tolist(), strict=True):
        neighbours[a].append((b, value))
        neighbours[b].append((a, value))
    total = float(degree.sum())
    inside = np.zeros(n, dtype=bool)
    cut = volume = 0.0
    best: tuple[float, int] | None = None
    for k, node in enumerate(order[:-1].tolist()):
        inside[node] = True
        volume += degree[node]
        cut += degree[node] - 2 * sum(value for other, value in neighbours[node] if inside[other])
        if k + 1 >= _MIN_PART and n - k - 1 >= _MIN_PART:
            score = cut / volume + cut / (total - volume)
            if best is None or score < best[0]:
                best = (score, k)
    if best is None:
        return None
    chosen = np.zeros(n, dtype=bool)
    chosen[order[: best[1] + 1]] = True
    return best[0], chosen


def story_window(published: dt.date | None, settings: StorySettings) -> tuple[dt.date | None, dt.date | None]:
    if published is None:
        return None, None
    days = dt.timedelta(days=settings.window_days)
    return published - days, published + days
