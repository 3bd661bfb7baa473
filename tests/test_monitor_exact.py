"""The monitor's speed-ups compute the plain formulas' values to the last bit of a float: incidents, links,
scores and stories must not move when the arithmetic is rearranged for speed."""

from __future__ import annotations

import hashlib
import math
import random

import numpy as np

from flashpoint.monitor.config import TermSettings, story_settings
from flashpoint.monitor.incidents import _dot, _PairProducts
from flashpoint.monitor.stories import article_terms
from flashpoint.monitor.text import (
    _A,
    _B,
    _MERSENNE,
    TermWeights,
    hashed_shingles,
    minhash,
    shingles,
    term_counts,
    tfidf,
    words,
)


def _random_vectors(seed: int, n: int) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    vocabulary = [f"t{i}" for i in range(300)]
    vectors = {}
    for _ in range(n):
        terms = rng.sample(vocabulary, rng.randint(1, 60))
        values = [rng.random() for _ in terms]
        norm = math.sqrt(sum(v * v for v in values))
        vectors[f"a{rng.randint(0, 10**6):07d}"] = {t: v / norm for t, v in zip(terms, values, strict=True)}
    vectors["a-empty"] = {}  # an article with no context terms
    return vectors


def test_pair_products_are_the_dot_products_one_by_one_or_by_rows():
    vectors = _random_vectors(7, 40)
    ids = sorted(vectors)
    one_by_one = _PairProducts(vectors)
    for a, b in zip(ids, ids[1:] + ids[:1], strict=True):  # a few each, asked in both orders
        assert one_by_one(b, a) == _dot(vectors[min(a, b)], vectors[max(a, b)])  # ==: the same float
    assert not one_by_one.rows
    by_rows = _PairProducts(vectors)
    by_rows.asked.update(dict.fromkeys(ids, 10**6))  # every article's products as one row
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            assert by_rows(a, b) == _dot(vectors[a], vectors[b])
    assert len(by_rows.rows) == len(ids) - 2  # not the last article's, nor the empty vector's


def test_a_pair_products_row_leaves_out_articles_added_after_it_was_indexed():
    vectors = _random_vectors(8, 12)
    products = _PairProducts(vectors)
    ids = sorted(vectors)
    products.asked[ids[0]] = 10**6
    assert products(ids[0], ids[1]) == _dot(vectors[ids[0]], vectors[ids[1]])
    vectors["zz-late"] = {"t1": 0.6, "t2": 0.8}
    assert products(ids[0], "zz-late") == _dot(vectors[ids[0]], vectors["zz-late"])


def test_term_vectors_are_tfidf():
    weights = TermWeights(
        40, {"police": 30, "kabul": 2}, TermSettings(prior_documents=1000, words_per_document=600)
    )
    counts = {"police": 3, "kabul": 1, "name:ashraf ghani": 2, "year:2021": 300, "absent": 0}
    for _ in range(2):
        assert weights.vector(counts) == tfidf(counts, {t: weights.idf(t) for t in counts}, 0.0)
        weights.count_document(["police", "taliban"])  # idf moves: vectors follow
    assert weights.vector({}) == {}


def test_shingles_and_minhash_keep_their_values():
    def plain_shingles(text: str, size: int = 5) -> set[int]:
        tokens = words(text)
        if not tokens:
            return set()
        grams = (" ".join(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
        return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams}

    text = "Police said the attack in Kabul's centre killed 12 people; the Taliban denied it. " * 3
    for n in (0, 1, 4, 5, 6, 40):
        sample = " ".join(text.split()[:n])
        assert shingles(sample) == hashed_shingles(words(sample)) == plain_shingles(sample)
    rng = np.random.default_rng(3)
    for hashed in (set(), {0, 2**32 - 1}, set(rng.integers(0, 2**32, 500).tolist())):
        plain = (
            ((np.outer(_A, np.array(sorted(hashed), dtype=np.uint64)) + _B[:, None]) % _MERSENNE).min(axis=1)
            if hashed
            else np.full(len(_A), _MERSENNE, dtype=np.uint64)
        )
        assert (minhash(hashed) == plain).all()


def test_article_terms_are_the_counts_of_text_and_lead():
    settings = story_settings()
    record = {"entities": [{"label": "ORG", "text": "Taliban"}], "times": [{"value": "2021-03-01"}]}
    lines = ["A bomb hit Kabul's police.", "The Taliban denied it.", "Five died.", "Police said so.", "More."]
    for title in ("Blast in Kabul", None):
        for n_lines in (1, settings.lead_lines, len(lines)):  # a lead of the whole text, or of its start
            article = {"title": title, "text": "\n".join(lines[:n_lines]) + "\n"}
            full = f"{title}\n{article['text']}" if title else article["text"]
            first_lines = article["text"].strip().split("\n")[: settings.lead_lines]
            lead = "\n".join([*([title] if title else []), *first_lines])
            plain = term_counts(full) + term_counts(lead)
            plain["name:taliban"] += 1
            for date_term in ("year:2021", "month:2021-03", "day:2021-03-01"):
                plain[date_term] += settings.date_weight
            for found in (
                article_terms(article, record, settings),
                article_terms(article, record, settings, words(article["text"])),
            ):
                assert found == plain and list(found) == list(plain)  # counts, and terms in order
