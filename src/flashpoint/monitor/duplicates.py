"""Near-duplicate articles (the same wire story republished): found when articles are stored, counted once.

Each stored article gets a fingerprint: the MinHash of its word 5-shingles, split into LSH bands. A new
article sharing a band with an earlier one is compared on the exact shingle sets; when they overlap enough
(data/monitor/monitor.yaml `duplicates`) it is recorded as a duplicate of the earlier one (of its original,
when that one is itself a copy). Duplicates stay stored and keep their events, but term frequencies,
corroboration, article volume and dyad counts count the original only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..store import _incidents as sql
from .config import DuplicateSettings, StorySettings, duplicate_settings, story_settings
from .stories import StoryIndex, article_terms, story_window
from .text import band_keys, containment, jaccard, minhash, shingles

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An article found to repeat an earlier one."""

    article_id: str
    duplicate_of: str
    similarity: float  # containment of the word 5-shingle sets


def is_near_duplicate(a: set[int], b: set[int], settings: DuplicateSettings) -> tuple[bool, float]:
    """Whether two shingle sets are copies of one story, and their containment."""
    overlap = containment(a, b)
    if jaccard(a, b) >= settings.min_jaccard:
        return True, overlap
    long_enough = min(len(a), len(b)) >= settings.min_shingles_for_containment
    return long_enough and overlap >= settings.min_containment, overlap


def fingerprint_new_articles(
    store: Store, settings: DuplicateSettings | None = None, stories: StorySettings | None = None
) -> list[Duplicate]:
    """Fingerprint every stored article not fingerprinted yet (or changed since): find whether it copies
    an earlier one, and link it to its story (monitor/stories.py).

    Articles are taken oldest first (publication date, then ingestion), so a copy points at the earliest
    version. RETURNS (list[Duplicate]): the duplicates found in this run.
    """
    settings = settings or duplicate_settings()
    stories = stories or story_settings()
    pending = sql.articles_to_fingerprint(store)
    if not pending:
        return []
    pending_ids = [a["id"] for a in pending]
    terms_of = {a["id"]: article_terms(a, a["record"], stories) for a in pending}
    index = _story_index(store, pending, pending_ids, terms_of, stories)
    stored_shingles: dict[str, set[int]] = {}
    original_of: dict[str, tuple[str, str | None]] = {}  # article -> (its original, the original's story)
    run_bands: dict[int, list[str]] = {}  # band key -> articles fingerprinted earlier in this run
    rows: list[dict[str, Any]] = []
    found: list[Duplicate] = []
    for article in pending:
        hashed = shingles(article["text"])
        keys = band_keys(minhash(hashed))
        earlier_in_run = {aid for key in keys for aid in run_bands.get(key, ())}
        in_store = set(sql.band_candidates(store, keys, exclude=pending_ids))
        for aid, info in sql.article_texts(store, in_store - stored_shingles.keys()).items():
            stored_shingles[aid] = shingles(info["text"])
            original_of[aid] = (info["duplicate_of"] or aid, info["story_id"])
        best: tuple[float, str] | None = None
        for aid in sorted(earlier_in_run | in_store):
            same, overlap = is_near_duplicate(hashed, stored_shingles[aid], settings)
            if same and (best is None or overlap > best[0]):
                best = (overlap, aid)
        terms = terms_of[article["id"]]
        if best is not None:
            original, story_id = original_of[best[1]]
            found.append(Duplicate(article["id"], original, best[0]))
        else:
            original = article["id"]
            index.count_document(terms)
            vector = index.vector(terms)
            nearest = index.nearest(vector)
            story_id = nearest[0] if nearest else article["id"]
            index.add(story_id, vector)
        rows.append(
            {
                "article_id": article["id"],
                "content_hash": article["content_hash"],
                "n_shingles": len(hashed),
                "duplicate_of": None if best is None else original,
                "similarity": None if best is None else best[0],
                "terms": dict(terms),
                "story_id": story_id,
                "keys": keys,
            }
        )
        stored_shingles[article["id"]] = hashed
        original_of[article["id"]] = (original, story_id)
        for key in keys:
            run_bands.setdefault(key, []).append(article["id"])
    sql.save_fingerprints(store, rows)
    return found


def _story_index(
    store: Store,
    pending: list[dict[str, Any]],
    pending_ids: list[str],
    terms_of: dict[str, Any],
    settings: StorySettings,
) -> StoryIndex:
    """The stories the pending articles may join: those with an article published near theirs."""
    days = [a["published"] for a in pending]
    if any(day is None for day in days):
        first = last = None
    else:
        first, _ = story_window(min(days), settings)
        _, last = story_window(max(days), settings)
    members = sql.story_members(store, first, last, exclude=pending_ids)
    vocabulary = {t for terms in terms_of.values() for t in terms} | {t for m in members for t in m[2]}
    n_documents, df = sql.document_frequencies(store, vocabulary)
    # A replaced article's old terms are still counted; they are taken back when its new version is saved.
    index = StoryIndex(settings, n_documents, df)
    for _, story_id, terms in members:
        index.add(story_id, index.vector(terms))
    return index
