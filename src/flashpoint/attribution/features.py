"""What the learned cue model reads: features of a word as the head of an attribution cue ("said",
"according", "told", "believes", "criticized").

Features read the parse only (lemma, tag, dependency relations, the tree around the word, quotation
marks, sentence boundaries), never the word vectors, so they work the same with any spaCy model that
parses: the word, its frame (what it governs: a clause, an infinitive, an object), its neighbours, where
its sentence's quotation lies from it, and what it hangs under (a word inside another statement's
reported clause is never a cue of its own in the annotation the model learns from).

The parse is read into plain lists once per Doc (`DocContext`): scoring every candidate word through
spaCy's Token objects cost more than the model itself.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..actors.mentions import sentence_numbers
from ..nlp.columns import TokenColumns
from .cues import CLAUSE_DEPS, COARSE_POS, cue_rates, frame_of_deps, is_cue_word
from .quotation import quoted_segments
from .statement import attribution_lexicon

# Parts of speech that never head a cue (a colon does: "Trump: ..."); checked on the training data.
NON_CUE_POS = frozenset({"DET", "PRON", "CCONJ", "NUM", "SYM", "X", "SPACE", "INTJ"})
# Dependents whose word matters, not just their relation ("called *for*", "said *in* a statement").
CHILD_WORD_DEPS = frozenset({"prep", "mark", "prt", "agent", "aux", "neg", "dative"})
CHILD_TYPE_DEPS = frozenset({"dobj", "nsubj", "nsubjpass"})
MAX_ANCESTORS = 40  # how far up the tree a word is looked for inside another statement's content
ANCESTOR_FEATURES = 4  # how many words up the tree the features look
QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``", "'"})


class DocContext(TokenColumns):
    """What the cue model needs about a Doc, read once: each token's lemma, tags, relation and head
    (`TokenColumns`), its children, its sentence and the quotation it is in."""

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self.sentence = sentence_numbers(doc)
        lex = attribution_lexicon()
        self.segments = quoted_segments(doc, lex.quote_pairs, lex.interchangeable_quote_marks)
        self.segment = [-1] * len(doc)
        for number, segment in enumerate(self.segments):
            for i in range(segment.start, segment.end):
                self.segment[i] = number
        size = len(doc)
        space, punct, orth = self.space, self.punct, self.orth
        self.word = ["#num" if self.like_num[i] else self.lower[i] for i in range(size)]
        # The words the model learns from (`example`): any that can head a cue. The words it scores
        # (`candidate`): of those, every verb and the other words the annotated news showed as the head of
        # a cue at least once (the cue-rate lexicon): half as many, and almost no cue the model accepts is
        # lost (1 in 2,305 on PolNeAR dev).
        cue_words = cue_rates().by_word
        self.example = [
            not space[i] and self.pos[i] not in NON_CUE_POS and (not punct[i] or orth[i] == ":")
            for i in range(size)
        ]
        self.candidate = [
            self.example[i]
            and (punct[i] or self.pos[i] in {"VERB", "AUX"} or (self.lemma[i], self.coarse(i)) in cue_words)
            for i in range(size)
        ]
        self.children: list[list[int]] = [[] for _ in range(size)]
        for i, head in enumerate(self.head):
            if head != i:
                self.children[head].append(i)
        self.line: list[int] = []  # line breaks before the token
        line = 0
        for i in range(size):
            self.line.append(line)
            if space[i]:  # spaCy keeps line breaks in whitespace tokens (a token's trailing space is " ")
                line += orth[i].count("\n")
        self._frames: dict[int, str] = {}
        # first and last token of each sentence (doc.sents is a scan of the Doc)
        self.sentence_bounds: list[tuple[int, int]] = []
        for i, number in enumerate(self.sentence):
            if number == len(self.sentence_bounds):
                self.sentence_bounds.append((i, i))
            else:
                self.sentence_bounds[number] = (self.sentence_bounds[number][0], i)
        # each sentence's first word inside a quotation, or None
        self.first_quoted: list[int | None] = [None] * len(self.sentence_bounds)
        for i in range(size - 1, -1, -1):
            if self.segment[i] != -1:
                self.first_quoted[self.sentence[i]] = i

    def coarse(self, i: int) -> str:
        return COARSE_POS.get(self.pos[i], self.pos[i])

    def frame(self, i: int) -> str:
        """`cues.cue_frame` of token i."""
        found = self._frames.get(i)
        if found is None:  # asked for a word's features and again for the lexicon: computed once
            found = self._frames[i] = self._frame(i)
        return found

    def _frame(self, i: int) -> str:
        return frame_of_deps({self.dep[c] for c in self.children[i]})

    def is_cue(self, i: int) -> bool:
        """`cues.is_cue` of token i."""
        return is_cue_word(
            self.lemma[i],
            self.pos[i],
            lambda: self.frame(i),
            lambda: any(self.dep[c] in CLAUSE_DEPS for c in self.children[i] if c > i),
        )


def cue_features(i: int, context: DocContext) -> list[str]:
    """Features of token i as the head of an attribution cue."""
    c = context
    lemma, pos, frame = c.lemma[i], c.coarse(i), c.frame(i)
    tag, dep = c.tag[i], c.dep[i]
    quoted = int(c.segment[i] != -1)
    head = c.head[i]
    head_lemma = c.lemma[head]
    head_pos = c.coarse(head)
    features = [
        "b",
        "l=" + lemma,
        "t=" + tag,
        "d=" + dep,
        f"lp={lemma}|{pos}",
        f"lf={lemma}|{frame}",
        f"ld={lemma}|{dep}",
        f"pf={pos}|{frame}",
        f"pd={pos}|{dep}",
        f"tf={tag}|{frame}",
        f"q={quoted}",
        f"lq={lemma}|{quoted}",
        "h=" + head_lemma,
        "hd=" + c.dep[head],
        "hp=" + head_pos,
        f"dhp={dep}|{head_pos}",
        f"ldh={lemma}|{dep}|{head_lemma}",
    ]
    for child in c.children[i]:
        child_dep = c.dep[child]
        features.append("c=" + child_dep)
        features.append(f"lc={lemma}|{child_dep}")
        if child_dep in CHILD_WORD_DEPS or child_dep in CHILD_TYPE_DEPS:
            kind = (c.ent[child] or c.coarse(child)) if child_dep in CHILD_TYPE_DEPS else c.lower[child]
            features.append(f"cl={child_dep}|{kind}")
            features.append(f"lcl={lemma}|{child_dep}|{c.lower[child]}")
    size = len(c.word)
    for offset in (-2, -1, 1, 2):
        j = i + offset
        word = c.word[j] if 0 <= j < size else "<s>"
        features.append(f"w{offset}={word}")
        if offset in (-1, 1):
            features.append(f"lw{offset}={lemma}|{word}")
    path = ""
    chain = c.ancestors(i, ANCESTOR_FEATURES + 1)
    for depth, ancestor in enumerate(chain[1:]):
        path += c.dep[chain[depth]] + ">"
        above = c.lemma[ancestor]
        features.append(f"a{depth}={path[-30:]}|{above}")
        features.append("al=" + above)
        features.append(f"ad={above}|{dep if depth == 0 else 'deep'}")
    start, last = c.sentence_bounds[c.sentence[i]]
    features.append("sp=" + ("first" if i == start else "last" if i == last else "mid"))
    features.extend(_quotation_features(i, lemma, c))
    features.append(f"root={int(dep == 'ROOT')}")
    return features


def _quotation_features(i: int, lemma: str, c: DocContext) -> list[str]:
    """Where the sentence's quotation lies from the word (a cue follows or precedes what it quotes), and
    whether the word comes right after a closing mark (“...,” *said* X)."""
    first_quoted = c.first_quoted[c.sentence[i]]
    if first_quoted is None:
        features = ["sq=none"]
    else:
        side = "after" if first_quoted < i else "before"
        features = [f"sq={side}|{int(c.segment[i] != -1)}", f"lsq={lemma}|{side}"]
    j = i - 1
    while j >= 0 and (c.word[j] in QUOTE_MARKS or c.lower[j] in {",", "."}):
        j -= 1
    if any(c.word[k] in QUOTE_MARKS for k in range(j + 1, i)):
        features += ["afterq", f"lafterq={lemma}"]
    return features


__all__ = ["DocContext", "cue_features"]
