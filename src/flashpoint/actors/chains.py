"""Mention chains within an article: surnames, bare titles and pronouns joined to the person or
organisation they refer to, so "the Secretary" and "he" inherit Pompeo's code and name."""

from __future__ import annotations

from spacy.tokens import Doc

from .mentions import Mention, sentence_numbers


def link_chains(doc: Doc, mentions: list[Mention], words) -> None:
    """Group mentions of the same person or organisation and share their code and canonical name.

    People: full names and later surname-only mentions ("Mike Pompeo" ... "Secretary Pompeo"), bare titles
    ("the Secretary") and personal pronouns ("he") to the most recent person who fits. Groups and
    organisations: the same name; first-person plural in a quote is left to the attribution stage.
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
    for m in mentions:
        if m.chain is not None:
            continue
        if m.label == "PRON" and doc[m.head].lower_ in words["person_pronouns"]:
            antecedent = _recent_person(doc, mentions, m)
        elif m.label == "GROUP" and _is_bare_title(doc, m, words):
            antecedent = _recent_person(doc, mentions, m, title=doc[m.head].lemma_.lower())
        else:
            continue
        if antecedent is not None and antecedent.chain is not None:
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


def _recent_person(doc: Doc, mentions: list[Mention], m: Mention, title: str | None = None) -> Mention | None:
    """The person a pronoun or bare title most likely refers to.

    Candidates are people mentioned before it in its own or the previous two sentences; the nearest
    sentence wins, and within a sentence its subject (the usual antecedent of a following "he").
    """
    here = sentence_numbers(doc)[m.start]
    best: tuple[int, int, int] | None = None
    chosen = None
    for other in mentions:
        if other.label != "PERSON" or other.start >= m.start:
            continue
        if title and title not in other.titles:
            continue
        distance = here - sentence_numbers(doc)[other.start]
        if distance > 2:
            continue
        is_subject = doc[other.head].dep_ in {"nsubj", "nsubjpass"}
        rank = (distance, 0 if is_subject else 1, -other.start)
        if best is None or rank < best:
            best, chosen = rank, other
    return chosen
