"""Attributed statements: direct quotes, reported speech, mixed quotes and "according to X".

Each statement has a speaker (resolved through the actors stage's mention chains), a cue and a content
span. A quote with no cue in its own sentence continues the previous speaker; "the statement added"
resolves to whoever made the statement.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..actors.index import EntityIndex
from ..actors.mentions import sentence_numbers
from ..data import read_yaml
from ..nlp.spans import span_of, subtree_span, trim_span
from ..records.model import Entity, Quote, Speaker
from ..records.model import Span as TextSpan

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
MIN_QUOTE_TOKENS = 3  # shorter quoted phrases with no cue of their own are scare quotes or titles


@dataclass(frozen=True)
class AttributionLexicon:
    speech_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    statement_nouns: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    anonymous_heads: frozenset[str]
    official_heads: frozenset[str]
    quote_pairs: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def attribution_lexicon() -> AttributionLexicon:
    raw = read_yaml("lexicons", "attribution.yaml")
    return AttributionLexicon(
        speech_verbs=frozenset(raw["speech_verbs"]),
        belief_verbs=frozenset(raw["belief_verbs"]),
        statement_nouns=frozenset(raw["statement_nouns"]),
        source_phrases=tuple(tuple(p) for p in raw["source_phrases"]),
        anonymous_heads=frozenset(raw["anonymous_heads"]),
        official_heads=frozenset(raw["official_heads"]),
        quote_pairs=tuple((a, b) for a, b in raw["quote_pairs"]),
    )


@dataclass
class _Found:
    """A statement being assembled (token-level), before it becomes a Quote."""

    kind: str
    content: Span
    cue: Span | None
    speaker_head: Token | None
    speaker: Speaker | None = None


def find_quotes(doc: Doc) -> list[Quote]:
    """All attributed statements in `doc`, in document order, with ids q1, q2, ..."""
    lex = attribution_lexicon()
    index = EntityIndex(doc)
    found: list[_Found] = []
    used_cues: set[int] = set()
    for start, end in quoted_spans(doc.text, lex.quote_pairs):
        item = _direct_quote(doc, start, end, lex)
        if item is not None:
            found.append(item)
            if item.cue is not None:
                used_cues.add(item.cue.root.i)
    for token in doc:
        if token.i in used_cues:
            continue
        item = _reported_speech(doc, token, lex) or _source_phrase(doc, token, lex)
        if item is not None:
            found.append(item)
    found.sort(key=lambda f: (f.content.start, -f.content.end))
    found = _drop_nested_duplicates(found)
    _resolve_speakers(doc, found, index, lex)
    quotes = []
    for number, item in enumerate(found, start=1):
        content = trim_span(item.content) or item.content
        quotes.append(
            Quote(
                id=f"q{number}",
                kind=item.kind,
                speaker=item.speaker,
                cue=span_of(item.cue) if item.cue is not None else None,
                content=span_of(content),
                source_type=source_type(doc, item, index, lex),
            )
        )
    return quotes


# -- finding statements -----------------------------------------------------------------------------------


def quoted_spans(text: str, pairs: tuple[tuple[str, str], ...]) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (marks excluded). Unclosed quotes end at the paragraph."""
    spans = []
    for opening, closing in pairs:
        position = 0
        while (start := text.find(opening, position)) != -1:
            end = text.find(closing, start + 1)
            paragraph_end = text.find("\n\n", start + 1)
            if end == -1 or (paragraph_end != -1 and paragraph_end < end):
                end = paragraph_end if paragraph_end != -1 else len(text)
                position = end
            else:
                position = end + 1
            if end > start + 1:
                spans.append((start + 1, end))
    spans.sort()
    return [s for i, s in enumerate(spans) if not any(o[0] < s[0] and s[1] <= o[1] for o in spans[:i])]


def _direct_quote(doc: Doc, start: int, end: int, lex: AttributionLexicon) -> _Found | None:
    quote = doc.char_span(start, end, alignment_mode="contract")
    if quote is None or not len(quote):
        return None
    inside = set(range(quote.start, quote.end))
    cue = _cue_for_quote(doc, quote, inside, lex)
    if cue is None:
        if len(quote) < MIN_QUOTE_TOKENS or not any(t.pos_ in {"VERB", "AUX"} for t in quote):
            return None  # a scare quote or a title, not a statement
        return _Found("direct", quote, None, None)
    content_head = _content_child(cue)
    if content_head is not None:
        # A quote inside a reported clause that says more than the quote is a mixed quote.
        clause = trim_span(_clause_span(content_head))
        words = trim_span(quote)  # the quote's final period often hangs off the main clause
        within = clause.start <= words.start and words.end <= clause.end
        if within and (clause.start < words.start - 1 or clause.end > words.end + 1):
            return _Found("mixed", clause, doc[cue.i : cue.i + 1], _subject_of(cue))
    return _Found("direct", quote, doc[cue.i : cue.i + 1], _subject_of(cue))


def _cue_for_quote(doc: Doc, quote: Span, inside: set[int], lex: AttributionLexicon) -> Token | None:
    """The speech verb outside the quote, in the sentences the quote touches, nearest to it."""
    first = doc[quote.start].sent
    last = doc[quote.end - 1].sent
    candidates = [
        t
        for t in doc[first.start : last.end]
        if t.i not in inside and t.lemma_.lower() in lex.speech_verbs and t.pos_ in {"VERB", "AUX"}
    ]
    if not candidates:
        return None
    # Prefer a verb that governs the quote (or is governed by it), then the nearest one.
    governing = [t for t in candidates if any(a.i == t.i for a in doc[quote.start].ancestors)]

    def distance(t: Token) -> int:
        return min(abs(t.i - quote.start), abs(t.i - quote.end))

    return min(governing or candidates, key=distance)


def _reported_speech(doc: Doc, token: Token, lex: AttributionLexicon) -> _Found | None:
    """ "X said (that) CLAUSE": a speech verb with a clausal complement."""
    if token.pos_ not in {"VERB", "AUX"} or token.lemma_.lower() not in lex.speech_verbs:
        return None
    content_head = _content_child(token)
    if content_head is None:
        return None
    content = _clause_span(content_head)
    if not any(t.pos_ in {"VERB", "AUX"} for t in content):
        return None
    kind = "mixed" if any(t.is_quote for t in content) else "indirect"
    return _Found(kind, content, doc[token.i : token.i + 1], _subject_of(token))


def _source_phrase(doc: Doc, token: Token, lex: AttributionLexicon) -> _Found | None:
    """ "according to X, CLAUSE": X is the source of the clause the phrase modifies."""
    for phrase in lex.source_phrases:
        words = doc[token.i : token.i + len(phrase)]
        if len(words) != len(phrase) or tuple(t.lower_ for t in words) != phrase:
            continue
        source = next((c for c in words[-1].children if c.dep_ == "pobj"), None)
        if source is None and len(phrase) == 1:
            source = next((c for c in token.children if c.dep_ in {"dobj", "pobj"}), None)
        if source is None:
            continue
        clause_head = token.head if token.head.i != token.i else token
        clause = _clause_span(clause_head)
        own = set(t.i for t in token.subtree)
        rest = [t for t in clause if t.i not in own and not t.is_punct]
        if not rest:
            continue
        content = doc[rest[0].i : rest[-1].i + 1]
        return _Found("indirect", content, words, source)
    return None


def _content_child(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in CONTENT_DEPS and c.pos_ in {"VERB", "AUX"}), None)


def _clause_span(head: Token) -> Span:
    span = subtree_span(head)
    start = span.start
    while start < span.end and span.doc[start].dep_ == "mark" and span.doc[start].head.i == head.i:
        start += 1
    return span.doc[start : span.end]


def _subject_of(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None and verb.dep_ == "conj":
        return _subject_of(verb.head)  # "X arrived and said ...": the shared subject
    return subject


def _drop_nested_duplicates(found: list[_Found]) -> list[_Found]:
    """A reported clause that repeats a direct or mixed quote's content with the same cue is one statement."""
    kept: list[_Found] = []
    for item in found:
        twin = next(
            (
                k
                for k in kept
                if k.cue is not None
                and item.cue is not None
                and k.cue.start == item.cue.start
                and k.content.start <= item.content.start
                and item.content.end <= k.content.end
            ),
            None,
        )
        if twin is None:
            kept.append(item)
    return kept


# -- speakers ---------------------------------------------------------------------------------------------


def _resolve_speakers(doc: Doc, found: list[_Found], index: EntityIndex, lex: AttributionLexicon) -> None:
    sentences = sentence_numbers(doc)
    previous: _Found | None = None
    for item in found:
        if item.speaker_head is None and item.cue is None and previous is not None and previous.speaker:
            # A quote with no cue continues the previous speaker if it follows closely.
            gap = sentences[item.content.start] - sentences[previous.content.end - 1]
            if gap <= 2:
                item.speaker = previous.speaker
                item.cue = None
        elif item.speaker_head is not None:
            item.speaker = _speaker(doc, item.speaker_head, index)
            if item.speaker_head.lemma_.lower() in lex.statement_nouns:
                earlier = _statement_author(found, item, item.speaker_head.lemma_.lower())
                if earlier is not None and earlier.speaker is not None:
                    item.speaker = replace(
                        item.speaker,
                        resolved=earlier.speaker.resolved or earlier.speaker.text,
                        code=earlier.speaker.code,
                        sector=earlier.speaker.sector,
                    )
        if item.speaker is not None:
            previous = item


def _statement_author(found: list[_Found], item: _Found, noun: str) -> _Found | None:
    """Who made "the statement": the latest earlier statement whose sentence names that noun, else the
    latest earlier statement with a speaker."""
    earlier = [f for f in found if f.content.start < item.content.start and f.speaker is not None]
    for candidate in reversed(earlier):
        sent = candidate.content.doc[candidate.content.start].sent
        head = candidate.speaker_head
        if head is not None and head.lemma_.lower() != noun and any(t.lemma_.lower() == noun for t in sent):
            return candidate
    return earlier[-1] if earlier else None


def _speaker(doc: Doc, head: Token, index: EntityIndex) -> Speaker:
    entity: Entity | None = index.entity_at(head)
    if entity is not None and _contains(entity, head):
        text = TextSpan(entity.text, entity.start, entity.end)
        resolved = entity.name if entity.name and entity.name != entity.text else None
        return Speaker(
            text.text, text.start, text.end, resolved=resolved, code=entity.code, sector=entity.sector
        )
    actor = index.actor(head)
    return Speaker(actor.text, actor.start, actor.end, code=actor.code, sector=actor.sector)


def _contains(entity: Entity, token: Token) -> bool:
    return entity.start <= token.idx < entity.end


def source_type(doc: Doc, item: _Found, index: EntityIndex, lex: AttributionLexicon) -> str:
    """named_person, official, organization, media, anonymous or article (no source named)."""
    speaker = item.speaker
    if speaker is None:
        return "article"
    if speaker.sector == "JRN":
        return (
            "media"
            if item.speaker_head is None or not _is_person(index, item.speaker_head)
            else "named_person"
        )
    head = item.speaker_head
    entity = index.entity_at(head) if head is not None else None
    if entity is not None and entity.label == "PRON" and entity.name:
        return "named_person"
    if entity is not None and entity.label == "PERSON":
        return "named_person"
    lemma = head.lemma_.lower() if head is not None else ""
    if lemma in lex.anonymous_heads and (entity is None or entity.label in {"GROUP", "PRON"}):
        return "anonymous"
    if entity is not None and entity.label in {"ORG", "GPE", "NORP"}:
        return "official" if entity.sector in {"GOV", "MIL", "COP", "LEG", "JUD"} else "organization"
    if lemma in lex.official_heads or lemma in lex.statement_nouns or speaker.sector is not None:
        return "official"
    return "organization" if speaker.code else "anonymous"


def _is_person(index: EntityIndex, head: Token) -> bool:
    entity = index.entity_at(head)
    return entity is not None and entity.label == "PERSON"
