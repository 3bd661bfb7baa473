"""The Flashpoint pipeline: the spaCy model followed by one registered component per stage.

Order matters and is checked by `nlp.analyze_pipes()` in the tests: events read everything else, because
an event's actors come from entities, its location from places, its date from times and its source from
quotes.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import register_extensions
from .model import load_model, model_name

STAGES = (
    "flashpoint_actors",
    "flashpoint_places",
    "flashpoint_times",
    "flashpoint_attribution",
    "flashpoint_events",
)


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The named model with every Flashpoint stage appended; loaded once per process and model name."""
    register_extensions()
    # Importing the stage packages registers their component factories.
    from .. import actors, attribution, events, places, times  # noqa: F401

    nlp = load_model(model_name(name))
    for stage in STAGES:
        if stage not in nlp.pipe_names:
            nlp.add_pipe(stage, last=True)
    # Stages load lexicons and build matchers on first use. Doing that now, outside any memory zone,
    # keeps the strings they add for good: a zone (see coder.code_items) frees what was added inside it.
    nlp(_WARM_UP)
    return nlp


_WARM_UP = (
    "On Sunday, Iraqi officials said Iran-backed militias had fired rockets at the U.S. embassy in "
    'Baghdad. "We condemn the attack," a spokesperson told Reuters on September 27, 2020.'
)


def run_stages(nlp: Language, doc: Doc) -> Doc:
    """Run the Flashpoint stages (not the model's own components) over a parsed Doc."""
    for pipe_name, proc in nlp.pipeline:
        if pipe_name in STAGES:
            doc = proc(doc)
    return doc
