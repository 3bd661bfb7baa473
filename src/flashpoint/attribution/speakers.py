"""Who a statement's source is: the named person or organisation behind "he", "the spokesman", "who" or
"the statement", with its actor code, and what kind of source it is.

The actors stage has already linked mentions into chains (surnames, bare titles and pronouns to the person
they refer to), so a pronoun's entity carries the name and code of its antecedent. This module adds what
only the attribution stage knows: "the statement added" is whoever made the statement, "who said" is the
noun the relative clause hangs on, and a quotation with no cue of its own continues its speaker.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..actors.index import EntityIndex
from ..records.model import Entity, Speaker
from .statement import AttributionLexicon, Statement, attribution_lexicon

RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
GOVERNMENT_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY"}


def resolve_speakers(
    doc: Doc, statements: list[Statement], index: EntityIndex
) -> dict[int, tuple[Speaker | None, str]]:
    """id(statement) -> (its speaker, its source type), for every statement."""
    lex = attribution_lexicon()
    result: dict[int, tuple[Speaker | None, str]] = {}
    for statement in statements:
        root = statement
        while root.continues is not None and root.cue is None:
            root = root.continues
        if root is not statement and id(root) in result:
            result[id(statement)] = result[id(root)]
            continue
        if statement.source is None:
            result[id(statement)] = (None, "article")
            continue
        speaker = _speaker(statement, index)
        head = statement.source_head
        assert head is not None
        lemma = head.lemma_.lower()
        if lemma in lex.statement_nouns and head.pos_ in {"NOUN", "PROPN"} and speaker.code is None:
            author = _statement_author(statements, statement, lemma, result)
            if author is not None and author.resolved is not None:
                speaker = replace(speaker, resolved=author.resolved, code=author.code, sector=author.sector)
        elif head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            antecedent = _speaker_of_token(doc, head.head.head, index)
            speaker = replace(
                speaker,
                resolved=antecedent.resolved or antecedent.text,
                code=antecedent.code,
                sector=antecedent.sector,
            )
        result[id(statement)] = (speaker, source_type(head, speaker, index, lex))
    return result


def _speaker(statement: Statement, index: EntityIndex) -> Speaker:
    source = statement.source
    assert source is not None
    entity = _entity_of(index, source.root)
    resolved = None
    code = sector = None
    if entity is not None:
        code, sector = entity.code, entity.sector
        name = entity.name or (entity.text if entity.label in {"PERSON", "ORG"} else None)
        if name and name != source.text:
            resolved = name
    else:
        actor = index.actor(source.root)
        code, sector = actor.code, actor.sector
    return Speaker(
        source.text, source.start_char, source.end_char, resolved=resolved, code=code, sector=sector
    )


def _speaker_of_token(doc: Doc, token: Token, index: EntityIndex) -> Speaker:
    entity = _entity_of(index, token)
    if entity is not None:
        return Speaker(entity.text, entity.start, entity.end, entity.name, entity.code, entity.sector)
    actor = index.actor(token)
    return Speaker(actor.text, actor.start, actor.end, actor.name, actor.code, actor.sector)


def _entity_of(index: EntityIndex, head: Token) -> Entity | None:
    """The coded mention the source is: the one its head heads, else the mention of an appositive name
    ("the spokesman, Ahmed Mulla Talal")."""
    entity = index.entity_at(head)
    if entity is not None and entity.start <= head.idx < entity.end:
        return entity
    for child in head.children:
        if child.dep_ == "appos":
            entity = index.entity_at(child)
            if entity is not None:
                return entity
    return None


def _statement_author(
    statements: list[Statement], item: Statement, noun: str, done: dict[int, tuple[Speaker | None, str]]
) -> Speaker | None:
    """Who made "the statement": the latest earlier statement whose sentence names that noun, else the
    latest earlier statement with a speaker."""
    earlier = [
        s
        for s in statements
        if s.content.start < item.content.start and id(s) in done and done[id(s)][0] is not None
    ]
    fallback: Speaker | None = None
    for candidate in reversed(earlier):
        speaker = done[id(candidate)][0]
        if speaker is None or candidate.source_head is None:
            continue
        if candidate.source_head.lemma_.lower() == noun:
            continue
        resolved = speaker if speaker.resolved else replace(speaker, resolved=speaker.text)
        sentence = candidate.content.doc[candidate.content.start].sent
        if any(t.lemma_.lower() == noun for t in sentence):
            return resolved
        fallback = fallback or resolved
    return fallback


def source_type(head: Token, speaker: Speaker, index: EntityIndex, lex: AttributionLexicon) -> str:
    """named_person, official, organization, media or anonymous (article, for no source, is decided by
    the caller). A pronoun is typed as the mention its chain leads to."""
    label = _label(index, head)
    lemma = head.lemma_.lower()
    if speaker.sector == "JRN" or lemma in lex.media_heads:
        return "named_person" if label == "PERSON" else "media"
    if label == "PERSON":
        return "named_person"
    if lemma in lex.anonymous_heads and label in {None, "GROUP", "PRON"}:
        # "officials", "Defense Department sources": unnamed people, whoever employs them.
        return "anonymous"
    if label == "GPE" or (label in {"ORG", "NORP"} and speaker.sector in GOVERNMENT_SECTORS):
        return "official"  # a state speaks through its government
    if label in {"ORG", "NORP"}:
        return "organization"
    if lemma in lex.official_heads or lemma in lex.statement_nouns or speaker.sector in GOVERNMENT_SECTORS:
        return "official"
    if label == "PRON":
        return "anonymous"  # a pronoun the chains could not resolve
    return "organization" if speaker.code else "anonymous"


def content_source_type(head: Token, index: EntityIndex) -> str | None:
    """The kind of source a noun phrase names ("three sources": anonymous), or None if it names none."""
    if head.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    entity = _entity_of(index, head)
    lex = attribution_lexicon()
    if entity is None and head.lemma_.lower() not in lex.anonymous_heads | lex.official_heads:
        return None
    code = entity.code if entity is not None else None
    sector = entity.sector if entity is not None else None
    speaker = Speaker(head.text, head.idx, head.idx + len(head.text), code=code, sector=sector)
    return source_type(head, speaker, index, lex)


def _label(index: EntityIndex, head: Token) -> str | None:
    """The entity label of the mention `head` heads; for a pronoun or a description in a chain ("he", "the
    spokesman"), the label of the name it refers to."""
    entity = index.entity_at(head)
    if entity is None or not entity.start <= head.idx < entity.end:
        return None
    if entity.label in {"PRON", "GROUP"} and entity.chain is not None:
        return named_labels(index.entities).get(entity.chain, entity.label)
    return entity.label


_last_labels: tuple[object, dict[int, str]] = (None, {})  # the entity list last seen and its labels


def named_labels(entities: list[Entity]) -> dict[int, str]:
    """Chain -> the label of the first name in it (PERSON, ORG, GPE, NORP); computed once per article."""
    global _last_labels
    seen, labels = _last_labels  # read once: another thread may replace it meanwhile
    if seen is entities:
        return labels
    labels = {}
    for entity in entities:
        if entity.chain is not None and entity.label not in {"PRON", "GROUP"}:
            labels.setdefault(entity.chain, entity.label)
    _last_labels = (entities, labels)
    return labels


__all__ = ["resolve_speakers", "source_type"]
