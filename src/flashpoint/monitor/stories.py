"""Stories: the articles that report one happening, grouped as they are stored (single-pass clustering,
as in TDT's topic tracking). Events of one story merge into incidents more readily (monitor/incidents).

An article's context is a bag of terms: the content words of its title and text, those of its lead once
more, the names of the people, organisations and facilities it mentions (from its coded record), and the
absolute dates it states. A new article joins the story whose members' mean TF-IDF context vector is
nearest, when the cosine reaches the threshold (data/monitor/monitor.yaml `stories`); otherwise it
founds a story named after itself. A near-duplicate joins the story of its original.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .config import StorySettings
from .text import Vector, idf_weight, term_counts, tfidf

_ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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


class StoryIndex:
    """Stories within reach of the articles being stored, with the sum of their members' context vectors.

    A member's vector is weighed with the idf of when it was added: idf drifts slowly, and recomputing
    every member for every new article would make storing quadratic.
    """

    def __init__(self, settings: StorySettings, n_documents: int, df: Mapping[str, int]) -> None:
        self.settings = settings
        self.n_documents = n_documents
        self.df = dict(df)
        self.sums: dict[str, dict[str, float]] = {}  # story id -> sum of its members' unit vectors

    def count_document(self, terms: Mapping[str, int]) -> None:
        """Count a distinct article's terms into the document frequencies."""
        self.n_documents += 1
        for term in terms:
            self.df[term] = self.df.get(term, 0) + 1

    def vector(self, terms: Mapping[str, int]) -> Vector:
        idf = {t: idf_weight(self.n_documents, self.df.get(t, 0)) for t in terms}
        return tfidf(terms, idf, idf_weight(self.n_documents, 0))

    def add(self, story_id: str, vector: Vector) -> None:
        total = self.sums.setdefault(story_id, {})
        for term, value in vector.items():
            total[term] = total.get(term, 0.0) + value

    def nearest(self, vector: Vector) -> tuple[str, float] | None:
        """The story whose mean vector is nearest to `vector`, if the cosine reaches the threshold."""
        best: tuple[str, float] | None = None
        for story_id, total in self.sums.items():
            norm = sum(v * v for v in total.values()) ** 0.5
            score = sum(v * total.get(t, 0.0) for t, v in vector.items()) / norm if norm else 0.0
            if score >= self.settings.threshold and (best is None or score > best[1]):
                best = (story_id, score)
        return best


def story_window(published: dt.date | None, settings: StorySettings) -> tuple[dt.date | None, dt.date | None]:
    if published is None:
        return None, None
    days = dt.timedelta(days=settings.window_days)
    return published - days, published + days
