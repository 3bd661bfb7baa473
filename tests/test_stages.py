"""One stage at a time on short parsed sentences (the full pipeline runs; each test reads one stage)."""

from __future__ import annotations

import pytest

from flashpoint.ingest import Article


def coded(nlp, text: str, published: str | None = "2020-09-29"):
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, id="t", published=published)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def entity(doc, text):
    return next(e for e in doc._.entities if e.text == text)


# -- actors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "code", "sector"),
    [
        ("Matthew Tueller, the U.S. Ambassador in Iraq, met officials.", "Matthew Tueller", "USA", "GOV"),
        ("Iraq's Foreign Minister Fuad Hussein arrived.", "Fuad Hussein", "IRQ", "GOV"),
        ("Iraqi leaders met on Monday.", "Iraqi leaders", "IRQ", "GOV"),
        ("Iran-backed militias fired rockets.", "Iran-backed militias", "IRN", "UAF"),
        ("Russian troops crossed the border.", "Russian troops", "RUS", "MIL"),
        ("Kenyan police arrested ten men.", "Kenyan police", "KEN", "COP"),
        # A place or holding stands for whoever its modifier names as holding it.
        ("Jets struck Hamas positions.", "Hamas positions", "PSE", "REB"),
        ("The army shelled militant hideouts.", "militant hideouts", None, "UAF"),
        ("Gunmen attacked a police checkpoint.", "a police checkpoint", None, "COP"),
    ],
)
def test_actor_codes_from_titles_modifiers_and_appositives(nlp, text, mention, code, sector):
    found = entity(coded(nlp, text), mention)
    assert (found.code, found.sector) == (code, sector)


def test_a_holding_with_no_holder_named_is_no_actor(nlp):
    doc = coded(nlp, "Gunmen attacked the checkpoint near the old bases.")
    assert not [e for e in doc._.entities if e.text.endswith(("checkpoint", "bases"))]


def test_spokesman_takes_the_country_and_sector_of_his_principal(nlp):
    doc = coded(nlp, "Hassan Ali, the spokesman for Iraqi Prime Minister Kadhimi, spoke.")
    assert (entity(doc, "Hassan Ali").code, entity(doc, "Hassan Ali").sector) == ("IRQ", "GOV")


def test_proxy_records_its_backer(nlp):
    found = entity(coded(nlp, "Iran-backed militias fired rockets."), "Iran-backed militias")
    assert found.backer == "IRN"


def test_surname_and_pronoun_join_the_person_chain(nlp):
    doc = coded(nlp, "Defence Minister Jane Smith of Canada visited Kabul. Smith said she was pleased.")
    smith = [e for e in doc._.entities if e.text in {"Jane Smith", "Smith", "she"}]
    assert len({e.chain for e in smith}) == 1 and len(smith) == 3
    assert all(e.name == "Jane Smith" and e.code == "CAN" for e in smith)


def test_dated_dictionary_role(nlp):
    doc = coded(nlp, "Nuri al-Maliki met the cabinet.", published="2008-05-01")
    assert entity(doc, "Nuri al-Maliki").code == "IRQ"


# -- attribution ------------------------------------------------------------------------------------------


def test_direct_quote_with_cue_after_it(nlp):
    doc = coded(nlp, "“We will not retreat from the border,” the minister said.")
    (quote,) = doc._.quotes
    assert quote.kind == "direct" and quote.cue.text == "said"
    assert quote.speaker.text == "the minister" and quote.content.text.startswith("We will not retreat")


def test_quote_without_cue_continues_the_previous_speaker(nlp):
    doc = coded(
        nlp,
        "“The talks failed,” Ahmed Mulla Talal said. "
        "“There will be no agreement this year, and we are ready.”",
    )
    _, second = doc._.quotes
    assert second.cue is None and second.speaker.text == "Ahmed Mulla Talal"


def test_pronoun_speaker_is_resolved(nlp):
    doc = coded(nlp, "Maria Lopez told reporters the talks failed. “We are ready,” she added.")
    quote = next(q for q in doc._.quotes if q.kind == "direct")
    assert quote.speaker.text == "she" and quote.speaker.resolved == "Maria Lopez"
    assert quote.source_type == "named_person"


def test_reported_speech_and_mixed_quote(nlp):
    doc = coded(nlp, 'Iraq said that the U.S. "will reconsider" its decision.')
    (quote,) = doc._.quotes
    assert quote.kind == "mixed" and quote.cue.text == "said" and "reconsider" in quote.content.text


def test_according_to_is_an_attribution_not_an_event(nlp):
    doc = coded(nlp, "According to officials inside the ministry, the army shelled the town.")
    quote = next(q for q in doc._.quotes if q.cue is not None and q.cue.text.lower() == "according to")
    assert quote.source_type == "anonymous" and "shelled" in quote.content.text
    assert all(e.trigger.text.lower() != "according" for e in doc._.events)
    shelling = next(e for e in doc._.events if e.trigger.text == "shelled")
    assert shelling.modality == "reported" and shelling.attribution.source_type == "anonymous"


def test_media_source_type(nlp):
    doc = coded(nlp, "Reuters reported that the army shelled the town.")
    assert doc._.quotes[0].source_type == "media"


# -- events -----------------------------------------------------------------------------------------------


def event(doc, trigger):
    return next(e for e in doc._.events if trigger in e.trigger.text)


def codes(actors):
    return [a.code for a in actors]


def test_subject_object_event(nlp):
    found = event(coded(nlp, "Russian troops attacked Ukrainian positions near Kharkiv."), "attacked")
    assert found.type == "ASSAULT" and found.quad_class == 4
    assert codes(found.actor) == ["RUS"] and codes(found.recipient) == ["UKR"]
    assert found.location is not None and found.location.country_code == "UKR"


def test_passive_voice(nlp):
    found = event(coded(nlp, "Ukrainian positions were attacked by Russian troops."), "attacked")
    assert codes(found.actor) == ["RUS"] and codes(found.recipient) == ["UKR"]


def test_light_verb_takes_its_type_from_the_noun(nlp):
    found = event(coded(nlp, "Israeli jets launched airstrikes on Syrian bases."), "airstrikes")
    assert found.type == "ASSAULT" and found.mode == "aerial" and codes(found.actor) == ["ISR"]
    assert codes(found.recipient) == ["SYR"]
    assert found.acled == found.acled.__class__("Explosions/Remote violence", "Air/drone strike")


def test_nominal_event_with_by_and_on(nlp):
    found = event(coded(nlp, "Iraq condemned the attacks by Iranian militias on American bases."), "attacks")
    assert found.type == "ASSAULT" and codes(found.actor) == ["IRN"] and codes(found.recipient) == ["USA"]


def test_coordinated_verbs_share_the_subject(nlp):
    doc = coded(nlp, "Syrian rebels attacked the airport and threatened the government.")
    assert codes(event(doc, "threatened").actor) == ["SYR"]


def test_statement_verbs_are_not_events(nlp):
    assert not coded(nlp, "The minister said the weather was fine.")._.events


def test_dates_and_offsets(nlp):
    text = "On Sunday, Iraqi police arrested five protesters in Basra."
    doc = coded(nlp, text)
    found = event(doc, "arrested")
    assert found.type == "COERCE" and found.date == "2020-09-27" and found.date_text == "Sunday"
    assert text[found.trigger.start : found.trigger.end] == found.trigger.text
    assert found.location.text == "Basra" and found.location.country_code == "IRQ"


def test_event_without_date_falls_back_to_publication(nlp):
    found = event(coded(nlp, "Iraqi police arrested five protesters."), "arrested")
    assert found.date == "2020-09-29" and found.date_text is None


def test_verbless_headline_terminates_and_is_dated(nlp):
    # The sentence root is a noun: walking up to "the clause's verb" must stop at the root.
    found = event(
        coded(nlp, "Deadly clashes between Afghan troops and the Taliban in Kabul on Sunday."), "clashes"
    )
    assert found.type == "ASSAULT" and found.date == "2020-09-27"
