"""Find actor mentions and code them: country + sector + canonical name; `chains` then links mentions of
the same person or organisation within the article.

A mention is coded from, in order of trust: a dictionary entry (people with dated roles, organisations,
media, countries); its own words (a country adjective or name among its modifiers, a role noun as its
head or in its title); the phrase it depends on ("the spokesman *for Iraqi Prime Minister Kadhimi*"); its
appositive ("Matthew Tueller, *the U.S. Ambassador*"); and finally the other mentions of its chain.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

from ..records.model import Entity
from .chains import link_chains
from .dictionary import DictMatch, load_actor_dictionary
from .mentions import Mention, role_words

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Modifier relations that put a country or role inside a noun phrase ("Iraqi leaders", "U.S. embassy",
# "Iraq's Foreign Minister", "Secretary of State Mike Pompeo").
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}
KIND_LABEL = {
    "person": "PERSON",
    "organization": "ORG",
    "media": "ORG",
    "country": "GPE",
    "adjective": "NORP",
}


def find_entities(doc: Doc, published: dt.date | None = None) -> list[Entity]:
    """Every actor mention in `doc` with its code, in document order."""
    mentions = find_mentions(doc, published)
    return [to_entity(doc, m) for m in mentions]


def find_mentions(doc: Doc, published: dt.date | None = None) -> list[Mention]:
    dictionary = load_actor_dictionary()
    words = role_words()
    matches = dictionary.match(doc, on=published)
    mentions = _name_mentions(doc, matches, published)
    taken_heads = {m.head for m in mentions}
    mentions += _nominal_mentions(doc, words, taken_heads)
    mentions += _pronoun_mentions(doc, words)
    mentions.sort(key=lambda m: (m.start, -m.end))
    by_token = _index(mentions)
    for m in mentions:
        _code_from_own_words(doc, m, by_token, words, dictionary)
    # Two passes so a chain of dependencies ("the spokesman for the minister of X") settles.
    for _ in range(2):
        for m in mentions:
            _code_from_relations(doc, m, by_token, words)
    link_chains(doc, mentions, words)
    return mentions


def to_entity(doc: Doc, m: Mention) -> Entity:
    span = m.span(doc)
    return Entity(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        label=m.label,
        code=m.code,
        sector=m.sector,
        name=m.name,
        backer=m.backer,
        chain=m.chain,
    )


# -- finding mentions -------------------------------------------------------------------------------------


def _name_mentions(doc: Doc, matches: list[DictMatch], published: dt.date | None) -> list[Mention]:
    """Named mentions: NER entities, with dictionary matches laid over them (and added where NER missed)."""
    dictionary = load_actor_dictionary()
    mentions: list[Mention] = []
    covered: set[int] = set()
    # Dictionary matches do not overlap and come in document order, so both their starts and their ends
    # ascend: the matches inside an entity, and the one holding its head, are found by bisection rather
    # than by a scan of all matches for each entity (quadratic in the article's length).
    starts = [m.start for m in matches]
    ends = [m.end for m in matches]
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        ent = _strip_determiner(ent)
        if not len(ent):
            continue
        mention = Mention(ent.start, ent.end, ent.root.i, ent.label_)
        inside = matches[bisect_left(starts, ent.start) : bisect_right(ends, ent.end)]
        holding = bisect_right(starts, ent.root.i) - 1
        whole = _covering_match(ent, matches[holding : holding + 1] if holding >= 0 else [])
        if whole is not None:
            _apply_match(mention, whole)
        elif ent.label_ in {"GPE", "NORP"} and inside:
            mention.fill(inside[-1].code, None)
        if ent.label_ == "PERSON" and mention.code is None:
            role = dictionary.person_role(ent.text, published)
            if role:
                mention.fill(*role)
                mention.from_dictionary = True
        mentions.append(mention)
        covered.update(range(ent.start, ent.end))
        if whole is not None:
            covered.update(range(whole.start, whole.end))
    # Dictionary names the NER missed or mislabelled (e.g. "Politico" tagged PERSON is a medium).
    for match in matches:
        if match.kind in {"agent", "place"}:
            continue
        span_tokens = set(range(match.start, match.end))
        if span_tokens & covered:
            continue
        if match.kind == "country" and doc[match.start].is_lower:
            continue  # "us" the pronoun is not the United States
        mention = Mention(match.start, match.end, doc[match.start : match.end].root.i, KIND_LABEL[match.kind])
        _apply_match(mention, match)
        mentions.append(mention)
        covered |= span_tokens
    return mentions


def _covering_match(ent: Span, matches: list[DictMatch]) -> DictMatch | None:
    """The dictionary match that names the entity: it covers the entity's head and at most a leading
    determiner beyond it ("the Pentagon" for the entity "Pentagon")."""
    best, best_overlap = None, 0
    root = ent.root.i  # a Span computes its root on every access
    for match in matches:
        if not match.start <= root < match.end:
            continue
        outside = [i for i in range(match.start, match.end) if not ent.start <= i < ent.end]
        if any(ent.doc[i].dep_ != "det" for i in outside):
            continue
        overlap = min(match.end, ent.end) - max(match.start, ent.start)
        if overlap > best_overlap:
            best, best_overlap = match, overlap
    return best


def _apply_match(mention: Mention, match: DictMatch) -> None:
    mention.code, mention.from_dictionary = match.code, True
    mention.sector = match.sector or mention.sector
    mention.name = match.name or mention.name
    if match.kind in KIND_LABEL:
        mention.label = KIND_LABEL[match.kind]


def _strip_determiner(span: Span) -> Span:
    start = span.start
    while start < span.end and span.doc[start].dep_ in {"det", "case"} and span.doc[start].is_stop:
        start += 1
    return Span(span.doc, start, span.end, label=span.label_)


def _nominal_mentions(doc: Doc, words: dict[str, frozenset[str]], taken: set[int]) -> list[Mention]:
    """Common-noun mentions of people and groups: "Iraqi leaders", "a State Department spokesperson"."""
    dictionary = load_actor_dictionary()
    mentions = []
    for token in doc:
        if token.i in taken or token.pos_ not in {"NOUN", "PROPN"} or token.ent_type_ in NAME_LABELS:
            continue
        lemma = token.lemma_.lower()
        sector = dictionary.sector_of(lemma)
        if lemma in words["holding_nouns"] or token.lower_ in words["holding_nouns"]:
            named, holder_sector = _holder(token, dictionary)
            if not named:
                continue
            sector = sector or holder_sector
        elif (
            sector is None
            and lemma not in words["person_nouns"]
            and token.lower_ not in words["person_nouns"]
        ):
            continue
        start = token.i
        for child in token.lefts:
            if child.dep_ in MODIFIER_DEPS | {"det", "nummod", "quantmod"}:
                start = min(start, child.left_edge.i)
        mention = Mention(start, token.i + 1, token.i, "GROUP", sector=sector)
        mention.titles.add(lemma)
        mentions.append(mention)
    return mentions


def _holder(token: Token, dictionary) -> tuple[bool, str | None]:
    """Whether a holding noun ("positions", "bases") names its holder among its modifiers, and the
    holder's sector when a role word names it ("*rebel* positions", "*militant* hideouts", adjective or
    noun); a name ("*Hamas* positions", "*Israeli* bases") gives its code later, in
    `_code_from_own_words`."""
    for child in token.lefts:
        if child.dep_ not in MODIFIER_DEPS:
            continue
        if child.ent_type_ in NAME_LABELS - {"PERSON"}:
            return True, None
        sector = dictionary.sector_of(child.lemma_.lower()) or dictionary.sector_of(child.lower_)
        if sector:
            return True, sector
    return False, None


def _pronoun_mentions(doc: Doc, words: dict[str, frozenset[str]]) -> list[Mention]:
    pronouns = words["person_pronouns"] | words["group_pronouns"] | words["first_person_plural"]
    return [Mention(t.i, t.i + 1, t.i, "PRON") for t in doc if t.pos_ == "PRON" and t.lower_ in pronouns]


def _index(mentions: list[Mention]) -> dict[int, Mention]:
    """Token index -> the mention headed by that token (the longest, if several)."""
    by_head: dict[int, Mention] = {}
    for m in mentions:
        current = by_head.get(m.head)
        if current is None or (m.end - m.start) > (current.end - current.start):
            by_head[m.head] = m
    return by_head


# -- coding one mention -----------------------------------------------------------------------------------


def _code_from_own_words(doc: Doc, m: Mention, by_head: dict[int, Mention], words, dictionary) -> None:
    """Country, backer and sector from the words of the mention and its modifiers."""
    if m.label == "PRON":
        return
    head = doc[m.head]
    for token in _modifier_tokens(head, m):
        lemma = token.lemma_.lower()
        if token.lower_ in words["backing_words"] or lemma in words["backing_words"]:
            backer = _backer_of(token, by_head)
            if backer:
                m.backer = m.backer or backer
            continue
        if lemma in words["proxy_nouns"]:
            m.backer = m.backer or "?"
            continue
        other = by_head.get(token.i)
        if other is not None and other is not m and other.code and other.label in {"GPE", "NORP", "ORG"}:
            m.fill(other.code, other.sector if other.label == "ORG" else None)
            continue
        if token.pos_ in {"NOUN", "PROPN"}:
            sector = dictionary.sector_of(lemma)
            if sector:
                m.titles.add(lemma)
                if m.label != "ORG":
                    m.fill(None, sector)
    if m.backer == "?":  # "Iranian proxy militias": the country adjective names the backer
        m.backer = m.code
    if m.backer and not m.code:
        m.code = m.backer
    if m.backer and m.label == "GROUP" and m.sector is None:
        m.sector = next(iter(words["proxy_sector"]))  # a state-backed group with no role noun


def _modifier_tokens(head: Token, m: Mention) -> list[Token]:
    """Tokens modifying the head inside the mention, nearest first, plus a preceding title chain."""
    result = []
    for child in reversed(list(head.lefts)):
        if child.dep_ in MODIFIER_DEPS:
            result.extend(sorted(child.subtree, key=lambda t: -t.i))
    return [t for t in result if t.i != head.i]


def _backer_of(token: Token, by_head: dict[int, Mention]) -> str | None:
    """ "Iran-backed" (Iran is a child of "backed") or "backed by Iran"."""
    for child in token.children:
        target = child
        if child.dep_ == "agent" or child.lower_ == "by":
            target = next((g for g in child.children if g.dep_ == "pobj"), child)
        mention = by_head.get(target.i)
        if mention is not None and mention.code:
            return mention.code
    return None


def _code_from_relations(doc: Doc, m: Mention, by_head: dict[int, Mention], words) -> None:
    """Appositives and principals: the code of the phrase a mention is tied to."""
    if m.label == "PRON":
        return
    head = doc[m.head]
    for child in head.children:
        if child.dep_ == "appos":
            other = by_head.get(child.i)
            if other is not None:
                m.fill(other.code, other.sector)
                other.fill(m.code, m.sector)
                m.titles |= other.titles
        elif child.dep_ == "prep" and child.lower_ in words["principal_preps"]:
            principal = next((by_head.get(g.i) for g in child.children if g.dep_ == "pobj"), None)
            if principal is None or principal.label == "PRON":
                continue
            if m.code is None:
                m.code = principal.code
            # An agent role ("spokesman for the minister") serves its principal's institution.
            if principal.sector and (m.sector is None or head.lemma_.lower() in words["agent_roles"]):
                m.sector = principal.sector
    if head.dep_ == "appos":
        other = by_head.get(head.head.i)
        if other is not None:
            m.fill(other.code, other.sector)
