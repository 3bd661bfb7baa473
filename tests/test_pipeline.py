"""The whole pipeline: the seed article end to end, the contract schema, long articles, bad articles."""

from __future__ import annotations

import json
import math

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.coder import Coded, code_articles, code_items, split_text
from flashpoint.data import DATA_DIR
from flashpoint.ingest import Article, ReadProblem, article_id
from flashpoint.records import ArticleRecord

from .conftest import EXAMPLES

SCHEMA = json.loads((DATA_DIR / "schema" / "article-record.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def check_contract(record: ArticleRecord, text: str) -> dict:
    data = record.to_dict()
    VALIDATOR.validate(data)
    # Every offset points at its own text.
    for section in ("entities", "places", "times"):
        for item in data[section]:
            assert text[item["start"] : item["end"]] == item["text"], item
    for quote in data["quotes"]:
        for part in ("speaker", "cue", "content"):
            if quote[part]:
                assert text[quote[part]["start"] : quote[part]["end"]] == quote[part]["text"]
    for event in data["events"]:
        assert text[event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]
        for actor in event["actor"] + event["recipient"]:
            assert text[actor["start"] : actor["end"]] == actor["text"]
        sentence = event["sentence"]
        assert sentence["start"] <= event["trigger"]["start"] < sentence["end"]
    return data


@pytest.fixture(scope="module")
def seed():
    text = (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    (record,) = code_articles([Article(text=text, id="seed-article", published="2020-09-29")])
    return text, check_contract(record, text)


def sentence_with(text: str, data: dict, snippet: str) -> list[dict]:
    at = text.index(snippet)
    return [e for e in data["events"] if e["sentence"]["start"] <= at < e["sentence"]["end"]]


def test_seed_pompeo_threatens_iraqi_leaders_in_baghdad(seed):
    text, data = seed
    (threat,) = [e for e in sentence_with(text, data, "Pompeo recently warned") if e["type"] == "THREATEN"]
    assert threat["quad_class"] == 3 and threat["cameo"].startswith("13")
    assert (threat["actor"][0]["code"], threat["actor"][0]["sector"]) == ("USA", "GOV")
    assert "Pompeo" in threat["actor"][0]["name"]
    assert [(r["code"], r["sector"]) for r in threat["recipient"]] == [("IRQ", "GOV")]
    assert threat["location"]["name"] == "Baghdad"


def test_seed_militia_attacks_on_american_sites(seed):
    text, data = seed
    attacks = [e for e in sentence_with(text, data, "Pompeo recently warned") if e["type"] == "ASSAULT"]
    assert any(
        a["code"] in {"IRN", "IRQ"} and a["sector"] in {"UAF", "REB", "MIL"} and "militias" in a["text"]
        for e in attacks
        for a in e["actor"]
    )
    assert any(r["code"] == "USA" for e in attacks for r in e["recipient"])


def test_seed_state_department_condemns_the_militias(seed):
    text, data = seed
    in_sentence = sentence_with(text, data, "unacceptable for Iran-backed")
    accusations = [e for e in in_sentence if e["type"] == "ACCUSE"]
    assert accusations and accusations[0]["actor"][0]["code"] == "USA"
    assert accusations[0]["recipient"][0]["sector"] in {"UAF", "REB", "MIL"}


def test_seed_iraq_asks_the_us_on_sunday(seed):
    text, data = seed
    (appeal,) = [e for e in sentence_with(text, data, "On Sunday, Ahmed") if e["type"] == "REQUEST"]
    assert appeal["date"] == "2020-09-27" and appeal["date_text"] == "Sunday"
    assert appeal["actor"][0]["code"] == "IRQ" and "Talal" in appeal["actor"][0]["text"]
    assert appeal["recipient"][0]["code"] == "USA"


def test_seed_foreign_minister_visits_tehran(seed):
    text, data = seed
    visits = [e for e in sentence_with(text, data, "Fuad Hussein traveled") if e["type"] == "CONSULT"]
    assert any(
        e["actor"][0]["code"] == "IRQ"
        and any((r["code"], r["sector"]) == ("IRN", "GOV") for r in e["recipient"])
        and (e["location"] or {}).get("name") == "Tehran"
        for e in visits
    )


@pytest.mark.parametrize(
    "snippet",
    ["could prove a double-edged sword", "could provoke further attacks", "feel freer to use airstrikes"],
)
def test_seed_speculation_is_never_coded_as_fact(seed, snippet):
    text, data = seed
    for event in sentence_with(text, data, snippet):
        assert event["modality"] not in {"asserted", "reported"}, event


@pytest.mark.parametrize(
    ("content", "speaker"),
    [
        ("will not tolerate threats", "State Department"),
        ("single biggest deterrent to stability", "State Department"),
        ("unacceptable for Iran-backed groups", "State Department"),
        ("will reconsider", "Talal"),
        ("outlaw groups", "Talal"),
        ("direct threat to an American target", "Tueller"),
    ],
)
def test_seed_quotes_have_their_speakers(seed, content, speaker):
    _, data = seed
    quote = next(q for q in data["quotes"] if content in q["content"]["text"].replace("“", '"'))
    words = (quote["speaker"]["text"] or "") + " " + (quote["speaker"]["resolved"] or "")
    assert speaker in words


def test_seed_places_and_dates(seed):
    _, data = seed
    places = {p["text"]: p for p in data["places"]}
    for name, lat, lon in (("Baghdad", 33.34, 44.40), ("Tehran", 35.69, 51.42)):
        place = places[name]
        assert math.dist((place["lat"], place["lon"]), (lat, lon)) < 0.2  # ~20 km
    assert any(t["text"] == "Sunday" and t["value"] == "2020-09-27" for t in data["times"])


def test_split_text_keeps_every_character():
    text = "Para one.\n\nPara two is longer. It has sentences.\nA line. " * 40
    pieces = split_text(text, 120)
    assert "".join(pieces) == text and all(len(p) <= 120 for p in pieces)
    assert split_text("short", 100) == ["short"]


def test_long_articles_are_parsed_in_pieces_with_exact_offsets(nlp):
    text = ("Russian troops attacked Ukrainian positions near Kharkiv on Monday. " * 3 + "\n\n") * 4
    article = Article(text=text, id="long", published="2020-09-29")
    (item,) = list(code_items([article], nlp=nlp, chunk_chars=200))
    assert isinstance(item, Coded)
    data = check_contract(item.record, text)
    assert len([e for e in data["events"] if e["type"] == "ASSAULT"]) == 12


def test_one_failing_article_does_not_stop_the_batch(nlp, monkeypatch):
    from flashpoint import coder

    real = coder.run_stages

    def flaky(nlp_, doc):
        if "explode" in doc.text:
            raise RuntimeError("stage exploded")
        return real(nlp_, doc)

    monkeypatch.setattr(coder, "run_stages", flaky)
    items = [Article(text=t, id=article_id(t)) for t in ("Iraq warned Iran.", "explode now", "Iran replied.")]
    results = list(code_items(items, nlp=nlp))
    assert [type(r) for r in results] == [Coded, ReadProblem, Coded]
    assert "stage exploded" in results[1].message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=400))
def test_arbitrary_unicode_gives_a_valid_record_or_a_clear_problem(nlp, text):
    article = Article(text=text, id=article_id(text), published="2020-09-29")
    for item in code_items([article], nlp=nlp):
        if isinstance(item, Coded):
            check_contract(item.record, text)
        else:
            assert item.message


@pytest.mark.parametrize("path", ["seed-article.txt", "articles.jsonl"])
def test_bundled_examples_satisfy_the_schema(path):
    from flashpoint.ingest import read_inputs

    items = list(read_inputs([EXAMPLES / path], published="2020-09-29"))
    articles = [i for i in items if isinstance(i, Article)]
    for article, record in zip(articles, code_articles(articles), strict=True):
        check_contract(record, article.text)
