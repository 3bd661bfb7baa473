"""Near-duplicate articles (the same wire story republished): found when articles are stored, counted once.

Each stored article gets a fingerprint: the MinHash of its word 5-shingles, split into LSH bands. A new
article sharing a band with an earlier one is compared on the exact shingle sets; when they overlap enough
(data/monitor/monitor.yaml `duplicates`) it is recorded as a duplicate of the earlier one (of its original,
when that one is itself a copy). Duplicates stay stored and keep their events, but term frequencies,
corroboration, article volume and dyad counts count the original only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..store import _incidents as sql
from .config import DuplicateSettings, StorySettings, duplicate_settings, story_settings, term_settings
from .stories import NeighbourIndex, article_terms, connected_stories, story_window
from .text import TermWeights, band_keys, containment, hashed_shingles, jaccard, minhash, shingles, words

if TYPE_CHECKING:
    from ..store import Store

FINGERPRINT_CHUNK = 2000  # articles fingerprinted per pass: bounds memory when a large backlog is redone


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
    store: Store,
    settings: DuplicateSettings | None = None,
    stories: StorySettings | None = None,
    chunk: int = FINGERPRINT_CHUNK,
) -> list[Duplicate]:
    """Fingerprint every stored article not fingerprinted yet (or changed since): find whether it copies
    an earlier one, and link it into its story (monitor/stories.py).

    Articles are taken oldest first (publication date, then ingestion), `chunk` at a time, so a copy
    points at the earliest version and a large backlog is not held in memory at once.
    RETURNS (list[Duplicate]): the duplicates found in this run.
    """
    settings = settings or duplicate_settings()
    stories = stories or story_settings()
    found: list[Duplicate] = []
    while pending := sql.articles_to_fingerprint(store, limit=chunk):
        found += _fingerprint(store, pending, settings, stories)
        if len(pending) < chunk:
            break
    return found


def _fingerprint(
    store: Store, pending: list[dict[str, Any]], settings: DuplicateSettings, stories: StorySettings
) -> list[Duplicate]:
    pending_ids = [a["id"] for a in pending]
    words_of = {a["id"]: words(a["text"]) for a in pending}  # (split once for shingles and terms)
    terms_of = {a["id"]: article_terms(a, a["record"], stories, words_of[a["id"]]) for a in pending}
    index = _neighbour_index(store, pending, pending_ids, terms_of, stories)
    stored_shingles: dict[str, set[int]] = {}
    original_of: dict[str, str] = {}  # article -> its original
    run_bands: dict[int, list[str]] = {}  # band key -> articles fingerprinted earlier in this run
    rows: list[dict[str, Any]] = []
    found: list[Duplicate] = []
    # Every pending article's band keys first, so that the stored articles sharing one are read at once.
    hashed_of = {aid: hashed_shingles(text_words) for aid, text_words in words_of.items()}
    keys_of = {aid: band_keys(minhash(hashed)) for aid, hashed in hashed_of.items()}
    members = sql.band_members(store, (key for keys in keys_of.values() for key in keys), exclude=pending_ids)
    for article in pending:
        hashed, keys = hashed_of[article["id"]], keys_of[article["id"]]
        earlier_in_run = {aid for key in keys for aid in run_bands.get(key, ())}
        in_store = {aid for key in keys for aid in members.get(key, ())}
        for aid, info in sql.article_texts(store, in_store - stored_shingles.keys()).items():
            stored_shingles[aid] = shingles(info["text"])
            original_of[aid] = info["duplicate_of"] or aid
        best: tuple[float, str] | None = None
        for aid in sorted(earlier_in_run | in_store):
            same, overlap = is_near_duplicate(hashed, stored_shingles[aid], settings)
            if same and (best is None or overlap > best[0]):
                best = (overlap, aid)
        terms = terms_of[article["id"]]
        if best is not None:
            original = original_of[best[1]]
            found.append(Duplicate(article["id"], original, best[0]))
        else:
            original = article["id"]
            index.weights.count_document(terms)
            index.add_new(article["id"], article["published"], terms)
        rows.append(
            {
                "article_id": article["id"],
                "content_hash": article["content_hash"],
                "n_shingles": len(hashed),
                "duplicate_of": None if best is None else original,
                "similarity": None if best is None else best[0],
                "terms": dict(terms),
                "keys": keys,
            }
        )
        stored_shingles[article["id"]] = hashed
        original_of[article["id"]] = original
        for key in keys:
            run_bands.setdefault(key, []).append(article["id"])
    duplicates = {f.article_id for f in found}
    new = {a["id"]: a["published"] for a in pending if a["id"] not in duplicates}
    story_of, group_of = _stories(store, index, new, duplicates)
    for row in rows:  # a duplicate takes its original's story and group when saved
        row["story_id"] = story_of.get(row["article_id"])
        row["group_id"] = group_of.get(row["article_id"])
    sql.save_fingerprints(store, rows, {aid: index.links[aid] for aid in index.changed}, story_of, group_of)
    return found


def _neighbour_index(
    store: Store,
    pending: list[dict[str, Any]],
    pending_ids: list[str],
    terms_of: dict[str, Any],
    settings: StorySettings,
) -> NeighbourIndex:
    """The stored articles the pending ones may link to: those published near theirs."""
    days = [a["published"] for a in pending]
    if any(day is None for day in days):
        first = last = None
    else:
        first, _ = story_window(min(days), settings)
        _, last = story_window(max(days), settings)
    members = sql.story_members(store, first, last, exclude=pending_ids, limit=settings.max_candidates)
    vocabulary = {t for terms in terms_of.values() for t in terms} | {t for m in members for t in m[2]}
    n_documents, df = sql.document_frequencies(store, vocabulary)
    # A replaced article's old terms are still counted; they are taken back when its new version is saved.
    index = NeighbourIndex(settings, TermWeights(n_documents, df, term_settings()))
    saved = sql.story_links(store, [m[0] for m in members])
    for article_id, published, terms in members:
        index.add_stored(article_id, published, terms, saved.get(article_id, []))
    return index


def _stories(
    store: Store, index: NeighbourIndex, new: dict[str, dt.date | None], duplicates: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The story of every article whose story may have changed: the new ones, and every member of a
    stored story that a touched article belongs to (stories gain, lose or split only there).

    new: distinct articles of this run -> publication day; duplicates: this run's near-duplicates (they
    link nothing). RETURNS (tuple): article id -> story id, and article id -> group id (the uncut
    group of linked articles, named as a story is).
    """
    links: dict[str, list[tuple[float, str]]] = {}
    published: dict[str, dt.date | None] = dict(new)
    asked: set[str] = set()
    wanted = (index.touched | new.keys()) - duplicates
    while wanted:
        asked |= wanted
        published.update(sql.story_groups(store, wanted, exclude=duplicates))
        nodes = published.keys() - links.keys()
        saved = sql.story_links(store, [aid for aid in nodes if aid not in index.links])
        for aid in nodes:
            links[aid] = list(index.links[aid] if aid in index.links else saved.get(aid, []))
        # A link to or from an article outside the stories read so far brings that article's story in
        # too, so every group of linked articles is read whole before it is cut into stories.
        linked = {o for aid in nodes for _, o in links[aid]} | sql.linking_articles(store, nodes)
        wanted = linked - links.keys() - asked - duplicates
    kept = {aid: [(s, o) for s, o in own if o in links] for aid, own in links.items()}

    def order(aid: str) -> tuple[bool, dt.date, str]:
        return (published[aid] is None, published[aid] or dt.date.min, aid)

    return connected_stories(kept, order, index.settings.max_cut), connected_stories(kept, order)
