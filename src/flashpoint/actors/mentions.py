"""The working mention shared by the actors stage's steps, and the role words they read."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..data import read_yaml


@lru_cache(maxsize=1)
def role_words() -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in read_yaml("lexicons", "actor_roles.yaml").items()}


@dataclass
class Mention:
    """A working mention: token range, head, and the code as it is being worked out."""

    start: int
    end: int
    head: int
    label: str  # PERSON ORG GPE NORP GROUP PRON
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    backer: str | None = None
    chain: int | None = None
    titles: set[str] = field(default_factory=set)
    from_dictionary: bool = False

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]

    def fill(self, code: str | None, sector: str | None) -> None:
        """Fill what is still unknown; never overwrite what is known."""
        self.code = self.code or code
        self.sector = self.sector or sector


def sentence_numbers(doc: Doc) -> list[int]:
    """Token index -> sentence number, computed once per Doc (Token.sent is a scan each time)."""
    cached = doc.user_data.get("flashpoint_sentence_numbers")
    if cached is None or len(cached) != len(doc):
        cached = []
        for number, sent in enumerate(doc.sents):
            cached.extend([number] * len(sent))
        doc.user_data["flashpoint_sentence_numbers"] = cached
    return cached
