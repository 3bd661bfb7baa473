"""Corrections (store/_corrections.py): validation, storage apart from the machine, review folding, staleness,
and their use as gold by `flashpoint eval corrections`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flashpoint.cli import cli
from flashpoint.errors import EvaluationError
from flashpoint.evaluation import DATASETS
from flashpoint.evaluation.corrections import evaluate_corrections
from flashpoint.ingest.article import Article
from flashpoint.store import Store
from flashpoint.store._corrections import validate_changes

from .test_api import fresh_db, workbench_db  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "cannot correct colour"),
        ({"type": "BOMB"}, "not a PLOVER event type"),
        ({"modality": "certain"}, "not one of"),
        ({"actor": {"code": "USAF"}}, "3-letter"),
        ({"actor": {"sector": "government"}}, "sector"),
        ({"actor": None}, "reject it instead"),
        ({"actor": {}}, "at least a code"),
        ({"location": {"name": "Mosul", "lat": 36.3}}, "both lat and lon"),
        ({"location": {"name": "X", "lat": 100, "lon": 1}}, "out of range"),
        ({"location": {"lat": 1, "lon": 1}}, "name or a country_code"),
        ({"date": "yesterday"}, "not a date"),
        ({"cameo": "abc"}, "CAMEO code"),
        ({"actor": [{"code": "USA"}] * 11}, "one to ten"),
        ({"type": "x" * 600}, "longer than"),
    ],
)
def test_invalid_changes_say_what_is_wrong(changes, message):
    with pytest.raises(ValueError, match=message):
        validate_changes(changes)


def test_changes_are_normalised():
    changes = validate_changes({
        "type": " protest ", "actor": {"code": "usa", "sector": "gov"}, "recipient": [],
        "modality": "HEDGED", "location": {"name": "Mosul", "country_code": "irq", "lat": 36.3, "lon": 43.1},
        "date": "2020-W39",
    })  # fmt: skip
    assert changes["type"] == "PROTEST" and changes["modality"] == "hedged" and changes["recipient"] == []
    assert changes["actor"] == [
        {"text": None, "start": None, "end": None, "code": "USA", "sector": "GOV", "name": None}
    ]
    assert changes["location"]["country_code"] == "IRQ" and changes["date"] == "2020-W39"


def test_corrections_never_touch_the_machine_rows(fresh_db):  # noqa: F811
    with Store(fresh_db) as store:
        before = store.events(article_id="seed", limit=None)
        record_before = store.article("seed")["record"]
        target = before[0]
        store.add_correction("seed", target["id"], "correct", changes={"type": "PROTEST"}, analyst="ana")
        assert store.events(article_id="seed", limit=None) == before
        assert store.article("seed")["record"] == record_before
        reviewed = {e["id"]: e for e in store.reviewed_events("seed")}[target["id"]]
    assert reviewed["type"] == "PROTEST" and reviewed["cameo"] == "140"
    assert reviewed["quad_class"] == 4 and reviewed["goldstein"] == -6.5  # from the ontology, as coded
    assert reviewed["acled"]["event_type"] == "Protests"
    assert reviewed["review"]["machine"] == {"type": target["type"]}
    assert reviewed["review"]["analyst"] == "ana" and reviewed["review"]["status"] == "corrected"


def test_reviews_fold_in_order(fresh_db):  # noqa: F811
    with Store(fresh_db) as store:
        eid = store.events(article_id="seed", limit=1)[0]["id"]
        store.add_correction("seed", eid, "correct", changes={"modality": "hedged"})
        store.add_correction("seed", eid, "correct", changes={"date": "2020-09"})
        review = store.reviews()[("seed", eid)]
        assert review.status == "corrected" and review.changes == {"modality": "hedged", "date": "2020-09"}
        store.add_correction("seed", eid, "reject")
        assert store.reviews()[("seed", eid)].status == "rejected"
        store.add_correction("seed", eid, "confirm")
        review = store.reviews()[("seed", eid)]
        assert review.status == "confirmed" and review.corrections == 4
        assert review.changes == {"modality": "hedged", "date": "2020-09"}  # confirmed as corrected
        assert store.count_events(review="confirmed") == 1
        assert store.count_events(review="unreviewed") == store.count_events() - 1
        assert store.count_events(review=["rejected", "corrected"]) == 0
        assert [c["verdict"] for c in store.corrections(article_id="seed")] == [
            "confirm", "reject", "correct", "correct",
        ]  # fmt: skip


def test_refused_corrections_store_nothing(fresh_db):  # noqa: F811
    with Store(fresh_db) as store:
        eid = store.events(article_id="seed", limit=1)[0]["id"]
        for args, kwargs, error in [
            (("seed", eid, "correct"), {}, ValueError),
            (("seed", eid, "confirm"), {"changes": {"type": "PROTEST"}}, ValueError),
            (("seed", eid, "maybe"), {}, ValueError),
            (("seed", "e999", "confirm"), {}, LookupError),
            (("no-such-article", eid, "confirm"), {}, LookupError),
        ]:
            with pytest.raises(error):
                store.add_correction(*args, **kwargs)
        assert store.corrections() == []
    with Store(fresh_db, read_only=True) as store, pytest.raises(Exception, match="read-only"):
        store.add_correction("seed", eid, "confirm")


def test_corrections_survive_recoding_and_go_stale_when_the_event_moves(fresh_db):  # noqa: F811
    from flashpoint import code_articles

    with Store(fresh_db) as store:
        article = store.article("markup-article")
        eid = store.events(article_id="markup-article", limit=1)[0]["id"]
        store.add_correction("markup-article", eid, "correct", changes={"modality": "negated"})
        # Recode the same text: same events, so the review still applies.
        same = Article(text=article["text"], id="markup-article", title=article["title"],
                       published=article["published"], source=article["source"])  # fmt: skip
        store.add_articles([(same, next(iter(code_articles([same]))))], replace=True)
        assert {e["id"]: e for e in store.reviewed_events("markup-article")}[eid]["modality"] == "negated"
        # New text before it: the trigger moves, the review is kept but marked stale and not applied.
        moved = Article(
            text="Officials said little. " + article["text"], id="markup-article", title=article["title"],
            published=article["published"], source=article["source"],
        )  # fmt: skip
        store.add_articles([(moved, next(iter(code_articles([moved]))))])
        machine = {e["id"]: e for e in store.events(article_id="markup-article", limit=None)}
        event = {e["id"]: e for e in store.reviewed_events("markup-article")}.get(eid)
        assert len(store.corrections(article_id="markup-article")) == 1
    if event is not None:  # the same id now names an event at other offsets
        assert event["review"]["stale"] is True
        assert event["modality"] == machine[eid]["modality"]


def test_eval_corrections_scores_the_pipeline_against_the_verdicts(fresh_db):  # noqa: F811
    assert "corrections" in DATASETS
    with pytest.raises(EvaluationError, match="no corrections"):
        evaluate_corrections(fresh_db)
    with Store(fresh_db) as store:
        events = store.events(article_id="seed", limit=None)
        for event in events[:4]:
            store.add_correction("seed", event["id"], "confirm")
        store.add_correction("seed", events[4]["id"], "reject")
        other = "future" if events[5]["modality"] != "future" else "hedged"
        store.add_correction("seed", events[5]["id"], "correct", changes={"modality": other})
    result = evaluate_corrections(fresh_db)
    assert (result["confirmed"], result["rejected"], result["corrected"]) == (4, 1, 1)
    # The pipeline is deterministic: recoding finds every reviewed event again, the rejected one included.
    assert result["detection"]["tp"] == 5 and result["detection"]["predicted"] == 6
    assert result["detection"]["r"] == 1.0 and result["detection"]["p"] == pytest.approx(5 / 6, abs=1e-3)
    assert result["modality_accuracy"] == pytest.approx(4 / 5) and result["type_accuracy"] == 1.0
    assert result["stored_modality_accuracy"] == pytest.approx(4 / 5)
    assert result["stored_precision"] == pytest.approx(5 / 6, abs=1e-3)

    output = CliRunner().invoke(
        cli, ["eval", "corrections", str(fresh_db), "--json", str(fresh_db) + ".json"]
    )
    assert output.exit_code == 0, output.output
    written = json.loads((fresh_db.parent / (fresh_db.name + ".json")).read_text())
    assert written["corrections"]["detection"]["tp"] == 5
