"""Event coding: triggers in the parse -> PLOVER type, CAMEO code, actors, recipient, place, date,
modality and attribution.

Triggers are verbs (with their particle, objects and prepositions, so "launch rockets at" and "pull out
of" are coded as phrases), nouns ("attacks by militias on American sites", "the threatened closure") and
evaluative predicates in statements ("it is unacceptable for X to ..."). Knowledge of which word means
what lives in the lexicons (data/lexicons); this module only reads the tree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy import symbols
from spacy.attrs import DEP, POS, TAG
from spacy.tokens import Doc, Span, Token

from ..actors.index import EntityIndex
from ..actors.mentions import sentence_numbers
from ..attribution.link import attribution_for, enclosing_quote
from ..data import read_tsv, read_yaml
from ..nlp.extensions import stage_results
from ..nlp.spans import antecedent, doc_text, is_time_object, span_of
from ..ontology import acled_for, cameo
from ..places import place_for_tokens
from ..records.model import Actor, Event, Place, Quote, SentenceRef, Time
from ..records.model import Span as TextSpan
from ..times import time_for_tokens
from .casualties import event_size
from .lexicon import EventLexicon, RoleLexicon, load_event_lexicon, noun_keys, noun_lemma, role_lexicon
from .modality import event_modality
from .ranker import QuadModel, load_quad_model, main_event, rank_events
from .roles import (
    EventFrame,
    ParseRows,
    RoleModel,
    RoleOption,
    actor_allowed,
    frame_of,
    load_role_model,
    role_options,
)

if TYPE_CHECKING:  # the tagger's torch is imported only when the accurate profile loads it
    from .tagger import RoleTagger

# `find_events(doc, ranker=SHIPPED)` ranks with the model shipped in data/models (when there is one).
SHIPPED = "shipped"
# The frame of an act another party is said to be obliged to do ("X must withdraw"): see `_frame`.
DEMAND = "demand"

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "dative", "iobj", "attr", "oprd"}
VERBAL_POS = {"VERB", "AUX"}
# spaCy's small model sometimes tags a verb as a noun in a list of verb phrases ("launch rockets, attack
# diplomats"); a "noun" with a direct object is read as the verb it is.
VERB_LIKE_DEPS = {"dep", "conj", "ROOT", "advcl", "xcomp", "ccomp", "relcl"}
# Clauses whose missing subject is understood from the clause above ("vowed to attack", "attacked and
# threatened"); "dep" is how the small model often attaches the second verb of a list.
CONTROLLED_DEPS = {"xcomp", "advcl", "conj", "dep"}
# Parts of speech a trigger can have (verb, noun, evaluative adjective; a VBN participle is tested by tag).
_VERB_POS = frozenset({symbols.VERB, symbols.AUX})
_NOUN_POS = frozenset({symbols.NOUN, symbols.PROPN})
_TRIGGER_POS = _VERB_POS | _NOUN_POS | {symbols.ADJ}
# Parts of speech of a participant's head (the members of a coordination of them share one role).
_NOUN_LIKE_POS = _NOUN_POS | {symbols.PRON, symbols.NUM}


@lru_cache(maxsize=1)
def evaluative_predicates() -> dict[str, str]:
    return {row["lemma"]: row["cameo"] for row in read_tsv("lexicons", "event_predicates.tsv")}


@dataclass(frozen=True)
class FrameLexicon:
    future_modals: frozenset[str]
    reported_future_modals: frozenset[str]
    intent_predicates: frozenset[str]
    refusal_predicates: frozenset[str]
    obligation_modals: frozenset[str]
    obligation_predicates: frozenset[str]
    negators: frozenset[str]
    recode: dict[str, dict[str, str]]

    def recoded(self, frame: str, code: str) -> str | None:
        """The framed event's CAMEO code: the row of the longest prefix of `code`, if any."""
        table = self.recode.get(frame, {})
        for length in range(len(code), 1, -1):
            if code[:length] in table:
                return table[code[:length]]
        return None


@lru_cache(maxsize=1)
def frame_lexicon() -> FrameLexicon:
    raw = read_yaml("lexicons", "event_frames.yaml")
    recode = {frame: {str(k): str(v) for k, v in rows.items()} for frame, rows in raw.pop("recode").items()}
    return FrameLexicon(**{key: frozenset(values) for key, values in raw.items()}, recode=recode)


@dataclass
class Trigger:
    """A word that expresses an event, with the parse nodes that fill its roles."""

    token: Token
    cameo: str
    rule: str
    kind: str  # verb | noun | predicate
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    extent: list[Token] = field(default_factory=list)  # extra trigger words: particle, light verb
    speaker_is_actor: bool = False
    specific: bool = False  # coded by a pattern on its object or preposition, not the bare word


def find_events(
    doc: Doc,
    *,
    ranker: QuadModel | str | None = SHIPPED,
    roles: RoleModel | str | None = SHIPPED,
    tagger: RoleTagger | None = None,
) -> list[Event]:
    """Code every event in `doc`, in document order, with ids e1, e2, ...

    ranker (QuadModel | str | None): the learned ranker that sets each event's confidence (see
        events.ranker); SHIPPED for the packaged model, None for the rules' own confidences.
    roles (RoleModel | str | None): the learned chooser of the actor and recipient of each sentence's
        main event (see events.roles); SHIPPED for the packaged model, None for the roles the rules read
        off the parse.
    tagger (RoleTagger | None): the accurate profile's tagger of each sentence's source and target
        (see events.tagger), which guides the role chooser's pick of the main event's recipient.
    """
    index = EntityIndex(doc)
    quotes = stage_results(doc, "quotes")
    places = stage_results(doc, "places")
    times = stage_results(doc, "times")
    article = doc._.article
    published = article.published_date if article is not None else None
    triggers = find_triggers(doc)
    trigger_heads = frozenset(t.token.i for t in triggers)
    events: list[Event] = []
    for trigger in triggers:
        event = _build_event(doc, trigger, index, quotes, places, times, published, trigger_heads)
        if event is not None:
            events.append(event)
    model = load_quad_model() if ranker == SHIPPED else ranker
    role_model = load_role_model(tagged=tagger is not None) if roles == SHIPPED else roles
    learned = isinstance(model, QuadModel) or isinstance(role_model, RoleModel)
    # The token attributes both learned models read, read once (each Token attribute read builds a Token).
    rows = ParseRows(doc) if events and learned else None
    events = rank_events(doc, events, model if isinstance(model, QuadModel) else None, rows)
    if isinstance(role_model, RoleModel):
        events = _main_event_roles(doc, events, role_model, index, quotes, rows, tagger)
    events = [mark_reciprocal(e, doc) for e in events]
    return [replace(e, id=f"e{n}") for n, e in enumerate(events, start=1)]


# -- triggers ---------------------------------------------------------------------------------------------


def find_triggers(doc: Doc) -> list[Trigger]:
    lexicon = load_event_lexicon()
    roles = role_lexicon()
    triggers: dict[int, Trigger] = {}
    # "according to" is an attribution cue, never the verb "accord"; a verbal cue ("will not release",
    # "had agreed", "called for", "will lay down") is still the act it names.
    cue_words: set[int] = set()
    for quote in stage_results(doc, "quotes"):
        cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand") if quote.cue else None
        if (
            cue is not None
            and len(cue) > 1
            and any(t.pos_ == "ADP" for t in cue)
            and not _has_clause_verb(cue)
        ):
            cue_words.update(t.i for t in cue)
    # Only a verb, noun, adjective or participle can be a trigger, and each rule is tried only on the words
    # it can match (the verb rule also on a noun the parse may have mistaken for a verb): the tags are read
    # for the whole Doc at once, and a Token is built only for those words.
    strings = doc.vocab.strings
    participle = strings["VBN"]
    verb_like = {strings[dep] for dep in VERB_LIKE_DEPS}
    for i, (pos, tag, dep) in enumerate(doc.to_array([POS, TAG, DEP]).tolist()):
        if (pos not in _TRIGGER_POS and tag != participle) or i in cue_words:
            continue
        token = doc[i]
        verbal = pos in _VERB_POS or tag == participle or (pos == symbols.NOUN and dep in verb_like)
        trigger = (
            (_verb_trigger(token, lexicon, roles) if verbal else None)
            or (_noun_trigger(token, lexicon, roles) if pos in _NOUN_POS else None)
            or (_predicate_trigger(token) if pos == symbols.ADJ else None)
        )
        if trigger is not None:
            triggers[token.i] = trigger
    _merge_light_verbs(triggers, roles)
    # A pattern's object that is an event of its own ("hurt in the attack", "called for a ceasefire")
    # stays that event's trigger, not a word of the verb's: trigger spans never overlap.
    for trigger in triggers.values():
        trigger.extent = [t for t in trigger.extent if t.i not in triggers]
    return [triggers[i] for i in sorted(triggers)]


# Dependents that make a participle the head of a clause ("has conceded", "they are calling").
_CLAUSE_MARKS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass"})


def _has_clause_verb(cue: Span) -> bool:
    """Whether an attribution cue holds a verb heading a clause ("called for", "has conceded to"), not
    only a participle read as a preposition ("according to", "following"): a participle counts only
    with a subject or auxiliary of its own."""
    for token in cue:
        if token.pos_ != "VERB" or token.dep_ in {"prep", "pcomp", "agent"}:
            continue
        if token.tag_ not in {"VBG", "VBN"} or any(c.dep_ in _CLAUSE_MARKS for c in token.children):
            return True
    return False


def _is_verbal(token: Token) -> bool:
    if token.dep_ == "amod":
        return False  # a participle used as an adjective ("Iran-backed"): see _is_event_participle
    if token.pos_ in VERBAL_POS:
        return token.pos_ == "VERB" or token.dep_ not in {"aux", "auxpass"}
    return (
        token.pos_ == "NOUN"
        and token.dep_ in VERB_LIKE_DEPS
        and any(c.dep_ == "dobj" for c in token.children)
    )


def _verb_trigger(token: Token, lexicon: EventLexicon, roles: RoleLexicon) -> Trigger | None:
    if not _is_verbal(token) and not _is_event_participle(token, lexicon):
        return None
    # Only a verb the lexicon has rows for can match: the context is read for those alone, and once.
    lemmas = [lemma for lemma in verb_lemmas(token) if lexicon.has_verb(lemma)]
    if not lemmas:
        return None
    children = list(token.children)
    particle = next((c for c in children if c.dep_ == "prt"), None)
    objects = [c for c in children if c.dep_ in {"dobj", "dative", "iobj", "nsubjpass"}]
    objects = _and_counted(objects, roles)
    preps = _prep_objects(token)
    for obj in objects:
        preps += _prep_objects(obj)
    pps = [(p.lower_, key) for p, o in preps for key in noun_keys(o)]
    object_keys = [key for o in objects for key in noun_keys(o)]
    entry = None
    for lemma in lemmas:
        entry = lexicon.match_verb(
            lemma, particle=particle.lower_ if particle is not None else None, pps=pps, objects=object_keys
        )
        if entry is not None:
            break
    if entry is None:
        return None
    trigger = Trigger(token, entry.cameo, f"verb:{entry.rule}", "verb", specific=entry.specificity[0] > 0)
    if particle is not None:
        trigger.extent.append(particle)
    object_in_pattern = entry.object is not None
    _verb_roles(
        trigger,
        roles,
        object_in_pattern=object_in_pattern,
        pattern_prep=entry.prep if object_in_pattern else None,
    )
    return trigger


def _is_event_participle(token: Token, lexicon: EventLexicon) -> bool:
    """ "the threatened closure", "a planned attack": a participle is an event only over an event noun;
    "Iran-backed militias" describes the militias, it does not report a new event."""
    if token.tag_ != "VBN" or token.dep_ != "amod":
        return False
    return any(lexicon.match_noun(key.split()) for key in noun_keys(token.head))


def verb_lemmas(token: Token) -> list[str]:
    """Lemmas to look a verb up by: the model's, then the form with regular inflection removed.

    The small model's lemmatizer errs on common verbs ("hopes" -> "hop"); a missed lookup retries
    the surface form stripped of -s/-es/-ed/-ing (with a final -e restored).
    """
    lemma = token.lemma_.lower()
    word = token.lower_
    candidates = [lemma]
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            candidates += [stem + "e", stem] if suffix != "es" else [stem, stem + "e"]
            if suffix in {"ing", "ed"} and len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])  # "shelled" -> "shell", "planning" -> "plan"
            break
    return list(dict.fromkeys(c for c in candidates if c))


def _noun_trigger(token: Token, lexicon: EventLexicon, roles: RoleLexicon) -> Trigger | None:
    if token.pos_ not in {"NOUN", "PROPN"} or _is_verbal(token):
        return None
    if not lexicon.may_head_noun((token.lemma_ or token.text, token.text)):
        return None
    keys = noun_keys(token)
    if not lexicon.may_match_noun(keys):
        return None
    preps = _prep_objects(token)
    prep_words = [p.lower_ for p, _ in preps]
    entry = None
    for key in sorted(keys, key=lambda k: -len(k.split())):
        entry = lexicon.match_noun(key.split(), prep_words)
        if entry is not None:
            break
    if entry is None:
        return None
    trigger = Trigger(token, entry.cameo, f"noun:{entry.rule}", "noun")
    width = len(entry.lemma.split())
    trigger.extent.extend(token.doc[max(token.i - width + 1, 0) : token.i])
    # "attacks by militias on American sites": the target phrase often attaches to the agent noun.
    for prep, obj in preps:
        if prep.lower_ in roles.actor_preps:
            trigger.actors.append(obj)
            preps += [(p, o) for p, o in _prep_objects(obj) if p.lower_ in roles.recipient_preps]
    for prep, obj in preps:
        if prep.lower_ in roles.recipient_preps and obj not in trigger.actors:
            trigger.recipients.append(obj)
    for child in token.lefts:
        if child.dep_ == "poss" or (
            child.dep_ in {"amod", "compound", "nmod"} and child.ent_type_ in {"NORP", "GPE", "ORG"}
        ):
            trigger.actors.append(child)
    if not trigger.actors:
        trigger.actors.extend(_responsible_party(token, roles))
    return trigger


def _responsible_party(token: Token, roles: RoleLexicon) -> list[Token]:
    """ "The LRA is responsible for mass *killings*", "the units responsible for the *shelling*": whoever is
    responsible for an act is its doer."""
    prep = token.head
    adjective = prep.head
    if (
        token.dep_ != "pobj"
        or prep.lower_ != "for"
        or adjective.lemma_.lower() not in roles.responsibility_adjectives
    ):
        return []
    if adjective.dep_ in {"amod", "acl"} and adjective.head.pos_ in {"NOUN", "PROPN"}:
        return [adjective.head]  # "the entities responsible for ..."
    if adjective.dep_ == "acomp":
        return [c for c in adjective.head.children if c.dep_ in SUBJECT_DEPS and not _is_expletive(c)][:1]
    return []


def _predicate_trigger(token: Token) -> Trigger | None:
    """ "It is unacceptable for X to ...": an evaluation the speaker makes of X."""
    code = evaluative_predicates().get(token.lemma_.lower())
    if code is None or token.pos_ != "ADJ" or token.dep_ not in {"acomp", "ROOT", "attr", "amod", "ccomp"}:
        return None
    trigger = Trigger(token, code, f"predicate:{token.lemma_.lower()}", "predicate", speaker_is_actor=True)
    governor = token.head if token.dep_ != "ROOT" else token
    for prep, obj in _prep_objects(governor) + _prep_objects(token):
        if prep.lower_ == "for":
            trigger.recipients.append(obj)
    if not trigger.recipients:
        subject = next((c for c in governor.children if c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON"), None)
        if subject is not None:
            trigger.recipients.append(subject)
    if token.dep_ == "amod":
        trigger.recipients.append(token.head)
    return trigger


def _prep_objects(token: Token) -> list[tuple[Token, Token]]:
    """(preposition, object) pairs hanging off `token`, including "out of" style chains; not a time
    ("on Tuesday", "in March")."""
    pairs = []
    for child in token.children:
        if child.dep_ not in {"prep", "agent", "dative"}:
            continue
        for grandchild in child.children:
            if is_time_object(grandchild):  # "called him on Tuesday" calls on no one
                continue
            if grandchild.dep_ == "pobj":
                pairs.append((child, grandchild))
                pairs.extend((child, c) for c in grandchild.conjuncts if c.i > grandchild.i)
            elif grandchild.dep_ == "prep":
                pairs.extend((grandchild, g) for g in grandchild.children if g.dep_ == "pobj")
    return pairs


def _verb_roles(
    trigger: Trigger, roles: RoleLexicon, *, object_in_pattern: bool = False, pattern_prep: str | None = None
) -> None:
    """Actor and recipient of a verb. When the verb was coded by a pattern on its object ("launch
    rockets at X", "use airstrikes") or on a prepositional phrase (`pattern_prep`: "sent *to jail*",
    "placed *under arrest*"), that object is part of what happened, not its target."""
    token = trigger.token
    passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in token.children)
    if token.dep_ == "conj" and token.tag_ == "VBN" and _is_passive_clause(token.head):
        # "were arrested and *sent* to jail": a participle sharing a passive verb's auxiliary shares its
        # subject (what was done to) and its "by" agent.
        own = {c.dep_ for c in token.children}
        if not own & (SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"aux", "auxpass"}):
            passive = True
            for child in token.head.children:
                if child.dep_ in PASSIVE_SUBJECT_DEPS:
                    trigger.recipients.append(antecedent(child))
                elif child.dep_ == "agent" and "agent" not in own:
                    trigger.actors.extend(g for g in child.children if g.dep_ == "pobj")
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS and not _is_expletive(child):
            trigger.actors.append(antecedent(child))
        elif child.dep_ in PASSIVE_SUBJECT_DEPS:
            trigger.recipients.append(antecedent(child))
        elif child.dep_ == "agent":
            trigger.actors.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ in {"dobj", "dative", "iobj"} and not passive:
            if object_in_pattern and child.dep_ == "dobj":
                trigger.extent.append(child)
            elif child.pos_ == "ADP":
                # "gives equipment *to Nicaragua*": the parse marks the preposition as the dative.
                trigger.recipients.extend(g for g in child.children if g.dep_ == "pobj")
            else:
                trigger.recipients.append(child)
    if pattern_prep is not None:
        trigger.extent.extend(obj for prep, obj in _prep_objects(token) if prep.lower_ == pattern_prep)
    if not trigger.recipients:
        # "launched airstrikes on X": with the object inside the pattern, its target phrase is the verb's.
        objects = [c for c in token.children if c.dep_ == "dobj"] if object_in_pattern else []
        # "returned dozens of artifacts to Peru": the parse may hang the target on what is counted.
        for prep, obj in _prep_objects(token) + [
            pair for o in _and_counted(objects, roles) for pair in _prep_objects(o)
        ]:
            if prep.lower_ in roles.recipient_preps and prep.dep_ != "agent" and obj not in trigger.extent:
                trigger.recipients.append(obj)
        # "stormed a police headquarters", "rejected an offer": with no other target, an object that is
        # not a means of the act (rockets, aid, sanctions, talks) is what the act is aimed at.
        if not trigger.recipients:
            trigger.recipients += [o for o in objects if noun_lemma(o.lemma_) not in roles.instrument_nouns]
    if not trigger.actors:
        controller = _controller(token)
        if controller is not None:
            trigger.actors.append(controller)
    if token.tag_ == "VBN" and token.dep_ in {"amod", "acl"} and not trigger.recipients:
        # "the threatened closure", "criminals arrested last week": what the participle was done to.
        trigger.recipients.append(token.head)


def _controller(token: Token) -> Token | None:
    """The understood subject of a verb without one: "X vowed to attack", "for X to attack", "X who hit"."""
    head = token.head
    if head.i == token.i:
        return None
    if token.dep_ in CONTROLLED_DEPS:
        for prep, obj in _prep_objects(head):
            if prep.lower_ == "for" and obj.i < token.i:
                return obj  # "it is unacceptable for X to launch"
        subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS and not _is_expletive(c)), None)
        if subject is None and head.dep_ in {"acomp", "attr"} and head.head.i != head.i:
            # "Finland is ready to contribute": the subject of "is" controls the adjective's complement.
            subject = next(
                (c for c in head.head.children if c.dep_ in SUBJECT_DEPS and not _is_expletive(c)), None
            )
        if subject is not None:
            return subject
        if token.dep_ == "xcomp" and verb_lemmas(head)[0] in role_lexicon().object_control_verbs:
            return next((c for c in head.children if c.dep_ == "dobj"), None)  # "forced Iraq to act"
        return _controller(head) if head.dep_ in CONTROLLED_DEPS else None
    if token.dep_ in {"relcl", "acl"} and not _is_passive_clause(token):
        return head  # "militants who attacked", "forces fighting X"; but "farmers (who were) killed"
    return None


def _is_passive_clause(token: Token) -> bool:
    """ "who were killed", "arrested last week": the noun the clause modifies is what was done to."""
    passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in token.children)
    return passive or (token.dep_ == "acl" and token.tag_ == "VBN")


def _is_expletive(token: Token) -> bool:
    return token.lower_ in {"it", "there"} and token.dep_ in {"nsubj", "expl"}


def _merge_light_verbs(triggers: dict[int, Trigger], roles: RoleLexicon) -> None:
    """ "launch an attack on X": one event, typed by the noun, with the verb's subject as actor. A verb
    coded by a pattern on its object keeps the event and the object noun's own trigger is dropped."""
    for index in list(triggers):
        trigger = triggers.get(index)
        if trigger is None or trigger.kind != "verb":
            continue
        for child in trigger.token.children:
            noun = triggers.get(child.i)
            if noun is None or noun.kind != "noun" or child.dep_ not in {"dobj", "nsubjpass"}:
                continue
            if trigger.specific:
                del triggers[child.i]  # "launch airstrikes": one event, already typed by the pattern
            elif trigger.token.lemma_.lower() in roles.light_verbs:
                noun.actors = noun.actors or trigger.actors
                noun.recipients = noun.recipients or [r for r in trigger.recipients if r.i != child.i]
                noun.extent.append(trigger.token)
                del triggers[index]
            break
    # "launched cyber warfare against India", "staged a war game with X": a light verb that codes nothing
    # itself still carries the noun's participants (its subject, its target phrase).
    for noun in list(triggers.values()):
        phrase = _partitive_head(noun.token, roles)
        verb = phrase.head
        carried = noun.kind == "noun" and phrase.dep_ in {"dobj", "nsubjpass"} and verb.i not in triggers
        if not carried or not _is_verbal(verb) or verb_lemmas(verb)[0] not in roles.light_verbs:
            continue
        light = Trigger(verb, noun.cameo, noun.rule, "verb")
        _verb_roles(light, roles, object_in_pattern=True)
        noun.actors = noun.actors or light.actors
        noun.recipients = noun.recipients or [
            r for r in light.recipients if r.i not in {noun.token.i, phrase.i}
        ]
        noun.extent.extend([verb] if phrase is noun.token else [phrase, verb])


def _and_counted(objects: list[Token], roles: RoleLexicon) -> list[Token]:
    """Objects with what each quantity among them counts: in "returned *dozens* of artifacts" the pattern
    names the artifacts."""
    return objects + [c for o in objects if (c := _quantified(o, roles)) is not None]


def _quantified(noun: Token, roles: RoleLexicon) -> Token | None:
    """What a quantity noun counts ("dozens of *artifacts*", "a series of *airstrikes*"), else None."""
    if noun.lemma_.lower() not in roles.partitive_nouns and noun.lower_ not in roles.partitive_nouns:
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _partitive_head(noun: Token, roles: RoleLexicon) -> Token:
    """The phrase a noun stands in: "a wave of *arrests* were made", "launched a series of *airstrikes*"
    (the role lexicon's `partitive_nouns`): the quantity noun's place in the clause is the event's."""
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in roles.partitive_nouns:
        return of.head
    return noun


# -- learned roles ----------------------------------------------------------------------------------------


def event_anchor(doc: Doc, event: Event) -> Token | None:
    """The root of an event's trigger words: the node its participants are read relative to."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def role_frame(doc: Doc, event: Event) -> EventFrame | None:
    """What the role chooser reads of a rule-coded event; None for an evaluation made by a speaker
    (its actor is the speaker by definition) or a trigger outside the parse."""
    anchor = event_anchor(doc, event)
    rule = event.provenance.split(";", 1)[0]
    if anchor is None or rule.startswith("rules:predicate:") or _is_spoken_demand(doc, event, anchor):
        return None
    return frame_of(event, anchor, _heads(doc, event.actor), _heads(doc, event.recipient))


def _is_spoken_demand(doc: Doc, event: Event, anchor: Token) -> bool:
    """ "X said Y must withdraw": a demand whose actor is its speaker and whose recipient is the one obliged,
    by definition (see `_build_event`), like a speaker's evaluation."""
    rule = event.provenance.split(";", 1)[0]
    if not rule.endswith(f"+{DEMAND}") or not event.actor:
        return False
    quote = enclosing_quote(stage_results(doc, "quotes"), anchor.idx)
    return quote is not None and quote.speaker is not None and event.actor[0].start == quote.speaker.start


def _heads(doc: Doc, actors: tuple[Actor, ...]) -> list[Token]:
    spans = (doc.char_span(a.start, a.end, alignment_mode="expand") for a in actors)
    return [span.root for span in spans if span is not None and len(span)]


def option_actors(
    option: RoleOption,
    index: EntityIndex,
    anchor: Token,
    quote: Quote | None,
    *,
    whole_coordination: bool = False,
) -> list[Actor]:
    """The participants a role option names: its head's phrase as the option reads it, then the phrases
    coordinated with it ("Iraq and Iran"), each coded as the rules code it. With `whole_coordination`, a
    later member brings the members before it too: a coordination shares one role ("sanctions against
    both India and *Pakistan*", "the rift between Qatar and *other Gulf states*")."""
    if option.head is None:
        return []
    head = index.doc[option.head]
    first = head
    while whole_coordination and first.dep_ == "conj" and first.head.pos in _NOUN_LIKE_POS:
        first = first.head
    members = index.participants(first, outside=anchor)
    chosen = next((n for n, m in enumerate(members) if m.start <= head.idx < m.end), None)
    if chosen is None or (first is head and chosen != 0):
        return []
    span = index.doc[option.start : option.end]
    members[chosen] = replace(members[chosen], text=span.text, start=span.start_char, end=span.end_char)
    return _distinct([_first_person(member, head, quote) for member in members])


def choose_roles(
    doc: Doc,
    event: Event,
    model: RoleModel,
    index: EntityIndex,
    quotes: list[Quote],
    coded: frozenset[int] | None = None,
    rows: ParseRows | None = None,
    tagged: TaggedRoles | None = None,
) -> Event:
    """The event with the actor and recipient the role model chooses (see events.roles), the actor
    within what the grammar allows (`roles.actor_allowed`). The model choosing one phrase naming several
    parties for both roles reads a joint act as reciprocal ("Trump and Putin agreed"; a symmetric act
    keeps the other party the rules found: "X met *Y*"); one party alone is no reciprocal act. A chosen
    member of a coordination brings the other members. Where the model chooses no participant for a
    role, the rules' one stands (a recipient only if the dictionary codes it).

    With `tagged` (what the accurate profile's tagger marked, events.tagger), each option also says how
    it matches the tagged source and target (for a role model trained with those features); a reading
    that is exactly the tagged target is the recipient; a tagged target replaces a recipient that shares
    no word with it, or fills an empty one (a tagged target that is the actor leaves none); and actors
    the tagger marks as acting jointly, naming several parties, make the act reciprocal."""
    frame = role_frame(doc, event)
    if frame is None:
        return event
    options = role_options(frame, index.coded_heads() if coded is None else coded, rows)
    if tagged is not None:
        options = tagged.with_features(options, doc)
    actor_option, recipient_option = model.choose(options, actor_allowed(frame, options))
    quote = enclosing_quote(quotes, frame.anchor.idx)
    actors = option_actors(actor_option, index, frame.anchor, quote, whole_coordination=True)
    provenance = f"{event.provenance};roles:{model.model_id}"
    if tagged is not None:
        provenance += f";tagger:{tagged.model_id}"
        # A reading that is exactly the tagged target wins: the tagger reads the whole sentence.
        recipient_option = (
            tagged.matching_target(options[:-1], index, frame.anchor, quote) or recipient_option
        )
    same = recipient_option.head is not None and recipient_option.head == actor_option.head
    parties: list[Actor] = []
    if same and event.type in role_lexicon().joint_types:
        # A symmetric act names its other party apart ("X met Y"): the rules' Y, when coded as a party (not
        # "signed an agreement *on customs*", "meet *the deadline*"), stays one of the parties.
        if _binds_parties(event):
            parties = [r for r in event.recipient if (r.code or r.sector) and not _overlaps(r, actors)]
        # One party alone acts on no one reciprocally ("China agreed to lift a ban on ..."): the phrase
        # must name several ("UK and EU negotiators", "Trump and Putin").
        joint = bool(parties) or _names_parties(doc, actors, doc[actor_option.head])  # type: ignore[index]
    else:
        # The tagger marks the parties of a joint act as one (R): where that is the actor phrase, and it
        # names several parties, the act is reciprocal whatever its type.
        joint = (
            tagged is not None
            and tagged.acting_jointly(actors)
            and _names_parties(doc, actors, doc[actor_option.head])  # type: ignore[index]
        )
    if joint:
        recipients = parties
        provenance += f";{RECIPROCAL}"
    else:
        recipients = (
            []
            if same
            else option_actors(recipient_option, index, frame.anchor, quote, whole_coordination=True)
        )
        # "Kony and *the LRA*": a coordination whose members acted is not also the recipient.
        recipients = [r for r in recipients if not any((r.start, r.end) == (a.start, a.end) for a in actors)]
        # The model learned from annotators who often left an evident role unmarked ("killed an Israeli
        # soldier": no target); where it sees no participant, the one the rules read off the parse stands
        # if the dictionary codes it as an actor. An uncoded one the model passed over is mostly a thing
        # ("lifted a state of emergency", "gave approval"): on ConfliBERT's role sentences 4 of 57 such
        # recipients were the marked target.
        recipients = recipients or [
            r for r in event.recipient if not _overlaps(r, actors) and (r.code or r.sector)
        ]
        # Where there is no recipient, or it shares no word with the tagged target, the tagged target is
        # taken: cross-validated on ConfliBERT's role sentences, the tagger is right more often there.
        marked = tagged.target_actors(index) if tagged is not None else []
        if marked and not any(_overlaps(r, marked) for r in recipients):
            recipients = [r for r in marked if not _overlaps(r, actors)]
    actors = actors or [a for a in event.actor if not _overlaps(a, recipients)]
    if quote is not None and quote.speaker is not None:
        actors = _distinct([_speaker_if_spokesman(a, quote, index) for a in actors])
    if any(a.sector == "GOV" for a in actors) and event.type in role_lexicon().state_metonymy_types:
        recipients = [_as_government(r, index) for r in recipients]
    return replace(event, actor=tuple(actors), recipient=tuple(recipients), provenance=provenance)


def _main_event_roles(
    doc: Doc,
    events: list[Event],
    model: RoleModel,
    index: EntityIndex,
    quotes: list[Quote],
    rows: ParseRows | None = None,
    tagger: RoleTagger | None = None,
) -> list[Event]:
    """The role model chooses the roles of each sentence's main event, the event it was trained on (the
    sentence's own source and target); the other events of the sentence keep the roles the rules read
    off their trigger ("attacks *by militias*" inside a sentence about a warning). A `tagger` tags the
    target of each such sentence, in one batch, to guide the chooser."""
    by_sentence: dict[int, list[int]] = {}
    for position, event in enumerate(events):
        by_sentence.setdefault(event.sentence.index, []).append(position)
    coded = index.coded_heads()
    rows = rows if rows is not None or not events else ParseRows(doc)
    mains = []
    for positions in by_sentence.values():
        best = main_event([events[i] for i in positions], minimum=0.0)
        mains.append(next(i for i in positions if events[i] is best))
    tagged: list[TaggedRoles | None] = [None] * len(mains)
    if tagger is not None and mains:
        tagged = tagged_roles([sentence_span(doc, events[i]) for i in mains], tagger)
    out = list(events)
    for position, marked in zip(mains, tagged, strict=True):
        out[position] = choose_roles(doc, events[position], model, index, quotes, coded, rows, marked)
    return out


def sentence_span(doc: Doc, event: Event) -> Span | None:
    span = doc.char_span(event.sentence.start, event.sentence.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


@dataclass(frozen=True)
class TaggedRoles:
    """The source and target spans the tagger marked in one sentence (R, a joint actor, counts as both)."""

    sources: tuple[Span, ...]
    targets: tuple[Span, ...]
    joint: tuple[Span, ...]  # R alone: the parties of a joint act
    model_id: str
    # Each word's probability of being in a source, a target (R counting as both), from the sentence's
    # first token on.
    chances: dict[str, tuple[float, ...]] = field(default_factory=dict)
    first: int = 0

    def acting_jointly(self, actors: list[Actor]) -> bool:
        """Whether the tagger marks these actors, and no other target, as the parties of a joint act."""
        joint = {(s.start_char, s.end_char) for s in self.joint}
        return (
            bool(actors and joint)
            and joint == {(s.start_char, s.end_char) for s in self.targets}
            and all(any(a.start < end and start < a.end for start, end in joint) for a in actors)
        )

    def target_words(self) -> frozenset[int]:
        """The tagged target's words (punctuation and conjunctions aside)."""
        return _content_words(t for s in self.targets for t in s)

    def with_features(self, options: list[RoleOption], doc: Doc) -> list[RoleOption]:
        """Each option with what it shares with the tagged source and target: its words all of them
        (`=exact`), half or more (Jaccard, `=most`), some (`=part`); its head among them (`:head`); for
        the "none" option, whether the tagger marked any; and which option its probabilities favour
        (`_best_by_chance`). A role model trained with these features learns when to trust the tagger."""
        marked = {"S": _content_words(t for s in self.sources for t in s), "T": self.target_words()}
        out = []
        for option in options:
            extra = []
            mine = _content_words(doc[option.start : option.end]) if option.head is not None else None
            for role, words in marked.items():
                if mine is None:
                    extra.append(f"tag{role}:{'some' if words else 'none'}")
                    continue
                shared = len(mine & words) / len(mine | words) if mine and words else 0.0
                if shared:
                    extra.append(
                        f"tag{role}={'exact' if shared == 1.0 else 'most' if shared >= 0.5 else 'part'}"
                    )
                if option.head in words:
                    extra.append(f"tag{role}:head")
            out.append(replace(option, features=option.features + tuple(extra)))
        return self._best_by_chance(out, doc)

    def _best_by_chance(self, options: list[RoleOption], doc: Doc) -> list[RoleOption]:
        """Marks, for each role, the reading the tagger finds likeliest (`p<role>:best`), or "none" where no
        reading is likelier than nothing (`p<role>:none_best`): the tagger's probabilities decoded under
        the constraint that a span is a phrase the parse reads, not any run of words."""
        out = list(options)
        for role, chances in self.chances.items():
            scores = [
                (self._log_odds(chances, doc[option.start : option.end]), k)
                for k, option in enumerate(options)
                if option.head is not None
            ]
            best = max(scores, default=(0.0, -1))
            k = best[1] if best[0] > 0 else next(k for k, o in enumerate(options) if o.head is None)
            mark = f"p{role}:best" if best[0] > 0 else f"p{role}:none_best"
            out[k] = replace(out[k], features=(*out[k].features, mark))
        return out

    def _log_odds(self, chances: tuple[float, ...], phrase: Span) -> float:
        """How much likelier the tagger finds the phrase's words in the role than out of it (words taken
        as independent, so each word adds its log odds; punctuation counts for nothing)."""
        total = 0.0
        for token in phrase:
            i = token.i - self.first
            if not token.is_punct and 0 <= i < len(chances):
                p = min(max(chances[i], 1e-6), 1 - 1e-6)
                total += math.log(p / (1 - p))
        return total

    def matching_target(
        self, options: list[RoleOption], index: EntityIndex, anchor: Token, quote: Quote | None
    ) -> RoleOption | None:
        """The option whose participants cover the tagged target's words exactly (punctuation and
        conjunctions aside, so "Iraq and Iran" tagged as one span matches the two members), else None."""
        wanted = self.target_words()
        for option in options if wanted else ():
            named = option_actors(option, index, anchor, quote, whole_coordination=True)
            spans = [index.doc.char_span(a.start, a.end, alignment_mode="expand") for a in named]
            if named and _content_words(t for span in spans if span is not None for t in span) == wanted:
                return option
        return None

    def target_actors(self, index: EntityIndex) -> list[Actor]:
        """Each tagged target span as a participant, coded as the rules code the phrase at its head."""
        return [
            replace(index.actor(span.root), text=span.text, start=span.start_char, end=span.end_char)
            for span in self.targets
        ]


def _content_words(tokens: Iterable[Token]) -> frozenset[int]:
    return frozenset(t.i for t in tokens if not (t.is_punct or t.is_space or t.dep_ in {"cc", "preconj"}))


def tagged_roles(sentences: list[Span | None], tagger: RoleTagger) -> list[TaggedRoles | None]:
    """What the tagger marks in each sentence (None for a sentence it could not read), in one batch."""
    from .tagger import LABELS, labels_of, role_spans

    readable = [s for s in sentences if s is not None]
    found = iter(tagger.probabilities([[t.text for t in s] for s in readable]))
    columns = {role: [k for k, label in enumerate(LABELS) if label[2:] in (role, "R")] for role in ("S", "T")}
    out: list[TaggedRoles | None] = []
    for sentence in sentences:
        if sentence is None:
            out.append(None)
            continue
        probabilities = next(found)
        tags = labels_of(probabilities)
        sources, targets, joint = (
            tuple(sentence[start:end] for start, end in sorted(role_spans(tags, role)))
            for role in ("S", "T", "R")
        )
        chances = {
            role: tuple(float(p) for p in probabilities[:, k].sum(-1)) if len(probabilities) else ()
            for role, k in columns.items()
        }
        out.append(TaggedRoles(sources, targets, joint, tagger.model_id, chances, sentence.start))
    return out


def _overlaps(actor: Actor, others: list[Actor]) -> bool:
    return any(actor.start < other.end and other.start < actor.end for other in others)


# Provenance mark of a reciprocal event: its parties act on one another, so each is actor and recipient.
RECIPROCAL = "reciprocal"


def mark_reciprocal(event: Event, doc: Doc | None = None) -> Event:
    """PLOVER lists every party of a reciprocal event as its actor ("India and Pakistan agreed to a
    ceasefire": no recipient; with `doc`, also "*UK and EU negotiators* agreed": one phrase naming both
    sides) and marks it here; "X signed an agreement with Y" binds both parties, and so does a symmetric
    predicate ("X met Y", "X held talks with Y": Y met X too)."""
    roles = role_lexicon()
    if RECIPROCAL in event.provenance.split(";"):
        return event
    parties = len(event.actor) >= 2 or (doc is not None and any(_names_sides(doc, a) for a in event.actor))
    coordinated = parties and not event.recipient and event.type in roles.joint_types
    if coordinated or (event.actor and event.recipient and _binds_parties(event)):
        return replace(event, provenance=f"{event.provenance};{RECIPROCAL}")
    return event


def _names_parties(doc: Doc, actors: list[Actor], head: Token) -> bool:
    """Whether an actor phrase names several parties, as `mark_reciprocal` reads them: members ("Trump and
    Putin") or coordinated sides ("UK and EU negotiators")."""
    coordinated = head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children)
    return len(actors) > 1 or coordinated or any(_names_sides(doc, a) for a in actors)


def _binds_parties(event: Event) -> bool:
    """ "X signed an agreement with Y", "X met Y": an act that binds its actor and recipient alike."""
    roles = role_lexicon()
    symmetric = event.type in roles.symmetric_types and bool(_rule_words(event) & roles.symmetric_predicates)
    return event.cameo in roles.reciprocal_codes or symmetric


def _names_sides(doc: Doc, actor: Actor) -> bool:
    """ "UK and EU negotiators", "Nigerian and British armed forces": coordinated modifiers of one head name
    the sides it is drawn from."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return any(
        m.dep_ in {"compound", "amod", "nmod"} and any(c.dep_ == "conj" and c.i < root.i for c in m.children)
        for m in root.lefts
    )


def _rule_words(event: Event) -> set[str]:
    """The words of the rule that coded an event ("rules:verb:meet for talk+intent" -> meet, for, talk)."""
    rule = event.provenance.split(";", 1)[0]
    if not rule.startswith("rules:") or rule.count(":") < 2:
        return set()
    return set(rule.split(":", 2)[2].split("+", 1)[0].split())


def is_reciprocal(event: Event) -> bool:
    return RECIPROCAL in event.provenance.split(";")


# -- one event --------------------------------------------------------------------------------------------


def _build_event(
    doc: Doc,
    trigger: Trigger,
    index: EntityIndex,
    quotes: list[Quote],
    places: list[Place],
    times: list[Time],
    published: dt.date | None,
    trigger_heads: frozenset[int],
) -> Event | None:
    """The event of one trigger; `trigger_heads`: the tokens of every trigger in the Doc."""
    token = trigger.token
    quote = enclosing_quote(quotes, token.idx)
    rule = trigger.rule
    frame = _frame(trigger, in_statement=quote is not None)
    if frame is not None:
        framed = frame_lexicon().recoded(frame, trigger.cameo)
        if framed is not None:
            trigger.cameo, rule = framed, f"{rule}+{frame}"
    entry = cameo(trigger.cameo)
    if entry is None or not entry.plover_type:
        return None  # e.g. CAMEO 01 statements: no PLOVER type
    roles = role_lexicon()
    bare_noun = trigger.kind == "noun" and not (trigger.actors or trigger.recipients or trigger.extent)
    if bare_noun and not {token.lemma_.lower(), token.lower_} & roles.self_standing_nouns:
        return None  # a bare noun ("the attack") is usually a mention of an event coded elsewhere
    actors = _actors(trigger.actors, index, quote, token)
    recipient_tokens = trigger.recipients
    if rule.endswith(f"+{DEMAND}") and trigger.actors and quote is not None and quote.speaker is not None:
        # "X said Y must end the attacks": X demands of Y; the one obliged is the demand's recipient.
        trigger.speaker_is_actor, recipient_tokens = True, trigger.actors
    if trigger.speaker_is_actor:
        actors = [_speaker_actor(quote, index)] if quote is not None and quote.speaker is not None else []
        if not actors:
            return None  # an evaluation with nobody making it is the article's own voice
    elif quote is not None and quote.speaker is not None:
        actors = _distinct([_speaker_if_spokesman(a, quote, index) for a in actors])
    if not recipient_tokens and entry.plover_type in roles.complement_recipient_types:
        recipient_tokens = _complement_subjects(token)
    recipients = _actors(recipient_tokens, index, quote, token)
    if any(a.sector == "GOV" for a in actors) and entry.plover_type in roles.state_metonymy_types:
        recipients = [_as_government(r, index) for r in recipients]
    sentence = token.sent
    argument_tokens = [token.i, *(t.i for t in trigger.actors), *(t.i for t in recipient_tokens)]
    if entry.quad_class in (0, 1, 3):
        argument_tokens += [t.i for c in token.children if c.dep_ in {"ccomp", "xcomp"} for t in c.subtree]
    location = place_for_tokens(doc, places, argument_tokens, sentence)
    when = time_for_tokens(doc, times, argument_tokens, sentence)
    if when is None and quote is not None and quote.cue is not None:
        cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        if cue is not None:
            when = time_for_tokens(doc, times, [t.i for t in cue], cue.sent)
    modality = event_modality(
        token,
        attributed=quote is not None and quote.speaker is not None and not trigger.speaker_is_actor,
        event_date=when.value if when is not None else None,
        published=published,
    )
    attribution = attribution_for(quote)
    extent = sorted([token, *trigger.extent], key=lambda t: t.i)
    trigger_span = TextSpan(
        doc_text(doc)[extent[0].idx : extent[-1].idx + len(extent[-1].text)],
        extent[0].idx,
        extent[-1].idx + len(extent[-1].text),
    )
    return Event(
        id="",
        type=entry.plover_type,
        mode=entry.plover_mode,
        contexts=tuple(entry.plover_contexts),
        cameo=entry.code,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        acled=acled_for(entry.plover_type, entry.plover_mode, entry.code),
        actor=tuple(actors),
        recipient=tuple(recipients),
        trigger=trigger_span,
        sentence=SentenceRef(sentence_numbers(doc)[token.i], sentence.start_char, sentence.end_char),
        location=location,
        date=when.value if when is not None else (published.isoformat() if published else None),
        date_text=when.text if when is not None else None,
        modality=modality.modality,
        attribution=attribution,
        confidence=_confidence(trigger, actors, recipients),
        **event_size(token, recipient_tokens, entry.code, trigger_heads),
        provenance=f"rules:{rule};modality:{modality.describe()}",
    )


def _frame(trigger: Trigger, *, in_statement: bool) -> str | None:
    """ "will release" -> intent, "will not lift" / "refused to lift" -> refusal, "X must withdraw" (said by
    someone) -> demand; None for an act reported as done. Read from the verb that carries the act."""
    words = frame_lexicon()
    verb = trigger.token
    if trigger.kind == "noun":
        verb = next((t for t in trigger.extent if t.pos_ in VERBAL_POS), None)
        if verb is None:
            return None
    elif trigger.kind != "verb":
        return None
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    negated = any(c.dep_ == "neg" or c.lower_ in words.negators for c in verb.children if c.dep_ != "dobj")
    governor = verb.head if verb.dep_ == "xcomp" else None
    governing = verb_lemmas(governor)[0] if governor is not None else ""
    if governor is not None:
        negated = negated or any(c.dep_ == "neg" for c in governor.children)
        auxiliaries |= {c.lower_ for c in governor.children if c.dep_ == "aux"}
    if governing in words.refusal_predicates:
        return "refusal"
    reported = in_statement or verb.dep_ == "ccomp" or verb.head.dep_ == "ccomp"
    intent = bool(auxiliaries & words.future_modals) or governing in words.intent_predicates
    if intent or (reported and auxiliaries & words.reported_future_modals):
        return "refusal" if negated else "intent"
    obliged = bool(auxiliaries & words.obligation_modals) or governing in words.obligation_predicates
    if obliged and not negated and reported:
        return DEMAND
    return None


def _actors(
    tokens: list[Token], index: EntityIndex, quote: Quote | None, trigger: Token | None = None
) -> list[Actor]:
    actors: list[Actor] = []
    for token in tokens:
        for actor in index.participants(token, outside=trigger):
            if not _within_any(actor, actors):
                actors.append(_first_person(actor, token, quote))
    return actors


def _distinct(actors: list[Actor]) -> list[Actor]:
    """The participants in order, each named once (a speaker standing for a member may cover the rest)."""
    named: list[Actor] = []
    for actor in actors:
        if not _within_any(actor, named):
            named.append(actor)
    return named


def _within_any(actor: Actor, others: list[Actor]) -> bool:
    """Whether a participant is already named: one mention can cover coordinated members ("India and
    Pakistan" as one entity), and each member would name it again."""
    return any(other.start <= actor.start and actor.end <= other.end for other in others)


def _first_person(actor: Actor, token: Token, quote: Quote | None) -> Actor:
    """ "our embassy" in a statement belongs to the speaker's side."""
    if actor.code or quote is None or quote.speaker is None or not quote.speaker.code:
        return actor
    words = {t.lower_ for t in token.subtree} | {token.lower_}
    if words & {"we", "us", "our", "ours"}:
        return replace(actor, code=quote.speaker.code)
    return actor


def _speaker_actor(quote: Quote, index: EntityIndex) -> Actor:
    """The speaker of a statement as an actor, with the canonical name of the person behind it."""
    speaker = quote.speaker
    assert speaker is not None
    entity = index.entity_at(index.doc.char_span(speaker.start, speaker.end, alignment_mode="expand").root)
    name = speaker.resolved or (entity.name if entity is not None else None)
    return Actor(speaker.text, speaker.start, speaker.end, speaker.code, speaker.sector, name)


def _speaker_if_spokesman(actor: Actor, quote: Quote, index: EntityIndex) -> Actor:
    """ "Iraq hopes ...", said by an Iraqi official: the official speaks for the state, so is the actor."""
    speaker = quote.speaker
    if speaker is None or actor.sector is not None or actor.code is None or actor.code != speaker.code:
        return actor
    return _speaker_actor(quote, index)


def _as_government(actor: Actor, index: EntityIndex) -> Actor:
    if actor.sector is None and actor.code:
        entity = next((e for e in index.entities if e.start == actor.start and e.end == actor.end), None)
        if entity is not None and entity.label == "GPE":
            return replace(actor, sector="GOV")
    return actor


def _complement_subjects(token: Token) -> list[Token]:
    for child in token.children:
        if child.dep_ in {"ccomp", "xcomp"}:
            subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS), None)
            if subject is not None and not _is_expletive(subject):
                return [subject]
    return []


def _confidence(trigger: Trigger, actors: list[Actor], recipients: list[Actor]) -> float:
    base = {"verb": 0.55, "noun": 0.45, "predicate": 0.5}[trigger.kind]
    if trigger.specific:
        base += 0.1
    if any(a.code for a in actors):
        base += 0.15
    if any(r.code for r in recipients):
        base += 0.1
    return round(min(base, 0.95), 2)


__all__ = [
    "RECIPROCAL",
    "Trigger",
    "choose_roles",
    "find_events",
    "find_triggers",
    "is_reciprocal",
    "mark_reciprocal",
    "option_actors",
    "role_frame",
    "span_of",
]
