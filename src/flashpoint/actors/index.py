"""Look up the coded entity behind a token: how events and quotes turn a parse node into an Actor."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..nlp.extensions import stage_results
from ..records.model import Actor, Entity

_NP_DEPS = {"amod", "compound", "nmod", "poss", "det", "nummod", "npadvmod", "quantmod", "case"}


class EntityIndex:
    """Token -> Entity, over the actors stage's results for one Doc."""

    def __init__(self, doc: Doc, entities: list[Entity] | None = None) -> None:
        self.doc = doc
        self.entities = entities if entities is not None else stage_results(doc, "entities")
        self._by_root: dict[int, Entity] = {}
        self._by_token: dict[int, Entity] = {}
        for entity in self.entities:
            span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            current = self._by_root.get(span.root.i)
            if current is None or (entity.end - entity.start) > (current.end - current.start):
                self._by_root[span.root.i] = entity
            for token in span:
                inner = self._by_token.get(token.i)
                if inner is None or (entity.end - entity.start) < (inner.end - inner.start):
                    self._by_token[token.i] = entity

    def entity_at(self, token: Token) -> Entity | None:
        """The mention headed by `token`, else the smallest mention containing it."""
        return self._by_root.get(token.i) or self._by_token.get(token.i)

    def actor(self, token: Token) -> Actor:
        """An Actor for the phrase headed by `token`: coded if it is a known mention, else text only."""
        entity = self._by_root.get(token.i)
        if entity is not None:
            return entity_actor(entity)
        start = token.i
        for child in token.lefts:
            if child.dep_ in _NP_DEPS:
                start = min(start, child.left_edge.i)
        span = self.doc[start : token.i + 1]
        inner = self._by_token.get(token.i)
        code = inner.code if inner is not None else self._modifier_code(token)
        return Actor(text=span.text, start=span.start_char, end=span.end_char, code=code)

    def _modifier_code(self, token: Token) -> str | None:
        """ "American military and diplomatic sites": a country named among the head's modifiers."""
        for child in token.lefts:
            if child.dep_ in _NP_DEPS - {"det"}:
                for node in child.subtree:
                    entity = self._by_root.get(node.i)
                    if entity is not None and entity.code and entity.label in {"GPE", "NORP"}:
                        return entity.code
        return None

    def actors(self, token: Token) -> list[Actor]:
        """The actor headed by `token` and those coordinated with it ("Iraq and Iran")."""
        heads = [token, *(t for t in token.conjuncts if t.i > token.i)]
        return [self.actor(t) for t in heads if t.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "NUM"}]


def entity_actor(entity: Entity) -> Actor:
    return Actor(
        text=entity.text,
        start=entity.start,
        end=entity.end,
        code=entity.code,
        sector=entity.sector,
        name=entity.name,
        backer=entity.backer,
    )
