"""Flashpoint's faster attribute ruler, lemmatizer and matrix products give each token exactly what spaCy's
components give."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, POS, SENT_START, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.api import Model, NumpyOps
from threadpoolctl import ThreadpoolController

from flashpoint.nlp import model_name
from flashpoint.nlp.attribute_ruler import IndexedAttributeRuler
from flashpoint.nlp.blas import one_blas_thread
from flashpoint.nlp.lemmas import ArrayLemmatizer

COLUMNS = [POS, TAG, DEP, HEAD, MORPH, LEMMA]
# Contractions, colloquial spellings, existential "there", whitespace tokens, quotes and brackets: what
# the model's multi-token and word-specific rules are for, beside the tag map.
TEXT = (
    "There's no way they ain't gonna see it, y'all: let's go!  We gotta hold on.\n\n"
    "The minister (who'd resigned) said: \"There were 3 attacks in Mosul on Monday; we won't stop.\"\n"
    "C'mon, it's his party's fault -- isn't it?  Police arrested 12 people, officials said."
)


def annotations(doc: Doc) -> list:
    return [doc.to_array(COLUMNS).tolist(), [(t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in doc]]


@pytest.fixture(scope="module")
def stock():
    """The model exactly as spaCy loads it."""
    return spacy.load(model_name())


def test_the_pipeline_parses_with_the_faster_components(en_model):
    assert isinstance(en_model.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(en_model.get_pipe("lemmatizer"), ArrayLemmatizer)
    names = en_model.pipe_names
    assert names.index("parser") < names.index("attribute_ruler") < names.index("lemmatizer")


def test_same_pos_morph_and_lemmas_as_the_stock_model(en_model, stock):
    assert type(stock.get_pipe("attribute_ruler")) is AttributeRuler
    expected = stock(TEXT)
    got = en_model.make_doc(TEXT)
    for _, component in en_model.pipeline:
        got = component(got)
    assert annotations(got) == annotations(expected)
    assert got.to_array([LEMMA]).tolist() == expected.to_array([LEMMA]).tolist()


def test_matrix_products_on_numpy_give_the_same_parse_and_entities(en_model, stock):
    models = [c.model for _, c in en_model.components if isinstance(getattr(c, "model", None), Model)]
    layers = [layer for model in models for layer in model.walk()]
    on_numpy = [layer for layer in layers if isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis]
    assert len(on_numpy) == len(layers) > 100  # every thinc layer of the model, none left on blis
    text = TEXT + " Iraqi officials said Iran-backed militias fired rockets at the U.S. embassy in Baghdad."
    columns = [*COLUMNS, ENT_IOB, ENT_TYPE, SENT_START]
    assert en_model(text).to_array(columns).tolist() == stock(text).to_array(columns).tolist()


def _blas_threads() -> list[int]:
    return [lib.num_threads for lib in ThreadpoolController().select(user_api="blas").lib_controllers]


def test_one_blas_thread_limits_the_blas_inside_the_block_only():
    before = _blas_threads()
    if not before:
        pytest.skip("no BLAS library loaded")
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def _tagged_doc(vocab: Vocab) -> Doc:
    words = ["They", "ai", "n't", "going", "\n", "to", "vote", "ai", "."]
    tags = ["PRP", "VBP", "RB", "VBG", "_SP", "TO", "VB", "NN", "."]
    deps = ["nsubj", "aux", "neg", "ROOT", "dep", "aux", "xcomp", "dobj", "punct"]
    heads = [3, 3, 3, 3, 3, 6, 3, 6, 3]
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=heads)


RULES = [
    {"patterns": [[{"TAG": {"IN": ["VBP", "VBZ"]}}]], "attrs": {"POS": "AUX", "MORPH": "Tense=Pres"}},
    {"patterns": [[{"TAG": "VBP", "LOWER": "ai"}]], "attrs": {"LEMMA": "be"}},
    # a later rule overrides an earlier one on the same token
    {"patterns": [[{"LOWER": {"REGEX": "^ai$"}, "DEP": "aux"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"TAG": "VBP"}, {"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}, "index": -1},
    {"patterns": [[{"TAG": "_SP"}], [{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"ORTH": "vote"}]], "attrs": {"LEMMA": "vote", "TAG": "VB", "DEP": "xcomp"}},
]


def _both(rules: list[dict]) -> tuple[AttributeRuler, IndexedAttributeRuler, Vocab]:
    vocab = spacy.blank("en").vocab  # with the English lexical attributes (LOWER, IS_SPACE)
    stock = AttributeRuler(vocab)
    stock.add_patterns(rules)
    return stock, IndexedAttributeRuler(vocab).adopt(stock), vocab


def test_one_token_rules_are_looked_up_and_the_others_matched():
    stock, indexed, vocab = _both(RULES)
    plan = indexed.plan()
    # matched, not looked up: the pair, the "+" and the regular expression
    assert plan is not None and plan.multi is not None and len(plan.multi) == 3
    for _ in range(2):  # the second time from the table
        expected, got = stock(_tagged_doc(vocab)), indexed(_tagged_doc(vocab))
        assert annotations(got) == annotations(expected)
    assert expected[1].pos_ == "VERB" and expected[1].lemma_ == "be" and expected[2].lemma_ == "not"
    assert indexed.cache_size > 0
    indexed.trim_cache(limit=0)
    assert indexed.cache_size == 0


def test_a_rule_setting_a_word_attribute_is_left_to_spacy():
    rules = [*RULES, {"patterns": [[{"LOWER": "ai"}]], "attrs": {"NORM": "am"}}]
    stock, indexed, vocab = _both(rules)
    assert indexed.plan() is None
    got, expected = indexed(_tagged_doc(vocab)), stock(_tagged_doc(vocab))
    assert got[1].norm_ == "am" and got.to_array([NORM]).tolist() == expected.to_array([NORM]).tolist()


def test_an_index_outside_the_match_is_an_error_as_in_spacy():
    rules = [{"patterns": [[{"TAG": "VBP"}, {"TAG": "RB"}]], "attrs": {"LEMMA": "x"}, "index": 2}]
    stock, indexed, vocab = _both(rules)
    for ruler in (stock, indexed):
        with pytest.raises(ValueError):
            ruler(_tagged_doc(vocab))


def test_lemmas_are_spacys_including_those_the_ruler_set(en_model, stock):
    lemmatizer = en_model.get_pipe("lemmatizer")
    before_lemmas = stock.make_doc(TEXT)
    for name, component in stock.pipeline:
        if name != "lemmatizer":
            before_lemmas = component(before_lemmas)
    ruled = {t.i: t.lemma_ for t in before_lemmas if t.lemma}  # "gon" -> "go", "'s" -> "us", ...
    assert ruled
    expected = stock.get_pipe("lemmatizer")(before_lemmas.copy())
    for _ in range(2):  # the second time from the table
        got = lemmatizer(before_lemmas.copy())
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
        assert got.to_array([LEMMA]).tolist() == expected.to_array([LEMMA]).tolist()
        assert all(got[i].lemma_ == lemma for i, lemma in ruled.items())
    assert lemmatizer.cache_size > 0
    lemmatizer.trim_cache(limit=0)
    assert lemmatizer.cache_size == 0


def test_a_saved_pipeline_loads_with_its_lemmas(en_model, tmp_path):
    en_model.to_disk(tmp_path / "model")
    again = spacy.load(tmp_path / "model")
    assert isinstance(again.get_pipe("lemmatizer"), ArrayLemmatizer)
    assert isinstance(again.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert annotations(again(TEXT)) == annotations(en_model(TEXT))


def test_lemmas_inside_memory_zones(en_model, stock):
    # A lemma string added inside one zone is gone after it: the next Doc must still read its lemmas.
    for _ in range(2):
        with en_model.memory_zone():
            got = [t.lemma_ for t in en_model("Zorblaxes were unbelievably zorbling the frobnicators.")]
        assert got == [t.lemma_ for t in stock("Zorblaxes were unbelievably zorbling the frobnicators.")]
