"""Incidents, near-duplicates and stories over hand-built records in an in-memory store (no model)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from flashpoint.ingest.article import Article
from flashpoint.monitor import update_monitor
from flashpoint.monitor.incidents import distance_km, event_place, places_compatible
from flashpoint.monitor.report import incident_record
from flashpoint.monitor.text import band_keys, containment, jaccard, minhash, shingles
from flashpoint.records.model import Actor, ArticleMeta, ArticleRecord, Event, Place, SentenceRef, Span
from flashpoint.store import Store
from flashpoint.store import _incidents as sql

KABUL = Place("Kabul", 0, 5, "Kabul", 1138958, 34.53, 69.17, "AFG", "P", "Kabul")
HERAT = Place("Herat", 0, 5, "Herat", 1140026, 34.35, 62.20, "AFG", "P", "Herat")

ATTACK = (
    "A suicide bomber attacked a police checkpoint in Kabul on Monday, killing nine officers, the interior "
    "ministry said. The Taliban claimed the bombing near the checkpoint in a statement."
)
ATTACK_OTHER_WORDS = (
    "Nine policemen died when a suicide bomber struck a checkpoint in the Afghan capital Kabul, officials "
    "said. The Taliban said it carried out the bombing."
)
TRADE = (
    "Ministers from India and Japan agreed on a new trade framework in Tokyo on Monday after two days of "
    "talks about tariffs on electronics and steel."
)


def _event(
    text: str, eid: str, etype: str, *, place=KABUL, actor="AFG", recipient="AFG", modality="asserted"
):
    first = text.split(".")[0]
    return Event(
        id=eid,
        type=etype,
        mode=None,
        contexts=(),
        cameo="190" if etype == "ASSAULT" else "057",
        quad_class=4 if etype == "ASSAULT" else 1,
        goldstein=-10.0 if etype == "ASSAULT" else 4.0,
        acled=None,
        actor=(Actor("actor", 0, 5, actor, "UAF"),) if actor else (),
        recipient=(Actor("recipient", 6, 9, recipient, "COP"),) if recipient else (),
        trigger=Span("attacked", 10, 18),
        sentence=SentenceRef(0, 0, len(first)),
        location=place,
        date="2021-03-01",
        date_text="Monday",
        modality=modality,
        attribution=None,
        confidence=0.9,
    )


def _article(aid: str, text: str, events, *, source: str, published: str = "2021-03-02"):
    article = Article(text=text, id=aid, published=published, source=source)
    record = ArticleRecord(ArticleMeta(aid, published=published, source=source), events=tuple(events))
    return article, record


@pytest.fixture
def store():
    with Store(memory=True) as found:
        yield found


def test_shingles_minhash_and_overlap_measures():
    a, b = shingles(ATTACK), shingles(ATTACK + " More details were not given.")
    assert 0.7 < jaccard(a, b) < 1.0
    assert containment(a, b) == 1.0
    assert jaccard(shingles(ATTACK), shingles(TRADE)) == 0.0
    # Identical sets give identical signatures, so every band key is shared.
    assert band_keys(minhash(a)) == band_keys(minhash(set(a)))
    assert len(band_keys(minhash(a))) == 32


def test_reports_of_one_attack_become_one_incident_with_corroboration(store):
    store.add_articles(
        [
            _article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT")], source="Reuters"),
            _article("a2", ATTACK_OTHER_WORDS, [_event(ATTACK_OTHER_WORDS, "e1", "ASSAULT")], source="AFP"),
            _article(
                "a3",
                TRADE,
                [_event(TRADE, "e1", "AGREE", place=None, actor="IND", recipient="JPN")],
                source="AP",
            ),
        ]
    )
    report = update_monitor(store)
    assert report.linked == 3 and report.created == 2
    links = sql.event_incidents(store)
    assert links[("a1", "e1")] == links[("a2", "e1")] != links[("a3", "e1")]
    assert store.incident_ids(["a1"]) == {("a1", "e1"): links[("a1", "e1")]}
    attack = next(i for i in sql.incidents(store) if i["type"] == "ASSAULT")
    record = incident_record(attack)
    assert record["corroboration"] == 2
    assert record["publishers"] == ["AFP", "Reuters"]
    assert record["event_ids"] == ["a1#e1", "a2#e1"]
    assert record["modalities"] == {"asserted": 2}
    assert record["first_reported"] == "2021-03-02" and record["date"] == "2021-03-01"
    assert record["location"]["name"] == "Kabul"


def test_a_far_away_place_or_another_actor_keeps_incidents_apart(store):
    store.add_articles(
        [
            _article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT")], source="Reuters"),
            _article(
                "a2",
                ATTACK_OTHER_WORDS,
                [_event(ATTACK_OTHER_WORDS, "e1", "ASSAULT", place=HERAT)],
                source="AFP",
            ),
            _article("a3", ATTACK + " ", [_event(ATTACK, "e1", "ASSAULT", actor="PAK")], source="BBC"),
        ]
    )
    update_monitor(store)
    links = sql.event_incidents(store)
    assert len({links[("a1", "e1")], links[("a2", "e1")], links[("a3", "e1")]}) == 3


def test_hypothetical_events_join_no_incident(store):
    store.add_articles(
        [_article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT", modality="hypothetical")], source="Reuters")]
    )
    update_monitor(store)
    assert sql.event_incidents(store) == {}


def test_a_republished_wire_story_is_a_duplicate_counted_once(store):
    copy = ATTACK + " Reporting by the newsroom."
    store.add_articles([_article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT")], source="Reuters")])
    update_monitor(store)
    store.add_articles([_article("a2", copy, [_event(copy, "e1", "ASSAULT")], source="Daily Mirror")])
    report = update_monitor(store)
    assert report.duplicates == 1
    assert sql.duplicates(store) == {"a2": ("a1", pytest.approx(1.0))}
    assert sql.stories(store)["a2"] == sql.stories(store)["a1"]
    (incident,) = sql.incidents(store)
    assert incident["n_events"] == 2 and incident["corroboration"] == 1  # the copy adds no publisher
    assert sum(sql.article_volume(store).values()) == 1


def test_incremental_runs_join_existing_incidents_and_replacements_are_relinked(store):
    store.add_articles([_article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT")], source="Reuters")])
    update_monitor(store)
    (first,) = sql.incidents(store)
    store.add_articles(
        [_article("a2", ATTACK_OTHER_WORDS, [_event(ATTACK_OTHER_WORDS, "e1", "ASSAULT")], source="AFP")]
    )
    report = update_monitor(store)
    assert report.created == 0 and report.linked == 1
    assert update_monitor(store).linked == 0  # idempotent
    # A new version of a2 about something else: its old link goes, its new event founds an incident.
    store.add_articles([_article("a2", TRADE, [_event(TRADE, "e1", "AGREE", place=None)], source="AFP")])
    update_monitor(store)
    by_id = {i["id"]: i for i in sql.incidents(store)}
    assert by_id[first["id"]]["corroboration"] == 1
    assert len(by_id) == 2


def test_places_compare_at_the_coarser_level():
    kabul = event_place(
        {"lat": 34.53, "lon": 69.17, "place_country": "AFG", "admin1": "Kabul", "place_name": "Kabul"}
    )
    herat = event_place(
        {"lat": 34.35, "lon": 62.2, "place_country": "AFG", "admin1": "Herat", "place_name": "Herat"}
    )
    country = event_place(
        {"lat": 33.0, "lon": 65.0, "place_country": "AFG", "admin1": None, "place_name": "Afghanistan"}
    )
    assert kabul and herat and country
    assert 600 < distance_km(kabul, herat) < 700
    assert not places_compatible(kabul, herat, 100)
    assert places_compatible(kabul, country, 100)
    assert event_place({"lat": None, "place_country": None}) is None


def test_incident_table_rows_carry_day_bounds(store):
    store.add_articles([_article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT")], source="Reuters")])
    update_monitor(store)
    (incident,) = sql.incidents(store, since=dt.date(2021, 3, 1), until=dt.date(2021, 3, 1))
    assert incident["first_day"] == incident["last_day"] == dt.date(2021, 3, 1)
    assert sql.incidents(store, since=dt.date(2021, 4, 1)) == []


def test_scoring_shortcuts_give_the_plain_formulas():
    """The C-level dot product, the pairwise article products and the remembered products are speed-ups,
    not approximations: the score is the formula's (to the last bits of a float's rounding)."""
    from flashpoint.monitor.config import incident_settings, term_settings
    from flashpoint.monitor.incidents import _dot, _IncidentState, _Matcher, _sum_cosine
    from flashpoint.monitor.text import TermWeights

    a = {"kabul": 0.6, "bomb": 0.48, "police": 0.64}
    b = {"kabul": 0.3, "police": 0.1, "taliban": 0.9}
    assert _dot(a, b) == sum(v * b.get(t, 0.0) for t, v in a.items())
    matcher = _Matcher(incident_settings(), TermWeights(10, {"kabul": 2}, term_settings()))
    events = [
        {"article_id": aid, "sentence_text": text, "terms": terms, "group_id": None}
        for aid, text, terms in (
            ("a1", "A bomb hit Kabul police.", {"kabul": 2, "bomb": 1, "police": 3}),
            ("a2", "Taliban claimed the Kabul bombing.", {"kabul": 1, "taliban": 2, "bombing": 1}),
            ("a3", "Kabul police blamed the Taliban.", {"kabul": 1, "taliban": 1, "police": 2}),
        )
    ]
    incident = _IncidentState("i1", 1)
    for event in events:
        incident.add(
            event | {"type": "ASSAULT", "actor_codes": [], "recipient_codes": []},
            *matcher.vectors(event),
            matcher.pair_dot,
        )
    settings = incident_settings()
    for event in events:
        sentence, article = matcher.vectors(event)
        others: dict[str, float] = {}  # the plain sum of the incident's other articles' vectors
        for aid, vector in incident.articles.items():
            if aid != event["article_id"]:
                for term, value in vector.items():
                    others[term] = others.get(term, 0.0) + value
        article_cosine = _dot(article, others) / math.sqrt(_dot(others, others))
        sentence_score = _sum_cosine(sentence, incident.sentence_sum, incident.sentence_square)
        wanted = settings.sentence_weight * sentence_score + settings.article_weight * max(
            article_cosine, 0.0
        )
        assert matcher.score(event, sentence, article, incident) == pytest.approx(wanted, rel=1e-12)


@pytest.mark.parametrize("cap, joins_the_first", [(2, True), (1, False)])
def test_candidate_incidents_are_bounded_by_count_per_type(store, cap, joins_the_first):
    # However many incidents a date window (or no date) holds, an event is compared with at most the
    # `max_candidates_per_type` latest of each type: here the Herat attack, founded after Kabul's.
    import dataclasses

    from flashpoint.monitor import fingerprint_new_articles, update_incidents
    from flashpoint.monitor.config import incident_settings

    settings = dataclasses.replace(incident_settings(), max_candidates_per_type=cap)
    herat = ATTACK.replace("Kabul", "Herat")
    store.add_articles([_article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT")], source="Reuters")])
    store.add_articles([_article("a2", herat, [_event(herat, "e1", "ASSAULT", place=HERAT)], source="BBC")])
    fingerprint_new_articles(store)
    update_incidents(store, settings)
    other_words = [_event(ATTACK_OTHER_WORDS, "e1", "ASSAULT")]
    store.add_articles([_article("a3", ATTACK_OTHER_WORDS, other_words, source="AFP")])
    fingerprint_new_articles(store)
    report = update_incidents(store, settings)
    links = sql.event_incidents(store)
    assert (links[("a3", "e1")] == links[("a1", "e1")]) is joins_the_first
    assert report.created == (0 if joins_the_first else 1)


def test_story_candidates_are_the_latest_articles(store):
    texts = [TRADE, ATTACK, ATTACK_OTHER_WORDS]  # no two of them near-duplicates
    for n, day in enumerate(["2021-03-01", "2021-03-03", "2021-03-02"]):
        text = texts[n]
        store.add_articles([_article(f"t{n}", text, [], source="AP", published=day)])
    update_monitor(store)
    members = sql.story_members(store, None, None, exclude=[], limit=2)
    assert [(aid, str(day)) for aid, day, _ in members] == [("t1", "2021-03-03"), ("t2", "2021-03-02")]
    assert len(sql.story_members(store, None, None, exclude=[])) == 3
