"""Stories: k-nearest-neighbour links between articles, cut where two happenings meet."""

from __future__ import annotations

import dataclasses
import itertools

from flashpoint.ingest.article import Article
from flashpoint.monitor.config import StorySettings, story_settings
from flashpoint.monitor.duplicates import fingerprint_new_articles
from flashpoint.monitor.stories import connected_stories, normalized_cut_parts
from flashpoint.records.model import ArticleMeta, ArticleRecord
from flashpoint.store import Store
from flashpoint.store import _incidents as sql


def _clique(names: str, weight: float) -> dict[str, list[tuple[float, str]]]:
    return {a: [(weight, b) for b in names if b != a] for a in names}


def test_two_dense_groups_joined_by_one_weak_link_are_cut_apart():
    links = {**_clique("abcd", 0.5), **_clique("wxyz", 0.5)}
    links["d"] = [*links["d"], (0.3, "w")]
    stories = connected_stories(links, order=str, max_cut=0.2)
    assert {stories[a] for a in "abcd"} == {"a"} and {stories[a] for a in "wxyz"} == {"w"}
    # Without the cut they are one connected story.
    assert set(connected_stories(links, order=str).values()) == {"a"}


def test_a_dense_group_or_a_lone_report_is_not_cut_off():
    dense = _clique("abcdef", 0.4)
    assert normalized_cut_parts(sorted(dense), dense, 0.2) == [sorted(dense)]
    # A single article hanging on by one weak link stays: parts have at least two articles.
    links = {**_clique("abcd", 0.5), "e": [(0.2, "a")]}
    links["a"] = [*links["a"], (0.2, "e")]
    assert set(connected_stories(links, order=str, max_cut=0.2).values()) == {"a"}


def test_cuts_follow_the_weights_not_the_link_count():
    # Two triangles joined by two links: cut when those links are weak, kept whole when they are strong.
    weak = {**_clique("abc", 0.6), **_clique("xyz", 0.6)}
    weak["a"] = [*weak["a"], (0.1, "x")]
    weak["b"] = [*weak["b"], (0.1, "y")]
    assert len(set(connected_stories(weak, order=str, max_cut=0.2).values())) == 2
    strong = {k: [(0.6 if s == 0.1 else s, o) for s, o in v] for k, v in weak.items()}
    assert len(set(connected_stories(strong, order=str, max_cut=0.2).values())) == 1


QUAKE_2005 = [
    "An earthquake of magnitude 5.9 struck Qeshm island in the Persian Gulf on Sunday, killing ten villagers "
    "in Tonban and Gavarzin, Iranian state television said. Red Crescent teams reached Tonban.",
    "Ten people died in Tonban and Gavarzin on Qeshm island when a magnitude 5.9 earthquake hit southern "
    "Iran, the Red Crescent said. Governor Heidar Alishvandi said rescue teams reached the villages.",
    "Governor Heidar Alishvandi said the magnitude 5.9 earthquake destroyed homes in Tonban and Gavarzin on "
    "Qeshm island. The Red Crescent sent tents to the villagers.",
    "Villagers in Gavarzin and Tonban slept outside after the earthquake on Qeshm island, the Red Crescent "
    "said; governor Heidar Alishvandi counted ten dead.",
]
QUAKE_2008 = [
    "A magnitude 6.1 earthquake struck Qeshm island in the Persian Gulf, injuring residents of Dargahan and "
    "Laft, the geological survey said. Officials in Bandar Abbas sent ambulances to Laft.",
    "Residents of Laft and Dargahan on Qeshm island were injured when a 6.1 magnitude earthquake hit, "
    "officials in Bandar Abbas said. Ambulances reached Dargahan.",
    "The 6.1 magnitude earthquake cracked walls in Dargahan and Laft on Qeshm island; officials in Bandar "
    "Abbas said ambulances took the injured to hospital.",
    "Officials in Bandar Abbas said injured residents of Laft and Dargahan were in hospital after the "
    "earthquake on Qeshm island.",
]


def _articles(prefix: str, texts: list[str]):
    return [
        (
            Article(text=text, id=f"{prefix}{n}", published="2021-03-02", source=f"s{n}"),
            ArticleRecord(ArticleMeta(f"{prefix}{n}", published="2021-03-02", source=f"s{n}")),
        )
        for n, text in enumerate(texts)
    ]


def _stories(batches, settings: StorySettings, *, uncut: bool = False) -> dict[str, str]:
    with Store(memory=True) as store:
        for batch in batches:
            store.add_articles(batch)
            fingerprint_new_articles(store, stories=settings)
        return sql.groups(store) if uncut else sql.stories(store)


def _groups(stories: dict[str, str]) -> set[frozenset[str]]:
    return {frozenset(a for a in stories if stories[a] == s) for s in stories.values()}


def test_stories_of_two_similar_happenings_are_cut_apart_and_incremental_runs_agree():
    # Four links each: every report of one quake has three others of its own and links to one of the other.
    settings = dataclasses.replace(story_settings(), neighbours=4, threshold=0.05, max_cut=0.3)
    first, second = _articles("a", QUAKE_2005), _articles("b", QUAKE_2008)
    assert len(_groups(_stories([first + second], dataclasses.replace(settings, max_cut=0.0)))) == 1
    at_once = _stories([first + second], settings)
    assert _groups(at_once) == {frozenset(f"a{n}" for n in range(4)), frozenset(f"b{n}" for n in range(4))}
    # Each article also keeps its uncut group of linked articles, for incident matching.
    assert len(_groups(_stories([first + second], settings, uncut=True))) == 1
    # Stored one article at a time (links are replaced as nearer reports arrive), in any order: the same.
    for order in (first + second, second + first, list(itertools.chain(*zip(first, second, strict=True)))):
        assert _groups(_stories([[item] for item in order], settings)) == _groups(at_once)
