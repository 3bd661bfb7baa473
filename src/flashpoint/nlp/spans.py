"""Small helpers over spaCy spans shared by the stages: offsets in, contract Spans out."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..records.model import Span as TextSpan

# The model's entity labels of a date or a time of day (OntoNotes).
TIME_LABELS = frozenset({"DATE", "TIME"})


def is_time_object(token: Token) -> bool:
    """Is the word the object of a preposition naming a date or time ("on *Tuesday*", "in *2012*")?"""
    return token.dep_ == "pobj" and token.ent_type_ in TIME_LABELS


def antecedent(token: Token) -> Token:
    """ "farmers *who* were killed": a relative pronoun stands for the noun its clause modifies."""
    clause = token.head
    if token.tag_ in {"WDT", "WP"} and clause.dep_ == "relcl" and clause.head.i != clause.i:
        return clause.head
    return token


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once per Doc: spaCy rebuilds it from every token on each access, so reading
    it inside a loop over the document is quadratic."""
    text = doc.user_data.get("flashpoint_text")
    if text is None:
        text = doc.user_data["flashpoint_text"] = doc.text
    return text


def text_span(doc: Doc, start: int, end: int) -> TextSpan:
    """A contract Span for character offsets into `doc.text`."""
    return TextSpan(text=doc_text(doc)[start:end], start=start, end=end)


def span_of(tokens: Span | Token) -> TextSpan:
    """A contract Span covering a spaCy Span or Token, trailing whitespace excluded."""
    if isinstance(tokens, Token):
        return TextSpan(tokens.text, tokens.idx, tokens.idx + len(tokens.text))
    return TextSpan(tokens.text, tokens.start_char, tokens.end_char)


def token_span(doc: Doc, start_char: int, end_char: int) -> Span | None:
    """The tokens covering a character range (expanding to token boundaries), or None if empty."""
    return doc.char_span(start_char, end_char, alignment_mode="expand")


def subtree_span(token: Token) -> Span:
    """The contiguous span of `token`'s subtree (spaCy subtrees of projective parses are contiguous)."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def trim_span(span: Span) -> Span:
    """Drop leading/trailing punctuation and whitespace tokens."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]
