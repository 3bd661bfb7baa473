"""Attribution: statements of every kind, speakers resolved, source types, chains and disputes, on short
parsed texts (the full pipeline runs; each test reads the attribution stage's results)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy
from spacy.tokens import Doc

from flashpoint.attribution.cues import cue_frame, cue_rates, is_cue
from flashpoint.attribution.link import attribution_for
from flashpoint.attribution.quotes import find_statements, quoted_spans
from flashpoint.attribution.statement import attribution_lexicon
from flashpoint.attribution.tagger import tagger_models
from flashpoint.records.model import Quote, SourceLink, Span, Speaker

from .test_stages import coded


def quote_with(doc, content: str):
    return next(q for q in doc._.quotes if content in q.content.text)


def quotes_cued(doc, cue: str) -> list:
    return [q for q in doc._.quotes if q.cue is not None and q.cue.text == cue]


# -- kinds of statement -----------------------------------------------------------------------------------


def test_indirect_speech_told_reporters_that(nlp):
    doc = coded(nlp, "The governor told reporters that thousands of families fled the fighting.")
    (quote,) = doc._.quotes
    assert quote.kind == "indirect" and quote.cue.text == "told"
    assert quote.speaker.text == "The governor"
    assert quote.content.text == "that thousands of families fled the fighting"


def test_direct_quote_before_and_after_its_cue_is_one_statement(nlp):
    doc = coded(nlp, "“The road is closed,” the colonel said, “and nobody may pass.”")
    first, second = doc._.quotes
    assert first.cue == second.cue and first.cue.text == "said"
    assert first.speaker.text == second.speaker.text == "the colonel"
    assert {first.content.text, second.content.text} == {"The road is closed", "and nobody may pass"}


def test_multi_sentence_quote_continues_its_speaker(nlp):
    doc = coded(
        nlp,
        "“We will not retreat,” the minister said. “Our soldiers are ready. They will hold the line.”",
    )
    _, more = doc._.quotes
    assert more.cue is None and more.kind == "direct"
    assert more.speaker.text == "the minister" and "hold the line" in more.content.text


def test_a_quote_continues_its_speaker_past_statements_reported_inside_it(nlp):
    doc = coded(nlp, "“My opponents claim that I lied,” the mayor said. “They are wrong.”")
    # every candidate word a cue, so the model does not set the quotation's "claim" aside as nested
    eager = replace(tagger_models(), threshold=0.0, veto=0.0)
    statements = find_statements(doc, eager)
    assert any(s.cue_head is not None and s.cue_head.text == "claim" for s in statements)
    more = next(s for s in statements if "They are wrong" in s.content.text)
    assert more.cue is None and more.continues.cue_head.text == "said"
    assert more.source.text == "the mayor"


def test_a_clause_the_parser_hangs_on_a_cue_from_another_paragraph_is_not_its_content(nlp):
    doc = coded(
        nlp,
        "“It has been a black eye on our foreign policy.”\n\n"
        "While rights groups praised the plan, they said he did not go far enough.",
    )
    for said in quotes_cued(doc, "said"):
        assert "black eye" not in said.content.text


def test_a_statement_set_off_at_the_end_of_a_reported_clause_is_its_own(nlp):
    doc = coded(nlp, "The senator insisted that the plan was dead, claiming the votes were not there.")
    (insisted,) = quotes_cued(doc, "insisted")
    (claiming,) = quotes_cued(doc, "claiming")
    assert insisted.content.text == "that the plan was dead"
    assert claiming.content.text == "the votes were not there"
    assert claiming.speaker.text == "The senator"


def test_a_passive_participle_names_no_one_asking(nlp):
    doc = coded(nlp, "Asked why he had not endorsed the nominee, the senator said he was still waiting.")
    (asked,) = quotes_cued(doc, "Asked")
    assert asked.speaker is None
    assert quotes_cued(doc, "said")[0].speaker.text == "the senator"


def test_a_verb_whose_object_feels_it_attributes_the_stance_to_the_object(nlp):
    doc = coded(nlp, "Trump's comments about Israel had angered conservative Jews.")
    (angered,) = quotes_cued(doc, "had angered")
    assert angered.speaker.text == "conservative Jews"
    assert angered.content.text == "Trump's comments about Israel"


def test_mixed_quote_keeps_the_reported_clause(nlp):
    doc = coded(nlp, 'Iraq\'s spokesman said that the United States "will reconsider" its decision.')
    quote = quote_with(doc, "reconsider")
    assert quote.kind == "mixed" and quote.content.text.startswith("that the United States")


def test_according_to(nlp):
    doc = coded(nlp, "According to two diplomats, the army shelled the town.")
    quote = next(q for q in doc._.quotes if q.cue.text == "According to")
    assert quote.speaker.text == "two diplomats" and quote.content.text == "the army shelled the town"
    assert quote.source_type == "anonymous"


def test_scare_quotes_are_not_statements(nlp):
    doc = coded(nlp, 'The minister called the plan a "mistake" during the visit.')
    assert all(q.content.text != "mistake" for q in doc._.quotes)


def test_nobody_says_nothing(nlp):
    doc = coded(nlp, "Nobody has claimed the bombing, which killed 12 people.")
    assert doc._.quotes == []


def test_a_cue_that_interrupts_its_clause_shares_it_in_two_pieces(nlp):
    doc = coded(nlp, "The truce, the general said, will not hold.")
    pieces = quotes_cued(doc, "said")
    assert [q.content.text for q in pieces] == ["The truce", "will not hold"]
    assert {q.speaker.text for q in pieces} == {"the general"}


def test_a_coordinated_verb_without_its_own_subject_stays_in_the_content(nlp):
    doc = coded(nlp, "The governor said he was alarmed by the images and wanted to see the camp for himself.")
    said = quotes_cued(doc, "said")[0]
    assert said.content.text == "he was alarmed by the images and wanted to see the camp for himself"


def test_a_for_to_complement_is_the_content(nlp):
    doc = coded(nlp, "The senator called for the president to resign.")
    (quote,) = doc._.quotes
    assert quote.speaker.text == "The senator" and quote.content.text == "for the president to resign"


def test_a_passive_cue_with_an_agent_is_about_its_subject(nlp):
    doc = coded(nlp, "The governor was criticized by local leaders.")
    (quote,) = doc._.quotes
    assert quote.cue.text == "was criticized"
    assert quote.speaker.text == "local leaders" and quote.content.text == "The governor"


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        (
            "Some Democrats are concerned that the tactics could split the party.",
            "are concerned",
            "Some Democrats",
            "that the tactics could split the party",
        ),
        (
            "The minister has not been eager to meet the rebels.",
            "has not been eager",
            "The minister",
            "to meet the rebels",
        ),
        ("The rebels are wary of the truce.", "are wary of", "The rebels", "the truce"),
        (
            "It is not clear that the ceasefire will hold.",
            "It is not clear",
            None,
            "that the ceasefire will hold",
        ),
    ],
)
def test_a_stance_adjective_attributes_its_complement_to_the_subject(nlp, text, cue, speaker, content):
    (quote,) = coded(nlp, text)._.quotes
    assert quote.cue.text == cue and quote.content.text == content
    assert (quote.speaker.text if quote.speaker is not None else None) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "The road is clear of debris.",  # a sense of the adjective that holds nothing
        "The governor is able to travel.",  # not a stance adjective
        "The rebels would be happy to leave.",  # a stance someone might hold, under a modal
    ],
)
def test_a_predicate_adjective_without_a_stance_is_no_statement(nlp, text):
    assert coded(nlp, text)._.quotes == []


def test_a_quotation_takes_no_cue_from_the_next_paragraph(nlp):
    # the parser runs the unpunctuated quotation's sentence on over the line break
    doc = coded(
        nlp,
        "“We will not retreat,” the minister said. “Our soldiers are ready and they will hold the line”\n"
        "The rebel spokesman did not respond to a request for comment.",
    )
    more = quote_with(doc, "Our soldiers are ready")
    assert more.cue is None and more.speaker.text == "the minister"


def test_a_reported_clause_ends_at_the_line_break(nlp):
    doc = coded(
        nlp,
        "Some analysts said the talks had collapsed and both sides were rearming\n"
        "“There is no deal,” the envoy said.",
    )
    analysts = next(q for q in doc._.quotes if q.speaker.text == "Some analysts")
    assert analysts.content.text == "the talks had collapsed and both sides were rearming"
    envoy = next(q for q in doc._.quotes if q.speaker.text == "the envoy")
    assert envoy.content.text == "There is no deal"


def test_a_raising_verb_has_no_speaker_and_its_subject_is_content(nlp):
    doc = coded(nlp, "He seems to have learned the wrong lessons from that campaign.")
    pieces = quotes_cued(doc, "seems")
    assert {q.content.text for q in pieces} == {"He", "to have learned the wrong lessons from that campaign"}
    assert all(q.speaker is None for q in pieces)


def test_a_noun_cue_takes_its_content_clause(nlp):
    doc = coded(nlp, "The ruling was a blow to the administration's hopes that the law would survive.")
    quote = quotes_cued(doc, "hopes")[0]
    assert quote.content.text == "that the law would survive"


def test_a_cue_that_modifies_a_noun_says_something_about_it(nlp):
    doc = coded(nlp, "The alternative reality provided by partisan websites spread quickly.")
    quote = quotes_cued(doc, "provided")[0]
    assert quote.content.text == "The alternative reality" and quote.speaker.text == "partisan websites"


def test_a_passive_cue_with_as_takes_its_subject_and_what_it_is_seen_as(nlp):
    doc = coded(nlp, "His decision to work for the rebels was seen as an act of betrayal.")
    pieces = quotes_cued(doc, "was seen")
    assert {q.content.text for q in pieces} == {"His decision to work for the rebels", "an act of betrayal"}
    assert all(q.speaker is None for q in pieces)


def test_when_a_statement_was_made_is_not_its_content(nlp):
    doc = coded(nlp, "The minister criticized the plan on Monday.")
    (quote,) = doc._.quotes
    assert quote.content.text == "the plan"


# -- speakers and source types ----------------------------------------------------------------------------


def test_a_gerund_after_a_preposition_has_the_speaker_of_its_verb(nlp):
    doc = coded(nlp, "The candidates ended their speeches by criticizing the fact-checkers.")
    quote = quotes_cued(doc, "criticizing")[0]
    assert quote.speaker.text == "The candidates" and quote.content.text == "the fact-checkers"


def test_a_participle_on_a_noun_has_that_noun_for_speaker(nlp):
    doc = coded(nlp, "Millions of dollars went to ads attacking the governor.")
    quote = quotes_cued(doc, "attacking")[0]
    assert quote.speaker.text == "ads" and quote.content.text == "the governor"


def test_pronoun_speaker_resolves_to_the_person_with_its_code(nlp):
    doc = coded(nlp, "Ahmed Mulla Talal met the envoy on Sunday. “We are ready,” he added.")
    quote = quote_with(doc, "We are ready")
    assert quote.speaker.text == "he" and quote.speaker.resolved == "Ahmed Mulla Talal"
    assert quote.source_type == "named_person"


def test_a_description_resolves_to_the_named_person(nlp):
    doc = coded(
        nlp,
        "Ahmed Mulla Talal, the spokesman for Iraqi Prime Minister Kadhimi, met reporters on Sunday. "
        "The spokesman said that the talks had failed.",
    )
    (quote,) = doc._.quotes
    assert quote.speaker.text == "The spokesman" and quote.speaker.resolved == "Ahmed Mulla Talal"
    assert (quote.speaker.code, quote.speaker.sector) == ("IRQ", "GOV")
    assert quote.source_type == "named_person"


def test_the_statement_resolves_to_whoever_made_it(nlp):
    doc = coded(
        nlp,
        "A State Department spokesperson said in a statement that the embassy was safe. "
        "“We will protect our people,” the statement added.",
    )
    quote = quote_with(doc, "protect our people")
    assert quote.speaker.text == "the statement"
    assert quote.speaker.resolved == "A State Department spokesperson"
    assert quote.speaker.code == "USA" and quote.source_type == "official"


def test_media_citing_anonymous_sources(nlp):
    doc = coded(nlp, "Politico reported that it spoke with three sources with knowledge of the situation.")
    reported = next(q for q in doc._.quotes if q.cue.text == "reported")
    assert reported.source_type == "media" and reported.cites == "anonymous"
    spoke = next(q for q in doc._.quotes if q.cue.text.startswith("spoke"))
    assert spoke.speaker.text == "it" and spoke.speaker.resolved == "Politico"
    assert [link.quote for link in spoke.via] == [reported.id]


@pytest.mark.parametrize(
    ("text", "source_type"),
    [
        ("Reuters reported that the army shelled the town.", "media"),
        ("The Iraqi foreign ministry said that the talks had failed.", "official"),
        ("Amnesty International said that the prisoners were tortured.", "organization"),
        ("Officials said that the army shelled the town.", "anonymous"),
        ("Mike Pompeo said that the embassy would close.", "named_person"),
        ("It is believed that the army shelled the town.", "article"),
    ],
)
def test_source_types(nlp, text, source_type):
    doc = coded(nlp, text)
    assert doc._.quotes and doc._.quotes[0].source_type == source_type


def test_attribution_chain_and_basis_of_an_event(nlp):
    doc = coded(
        nlp,
        "Politico reported that according to Defense Department sources inside the Pentagon, "
        "the militias attacked the embassy.",
    )
    attack = next(e for e in doc._.events if e.trigger.text.startswith("attacked"))
    chain = attack.attribution.chain
    assert [link.source_type for link in chain] == ["anonymous", "media"]
    assert chain[1].source.text == "Politico"
    assert attack.attribution.basis == "anonymous" and attack.modality == "reported"


def test_attribution_for_no_statement_is_the_article():
    attribution = attribution_for(None)
    assert attribution.source_type == "article" and attribution.basis == "article"


def test_basis_of_a_medium_is_what_it_cites():
    speaker = Speaker("Politico", 0, 8, code="USA", sector="JRN")
    quote = Quote(
        "q1", "indirect", speaker, Span("reported", 9, 17), Span("x", 18, 19), "media", cites="anonymous"
    )
    attribution = attribution_for(quote)
    assert attribution.basis == "anonymous"
    assert attribution.chain == (SourceLink("q1", Span("Politico", 0, 8), "media", None),)


# -- disputes ---------------------------------------------------------------------------------------------


def test_a_bluff_disputes_the_threat(nlp):
    text = (
        "Pompeo warned Iraqi leaders that the embassy in Baghdad would close. "
        "However, Politico reported that according to Pentagon sources, the threat to pull out of Baghdad "
        "was more of a bluff."
    )
    doc = coded(nlp, text)
    from flashpoint.attribution.disputes import find_disputes

    (dispute,) = find_disputes(doc)
    threat = next(e for e in doc._.events if e.trigger.text == "warned")
    assert dispute.kind == "doubt" and dispute.cue.text == "bluff"
    assert dispute.target.text == "the threat to pull out of Baghdad"
    assert dispute.events == (threat.id,)
    assert dispute.disputed_by is not None


def test_a_denial_disputes_the_accusation(nlp):
    text = "Britain said Iranian boats attacked the tanker. Iran denied that it attacked the tanker."
    doc = coded(nlp, text)
    from flashpoint.attribution.disputes import find_disputes

    disputes = find_disputes(doc)
    assert [d.kind for d in disputes] == ["denial"]
    first_attack = next(e for e in doc._.events if e.trigger.start < text.index("Iran denied"))
    assert disputes[0].events == (first_attack.id,)


def test_no_dispute_without_a_counterpart(nlp):
    doc = coded(nlp, "Iran denied that it attacked the tanker.")
    from flashpoint.attribution.disputes import find_disputes

    assert find_disputes(doc) == []


# -- cues and quotation marks (no model) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def build(vocab, rows: str) -> Doc:
    """rows: "word lemma head dep pos | ..." (head is a token index)."""
    words, lemmas, heads, deps, pos = zip(*(row.split() for row in rows.split("|")), strict=True)
    return Doc(vocab, words=list(words), lemmas=list(lemmas), heads=[int(h) for h in heads], deps=list(deps),
               pos=list(pos))  # fmt: skip


def test_cue_frames_and_rates(vocab):
    doc = build(
        vocab,
        "Iran Iran 1 nsubj PROPN | said say 1 ROOT VERB | it it 3 nsubj PRON | attacked attack 1 ccomp VERB",
    )
    assert cue_frame(doc[1]) == "ccomp+s" and cue_frame(doc[3]) == "none+s"
    assert is_cue(doc[1]) and not is_cue(doc[3])
    rates = cue_rates()
    assert rates.rate("say", "VERB", "ccomp+s") > 0.9
    assert rates.rate("attack", "VERB", "none+s") < rates.threshold
    assert rates.rate("wordnotinanynewspaper", "VERB", "ccomp") is None


def test_quoted_spans_pairs_and_unclosed_quotes():
    text = "He said “we will fight” and “more.\n\nNext “x”."
    pairs = (("“", "”"), ('"', '"'))
    spans = [text[a:b] for a, b in quoted_spans(text, pairs)]
    assert spans == ["we will fight", "more.", "x"]


def test_a_paragraph_that_mixes_straight_and_curly_quotes_pairs_them_in_order():
    text = '“The roads are crumbling," she said. "Families endure blackouts.“\n\nNext "x" and “y”.'
    pairs = (("“", "”"), ('"', '"'))
    mixed = [text[a:b] for a, b in quoted_spans(text, pairs, '"“”')]
    assert mixed == ["The roads are crumbling,", "Families endure blackouts.", "x", "y"]
    # read by direction alone, the first mark runs to the end of its paragraph
    first, *_ = (text[a:b] for a, b in quoted_spans(text, pairs))
    assert first == 'The roads are crumbling," she said. "Families endure blackouts.“'


def test_stance_prepositions_are_read_as_words():
    # YAML reads a bare `on` as a boolean: the lexicon quotes it
    assert attribution_lexicon().stance_adjectives["keen"] == frozenset({"on"})


def test_a_digest_excerpt_is_credited_to_the_name_after_the_dash(nlp):
    doc = coded(
        nlp, "Polls were not wrong, just too early - Mark Blumenthal: The polls failed to predict the win.\n"
    )
    (quote,) = doc._.quotes
    assert quote.cue.text == ":" and quote.speaker.text == "Mark Blumenthal"
    assert quote.content.text == "The polls failed to predict the win"


def test_a_transcript_speaker_in_capitals_is_a_name_whatever_the_tagger_says(nlp):
    doc = coded(
        nlp, "KATE BOULDUAN: Why not debate the governor now?\n\nJOEL BENENSON: This is a matter of time.\n"
    )
    assert [(q.speaker.text, q.content.text) for q in doc._.quotes] == [
        ("KATE BOULDUAN", "Why not debate the governor now"),
        ("JOEL BENENSON", "This is a matter of time"),
    ]
