"""The working shapes of the attribution stage: its lexicon and a statement being assembled."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from ..data import read_yaml


@dataclass(frozen=True)
class AttributionLexicon:
    speech_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    stance_adjectives: dict[str, frozenset[str]]  # adjective: the prepositions that take what is held
    stance_copulas: frozenset[str]
    statement_nouns: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    anonymous_heads: frozenset[str]
    official_heads: frozenset[str]
    media_heads: frozenset[str]
    agent_preps: frozenset[str]
    citing_cues: frozenset[str]
    negative_sources: frozenset[str]
    content_preps: frozenset[str]
    complement_marks: frozenset[str]
    object_topic_preps: frozenset[str]
    quote_pairs: tuple[tuple[str, str], ...]
    continuation_sentences: int
    cue_dependents_before: frozenset[str]
    cue_dependents_after: frozenset[str]
    colon_labels: frozenset[str]
    content_extensions: dict[str, frozenset[str]]
    raising_verbs: frozenset[str] = frozenset()
    interchangeable_quote_marks: str = ""
    experiencer_verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def attribution_lexicon() -> AttributionLexicon:
    raw = read_yaml("lexicons", "attribution.yaml")
    return AttributionLexicon(
        speech_verbs=frozenset(raw["speech_verbs"]),
        belief_verbs=frozenset(raw["belief_verbs"]),
        stance_adjectives={adj: frozenset(preps) for adj, preps in raw["stance_adjectives"].items()},
        stance_copulas=frozenset(raw["stance_copulas"]),
        statement_nouns=frozenset(raw["statement_nouns"]),
        source_phrases=tuple(tuple(p) for p in raw["source_phrases"]),
        anonymous_heads=frozenset(raw["anonymous_heads"]),
        official_heads=frozenset(raw["official_heads"]),
        media_heads=frozenset(raw["media_heads"]),
        agent_preps=frozenset(raw["agent_preps"]),
        citing_cues=frozenset(raw["citing_cues"]),
        negative_sources=frozenset(raw["negative_sources"]),
        content_preps=frozenset(raw["content_preps"]),
        complement_marks=frozenset(raw["complement_marks"]),
        object_topic_preps=frozenset(raw["object_topic_preps"]),
        quote_pairs=tuple((a, b) for a, b in raw["quote_pairs"]),
        continuation_sentences=int(raw["continuation_sentences"]),
        cue_dependents_before=frozenset(raw["cue_dependents"]["before"]),
        cue_dependents_after=frozenset(raw["cue_dependents"]["after"]),
        colon_labels=frozenset(str(label) for label in raw["colon_labels"]),
        content_extensions={dep: frozenset(deps) for dep, deps in raw["content_extensions"].items()},
        raising_verbs=frozenset(raw.get("raising_verbs", ())),
        interchangeable_quote_marks="".join(raw.get("interchangeable_quote_marks", ())),
        experiencer_verbs=frozenset(raw.get("experiencer_verbs", ())),
    )


@dataclass
class Statement:
    """A statement being assembled (token level), before it becomes a Quote."""

    kind: str
    content: Span
    cue: Span | None
    cue_head: Token | None
    source: Span | None
    continues: Statement | None = None  # a cue-less quote: the statement it continues
    pieces: list[Span] = field(default_factory=list)  # every quoted piece that shares this cue

    @property
    def source_head(self) -> Token | None:
        return self.source.root if self.source is not None else None
