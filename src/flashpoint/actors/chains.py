"""Mention chains within an article: surnames, bare titles and pronouns joined to the person or
organisation they refer to, so "the Secretary" and "he" inherit Pompeo's code and name, and "it" in
"Politico reported that it spoke with three sources" is Politico.

Pronouns are resolved by salience, within a short window: a personal pronoun or a bare title takes the
nearest person mentioned in its own or the previous two sentences (within a sentence, its subject); an
organisation pronoun ("it", "they") takes the subject of a clause that governs it ("Politico reported
that *it* ...") or else the subject of the previous sentence, and only when that subject is an
organisation, country or group that agrees in number. Anything else stays unresolved: "it" far more often
refers to a thing ("the closure ... it could send the message") than to an actor.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from .mentions import Mention, sentence_numbers

PERSON_WINDOW = 2  # sentences back a pronoun or bare title may reach for its person
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ORGANISATION_LABELS = {"ORG", "GPE", "NORP"}


def link_chains(doc: Doc, mentions: list[Mention], words) -> None:
    """Group mentions of the same person or organisation and share their code and canonical name.

    People: full names and later surname-only mentions ("Mike Pompeo" ... "Secretary Pompeo"), bare titles
    ("the Secretary") and personal pronouns ("he") to the most recent person who fits. Groups and
    organisations: the same name, and the organisation pronouns described above; first-person plural in a
    quote is left to the attribution stage.
    """
    chains: list[list[Mention]] = []
    people: dict[str, int] = {}  # surname -> chain
    orgs: dict[str, int] = {}
    for m in mentions:
        span = m.span(doc)
        if m.label == "PERSON":
            surname = span[-1].lower_
            chain_id = people.get(surname)
            if chain_id is None:
                chain_id = _new_chain(chains)
                people[surname] = chain_id
            _join(chains, chain_id, m)
        elif m.label == "ORG" or (m.label == "GPE" and m.code):
            key = (m.name or span.text).lower()
            chain_id = orgs.get(key)
            if chain_id is None:
                chain_id = orgs[key] = _new_chain(chains)
            _join(chains, chain_id, m)
    for chain in chains:
        _settle_chain(doc, chain)
    finder = _Antecedents(doc, mentions)
    for m in mentions:
        if m.chain is not None:
            continue
        head_word = doc[m.head].lower_
        if m.label == "PRON" and head_word in words["person_pronouns"]:
            antecedent = finder.recent_person(m)
        elif m.label == "GROUP" and _is_bare_title(doc, m, words):
            antecedent = finder.recent_person(m, title=doc[m.head].lemma_.lower())
        elif m.label == "PRON" and head_word in words["group_pronouns"]:
            antecedent = finder.organisation(m)
        else:
            continue
        if antecedent is None:
            continue
        if antecedent.chain is None:
            antecedent.chain = _new_chain(chains)
            chains[antecedent.chain].append(antecedent)
        _join(chains, antecedent.chain, m)
        m.code, m.sector, m.name = antecedent.code, antecedent.sector, antecedent.name


def _new_chain(chains: list[list[Mention]]) -> int:
    chains.append([])
    return len(chains) - 1


def _join(chains: list[list[Mention]], chain_id: int, m: Mention) -> None:
    chains[chain_id].append(m)
    m.chain = chain_id


def _settle_chain(doc: Doc, chain: list[Mention]) -> None:
    """Every mention of a chain gets the chain's best code and its fullest name."""
    best = max(chain, key=lambda x: (x.from_dictionary, x.code is not None, x.sector is not None))
    fullest = max(chain, key=lambda x: (len(x.span(doc)), -x.start))
    titles = set().union(*(x.titles for x in chain))
    for m in chain:
        m.fill(best.code, best.sector)
        if m.label == "PERSON":
            m.name = m.name or fullest.span(doc).text
        m.titles = titles


def _is_bare_title(doc: Doc, m: Mention, words) -> bool:
    head = doc[m.head]
    return (
        head.lemma_.lower() in words["person_titles"]
        and m.end - m.start <= 2
        and any(c.lower_ == "the" for c in head.lefts)
    )


class _Antecedents:
    """Candidate antecedents indexed by position, so each lookup reads only a few sentences of mentions."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.sentence = sentence_numbers(doc)
        self.people = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
        self.people_starts = [m.start for m in self.people]
        self.by_head = {m.head: m for m in mentions if m.label != "PRON"}
        # A person's titles include those of the phrase in apposition to the name ("Iraq's Foreign
        # Minister, Fuad Hussein" / "Fuad Hussein, the foreign minister").
        self.titles: dict[int, set[str]] = {}
        for person in self.people:
            titles = set(person.titles)
            head = doc[person.head]
            linked = [head.head] if head.dep_ == "appos" else []
            linked += [c for c in head.children if c.dep_ == "appos"]
            for token in linked:
                other = self.by_head.get(token.i)
                if other is not None:
                    titles |= other.titles
            self.titles[person.start] = titles

    def recent_person(self, m: Mention, title: str | None = None) -> Mention | None:
        """The person a pronoun or bare title most likely refers to: the nearest sentence wins, and within a
        sentence its subject (the usual antecedent of a following "he")."""
        here = self.sentence[m.start]
        best: tuple[int, int, int] | None = None
        chosen = None
        for index in range(bisect.bisect_left(self.people_starts, m.start) - 1, -1, -1):
            other = self.people[index]
            distance = here - self.sentence[other.start]
            if distance > PERSON_WINDOW:
                break
            if title and title not in self.titles.get(other.start, other.titles):
                continue
            is_subject = self.doc[other.head].dep_ in SUBJECT_DEPS
            rank = (distance, 0 if is_subject else 1, -other.start)
            if best is None or rank < best:
                best, chosen = rank, other
        return chosen

    def organisation(self, m: Mention) -> Mention | None:
        pronoun = self.doc[m.head]
        if pronoun.dep_ not in SUBJECT_DEPS | {"poss"} or _is_expletive(pronoun):
            return None
        plural = pronoun.lower_ in {"they", "them", "their", "theirs", "themselves"}
        # A clause that governs the pronoun: "Politico reported that it ...", "the ministry said its ...".
        node = pronoun.head
        while True:
            subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS and c.i != pronoun.i), None)
            if subject is not None and subject.i < pronoun.i:
                candidate = self.by_head.get(subject.i)
                return candidate if candidate is not None and self._agrees(candidate, plural) else None
            if node.head.i == node.i:
                break
            node = node.head
        # Else the subject of the previous sentence's main clause.
        here = self.sentence[m.start]
        if here == 0:
            return None
        previous = self.doc[pronoun.sent.start - 1].sent.root
        subject = next((c for c in previous.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None:
            return None
        candidate = self.by_head.get(subject.i)
        return candidate if candidate is not None and self._agrees(candidate, plural) else None

    def _agrees(self, candidate: Mention, plural: bool) -> bool:
        head = self.doc[candidate.head]
        if candidate.label in ORGANISATION_LABELS:
            return candidate.code is not None or candidate.label == "ORG"
        if candidate.label == "GROUP" and candidate.code is not None:
            return (head.tag_ in {"NNS", "NNPS"}) == plural
        return False


def _is_expletive(pronoun: Token) -> bool:
    """ "It is unacceptable that ...", "it seems", "it was reported": "it" stands for a clause."""
    if pronoun.lower_ != "it":
        return False
    head = pronoun.head
    return (
        head.lemma_ in {"be", "seem", "appear"}
        or head.pos_ == "ADJ"
        or any(c.dep_ == "auxpass" for c in head.children)
    )
