"""The times stage's vocabulary, read once from data/lexicons/time_lexicon.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import read_yaml

LEXICON_FILE = ("lexicons", "time_lexicon.yaml")


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    season_months: dict[str, tuple[int, ...]]
    deictic_days: dict[str, int]
    day_parts: frozenset[str]
    cardinals: dict[str, int]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    units: dict[str, str]
    vague_quantities: frozenset[str]
    cues: dict[str, int | str]
    anaphoric_cues: dict[str, int]
    offset_words: dict[str, int]
    modifiers: frozenset[str]
    fillers: frozenset[str]
    reference_only: frozenset[str]
    leading_words: frozenset[str]
    determiners: frozenset[str]
    set_words: frozenset[str]

    def alternation(self, *words: str) -> str:
        """A regex alternation of `words`, longest first so that "sept" wins over "sep"."""
        return "|".join(sorted((w.replace(".", r"\.") for w in words), key=len, reverse=True))


def _words(raw: dict) -> dict:
    return {str(k).lower(): v for k, v in raw.items()}


@lru_cache(maxsize=1)
def lexicon() -> TimeLexicon:
    raw = read_yaml(*LEXICON_FILE)
    return TimeLexicon(
        months=_words(raw["months"]),
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        weekdays=_words(raw["weekdays"]),
        seasons=_words(raw["seasons"]),
        season_months={k: tuple(v) for k, v in raw["season_months"].items()},
        deictic_days=_words(raw["deictic_days"]),
        day_parts=frozenset(raw["day_parts"]),
        cardinals=_words(raw["cardinals"]),
        ordinals=_words(raw["ordinals"]),
        decade_words=_words(raw["decade_words"]),
        units=_words(raw["units"]),
        vague_quantities=frozenset(raw["vague_quantities"]),
        cues=_words(raw["cues"]),
        anaphoric_cues=_words(raw["anaphoric_cues"]),
        offset_words=_words(raw["offset_words"]),
        modifiers=frozenset(raw["modifiers"]),
        fillers=frozenset(str(w) for w in raw["fillers"]),
        reference_only=frozenset(raw["reference_only"]),
        leading_words=frozenset(raw["leading_words"]),
        determiners=frozenset(raw["determiners"]),
        set_words=frozenset(raw["set_words"]),
    )
