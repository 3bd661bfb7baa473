"""events: triggers -> PLOVER type, CAMEO code, quad class, Goldstein, ACLED type; actors, recipient,
place, date, modality and attribution of each event."""

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.extensions import register_extensions
from .coder import Trigger, find_events, find_triggers
from .modality import event_modality

register_extensions()


@Language.component(
    "flashpoint_events",
    requires=["doc._.entities", "doc._.places", "doc._.times", "doc._.quotes", "token.dep", "token.lemma"],
    assigns=["doc._.events"],
)
def events_component(doc: Doc) -> Doc:
    doc._.events = find_events(doc)
    return doc


__all__ = ["Trigger", "event_modality", "events_component", "find_events", "find_triggers"]
