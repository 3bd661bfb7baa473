"""A Doc's token attributes as plain lists, read in one call.

Each attribute read through a spaCy Token builds a Token object, and the stages that score every word of a
document (the attribution cue model, the event role chooser) would spend more on that than on their
models. They read the parse from these lists instead, indexed by token index.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    TAG,
)
from spacy.tokens import Doc

_ATTRIBUTES = [LEMMA, LOWER, POS, TAG, DEP, ENT_TYPE, ORTH, IS_SPACE, IS_PUNCT, LIKE_NUM, ENT_IOB, HEAD]
_IOB_BEGIN = 3  # spaCy's ENT_IOB code of "B"


class TokenColumns:
    """Every token's lemma (lower-cased), lower-cased form, text, coarse and fine tag, relation, entity
    type, head and flags, as lists indexed by token index."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        columns = doc.to_array(_ATTRIBUTES)
        names: dict[int, str] = {0: ""}
        strings = doc.vocab.strings

        def text_of(ids: np.ndarray) -> list[str]:
            # ids turn into strings once per distinct id
            return [names.get(key) or names.setdefault(key, strings[key]) for key in ids.tolist()]

        lowered: dict[str, str] = {}
        self.lemma = [lowered.get(x) or lowered.setdefault(x, x.lower()) for x in text_of(columns[:, 0])]
        self.lower = text_of(columns[:, 1])
        self.pos = text_of(columns[:, 2])
        self.tag = text_of(columns[:, 3])
        self.dep = text_of(columns[:, 4])
        self.ent = text_of(columns[:, 5])
        self.orth = text_of(columns[:, 6])
        self.space, self.punct, self.like_num = (columns[:, k].astype(bool).tolist() for k in (7, 8, 9))
        self.entity_begins = (columns[:, 10] == _IOB_BEGIN).tolist()
        # HEAD holds offsets to the head, stored unsigned; heads are kept as Doc indices
        self.head = (np.arange(len(doc), dtype=np.int64) + columns[:, 11].astype(np.int64)).tolist()

    def ancestors(self, i: int, limit: int | None = None) -> list[int]:
        """Token i and the words above it, nearest first (at most `limit`; as Token.ancestors, no cycle
        is followed)."""
        limit = len(self.head) + 1 if limit is None else limit
        chain = [i]
        head = self.head
        while head[chain[-1]] != chain[-1] and len(chain) < limit:
            chain.append(head[chain[-1]])
        return chain


__all__ = ["TokenColumns"]
