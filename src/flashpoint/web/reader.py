"""The article reader's text: every coded span highlighted, as HTML (escaped) with its kinds as classes.

Spans overlap (a trigger inside a quote, an actor inside a trigger's sentence), so the text is cut at every
span boundary and each piece carries the classes of all spans covering it. An event's trigger links to its
record beside the text and is followed by a small tag with the event id and modality.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

KINDS = ("trigger", "actor", "recipient", "speaker", "cue", "quote", "place", "time")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    kind: str
    event: str | None = None
    modality: str | None = None
    quad: int | None = None


def _spans(record: Mapping[str, Any], events: Sequence[Mapping[str, Any]], length: int) -> list[_Span]:
    found: list[_Span] = []

    def add(obj: Mapping[str, Any] | None, kind: str, **extra: Any) -> None:
        if not obj:
            return
        start, end = obj.get("start"), obj.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
            found.append(_Span(start, end, kind, **extra))

    for event in events:
        add(event.get("trigger"), "trigger", event=event["id"], modality=event.get("modality"),
            quad=event.get("quad_class"))  # fmt: skip
        for role in ("actor", "recipient"):
            for actor in event.get(role) or ():
                add(actor, role)
    for quote in record.get("quotes") or ():
        add(quote.get("speaker"), "speaker")
        add(quote.get("cue"), "cue")
        add(quote.get("content"), "quote")
    for place in record.get("places") or ():
        add(place, "place")
    for time in record.get("times") or ():
        add(time, "time")
    return found


def highlight(text: str, record: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> Markup:
    """The article text as HTML with every span of the record (and the reviewed events) marked."""
    spans = _spans(record, events, len(text))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    by_start: dict[int, list[_Span]] = {}
    for span in spans:
        by_start.setdefault(span.start, []).append(span)
    active: list[_Span] = []
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        active = [s for s in active if s.end > start] + by_start.get(start, [])
        piece = escape(text[start:end])
        if not active:
            out.append(piece)
            continue
        kinds = sorted({s.kind for s in active}, key=KINDS.index)
        triggers = [s for s in active if s.kind == "trigger"]
        classes = " ".join(f"hl-{k}" for k in kinds)
        if triggers:
            trigger = triggers[-1]
            classes += f" mod-{trigger.modality} quad-{trigger.quad}"
            out.append(
                f'<a class="hl {classes}" href="#event-{escape(trigger.event)}" '
                f'data-event="{escape(trigger.event)}">{piece}</a>'
            )
        else:
            out.append(f'<span class="hl {classes}">{piece}</span>')
        for trigger in (s for s in triggers if s.end == end):
            out.append(
                f'<sup class="tag mod-{escape(trigger.modality)}" data-event="{escape(trigger.event)}">'
                f"{escape(trigger.event)} · {escape(trigger.modality)}</sup>"
            )
    return Markup("".join(str(p) for p in out))
