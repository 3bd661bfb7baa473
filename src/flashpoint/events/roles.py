"""The learned role chooser: which noun phrase of a sentence is its main event's actor, and which its
recipient.

The rules (events.coder) read roles straight off the trigger's dependents: its subject, its object, the
object of "on"/"against". That misses what a reader takes for granted: "NAF says *it* has killed ..." (the
actor is NAF), "expressed concern *to the Council*", "imposed sanctions *on X*" versus "*in May*", and where
a participant's phrase ends ("a U.S. Supreme Court decision", not "... decision to partially reinstate
...").

So the roles of each sentence's main event (the one the quad ranker puts first) are chosen among
candidate phrases by a small conditional logistic model:

* candidates are the noun phrases of the trigger's sentence: every noun, proper noun, pronoun or number
  that heads a phrase (not a date or amount, a modifier inside another phrase, a relative pronoun or the
  placeholder "it" of "it is unacceptable for X to ..."; but "dozens *of* demonstrators" is a group),
  each in a few readings of its extent (with and without its leading determiner, ending after each
  right-hand dependent in turn, or further: through a relative clause, or through a place phrase the
  parse hung on the verb right after its object), plus "none";
* each candidate is described by binary features read from the parse: the dependency path between it
  and the trigger (prepositions named), its path to the sentence root, its dependency label, entity
  type, whether the actor dictionary codes it, whether the rules chose it, its side of the trigger, the
  event's PLOVER type and trigger kind, the trigger word with the candidate's relation to it, whether it
  sits inside the trigger's phrase or below another clause, which named or coded participants its phrase
  holds below its head ("violations *by the police*"), and, for each reading, which dependents it
  keeps or drops, by the kind of head and dependent (a name drops a description, a title keeps the name)
  and by the candidate's own relation, what follows the determiner it keeps or drops, and its length;
* one weight vector per role scores every candidate; the best-scoring one wins. The logit is fitted for
  likelihood, but roles are scored as spans (F1), where a likely participant beats "none" more often than
  the likelihood says: an offset to the recipient's "none" score is chosen by cross-validation inside the
  training data (`_none_offset`).

The parser's context vectors (`doc.tensor`) of the candidate and the trigger were tried as dense features
beside these and gained nothing in cross-validation (T span F1 0.534-0.540 against 0.541), so they are
not used.

The model is trained on ConfliBERT's role sentences, whose annotators mark the sentence's own source and
target; so it is applied to main events only, and the other events of a sentence keep the rules' roles
("attacks *by militias*" inside a sentence about a warning). Those annotators often left an evident
target unmarked, so where the model picks "none" the rules' participant stands (events.coder
`choose_roles`). The model only chooses among phrases the parse offers; it never types or drops an event,
and every event it touched says so in its provenance (`;roles:<model id>`). Weights ship in
`data/models/event_roles.json` (JSON, no pickle); `tools/train_event_roles.py` trains them with
`train_role_model` (plain numpy); evaluation.conflibert scores them cross-validated.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from ..actors.index import phrase_bounds
from ..data import data_path
from ..nlp.columns import TokenColumns
from ..records.model import Event
from .casualties import suffering_of
from .lexicon import role_lexicon
from .logistic import descend, feature_vocabulary, sparse_design

ROLES = ("actor", "recipient")
ROLE_MODEL_FILE = ("models", "event_roles.json")
# The accurate profile's chooser, trained with the role tagger's features (events.coder.TaggedRoles).
TAGGED_ROLE_MODEL_FILE = ("models", "event_roles_tagged.json")
_HEAD_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Entity types that name a time, an amount or a rank, never a participant.
_NOT_PARTICIPANT_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Right-hand dependents a reading of a phrase may end before (coordination is handled by conjuncts).
_TRIMMABLE = frozenset(
    {"prep", "acl", "relcl", "appos", "amod", "nummod", "npadvmod", "case", "nmod", "poss"}
)
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
_PREMODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "nummod", "quantmod"})
_PATH_STEPS = 3
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "conj", "acl"})


@dataclass(frozen=True)
class EventFrame:
    """What the chooser knows of one coded event: its trigger and what the rules made of it."""

    anchor: Token  # the root of the trigger's words
    type: str  # PLOVER type
    cameo: str
    kind: str  # verb | noun | predicate | other (the rule family)
    actor_heads: frozenset[int]
    recipient_heads: frozenset[int]
    # token range of the trigger's words ("made several arrests", "sent to jail", "putting activists
    # behind bars"; see `_names_the_act`)
    trigger: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class RoleOption:
    """One reading of one candidate participant (or none: head is None)."""

    head: int | None
    start: int  # token range of the head's own phrase in this reading
    end: int
    features: tuple[str, ...]
    # The leading features every reading of this candidate shares (the same tuple object for all of
    # them): `RoleModel.choose` sums their weights once per candidate instead of once per reading.
    shared: tuple[str, ...] = field(default=(), compare=False, repr=False)


def frame_of(
    event: Event, anchor: Token, actor_tokens: Iterable[Token], recipient_tokens: Iterable[Token]
) -> EventFrame:
    """The EventFrame of a rule-coded event, given the tokens its participants' phrases are headed by."""
    rule = event.provenance.split(";", 1)[0]
    kind = rule.split(":")[1] if rule.count(":") >= 2 else "other"
    words = anchor.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return EventFrame(
        anchor=anchor,
        type=event.type,
        cameo=event.cameo,
        kind=kind,
        actor_heads=frozenset(t.i for t in actor_tokens),
        recipient_heads=frozenset(t.i for t in recipient_tokens),
        trigger=(words.start, words.end) if words is not None else (anchor.i, anchor.i + 1),
    )


# -- candidates and features ------------------------------------------------------------------------------


def role_options(
    frame: EventFrame, coded_heads: frozenset[int] = frozenset(), rows: ParseRows | None = None
) -> list[RoleOption]:
    """Every candidate reading in the trigger's sentence, "none" last. `coded_heads`: tokens that head
    a mention the actor dictionary codes; `rows`: the Doc's `ParseRows`, when read already."""
    anchor = frame.anchor
    sentence = anchor.sent
    doc = anchor.doc
    rows = rows if rows is not None else ParseRows(doc)
    heads = [doc[i] for i in range(sentence.start, sentence.end) if rows.may_head_phrase(i)]
    candidates = [t for t in heads if _is_candidate(t) and not _names_the_act(t, frame)]
    # How many candidates away from the trigger, on its side: "the first phrase after the verb".
    before = [t.i for t in candidates if t.i < anchor.i][::-1]
    after = [t.i for t in candidates if t.i > anchor.i]
    place = {i: n for order in (before, after) for n, i in enumerate(order)}  # each index once: no .index()
    anchor_chain = rows.ancestors(anchor.i)
    depth = {i: n for n, i in enumerate(anchor_chain)}
    inside = range(sentence.start, sentence.end)
    coded_below = frozenset(a for j in coded_heads if j in inside for a in rows.ancestors(j)[1:])
    context = _AnchorContext(frame, rows, anchor.left_edge.i, anchor.right_edge.i, coded_below)
    options: list[RoleOption] = []
    for token in candidates:
        i = token.i
        dep = rows.dep[i]
        side = "L" if i < anchor.i else "R"
        rank = f"rank={side}{min(place[i] + 1, 4) if i in place else 0}"
        path = _path(rows, rows.ancestors(i), anchor_chain, depth)
        base = (*_candidate_features(i, path, context, coded_heads), rank, f"{rank}/{dep}")
        for start, end, reading in _readings(token):
            # How far a phrase reaches depends on its place: a subject keeps its appositive, an object
            # of "in" drops its own place phrase more often than a direct object does.
            size = f"len={min(end - start, 8)}"
            placed = [f"{note}|dep={dep}" for note in (*reading, size)]
            options.append(RoleOption(i, start, end, (*base, *reading, size, *placed), base))
    has_rule = ("rule_actor" if frame.actor_heads else "", "rule_recipient" if frame.recipient_heads else "")
    none = ["none", f"none/t={frame.type}", f"none/k={frame.kind}", *(f"none/{r}" for r in has_rule if r)]
    options.append(RoleOption(None, anchor.i, anchor.i, tuple(none)))
    return options


class ParseRows(TokenColumns):
    """The token attributes the role features read (`TokenColumns`), and which tokens head a
    coordination."""

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self.coordinated = [False] * len(self.head)
        for n, head in enumerate(self.head):
            if head != n and self.dep[n] == "conj":
                self.coordinated[head] = True

    def may_head_phrase(self, i: int) -> bool:
        """The part of speech test of `_is_candidate`, read without building the Token."""
        return self.pos[i] in _HEAD_POS or (self.pos[i] == "ADJ" and self.ent[i] == "NORP")

    def label(self, i: int) -> str:
        """`_label` of token i."""
        dep = self.dep[i]
        return f"{dep}:{self.lower[i]}" if dep in {"prep", "agent"} else dep

    @cached_property
    def named_below(self) -> list[tuple[str, ...]]:
        """For each token, the types of the named participants (entities, not dates or amounts) in its
        subtree that it is no part of, sorted."""
        below: list[set[str]] = [set() for _ in self.head]
        size = len(self.head)
        for start in range(size):
            if not self.entity_begins[start]:
                continue
            end = start + 1
            while end < size and self.ent[end] and not self.entity_begins[end]:
                end += 1
            label = self.ent[start]
            if label in _NOT_PARTICIPANT_ENTS:
                continue
            root = next((k for k in range(start, end) if not start <= self.head[k] < end), start)
            for above in self.ancestors(root)[1:]:
                if not start <= above < end:
                    below[above].add(label)
        return [tuple(sorted(labels)) for labels in below]


@dataclass(frozen=True)
class _AnchorContext:
    """What every candidate's features read of the event: its frame, the Doc's rows and the extent of the
    anchor's subtree."""

    frame: EventFrame
    rows: ParseRows
    left_edge: int
    right_edge: int
    coded_below: frozenset[int]  # tokens with a coded mention's head below them


def actor_allowed(frame: EventFrame, options: Sequence[RoleOption]) -> Callable[[RoleOption], bool]:
    """Which options may be the actor, by what the grammar states (the model learned an annotation habit
    of marking whoever a sentence is about as its source, such as the speaker of a reported act):

    * what a passive clause's subject names was done to, never the doer ("40 workers, with their leader,
      were arrested", "criminals arrested last week"); with no "by" agent the doer is unsaid, and no
      phrase (the speaker reporting it, the place it happened) is taken for it;
    * a doer the clause names itself, as the trigger's subject or "by" agent, is the actor ("the official
      said *police* arrested 40 rioters"; the official is the report's source, in its attribution); the
      model still chooses how much of that phrase to take. A pronoun subject may be resolved ("NAF says
      *it* has killed ...": NAF);
    * who died or was hurt in an act was its victim, never its doer ("three protesters died in police
      firing": `casualties.suffering_of`), and its doer can only be named in the phrase that names the
      act ("in *police* firing").
    """
    anchor = frame.anchor
    doc = anchor.doc
    participle = anchor.tag_ == "VBN" and anchor.dep_ in {"acl", "amod"}  # "criminals arrested last week"
    passive = participle or any(c.dep_ in {"nsubjpass", "csubjpass", "auxpass"} for c in anchor.children)
    subjects = [c for c in anchor.children if c.dep_ in {"nsubj", "nsubjpass", "csubjpass"}]
    patients = {t.i for s in subjects for t in s.subtree} if passive else set()
    if participle:
        patients |= {anchor.head.i, *(t.i for t in anchor.head.conjuncts)}
    suffering = suffering_of(anchor)
    doer_phrase: set[int] = set()
    if suffering is not None:
        patients |= {t.i for s in suffering.subjects for t in s.subtree}
        patients |= {t.i for t in suffering.sufferers}
        doer_phrase = {t.i for t in suffering.phrase.subtree}
    # With no "by" agent a passive leaves its doer unsaid.
    unsaid = passive and not any(c.dep_ == "agent" for c in anchor.children)
    stated = set()
    for i in frame.actor_heads:
        token = doc[i]
        agent = token.dep_ == "pobj" and token.head.dep_ == "agent" and token.head.head.i == anchor.i
        subject = token.dep_ == "nsubj" and token.head.i == anchor.i
        if token.pos_ != "PRON" and (agent or subject):
            stated.add(i)
    if not any(o.head in stated for o in options):
        stated = set()

    def allowed(option: RoleOption) -> bool:
        head = option.head
        if head is None:
            return True
        if suffering is not None and head not in doer_phrase:
            return False
        return not unsaid and head not in patients and (not stated or head in stated)

    return allowed


def _names_the_act(token: Token, frame: EventFrame) -> bool:
    """Whether a phrase is part of the act's own name rather than a participant, unless the rules read
    it as one: the trigger's head, any word of a noun trigger ("made several *arrests*", "launched an
    *appeal*") and a prepositional object among a verb trigger's words ("sent to *jail*", "placed under
    *arrest*"); but a verb trigger's direct object often is its target ("rejected *the resolution*")."""
    if token.i in frame.actor_heads or token.i in frame.recipient_heads:
        return False
    start, end = frame.trigger
    inside = start <= token.i < end
    return token.i == frame.anchor.i or (inside and (frame.kind == "noun" or token.dep_ == "pobj"))


def _is_candidate(token: Token) -> bool:
    if token.pos_ not in _HEAD_POS and not (token.pos_ == "ADJ" and token.ent_type_ == "NORP"):
        return False
    # A relative pronoun ("who", "that") stands for the noun its clause modifies, itself a candidate.
    if token.tag_ in _RELATIVE_TAGS or token.dep_ in {"compound", "expl"} or _is_extraposition(token):
        return False
    if token.ent_type_ == "CARDINAL" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights):
        return True  # "dozens of demonstrators", "40 of the protesters": a number of people
    return token.ent_type_ not in _NOT_PARTICIPANT_ENTS and not _is_premodifier(token)


def _is_premodifier(token: Token) -> bool:
    """ "*Iran*-backed groups", "*Iranian* proxy militias": a word inside the modifiers of a noun to
    its right describes that noun's referent; the noun heads the participant."""
    node = token
    while node.dep_ in _PREMODIFIER_DEPS and node.head.i > node.i:
        node = node.head
        if node.pos_ in {"NOUN", "PROPN"}:
            return True
    return False


def _is_extraposition(token: Token) -> bool:
    """ "*It* is unacceptable for X to launch ...", "*it* is important that ...": a placeholder subject of
    a copula whose real subject is the clause after it."""
    if token.lower_ != "it" or token.dep_ != "nsubj" or token.head.lemma_ != "be":
        return False
    predicates = [c for c in token.head.children if c.dep_ in {"acomp", "attr"}]
    clauses = {"ccomp", "xcomp", "advcl", "csubj"}
    return bool(predicates) and any(c.dep_ in clauses for p in [token.head, *predicates] for c in p.children)


def _kind(token: Token) -> str:
    """A phrase's kind for reading its extent: entity type, else part of speech; a preposition by its
    object's."""
    if token.dep_ in {"prep", "agent"}:
        objects = [c for c in token.children if c.dep_ == "pobj"]
        return f"{token.lower_}:{_kind(objects[0])}" if objects else token.lower_
    return token.ent_type_ or token.pos_


def _label(token: Token) -> str:
    return f"{token.dep_}:{token.lower_}" if token.dep_ in {"prep", "agent"} else token.dep_


def _path(
    rows: ParseRows, chain: list[int], anchor_chain: list[int], depth: dict[int, int]
) -> tuple[list[str], list[str]]:
    """Dependency labels up from a token (`chain`: it and its ancestors) to the lowest common ancestor
    with the anchor, then down to the anchor (`depth`: anchor-chain token -> its place in the chain)."""
    label = rows.label
    for n, node in enumerate(chain):
        if node in depth:
            up = [label(t) for t in chain[:n]]
            down = [label(t) for t in reversed(anchor_chain[: depth[node]])]
            return up, down
    return [label(t) for t in chain], []  # not reached: one tree per sentence


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else "8+")


def _joined(labels: list[str], sep: str) -> str:
    more = f"{sep}+" if len(labels) > _PATH_STEPS else ""
    return sep.join(labels[:_PATH_STEPS]) + more


def _candidate_features(
    i: int, path: tuple[list[str], list[str]], context: _AnchorContext, coded: frozenset[int]
) -> list[str]:
    frame, rows = context.frame, context.rows
    anchor = frame.anchor.i
    dep, pos, ent, lemma = rows.dep[i], rows.pos[i], rows.ent[i], rows.lemma[i]
    trigger = rows.lemma[anchor]
    up, down = path
    p = f"{_joined(up, '^')}|{_joined(down, '_')}"
    side = "L" if i < anchor else "R"
    out = [f"dep={dep}", f"pos={pos}", f"ent={ent}", f"lem={lemma}"]
    out += [f"p={p}", f"p={p}/t={frame.type}", f"p={p}/k={frame.kind}", f"p={p}/c={frame.cameo[:2]}"]
    out += [f"p={p}/g={trigger}", f"p={p}/e={ent}", f"p={p}/pos={pos}"]
    out += [f"p={p}/coded={i in coded}", f"up={'^'.join(up[:2])}", f"down={'_'.join(down[:2])}"]
    out += [f"nup={_bucket(len(up))}", f"ndown={_bucket(len(down))}"]
    if pos == "PRON":
        out.append(f"pron={rows.lower[i]}")
    for name, heads in (("rule_actor", frame.actor_heads), ("rule_recipient", frame.recipient_heads)):
        if i in heads:
            out += [name, f"{name}/k={frame.kind}", f"{name}/t={frame.type}"]
    out.append(f"dist={side}{_bucket(abs(i - anchor))}")
    to_root, node = [], i
    while rows.head[node] != node and len(to_root) < _PATH_STEPS:
        to_root.append(rows.label(node))
        node = rows.head[node]
    head = rows.head[i]
    out += [
        "root=" + "^".join(to_root),
        f"anchor={rows.dep[anchor]}",
        f"head={rows.lemma[head]}/{dep}",
    ]
    if i in coded:
        out += ["coded", f"coded/dep={dep}"]
    # What a trigger word takes as its target, by grammatical relation and side ("urged *X*", "X *said*"),
    # and what kind of thing the event type takes ("sanctions on *a country*", "released *prisoners*").
    out += [f"g={trigger}/dep={dep}", f"g={trigger}/side={side}"]
    out += [f"ent={ent}/t={frame.type}", f"lem={lemma}/t={frame.type}"]
    # Whether the phrase sits in the trigger's own phrase, and how many clauses it is buried in below the
    # point where its path meets the trigger's ("arrested protesters who attacked *the embassy*").
    clauses = min(sum(label in _CLAUSE_DEPS for label in up), 2)
    inside = context.left_edge <= i <= context.right_edge
    out += [f"in_subtree={inside}", f"clauses_up={clauses}", f"clauses_up={clauses}/t={frame.type}"]
    if rows.dep[head] in {"prep", "agent"}:
        prep = rows.lower[head]
        out += [
            f"pp={prep}/{rows.dep[rows.head[head]]}",
            f"pp={prep}/t={frame.type}",
            f"pp={prep}/g={trigger}",
        ]
    if rows.coordinated[i]:
        out += ["coordinated", f"coordinated/t={frame.type}"]
    return out + _below_features(i, context)


def _below_features(i: int, context: _AnchorContext) -> list[str]:
    """What the candidate's phrase holds below its head: a named or coded participant inside it ("violations
    *by the police*", "a dinner *for Netanyahu*") is often the one meant rather than the phrase around it."""
    kinds = context.rows.named_below[i]
    event_type = context.frame.type
    out = [f"below_ent={k}" for k in kinds] + [f"below_ent={k}/t={event_type}" for k in kinds]
    if i in context.coded_below:
        out += ["below_coded", f"below_coded/t={event_type}", f"below_coded/dep={context.rows.dep[i]}"]
    return out


def _beyond(token: Token, end: int) -> list[Token]:
    """Dependents that may extend the phrase of `token` (ending before `end`) to the right, in order, each
    starting right after the last (a comma between allowed)."""
    doc = token.doc
    extras: list[Token] = []
    for child in token.rights:
        if child.dep_ == "relcl" and child.i >= end:
            extras.append(child)
    if token.dep_ == "dobj":
        extras += [c for c in token.head.rights if c.dep_ == "prep" and c.i > token.i and _names_a_place(c)]
    out = []
    for extra in sorted(extras, key=lambda t: t.i):
        gap = doc[end : extra.left_edge.i]
        if len(gap) > 1 or any(not t.is_punct for t in gap):
            break
        out.append(extra)
        end = extra.right_edge.i + 1
    return out


def _names_a_place(prep: Token) -> bool:
    """ "in Yerevan", "near the border": a preposition of place whose object is no time or amount."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    place = prep.lower_ in role_lexicon().place_preps
    return place and bool(objects) and all(o.ent_type_ not in _NOT_PARTICIPANT_ENTS for o in objects)


def _readings(token: Token) -> list[tuple[int, int, list[str]]]:
    """The phrase headed by `token` read several ways: ending after each right-hand dependent in turn,
    each with and without a leading determiner. Each reading names the dependents it keeps and drops."""
    start, end = phrase_bounds(token)
    inside = [c for c in token.rights if c.dep_ in _TRIMMABLE and c.i < end]
    ends = [(token.i + 1, 0)] + [(c.right_edge.i + 1, n + 1) for n, c in enumerate(inside)]
    if ends[-1][0] < end:
        ends[-1] = (end, len(inside))  # the whole phrase ends past its last dependent (a closing bracket)
    # Readings past the phrase: through a relative clause ("two ex-ministers *who served in ...*"), and
    # through a place phrase the parse hung on the verb right after its object ("stormed a police
    # headquarters *in eastern Afghanistan*": attached to either, the words read the same).
    beyond = _beyond(token, end)
    rights = inside + beyond
    ends += [(c.right_edge.i + 1, len(inside) + n + 1) for n, c in enumerate(beyond)]
    doc = token.doc
    head_kind = _kind(token)
    determiner = doc[start] if doc[start].dep_ == "det" and doc[start].head.i == token.i else None
    starts: list[tuple[int, list[str]]] = [(start, [])]
    if determiner is not None:
        # What follows the determiner matters: "(the) Iranian regime" is often marked without it.
        after = doc[start + 1]
        follows = after.ent_type_ or after.pos_
        starts = [(start, [f"det/{follows}"])]
        starts.append((start + 1, [f"nodet={determiner.lower_}", f"nodet={determiner.lower_}/{follows}"]))
    readings = []
    for first, det_notes in starts:
        for last, kept in ends:
            if last <= first:
                continue
            if last < len(doc) and doc[last].is_right_punct and any(t.is_left_punct for t in doc[first:last]):
                last += 1  # "the Lebanese Armed Forces (LAF)": a bracket opened inside closes inside
            notes = [f"keep={_label(c)}" for c in rights[:kept]]
            notes += [f"drop={_label(c)}" for c in rights[kept:]]
            # What kind of head keeps what kind of dependent: a name keeps no description ("Haifa, *Israel's
            # third largest city*", "Saad Hariri *in Washington*"), a title keeps the name ("his
            # counterpart, *Michel Aoun*"), a common noun its place ("a police headquarters *in ...*").
            notes += [f"keep={_label(c)}/{head_kind}>{_kind(c)}" for c in rights[:kept]]
            notes += [f"drop={_label(c)}/{head_kind}>{_kind(c)}" for c in rights[kept:]]
            notes += det_notes
            if kept == len(inside) and first == start:
                notes.append("full")
            readings.append((first, last, notes))
    return readings


# -- the model --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleModel:
    """Weights of the role chooser: feature -> row of `weights`, one column per role (actor, recipient)."""

    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, 2)
    model_id: str = "roles-clr"
    # Added to the score of "none", per role: the logit is fitted for likelihood, but a role is scored by
    # span F1, which a guess at a likely participant can serve better than "none" (`_none_offset`).
    none_offset: tuple[float, float] = (0.0, 0.0)

    def scores(self, options: Sequence[RoleOption], role: int) -> list[float]:
        """Each option's score for one role (0: actor, 1: recipient)."""
        table = self._table
        offset = self.none_offset[role]
        return [
            sum(table[f][role] for f in o.features if f in table) + (offset if o.head is None else 0.0)
            for o in options
        ]

    def choose(
        self, options: Sequence[RoleOption], actor_allowed: Callable[[RoleOption], bool] | None = None
    ) -> tuple[RoleOption, RoleOption]:
        """The best option for the actor (among those `actor_allowed`) and for the recipient; either may be
        the "none" option. The first of equals wins, so the choice is deterministic."""
        table = self._table
        best: list[tuple[float, int]] = [(-math.inf, len(options) - 1), (-math.inf, len(options) - 1)]
        # The weights of a run of options' shared leading features, summed once (in the same order, so
        # the scores are bit for bit those of summing every feature of each option).
        last_shared: tuple[str, ...] | None = None
        shared_sums = (0.0, 0.0)
        for position, option in enumerate(options):
            shared = option.shared
            if shared is not last_shared:
                actor = recipient = 0.0
                for f in shared:
                    weights = table.get(f)
                    if weights is not None:
                        actor += weights[0]
                        recipient += weights[1]
                last_shared, shared_sums = shared, (actor, recipient)
            actor, recipient = shared_sums
            for f in option.features[len(shared) :]:
                weights = table.get(f)
                if weights is not None:
                    actor += weights[0]
                    recipient += weights[1]
            if option.head is None:
                actor += self.none_offset[0]
                recipient += self.none_offset[1]
            if actor > best[0][0] and (actor_allowed is None or actor_allowed(option)):
                best[0] = (actor, position)
            if recipient > best[1][0]:
                best[1] = (recipient, position)
        return options[best[0][1]], options[best[1][1]]

    @cached_property
    def _table(self) -> dict[str, tuple[float, float]]:
        """feature -> (actor weight, recipient weight) as plain floats: an event's few hundred lookups
        are faster in a dict than through numpy."""
        return {f: (float(self.weights[i, 0]), float(self.weights[i, 1])) for f, i in self.vocabulary.items()}

    def to_json(self, meta: dict | None = None) -> str:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        payload = {
            "model_id": self.model_id,
            "roles": list(ROLES),
            "meta": meta or {},
            "none_offset": list(self.none_offset),
            "features": {
                n: [round(float(w), 4) for w in self.weights[self.vocabulary[n]]]
                for n in names
                if np.any(np.abs(self.weights[self.vocabulary[n]]) >= 5e-5)
            },
        }
        return json.dumps(payload, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RoleModel:
        payload = json.loads(text)
        names = list(payload["features"])
        weights = np.array([payload["features"][n] for n in names], dtype=np.float64).reshape(len(names), 2)
        offset = tuple(float(x) for x in payload.get("none_offset", (0.0, 0.0)))
        return cls({n: i for i, n in enumerate(names)}, weights, payload.get("model_id", "roles-clr"), offset)


@dataclass(frozen=True)
class RoleExample:
    """One event's options with, per role, which options are right (several may be: equal readings)."""

    options: list[tuple[str, ...]]
    correct: tuple[frozenset[int], frozenset[int]]  # option positions, per role; empty = not learnable


# The recipient's "none" offsets tried, and the inner folds that choose among them.
NONE_OFFSETS = tuple(x / 4 for x in range(-12, 5))
NONE_OFFSET_FOLDS = 3


def train_role_model(
    examples: Sequence[RoleExample],
    *,
    min_count: int = 2,
    l2: float = 1.0,
    iterations: int = 300,
    learning_rate: float = 0.5,
    model_id: str = "roles-clr",
    offset_folds: int = NONE_OFFSET_FOLDS,
) -> RoleModel:
    """Fit one conditional logit per role (softmax over an event's options; the likelihood of the right
    ones), L2-regularised, by full-batch gradient descent with momentum; then the recipient's "none"
    offset by `offset_folds`-fold cross-validation within `examples` (0: no offset). Deterministic."""
    vocabulary = feature_vocabulary(
        ({f for option in example.options for f in option} for example in examples), min_count
    )
    weights = np.zeros((len(vocabulary), len(ROLES)))
    for role in range(len(ROLES)):
        kept = [e for e in examples if e.correct[role]]
        weights[:, role] = _fit_conditional_logit(kept, role, vocabulary, l2, iterations, learning_rate)
    model = RoleModel(vocabulary, weights, model_id)
    if offset_folds < 2 or len(examples) < 10 * offset_folds:
        return model
    settings = {"min_count": min_count, "l2": l2, "iterations": iterations, "learning_rate": learning_rate}
    return replace(model, none_offset=(0.0, _none_offset(examples, offset_folds, settings)))


def _none_offset(examples: Sequence[RoleExample], folds: int, settings: dict) -> float:
    """The offset of the recipient's "none" score that gives the best F1 of right participants over the
    examples, each scored by a model trained on the other folds (example n in fold n mod `folds`). The
    actor is left alone: its choice is bounded by the grammar (`actor_allowed`), which examples do not
    record. Ties go to the offset nearest 0."""
    role = 1
    scored: list[tuple[list[float], frozenset[int]]] = []
    for fold in range(folds):
        inner = train_role_model(
            [e for n, e in enumerate(examples) if n % folds != fold], offset_folds=0, **settings
        )
        table = inner._table
        for example in examples[fold::folds]:
            if example.correct[role]:
                scores = [sum(table[f][role] for f in option if f in table) for option in example.options]
                scored.append((scores, example.correct[role]))
    gold = sum(1 for scores, right in scored if any(k != len(scores) - 1 for k in right))
    best, best_f1 = 0.0, -1.0
    for offset in sorted(NONE_OFFSETS, key=abs):
        hit = chosen = 0
        for scores, right in scored:
            none = len(scores) - 1
            shifted = [*scores[:none], scores[none] + offset]
            choice = shifted.index(max(shifted))  # the first of equals, as `RoleModel.choose`
            if choice != none:
                chosen += 1
                hit += choice in right
        f1 = 2 * hit / max(chosen + gold, 1)
        if f1 > best_f1:
            best, best_f1 = offset, f1
    return best


def _fit_conditional_logit(
    examples: Sequence[RoleExample],
    role: int,
    vocabulary: dict[str, int],
    l2: float,
    iterations: int,
    learning_rate: float,
) -> np.ndarray:
    options = [option for example in examples for option in example.options]
    row_index, col_index = sparse_design(options, vocabulary)
    groups = np.array([n for n, example in enumerate(examples) for _ in example.options], dtype=np.int64)
    is_right = np.array([float(k in e.correct[role]) for e in examples for k in range(len(e.options))])
    n_groups = max(len(examples), 1)

    def gradient(look: Sequence[np.ndarray]) -> tuple[np.ndarray]:
        (weights,) = look
        scores = np.zeros(len(options))
        np.add.at(scores, row_index, weights[col_index])
        top = np.full(n_groups, -np.inf)
        np.maximum.at(top, groups, scores)
        exp = np.exp(scores - top[groups])
        total = np.zeros(n_groups)
        np.add.at(total, groups, exp)
        right = np.zeros(n_groups)
        np.add.at(right, groups, exp * is_right)
        # d(-log sum_right p)/d score = p(option) - p(option | right ones)
        error = exp / total[groups] - np.where(is_right > 0, exp / np.maximum(right[groups], 1e-300), 0.0)
        error /= n_groups
        grad = np.zeros_like(weights)
        np.add.at(grad, col_index, error[row_index])
        return (grad + l2 * weights / n_groups,)

    start = [np.zeros(len(vocabulary))]
    (weights,) = descend(gradient, start, iterations=iterations, learning_rate=learning_rate)
    return weights


@lru_cache(maxsize=2)
def load_role_model(tagged: bool = False) -> RoleModel | None:
    """The shipped model (`tagged`: the one that reads the role tagger's features), or None when the
    package carries none (the rules' roles then stand)."""
    path: Path = data_path(*(TAGGED_ROLE_MODEL_FILE if tagged else ROLE_MODEL_FILE))
    if not path.exists():
        return None
    return RoleModel.from_json(path.read_text(encoding="utf-8"))


__all__ = [
    "ROLES",
    "EventFrame",
    "ParseRows",
    "RoleExample",
    "RoleModel",
    "RoleOption",
    "actor_allowed",
    "frame_of",
    "load_role_model",
    "role_options",
    "train_role_model",
]
