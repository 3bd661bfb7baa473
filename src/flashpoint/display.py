"""Readable terminal views of records (rich). Presentation only: no coding logic here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .ingest.readers import ReadProblem
from .records.model import SIZE_FIELDS, Actor, ArticleRecord, Event

MODALITY_STYLE = {
    "asserted": "bold green",
    "reported": "green",
    "hedged": "yellow",
    "negated": "red",
    "hypothetical": "magenta",
    "conditional": "magenta",
    "future": "cyan",
    "historical": "dim",
}
QUAD_STYLE = {0: "white", 1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}


def actor_label(actors: Iterable[Actor | dict[str, Any]]) -> str:
    labels = []
    for actor in actors:
        a = actor if isinstance(actor, dict) else actor.to_dict()
        code = " ".join(x for x in (a.get("code"), a.get("sector")) if x) or "?"
        name = a.get("name") or a.get("text")
        labels.append(f"{code} ({name})")
    return "; ".join(labels) or "-"


def render_record(record: ArticleRecord, console: Console) -> None:
    meta = record.article
    title = meta.title or meta.id
    subtitle = " · ".join(x for x in (meta.source, meta.published, meta.id if meta.title else None) if x)
    parts: list[Any] = [Text("Events", style="bold underline")]
    for event in record.events:
        parts.append(_event_lines(event))
    if not record.events:
        parts.append(Text("(none coded)", style="dim"))
    if record.quotes:
        quotes = Table(title="Quotes and attributions", expand=True)
        for column in ("#", "kind", "speaker", "type", "cue", "content"):
            quotes.add_column(column, overflow="fold")
        for quote in record.quotes:
            speaker = "-"
            if quote.speaker:
                speaker = quote.speaker.text
                if quote.speaker.resolved:
                    speaker += f" → {quote.speaker.resolved}"
                code = " ".join(x for x in (quote.speaker.code, quote.speaker.sector) if x)
                if code:
                    speaker += f" [{code}]"
            content = quote.content.text
            if len(content) > 160:
                content = content[:157] + "..."
            quotes.add_row(
                quote.id,
                quote.kind,
                speaker,
                quote.source_type,
                quote.cue.text if quote.cue else "-",
                content,
            )
        parts.append(quotes)
    if record.places or record.times:
        where_when = Table(title="Places and times", expand=True)
        for column in ("text", "resolved", "country", "lat, lon / value"):
            where_when.add_column(column, overflow="fold")
        for place in record.places:
            coords = (
                f"{place.lat:.2f}, {place.lon:.2f}"
                if place.lat is not None and place.lon is not None
                else "-"
            )
            where_when.add_row(
                place.text, f"{place.name} ({place.feature_class or '?'})", place.country_code or "-", coords
            )
        for time in record.times:
            where_when.add_row(time.text, time.precision, "", time.value)
        parts.append(where_when)
    actors = Counter(
        (e.name or e.text, " ".join(x for x in (e.code, e.sector) if x)) for e in record.entities if e.code
    )
    if actors:
        listing = ", ".join(
            f"{name} [{code}]" + (f" ×{n}" if n > 1 else "") for (name, code), n in actors.items()
        )
        parts.append(Text("Actors: ", style="bold") + Text(listing))
    # A rule, not a panel: panel borders cost the event lines their width.
    console.rule(f"[bold]{title}[/]" + (f"  [dim]{subtitle}[/]" if subtitle else ""))
    for part in parts:
        console.print(part)


def _event_lines(event: Event) -> Text:
    """Two lines per event, readable in a narrow terminal: what, who to whom, and how we know."""
    line = Text(f"{event.id:>4} ")
    line.append(event.type + (f"/{event.mode}" if event.mode else ""), style=QUAD_STYLE[event.quad_class])
    line.append(f"  CAMEO {event.cameo} ({event.goldstein:+.1f})  ")
    line.append(event.modality, style=MODALITY_STYLE.get(event.modality, ""))
    when = event.date or "-"
    if event.date_text:
        when += f' ("{event.date_text}")'
    line.append(f"  {when}")
    if event.location:
        line.append(f"  @ {event.location.name}")
    line.append(f"\n       {actor_label(event.actor)} → {actor_label(event.recipient)}")
    line.append(f'  "{event.trigger.text}"', style="italic")
    counted = [f"{getattr(event, name)} {name}" for name in SIZE_FIELDS if getattr(event, name) is not None]
    if counted:
        line.append(f"  [{', '.join(counted)}]", style="bold")
    if event.attribution and event.attribution.source:
        source = f"\n       per {event.attribution.source.text} [{event.attribution.source_type}]"
        line.append(source, style="dim")
    return line


def summary_line(coded: int, events: int, problems: list[ReadProblem]) -> str:
    skipped = [p for p in problems if p.skipped]
    warnings = [p for p in problems if not p.skipped]
    line = f"coded {coded} article{'s' * (coded != 1)} ({events} events)"
    if skipped:
        reasons = Counter(p.reason for p in skipped)
        line += f"; skipped {len(skipped)}: " + ", ".join(
            f"{n} {reason}" for reason, n in reasons.most_common()
        )
    if warnings:
        reasons = Counter(p.reason for p in warnings)
        line += f"; warnings {len(warnings)}: " + ", ".join(
            f"{n} {reason}" for reason, n in reasons.most_common()
        )
    return line
