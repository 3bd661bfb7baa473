"""What the learned attribution models read: features of a word as a possible cue, and of a word as a
possible part of one cue's source or content.

Both read the parse only (lemma, tag, dependency relations, the tree around the word, quotation marks,
sentence boundaries), never the word vectors, so they work the same with any spaCy model that parses.

- Cue heads (`cue_features`): is this word the head of an attribution cue ("said", "according", "told",
  "believes", "criticized")? The word, its frame (what it governs: a clause, an infinitive, an object),
  its neighbours, and what it hangs under: a word inside another statement's reported clause is never a
  cue of its own in the annotation the model learns from.
- Roles (`role_features`): given a cue head h and a word j near it, is j part of h's cue, its source, its
  content, or none? Mostly the path in the tree between them (j in h's clausal complement, in its subject,
  in the clause h interrupts, ...), whether j is inside the same quotation, and how many sentences apart.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..actors.mentions import sentence_numbers
from .cues import coarse_pos, cue_frame
from .quotation import quoted_segments
from .statement import attribution_lexicon

# Parts of speech that never head a cue (a colon does: "Trump: ..."); checked on the training data.
NON_CUE_POS = frozenset({"DET", "PRON", "CCONJ", "NUM", "SYM", "X", "SPACE", "INTJ"})
FUNCTION_POS = frozenset({"ADP", "DET", "PART", "SCONJ", "CCONJ", "PUNCT", "AUX", "PRON"})
# Dependents whose word matters, not just their relation ("called *for*", "said *in* a statement").
WORD_DEPS = frozenset({"prep", "mark", "agent", "dative", "prt", "aux", "neg", "advmod", "npadvmod"})
CHILD_WORD_DEPS = frozenset({"prep", "mark", "prt", "agent", "aux", "neg", "dative"})
CHILD_TYPE_DEPS = frozenset({"dobj", "nsubj", "nsubjpass"})
MAX_ANCESTORS = 40


class DocContext:
    """What both models need about a Doc, computed once: sentence numbers, quotation segments and each
    token's chain of ancestors."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sentence = sentence_numbers(doc)
        self.sentences = list(doc.sents)
        self.segments = quoted_segments(doc, attribution_lexicon().quote_pairs)
        self.segment = [-1] * len(doc)
        for number, segment in enumerate(self.segments):
            for i in range(segment.start, segment.end):
                self.segment[i] = number
        heads = [t.head.i for t in doc]
        self.ancestors: list[list[int]] = []
        for i in range(len(doc)):
            chain = [i]
            while heads[chain[-1]] != chain[-1] and len(chain) < MAX_ANCESTORS:
                chain.append(heads[chain[-1]])
            self.ancestors.append(chain)

    def window(self, head: int, before: int = 1, after: int = 2, limit: int = 250) -> range:
        """The words considered for one cue: the sentence before to two after, widened over a quotation
        that crosses its edges."""
        number = self.sentence[head]
        first = self.sentences[max(0, number - before)]
        last = self.sentences[min(len(self.sentences) - 1, number + after)]
        start, end = first.start, last.end
        if self.segment[end - 1] != -1:
            end = max(end, self.segments[self.segment[end - 1]].end + 1)
        if self.segment[start] != -1:
            start = min(start, self.segments[self.segment[start]].start - 1)
        start = max(0, start)
        return range(start, min(len(self.doc), end, start + limit))


def is_cue_candidate(token: Token) -> bool:
    return not token.is_space and token.pos_ not in NON_CUE_POS and (not token.is_punct or token.text == ":")


def _word(token: Token) -> str:
    return "#num" if token.like_num else token.lower_


def cue_features(token: Token, context: DocContext) -> list[str]:
    """Features of `token` as the head of an attribution cue."""
    doc = token.doc
    lemma, pos, frame = token.lemma_.lower(), coarse_pos(token), cue_frame(token)
    quoted = int(context.segment[token.i] != -1)
    head = token.head
    head_lemma = head.lemma_.lower()
    features = [
        "b",
        "l=" + lemma,
        "t=" + token.tag_,
        "d=" + token.dep_,
        f"lp={lemma}|{pos}",
        f"lf={lemma}|{frame}",
        f"ld={lemma}|{token.dep_}",
        f"pf={pos}|{frame}",
        f"pd={pos}|{token.dep_}",
        f"tf={token.tag_}|{frame}",
        f"q={quoted}",
        f"lq={lemma}|{quoted}",
        "h=" + head_lemma,
        "hd=" + head.dep_,
        "hp=" + coarse_pos(head),
        f"dhp={token.dep_}|{coarse_pos(head)}",
        f"ldh={lemma}|{token.dep_}|{head_lemma}",
    ]
    for child in token.children:
        features.append("c=" + child.dep_)
        features.append(f"lc={lemma}|{child.dep_}")
        if child.dep_ in CHILD_WORD_DEPS or child.dep_ in CHILD_TYPE_DEPS:
            kind = (child.ent_type_ or coarse_pos(child)) if child.dep_ in CHILD_TYPE_DEPS else child.lower_
            features.append(f"cl={child.dep_}|{kind}")
            features.append(f"lcl={lemma}|{child.dep_}|{child.lower_}")
    for offset in (-2, -1, 1, 2):
        j = token.i + offset
        word = _word(doc[j]) if 0 <= j < len(doc) else "<s>"
        features.append(f"w{offset}={word}")
        if offset in (-1, 1):
            features.append(f"lw{offset}={lemma}|{word}")
    path = ""
    chain = context.ancestors[token.i]
    for depth, ancestor in enumerate(chain[1:5]):
        path += doc[chain[depth]].dep_ + ">"
        above = doc[ancestor].lemma_.lower()
        features.append(f"a{depth}={path[-30:]}|{above}")
        features.append("al=" + above)
        features.append(f"ad={above}|{token.dep_ if depth == 0 else 'deep'}")
    sentence = context.sentences[context.sentence[token.i]]
    place = "first" if token.i == sentence.start else "last" if token.i == sentence.end - 1 else "mid"
    features.append("sp=" + place)
    features.append(f"root={int(token.dep_ == 'ROOT')}")
    return features


def _bucket(n: int) -> str:
    n = abs(n)
    return str(n) if n <= 3 else "4-5" if n <= 5 else "6-10" if n <= 10 else "11-20" if n <= 20 else ">20"


def role_features(context: DocContext, head: int, j: int) -> list[str]:
    """Features of word j as part of the cue, source or content of the cue headed by word `head`."""
    doc = context.doc
    cue, word = doc[head], doc[j]
    cue_lemma = cue.lemma_.lower()
    side = "L" if j < head else "R" if j > head else "S"
    if j == head:
        relation = branch = "self"
    else:
        relation, branch = _tree_relation(context, head, j)
    shown = word.lower_ if (word.pos_ in FUNCTION_POS or word.is_punct) else word.pos_
    apart = str(max(-2, min(context.sentence[j] - context.sentence[head], 3)))
    in_cue, in_word = context.segment[head], context.segment[j]
    if in_cue != -1 and in_cue == in_word:
        quote = "qsame"
    else:
        quote = ("qin" if in_word != -1 else "qout") + ("h" if in_cue != -1 else "")
        if in_word != -1 and in_cue == -1:
            starts = context.sentence[context.segments[in_word].start] - context.sentence[head]
            quote += f"|seg_s{max(-2, min(3, starts))}"
    previous = doc[j - 1] if j > 0 else None
    closed_class = previous is not None and (previous.is_punct or previous.pos_ in FUNCTION_POS)
    before = previous.lower_ if closed_class else "w"
    features = [
        "b",
        "rel=" + relation,
        f"reld={relation}|{side}",
        f"br={branch}|{side}",
        f"hbr={cue_lemma}|{branch}|{side}",
        f"dist={side}{_bucket(j - head)}",
        "so=" + apart,
        "q=" + quote,
        f"qrel={quote}|{branch}",
        f"j={word.pos_}|{word.dep_}",
        "jw=" + shown,
        f"jwrel={shown}|{relation}",
        f"jwb={shown}|{branch}|{side}",
        f"hd={cue.dep_}|{branch}",
        f"sorel={apart}|{branch}",
        f"soq={apart}|{quote}",
        f"hpos={cue.pos_}|{branch}|{side}",
        "jprev=" + before,
        f"jtag={word.tag_}|{side}",
    ]
    if j == head:
        features.append("hl=" + cue_lemma)
    return features


def _tree_relation(context: DocContext, head: int, j: int) -> tuple[str, str]:
    """How j sits in the tree relative to the cue head: below it ("sub:ccomp|2": in its clausal
    complement, two levels down), above it ("anc:ccomp>conj"), or beside it ("up:ccomp|nsubj|1": under
    the cue's parent, in its subject)."""
    doc = context.doc
    chain_j = context.ancestors[j]
    position = {a: k for k, a in enumerate(chain_j)}
    climbed: list[str] = []
    meeting = None
    for ancestor in context.ancestors[head]:
        if ancestor in position:
            meeting = ancestor
            break
        climbed.append(doc[ancestor].dep_)
    if meeting is None:
        return "none", "none"
    depth = position[meeting]
    if depth == 0:
        return "anc:" + ">".join(climbed[:3]), "anc"
    child = doc[chain_j[depth - 1]]
    branch = child.dep_ + (":" + child.lower_ if child.dep_ in WORD_DEPS else "")
    prefix = "sub:" if meeting == head else "up:" + ">".join(climbed[:2]) + "|"
    return f"{prefix}{branch}|{_bucket(depth)}", branch


__all__ = ["DocContext", "cue_features", "is_cue_candidate", "role_features"]
