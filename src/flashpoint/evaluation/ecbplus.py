"""ECB+ (topics 1-35): cluster each topic's documents into incidents; score against the gold grouping.

Within a topic, the `*ecb.xml` documents report one real-world incident and the `*ecbplus.xml` documents
another, similar one (e.g. two celebrities entering rehab, years apart). All documents are ingested into
one in-memory store exactly as `flashpoint ingest` stores articles, so the product's mechanism
(monitor/) fingerprints them, links each to its story (the articles reporting one happening) and merges
their events into incidents. A document's predicted cluster is its story; the story link is what lets
differently coded events of one happening merge (stories are the groups of linked articles, cut where
two densely linked parts meet: see monitor/stories.py). As a second reading, a document also belongs to
its main event-level incident (the one holding most of its events, ties going to the incident more documents
support, then to the one named first); a document with no coded event is then a cluster of its own.
Clusters may span topics (the mechanism does not know them); scores are B-cubed and pairwise
precision/recall/F1 per topic (over its documents) and pooled over all documents.

The XML holds tokens only: they are joined with spaces and the spaces before punctuation and clitics
removed. In `ecbplus` files, sentence 0 is the page's URL: it becomes the article's `url` and its host the
`source`; no document has a publication date, so dates constrain nothing here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..ingest.article import Article
from ..store import Store
from ..store import _incidents as incident_sql
from .scoring import prf

_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|(?:'s|n't|'re|'ve|'ll|'d|'m|’s)\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_DOC_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")


def detokenize(tokens: Sequence[str]) -> str:
    """Join ECB+ tokens into readable text: PTB quotes become ", no space before punctuation."""
    text = " ".join(tokens).replace("``", '"').replace("''", '"')
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub("", text))


def read_document(path: Path) -> Article:
    """One ECB+ XML document as an Article (id: the file name without .xml)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvaluationError(f"{path}: not ECB+ XML ({exc})") from exc
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    order = sorted(sentences)
    url = None
    if path.name.endswith("ecbplus.xml") and order and "".join(sentences[order[0]]).startswith("http"):
        url, order = "".join(sentences[order[0]]), order[1:]
    source = re.sub(r"^https?://(www\.)?", "", url).split("/")[0] if url else None
    text = "\n".join(detokenize(sentences[i]) for i in order)
    return Article(text=text, id=path.stem, url=url, source=source, origin=str(path))


def read_topics(root: Path) -> dict[str, list[tuple[Path, str]]]:
    """topic -> [(document path, gold incident: "<topic>ecb" or "<topic>ecbplus")], topics in number order."""
    topics: dict[str, list[tuple[Path, str]]] = {}
    for path in sorted(root.glob("*/*.xml")):
        match = _DOC_NAME.match(path.name)
        if match:
            topics.setdefault(match[1], []).append((path, f"{match[1]}{match[3]}"))
    if not topics:
        raise EvaluationError(f"{root}: no ECB+ documents (expected TOPIC/N_Mecb.xml and N_Mecbplus.xml)")
    return dict(sorted(topics.items(), key=lambda item: int(item[0])))


# -- from incidents to document clusters -------------------------------------------------------------------


def document_incidents(store: Store) -> dict[str, str]:
    """Each stored article's main incident (see the module docstring); articles with none are left out."""
    links = incident_sql.linked_events(store)
    support = Counter(iid for _, iid in {(aid, iid) for aid, _, iid in links})
    by_article: dict[str, list[tuple[int, str]]] = {}
    for aid, position, iid in links:
        by_article.setdefault(aid, []).append((position, iid))
    found = {}
    for aid, items in by_article.items():
        counts = Counter(iid for _, iid in items)
        first = {iid: min(pos for pos, i in items if i == iid) for iid in counts}
        found[aid] = max(counts, key=lambda iid: (counts[iid], support[iid], -first[iid]))
    return found


# -- scores ------------------------------------------------------------------------------------------------


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998) of a clustering of the same items."""
    pred_members: dict[Hashable, set[Hashable]] = {}
    gold_members: dict[Hashable, set[Hashable]] = {}
    for item in gold:
        pred_members.setdefault(predicted[item], set()).add(item)
        gold_members.setdefault(gold[item], set()).add(item)
    p = r = 0.0
    for item in gold:
        mine, truth = pred_members[predicted[item]], gold_members[gold[item]]
        shared = len(mine & truth)
        p += shared / len(mine)
        r += shared / len(truth)
    n = len(gold)
    p, r = (p / n, r / n) if n else (0.0, 0.0)
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def pairwise(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """Precision, recall and F1 over pairs of items placed in one cluster."""
    items = sorted(gold, key=str)
    same_pred = same_gold = both = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            in_pred, in_gold = predicted[a] == predicted[b], gold[a] == gold[b]
            same_pred += in_pred
            same_gold += in_gold
            both += in_pred and in_gold
    return prf(both, same_pred, same_gold)


def score_clusters(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, Any]:
    """B-cubed and pairwise scores of `predicted` over the items of `gold`."""
    return {"bcubed": bcubed(predicted, gold), "pairwise": pairwise(predicted, gold), "documents": len(gold)}


def cluster_documents(
    paths: Iterable[Path], *, model: str | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Ingest documents into a fresh store. RETURNS (tuple): document id -> story, and -> main incident."""
    from ..ingest.run import ingest

    articles = [read_document(path) for path in paths]
    with Store(memory=True) as store:
        ingest(articles, store, model=model)
        stories = incident_sql.stories(store)
        main = document_incidents(store)
    return (
        {a.id: stories.get(a.id, f"alone:{a.id}") for a in articles},
        {a.id: main.get(a.id, f"alone:{a.id}") for a in articles},
    )


def _scores(predicted: Mapping[str, Hashable], topics: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    gold = {doc: incident for docs in topics.values() for doc, incident in docs.items()}
    per_topic = {topic: score_clusters(predicted, docs) for topic, docs in topics.items()}
    pooled = score_clusters(predicted, gold)
    macro = {
        kind: {
            key: sum(t[kind][key] for t in per_topic.values()) / len(per_topic) for key in ("p", "r", "f1")
        }
        for kind in ("bcubed", "pairwise")
    }
    return {
        **pooled,
        "macro_bcubed": macro["bcubed"],
        "macro_pairwise": macro["pairwise"],
        "per_topic": per_topic,
    }


def evaluate_ecbplus(root: Path, *, model: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Score incident clustering on every topic under `root` (limit: the first N topics)."""
    topics = read_topics(root)
    if limit is not None:
        topics = dict(list(topics.items())[:limit])
    gold = {topic: {path.stem: incident for path, incident in docs} for topic, docs in topics.items()}
    stories, incidents = cluster_documents(
        [path for docs in topics.values() for path, _ in docs], model=model
    )
    by_story = _scores(stories, gold)
    by_incident = _scores(incidents, gold)
    return {
        "bcubed": by_story["bcubed"],
        "pairwise": by_story["pairwise"],
        "macro_bcubed": by_story["macro_bcubed"],
        "event_incident_bcubed": by_incident["bcubed"],
        "event_incident_pairwise": by_incident["pairwise"],
        "documents": by_story["documents"],
        "topics": len(topics),
        "per_topic": by_story["per_topic"],
        "per_topic_event_incident": by_incident["per_topic"],
    }
