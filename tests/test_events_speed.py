"""The events stage's shortcuts (read the parse once, skip what cannot match, sum shared weights once)
must give exactly what the plain reading gives."""

from __future__ import annotations

import numpy as np

from flashpoint.events.lexicon import load_event_lexicon, noun_keys
from flashpoint.events.roles import ParseRows, RoleModel, RoleOption

from .test_stages import coded

TEXT = (
    "Iraqi officials said Iran-backed militias had fired rockets at the U.S. embassy in Baghdad, "
    "and the two leaders met in Washington on Sunday to discuss the air strikes."
)


def test_parse_rows_hold_what_the_tokens_say(nlp):
    doc = coded(nlp, TEXT)
    rows = ParseRows(doc)
    for token in doc:
        i = token.i
        assert (rows.dep[i], rows.pos[i], rows.ent[i], rows.tag[i]) == (
            token.dep_,
            token.pos_,
            token.ent_type_,
            token.tag_,
        )
        assert (rows.lemma[i], rows.lower[i], rows.orth[i]) == (
            token.lemma_.lower(),
            token.lower_,
            token.text,
        )
        assert (rows.space[i], rows.punct[i], rows.like_num[i]) == (
            token.is_space,
            token.is_punct,
            token.like_num,
        )
        assert rows.entity_begins[i] == (token.ent_iob_ == "B")
        assert rows.head[i] == token.head.i
        assert rows.ancestors(i) == [i, *(t.i for t in token.ancestors)]
        assert rows.ancestors(i, 2) == [i, *(t.i for t in token.ancestors)][:2]
        assert rows.coordinated[i] == any(c.dep_ == "conj" for c in token.children)


def test_the_noun_pretest_never_rejects_a_noun_the_lexicon_matches(nlp):
    lexicon = load_event_lexicon()
    doc = coded(nlp, TEXT)
    matched = 0
    for token in doc:
        keys = noun_keys(token)
        if any(lexicon.match_noun(key.split()) for key in keys):
            matched += 1
            assert lexicon.may_head_noun((token.lemma_ or token.text, token.text)), token.text
            assert lexicon.may_match_noun(keys), token.text
    assert matched >= 1  # "air strikes"
    assert not lexicon.may_head_noun(("Baghdad", "Baghdad"))
    # Every row of the lexicon that a one-word phrase (its head, singular or with a plural -s) matches
    # passes the pretest by that word.
    for key in lexicon._nouns:
        for word in (key.split()[-1], f"{key.split()[-1]}s"):
            if lexicon.match_noun([word]):
                assert lexicon.may_head_noun((word, word)), key


def test_choosing_with_shared_features_scores_as_summing_every_feature():
    names = ["a", "b", "c", "d", "e"]
    weights = np.array([[0.1, -0.3], [2.0, 2.0], [-0.4, 0.9], [0.3, 0.3], [1e-9, -1e-9]])
    model = RoleModel({n: i for i, n in enumerate(names)}, weights)
    shared = ("a", "b", "e")
    marked = [
        RoleOption(0, 0, 1, (*shared, "c"), shared),
        RoleOption(0, 0, 2, (*shared, "d"), shared),
        RoleOption(3, 3, 4, ("c", "d"), ("c",)),
        RoleOption(None, 1, 1, ("e",)),
    ]
    plain = [RoleOption(o.head, o.start, o.end, o.features) for o in marked]
    assert model.choose(marked) == model.choose(plain) == (plain[1], plain[0])
    assert model.choose(marked, lambda o: o.head != 0) == model.choose(plain, lambda o: o.head != 0)
