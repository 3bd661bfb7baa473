"""Attributed statements: direct quotes, reported speech, mixed quotes and "according to X".

Every statement has a cue (the word that attributes it: "said", "told", "according to", "believes"), a
content and, when the text names one, a source. Cue words are found by `find_cue_heads` (the cue-rate
lexicon, `cues.is_cue`, checked and widened by the learned cue model of `tagger`, trained on PolNeAR train
by tools/train_attribution.py, and a linking verb with a stance adjective of the lexicon: "are *confident*
that", "is *eager* to", "are *wary* of"); a line that opens with "NAME:" attributes the rest of the line
to NAME (transcripts, headlines, a digest's "HEADLINE - NAME:"). The content and the source are read
from the dependency tree around the cue:

- content: the quotation the cue introduces (with the quotation's later pieces: “X,” he said, “Y.”), else
  the clause it governs ("said *that X*"), its infinitive ("refused *to X*"), its object ("criticized
  *the plan*"), the object of its preposition ("called for *X*"), or the clause it interrupts ("X, he said,
  is Y"); else what a passive cue is said of ("*X* was seen as *Y*") or the noun the cue modifies ("*the
  reality* provided by X"); a raising verb's subject goes with its infinitive ("*he* seems *to X*");
- source: its subject (through coordination and control: "arrived and said", "spoke, saying", "ended by
  quoting"), the agent of a passive cue ("was criticized *by X*"), the possessor of a cue noun ("*his*
  claim"), the noun an -ing participle modifies ("*ads* attacking X") or the object of "according to"; a
  raising verb has none.

The words of each cue around its head are drawn last, by the learned cue-span model (`cue_spans`), from
the rules' span (`_cue_span`) and the words outside the statement's content and source ("*said in a
statement* that ...", "said on Monday that ...").

A quotation with no cue in its own sentence continues the previous speaker. Speakers are resolved to the
named person or organisation behind them in `speakers`.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from ..actors.index import EntityIndex
from ..actors.mentions import sentence_numbers
from ..nlp.spans import doc_text, is_time_object, span_of, trim_span
from ..records.model import Quote
from .cue_spans import CueToDraw, learned_cue_spans
from .cues import CLAUSE_DEPS, SUBJECT_DEPS, is_cue
from .features import MAX_ANCESTORS, DocContext
from .quotation import quoted_spans
from .speakers import resolve_speakers
from .statement import AttributionLexicon, Statement, attribution_lexicon
from .tagger import TaggerModels, cue_probabilities, shipped_tagger_models

MIN_QUOTE_TOKENS = 3  # shorter quoted phrases with no cue of their own are scare quotes or titles
# Clauses that inherit the subject of the clause above ("arrived and said", "spoke, saying", "went on to
# say").
INHERITS_SUBJECT = {"conj", "xcomp", "advcl", "acl", "pcomp"}
SET_OFF = {",", ";", "--", "—", "–"}


def find_statements(doc: Doc, models: TaggerModels | None = None) -> list[Statement]:
    """Every attributed statement in `doc`, in document order (token level)."""
    lex = attribution_lexicon()
    models = models or shipped_tagger_models()
    context = DocContext(doc)
    segments, in_segment = context.segments, context.segment
    cue_heads, nested_heads = find_cue_heads(doc, models, context)
    cue_ids = [t.i for t in cue_heads]  # in order
    statements: list[Statement] = _colon_statements(doc, in_segment)
    by_cue: dict[int, Statement] = {s.cue_head.i: s for s in statements if s.cue_head is not None}
    spoken_lines = [s.content for s in statements]
    sentences = list(doc.sents)
    numbers = sentence_numbers(doc)
    lines = context.line
    cues_by_sentence: dict[int, list[Token]] = {}
    for token in cue_heads:
        if in_segment[token.i] == -1:
            cues_by_sentence.setdefault(numbers[token.i], []).append(token)
    for segment in segments:
        if any(line.start <= segment.start and segment.end <= line.end + 1 for line in spoken_lines):
            continue  # the words of a "NAME: ..." line: that line is the statement
        first, last = numbers[segment.start], numbers[segment.end - 1]
        # A cue on another line (paragraph) is not this quotation's, even when the parser ran the
        # sentence over the line break.
        candidates = [
            t
            for n in range(first, last + 1)
            for t in cues_by_sentence.get(n, ())
            if lines[t.i] == lines[segment.start]
        ]
        if last + 1 < len(sentences) and sentences[last + 1].start - segment.end <= 1:
            # "“...” \n Bush said." with the cue split off into a sentence of its own
            candidates += [t for t in cues_by_sentence.get(last + 1, ()) if _content_head(t) is None]
        statement_like = len(segment) >= MIN_QUOTE_TOKENS and any(t.pos_ in {"VERB", "AUX"} for t in segment)
        cue = _cue_for_segment(segment, candidates)
        content_head = _content_head(cue) if cue is not None else None
        clause = _content_span(cue, content_head) if cue is not None and content_head is not None else None
        if clause is not None:
            clause = _on_line(clause, lines, lines[cue.i]) or clause
        words = trim_span(segment) or segment  # the closing period often hangs off the main clause
        within = clause is not None and clause.start <= words.start and words.end <= clause.end
        if cue is not None and not statement_like and not within and not _governs(cue, segment):
            cue = None if len(segment) < MIN_QUOTE_TOKENS else cue
        if cue is None or not (statement_like or within or _governs(cue, segment)):
            if cue is None and statement_like:
                statements.append(Statement("direct", segment, None, None, None))
            continue  # a scare quote or a title inside a sentence that says nothing more about it
        earlier = by_cue.get(cue.i)
        if earlier is not None:
            if earlier.kind == "direct" and not within:
                earlier.pieces.append(segment)
                statements.append(Statement("direct", segment, earlier.cue, cue, earlier.source, pieces=[]))
            continue
        kind, content = "direct", segment
        if within and clause is not None and in_segment[content_head.i] in {-1, in_segment[segment.start]}:
            # The quotation is part of a reported clause: the clause is the content, and it is a mixed
            # quote when it says more than the quotation and its "that".
            content = clause
            extra = [t for t in clause if t.i not in range(segment.start, segment.end) and not t.is_punct]
            if any(t.dep_ != "mark" for t in extra):
                kind = "mixed"
        elif clause is not None and not statement_like and _adjoins(clause, segment):
            # "called both Trump and Clinton “crazy”": a short quotation right after the object the cue
            # takes completes it; the object and the quotation together are the content
            content, kind = doc[clause.start : segment.end], "mixed"
        source = _source_span(cue, lex)
        if source is None and _opens_source_phrase(cue):
            # "According to the campaign, “...”": the object of the phrase says it
            phrase = _source_phrase(cue, lex)
            source = phrase.source if phrase is not None else None
        statement = Statement(kind, content, _cue_span(cue), cue, source, pieces=[content])
        statements.append(statement)
        by_cue[cue.i] = statement
    for cue in sorted(cue_heads + nested_heads, key=lambda t: t.i):
        if cue.i in by_cue:
            continue
        reported = _reported(doc, cue, lex, in_segment, lines, cue_ids)
        statements.extend(reported)
        if reported:
            by_cue[cue.i] = reported[0]
    statements.sort(key=lambda s: (s.content.start, -s.content.end))
    inner = {t.i for t in nested_heads} | {t.i for t in cue_heads if in_segment[t.i] != -1}
    _link_continuations(statements, numbers, lex.continuation_sentences, inner)
    kept = [s for s in statements if s.source is not None or s.cue is not None or s.continues is not None]
    if models is not None and models.spans is not None:
        _learned_cue_spans(kept, models, context)
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


def find_cue_heads(
    doc: Doc, models: TaggerModels | None = None, context: DocContext | None = None
) -> tuple[list[Token], list[Token]]:
    """The words that head an attribution cue, as (cues, cues reported within another cue's content).

    Cues: those of the cue-rate lexicon (`cues.is_cue`) that the learned cue model (`tagger`) does not
    veto, and those the model is confident of on its own. The model reads the word in its frame and its
    place in the tree, so it takes words the lexicon never saw often enough ("echoed", "put it") and drops
    a lexicon word in a frame that reports nothing. It learned from an annotation that marks no statement
    inside another's content, so lexicon cues it vetoes there are kept apart: a chain of sources needs
    them ("Politico reported that it *spoke* with three sources"). Without a trained model, the lexicon
    alone."""
    models = models or shipped_tagger_models()
    context = context or DocContext(doc)
    stance = _stance_predicates(doc, context)
    if models is None:
        return [t for t in doc if is_cue(t) or t.i in stance], []
    probabilities = cue_probabilities(context, models)
    lexicon = {i for i in range(len(doc)) if context.is_cue(i)}
    accepted = {
        i
        for i, probability in probabilities.items()
        if probability >= models.threshold or (probability >= models.veto and i in lexicon)
    }
    nested = {
        i
        for i in (lexicon | stance) - accepted
        if _in_reported_content(doc, context.ancestors(i, MAX_ANCESTORS), accepted)
    }
    accepted |= stance - nested
    return [doc[i] for i in sorted(accepted)], [doc[i] for i in sorted(nested)]


@dataclass(frozen=True)
class CueGroup:
    """The statements that share one cue, with the words they say and who says them (token indices)."""

    statements: list[Statement]
    content: set[int]
    source: set[int]

    @property
    def head(self) -> Token:
        head = self.statements[0].cue_head
        assert head is not None
        return head

    @property
    def cue(self) -> Span | None:
        return self.statements[0].cue


def cue_groups(statements: Iterable[Statement]) -> list[CueGroup]:
    """The statements grouped by the word that heads their cue (a "NAME:" line's colon is left out)."""
    by_head: dict[int, CueGroup] = {}
    for statement in statements:
        head = statement.cue_head
        if statement.cue is None or head is None or head.text == ":":
            continue
        group = by_head.setdefault(head.i, CueGroup([], set(), set()))
        group.statements.append(statement)
        for piece in statement.pieces or [statement.content]:
            group.content.update(range(piece.start, piece.end))
        if statement.source is not None:
            group.source.update(range(statement.source.start, statement.source.end))
    return list(by_head.values())


def _learned_cue_spans(statements: list[Statement], models: TaggerModels, context: DocContext) -> None:
    """Redraw each cue around its head with the cue-span model (`cue_spans`), outside what the cue's
    statements say and who says it. A "NAME:" line's colon stays the cue."""
    assert models.spans is not None
    groups = cue_groups(statements)
    cues = [CueToDraw(g.head.i, g.cue, g.content, g.source) for g in groups]
    for group, cue in zip(
        groups, learned_cue_spans(cues, context, models.spans, models.span_threshold), strict=True
    ):
        for statement in group.statements:
            statement.cue = cue


def _stance_predicates(doc: Doc, context: DocContext) -> set[int]:
    """ "X is *confident* that ...", "they are *eager* to ...", "are *wary* of ...": a linking verb that
    predicates a stance adjective of the lexicon (`stance_adjectives`) of its subject, the adjective taking
    a clause, an infinitive or a prepositional object for what the subject holds. The linking verb heads
    the cue (the annotation's "is eager")."""
    lex = attribution_lexicon()
    return {
        context.head[i]
        for i in range(len(doc))
        if context.dep[i] == "acomp"
        and context.lemma[i] in lex.stance_adjectives
        and context.lemma[context.head[i]] in lex.stance_copulas
        and _has_stance_complement(doc[i])
        and not _is_hypothetical(doc[context.head[i]])
    }


def _is_hypothetical(verb: Token) -> bool:
    """A linking verb under a modal or in an infinitive ("would be happy to", "reasons to be wary") says
    what someone might hold, not what they hold."""
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"MD", "TO"} for c in verb.children)


def _has_stance_complement(adjective: Token) -> bool:
    """Does the predicate adjective take a complement, also a clause the parser hung on the linking verb
    ("is clear *that X*")?"""
    return _adjective_complement(adjective) is not None or any(
        c.dep_ == "ccomp" and c.i > adjective.i for c in adjective.head.children
    )


def _predicate_complement(verb: Token) -> Token | None:
    """What a linking verb's predicate adjective takes: "is eager *to win*", "are sure *that X*", "are
    wary *of X*"."""
    for predicate in verb.children:
        if predicate.dep_ == "acomp" and predicate.i > verb.i:
            found = _adjective_complement(predicate)
            if found is not None:
                return found
    return None


def _adjective_complement(adjective: Token) -> Token | None:
    """An adjective's clause or infinitive, else the object of a preposition that introduces what is held:
    one the lexicon lists for a stance adjective ("worried *about* X"), else any `content_preps`."""
    found = next((c for c in adjective.children if c.dep_ in {"ccomp", "xcomp"}), None)
    if found is not None:
        return found
    lex = attribution_lexicon()
    preps = lex.stance_adjectives.get(adjective.lemma_.lower(), lex.content_preps)
    return _prep_object(adjective.rights, preps)


def _prep_object(dependents: Iterable[Token], preps: Collection[str]) -> Token | None:
    """The object of the first of `dependents` that is a preposition in `preps` and has one."""
    for prep in dependents:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            found = next((g for g in prep.children if g.dep_ in {"pobj", "pcomp"}), None)
            if found is not None:
                return found
    return None


def _in_reported_content(doc: Doc, chain: list[int], accepted: set[int]) -> bool:
    """Does the word (first of its chain of ancestors) lie in the content that an accepted cue above it
    reports?"""
    for below, above in pairwise(chain):
        if above in accepted:
            head = _content_head(doc[above])
            if head is not None and head.i == below:
                return True
    return False


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


# -- quotations -------------------------------------------------------------------------------------------


def _on_line(span: Span, lines: list[int], line: int) -> Span:
    """The part of `span` on the given line (an empty span when none of it is)."""
    on = [i for i in range(span.start, span.end) if lines[i] == line]
    doc = span.doc
    return doc[on[0] : on[-1] + 1] if on else doc[span.start : span.start]


def _governs(cue: Token, segment: Span) -> bool:
    """The quotation hangs off the cue, or the cue off the quotation (“X,” he said)."""
    inside = range(segment.start, segment.end)
    return cue.head.i in inside or any(a.i == cue.i for a in segment.root.ancestors)


def _adjoins(clause: Span, segment: Span) -> bool:
    """Does the quotation follow the clause with nothing but punctuation between them?"""
    gap = clause.doc[clause.end : segment.start]
    return clause.end <= segment.start and all(t.is_punct or t.is_space for t in gap)


def _cue_for_segment(segment: Span, candidates: list[Token]) -> Token | None:
    """The cue outside the quote, in the sentences it touches: one that governs it or hangs off it first,
    then the nearest."""
    if not candidates:
        return None
    linked = [t for t in candidates if _governs(t, segment)]

    def distance(t: Token) -> int:
        return min(abs(t.i - segment.start), abs(t.i - (segment.end - 1)))

    return min(linked or candidates, key=distance)


# -- "NAME: words" lines ---------------------------------------------------------------------------------

MAX_COLON_SOURCE_WORDS = 8
MIN_COLON_CONTENT_WORDS = 3
COLON_SOURCE_POS = {"PROPN", "NOUN", "ADJ", "DET", "ADP", "PUNCT", "CCONJ", "NUM"}
DASHES = {"-", "–", "—", "--"}


def _colon_word_pos(token: Token) -> str:
    """A word's part of speech in a "NAME:" label, where an all-capitals word is a name (transcripts print
    speakers in capitals; the tagger reads "KATE BOULDUAN" or "FALLIN" as anything)."""
    if token.is_alpha and token.is_upper and len(token) > 1:
        return "PROPN"
    return token.pos_


def _colon_statements(doc: Doc, in_segment: list[int]) -> list[Statement]:
    """A line that opens with a short name and a colon attributes the rest of the line to that name:
    a transcript ("TAPPER: And obviously ...", "A: I came home ...") or a headline ("Trump: 'I'm the
    worst thing ...'"). The colon is the cue, as PolNeAR annotates it."""
    found = []
    labels = attribution_lexicon().colon_labels
    line_start = 0
    for token in doc:
        if token.i > 0 and "\n" in doc[token.i - 1].text_with_ws:
            line_start = token.i
        if token.text != ":" or in_segment[token.i] != -1 or token.i == line_start:
            continue
        before = doc[line_start : token.i]
        dashes = [t.i for t in before if t.text in DASHES and t.whitespace_ and doc[t.i - 1].whitespace_]
        if dashes:
            # "HEADLINE - NAME: words": a digest's excerpt, credited after a spaced dash
            before = doc[dashes[-1] + 1 : token.i]
        words = [t for t in before if not t.is_punct and not t.is_space]
        if not words or len(words) > MAX_COLON_SOURCE_WORDS or not words[0].text[:1].isupper():
            continue
        tags = [_colon_word_pos(t) for t in words]
        if any(tag not in COLON_SOURCE_POS for tag in tags) or tags[-1] not in {"PROPN", "NOUN"}:
            continue
        if before.text.strip().lower().rstrip(".") in labels:
            continue
        end = token.i + 1
        while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
            end += 1
        content = trim_span(doc[token.i + 1 : end])
        if content is None or sum(not t.is_punct for t in content) < MIN_COLON_CONTENT_WORDS:
            continue
        kind = "direct" if all(in_segment[t.i] != -1 or t.is_punct for t in content) else "indirect"
        found.append(Statement(kind, content, doc[token.i : token.i + 1], token, trim_span(before) or before))
        found[-1].pieces.append(content)
    return found


# -- reported speech --------------------------------------------------------------------------------------


def _reported(
    doc: Doc,
    cue: Token,
    lex: AttributionLexicon,
    in_segment: list[int],
    lines: list[int],
    other_cues: Sequence[int] = (),
) -> list[Statement]:
    """Statements from a cue's own frame: "X said (that) CLAUSE", "according to X, CLAUSE", ... (two when
    the cue interrupts its clause)."""
    phrase = _source_phrase(cue, lex)
    if phrase is not None:
        return [phrase]
    experienced = _experiencer_statement(cue, lex)
    if experienced is not None:
        return [experienced]
    content_head = _content_head(cue)
    pieces = (
        [_content_span(cue, content_head, other_cues)]
        if content_head is not None
        else _interrupted_clause(cue)
    )
    if not pieces:
        pieces = _passive_subject(cue) or _modified_noun(cue)
    raising = False
    if content_head is not None and content_head.dep_ == "xcomp":
        # "Trump is expected to win": what is expected is the passive subject's infinitive, in two pieces;
        # so is what seems, with a raising verb's subject ("he seems to X"), which no one says
        raising = cue.lemma_.lower() in lex.raising_verbs
        subject_deps = {"nsubjpass", "nsubj"} if raising else {"nsubjpass"}
        subject = next((c for c in cue.children if c.dep_ in subject_deps and c.i < cue.i), None)
        raising = raising and subject is not None
        if subject is not None and subject.lower_ not in {"it", "there"}:
            pieces.insert(0, doc[subject.left_edge.i : subject.right_edge.i + 1])
    segment = in_segment[cue.i]
    if segment != -1:
        # A cue inside a quotation ("I think ...") reports within that quotation only.
        if content_head is None or in_segment[content_head.i] != segment:
            return []
        inside = [t.i for t in pieces[0] if in_segment[t.i] == segment]
        pieces = [doc[inside[0] : inside[-1] + 1]] if inside else []
    # What a cue reports is on its own line: a clause the parser ran over a line break ends there.
    pieces = [_on_line(p, lines, lines[cue.i]) for p in pieces]
    pieces = [p for p in pieces if len(trim_span(p))]
    if not pieces:
        return []
    source = None if raising else _source_span(cue, lex)
    if source is None and content_head is None and cue.dep_ == "acl":
        # "the reality provided *by X*": the agent of a participle says who
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            source = _np_span(pobj, avoid=set())
    if source is not None and _is_negative(source.root, lex):
        return []  # "nobody has claimed the bombing": no one says so
    cue_span = _cue_span(cue)
    return [
        Statement(
            "mixed" if any(in_segment[t.i] != -1 for t in piece) else "indirect",
            piece,
            cue_span,
            cue,
            source,
            pieces=pieces,
        )
        for piece in pieces
    ]


def _experiencer_statement(cue: Token, lex: AttributionLexicon) -> Statement | None:
    """ "His behavior *has angered* the party's top figures": a verb whose object feels what its subject
    causes (`experiencer_verbs`) attributes the stance to the object; what they feel it about is the
    subject."""
    if cue.lemma_.lower() not in lex.experiencer_verbs or cue.pos_ != "VERB":
        return None
    subject = next((c for c in cue.lefts if c.dep_ == "nsubj"), None)
    holder = next((c for c in cue.rights if c.dep_ == "dobj"), None)
    if subject is None or holder is None or subject.lower_ in {"it", "that", "which", "this"}:
        return None
    source = _np_span(holder, avoid=set())
    return Statement("indirect", _subtree_span(subject), _cue_span(cue), cue, source)


def _is_negative(head: Token, lex: AttributionLexicon) -> bool:
    if head.lower_ in lex.negative_sources:
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.negative_sources for c in head.children)


def _source_phrase(cue: Token, lex: AttributionLexicon) -> Statement | None:
    """ "according to X, CLAUSE": X is the source of the clause the phrase modifies."""
    doc = cue.doc
    for phrase in lex.source_phrases:
        words = doc[cue.i : cue.i + len(phrase)]
        if len(words) != len(phrase) or tuple(t.lower_ for t in words) != phrase:
            continue
        source = next((c for c in words[-1].children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        clause_head = cue.head if cue.head.i != cue.i else cue
        own = {t.i for t in cue.subtree}
        sentence = cue.sent
        if _set_off(doc, cue.left_edge.i, cue.right_edge.i, sentence):
            # "X, according to Y." / "According to Y, X": the phrase, set off at an end of its sentence,
            # attributes the whole sentence, however low the parser hung it.
            clause_head = sentence.root
        rest = [t.i for t in clause_head.subtree if t.i not in own and not t.is_punct]
        if not rest:
            continue
        content = doc[rest[0] : rest[-1] + 1]
        if content.start <= cue.i < content.end:  # the phrase sits inside the clause: keep the longer side
            before, after = doc[content.start : cue.i], doc[cue.right_edge.i + 1 : content.end]
            content = before if len(trim_span(before)) > len(trim_span(after)) else after
        return Statement("indirect", content, words, cue, _np_span(source, avoid=own - _subtree_ids(source)))
    return None


def _set_off(doc: Doc, first: int, last: int, sentence: Span) -> bool:
    """Do the words first..last open their sentence before a comma, or close it after one?"""
    before = [t for t in doc[sentence.start : first] if not (t.is_punct and t.text != ",") and not t.is_space]
    after = [t for t in doc[last + 1 : sentence.end] if not (t.is_punct and t.text != ",") and not t.is_space]
    opens = not before and bool(after) and after[0].text == ","
    closes = not after and bool(before) and before[-1].text == ","
    return opens or closes


def _content_head(cue: Token) -> Token | None:
    """The head of what the cue attributes: its clause, infinitive, object or prepositional object."""
    # What the parser hung on the cue from another paragraph (a sentence it ran over the line break) is
    # not what the cue reports.
    children = [c for c in cue.children if not _line_between(cue, c)]
    for deps in (set(CLAUSE_DEPS), {"xcomp"}, {"dobj"}):
        found = next((c for c in children if c.dep_ in deps), None)
        if found is not None:
            return _object_topic(found) or found
    found = _predicate_complement(cue)
    if found is not None:
        return found
    marks = attribution_lexicon().complement_marks
    for child in children:
        # "called for the president to resign", "asked whether ...": a complement the parser took for an
        # adverbial clause, known by its complementizer
        if (
            child.dep_ == "advcl"
            and child.i > cue.i
            and any(c.dep_ == "mark" and c.lower_ in marks for c in child.children)
        ):
            return child
    preps = [c for c in children if c.dep_ == "prep" and c.i > cue.i]
    for prep in preps:
        # "said in a statement that ...": the clause hangs off the scene-setting phrase
        clause = next((t for t in prep.subtree if _is_that_clause(t)), None)
        if clause is not None:
            return clause
    if cue.pos_ in {"NOUN", "PROPN"}:
        # "hopes *that Burma will become* a democracy": a noun's content clause
        clause = next((c for c in children if c.i > cue.i and _is_that_clause(c)), None)
        if clause is not None:
            return clause
    if cue.pos_ in {"VERB", "NOUN", "ADJ"}:
        return _prep_object(preps, attribution_lexicon().content_preps)
    return None


def _line_between(a: Token, b: Token) -> bool:
    """Is there a line break between the two words?"""
    first, last = (a, b) if a.i < b.i else (b, a)
    return "\n" in doc_text(a.doc)[first.idx : last.idx]


def _object_topic(obj: Token) -> Token | None:
    """ "raised *questions about* X", "made *allegations against* X": a common noun object whose
    preposition names what the statement is about; that object is X."""
    if obj.dep_ != "dobj" or obj.pos_ != "NOUN":
        return None
    return _prep_object(obj.children, attribution_lexicon().object_topic_preps)


def _is_that_clause(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    # A clause on a noun with the complementizer "that" as its mark is a content clause, whatever the
    # parser called it (a true relative "that" is its subject or object, never its mark).
    return token.dep_ in CLAUSE_DEPS or (
        token.dep_ in {"acl", "relcl"}
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
    )


def _content_span(cue: Token, head: Token, other_cues: Sequence[int] = ()) -> Span:
    """The subtree of the content head (a clause keeps its "that"), never reaching back over the cue; an
    object runs on through the complements after it ("called the plan *a mistake*"), and a clause stops
    before a coordinated clause that is a statement of its own ("said X, and others said Y")."""
    doc = cue.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    if head.dep_ == "pobj" and head.head.head.i == cue.i:
        start = max(start, head.head.i + 1)
    extends = attribution_lexicon().content_extensions.get(head.dep_, frozenset())
    anchor = head.head if head.dep_ in {"pobj", "pcomp"} else head  # "called for X": siblings of "for"
    if anchor.head.i == cue.i:
        for sibling in cue.children:
            if (
                sibling.i > anchor.i
                and sibling.dep_ in extends
                and not is_cue(sibling)
                and not _is_when(sibling)
            ):
                end = max(end, sibling.right_edge.i + 1)
    if head.dep_ == "xcomp":
        # "urged Republicans to unendorse him": the object the infinitive is about belongs to the content
        objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < head.i]
        if objects:
            start = min(start, objects[0].left_edge.i)
    for conj in head.children:
        if conj.dep_ == "conj" and conj.i > head.i and _own_statement(conj):
            cut = conj.left_edge.i
            while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].dep_ == "cc"):
                cut -= 1
            end = min(end, cut)
    end = _before_closing_statement(doc, cue, head, start, end, other_cues)
    if start <= cue.i < end:  # a parse that hangs the cue inside its own content: keep the content side
        start, end = (cue.i + 1, end) if head.i > cue.i else (start, cue.i)
    for token in doc[start:end]:
        # "said that X, according to Y.": the closing phrase attributes the sentence, not X
        if (
            token.i > cue.i
            and _opens_source_phrase(token)
            and _set_off(doc, token.left_edge.i, token.right_edge.i, token.sent)
        ):
            end = min(end, token.left_edge.i)
            break
    return doc[start:end]


def _before_closing_statement(
    doc: Doc, cue: Token, head: Token, start: int, end: int, other_cues: Sequence[int]
) -> int:
    """ "insisted that X, *claiming* Y": a statement of its own (another cue word, `other_cues` in order)
    that closes the content, set off by a comma, is not part of it (the parser often hangs it inside the
    clause); the content ends before it. Kept because it raised held-out PolNeAR train."""
    for other in other_cues[bisect.bisect_right(other_cues, start) : bisect.bisect_left(other_cues, end)]:
        if other in (cue.i, head.i):
            continue
        nested = doc[other]
        left = nested.left_edge.i
        if left <= head.i or nested.right_edge.i < end - 2 or doc[left - 1].text not in SET_OFF:
            continue
        return left - 1
    return end


def _is_when(prep: Token) -> bool:
    """ "on Sunday", "in 2012": a preposition whose object is a date or time says when the statement was
    made, not what it says."""
    return prep.dep_ == "prep" and any(is_time_object(c) for c in prep.children)


def _opens_source_phrase(token: Token) -> bool:
    doc, word = token.doc, token.lower_
    return any(
        phrase[0] == word and tuple(t.lower_ for t in doc[token.i : token.i + len(phrase)]) == phrase
        for phrase in attribution_lexicon().source_phrases
    )


def _own_statement(token: Token) -> bool:
    """A cue coordinated with the content with a subject of its own reports a statement of its own ("said
    X, and *others said* Y"); one without ("said he was alarmed and *wanted* to see") or with its own
    "that" ("said X and *that she wanted* Y") goes on with the content it is coordinated with."""
    children = list(token.children)
    return (
        is_cue(token)
        and any(c.dep_ in SUBJECT_DEPS for c in children)
        and not any(c.dep_ == "mark" for c in children)
    )


def _passive_subject(cue: Token) -> list[Span]:
    """ "Trump was introduced by Chris Christie": a passive cue with an agent (its source) says something
    about its subject."""
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subject is None:
        return []
    subject_span = _np_span(subject, avoid=_subtree_ids(cue) - _subtree_ids(subject))
    if any(c.dep_ == "agent" for c in cue.children):
        return [subject_span]
    # "his decision was seen *as* an act of disloyalty": the subject and what it is taken for
    taken_as = _prep_object((c for c in cue.rights), ("as",))
    if taken_as is None or subject.lower_ in {"it", "there"}:
        return []
    return [subject_span, cue.doc[taken_as.left_edge.i : taken_as.right_edge.i + 1]]


def _modified_noun(cue: Token) -> list[Span]:
    """ "the alternative reality *provided* by X", "the style he *prefers*": a cue that modifies a noun
    (a participle or a relative clause) with nothing else to report says something about that noun."""
    if cue.dep_ not in {"acl", "relcl"} or cue.head.pos_ not in {"NOUN", "PROPN"} or cue.i < cue.head.i:
        return []
    noun = cue.head
    start = noun.left_edge.i
    doc = cue.doc
    if "\n" in doc[start : noun.i].text:
        return []
    return [doc[start : cue.left_edge.i]] if cue.left_edge.i > start else []


def _interrupted_clause(cue: Token) -> list[Span]:
    """ "The plan, he said, is dead" / "The plan is dead, he said": the cue hangs off the clause it reports;
    the content is that clause, in one piece or in the two around the cue."""
    if cue.dep_ not in {"parataxis", "advcl", "ccomp"} or cue.head.i == cue.i:
        return []
    if cue.head.pos_ not in {"VERB", "AUX"}:
        return []
    own = _subtree_ids(cue)
    rest = [t.i for t in cue.head.subtree if t.i not in own and not t.is_punct]
    doc = cue.doc
    before = [i for i in rest if i < cue.left_edge.i]
    after = [i for i in rest if i > cue.right_edge.i]
    return [doc[side[0] : side[-1] + 1] for side in (before, after) if side]


def _cue_span(cue: Token) -> Span:
    """The cue with the dependents the annotation counts as part of it (auxiliaries, negation, particles,
    adverbs, a noun cue's determiner: `cue_dependents` in the lexicon), and a preposition that takes the
    content."""
    doc = cue.doc
    lex = attribution_lexicon()
    members = {cue.i}
    content = _content_head(cue)
    # what the cue attributes is never part of it ("is eager *to win*": the adjective's complement)
    content_ids = _subtree_ids(content) if content is not None else set()
    for child in cue.children:
        if child.is_punct or child.tag_ in {"WRB", "WDT", "WP"}:
            continue  # "when he said": the "when" is the clause's, not the cue's
        if (
            (child.i < cue.i and child.dep_ in lex.cue_dependents_before)
            or (child.i > cue.i and child.dep_ in lex.cue_dependents_after)
            or (content is not None and _is_expletive(child))  # "*it* is not clear that"
        ):
            members.update(set(range(child.left_edge.i, child.right_edge.i + 1)) - content_ids)
    if content is not None and content.dep_ in {"pobj", "pcomp"} and content.head.head.i == cue.i:
        members.add(content.head.i)
    elif content is not None and content.dep_ in {"pobj", "pcomp"} and content.head.head.head.i == cue.i:
        # "raised questions about X": the object and its preposition are part of the cue
        members.update(range(content.head.head.left_edge.i, content.head.i + 1))
    # The contiguous run of members around the cue word.
    start = end = cue.i
    while start - 1 in members:
        start -= 1
    while end + 1 in members:
        end += 1
    # Skip a single adverb or particle between the run and another member ("has not yet said").
    while start - 2 in members and doc[start - 1].pos_ in {"ADV", "PART"}:
        start -= 2
    while end + 2 in members and doc[end + 1].pos_ in {"ADV", "PART"}:
        end += 2
    return doc[start : end + 1]


# -- sources ----------------------------------------------------------------------------------------------


def _source_span(cue: Token, lex: AttributionLexicon) -> Span | None:
    head = source_head(cue, lex)
    if head is None:
        return None
    avoid = _subtree_ids(cue)
    if not (head.left_edge.i <= cue.i <= head.right_edge.i):
        avoid -= _subtree_ids(head)
    # else the cue modifies its source ("ads *attacking* X", "the senator, who *said*"): the rest of the
    # source's phrase is the source
    return _np_span(head, avoid=avoid)


def source_head(cue: Token, lex: AttributionLexicon) -> Token | None:
    """Who the cue attributes the statement to, as a parse node."""
    node = cue
    for _ in range(4):  # climb at most a few clauses ("went on to tell reporters, adding that")
        children = list(node.children)
        subject = next((c for c in children if c.dep_ in SUBJECT_DEPS), None)
        passive = any(c.dep_ == "auxpass" for c in children)
        if passive or (subject is not None and subject.dep_ == "nsubjpass"):
            agent = next((c for c in children if c.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return pobj
            if subject is not None and node.i == cue.i:
                return None  # "it was reported that": no source
        if subject is not None:
            if _is_expletive(subject):
                return None  # "it is believed that", "it is clear that"
            return subject
        if node.pos_ in {"NOUN", "PROPN"}:
            owner = next((c for c in children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
            for prep in children:
                if prep.dep_ == "prep" and prep.lower_ in lex.agent_preps:
                    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
            return None
        if node.dep_ == "relcl":
            return node.head  # "the senator, who said ..."
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in {"NOUN", "PROPN"}:
            return node.head  # "ads *attacking* rivals": what the participle modifies does it
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ in {"VERB", "AUX"}:
            node = node.head.head  # "ended her speech by *quoting* X": the subject of the verb it modifies
            continue
        if node.dep_ not in INHERITS_SUBJECT or node.head.i == node.i:
            return None
        if (
            node.tag_ == "VBN"
            and node.dep_ in {"advcl", "acl"}
            and not any(c.dep_ in {"aux", "auxpass", "agent"} for c in children)
        ):
            return None  # "*Asked* why, Sanders said": the clause's subject was asked; no one asking is named
        if _closes_reported_clause(node):
            node = node.head.head  # "insisted that X, *claiming* Y": the one who insisted claims
            continue
        node = node.head
    return None


def _closes_reported_clause(node: Token) -> bool:
    """Is the word a participle set off at the end of a clause that a cue reports ("insisted that X,
    *claiming* Y"), which the parser hung inside that clause?"""
    clause = node.head
    return (
        node.tag_ == "VBG"
        and node.dep_ == "advcl"
        and node.i > clause.i
        and clause.dep_ in CLAUSE_DEPS
        and clause.head.i != clause.i
        and node.left_edge.i > 0
        and node.doc[node.left_edge.i - 1].text in SET_OFF
    )


def _is_expletive(subject: Token) -> bool:
    """An empty subject: "it" or "there" standing in for a clause its verb takes, or its predicate
    adjective takes ("it is believed that", "it is not clear that")."""
    if subject.dep_ not in SUBJECT_DEPS or subject.lower_ not in {"it", "there"}:
        return False
    verb = subject.head
    return any(c.dep_ in CLAUSE_DEPS for c in verb.children) or any(
        g.dep_ in CLAUSE_DEPS for c in verb.children if c.dep_ == "acomp" for g in c.children
    )


def _np_span(head: Token, *, avoid: set[int]) -> Span:
    """A noun phrase headed by `head`: its subtree, cut before anything in `avoid`, trimmed of
    punctuation."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    for i in range(head.i - 1, start - 1, -1):
        if i in avoid:
            start = i + 1
            break
    for i in range(head.i + 1, end):
        if i in avoid:
            end = i
            break
    for child in head.rights:
        edge = child.left_edge.i
        if child.dep_ in {"acl", "advcl"} and edge < end and doc[edge - 1].text == ",":
            end = edge  # "Trump, speaking in Iowa, said": a participle set off by commas is not the name
            break
        # A non-restrictive relative clause stays ("Steven Aftergood, who heads a project on government
        # secrecy, said"): the news annotation counts it as part of the source (PolNeAR train).
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text_with_ws:
            start = i + 1  # a dateline or timestamp the parser hung on the name
            break
    return trim_span(doc[start:end]) or doc[head.i : head.i + 1]


def _subtree_span(token: Token) -> Span:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _subtree_ids(token: Token) -> set[int]:
    return set(range(token.left_edge.i, token.right_edge.i + 1))


# -- continuation -----------------------------------------------------------------------------------------


def _link_continuations(
    statements: list[Statement], numbers: list[int], within: int, nested: set[int]
) -> None:
    """A cue-less quotation continues the statement before it when it follows within a few sentences (a
    statement reported inside another's content or inside a quotation, `nested`, is not the one that goes
    on: “My opponents *claim* that I lied,” the mayor said. “They are wrong.”)."""
    previous: Statement | None = None
    for statement in statements:
        if statement.cue_head is not None and statement.cue_head.i in nested:
            continue
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
    "attribution_lexicon",
    "cue_groups",
    "find_quotes",
    "find_statements",
    "quoted_spans",
    "source_head",
]
