"""Quotation marks: the character ranges and token spans between them."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..nlp.spans import doc_text


def quoted_spans(
    text: str, pairs: tuple[tuple[str, str], ...], interchangeable: str = ""
) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (marks excluded). Unclosed quotes end at the paragraph.

    A paragraph that mixes the `interchangeable` marks (straight and curly double quotes: “X," he said.
    "Y.“, a copy converted in part) is paired in order, each mark closing the one before it."""
    text = _uniform_marks(text, interchangeable) if interchangeable else text
    spans = []
    for opening, closing in pairs:
        position = 0
        while (start := text.find(opening, position)) != -1:
            end = text.find(closing, start + 1)
            paragraph_end = text.find("\n", start + 1)
            if end == -1 or (paragraph_end != -1 and paragraph_end < end):
                end = paragraph_end if paragraph_end != -1 else len(text)
                position = end
            else:
                position = end + 1
            if end > start + 1:
                spans.append((start + 1, end))
    spans.sort()
    kept: list[tuple[int, int]] = []
    for span in spans:  # drop quotes nested in a longer one; spans are sorted, so compare with the last kept
        if kept and kept[-1][0] <= span[0] and span[1] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _uniform_marks(text: str, marks: str) -> str:
    """The text with every one of `marks` written as the first (the straight mark) in the paragraphs that
    use it and another of them (the same length: offsets are unchanged)."""
    uniform = marks[0]
    paragraphs = text.split("\n")
    for number, paragraph in enumerate(paragraphs):
        if uniform in paragraph and any(mark in paragraph for mark in marks[1:]):
            paragraphs[number] = paragraph.translate({ord(mark): uniform for mark in marks[1:]})
    return "\n".join(paragraphs)


def quoted_segments(doc: Doc, pairs: tuple[tuple[str, str], ...], interchangeable: str = "") -> list[Span]:
    """The token spans inside quotation marks, in document order."""
    segments = []
    for start, end in quoted_spans(doc_text(doc), pairs, interchangeable):
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None and len(span):
            segments.append(span)
    return segments


__all__ = ["quoted_segments", "quoted_spans"]
