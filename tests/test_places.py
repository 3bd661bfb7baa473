"""The places stage: gazetteer, toponym finding, resolution, event locations, and an LGL smoke test."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from flashpoint.places import find_places, get_gazetteer, haversine_km, normalize, place_for_tokens
from flashpoint.places.gazetteer import Gazetteer, cache_path


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def tagged(nlp, text: str, *names: tuple[str, str]) -> Doc:
    """A blank-pipeline Doc whose entities are `names` ((surface, label), first occurrence each)."""
    doc = nlp(text)
    spans, offset = [], 0
    for surface, label in names:
        start = text.index(surface, offset)
        spans.append(doc.char_span(start, start + len(surface), label=label))
        offset = start + len(surface)
    doc.ents = spans
    return doc


def by_text(places):
    return {p.text: p for p in places}


def test_normalize_merges_spellings():
    assert normalize("U.S.") == normalize("US") == "us"
    assert normalize("Saint Louis") == normalize("St. Louis")
    assert normalize("Côte d’Ivoire") == normalize("Cote d'Ivoire")
    assert normalize("The Gambia") == "gambia"


def test_baghdad_tehran_and_iraq(blank):
    text = "Rockets hit Baghdad on Sunday; Iraq blamed militias backed by Tehran."
    doc = tagged(blank, text, ("Baghdad", "GPE"), ("Iraq", "GPE"), ("Tehran", "GPE"))
    places = by_text(find_places(doc))
    baghdad = places["Baghdad"]
    assert baghdad.country_code == "IRQ"
    assert haversine_km((baghdad.lat, baghdad.lon), (33.34, 44.40)) < 25
    assert baghdad.feature_class == "P" and baghdad.geonameid is not None
    assert places["Tehran"].country_code == "IRN"
    iraq = places["Iraq"]
    assert (iraq.country_code, iraq.feature_class, iraq.name) == ("IRQ", "A", "Iraq")


def test_offsets_index_the_text(blank):
    text = "Officials in Baghdad’s Green Zone met envoys from the U.S. and Iran."
    doc = tagged(blank, text, ("Baghdad", "GPE"), ("Green Zone", "FAC"), ("U.S.", "GPE"), ("Iran", "GPE"))
    places = find_places(doc)
    for place in places:
        assert text[place.start : place.end] == place.text
    found = by_text(places)
    assert found["Baghdad"].country_code == "IRQ"
    assert found["U.S."].country_code == "USA" and found["U.S."].name == "United States"
    assert "Baghdad’s" not in found


def test_possessive_inside_an_entity_is_split(blank):
    text = "A rocket landed near Baghdad’s Green Zone."
    doc = tagged(blank, text, ("Baghdad’s Green Zone", "FAC"))
    found = by_text(find_places(doc))
    assert found["Baghdad"].country_code == "IRQ"


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        ("The fair moved to Paris, Texas, last spring.", "Paris", "Texas"),
        ("She grew up in Alexandria, Louisiana, near the river.", "Alexandria", "Louisiana"),
        ("Police in Springfield, Mo., arrested two men.", "Springfield", "Missouri"),
    ],
)
def test_qualified_towns_resolve_to_the_named_state(blank, text, town, state):
    qualifier = text.split(", ")[1]
    doc = tagged(blank, text, (town, "GPE"), (qualifier, "GPE"))
    places = by_text(find_places(doc))
    assert places[town].country_code == "USA"
    assert places[town].admin1 == state
    assert places[qualifier].feature_class == "A"


def test_unqualified_paris_is_france(blank):
    doc = tagged(blank, "Talks resumed in Paris on Monday.", ("Paris", "GPE"))
    assert find_places(doc)[0].country_code == "FRA"


def test_article_focus_reads_a_local_name(blank):
    text = "Alexandria police said the fire in Rapides Parish was arson. Alexandria is near Pineville."
    doc = tagged(blank, text, ("Alexandria", "GPE"), ("Rapides Parish", "GPE"), ("Alexandria", "GPE"))
    places = find_places(doc)
    alexandrias = [p for p in places if p.text == "Alexandria"]
    assert len(alexandrias) == 2
    assert {p.admin1 for p in alexandrias} == {"Louisiana"}  # one sense per article


def test_demonyms_only_when_asked(blank):
    doc = tagged(blank, "Russian troops entered Georgia.", ("Russian", "NORP"), ("Georgia", "GPE"))
    assert [p.text for p in find_places(doc)] == ["Georgia"]
    with_demonyms = by_text(find_places(doc, demonyms=True))
    assert with_demonyms["Russian"].country_code == "RUS"
    # The Russian context reads Georgia as the country, not the US state.
    assert with_demonyms["Georgia"].country_code == "GEO"


def test_unknown_place_is_kept_unresolved(blank):
    doc = tagged(blank, "They met in Qwertyville.", ("Qwertyville", "GPE"))
    (place,) = find_places(doc)
    assert place.text == "Qwertyville" and place.geonameid is None and place.lat is None


def test_component_sets_doc_places(blank):
    import flashpoint.places  # noqa: F401  (registers the component)

    nlp = spacy.blank("en")
    nlp.add_pipe("flashpoint_places")
    doc = nlp.make_doc("Troops left Kabul.")
    doc.ents = [doc.char_span(12, 17, label="GPE")]
    doc = nlp.get_pipe("flashpoint_places")(doc)
    assert [p.name for p in doc._.places] == ["Kabul"]


def test_place_attached_to_the_object(en_model):
    doc = en_model("The United States threatened to close its embassy in Baghdad after rocket attacks.")
    places = find_places(doc)
    close = next(t for t in doc if t.text == "close")
    embassy = next(t for t in doc if t.text == "embassy")
    place = place_for_tokens(doc, places, [close.i, embassy.i], close.sent)
    assert place is not None
    assert (place.text, place.link, place.country_code) == ("Baghdad", "argument", "IRQ")


def test_place_attached_to_the_trigger_and_sentence_fallback(en_model):
    doc = en_model("Protesters rallied in Tehran on Friday. Iran condemned the strikes.")
    places = find_places(doc)
    rallied = next(t for t in doc if t.text == "rallied")
    place = place_for_tokens(doc, places, [rallied.i], rallied.sent)
    assert (place.text, place.link) == ("Tehran", "trigger")
    condemned = next(t for t in doc if t.text == "condemned")
    iran = next(t for t in doc if t.text == "Iran")
    # Iran is the actor of the second event, not where it happened: only the article's focus is left.
    focus = place_for_tokens(doc, places, [condemned.i, iran.i], condemned.sent)
    assert (focus.text, focus.link) == ("Tehran", "article")
    strikes = next(t for t in doc if t.text == "strikes")
    # A country in subject position acts: even when the caller did not name it, it is no location.
    assert place_for_tokens(doc, places, [condemned.i, strikes.i], condemned.sent).link == "article"
    doc = en_model("Protests spread. Police arrested dozens of students, a spokesman in Iran said.")
    places = find_places(doc)
    arrested = next(t for t in doc if t.text == "arrested")
    police = next(t for t in doc if t.text == "Police")
    fallback = place_for_tokens(doc, places, [arrested.i, police.i], arrested.sent)
    assert fallback is not None and (fallback.text, fallback.link) == ("Iran", "sentence")


def test_gazetteer_cache_rebuilds_when_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    path = cache_path("cities15000")
    assert path.parent == tmp_path and not path.exists()
    first = Gazetteer.open(cities="cities15000")
    assert path.exists()
    assert any(c.country3 == "IRQ" for c in first.lookup("Baghdad"))
    path.unlink()
    second = Gazetteer.open(cities="cities15000")
    assert path.exists() and second.stats() == first.stats()


def test_gazetteer_contents():
    gazetteer = get_gazetteer()
    iraq = gazetteer.country("IRQ")
    assert iraq is not None and iraq.geonameid == 99237 and iraq.country2 == "IQ"
    assert gazetteer.country("US").point == (39.76, -98.5)
    texas = gazetteer.admin1("US", "TX")
    assert texas is not None and texas.kind == "admin1"
    laurel = [c for c in gazetteer.lookup("Laurel County") if c.admin1 == "KY"]
    assert laurel and laurel[0].point is not None
    assert {c.kind for c in gazetteer.lookup("Ontario")} >= {"admin1", "city"}


@pytest.mark.shared_data
def test_lgl_smoke(shared_data):
    from flashpoint.evaluation.lgl import evaluate_lgl

    result = evaluate_lgl(shared_data / "geo_lgl" / "lgl.xml", limit=20)
    assert result["articles"] == 20
    assert result["recall"] > 0.55
    assert result["precision"] > 0.7
    assert result["accuracy_161km"] > 0.7


def test_article_focus_is_the_most_named_place(en_model):
    doc = en_model(
        "Police in Basra arrested ten men. Basra was calm later. Officials in Baghdad said nothing."
    )
    places = find_places(doc)
    said = next(t for t in doc if t.text == "said")
    assert place_for_tokens(doc, places, [said.i], said.sent).text == "Baghdad"
    from flashpoint.places.locate import article_focus

    assert article_focus(places).text == "Basra"


def test_country_adjective_names_a_place_only_on_a_geographic_noun(en_model):
    texts = {p.text for p in find_places(en_model("Shells landed on Syrian territory, Iraqi leaders said."))}
    assert "Syrian" in texts and "Iraqi" not in texts
