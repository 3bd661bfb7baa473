"""Stories: the articles that report one happening, linked as they are stored.

An article's context is a bag of terms: the content words of its title and text, those of its lead once
more, the names of the people, organisations and facilities it mentions (from its coded record), and the
absolute dates it states. Contexts are compared by the cosine of their TF-IDF vectors (monitor/text.py).

Each distinct article keeps links to its `neighbours` most similar articles (cosine at least `threshold`,
data/monitor/monitor.yaml `stories`) among those published within `window_days` of it, earlier or later:
a new article links to its nearest stored ones, and takes the place of a stored article's weakest link
when it is nearer than that. A story is a connected group of linked articles (the components of a
k-nearest-neighbour graph, as in graph-based document clustering), named after its earliest article.

Because a later article can take a link's place, a story can split as well as grow: reports of two
similar happenings (two heavyweight title defences, a rule and its repeal) first joined because one had no
closer report yet, come apart once each has reports of its own that are nearer. A single-pass
assignment to the nearest story's centroid cannot undo such a first join. A near-duplicate belongs to the
story of its original.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .config import StorySettings
from .text import TermWeights, term_counts

_ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Links = list[tuple[float, str]]  # (cosine, neighbour id), nearest first


def article_terms(
    article: Mapping[str, Any], record: Mapping[str, Any], settings: StorySettings
) -> Counter[str]:
    """The context terms of an article (see the module docstring) and their counts."""
    title, text = article.get("title"), article["text"]
    terms = term_counts(f"{title}\n{text}" if title else text)
    lead = "\n".join([*([title] if title else []), *text.strip().split("\n")[: settings.lead_lines]])
    terms.update(term_counts(lead))
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


def connected_stories(links: Mapping[str, Iterable[str]], order: Callable[[str], Any]) -> dict[str, str]:
    """Story of every article in `links` (article -> linked articles, closed: every linked article is a
    key): the connected groups, each named after its member that comes first by `order`."""
    parent = {aid: aid for aid in links}

    def root(aid: str) -> str:
        while parent[aid] != aid:
            parent[aid] = parent[parent[aid]]
            aid = parent[aid]
        return aid

    for aid, neighbours in links.items():
        for other in neighbours:
            a, b = root(aid), root(other)
            if a != b:
                parent[a] = b
    groups: dict[str, list[str]] = {}
    for aid in links:
        groups.setdefault(root(aid), []).append(aid)
    return {aid: min(members, key=order) for members in groups.values() for aid in members}


def story_window(published: dt.date | None, settings: StorySettings) -> tuple[dt.date | None, dt.date | None]:
    if published is None:
        return None, None
    days = dt.timedelta(days=settings.window_days)
    return published - days, published + days
