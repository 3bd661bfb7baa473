"""The output contract as frozen dataclasses (see docs/output-contract.md).

Stages produce these objects; `to_dict()` turns them into the public JSON shape. Fields that the contract
does not name (e.g. an event's `provenance`) are extra and only ever added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
MODALITIES = (
    "asserted", "reported", "hedged", "negated", "hypothetical", "conditional", "future", "historical",
)  # fmt: skip
SOURCE_TYPES = ("named_person", "official", "organization", "media", "anonymous", "article")
QUOTE_KINDS = ("direct", "indirect", "mixed")
PRECISIONS = ("day", "week", "month", "year", "decade")
# PLOVER's size fields of an event, in record order: how many it killed, hurt or had arrested.
SIZE_FIELDS = ("dead", "injured", "arrested")


# Types that are already plain: returned at once (most values are), before asking for a `to_dict`.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Record:
    """Mixin: serialise every dataclass field, recursively, in declaration order."""

    def to_dict(self) -> dict[str, Any]:
        names = _FIELD_NAMES.get(type(self))
        if names is None:  # `fields()` is slow to ask per record: read once per class
            names = _FIELD_NAMES[type(self)] = tuple(f.name for f in fields(self))  # type: ignore[arg-type]
        return {name: _plain(getattr(self, name)) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Span(_Record):
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actor(_Record):
    text: str
    start: int
    end: int
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    # Extra (not in the contract's required fields): the state behind a proxy ("Iran-backed militias").
    backer: str | None = None


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    text: str
    start: int
    end: int
    label: str
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    backer: str | None = None
    # Index of the mention chain this entity belongs to (same person or organisation within the article).
    chain: int | None = None


@dataclass(frozen=True, slots=True)
class Place(_Record):
    text: str
    start: int
    end: int
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str | None
    feature_class: str | None
    admin1: str | None
    # Extra: how the event location was chosen ("trigger", "argument", "sentence", "article").
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Time(_Record):
    text: str
    start: int
    end: int
    value: str
    precision: str


@dataclass(frozen=True, slots=True)
class Speaker(_Record):
    text: str
    start: int
    end: int
    resolved: str | None = None
    code: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class SourceLink(_Record):
    """One link of an attribution chain: a statement and who made it."""

    quote: str
    source: Span | None
    source_type: str
    resolved: str | None = None


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    id: str
    kind: str
    speaker: Speaker | None
    cue: Span | None
    content: Span
    source_type: str = "article"
    # Extra: the statements this one is reported inside, innermost first ("Politico reported that,
    # according to Pentagon sources, ..."), and the kind of source the speaker says it relies on
    # ("Politico reported that it spoke with three sources": anonymous).
    via: tuple[SourceLink, ...] = ()
    cites: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution(_Record):
    source: Span | None
    source_type: str
    cue: Span | None
    # Extra: the quote id this attribution comes from, when there is one.
    quote: str | None = None
    # Extra: every source between the claim and the article, innermost first, and the kind of source the
    # claim ultimately rests on (the innermost source, or what a relaying medium cites).
    chain: tuple[SourceLink, ...] = ()
    basis: str = "article"


@dataclass(frozen=True, slots=True)
class Dispute(_Record):
    """One claim contradicting another about the same event: "the threat ... was more of a bluff"."""

    id: str
    kind: str  # denial ("denied that ..."), doubt ("a bluff", "false"), or correction
    cue: Span  # the words that dispute ("bluff", "denied")
    target: Span  # what is disputed, as the disputing claim names it ("the threat to pull out of Baghdad")
    disputed_by: str | None  # quote id of the disputing statement (None: the article's own voice)
    events: tuple[str, ...] = ()  # ids of the events the disputed claim was coded as
    quotes: tuple[str, ...] = ()  # ids of the statements that made the disputed claim


@dataclass(frozen=True, slots=True)
class SentenceRef(_Record):
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Acled(_Record):
    event_type: str
    sub_event_type: str | None = None


@dataclass(frozen=True, slots=True)
class Event(_Record):
    id: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo: str
    quad_class: int
    goldstein: float
    acled: Acled | None
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    trigger: Span
    sentence: SentenceRef
    location: Place | None
    date: str | None
    date_text: str | None
    modality: str
    attribution: Attribution | None
    confidence: float
    # PLOVER's size fields: how many the event killed, hurt or had arrested, where the text counts them
    # (events.casualties); null where it does not.
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    # Extra: which component and rule produced the event, so every event is explainable.
    provenance: str = "rules"


@dataclass(frozen=True, slots=True)
class ArticleMeta(_Record):
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord(_Record):
    article: ArticleMeta
    events: tuple[Event, ...] = field(default_factory=tuple)
    quotes: tuple[Quote, ...] = field(default_factory=tuple)
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    places: tuple[Place, ...] = field(default_factory=tuple)
    times: tuple[Time, ...] = field(default_factory=tuple)
    # Extra: claims in the article that contradict other claims about the same event.
    disputes: tuple[Dispute, ...] = field(default_factory=tuple)
