"""Look up the coded entity behind a token: how events and quotes turn a parse node into an Actor."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..nlp.extensions import stage_results
from ..records.model import Actor, Entity

_NP_DEPS = {"amod", "compound", "nmod", "poss", "det", "nummod", "npadvmod", "quantmod", "case"}
# Right-hand dependents that belong to a participant's phrase ("victims *of the earthquake*", "hackers
# *linked to Iran*", "Russia's president*, Mr Putin*"); relative clauses and coordination do not.
_PHRASE_RIGHT_DEPS = {"prep", "acl", "appos", "amod", "compound", "nummod", "case", "nmod", "poss"}
_PHRASE_LEFT_SKIP = {"cc", "preconj", "punct"}
# Entity types that are never a participant ("on Thursday", "for 20 years").
_NOT_PARTICIPANT_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
_PARTICIPANT_POS = {"NOUN", "PROPN", "PRON", "ADJ", "NUM"}


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

    def coded_heads(self) -> frozenset[int]:
        """Indices of the tokens that head a mention the actor dictionary codes."""
        return frozenset(i for i, entity in self._by_root.items() if entity.code)

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

    def participants(self, token: Token, *, outside: Token | None = None) -> list[Actor]:
        """Like `actors`, each spanning its whole noun phrase ("the last ISIS bastion in the country",
        "Russia's president, Mr Putin"), so an event's participant reads as the text names it. The code
        still comes from the mention at its head. A phrase that would swallow `outside` (the trigger)
        keeps the mention's own span."""
        heads = [token, *(t for t in token.conjuncts if t.i > token.i)]
        out = []
        for head in heads:
            if head.pos_ not in _PARTICIPANT_POS or head.ent_type_ in _NOT_PARTICIPANT_ENTS:
                continue
            actor = self.actor(head)
            start, end = phrase_bounds(head)
            if outside is not None and start <= outside.i < end:
                out.append(actor)
                continue
            span = self.doc[start:end]
            if span.start_char <= actor.start and actor.end <= span.end_char:
                actor = Actor(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    code=actor.code,
                    sector=actor.sector,
                    name=actor.name,
                    backer=actor.backer,
                )
            out.append(actor)
        return out

    def actors(self, token: Token) -> list[Actor]:
        """The actor headed by `token` and those coordinated with it ("Iraq and Iran")."""
        heads = [token, *(t for t in token.conjuncts if t.i > token.i)]
        return [self.actor(t) for t in heads if t.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "NUM"}]


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by `head`, without relative clauses,
    coordinated phrases or edge punctuation."""
    start = end = head.i
    for child in head.lefts:
        if child.dep_ not in _PHRASE_LEFT_SKIP:
            start = min(start, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in _PHRASE_RIGHT_DEPS and not _is_time_phrase(child):
            end = max(end, child.right_edge.i)
    doc = head.doc
    while start < head.i and doc[start].is_punct:
        start += 1
    while end > head.i and doc[end].is_punct and not _closes_bracket(doc, start, end):
        end -= 1
    return start, end + 1


def _is_time_phrase(child: Token) -> bool:
    """ "on Friday", "for 20 years": when, not who."""
    objects = [g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "prep" else [child]
    return any(o.ent_type_ in _NOT_PARTICIPANT_ENTS for o in objects)


def _closes_bracket(doc: Doc, start: int, end: int) -> bool:
    """ "... Animals (PETA)": a closing bracket whose opening one is inside the phrase stays."""
    return doc[end].is_right_punct and any(doc[i].is_left_punct for i in range(start, end))


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
