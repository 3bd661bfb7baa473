"""Attributed statements: direct quotes, reported speech, mixed quotes and "according to X".

Every statement has a cue (the words that attribute it: "said", "told", "according to", "believes"), a
content and, when the text names one, a source. The learned tagger (`tagger`) finds them with the span
conventions of the PolNeAR annotation it was trained on:

- cue: the attributing word with its auxiliaries, negation and particles, and a preposition that takes
  the content ("has not said", "called for", "according to"); not the hearer ("told *reporters*");
- source: the whole noun phrase that names who says so, appositive included ("Mr. Abboud, a
  spokesman,");
- content: what is attributed, with its complementizer ("said *that X*"), in pieces when the cue
  interrupts it ("X, he said, Y"); the quotation marks and final punctuation are not part of it.

A quotation with no cue of its own continues the previous speaker when it follows within a few sentences;
statements reported inside another statement's content are kept with the statement they are reported in
(`via`). Speakers are resolved to the named person or organisation behind them in `speakers`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.index import EntityIndex
from ..actors.mentions import sentence_numbers
from ..nlp.spans import span_of, trim_span
from ..records.model import Quote
from .quotation import quoted_segments, quoted_spans
from .speakers import resolve_speakers
from .statement import AttributionLexicon, Statement, attribution_lexicon
from .tagger import TaggedStatement, TaggerModels, tag_statements

MIN_QUOTE_TOKENS = 3  # shorter quoted phrases with no cue of their own are scare quotes or titles


def find_statements(doc: Doc, models: TaggerModels | None = None) -> list[Statement]:
    """Every attributed statement in `doc`, in document order (token level)."""
    lex = attribution_lexicon()
    segments = quoted_segments(doc, lex.quote_pairs)
    in_segment = [-1] * len(doc)
    for number, segment in enumerate(segments):
        for i in range(segment.start, segment.end):
            in_segment[i] = number
    statements: list[Statement] = []
    claimed = [False] * len(doc)
    for tagged in tag_statements(doc, models):
        source = doc[tagged.source[0] : tagged.source[1]] if tagged.source is not None else None
        if source is not None and _is_negative(source.root, lex):
            continue  # "nobody has claimed the bombing": no one says so
        cue = doc[tagged.cue[0] : tagged.cue[1]]
        pieces = [doc[start:end] for start, end in tagged.pieces]
        for piece in pieces:
            statements.append(
                Statement(_kind(piece, in_segment), piece, cue, doc[tagged.head], source, pieces=pieces)
            )
        if tagged.nested_in is None:
            for start, end in (tagged.cue, tagged.source or (0, 0), *tagged.pieces):
                for i in range(start, end):
                    claimed[i] = True
    for segment in segments:
        words = [t for t in segment if not t.is_punct and not t.is_space]
        if any(claimed[t.i] for t in words):
            continue
        if len(segment) >= MIN_QUOTE_TOKENS and any(t.pos_ in {"VERB", "AUX"} for t in segment):
            statements.append(Statement("direct", trim_span(segment) or segment, None, None, None))
    statements.sort(key=lambda s: (s.content.start, -s.content.end))
    _link_continuations(statements, sentence_numbers(doc), lex.continuation_sentences)
    kept = [s for s in statements if s.source is not None or s.cue is not None or s.continues is not None]
    # A statement inside a quotation nobody is said to have spoken ("I think ...") has no one to resolve
    # its "I" to: it is left out with the quotation.
    attributed = {in_segment[s.content.start] for s in kept if s.kind == "direct"}
    return [
        s
        for s in kept
        if s.cue_head is None
        or in_segment[s.cue_head.i] == -1
        or in_segment[s.cue_head.i] in attributed
        or (s.source is not None and s.source.root.pos_ != "PRON")
    ]


def find_quotes(doc: Doc, models: TaggerModels | None = None) -> list[Quote]:
    """All attributed statements in `doc` as contract Quotes, in document order, with ids q1, q2, ...

    Each Quote also says which statements it is reported inside (`via`) and, for a source that says what
    it relies on ("Politico reported that it spoke with three sources"), what kind of source that is
    (`cites`).
    """
    from .chains import attribution_chains

    statements = find_statements(doc, models)
    index = EntityIndex(doc)
    speakers = resolve_speakers(doc, statements, index)
    quotes = []
    for number, statement in enumerate(statements, start=1):
        content = trim_span(statement.content) or statement.content
        speaker, source_type = speakers[id(statement)]
        quotes.append(
            Quote(
                id=f"q{number}",
                kind=statement.kind,
                speaker=speaker,
                cue=span_of(statement.cue) if statement.cue is not None else None,
                content=span_of(content),
                source_type=source_type,
            )
        )
    return attribution_chains(statements, quotes, index)


def _kind(piece: Span, in_segment: list[int]) -> str:
    """direct: the words are one quotation; mixed: a quotation and more; indirect: no quotation."""
    words = [t.i for t in piece if not t.is_punct and not t.is_space]
    quoted = {in_segment[i] for i in words}
    if quoted == {-1}:
        return "indirect"
    if len(quoted) == 1:
        return "direct"
    return "mixed"


def _is_negative(head: Token, lex: AttributionLexicon) -> bool:
    if head.lower_ in lex.negative_sources:
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.negative_sources for c in head.children)


def _link_continuations(statements: list[Statement], numbers: list[int], within: int) -> None:
    """A cue-less quotation continues the statement before it when it follows within a few sentences."""
    previous: Statement | None = None
    for statement in statements:
        if statement.cue is None and statement.source is None and previous is not None:
            gap = numbers[statement.content.start] - numbers[previous.content.end - 1]
            if gap <= within:
                statement.continues = previous
                statement.source = previous.source
        if statement.source is not None or statement.continues is not None:
            previous = statement


__all__ = [
    "AttributionLexicon",
    "Statement",
    "TaggedStatement",
    "attribution_lexicon",
    "find_quotes",
    "find_statements",
    "quoted_spans",
]
