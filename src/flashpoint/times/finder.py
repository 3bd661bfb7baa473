"""Finding temporal expressions in a parsed Doc and normalising them against the publication date.

Candidates are spaCy's DATE/TIME entities plus this module's patterns (spaCy misses "on Sunday"-style
weekdays, "third-quarter", "the weekend" and mis-bounds others). Extents follow TimeBank's TIMEX3
conventions: prepositions outside ("on [Sunday]"), cue words inside ("[last week]", "[earlier this
month]"), the determiner of a head noun phrase inside ("[the third quarter]") but not that of a
premodifier ("a [third-quarter] loss"), a possessive "'s" outside.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..nlp.spans import TIME_LABELS, doc_text
from ..records.model import Time
from .lexicon import lexicon
from .normalise import Tense, normalise
from .values import quarter_value, value_bounds

_PREMODIFIER_DEPS = {"compound", "amod", "nmod", "nummod"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_PAST_PREPOSITIONS = {"since"}
_MODAL_AUX = {"would", "could", "might", "may", "should", "must", "can", "'d"}


def find_times(doc: Doc, published: dt.date | None) -> list[Time]:
    """Every temporal expression in `doc` that has a TIMEX3 DATE value, in document order.

    Relative expressions ("on Sunday", "last week") are resolved against `published`; when it is None
    they are left out (the output contract requires a value), and only absolute ones are returned.
    """
    times: list[Time] = []
    reference: str | None = None
    spans = candidate_spans(doc)
    for i, span in enumerate(spans):
        following = spans[i + 1] if i + 1 < len(spans) else None
        if _fiscal_year(span, following):
            continue
        ending = _period_ending(span, following, published, reference)
        normalised = normalise(span.text, published, clause_tense(span), ending or reference)
        if normalised is None:
            continue
        times.append(Time(span.text, span.start_char, span.end_char, normalised.value, normalised.precision))
        if not normalised.comparison:
            # "a year ago" compares with the time under discussion; it does not move the discussion.
            reference = normalised.value
    return times


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ENDED = re.compile(r"\s*,?\s*(?:that\s+|which\s+)?(?:ended|ending|ends|end)\s+", re.IGNORECASE)


def _ends_before(span: Span, following: Span | None) -> bool:
    """Whether `span` is followed by "ended"/"ending" and the expression `following`."""
    if following is None:
        return False
    return bool(_ENDED.fullmatch(doc_text(span.doc)[span.end_char : following.start_char]))


def _fiscal_year(span: Span, following: Span | None) -> bool:
    """ "the year ended March 31" names a company's fiscal year by its end: a period, not a date."""
    words = {t.lower_ for t in span}
    return "year" in words and not words & {"quarter", "period", "half"} and _ends_before(span, following)


def _period_ending(
    span: Span, following: Span | None, published: dt.date | None, reference: str | None
) -> str | None:
    """For "the quarter ended Sept. 30": the quarter that date falls in, as the reference to resolve with."""
    if following is None or not _ends_before(span, following):
        return None
    if not any(t.lower_ in {"quarter", "period"} for t in span):
        return None
    end = normalise(following.text, published, clause_tense(following), reference)
    bounds = value_bounds(end.value) if end is not None and end.precision in {"day", "month"} else None
    return quarter_value(bounds[1].year, (bounds[1].month - 1) // 3 + 1) if bounds else None


# --- candidates ---------------------------------------------------------------------------------------


def candidate_spans(doc: Doc) -> list[Span]:
    """Non-overlapping token spans that may be temporal expressions, trimmed to TimeBank extents.

    Pattern matches win over spaCy entities they overlap: the patterns are written to TimeBank's
    extent conventions, spaCy's are OntoNotes'. Entities fill in what the patterns do not cover
    (bare years, "the year two thousand", unusual phrasings).
    """
    chosen: list[Span] = []
    taken = [False] * len(doc)
    pattern_spans = sorted(_pattern_spans(doc), key=lambda s: (-(s.end - s.start), s.start))
    entities = [ent for ent in doc.ents if ent.label_ in TIME_LABELS and _plausible(ent)]
    entity_spans = [s for s in map(_trim, entities) if s is not None]
    for span in [*pattern_spans, *entity_spans]:
        if any(taken[span.start : span.end]):
            continue
        chosen.append(span)
        taken[span.start : span.end] = [True] * (span.end - span.start)
    return sorted(chosen, key=lambda s: s.start)


def _pattern_spans(doc: Doc) -> list[Span]:
    spans = []
    text = doc_text(doc)
    # The patterns are lower-case: matching them case-sensitively against the lower-cased text finds the
    # same spans as matching case-insensitively, at half the cost, when lower-casing keeps every offset.
    lowered = text.lower()
    lower = len(lowered) == len(text)
    for match in _grammar_matches(lowered if lower else text, lower):
        start, end = match.span("x") if "x" in match.re.groupindex and match.group("x") else match.span()
        if _PARAGRAPH_BREAK.search(text, start, end):
            continue  # "in March\n\n15 people ..." is no "March 15"
        span = doc.char_span(start, end, alignment_mode="strict")
        if span is None:
            # A match inside a token ("30th.https://..."): take the token only if it adds next to nothing.
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span.text) > end - start + 2:
                continue
        if span is None or not _plausible(span):
            continue
        trimmed = _trim(span)
        if trimmed is not None:
            spans.append(trimmed)
    return spans


def _plausible(span: Span) -> bool:
    """Reject look-alikes: "may" the modal, "fall" the verb, a TV show "This Week", "each July" (a set)."""
    lex = lexicon()
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in lex.set_words:
        return False
    if _title_cased(span):
        return False
    after = doc[span.end] if span.end < len(doc) else None
    if (
        after is not None
        and after.lower_ == "of"
        and span[-1].lower_ in lex.units
        and any(t.lower_ in lex.cues for t in span)
    ):
        return False  # "the last day of the festival" is no date relative to today
    calendar = [t for t in span if t.lower_.rstrip(".") in lex.months or t.lower_ in lex.seasons]
    if len(calendar) != 1 or (len(span) > 1 and any(t.like_num for t in span)):
        return True
    token = calendar[0]
    word = token.lower_.rstrip(".")
    if word in lex.seasons:
        # "the fall of Kabul" is an event, "the winter of 1994" a time.
        after = doc[span.end] if span.end < len(doc) else None
        return token.pos_ in {"NOUN", "PROPN"} and (after is None or after.lower_ != "of")
    if word not in lex.ambiguous_months:
        return True
    if token.tag_ == "MD" or token.pos_ in {"VERB", "AUX"}:
        return False
    # In normally cased text a month is capitalised; in lower-cased text only a cue makes it one.
    return token.text[:1].isupper() or len(span) > 1


def _title_cased(span: Span) -> bool:
    """A relative expression capitalised mid-sentence is a name ("ABC's This Week", "VOA Today")."""
    lex = lexicon()
    relative = [t for t in span if t.lower_ in lex.units or t.lower_ in lex.deictic_days]
    return any(t.text[:1].isupper() and not t.text.isupper() and not _starts_sentence(t) for t in relative)


def _starts_sentence(token: Token) -> bool:
    if token.i == 0 or token.is_sent_start:
        return True
    before = token.nbor(-1)
    return before.is_space or before.is_punct or before.is_quote


def _trim(span: Span) -> Span | None:
    """Drop leading prepositions/punctuation, a trailing possessive, and the determiner of a premodifier."""
    lex = lexicon()
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ in lex.leading_words
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in {"'s", "'"}
    ):
        end -= 1
    if start >= end:
        return None
    first = doc[start]
    if end - start > 1 and first.lower_ in lex.determiners and not _counts(first):
        root = doc[start + 1 : end].root
        if root.dep_ in _PREMODIFIER_DEPS and root.head.i >= end:
            start += 1
    return doc[start:end] if start < end else None


def _counts(token: Token) -> bool:
    """Whether "a"/"an" is a count ("a year ago"), not a determiner."""
    if token.lower_ not in {"a", "an"}:
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_ in lexicon().units


# --- the pattern grammar --------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _grammar(lower: bool = False) -> tuple[re.Pattern[str], ...]:
    """One regex per kind of expression; all are run, and the longest non-overlapping matches kept.
    `lower`: compiled case-sensitive, for lower-cased text (every literal in the patterns is lower-case)."""
    lex = lexicon()
    alt = lex.alternation

    def words(keys: Iterable[object]) -> str:
        return f"(?:{alt(*[str(k) for k in keys])})"

    month = rf"(?:{alt(*[m + '.' if len(m) <= 4 and m != 'may' else m for m in lex.months])})"
    month = month.replace(r"\.", r"\.?")
    weekday = rf"(?:{words(w for w in lex.weekdays if len(w) > 3)})\.?"
    season = rf"(?:{words(lex.seasons)})"
    ordw = words(w for w, v in lex.ordinals.items() if isinstance(v, int) and v > 0)
    cards = words(lex.cardinals)
    day_num = rf"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)|(?:(?:twenty|thirty)[- ])?(?:{ordw}))"
    year_word = (
        rf"(?:(?:nineteen|twenty)[- ](?:{cards})(?:[- ](?:{cards}))?|two thousand(?:(?: and)? (?:{cards}))?)"
    )
    year = rf"(?:(?:1[5-9]|20)\d\d(?!\d)|'\d\d(?![\w])|{year_word})"
    # "the following year" is anaphoric, but "following Monday's debate" is a preposition.
    cue = rf"(?:{words(lex.cues)}|the\s+{words(lex.anaphoric_cues)})"
    day_part = rf"(?:{words(lex.day_parts)})"
    edge = r"(?:the\s+)?(?:(?:very\s+)?(?:middle|beginning|start|end|close|turn)\s+of\s+)"
    soft = r"(?:early|late|mid|earlier|later|around|about|nearly|almost|roughly|sometime|just)"
    unit = r"(?:day|week|weekend|month|quarter|year|decade|century)"
    units = r"(?:days|weeks|months|quarters|years|decades)"
    ordq = rf"(?:{ordw}|[1-4](?:st|nd|rd|th))"
    decade = rf"(?:\d{{3}}0s|'\d0s|(?:{words(lex.decade_words)}))"
    count = rf"(?:\d+|an?|{cards}(?:[- ](?:{cards}))?)"

    patterns = [
        # numeric dates
        r"\d{4}-\d{2}-\d{2}(?!\d)|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?!\d)",
        # Saturday, April 25, 1998 / the 8th of March / March eighth
        rf"(?:(?:the\s+)?(?:{cue}\s+(?:coming\s+)?)?{weekday},?\s+)?(?:{edge}|{soft}[- ]?)?"
        rf"(?:{month}\s+{day_num}|{day_num}\s+(?:of\s+)?{month}|the\s+{day_num}\s+of\s+{month})(?:,?\s+{year})?",
        # (early) (last) September (1989 | last year)
        rf"(?:{edge}|{soft}[- ]?)?(?:{cue}\s+)?{month}"
        rf"(?:,?\s+(?:of\s+)?{year}|\s+(?:this|last|next)\s+year)?",
        # (earlier) (last) Sunday (night)
        rf"(?:(?:early|late|earlier|later)\s+)?(?:(?:the\s+)?{cue}\s+(?:(?:coming|past)\s+)?)?{weekday}"
        rf"(?:\s+{day_part})?",
        # yesterday, late yesterday, tonight, this morning, last night
        rf"(?:(?:early|late|earlier|later)\s+)?(?:yesterday|today|tomorrow|tonight)(?:\s+{day_part})?"
        rf"|(?:this|last)\s+(?:morning|afternoon|evening|night)",
        # the summer, last fall, the winter of 1994
        rf"(?:(?:the|{cue})\s+(?:(?:{cue}|{soft})\s+)*|{edge}|{soft}[- ]){season}(?:\s+(?:of\s+)?{year})?"
        rf"|{season}\s+(?:of\s+)?{year}",
        # the third quarter (of 1989), third-quarter, next year's first quarter, the first two quarters
        rf"(?:the\s+|its\s+|a\s+)?(?:(?:{year}|{cue}\s+year's|year[- ](?:ago|earlier)|fiscal)\s+|{edge})*"
        rf"(?:fiscal[- ])?(?:{ordq}|{ordw}\s+two)[- ](?:quarter|half|quarters)"
        rf"(?:\s+of\s+(?:fiscal\s+)?{year})?",
        rf"(?:the\s+)?(?:last|first|second)\s+half\s+of\s+(?:the\s+)?(?:{year}|{decade})",
        # the quarter, the latest quarter, the year-ago period, the 1988 period, this quarter
        rf"the\s+(?:(?:latest|current|same|comparable|corresponding|fiscal|{year})\s+)*quarter"
        rf"(?:\s+a\s+year\s+(?:ago|earlier))?"
        rf"|the\s+(?:(?:latest|current|same|comparable|corresponding|fiscal)\s+)*"
        rf"(?:year[- ](?:ago|earlier)|{year}|latest|same|comparable|corresponding)\s+(?:quarter|period)"
        rf"(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?"
        rf"|(?:this|last|next|that)\s+quarter|{cue}\s+year's\s+(?:quarter|period)",
        # the 1990s, the mid-1980s, the '80s, the nineties
        rf"(?:the\s+)?(?:(?:early|mid|late)[- ]?)?{decade}",
        # last week, earlier this month, the past year, the end of this week, the current fiscal year
        rf"(?:{soft}\s+|{edge})?(?:the\s+)?{cue}\s+(?:(?:fiscal|calendar|full)\s+)?{unit}"
        rf"(?:\s+or\s+so)?(?!-)",
        # earlier in the year, the end of the month, the year, the full year, the weekend
        rf"(?:(?:early|late|earlier|later)\s+in\s+|{edge})the\s+(?:year|month|week)(?!-)"
        rf"|the\s+(?:(?:full|fiscal|calendar)\s+)?year(?![\w-])|the\s+weekend"
        rf"|(?:around\s+|at\s+)?year[- ]end|year's\s+end",
        # two days ago, a year earlier, a week or so ago, year-ago, year-earlier
        rf"(?:(?:about|nearly|almost|around|some|roughly|just|only)\s+)?{count}\s+(?:{unit}|{units})"
        rf"(?:\s+or\s+so)?\s+(?:ago|earlier|later)(?![\w-])",
        r"year[- ](?:ago|earlier)",
        # fiscal 1989, mid-1996, early 1991, in 1988 (a bare year needs a preposition or modifier)
        rf"(?:{edge}|(?:fiscal|{soft})[- ]){year}(?:\s+(?:or\s+later|and\s+beyond))?",
        rf"(?:in|since|by|until|through|throughout|from|during|before|after|of|to|between|and|for|over"
        rf"|within|around|as\s+of)\s+"
        rf"(?P<x>{year}(?:\s+(?:or\s+later|and\s+beyond))?)",
        rf"the\s+year\s+{year}",
    ]
    # The whole expression must not start or end inside a word.
    flags = 0 if lower else re.IGNORECASE
    return tuple(re.compile(rf"{_NOT_IN_WORD}(?:{p})(?![\w])", flags) for p in patterns)


_NOT_IN_WORD = r"(?<![\w'-])"


@lru_cache(maxsize=2)
def _starts(lower: bool = False) -> re.Pattern[str]:
    """Where some pattern of the grammar matches: one scan of the text, not one per pattern."""
    patterns = _grammar(lower)
    either = "|".join(p.pattern.removeprefix(_NOT_IN_WORD) for p in patterns)
    return re.compile(rf"{_NOT_IN_WORD}(?={either})", patterns[0].flags)


def _grammar_matches(text: str, lower: bool) -> list[re.Match[str]]:
    """Each pattern's matches in `text`, pattern by pattern, exactly as `pattern.finditer` finds them
    (left to right, each after the end of that pattern's previous match), but tried only where some
    pattern matches: the per-position cost of 17 separate scans was most of the time-expression stage."""
    patterns = _grammar(lower)
    found: list[list[re.Match[str]]] = [[] for _ in patterns]
    free_from = [0] * len(patterns)  # where each pattern's next match may start
    for start in _starts(lower).finditer(text):
        position = start.start()
        for k, pattern in enumerate(patterns):
            if position >= free_from[k] and (match := pattern.match(text, position)):
                found[k].append(match)
                free_from[k] = max(match.end(), position + 1)
    return [match for matches in found for match in matches]


# --- tense ------------------------------------------------------------------------------------------


def clause_tense(span: Span) -> Tense:
    """The tense of the clause the expression sits in: "past", "present", "future" or None (unknown)."""
    if span.start > 0 and span.doc[span.start - 1].lower_ in _PAST_PREPOSITIONS:
        return "past"  # "since January 1" whatever the clause's tense
    if span.root.dep_ == "poss":
        return None  # "will correct its Wednesday's order": the clause's tense is not the date's
    verb = governing_verb(span.root)
    return verb_tense(verb) if verb is not None else None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above `token` in the parse (its clause's head), or None."""
    current = token
    for _ in range(len(token.doc)):
        if current.head.i == current.i:
            return current if current.pos_ in {"VERB", "AUX"} else None
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
    return None


def verb_tense(verb: Token, depth: int = 0) -> Tense:
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "future"
    if any(a.lower_ == "to" for a in auxes) and verb.head.i != verb.i and depth < 3:
        # An infinitive takes its time from the verb it complements: "plans to meet Tuesday" is future.
        governing = verb_tense(verb.head, depth + 1) if verb.head.pos_ in {"VERB", "AUX"} else None
        return "future" if governing in {"present", "future"} else None
    if words & _MODAL_AUX:
        return None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and (any(a.lemma_ == "have" for a in auxes) or not auxes):
        return "past"
    if verb.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in auxes):
        return "present"
    return None
