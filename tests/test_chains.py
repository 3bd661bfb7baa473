"""Mention chains: pronouns and bare titles joined to the person or organisation they stand for."""

from __future__ import annotations

import pytest

from .test_stages import coded


def pronoun(doc, text: str, nth: int = 1):
    found = [e for e in doc._.entities if e.text == text and e.label == "PRON"]
    return found[nth - 1]


def test_he_is_the_nearest_person_subject(nlp):
    doc = coded(nlp, "Mike Pompeo met Fuad Hussein in Baghdad. He warned Iraqi leaders.")
    he = pronoun(doc, "He")
    assert he.name == "Mike Pompeo" and he.code == "USA"


def test_bare_title_takes_the_person_who_holds_it(nlp):
    doc = coded(
        nlp, "Iraq's Foreign Minister Fuad Hussein arrived on Monday. The minister met Iranian leaders."
    )
    title = next(e for e in doc._.entities if e.text.lower() == "the minister")
    assert title.name == "Fuad Hussein" and title.code == "IRQ"


def test_it_in_a_clause_governed_by_an_organisation(nlp):
    doc = coded(nlp, "Politico reported that it spoke with three sources.")
    it = pronoun(doc, "it")
    assert it.name == "Politico" and it.chain is not None


def test_its_takes_the_governing_subject(nlp):
    doc = coded(nlp, 'Iraq hopes the United States "will reconsider" its decision.')
    assert pronoun(doc, "its").code == "USA"


def test_they_takes_a_plural_group_subject_of_the_previous_sentence(nlp):
    doc = coded(nlp, "Iraqi police arrested ten men. They said the men planned an attack.")
    they = pronoun(doc, "They")
    assert they.code == "IRQ" and they.sector == "COP"


@pytest.mark.parametrize(
    "text",
    [
        "The embassy closure could prove a double-edged sword. It could send the wrong message.",
        "It is unacceptable for militias to attack diplomats.",
        "Iraqi police arrested ten men. It was raining.",
    ],
)
def test_it_that_refers_to_no_actor_stays_unresolved(nlp, text):
    doc = coded(nlp, text)
    it = pronoun(doc, "It")
    assert it.code is None and it.name is None


def test_person_pronoun_window_is_short(nlp):
    doc = coded(
        nlp,
        "Mike Pompeo spoke on Monday. Talks went on. Nothing changed. Delegates left. He said nothing.",
    )
    assert pronoun(doc, "He").name is None
