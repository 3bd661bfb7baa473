"""Choosing the gazetteer entry each toponym refers to.

A candidate's score is a prior (population on a log scale, bigger for countries and states, capitals and
main names) plus evidence from the article:

- a qualifier ("Paris, Texas"): a large bonus when the candidate lies in the named state or country and a
  penalty when it does not;
- the article's country and state focus: the countries and US states of the other toponyms (and of the
  actors in `doc._.entities`, and of demonyms), as shares, so an article about Louisiana reads
  "Alexandria" as Alexandria, Louisiana;
- closeness to the other towns the article names.

One sense per article: every mention of a name gets the same entry, scored once for the whole article.
Focus and closeness depend on the other names' choices, so choices are made in rounds: first from priors
and qualifiers (and only confident ones count as evidence), then twice more with all the evidence.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .finder import Mention
from .gazetteer import ALTERNATE, Candidate, Gazetteer, haversine_km, haversine_radians_km, radian_point

KIND_BONUS = {"country": 2.0, "admin1": 0.5, "continent": 0.0, "region": 0.0, "admin2": 0.0, "city": 0.0}
# Entries without a population get a fixed prior of that size.
UNKNOWN_POPULATION_PRIOR = {"admin2": 5.0, "region": 6.5, "continent": 8.0}
CAPITAL_BONUS = 1.5
ALTERNATE_PENALTY = 2.5
QUALIFIER_MATCH = 8.0
QUALIFIER_MISMATCH = -4.0
COUNTRY_FOCUS = 2.5  # times the share of the article's evidence in the candidate's country
STATE_FOCUS = 3.0  # times the share of the article's state-level evidence in the candidate's state
# (distance km, bonus): the first band the nearest other town falls in.
NEAR_BANDS = ((50.0, 2.0), (150.0, 1.2), (300.0, 0.5))
# Any reading of another name within this distance supports a candidate a little ("Paris and Henry County":
# Paris, Tennessee is the seat of Henry County, Tennessee), whichever reading that name has so far.
PAIR_KM = 50.0
PAIR_BONUS = 1.0
CONFIDENT_MARGIN = 1.0
ROUNDS = 4
# Kinds that sit inside a state: they take state focus and closeness to other towns.
LOCAL_KINDS = frozenset({"city", "admin2", "region"})


def prior(candidate: Candidate) -> float:
    if candidate.population > 0:
        score = math.log10(candidate.population + 1)
    else:
        score = UNKNOWN_POPULATION_PRIOR.get(candidate.kind, 3.0)
    score += KIND_BONUS.get(candidate.kind, 0.0)
    if candidate.capital:
        score += CAPITAL_BONUS
    if candidate.usage == ALTERNATE:
        score -= ALTERNATE_PENALTY
    return score


def _within(candidate: Candidate, region: Candidate) -> bool:
    """Whether `candidate` lies in the state or country `region`."""
    if region.kind == "country":
        return candidate.country2 == region.country2 and candidate.rowid != region.rowid
    if region.kind == "admin1":
        return (
            candidate.country2 == region.country2
            and candidate.admin1 == region.admin1
            and candidate.kind in {"city", "admin2", "region"}
        )
    return False


@dataclass(slots=True)
class _Group:
    """All mentions of one name that must share a sense."""

    mentions: list[Mention]
    candidates: dict[int, Candidate] = field(default_factory=dict)
    static: dict[int, float] = field(default_factory=dict)
    choice: Candidate | None = None
    margin: float = 0.0

    @property
    def weight(self) -> int:
        return len(self.mentions)


def _groups(mentions: Iterable[Mention]) -> list[_Group]:
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.candidates:
            by_name[mention.key].append(mention)
    groups = []
    for same_name in by_name.values():
        # "Paris, Texas" and "Paris, France" in one article are two places; bare "Paris" goes with the
        # first qualified one.
        by_qualifier: dict[str | None, list[Mention]] = defaultdict(list)
        for mention in same_name:
            by_qualifier[mention.qualifier.key if mention.qualifier else None].append(mention)
        qualified = [k for k in by_qualifier if k is not None]
        if qualified and None in by_qualifier:
            by_qualifier[qualified[0]].extend(by_qualifier.pop(None))
        for members in by_qualifier.values():
            group = _Group(members)
            for mention in members:
                for candidate in mention.candidates:
                    known = group.candidates.get(candidate.rowid)
                    if known is None or candidate.usage < known.usage:
                        group.candidates[candidate.rowid] = candidate
            groups.append(group)
    return groups


def _pair_support(groups: list[_Group]) -> None:
    """Add PAIR_BONUS for each other name that has some reading within PAIR_KM of a candidate."""
    points = [
        [
            radian_point(c.point)
            for c in group.candidates.values()
            if c.kind in LOCAL_KINDS and c.point is not None
        ]
        for group in groups
    ]
    for index, group in enumerate(groups):
        for rowid, candidate in group.candidates.items():
            if candidate.kind not in LOCAL_KINDS or candidate.point is None:
                continue
            here = radian_point(candidate.point)
            near = sum(
                any(haversine_radians_km(here, p) <= PAIR_KM for p in others)
                for other, others in enumerate(points)
                if other != index
            )
            group.static[rowid] += PAIR_BONUS * near


def _static_scores(group: _Group) -> None:
    qualifiers = [m.qualifier for m in group.mentions if m.qualifier is not None]
    for rowid, candidate in group.candidates.items():
        score = prior(candidate)
        if qualifiers:
            regions = [r for q in qualifiers for r in q.candidates if r.kind in {"admin1", "country"}]
            score += QUALIFIER_MATCH if any(_within(candidate, r) for r in regions) else QUALIFIER_MISMATCH
        group.static[rowid] = score


@dataclass(slots=True)
class _Evidence:
    """What the rest of the article says: its countries, its first-level divisions, its towns' points."""

    countries: Counter[str] = field(default_factory=Counter)
    states: Counter[tuple[str, str]] = field(default_factory=Counter)
    points: list[tuple[float, float]] = field(default_factory=list)

    def add(self, candidate: Candidate, weight: float) -> None:
        if candidate.country2:
            self.countries[candidate.country2] += weight
        if candidate.admin1 and candidate.country2 and candidate.kind in {"city", "admin1", "admin2"}:
            self.states[(candidate.country2, candidate.admin1)] += weight
        if candidate.kind in LOCAL_KINDS and candidate.point is not None:
            self.points.append(candidate.point)


def _evidence(groups: list[_Group], actors: Counter[str], skip: int, confident_only: bool) -> _Evidence:
    """The evidence of every group but `skip` (its own reading must not vote for itself)."""
    evidence = _Evidence(Counter(actors))
    for index, group in enumerate(groups):
        if index == skip or group.choice is None:
            continue
        if group.margin >= CONFIDENT_MARGIN or not confident_only:
            evidence.add(group.choice, group.weight)
    return evidence


def _context(candidate: Candidate, evidence: _Evidence) -> float:
    """Focus and closeness bonus for one candidate."""
    score = 0.0
    total = sum(evidence.countries.values())
    if total > 0 and candidate.country2:
        score += COUNTRY_FOCUS * evidence.countries[candidate.country2] / total
    state_total = sum(evidence.states.values())
    if state_total > 0 and candidate.kind in LOCAL_KINDS and candidate.admin1 and candidate.country2:
        score += STATE_FOCUS * evidence.states[(candidate.country2, candidate.admin1)] / state_total
    if candidate.kind in LOCAL_KINDS and candidate.point is not None and evidence.points:
        nearest = min(haversine_km(candidate.point, point) for point in evidence.points)
        score += next((bonus for limit, bonus in NEAR_BANDS if nearest <= limit), 0.0)
    return score


def _choose(group: _Group, scores: dict[int, float]) -> None:
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    group.choice = group.candidates[ranked[0][0]]
    group.margin = ranked[0][1] - ranked[1][1] if len(ranked) > 1 else math.inf


def resolve_mentions(
    mentions: list[Mention], gazetteer: Gazetteer, *, actor_countries: Iterable[str] = ()
) -> dict[int, Candidate]:
    """The chosen entry for each mention that has candidates, keyed by `id(mention)`."""
    groups = _groups(mentions)
    for group in groups:
        _static_scores(group)
    _pair_support(groups)
    for group in groups:
        _choose(group, group.static)
    # Actors' countries are fixed evidence: they do not depend on any toponym's reading.
    actors: Counter[str] = Counter()
    for code in actor_countries:
        country = gazetteer.country(code)
        if country is not None and country.country2:
            actors[country.country2] += 1
    # Sequential rounds, surest names first: each choice is made against the current reading of the rest.
    # The first round hears only the names that are clear from priors and qualifiers alone.
    order = sorted(range(len(groups)), key=lambda i: -groups[i].margin)
    for round_ in range(ROUNDS):
        changed = False
        for index in order:
            group = groups[index]
            evidence = _evidence(groups, actors, index, confident_only=round_ == 0)
            before = group.choice
            _choose(group, {r: s + _context(group.candidates[r], evidence) for r, s in group.static.items()})
            changed |= group.choice is not before
        if round_ > 0 and not changed:
            break
    return {id(mention): group.choice for group in groups for mention in group.mentions if group.choice}
