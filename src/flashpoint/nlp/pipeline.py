"""The Flashpoint pipeline: the spaCy model followed by one registered component per stage.

Order matters and is checked by `nlp.analyze_pipes()` in the tests: events read everything else, because
an event's actors come from entities, its location from places, its date from times and its source from
quotes.
"""

from __future__ import annotations

import os
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError
from .extensions import register_extensions
from .model import load_model, model_name

STAGES = (
    "flashpoint_actors",
    "flashpoint_places",
    "flashpoint_times",
    "flashpoint_attribution",
    "flashpoint_events",
)

# A profile is a set of stage settings. "accurate" adds the MiniLM role tagger (events.tagger), which
# needs the `transformer` extra and costs several times the parse; "fast" is the default.
PROFILES: dict[str, dict[str, dict[str, object]]] = {
    "fast": {},
    "accurate": {"flashpoint_events": {"role_tagger": True}},
}
PROFILE_ENV = "FLASHPOINT_PROFILE"
DEFAULT_PROFILE = "fast"


def profile_name(profile: str | None = None) -> str:
    """The profile asked for, else $FLASHPOINT_PROFILE, else "fast"; a ConfigError for an unknown one."""
    resolved = profile or os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE
    if resolved not in PROFILES:
        raise ConfigError(f"unknown profile {resolved!r}: choose one of {', '.join(PROFILES)}")
    return resolved


def load_pipeline(name: str | None = None, profile: str | None = None) -> Language:
    """The named model with every Flashpoint stage appended, set up as the profile says (default
    $FLASHPOINT_PROFILE, else "fast"); loaded once per process, model name and profile."""
    return _load_pipeline(model_name(name), profile_name(profile))


@lru_cache(maxsize=4)
def _load_pipeline(name: str, profile: str) -> Language:
    register_extensions()
    # Importing the stage packages registers their component factories.
    from .. import actors, attribution, events, places, times  # noqa: F401

    # Another profile's stages are set up otherwise: they get a Language of their own (the default keeps
    # the cached model object, which other callers share).
    nlp = load_model(name) if profile == DEFAULT_PROFILE else load_model.__wrapped__(name)
    settings = PROFILES[profile]
    for stage in STAGES:
        if stage not in nlp.pipe_names:
            nlp.add_pipe(stage, last=True, config=settings.get(stage, {}))
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
