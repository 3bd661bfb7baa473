"""Cheap, offline text similarity: content words with TF-IDF cosine, and word shingles with MinHash.

Both work on plain strings and need no model: stories and incident matching compare article contexts
and event sentences with TF-IDF cosine; near-duplicate detection compares whole articles with MinHash
over word 5-shingles and verifies candidates on the exact shingle sets.

Term weights (idf) come from the articles stored so far, combined with a background prior from general
English word frequencies (wordfreq), so that a young store already knows "said" from "Klitschko".
"""

from __future__ import annotations

import hashlib
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import repeat

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import word_frequency

from .config import TermSettings

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
_POSSESSIVE = ("'s", "’s")

SHINGLE_WORDS = 5
N_PERMUTATIONS = 128
ROWS_PER_BAND = 4  # 32 bands of 4 rows: pairs with Jaccard >= ~0.42 share a band with high probability
_MERSENNE = np.uint64((1 << 61) - 1)
_MERSENNE_BITS = np.uint64(61)
_RNG = np.random.default_rng(20201)  # fixed: signatures must be comparable across runs and machines
_A = _RNG.integers(1, 1 << 32, N_PERMUTATIONS, dtype=np.uint64)
_B = _RNG.integers(0, 1 << 32, N_PERMUTATIONS, dtype=np.uint64)

Vector = dict[str, float]


def words(text: str) -> list[str]:
    """Lower-cased words of `text` (letters and digits), possessive 's removed."""
    # (endswith, not a regex substitution per word: this runs over every stored text.)
    return [w[:-2] if w.endswith(_POSSESSIVE) else w for w in _WORD.findall(text.lower())]


def content_words(text: str | Sequence[str]) -> list[str]:
    """The words of `text` (or of a text already split by `words`) that carry content: no stop words, no
    single characters."""
    return [w for w in (words(text) if isinstance(text, str) else text) if len(w) > 1 and w not in STOP_WORDS]


def term_counts(text: str) -> Counter[str]:
    return Counter(content_words(text))


# 1 + log(tf) of small term counts.
_SUBLINEAR = tuple(1.0 + math.log(n) if n else 0.0 for n in range(256))


def tfidf(counts: Mapping[str, int], idf: Mapping[str, float], default_idf: float) -> Vector:
    """A unit-length TF-IDF vector: sublinear term frequency (1 + log tf) times idf.

    idf (Mapping[str, float]): idf of known terms; default_idf: that of a term never seen (the highest).
    """
    vector = {t: (1.0 + math.log(n)) * idf.get(t, default_idf) for t, n in counts.items() if n > 0}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two unit vectors (their dot product)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def centroid(vectors: Iterable[Vector]) -> Vector:
    """The unit-length mean of unit vectors (empty when there are none)."""
    total: dict[str, float] = {}
    for vector in vectors:
        for t, v in vector.items():
            total[t] = total.get(t, 0.0) + v
    norm = math.sqrt(sum(v * v for v in total.values()))
    return {t: v / norm for t, v in total.items()} if norm else {}


def idf_weight(n_documents: float, document_frequency: float) -> float:
    """Smoothed idf, as scikit-learn's: log((1 + N) / (1 + df)) + 1."""
    return math.log((1 + n_documents) / (1 + document_frequency)) + 1.0


# A working set, not the vocabulary: wordfreq keeps its own cache of up to 100,000 lookups (emptied when
# full), so a larger one here only held a second copy of a long run's vocabulary.
@lru_cache(maxsize=20_000)
def background_frequency(term: str) -> float:
    """How often a context term occurs in general English, per word (wordfreq's blend of web, news,
    books, subtitles...): a word's own frequency, a name's (`name:...`) that of the phrase; stated dates
    (`year:`, `month:`, `day:`) have none."""
    if term.startswith("name:"):
        term = term[5:]
    elif ":" in term:
        return 0.0
    return word_frequency(term, "en")


class TermWeights:
    """idf over the distinct articles stored so far plus a background prior of `prior_documents`
    articles of `words_per_document` words, in which a term of frequency f occurs with probability
    1 - exp(-f * words) (a Poisson model of word occurrence). With no prior it is `idf_weight`.
    """

    def __init__(self, n_documents: int, df: Mapping[str, int], settings: TermSettings) -> None:
        self.n_documents = n_documents
        self.df = dict(df)
        self.settings = settings
        self._idf: dict[str, float] = {}  # remembered until a document is counted in
        # A term's background prior never changes (stories count a document in after every new article,
        # and each term's idf is worked out again then: from its remembered prior, a log and a division).
        self._prior: dict[str, float] = {}

    def count_document(self, terms: Iterable[str]) -> None:
        """Count a distinct article's (distinct) terms in."""
        self.n_documents += 1
        self._idf.clear()
        for term in terms:
            self.df[term] = self.df.get(term, 0) + 1

    def idf(self, term: str) -> float:
        found = self._idf.get(term)
        if found is None:
            found = self._idf[term] = self._compute_idf(term)
        return found

    def _compute_idf(self, term: str) -> float:
        prior = self._prior.get(term)
        if prior is None:
            prior = self._prior_weight(term)
        return idf_weight(self.n_documents + self.settings.prior_documents, self.df.get(term, 0) + prior)

    def _prior_weight(self, term: str) -> float:
        """How many of the prior's documents hold `term` (remembered: it never changes)."""
        s = self.settings
        prior = 0.0
        if s.prior_documents:
            prior = s.prior_documents * -math.expm1(-s.words_per_document * background_frequency(term))
        self._prior[term] = prior
        return prior

    def vector(self, counts: Mapping[str, int]) -> Vector:
        """The unit TF-IDF vector of term counts: `tfidf`'s, the same floats, computed in one pass (every
        article and sentence the monitor compares goes through here)."""
        known = self._idf
        terms: list[str] = []
        weights: list[float] = []
        for term, n in counts.items():
            if n > 0:
                idf = known.get(term)
                if idf is None:
                    idf = known[term] = self._compute_idf(term)
                terms.append(term)
                weights.append(
                    (_SUBLINEAR[n] if type(n) is int and n < len(_SUBLINEAR) else 1.0 + math.log(n)) * idf
                )
        norm = math.sqrt(sum(map(operator.mul, weights, weights)))
        return dict(zip(terms, map(operator.truediv, weights, repeat(norm)), strict=True)) if norm else {}


# -- shingles and MinHash -----------------------------------------------------------------------------------


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """32-bit hashes of the word `size`-grams of `text` (all words, stop words included: wire copy keeps
    them, and they make short shared phrases less likely to collide). A text shorter than `size` words
    gives one shingle of all its words.
    """
    return hashed_shingles(words(text), size)


def hashed_shingles(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> set[int]:
    """`shingles` of a text's `words`."""
    if not tokens:
        return set()
    if len(tokens) <= size:
        grams: Iterable[str] = [" ".join(tokens)]
    else:
        grams = map(
            " ".join, zip(*(tokens[i:] for i in range(size)), strict=False)
        )  # `size` words from each on
    blake2b = hashlib.blake2b
    # The 4-byte digests read as little-endian unsigned ints all at once (as int.from_bytes would one by one).
    digests = b"".join([blake2b(g.encode(), digest_size=4).digest() for g in grams])
    return set(np.frombuffer(digests, dtype="<u4").tolist())


def minhash(hashed: set[int]) -> np.ndarray:
    """The MinHash signature (N_PERMUTATIONS uint64 values) of a set of 32-bit shingle hashes."""
    if not hashed:
        return np.full(N_PERMUTATIONS, _MERSENNE, dtype=np.uint64)
    values = np.fromiter(hashed, dtype=np.uint64, count=len(hashed))
    # (a*x + b) mod p with a, x, b < 2^32: a*x + b fits in 64 bits. Mod the Mersenne prime p = 2^61 - 1
    # without a division (the same values as `%`, 1.6x faster): y = hi * 2^61 + lo = hi + lo (mod p),
    # and hi + lo < 2p.
    permuted = np.outer(_A, values)
    permuted += _B[:, None]
    reduced = permuted & _MERSENNE
    permuted >>= _MERSENNE_BITS
    reduced += permuted
    reduced[reduced >= _MERSENNE] -= _MERSENNE
    return reduced.min(axis=1)


def band_keys(signature: np.ndarray, rows: int = ROWS_PER_BAND) -> list[int]:
    """One signed 64-bit key per LSH band: articles sharing a key are near-duplicate candidates."""
    keys = []
    for band in range(len(signature) // rows):
        chunk = signature[band * rows : (band + 1) * rows].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little", signed=True))
    return keys


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[int], b: set[int]) -> float:
    """How much of the smaller set lies in the other: a trimmed copy of a wire story scores high."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0
