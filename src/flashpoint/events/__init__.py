"""events: triggers -> PLOVER type, CAMEO code, quad class, Goldstein, ACLED type; actors, recipient,
place, date, modality and attribution of each event."""

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.extensions import register_extensions
from .coder import Trigger, find_events, find_triggers
from .modality import event_modality
from .tagger import load_role_tagger

register_extensions()


class EventsComponent:
    """Codes a Doc's events into `doc._.events`; with `role_tagger` (the accurate profile), the shipped
    role tagger guides each main event's recipient."""

    def __init__(self, role_tagger: bool = False) -> None:
        self.tagger = load_role_tagger() if role_tagger else None

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc, tagger=self.tagger)
        return doc


@Language.factory(
    "flashpoint_events",
    default_config={"role_tagger": False},
    requires=["doc._.entities", "doc._.places", "doc._.times", "doc._.quotes", "token.dep", "token.lemma"],
    assigns=["doc._.events"],
)
def make_events_component(nlp: Language, name: str, role_tagger: bool) -> EventsComponent:
    return EventsComponent(role_tagger)


__all__ = ["EventsComponent", "Trigger", "event_modality", "find_events", "find_triggers"]
