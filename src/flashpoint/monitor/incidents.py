"""Incidents: events from different reports of one real-world happening, merged.

An event joins the incident it matches best, or founds a new one. It can match an incident only when
the two are compatible: a type that can name the same happening (data/monitor/monitor.yaml), actor and
recipient codes that overlap (or are unknown on one side), places within `max_distance_km` (coarser
places: the same country or region), and dates within `date_window_days`. Among compatible incidents it
scores `sentence_weight * cos(sentence, incident sentences) + article_weight * cos(article, incident
articles)` (TF-IDF over content words; an event's own article is left out of the article side, so two
events of one article merge on their sentences alone) and joins the best one scoring at least
`threshold`.

Incremental: `update_incidents` matches only events that belong to no incident yet, against incidents
whose dates reach theirs, and rewrites the summaries of the incidents it touched. Events of an article
that was replaced by a new version are taken out of their incidents first.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from ..store import _incidents as sql
from ..store import period
from .config import IncidentSettings, incident_settings, term_settings
from .duplicates import fingerprint_new_articles
from .text import TermWeights, Vector, term_counts

if TYPE_CHECKING:
    from ..store import Store

# A date value covering more days than this (a month, a year) is too coarse to place an incident in time.
_PRECISE_DAYS = 7
# An event whose date spans more days than this is compared with every incident of its types, not looked
# up day by day.
_SPAN_SCAN_DAYS = 62
# Which modality best shows what happened, for the incident's representative event.
_MODALITY_RANK = ("asserted", "reported", "hedged", "historical", "negated")
_EARTH_KM = 6371.0
# An article's products with all the others are worked out at once after this many, plus a 16th of the
# number of articles, were asked for one by one (`_PairProducts`): a row costs about what a 16th of its
# products cost one by one.
_ROW_AFTER = 4
# ... and only while an update's articles are at most this many: a row holds a product with every indexed
# article (4 MB for 1,000 articles' rows), so rows cost memory quadratic in the articles.
_ROW_MAX_ARTICLES = 1_000


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What `update_incidents` did."""

    duplicates: int = 0  # near-duplicate articles found
    linked: int = 0  # events newly linked to an incident
    created: int = 0  # incidents founded
    touched: int = 0  # incidents whose summary was rewritten (created included)
    removed: int = 0  # incidents left with no event (their articles were replaced)


def update_monitor(store: Store) -> UpdateReport:
    """Bring the monitor's tables up to date with the stored articles: find near-duplicates, then link
    new events to incidents. Ingestion calls this every few stored batches and after the last; it is
    idempotent.
    """
    duplicates = fingerprint_new_articles(store)
    report = update_incidents(store)
    return UpdateReport(len(duplicates), report.linked, report.created, report.touched, report.removed)


# -- matching ----------------------------------------------------------------------------------------------


def event_span(event: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The days an event's date covers (its stated date, else its day), or None when it has neither."""
    found = period(event.get("date"))
    if found is None and event.get("event_day") is not None:
        return event["event_day"], event["event_day"]
    return found


def _is_precise(span: tuple[dt.date, dt.date] | None) -> bool:
    return span is not None and (span[1] - span[0]).days < _PRECISE_DAYS


@dataclass(frozen=True, slots=True)
class _Place:
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    level: str  # "point" | "admin1" | "country"


def event_place(event: Mapping[str, Any]) -> _Place | None:
    """Where an event happened, and how precisely: a point (city, site), a region, or a country."""
    if event.get("lat") is None and event.get("place_country") is None:
        return None
    if event.get("admin1") is None:
        level = "country"
    elif event.get("place_name") == event.get("admin1"):
        level = "admin1"
    else:
        level = "point"
    return _Place(event.get("lat"), event.get("lon"), event.get("place_country"), event.get("admin1"), level)


def distance_km(a: _Place, b: _Place) -> float:
    """Great-circle (haversine) distance between two places with coordinates."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(a: _Place, b: _Place, max_km: float) -> bool:
    """Whether two places can be where one happening was: compared at the coarser one's level."""
    if a.country and b.country and a.country != b.country:
        return False
    if a.level == "point" and b.level == "point" and None not in (a.lat, b.lat):
        return distance_km(a, b) <= max_km
    if "country" in (a.level, b.level):
        return True
    return a.admin1 == b.admin1


@dataclass
class _IncidentState:
    """What matching needs to know about an incident: its types, codes, places, days and text."""

    id: str
    seq: int
    types: set[str] = field(default_factory=set)
    actor_codes: set[str] = field(default_factory=set)
    recipient_codes: set[str] = field(default_factory=set)
    places: list[_Place] = field(default_factory=list)
    first: dt.date | None = None
    last: dt.date | None = None
    sentence_sum: dict[str, float] = field(default_factory=dict)
    sentence_square: float = 0.0  # squared norm of sentence_sum, kept as vectors are added
    articles: dict[str, Vector] = field(default_factory=dict)
    # article id -> its group of linked articles (its story before stories are cut apart, see
    # monitor/stories.py): events of two similar happenings that one report links are told apart by
    # their types, actors, places and dates here, not by where the story was cut.
    groups: dict[str, str | None] = field(default_factory=dict)
    # Squared norm of the sum of its articles' vectors, kept from their pairwise products (`_Matcher.
    # pair_dot`): the sum itself is never built (article vectors are long, and an incident's articles few).
    article_square: float = 0.0
    events: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        event: dict[str, Any],
        sentence: Vector,
        article: Vector,
        pair_dot: Callable[[str, str], float],
    ) -> None:
        self.events.append(event)
        self.types.add(event["type"])
        self.actor_codes.update(event["actor_codes"] or ())
        self.recipient_codes.update(event["recipient_codes"] or ())
        place = event_place(event)
        if place is not None and place not in self.places:
            self.places.append(place)
        span = event_span(event)
        if _is_precise(span):
            assert span is not None
            self.first = span[0] if self.first is None else min(self.first, span[0])
            self.last = span[1] if self.last is None else max(self.last, span[1])
        self.sentence_square = _accumulate(self.sentence_sum, self.sentence_square, sentence)
        aid = event["article_id"]
        if aid not in self.articles:
            dot = sum([pair_dot(aid, other) for other in self.articles])  # article . the sum so far
            self.articles[aid] = article
            self.groups[aid] = event["group_id"]
            self.article_square += 2 * dot + (1.0 if article else 0.0)  # |s + v|^2 of unit vectors


def _accumulate(total: dict[str, float], square: float, vector: Vector) -> float:
    """Add a unit vector into a sum; RETURNS the sum's new squared norm (|s + v|^2 = |s|^2 + 2 s.v + 1)."""
    dot = _dot(vector, total)
    for term, value in vector.items():
        total[term] = total.get(term, 0.0) + value
    return square + 2 * dot + (1.0 if vector else 0.0)


def _dot(vector: Mapping[str, float], total: Mapping[str, float]) -> float:
    # The same products summed in the same order as a generator over `vector.items()` (so the same float),
    # but with no Python frame per term: scoring candidate incidents is most of the monitor's time.
    return sum(map(operator.mul, vector.values(), map(total.get, vector.keys(), repeat(0.0))))


def _sum_cosine(vector: Vector, total: Mapping[str, float], square: float) -> float:
    """Cosine of a unit vector with a sum of unit vectors (squared norm `square`)."""
    dot = _dot(vector, total)
    return dot / math.sqrt(square) if square > 1e-9 else 0.0


@dataclass(frozen=True, slots=True)
class _EventFacts:
    """What `_Matcher.compatible` compares of an event, worked out once per event rather than once for
    every candidate incident."""

    types: frozenset[str]  # the types that can name the same happening
    actor_codes: frozenset[str]
    recipient_codes: frozenset[str]
    span: tuple[dt.date, dt.date] | None  # `event_span`
    place: _Place | None  # `event_place`

    @classmethod
    def of(cls, event: Mapping[str, Any], settings: IncidentSettings) -> _EventFacts:
        return cls(
            settings.types_like(event["type"]),
            frozenset(event["actor_codes"] or ()),
            frozenset(event["recipient_codes"] or ()),
            event_span(event),
            event_place(event),
        )


class _Matcher:
    def __init__(
        self,
        settings: IncidentSettings,
        weights: TermWeights,
        sentence_counts: Mapping[str, Counter[str]] | None = None,
    ) -> None:
        self.settings = settings
        self.sentence_counts = sentence_counts or {}  # sentence text -> its term counts, where known
        self.window = dt.timedelta(days=settings.date_window_days)
        self.weights = weights
        self.article_vectors: dict[str, Vector] = {}
        self.sentence_vectors: dict[str, Vector] = {}
        self.article_squares: dict[str, float] = {}  # each article vector's dot product with itself
        self.products = _PairProducts(self.article_vectors)  # of two articles' vectors
        self.dots_of: str | None = None  # an article, and its products with other articles, as asked
        self.dots: dict[str, float] = {}
        # (article, its group, incident, the incident's number of articles) -> the article side of the
        # score (None: the incident holds no other article). An incident's articles change only when one
        # joins it, so the events of one article share it (IndiaPoliceEvents: ~14 events an article).
        self.article_scores: dict[tuple[str, str | None, str, int], float | None] = {}

    def vectors(self, event: Mapping[str, Any]) -> tuple[Vector, Vector]:
        text = event["sentence_text"] or ""
        sentence = self.sentence_vectors.get(text)
        if sentence is None:  # events of one sentence share its vector (never changed in place)
            counts = self.sentence_counts.get(text)
            if counts is None:
                counts = term_counts(text)
            sentence = self.sentence_vectors[text] = self.weights.vector(counts)
        aid = event["article_id"]
        vector = self.article_vectors.get(aid)
        if vector is None:
            vector = self.article_vector(aid, event["terms"])
        return sentence, vector

    def article_vector(self, article_id: str, terms: Mapping[str, int]) -> Vector:
        """An article's vector, made once (matching makes every article's first: see `_PairProducts`)."""
        vector = self.article_vectors.get(article_id)
        if vector is None:
            vector = self.article_vectors[article_id] = self.weights.vector(terms)
            self.article_squares[article_id] = _dot(vector, vector)
        return vector

    def pair_dot(self, a: str, b: str) -> float:
        """The dot product of two articles' vectors (made by `vectors`), computed once per pair."""
        if a == b:
            return self.article_squares[a]
        return self.products(a, b)

    def compatible(self, facts: _EventFacts, incident: _IncidentState) -> bool:
        if not incident.types & facts.types:
            return False
        if facts.actor_codes and incident.actor_codes and facts.actor_codes.isdisjoint(incident.actor_codes):
            return False
        if (
            facts.recipient_codes
            and incident.recipient_codes
            and facts.recipient_codes.isdisjoint(incident.recipient_codes)
        ):
            return False
        span = facts.span
        if span is not None and incident.first is not None and incident.last is not None:
            window = self.window
            if span[0] > incident.last + window or span[1] < incident.first - window:
                return False
        if facts.place is not None and incident.places:
            max_km = self.settings.max_distance_km
            return any(places_compatible(facts.place, p, max_km) for p in incident.places)
        return True

    def score(
        self, event: Mapping[str, Any], sentence: Vector, article: Vector, incident: _IncidentState
    ) -> float:
        square = incident.sentence_square  # (`_sum_cosine`, inline: this runs for every candidate)
        sentence_score = _dot(sentence, incident.sentence_sum) / math.sqrt(square) if square > 1e-9 else 0.0
        aid, group = event["article_id"], event["group_id"]
        key = (aid, group, incident.id, len(incident.articles))
        if key in self.article_scores:
            article_score = self.article_scores[key]
        else:
            article_score = self.article_scores[key] = self._article_score(aid, group, incident)
        if article_score is None:
            return sentence_score  # one article: only its sentences can tell two of its events apart
        s = self.settings
        return s.sentence_weight * sentence_score + s.article_weight * article_score

    def _article_score(self, aid: str, group: str | None, incident: _IncidentState) -> float | None:
        """The greater of the article's cosine with the sum of the incident's other articles and the share
        of those in its group; None when the incident has no other article."""
        others = incident.articles.keys() - {aid}
        if not others:
            return None
        own = incident.articles.get(aid)
        same_group = sum(incident.groups[a] == group for a in others) / len(others) if group else 0.0
        # The cosine of the article with the sum of the incident's other articles, from pairwise products
        # (vectors are made once per article, so `own`, when there, is `article`).
        if self.dots_of != aid:  # the products of the article being matched (its events come together)
            self.dots_of, self.dots = aid, {aid: self.article_squares[aid]}
        dots = self.dots
        for b in incident.articles.keys() - dots.keys():
            dots[b] = self.products(aid, b)
        dot = sum([dots[b] for b in incident.articles])
        square = incident.article_square
        if own is not None:
            square += -2 * dot + (1.0 if own else 0.0)
            dot -= self.article_squares[aid]
        article_cosine = dot / math.sqrt(square) if square > 1e-9 else 0.0
        return max(article_cosine, same_group)


class _PairProducts:
    """Dot products of article vectors, each pair's once, each summed over the terms of the pair's first
    article (by id) in their order, as `_dot` sums them: the same floats.

    Asked for one at a time, they are `_dot`'s. An article whose products are asked for often has them
    all worked out at once, with every indexed article after it: its terms' columns gathered from the
    other vectors, multiplied, and added up by a cumulative sum along its terms, which adds the same
    products in the same order as `sum` (with the products of absent terms, 0.0, which change no sum).
    Nearly every pair is asked for in an update (60 IndiaPoliceEvents articles: 1,669 of 1,770), and
    this costs a fraction of the products one by one; asked for rarely, one by one costs less.
    """

    def __init__(self, vectors: Mapping[str, Vector]) -> None:
        self.vectors = vectors  # article id -> vector (the matcher's: articles may be added)
        self.found: dict[tuple[str, str], float] = {}  # (article, article) in id order -> product
        self.asked: Counter[str] = Counter()  # article -> its products worked out one by one
        self.rows: dict[str, np.ndarray] = {}  # article -> its products with the indexed articles after it
        self.ids: list[str] = []  # the indexed articles, by id (indexed when the first row is made)
        self.position: dict[str, int] = {}
        self.columns: list[np.ndarray] = []  # per indexed article: its terms' numbers, in its order
        self.values: list[np.ndarray] = []  # and their values
        self.start = self.count = self.article = self.value = np.zeros(0)  # the vectors by term number

    def __call__(self, a: str, b: str) -> float:
        first, second = (a, b) if a < b else (b, a)
        found = self.found.get((first, second))
        if found is not None:
            return found
        row = self.rows.get(first)
        if (
            row is None
            and len(self.vectors) <= _ROW_MAX_ARTICLES
            and self.asked[first] >= _ROW_AFTER + len(self.vectors) // 16
        ):
            row = self._row(first)
        if row is not None and second in self.position:
            return float(row[self.position[second] - self.position[first] - 1])
        self.asked[first] += 1
        found = self.found[(first, second)] = _dot(self.vectors[first], self.vectors[second])
        return found

    def _row(self, first: str) -> np.ndarray | None:
        if not self.ids:
            self._index()
        at = self.position.get(first)
        if at is None or not self.vectors[first]:
            return None
        columns, values = self.columns[at], self.values[at]
        starts, counts = self.start[columns], self.count[columns]
        entries = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        later = self.article[entries] > at
        terms = np.repeat(np.arange(len(columns)), counts)[later]
        gathered = np.zeros((len(self.ids) - at - 1, len(columns)))
        gathered[self.article[entries][later] - at - 1, terms] = self.value[entries][later]
        gathered *= values
        # The last column copied: a view would keep the whole (articles x terms) cumulative sum alive.
        row = self.rows[first] = np.cumsum(gathered, axis=1)[:, -1].copy()
        return row

    def _index(self) -> None:
        self.ids = sorted(self.vectors)
        self.position = {aid: i for i, aid in enumerate(self.ids)}
        numbers: dict[str, int] = {}
        for aid in self.ids:
            vector = self.vectors[aid]
            self.columns.append(
                np.array([numbers.setdefault(t, len(numbers)) for t in vector], dtype=np.int64)
            )
            self.values.append(np.array(list(vector.values()), dtype=np.float64))
        terms = np.concatenate(self.columns)
        order = np.argsort(terms, kind="stable")
        self.article = np.repeat(np.arange(len(self.ids)), [len(c) for c in self.columns])[order]
        self.value = np.concatenate(self.values)[order]
        self.count = np.bincount(terms, minlength=len(numbers))
        self.start = np.cumsum(self.count) - self.count


class _CandidateIndex:
    """The incidents an event is compared with, found by the types of their events and the days their
    dates reach (their first to last day, widened by the date window), so that matching costs what the
    event's own day and type hold, not the number of open incidents. Incidents with no precise day are
    candidates for every event of their types; so is every incident for an event whose date is missing
    or spans more than `_SPAN_SCAN_DAYS`.
    """

    def __init__(self, window_days: int) -> None:
        self.window = dt.timedelta(days=window_days)
        self.states: list[_IncidentState] = []
        self.rows: dict[str, int] = {}
        self.by_type: dict[str, set[int]] = {}
        self.undated: dict[str, set[int]] = {}
        self.by_day: dict[tuple[str, dt.date], set[int]] = {}
        self.indexed: dict[int, tuple[frozenset[str], dt.date | None, dt.date | None]] = {}

    def add(self, state: _IncidentState) -> None:
        self.rows[state.id] = len(self.states)
        self.states.append(state)
        self.refresh(state)

    def refresh(self, state: _IncidentState) -> None:
        """Index what `state` gained (types, days) since it was last indexed; incidents only widen."""
        row = self.rows[state.id]
        now = (frozenset(state.types), state.first, state.last)
        before = self.indexed.get(row, (frozenset(), None, None))
        if now == before:
            return
        self.indexed[row] = now
        for event_type in now[0] - before[0]:
            self.by_type.setdefault(event_type, set()).add(row)
        if state.first is None or state.last is None:
            for event_type in now[0]:
                self.undated.setdefault(event_type, set()).add(row)
            return
        for event_type in now[0]:
            self.undated.get(event_type, set()).discard(row)
        old_days = (
            set(_days(before[1] - self.window, before[2] + self.window)) if before[1] and before[2] else set()
        )
        for day in _days(state.first - self.window, state.last + self.window):
            for event_type in now[0] if day not in old_days else now[0] - before[0]:
                self.by_day.setdefault((event_type, day), set()).add(row)

    def candidates(self, types: Iterable[str], span: tuple[dt.date, dt.date] | None) -> list[_IncidentState]:
        """The indexed incidents that can be compatible with an event of one of `types` over `span`, in
        the order they were added (so ties go to the older incident)."""
        rows: set[int] = set()
        if span is None or (span[1] - span[0]).days > _SPAN_SCAN_DAYS:
            for event_type in types:
                rows |= self.by_type.get(event_type, set())
        else:
            for event_type in types:
                rows |= self.undated.get(event_type, set())
                for day in _days(*span):
                    rows |= self.by_day.get((event_type, day), set())
        return [self.states[row] for row in sorted(rows)]


def _merged(ranges: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Day ranges with overlapping or touching ones merged, in order."""
    found: list[tuple[dt.date, dt.date]] = []
    for first, last in sorted(ranges):
        if found and first <= found[-1][1] + dt.timedelta(days=1):
            found[-1] = (found[-1][0], max(found[-1][1], last))
        else:
            found.append((first, last))
    return found


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    for n in range((last - first).days + 1):
        yield first + dt.timedelta(days=n)


def update_incidents(store: Store, settings: IncidentSettings | None = None) -> UpdateReport:
    """Link every stored event not in an incident yet to the incident it matches, or to a new one.

    Articles must be fingerprinted first (`update_monitor` does both): events of articles without a
    fingerprint wait for the next run. RETURNS (UpdateReport): what changed.
    """
    settings = settings or incident_settings()
    emptied_candidates = sql.drop_stale_assignments(store)
    pending = sql.pending_events(store, settings.excluded_modalities)
    if not pending and not emptied_candidates:
        return UpdateReport()
    spans = [event_span(e) for e in pending]
    window = dt.timedelta(days=settings.date_window_days)
    types = sorted({t for e in pending for t in settings.types_like(e["type"])})
    ranges: list[tuple[dt.date, dt.date]] | None = None
    if all(span is not None for span in spans):  # else undated events: any incident of their types may match
        precise = [span for span in spans if _is_precise(span)] or spans
        ranges = _merged([(span[0] - window, span[1] + window) for span in precise if span])
    candidates = (
        sql.candidate_incidents(store, types, ranges, settings.max_candidates_per_type) if types else {}
    )
    # Terms of each distinct sentence and article once (an article's events share one terms mapping, and
    # often their sentence).
    sentence_counts: dict[str, Counter[str]] = {}
    article_terms: dict[str, Mapping[str, int]] = {}
    for e in pending:
        text = e["sentence_text"] or ""
        if text not in sentence_counts:
            sentence_counts[text] = term_counts(text)
        article_terms.setdefault(e["article_id"], e["terms"])
    for events in candidates.values():
        for e in events:
            article_terms.setdefault(e["article_id"], e["terms"])
    terms = {t for counts in (*sentence_counts.values(), *article_terms.values()) for t in counts}
    n_documents, df = sql.document_frequencies(store, terms)
    matcher = _Matcher(settings, TermWeights(n_documents, df, term_settings()), sentence_counts)
    for article_id, counts in article_terms.items():  # every vector first, for `_PairProducts` rows
        matcher.article_vector(article_id, counts)

    index = _CandidateIndex(settings.date_window_days)
    for incident_id, events in candidates.items():
        state = _IncidentState(incident_id, int(incident_id[1:]))
        for event in events:
            sentence, article = matcher.vectors(event)
            state.add(event, sentence, article, matcher.pair_dot)
        index.add(state)
    next_seq = sql.next_incident_seq(store)
    links: list[tuple[str, str, str, float | None, str]] = []
    touched: dict[str, _IncidentState] = {}
    created = 0
    for event in pending:
        sentence, article = matcher.vectors(event)
        best: tuple[float, _IncidentState] | None = None
        facts = _EventFacts.of(event, settings)
        for state in index.candidates(facts.types, facts.span):
            if matcher.compatible(facts, state):
                score = matcher.score(event, sentence, article, state)
                if score >= settings.threshold and (best is None or score > best[0]):
                    best = (score, state)
        if best is None:
            state = _IncidentState(f"i{next_seq}", next_seq)
            next_seq += 1
            created += 1
            score: float | None = None
        else:
            score, state = best
        state.add(event, sentence, article, matcher.pair_dot)
        if best is None:
            index.add(state)
        else:
            index.refresh(state)
        touched[state.id] = state
        links.append((event["article_id"], event["event_id"], state.id, score, event["content_hash"]))

    # Events read for matching only lack their contract location, actor and recipient: summaries need them.
    brief = {(e["article_id"], e["event_id"]) for events in candidates.values() for e in events}
    details = sql.event_details(
        store, [e for s in touched.values() for e in s.events if (e["article_id"], e["event_id"]) in brief]
    )
    for state in touched.values():
        for e in state.events:
            found = details.get((e["article_id"], e["event_id"]))
            if found is not None:
                e["location"], e["actor"], e["recipient"] = found
    # Incidents that lost events to replaced articles and gained none here: summarise what is left.
    leftover = sql.incident_events(store, emptied_candidates - touched.keys())
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    summaries = [summarize(s.id, s.seq, s.events, now) for s in touched.values()]
    summaries += [summarize(iid, int(iid[1:]), events, now) for iid, events in leftover.items()]
    emptied = emptied_candidates - touched.keys() - leftover.keys()
    sql.save_incidents(store, links, summaries, emptied)
    return UpdateReport(0, len(links), created, len(summaries), len(emptied))


# -- summaries ---------------------------------------------------------------------------------------------


def publisher_key(event: Mapping[str, Any]) -> str:
    """Who published an event's article: its `source`, or (unknown) the article itself."""
    source = (event.get("source") or "").strip()
    return source if source else f"article:{event['article_id']}"


def _representative(events: Sequence[Mapping[str, Any]], event_type: str) -> Mapping[str, Any]:
    def rank(e: Mapping[str, Any]) -> tuple[Any, ...]:
        modality = _MODALITY_RANK.index(e["modality"]) if e["modality"] in _MODALITY_RANK else 9
        return (
            e["type"] != event_type,
            modality,
            e["duplicate_of"] is not None,
            e["published"] or dt.date.max,
        )

    return min(events, key=rank)


def summarize(
    incident_id: str, seq: int, events: Sequence[dict[str, Any]], now: dt.datetime
) -> dict[str, Any]:
    """An incident's stored summary (store/_incidents.INCIDENT_COLUMNS) from its supporting events."""
    types = Counter(e["type"] for e in events)
    event_type = max(
        types, key=lambda t: (types[t], -next(i for i, e in enumerate(events) if e["type"] == t))
    )
    top = _representative(events, event_type)
    independent = [e for e in events if e["duplicate_of"] is None]
    keys = sorted({publisher_key(e) for e in independent})
    modalities: dict[str, set[str]] = {}
    for e in independent:
        modalities.setdefault(e["modality"], set()).add(publisher_key(e))
    spans = [span for e in events if (span := event_span(e)) is not None]
    precise = [span for span in spans if _is_precise(span)] or spans
    stated = Counter(e["date"] for e in events if e["date"] and e["date_text"] and _is_precise(event_span(e)))
    located = [e for e in events if e["location"] and e["location"].get("lat") is not None]
    location = top["location"] if top["location"] else (located[0]["location"] if located else None)
    published = [e["published"] for e in events if e["published"] is not None]
    goldsteins = [e["goldstein"] for e in events if e["goldstein"] is not None and e["type"] == event_type]
    return {
        "id": incident_id,
        "seq": seq,
        "type": event_type,
        "cameo": Counter(e["cameo"] for e in events if e["type"] == event_type).most_common(1)[0][0],
        "quad_class": top["quad_class"],
        "goldstein": round(sum(goldsteins) / len(goldsteins), 2) if goldsteins else None,
        "date": stated.most_common(1)[0][0] if stated else (top["date"] or _iso(top["event_day"])),
        "first_day": min(span[0] for span in precise) if precise else None,
        "last_day": max(span[1] for span in precise) if precise else None,
        "first_reported": min(published) if published else None,
        "location": location,
        "actor": top["actor"] or [],
        "recipient": top["recipient"] or [],
        "actor_codes": sorted({c for e in events for c in e["actor_codes"] or ()}),
        "recipient_codes": sorted({c for e in events for c in e["recipient_codes"] or ()}),
        "n_events": len(events),
        "n_articles": len({e["article_id"] for e in independent}),
        "publishers": sorted(k for k in keys if not k.startswith("article:")),
        "corroboration": len(keys),
        "modalities": {m: len(modalities[m]) for m in sorted(modalities, key=_modality_order)},
        "updated_at": now,
    }


def _modality_order(modality: str) -> tuple[int, str]:
    return (_MODALITY_RANK.index(modality) if modality in _MODALITY_RANK else 9, modality)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
