"""spaCy's rule lemmatizer, run over arrays: the same lemmas, without a Python call per token.

spaCy's `Lemmatizer` visits every token in Python (a Token object, a method call, a cache lookup and a
string write each), although in rule mode a lemma is a pure function of the word, its coarse part of
speech and its morphology: spaCy's own cache is keyed by exactly those three. This component reads the
three as one array per Doc, asks the model's own lemmatizer once per distinct triple (so its rules,
exceptions and tables decide every lemma), and writes the lemmas back with one `Doc.from_array`. Tokens
that already have a lemma (the attribute ruler sets some) keep it, as with spaCy's component.
`tests/test_nlp_components.py` compares `token.lemma_` and `doc.to_array(LEMMA)` with spaCy's.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# Distinct (word, part of speech, morphology) triples remembered before the table is emptied (see
# model.trim_caches): it grows with the vocabulary read.
LEMMA_TABLE_LIMIT = 10_000


class ArrayLemmatizer:
    """Wraps the model's rule lemmatizer (set `stock`); any other mode runs the stock component as is."""

    def __init__(self, name: str = "lemmatizer") -> None:
        self.name = name
        self.stock: Lemmatizer | None = None
        self.lemma_of: dict[tuple[int, int, int], str] = {}

    def adopt(self, stock: Lemmatizer) -> ArrayLemmatizer:
        self.stock = stock
        self.lemma_of.clear()
        return self

    @property
    def cache_size(self) -> int:
        return len(self.lemma_of)

    def trim_cache(self, limit: int = LEMMA_TABLE_LIMIT) -> None:
        if len(self.lemma_of) > limit:
            self.lemma_of.clear()
        if self.stock is not None and len(self.stock.cache) > limit:
            self.stock.cache.clear()

    def __call__(self, doc: Doc) -> Doc:
        stock = self.stock
        if stock is None:
            raise ValueError("ArrayLemmatizer has no lemmatizer to run: call adopt() first")
        if stock.mode != "rule" or stock.overwrite or not len(doc):
            return stock(doc)
        if not stock._validated:
            stock._validate_tables(Errors.E1004)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [row[3] for row in rows]
        lemma_of = self.lemma_of
        strings = doc.vocab.strings
        # Strings are added once per Doc: inside a memory zone, one added for an earlier Doc may be gone.
        hashes: dict[str, int] = {}
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma:
                continue
            key = (orth, pos, morph)
            text = lemma_of.get(key)
            if text is None:
                text = lemma_of[key] = stock.lemmatize(doc[i])[0]
            found = hashes.get(text)
            if found is None:
                found = hashes[text] = strings.add(text)
            lemmas[i] = found
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
        return doc

    def pipe(self, stream, *, batch_size: int = 128):
        for doc in stream:
            yield self(doc)

    # Pipeline bookkeeping (nlp.analyze_pipes, serialisation) goes to the wrapped component.
    def __getattr__(self, name: str):
        if name == "stock":
            raise AttributeError(name)
        return getattr(self.stock, name)


@Language.factory(
    "flashpoint_lemmatizer",
    assigns=["token.lemma"],
    requires=["token.pos"],
    default_config={"mode": "rule", "overwrite": False},
)
def make_array_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> ArrayLemmatizer:
    # A pipeline saved with this component (nlp.to_disk) loads with an empty rule lemmatizer whose tables
    # from_disk then reads, as spaCy's own factory would build it.
    return ArrayLemmatizer(name).adopt(Lemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite))
